//! Freezes the host port's modules (`boards/unix/manifest.txt`) into
//! `frozen.rs`, and the tests' modules (`tests/frozen/manifest.txt`) into
//! `frozen_test.rs`, with `pyrite-freeze`: the same code path as the
//! boards.

use std::path::{Path, PathBuf};

fn freeze(manifest: &Path, out: &Path, table: &str) -> Result<(), String> {
    println!("cargo:rerun-if-changed={}", manifest.display());
    let opts = pyrite_freeze::Options {
        table: table.to_string(),
        ..pyrite_freeze::Options::default()
    };
    let frozen = pyrite_freeze::freeze_manifest(manifest, &opts).map_err(|e| e.to_string())?;
    for f in &frozen.inputs {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    std::fs::write(out, frozen.rust).map_err(|e| format!("{}: {e}", out.display()))
}

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let jobs = [
        (
            dir.join("../../boards/unix/manifest.txt"),
            out.join("frozen.rs"),
            "FROZEN",
        ),
        (
            dir.join("tests/frozen/manifest.txt"),
            out.join("frozen_test.rs"),
            "FROZEN_TEST",
        ),
    ];
    for (manifest, out, table) in jobs {
        if let Err(e) = freeze(&manifest, &out, table) {
            eprintln!("error: freezing {}: {e}", manifest.display());
            std::process::exit(1);
        }
    }
}
