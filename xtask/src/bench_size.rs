//! `cargo xtask bench size`: total .mpy bytes from `pyrite-cross` beside
//! `mpy-cross` over the test and benchmark corpus (`tests/**/*.py`,
//! `bench/*.py`). Files either compiler rejects are left out of both sums.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench_vm::python_files;
use crate::cmd::{self, cargo, workspace_root};

fn corpus(root: &Path) -> Vec<PathBuf> {
    let mut files = python_files(&root.join("bench"));
    let mut dirs = vec![root.join("tests")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            }
        }
        files.extend(python_files(&dir));
    }
    files.sort();
    files
}

/// Size of the .mpy `compiler` writes for `source`, if it compiles.
fn compiled_size(compiler: &Path, source: &Path, out: &Path) -> Option<u64> {
    let _ = std::fs::remove_file(out);
    let status = Command::new(compiler)
        .arg("-o")
        .arg(out)
        .arg(source)
        .output()
        .ok()?
        .status;
    if !status.success() {
        return None;
    }
    std::fs::metadata(out).ok().map(|m| m.len())
}

pub fn run() -> Result<(), String> {
    cmd::run(cargo(None).args(["build", "--release", "-p", "pyrite-cross"]))?;
    let root = workspace_root();
    let ours = root.join("target/release/pyrite-cross");
    let out_dir = root.join("target/bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let (ours_out, theirs_out) = (
        out_dir.join("size-ours.mpy"),
        out_dir.join("size-theirs.mpy"),
    );
    let (mut ours_total, mut theirs_total, mut files, mut skipped) = (0u64, 0u64, 0, 0);
    let mut worst: Vec<(f64, String)> = Vec::new();
    for source in corpus(&root) {
        let theirs = compiled_size(Path::new("mpy-cross"), &source, &theirs_out);
        let ours = compiled_size(&ours, &source, &ours_out);
        match (ours, theirs) {
            (Some(a), Some(b)) => {
                ours_total += a;
                theirs_total += b;
                files += 1;
                let name = source.strip_prefix(&root).unwrap_or(&source);
                worst.push((a as f64 / b as f64, name.display().to_string()));
            }
            _ => skipped += 1,
        }
    }
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ratio, name) in worst.iter().take(5) {
        println!("  largest ratio: {ratio:.3} {name}");
    }
    let ratio = if theirs_total > 0 {
        ours_total as f64 / theirs_total as f64
    } else {
        0.0
    };
    println!(
        "size: {files} files, pyrite-cross {ours_total} bytes, mpy-cross {theirs_total} bytes, ratio {ratio:.3} ({skipped} skipped)"
    );
    Ok(())
}
