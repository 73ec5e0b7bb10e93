//! The differential suite: every `tests/<dir>/*.py` at the workspace root
//! runs on `pyrite` twice, (a) from source (Pyrite's compiler) and (b) as
//! a .mpy made by `mpy-cross` (skipped when it is absent), and its output
//! is compared with CPython's (`python3`, run now) or with the `.exp` file
//! beside it.
//!
//! Each program runs with its own directory as the working directory (so
//! `tests/imports` programs find their modules through `sys.path`). The
//! comparison is standard output plus whether the program ended with an
//! uncaught exception (`<exit status N>` is appended otherwise-invisible).
//!
//! `tests/known-failures.txt` lists programs expected to fail (one path
//! relative to `tests/` per line, then a reason; `#` starts a comment):
//! they do not fail the suite, and one that passes is reported so that the
//! list shrinks. `PYRITE_DIFF_FILTER=text` runs only paths containing
//! `text`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a single program may run.
const TIMEOUT: Duration = Duration::from_secs(20);

fn tests_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// Runs `cmd` with a timeout; returns its standard output with the exit
/// status appended when it is not 0, or a description of what went wrong.
fn run(mut cmd: Command) -> Result<String, String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start: {e}"))?;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out_thread = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stdout.read_to_end(&mut b);
        b
    });
    let err_thread = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stderr.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("wait failed: {e}")),
        }
    };
    let out = out_thread.join().unwrap_or_default();
    let err = err_thread.join().unwrap_or_default();
    let mut s = String::from_utf8_lossy(&out).into_owned();
    match status.code() {
        Some(0) => {}
        Some(c) => {
            s.push_str(&format!("<exit status {c}>\n"));
            // The last line of the traceback, to see what went wrong.
            let err = String::from_utf8_lossy(&err);
            if let Some(last) = err.lines().last() {
                s.push_str(&format!("<stderr: {last}>\n"));
            }
        }
        None => {
            return Err(format!(
                "killed by a signal\n{}",
                String::from_utf8_lossy(&err)
            ));
        }
    }
    Ok(s)
}

/// Drops the `<stderr: ...>` lines, which only explain a failure (CPython's
/// and Pyrite's messages may differ).
fn comparable(s: &str) -> String {
    s.lines()
        .filter(|l| !l.starts_with("<stderr: "))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// `tests/known-failures.txt`: path -> reason.
fn known_failures(root: &Path) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(root.join("known-failures.txt")) else {
        return map;
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (path, reason) = match line.split_once(char::is_whitespace) {
            Some((p, r)) => (p, r.trim()),
            None => (line, ""),
        };
        map.insert(path.to_string(), reason.to_string());
    }
    map
}

/// The test programs: `*.py` directly inside each directory of `tests/`.
fn programs(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(root) else {
        return out;
    };
    for d in dirs.flatten() {
        let dir = d.path();
        if !dir.is_dir() {
            continue;
        }
        let Ok(files) = std::fs::read_dir(&dir) else {
            continue;
        };
        for f in files.flatten() {
            let p = f.path();
            if p.extension().is_some_and(|x| x == "py") && p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The first differing line of two outputs, for the report.
fn first_difference(expected: &str, got: &str) -> String {
    let (e, g): (Vec<_>, Vec<_>) = (expected.lines().collect(), got.lines().collect());
    for i in 0..e.len().max(g.len()) {
        let (a, b) = (e.get(i).copied(), g.get(i).copied());
        if a != b {
            return format!(
                "line {}: expected {:?}, got {:?}",
                i + 1,
                a.unwrap_or("<end>"),
                b.unwrap_or("<end>")
            );
        }
    }
    String::from("(identical)")
}

#[test]
fn differential() {
    let root = tests_root();
    let pyrite = env!("CARGO_BIN_EXE_pyrite");
    let have_python = have("python3", "--version");
    let have_mpy_cross = have("mpy-cross", "--version");
    if !have_mpy_cross {
        println!("note: mpy-cross not found; the .mpy runs are skipped");
    }
    let known = known_failures(&root);
    let filter = std::env::var("PYRITE_DIFF_FILTER").unwrap_or_default();
    let tmp = std::env::temp_dir().join(format!("pyrite-diff-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let (mut passed, mut failed, mut skipped, mut known_failed) = (0, 0, 0, 0);
    let mut now_passing = Vec::new();
    let mut failures = Vec::new();
    for path in programs(&root) {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.contains(&filter) {
            continue;
        }
        let dir = path.parent().expect("in a directory");
        let name = path
            .file_name()
            .expect("a file")
            .to_string_lossy()
            .into_owned();
        let exp = path.with_extension("exp");
        let expected = if exp.exists() {
            std::fs::read_to_string(&exp).unwrap_or_default()
        } else if have_python {
            let mut c = Command::new("python3");
            c.arg(&name).current_dir(dir);
            match run(c) {
                Ok(s) => comparable(&s),
                Err(e) => {
                    println!("SKIP {rel}: python3: {e}");
                    skipped += 1;
                    continue;
                }
            }
        } else {
            println!("SKIP {rel}: no .exp file and no python3");
            skipped += 1;
            continue;
        };
        // (a) from source.
        let mut problems = Vec::new();
        let mut c = Command::new(pyrite);
        c.arg(&name).current_dir(dir);
        match run(c) {
            Ok(got) if comparable(&got) == expected => {}
            Ok(got) => problems.push(format!(
                "source: {}\n{}",
                first_difference(&expected, &got),
                got.lines()
                    .filter(|l| l.starts_with("<stderr"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            Err(e) => problems.push(format!("source: {e}")),
        }
        // (b) through mpy-cross.
        if have_mpy_cross {
            let flat = rel.replace('/', "__");
            let mpy = tmp.join(Path::new(&flat).with_extension("mpy"));
            let made = Command::new("mpy-cross")
                .arg("-o")
                .arg(&mpy)
                .arg(&name)
                .current_dir(dir)
                .output();
            match made {
                Ok(o) if o.status.success() => {
                    let mut c = Command::new(pyrite);
                    c.arg(&mpy).current_dir(dir);
                    match run(c) {
                        Ok(got) if comparable(&got) == expected => {}
                        Ok(got) => problems.push(format!(
                            "mpy: {}\n{}",
                            first_difference(&expected, &got),
                            got.lines()
                                .filter(|l| l.starts_with("<stderr"))
                                .collect::<Vec<_>>()
                                .join("\n")
                        )),
                        Err(e) => problems.push(format!("mpy: {e}")),
                    }
                }
                Ok(o) => println!(
                    "note {rel}: mpy-cross failed: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                ),
                Err(e) => println!("note {rel}: mpy-cross: {e}"),
            }
        }
        let is_known = known.contains_key(&rel);
        match (problems.is_empty(), is_known) {
            (true, false) => {
                passed += 1;
                println!("ok   {rel}");
            }
            (true, true) => {
                passed += 1;
                println!("ok   {rel} (listed as a known failure: remove it from the list)");
                now_passing.push(rel);
            }
            (false, true) => {
                known_failed += 1;
                println!("KNOWN {rel}: {}", known[&rel]);
                for p in &problems {
                    println!("      {}", p.trim_end().replace('\n', "\n      "));
                }
            }
            (false, false) => {
                failed += 1;
                println!("FAIL {rel}");
                for p in &problems {
                    println!("      {}", p.trim_end().replace('\n', "\n      "));
                }
                failures.push(rel);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    println!(
        "differential: {passed} passed, {failed} failed, {skipped} skipped, {known_failed} known failures"
    );
    if !now_passing.is_empty() {
        println!(
            "known failures that now pass (remove them from tests/known-failures.txt): {}",
            now_passing.join(", ")
        );
    }
    assert!(failures.is_empty(), "failing: {}", failures.join(", "));
}
