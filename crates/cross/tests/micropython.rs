//! Pyrite's .mpy files run on MicroPython: every `tests/basics/*.py` (and
//! the code generator's corpus, `crates/compiler/tests/codegen/*.py`) is
//! compiled by `pyrite-cross` and run on MicroPython's WebAssembly build
//! (under node, through `tools/mp-wasm-run.mjs`), and its output must equal
//! that of the same MicroPython running the source.
//!
//! Needs `node` and the `@micropython/micropython-webassembly-pyscript`
//! package: set `PYRITE_MICROPYTHON_WASM` to the package's directory (the
//! one holding `micropython.mjs`). Without it the test is skipped with a
//! message.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The package directory, if MicroPython's wasm build can be run here.
fn micropython_wasm() -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("PYRITE_MICROPYTHON_WASM") else {
        eprintln!(
            "skipped: set PYRITE_MICROPYTHON_WASM to the directory of the \
             @micropython/micropython-webassembly-pyscript package to run \
             Pyrite's .mpy files on MicroPython"
        );
        return None;
    };
    let dir = PathBuf::from(dir);
    if !dir.join("micropython.mjs").is_file() {
        eprintln!("skipped: no micropython.mjs in {}", dir.display());
        return None;
    }
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => Some(dir),
        _ => {
            eprintln!("skipped: node is not available");
            None
        }
    }
}

/// Runs the listed files (`.py` or `.mpy`) on MicroPython: file -> (exit
/// status, stdout and stderr).
fn run_batch(pkg: &Path, files: &[PathBuf], list: &Path) -> HashMap<String, String> {
    let text: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    std::fs::write(list, text).unwrap();
    let out = Command::new("node")
        .arg(repo_root().join("tools/mp-wasm-run.mjs"))
        .arg("--batch")
        .arg(list)
        .env("PYRITE_MICROPYTHON_WASM", pkg)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "runner failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut results = HashMap::new();
    let mut current: Option<(String, String)> = None;
    for line in stdout.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("=== ") {
            if let Some((f, text)) = current.take() {
                results.insert(f, text);
            }
            let (file, status) = rest.trim_end().rsplit_once(" exit ").unwrap();
            current = Some((file.to_string(), format!("exit {status}\n")));
        } else if let Some((_, text)) = current.as_mut() {
            text.push_str(line);
        }
    }
    if let Some((f, text)) = current {
        results.insert(f, text);
    }
    results
}

#[test]
fn basics_run_on_micropython() {
    let Some(pkg) = micropython_wasm() else {
        return;
    };
    let mut programs = Vec::new();
    for dir in ["tests/basics", "crates/compiler/tests/codegen"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join(dir))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        files.sort();
        programs.extend(files);
    }
    assert!(!programs.is_empty());
    let tmp = std::env::temp_dir().join(format!("pyrite-mp-wasm-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();

    let mut failures = Vec::new();
    let mut mpys = Vec::new();
    for p in &programs {
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let mpy = tmp.join(format!("{}-{stem}.mpy", mpys.len()));
        // The runner imports both forms as module `m` (`m.py`, `m.mpy`): record the
        // name MicroPython gives the source, so tracebacks match.
        let out = Command::new(env!("CARGO_BIN_EXE_pyrite-cross"))
            .args(["-s", "m.py", "-o"])
            .arg(&mpy)
            .arg(p)
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{stem}: pyrite-cross failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        mpys.push(mpy);
    }
    let sources = run_batch(&pkg, &programs, &tmp.join("sources.txt"));
    let compiled = run_batch(&pkg, &mpys, &tmp.join("mpys.txt"));

    let mut passed = 0;
    let mut skipped = Vec::new();
    for (p, mpy) in programs.iter().zip(&mpys) {
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let want = &sources[&p.display().to_string()];
        let Some(got) = compiled.get(&mpy.display().to_string()) else {
            continue;
        };
        if want.contains("SyntaxError") && !got.contains("SyntaxError") {
            // MicroPython's own compiler rejects the source (Pyrite
            // accepts more, e.g. `*x` in displays): nothing to compare.
            skipped.push(stem);
        } else if want == got {
            passed += 1;
        } else {
            failures.push(format!(
                "{stem}: output differs\n--- source on MicroPython\n{want}\n--- \
                 pyrite-cross .mpy on MicroPython\n{got}"
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    println!(
        "{passed} of {} programs give the same output on MicroPython from \
         pyrite-cross's .mpy as from source; {} skipped (MicroPython rejects \
         the source: {})",
        programs.len(),
        skipped.len(),
        skipped.join(", ")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
