//! The REPL of the `pyrite` binary, driven through a pseudo-terminal as a
//! person (or `mpremote`) would drive it.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Opens a pseudo-terminal pair: (master, slave).
fn openpty() -> (OwnedFd, OwnedFd) {
    let mut master = -1;
    let mut slave = -1;
    // SAFETY: `openpty` writes two descriptors through valid pointers; the
    // name, settings and window-size pointers may be null.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(r, 0, "openpty failed");
    // SAFETY: both descriptors were just opened and are owned by no one else.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// Waits up to `timeout` for `fd` to be readable.
fn readable(fd: i32, timeout: Duration) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: polls one valid `pollfd`.
    let n = unsafe { libc::poll(&mut p, 1, timeout.as_millis() as i32) };
    n > 0
}

/// `pyrite` running on the slave side of a pseudo-terminal, as the session
/// leader with the terminal as its controlling terminal.
struct Session {
    master: File,
    /// Kept open so that the terminal settings can be read after exit.
    slave: OwnedFd,
    child: Child,
    /// Output received and not yet matched.
    pending: Vec<u8>,
}

impl Session {
    fn start() -> Session {
        let (master, slave) = openpty();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pyrite"));
        cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        // SAFETY: between fork and exec the closure only makes async-signal-
        // safe calls: a new session, then fd 0 (the pty slave) becomes the
        // controlling terminal so that Ctrl-C sends SIGINT to the child.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn pyrite");
        Session {
            master: File::from(master),
            slave,
            child,
            pending: Vec::new(),
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
    }

    /// Reads until the output contains `needle`; returns the output up to
    /// and including it.
    fn expect(&mut self, needle: &[u8]) -> Vec<u8> {
        match self.expect_within(needle, Duration::from_secs(20)) {
            Some(out) => out,
            None => panic!(
                "timed out waiting for {:?}; got {:?}",
                String::from_utf8_lossy(needle),
                String::from_utf8_lossy(&self.pending)
            ),
        }
    }

    /// [`Session::expect`], or `None` after `timeout`.
    fn expect_within(&mut self, needle: &[u8], timeout: Duration) -> Option<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.pending.windows(needle.len()).position(|w| w == needle) {
                let rest = self.pending.split_off(i + needle.len());
                return Some(std::mem::replace(&mut self.pending, rest));
            }
            let now = Instant::now();
            if now >= deadline || !readable(self.master.as_raw_fd(), deadline - now) {
                return None;
            }
            let mut buf = [0u8; 4096];
            match self.master.read(&mut buf) {
                Ok(n) if n > 0 => self.pending.extend_from_slice(&buf[..n]),
                _ => panic!(
                    "pyrite closed the terminal; got {:?}",
                    String::from_utf8_lossy(&self.pending)
                ),
            }
        }
    }

    fn expect_str(&mut self, needle: &str) -> String {
        String::from_utf8_lossy(&self.expect(needle.as_bytes())).into_owned()
    }

    /// Waits for the exit status.
    fn wait(&mut self) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            assert!(Instant::now() < deadline, "pyrite did not exit");
            // Keep draining so the child never blocks on output.
            let mut buf = [0u8; 4096];
            if readable(self.master.as_raw_fd(), Duration::from_millis(50)) {
                let _ = self.master.read(&mut buf);
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn started() -> Session {
    let mut s = Session::start();
    let banner = s.expect_str(">>> ");
    assert!(banner.starts_with("Pyrite "), "{banner:?}");
    assert!(banner.contains("Type \"help()\" for more information.\r\n"));
    s
}

#[test]
fn expressions_echo_their_value() {
    let mut s = started();
    s.send(b"1 + 2\r");
    assert_eq!(s.expect_str(">>> "), "1 + 2\r\n3\r\n>>> ");
    s.send(b"x = 'py' * 2\r");
    assert_eq!(s.expect_str(">>> "), "x = 'py' * 2\r\n>>> ");
    s.send(b"x\r");
    assert_eq!(s.expect_str(">>> "), "x\r\n'pypy'\r\n>>> ");
    s.send(b"None\r");
    assert_eq!(s.expect_str(">>> "), "None\r\n>>> ");
    s.send(b"print('a\\nb')\r");
    assert_eq!(s.expect_str(">>> "), "print('a\\nb')\r\na\r\nb\r\n>>> ");
}

#[test]
fn multi_line_def_with_auto_indent() {
    let mut s = started();
    s.send(b"def f(x):\r");
    assert_eq!(s.expect_str("...     "), "def f(x):\r\n...     ");
    s.send(b"if x:\r");
    assert_eq!(s.expect_str("...         "), "if x:\r\n...         ");
    s.send(b"return x * 2\r");
    s.expect_str("...         ");
    s.send(b"\x7freturn -1\r");
    s.expect_str("...     ");
    s.send(b"\r");
    assert_eq!(s.expect_str(">>> "), "\r\n>>> ");
    s.send(b"f(21), f(0)\r");
    assert_eq!(s.expect_str(">>> "), "f(21), f(0)\r\n(42, -1)\r\n>>> ");
}

#[test]
fn a_traceback_keeps_the_repl_alive() {
    let mut s = started();
    s.send(b"def g():\r1/0\r\r");
    s.expect_str(">>> ");
    s.send(b"g()\r");
    let out = s.expect_str(">>> ");
    assert_eq!(
        out.split_once("ZeroDivisionError: ").map(|x| x.0),
        Some(
            "g()\r\nTraceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n  \
         File \"<stdin>\", line 2, in g\r\n"
        ),
        "{out:?}"
    );
    assert!(out.ends_with("\r\n>>> "), "{out:?}");
    s.send(b"1 +\r");
    let out = s.expect_str(">>> ");
    assert!(out.contains("SyntaxError"), "{out:?}");
    s.send(b"print('alive')\r");
    assert_eq!(s.expect_str(">>> "), "print('alive')\r\nalive\r\n>>> ");
}

#[test]
fn ctrl_c_interrupts_a_running_program_and_cancels_a_line() {
    let mut s = started();
    s.send(b"abc\x03");
    assert_eq!(s.expect_str(">>> "), "abc\r\n>>> ");
    s.send(b"while True: pass\r\r");
    s.expect_str("\r\n... \r\n");
    // Ctrl-C until the loop is interrupted (a Ctrl-C that comes before the
    // program runs is cleared with the input when the signal is raised).
    let deadline = Instant::now() + Duration::from_secs(20);
    let out = loop {
        assert!(Instant::now() < deadline, "no KeyboardInterrupt");
        std::thread::sleep(Duration::from_millis(200));
        s.send(b"\x03");
        if let Some(out) = s.expect_within(b"KeyboardInterrupt", Duration::from_millis(500)) {
            break String::from_utf8_lossy(&out).into_owned();
        }
    };
    assert!(
        out.contains("Traceback (most recent call last):"),
        "{out:?}"
    );
    s.send(b"2 * 21\r");
    let out = s.expect_str("42\r\n>>> ");
    assert!(out.ends_with("2 * 21\r\n42\r\n>>> "), "{out:?}");
}

#[test]
fn paste_mode_runs_the_block_as_a_file() {
    let mut s = started();
    s.send(b"\x05");
    assert_eq!(
        s.expect_str("=== "),
        "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== "
    );
    s.send(b"def h():\r    return 7\r\rprint(h() * 6)\r\x04");
    let out = s.expect_str(">>> ");
    assert!(out.ends_with("=== \r\n42\r\n>>> "), "{out:?}");
}

#[test]
fn tab_completes_names_and_attributes() {
    let mut s = started();
    s.send(b"import math\r");
    s.expect_str(">>> ");
    s.send(b"mat\t");
    s.expect_str("math");
    s.send(b".sqr\t");
    s.expect_str(".sqrt");
    s.send(b"(16)\r");
    assert_eq!(s.expect_str(">>> "), "(16)\r\n4.0\r\n>>> ");
    s.send(b"value_one = 1\r");
    s.expect_str(">>> ");
    s.send(b"value_two = 2\r");
    s.expect_str(">>> ");
    s.send(b"valu\t");
    s.expect_str("value_");
    s.send(b"\t");
    let out = s.expect_str(">>> value_");
    assert!(out.contains("value_one"), "{out:?}");
    assert!(out.contains("value_two"), "{out:?}");
    s.send(b"two\r");
    assert_eq!(s.expect_str(">>> "), "two\r\n2\r\n>>> ");
}

#[test]
fn line_editing_and_history() {
    let mut s = started();
    s.send(b"10 + 5\r");
    s.expect_str(">>> ");
    // Up, then change `+` into `-` with left arrows, backspace and a key.
    s.send(b"\x1b[A\x1b[D\x1b[D\x7f-\r");
    let out = s.expect_str(">>> ");
    assert!(out.ends_with("\r\n5\r\n>>> "), "{out:?}");
    // Ctrl-A/Ctrl-E and Ctrl-K on a non-empty line edit it.
    s.send(b"99\x01\x0b7\x05*3\r");
    let out = s.expect_str(">>> ");
    assert!(out.ends_with("\r\n21\r\n>>> "), "{out:?}");
}

#[test]
fn raw_repl_and_raw_paste_exchanges() {
    let mut s = started();
    s.send(b"\r\x03\r\x01");
    s.expect_str("raw REPL; CTRL-B to exit\r\n>");
    s.send(b"print(123)\x04");
    assert_eq!(s.expect(b">"), b"OK123\r\n\x04\x04>");
    s.send(b"1/0\x04");
    let out = s.expect_str("\x04>");
    assert!(out.starts_with("OK\x04Traceback"), "{out:?}");
    assert!(out.contains("ZeroDivisionError: "), "{out:?}");
    assert!(out.ends_with("\r\n\x04>"), "{out:?}");
    // Raw paste, byte for byte as the spec's exchange.
    s.send(b"\x05A\x01");
    assert_eq!(s.expect(b"R\x01\x80\x00\x01"), b"R\x01\x80\x00\x01");
    s.send(b"print(123)\x04");
    assert_eq!(s.expect(b">"), b"\x04123\r\n\x04\x04>");
    // Soft reset: a new interpreter, still in the raw REPL.
    s.send(b"x = 5\x04");
    s.expect(b"\x04\x04>");
    s.send(b"\x04");
    assert_eq!(
        s.expect_str(">"),
        "OK\r\nMPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>"
    );
    s.send(b"print('x' in globals())\x04");
    assert_eq!(s.expect(b">"), b"OKFalse\r\n\x04\x04>");
    // Ctrl-B back to the friendly REPL.
    s.send(b"\x02");
    let out = s.expect_str(">>> ");
    assert!(out.starts_with("\r\nPyrite "), "{out:?}");
}

#[test]
fn ctrl_d_exits_and_restores_the_terminal() {
    let mut s = started();
    s.send(b"\x04");
    assert_eq!(s.wait(), Some(0));
    // SAFETY: an all-zero `termios` is valid; `tcgetattr` fills it from the
    // open slave descriptor.
    let t = unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(s.slave.as_raw_fd(), &mut t), 0);
        t
    };
    assert_ne!(t.c_lflag & libc::ICANON, 0);
    assert_ne!(t.c_lflag & libc::ECHO, 0);
    assert_ne!(t.c_lflag & libc::ISIG, 0);
}

#[test]
fn system_exit_sets_the_exit_code() {
    let mut s = started();
    s.send(b"import sys\r");
    s.expect_str(">>> ");
    s.send(b"sys.exit(3)\r");
    assert_eq!(s.wait(), Some(3));
}

/// `mpremote` against the REPL: `pyrite` on one pseudo-terminal, `mpremote`
/// on the slave of a second, and the two masters joined by this test.
#[test]
fn mpremote_runs_code() {
    if Command::new("mpremote")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        println!("note: mpremote not available; test skipped");
        return;
    }
    let s = started();
    let (link_master, link_slave) = openpty();
    // SAFETY: reads, changes and writes back the settings of the open
    // slave descriptor (raw, so nothing is echoed before mpremote opens it).
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(link_slave.as_raw_fd(), &mut t), 0);
        libc::cfmakeraw(&mut t);
        assert_eq!(
            libc::tcsetattr(link_slave.as_raw_fd(), libc::TCSANOW, &t),
            0
        );
    }
    // SAFETY: `ttyname` returns a pointer to a static NUL-terminated string
    // for the open terminal descriptor, copied at once.
    let path = unsafe {
        let p = libc::ttyname(link_slave.as_raw_fd());
        assert!(!p.is_null());
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    };
    let mut to_pyrite = s.master.try_clone().unwrap();
    let mut from_pyrite = s.master.try_clone().unwrap();
    let mut link_in = File::from(link_master);
    let mut link_out = link_in.try_clone().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = link_in.read(&mut buf) {
            if n == 0 || to_pyrite.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from_pyrite.read(&mut buf) {
            if n == 0 || link_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    });
    let run = |args: &[&str]| {
        let out = Command::new("mpremote")
            .arg("connect")
            .arg(&path)
            .args(args)
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    };
    let (out, err, code) = run(&["exec", "print(1 + 1)"]);
    assert_eq!((out.as_str(), code), ("2\r\n", Some(0)), "stderr: {err}");
    let (out, _, code) = run(&["exec", "for i in range(3):\n    print(i * i)"]);
    assert_eq!((out.as_str(), code), ("0\r\n1\r\n4\r\n", Some(0)));
    let (out, _, code) = run(&["eval", "[n for n in range(5) if n % 2]"]);
    assert_eq!((out.as_str(), code), ("[1, 3]\r\n", Some(0)));
    let (out, _, code) = run(&["exec", "1/0"]);
    assert!(out.contains("ZeroDivisionError"), "{out:?}");
    assert_eq!(code, Some(1));
    drop(link_slave);
}
