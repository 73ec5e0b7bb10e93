//! Generates `memory.x` and the board's constants and pins from
//! `boards/NAME/board.toml` (see `pyrite-board-config`), and freezes the
//! modules of the board's manifest with `pyrite-freeze` into `frozen.rs`
//! (bytecode and constants in flash).

fn main() {
    if let Err(e) = pyrite_board_config::port_build_script(
        "pyrite-port-rp2040",
        &pyrite_freeze::port_freezer("pyrite_port_cortexm::vm"),
    ) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
