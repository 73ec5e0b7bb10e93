//! `cargo xtask freeze --board NAME`: runs `pyrite-freeze` on a board's
//! manifest and writes the generated Rust (bytecode, ROM constants, the
//! `FROZEN` table) to `target/frozen/NAME.rs`, with a size report.
//!
//! The manifest is `boards/NAME/manifest.txt`, or the file `board.toml`
//! names under `manifest`. The ports run the same freezer from their build
//! scripts; this command shows what they embed.

use std::path::{Path, PathBuf};

use crate::cmd::workspace_root;

const USAGE: &str = "usage: cargo xtask freeze --board NAME [--out FILE]

Freezes the modules of boards/NAME/manifest.txt (or the `manifest` of
boards/NAME/board.toml) into Rust source: target/frozen/NAME.rs unless
--out is given.";

/// Runs the command with its arguments.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut board = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--board" => board = Some(it.next().ok_or("--board needs a name")?.clone()),
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a file")?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    let board = board.ok_or_else(|| format!("--board NAME is required\n\n{USAGE}"))?;
    let root = workspace_root();
    let manifest = manifest_of(&root.join("boards").join(&board), &board)?;
    let out = out.unwrap_or_else(|| {
        root.join("target")
            .join("frozen")
            .join(format!("{board}.rs"))
    });
    let frozen = pyrite_freeze::freeze_manifest(&manifest, &pyrite_freeze::Options::default())
        .map_err(|e| format!("freezing {}: {e}", manifest.display()))?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&out, &frozen.rust).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "froze {} module(s) from {} into {}",
        frozen.sizes.len(),
        manifest.display(),
        out.display()
    );
    let mut total = 0;
    for (name, bytes) in &frozen.sizes {
        println!("  {name:<24} {bytes:>8} bytes of flash");
        total += bytes;
    }
    println!("  {:<24} {total:>8} bytes of flash", "total");
    Ok(())
}

/// The manifest of the board in `dir`.
fn manifest_of(dir: &Path, board: &str) -> Result<PathBuf, String> {
    if !dir.is_dir() {
        return Err(format!("no board `{board}` (no folder {})", dir.display()));
    }
    if dir.join("board.toml").is_file() {
        let b = pyrite_board_config::Board::load(dir)?;
        if let Some(m) = b.manifest {
            return Ok(m);
        }
    }
    let m = dir.join("manifest.txt");
    if m.is_file() {
        Ok(m)
    } else {
        Err(format!(
            "board `{board}` has no manifest (boards/{board}/manifest.txt or `manifest` in board.toml)"
        ))
    }
}
