//! The `pyrite` binary: runs a .mpy, prints tracebacks, exit codes.

use std::path::PathBuf;
use std::process::Command;

fn compile(name: &str, src: &str) -> Option<PathBuf> {
    let dir = std::env::temp_dir().join(format!("pyrite-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), src).unwrap();
    let out = dir.join(name).with_extension("mpy");
    let r = Command::new("mpy-cross")
        .current_dir(&dir)
        .arg("-o")
        .arg(&out)
        .arg(name)
        .output();
    match r {
        Ok(r) if r.status.success() => Some(out),
        _ => {
            println!("note: mpy-cross not available; test skipped");
            None
        }
    }
}

fn pyrite() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
}

#[test]
fn runs_a_file() {
    let Some(f) = compile(
        "ok.py",
        "def sq(x):\n    return x * x\nprint('sum', sum(sq(i) for i in range(4)))\n",
    ) else {
        return;
    };
    let out = pyrite().arg(&f).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "sum 14\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn uncaught_exception_exits_1_with_traceback() {
    let Some(f) = compile("bad.py", "print('before')\ndef f():\n    1 / 0\nf()\n") else {
        return;
    };
    let out = pyrite().arg(&f).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "before\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Traceback (most recent call last):\n  File \"bad.py\", line 4, in <module>\n  \
         File \"bad.py\", line 3, in f\nZeroDivisionError: division by zero\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn system_exit_code_and_small_heap() {
    let Some(f) = compile("exit.py", "raise SystemExit(3)\n") else {
        return;
    };
    let out = pyrite().arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let Some(g) = compile("mem.py", "x = [0] * 10000000\n") else {
        return;
    };
    let out = pyrite()
        .args(["-X", "heapsize=64k"])
        .arg(&g)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.ends_with("MemoryError: memory allocation failed, allocating 80000000 bytes\n"),
        "{err}"
    );
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn missing_files_exit_2() {
    let out = pyrite().arg("/nonexistent.mpy").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = pyrite().arg("/nonexistent.py").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = pyrite().arg("-c").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn runs_source_files_and_commands() {
    let dir = scratch("source");
    std::fs::write(
        dir.join("main.py"),
        "import helper\nprint(__name__, helper.twice(21))\n",
    )
    .unwrap();
    std::fs::write(dir.join("helper.py"), "def twice(x):\n    return 2 * x\n").unwrap();
    // The script's directory is on `sys.path`, whatever the working directory.
    let out = pyrite().arg(dir.join("main.py")).output().unwrap();
    assert_eq!(stdout_of(&out), "__main__ 42\n");
    assert_eq!(out.status.code(), Some(0));
    let out = pyrite()
        .args(["-c", "import sys; print(sys.argv, 6 * 7)", "a"])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "['-c', 'a'] 42\n");
    // `-m` searches `sys.path` (the working directory first).
    let out = pyrite()
        .args(["-m", "helper"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(dir.join("runme.py"), "print('as', __name__)\n").unwrap();
    let out = pyrite()
        .args(["-m", "runme"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "as __main__\n");
    let out = pyrite().args(["-m", "no_such_mod"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ImportError"));
}

#[test]
fn reads_a_program_from_standard_input() {
    use std::io::Write;
    for args in [&["-"][..], &[][..]] {
        let mut child = pyrite()
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"for i in range(3):\n    print(i)\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(stdout_of(&out), "0\n1\n2\n");
    }
}

#[test]
fn syntax_errors_name_the_file_and_line() {
    let dir = scratch("syntax");
    std::fs::write(dir.join("bad.py"), "x = 1\ny = 2\nz = = 3\n").unwrap();
    let out = pyrite().arg("bad.py").current_dir(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("  File \"bad.py\", line 3\nSyntaxError: "),
        "{err}"
    );
    std::fs::write(dir.join("indent.py"), "if True:\nprint(1)\n").unwrap();
    let out = pyrite()
        .arg("indent.py")
        .current_dir(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("IndentationError"), "{err}");
    // Through an import, the frames that imported come first.
    std::fs::write(dir.join("imp.py"), "import bad\n").unwrap();
    let out = pyrite().arg("imp.py").current_dir(&dir).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(
            "Traceback (most recent call last):\n  File \"imp.py\", line 1, in <module>\n  File \"bad.py\", line 3\nSyntaxError"
        ),
        "{err}"
    );
}

#[test]
fn uncaught_exception_in_source_and_system_exit() {
    let dir = scratch("exc");
    std::fs::write(
        dir.join("t.py"),
        "def f():\n    raise ValueError('bad')\nprint('x')\nf()\n",
    )
    .unwrap();
    let out = pyrite().arg("t.py").current_dir(&dir).output().unwrap();
    assert_eq!(stdout_of(&out), "x\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Traceback (most recent call last):\n  File \"t.py\", line 4, in <module>\n  \
         File \"t.py\", line 2, in f\nValueError: bad\n"
    );
    assert_eq!(out.status.code(), Some(1));
    let out = pyrite()
        .args(["-c", "import sys; sys.exit(7)"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
}

#[test]
fn uncaught_error_lines_and_bool_exit_codes() {
    let out = pyrite()
        .args([
            "-c",
            "class Oops(Exception): pass
raise Oops('x')",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.ends_with("\nOops: x\n"), "{err}");
    // The message names the operands in their order.
    let out = pyrite()
        .args(["-c", "print(3 * 'ab')\n1 + 'a'"])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "ababab\n");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.ends_with("TypeError: unsupported operand type(s) for +: 'int' and 'str'\n"),
        "{err}"
    );
    for (code, want) in [("True", 1), ("False", 0)] {
        let out = pyrite()
            .args(["-c", &format!("import sys; sys.exit({code})")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(want));
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn sys_argv_and_platform_from_the_command_line() {
    let Some(f) = compile(
        "argv.py",
        "import sys\nprint(len(sys.argv), sys.argv[1], sys.argv[2], sys.argv[0].endswith('argv.mpy'))\nprint(sys.platform)\n\
         sys.stderr.write('err\\n')\nsys.exit(4)\n",
    ) else {
        return;
    };
    let out = pyrite().arg(&f).args(["a", "b c"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "3 a b c True\n{}\n",
            match std::env::consts::OS {
                "macos" => "darwin",
                os => os,
            }
        )
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "err\n");
    assert_eq!(out.status.code(), Some(4));
    let Some(g) = compile("argv0.py", "import sys\nprint(sys.argv)\n") else {
        return;
    };
    let out = pyrite().arg(&g).arg("x").output().unwrap();
    let shown = format!("['{}', 'x']\n", g.display());
    assert_eq!(String::from_utf8_lossy(&out.stdout), shown);
}

/// Runs `pyrite ARGS` with `input` on standard input.
fn run_with_input(args: &[&std::ffi::OsStr], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = pyrite()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A program that exits without reading its input (`sys.exit`) may be
    // gone before this write: a broken pipe is not the test's failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(input) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

#[test]
fn inspect_runs_the_repl_after_the_script() {
    let dir = scratch("inspect");
    let script = dir.join("s.py");
    std::fs::write(&script, "x = 20\nprint('ran')\n").unwrap();
    let out = run_with_input(&["-i".as_ref(), script.as_os_str()], b"print(x + 22)\n");
    let text = stdout_of(&out);
    assert!(text.starts_with("ran\n"), "{text}");
    assert!(text.contains("42\n"), "{text}");
    assert_eq!(out.status.code(), Some(0));
    // An uncaught exception is printed and the REPL still follows.
    std::fs::write(&script, "y = 5\nraise ValueError('v')\n").unwrap();
    let out = run_with_input(&["-i".as_ref(), script.as_os_str()], b"print(y * 2)\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("ValueError: v"));
    assert!(stdout_of(&out).contains("10\n"), "{}", stdout_of(&out));
    // `sys.exit` ends the program without the REPL.
    std::fs::write(&script, "import sys\nsys.exit(3)\n").unwrap();
    let out = run_with_input(&["-i".as_ref(), script.as_os_str()], b"print('no')\n");
    assert_eq!(out.status.code(), Some(3));
    assert!(!stdout_of(&out).contains("no"));
}

#[test]
fn optimisation_level_flags() {
    let src = "print(__debug__)\ntry:\n    assert False, 'a'\n    print('no assert')\nexcept AssertionError:\n    print('assert')\nimport micropython\nprint(micropython.opt_level())\n";
    for (flag, expected) in [
        (None, "True\nassert\n0\n"),
        (Some("-O"), "False\nno assert\n1\n"),
        (Some("-OO"), "False\nno assert\n2\n"),
        (Some("-O3"), "False\nno assert\n3\n"),
        (Some("-O0"), "True\nassert\n0\n"),
    ] {
        let mut c = pyrite();
        c.args(flag).args(["-c", src]);
        let out = c.output().unwrap();
        assert_eq!(stdout_of(&out), expected, "{flag:?}");
    }
    let out = pyrite().args(["-Ox", "-c", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn accepted_micropython_flags() {
    for args in [
        &["-v"][..],
        &["-X", "emit=bytecode"],
        &["-X", "emit=native"],
        &["-X", "emit=viper"],
        &["-X", "realtime"],
        &["-v", "-X", "heapsize=512k", "-X", "realtime"],
    ] {
        let out = pyrite()
            .args(args)
            .args(["-c", "print('ok')"])
            .output()
            .unwrap();
        assert_eq!(stdout_of(&out), "ok\n", "{args:?}");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
    let out = pyrite()
        .args(["-X", "emit=arm", "-c", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn timer_callbacks_run_through_the_scheduler() {
    // No timing assertions (the machine may be loaded): the periodic timer
    // must fire at least three times within five seconds and never after
    // `deinit`; the one-shot timer exactly once.
    let src = "import machine, time\nn = 0\ndef cb(t):\n    global n\n    n += 1\nt = machine.Timer(0, period=10, callback=cb)\ns = time.ticks_ms()\nwhile n < 3 and time.ticks_diff(time.ticks_ms(), s) < 5000:\n    time.sleep_ms(1)\nt.deinit()\ntime.sleep_ms(20)\nk = n\ntime.sleep_ms(50)\nprint(k >= 3 and n == k)\nm = []\nmachine.Timer(1, mode=machine.Timer.ONE_SHOT, period=5, callback=m.append)\ns = time.ticks_ms()\nwhile not m and time.ticks_diff(time.ticks_ms(), s) < 2000:\n    pass\nprint(len(m))\n";
    let out = pyrite().args(["-c", src]).output().unwrap();
    assert_eq!(stdout_of(&out), "True\n1\n");
}
