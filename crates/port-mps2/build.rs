//! Generates `memory.x`, the board's constants and pins, and the frozen
//! modules from `boards/NAME/board.toml` (see `pyrite-board-config`).

fn compile(src: &[u8], name: &str) -> Result<Vec<u8>, String> {
    let opts = pyrite_compiler::Options {
        source_name: name,
        ..pyrite_compiler::Options::default()
    };
    pyrite_compiler::compile(src, pyrite_compiler::Mode::File, &opts)
        .map_err(|e| format!("line {}: {}", e.line, e.msg))
}

fn main() {
    if let Err(e) = pyrite_board_config::port_build_script("pyrite-port-mps2", &compile) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
