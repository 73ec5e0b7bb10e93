//! Generates `memory.x` and the board's constants and pins from
//! `boards/NAME/board.toml` (see `pyrite-board-config`), and freezes the
//! modules of the board's manifest with `pyrite-freeze` into `frozen.rs`
//! (bytecode and constants in flash).

use std::path::{Path, PathBuf};

fn freeze(manifest: Option<&Path>) -> Result<(String, Vec<PathBuf>), String> {
    let opts = pyrite_freeze::Options {
        vm_crate: "pyrite_port_cortexm::vm".into(),
        ..pyrite_freeze::Options::default()
    };
    let frozen = match manifest {
        Some(m) => pyrite_freeze::freeze_manifest(m, &opts),
        None => pyrite_freeze::freeze_modules(&[], &opts),
    }
    .map_err(|e| e.to_string())?;
    Ok((frozen.rust, frozen.inputs))
}

fn main() {
    if let Err(e) = pyrite_board_config::port_build_script("pyrite-port-rp2040", &freeze) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
