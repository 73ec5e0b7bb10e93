//! `cargo xtask bench --board NAME`: instruction counts on an emulated board.
//!
//! qemu runs with `-icount shift=0`, so virtual time advances one nanosecond
//! per executed instruction and the board's `time.ticks_us()` (a hardware
//! timer) counts thousands of instructions, exactly and whatever the host's
//! load. Each measurement is Python code sent through the raw REPL that
//! times itself with `ticks_us`:
//!
//! - the blink loop `led.on(); led.off()` per iteration, with a plain Python
//!   class (every board) and with `machine.Pin` (boards with `machine`): the
//!   difference between N iterations and none, divided by N, so the call
//!   and the timer reads cancel out;
//! - each program of `bench/`, with the smaller call that its last line
//!   `# board: ...` gives (the host sizes would take minutes in qemu and
//!   do not fit a micro:bit's heap), from after compiling to the end.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::board::{self, Built};

/// Blink iterations per measurement.
const BLINK_N: u32 = 20_000;
/// How long one raw-REPL run may take (qemu with `-icount` runs a few
/// hundred million instructions a second).
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs the board benchmarks for `--board NAME [--dev]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut rest: Vec<String> = Vec::new();
    let mut release = true;
    for a in args {
        match a.as_str() {
            "--dev" => release = false,
            _ => rest.push(a.clone()),
        }
    }
    let o = board::parse_args(&rest)?;
    if let Some(s) = &o.script {
        return Err(format!("unexpected argument `{}`", s.display()));
    }
    let b = board::load(&o.board)?;
    let built = board::build(&b, release, true)?;
    let mut q = Qemu::boot(&built)?;
    let profile = if release { "firmware" } else { "dev" };
    println!(
        "board {} ({}), {profile} profile, qemu -icount shift=0: instructions measured with time.ticks_us()",
        b.name, b.chip
    );
    println!();
    println!("| loop body, inside a function | instructions per iteration |");
    println!("|---|---:|");
    let plain = "class Led:\n    def on(self):\n        pass\n    def off(self):\n        pass\nled = Led()\n";
    let bodies: Vec<(&str, String, &str)> = {
        let mut v = vec![
            ("`pass` (the `for` loop alone)", plain.to_string(), "pass"),
            (
                "`led.on(); led.off()`, plain Python class",
                plain.to_string(),
                "led.on(); led.off()",
            ),
        ];
        if let Some(led) = led_pin(&mut q)? {
            v.push((
                "`led.on(); led.off()`, `machine.Pin` (the user LED)",
                format!("from machine import Pin\nled = Pin('{led}', Pin.OUT)\n"),
                "led.on(); led.off()",
            ));
        }
        v
    };
    for (label, setup, body) in bodies {
        let per = blink_cost(&mut q, &setup, body)?;
        println!("| {label} | {per:.0} |");
    }
    println!();
    println!("| program (board size) | instructions | output |");
    println!("|---|---:|---|");
    let mut programs: Vec<_> = std::fs::read_dir(crate::cmd::workspace_root().join("bench"))
        .map_err(|e| format!("bench/: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    programs.sort();
    for path in programs {
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let source = std::fs::read_to_string(&path).map_err(|e| format!("{path:?}: {e}"))?;
        let Some(program) = board_sized(&source) else {
            println!("| {name} | (no `# board:` line) | |");
            continue;
        };
        let code = format!(
            "import time\n_t0 = time.ticks_us()\n{program}\nprint('@@', time.ticks_diff(time.ticks_us(), _t0))\n"
        );
        let (out, err) = q.exec(&code)?;
        match (out.rsplit_once("@@ "), err.is_empty()) {
            (Some((shown, us)), true) => {
                let us: f64 = us.trim().parse().map_err(|_| format!("{name}: {out:?}"))?;
                let shown = shown.trim().replace('\n', " ");
                println!("| {name} | {:.2}M | `{shown}` |", us / 1000.0);
            }
            _ => {
                let last = err.trim().lines().last().unwrap_or("no result").to_string();
                println!("| {name} | failed | {last} |");
            }
        }
    }
    q.quit();
    Ok(())
}

/// The program with its last statement replaced by its `# board:` line.
fn board_sized(source: &str) -> Option<String> {
    let mut lines: Vec<&str> = source.lines().collect();
    let at = lines.iter().rposition(|l| l.starts_with("# board: "))?;
    let call = lines.remove(at)["# board: ".len()..].to_string();
    let last = lines
        .iter()
        .rposition(|l| !l.trim().is_empty() && !l.starts_with('#'))?;
    lines.truncate(last);
    Some(format!("{}\n{call}", lines.join("\n")))
}

/// The board's user LED name when it has `machine.Pin`.
fn led_pin(q: &mut Qemu) -> Result<Option<&'static str>, String> {
    for name in ["LED_BLUE", "LED0", "LED"] {
        let (out, err) = q.exec(&format!(
            "try:\n    from machine import Pin\n    Pin('{name}', Pin.OUT)\n    print('yes')\nexcept Exception:\n    print('no')\n"
        ))?;
        if err.is_empty() && out.trim() == "yes" {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// Instructions per iteration of `body` in a `for` loop over `range(n)`
/// inside a function, after `setup` at module level.
fn blink_cost(q: &mut Qemu, setup: &str, body: &str) -> Result<f64, String> {
    let code = format!(
        "{setup}import time\ndef f(n):\n    t0 = time.ticks_us()\n    for _ in range(n):\n        {body}\n    return time.ticks_diff(time.ticks_us(), t0)\nprint(f(0), f({BLINK_N}))\n"
    );
    let (out, err) = q.exec(&code)?;
    if !err.is_empty() {
        return Err(format!("{body}: {err}"));
    }
    let nums: Vec<f64> = out
        .split_whitespace()
        .map(|s| s.parse().map_err(|_| format!("{body}: printed {out:?}")))
        .collect::<Result<_, _>>()?;
    match nums.as_slice() {
        [zero, n] => Ok((n - zero) * 1000.0 / f64::from(BLINK_N)),
        _ => Err(format!("{body}: printed {out:?}")),
    }
}

/// A board booted in qemu with its console on pipes.
struct Qemu {
    child: Child,
    stdin: ChildStdin,
    output: Receiver<Vec<u8>>,
    buf: Vec<u8>,
}

impl Qemu {
    fn boot(built: &Built) -> Result<Qemu, String> {
        let mut command = board::qemu_command(built)?;
        command
            .args(["-icount", "shift=0", "-serial", "stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start qemu-system-arm: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let mut stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let mut q = Qemu {
            child,
            stdin,
            output,
            buf: Vec::new(),
        };
        q.until(b">>> ", Duration::from_secs(60))?;
        // The raw REPL: code in, `OK`, output, `\x04`, errors, `\x04>`.
        q.send(b"\x01")?;
        q.until(b"raw REPL; CTRL-B to exit\r\n>", Duration::from_secs(20))?;
        Ok(q)
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.stdin
            .write_all(bytes)
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("writing to qemu: {e}"))
    }

    /// Reads until `needle`; returns what came before it.
    fn until(&mut self, needle: &[u8], timeout: Duration) -> Result<Vec<u8>, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.buf.windows(needle.len()).position(|w| w == needle) {
                let before = self.buf[..i].to_vec();
                self.buf.drain(..i + needle.len());
                return Ok(before);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!(
                    "timed out waiting for {:?}; got {:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(&self.buf)
                ));
            }
            match self
                .output
                .recv_timeout(left.min(Duration::from_millis(500)))
            {
                Ok(bytes) => self.buf.extend_from_slice(&bytes),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(_) => return Err("qemu exited".into()),
            }
        }
    }

    /// Runs `code` in the raw REPL: (output, error text).
    fn exec(&mut self, code: &str) -> Result<(String, String), String> {
        // Small pieces: a UART without flow control has a short FIFO.
        for chunk in code.as_bytes().chunks(64) {
            self.send(chunk)?;
            std::thread::sleep(Duration::from_millis(5));
        }
        self.send(b"\x04")?;
        self.until(b"OK", Duration::from_secs(20))?;
        let out = self.until(b"\x04", RUN_TIMEOUT)?;
        let err = self.until(b"\x04>", Duration::from_secs(20))?;
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).replace("\r\n", "\n");
        Ok((text(out), text(err)))
    }

    fn quit(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::board_sized;

    #[test]
    fn board_line_replaces_the_last_statement() {
        let src = "def f(n):\n    return n\n\nprint(f(100))\n# board: print(f(3))\n";
        assert_eq!(
            board_sized(src).as_deref(),
            Some("def f(n):\n    return n\n\nprint(f(3))")
        );
        assert_eq!(board_sized("print(1)\n"), None);
    }
}
