//! `cargo xtask`: Pyrite's build, test and benchmark driver.
//!
//! Every CI step lives here so that a developer runs exactly what CI runs:
//! `.ci/run` installs the tools and then calls `cargo xtask test`.

mod bench;
mod bench_board;
mod bench_size;
mod bench_vm;
mod board;
mod board_test;
mod cmd;
mod freeze;
mod image;
mod qemu;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  test [STEP...]   run the test steps (default: all). Steps:
                   host    cargo test on the host (all default members)
                   nostd   build every no_std library crate for both thumb targets,
                           and the firmware of boards qemu does not model
                   clippy  cargo clippy --all-targets -D warnings
                   fmt     cargo fmt --check
                   miri    the GC crate's tests under Miri (nightly)
                   qemu    boot every board in qemu, drive its REPL (and
                           mpremote, if installed) over the serial port
                   boards  the Python test suite on every board in qemu
                           (`test --board NAME` for each)
  test --board NAME [FILTER...]
                   run tests/{basics,stdlib,micropython,constdata}/*.py on
                   the board in qemu through the raw REPL, each compared
                   with its .exp file or python3's output (expected failures:
                   tests/known-failures.txt, boards/NAME/known-failures.txt);
                   FILTER runs the programs whose path contains it
                   (e.g. basics/arith)
  build --board NAME [--release] [--qemu]
                   firmware for a board (boards/NAME/board.toml): .elf,
                   .bin, .hex (and .dfu, .uf2) in target/boards/NAME/, with its
                   flash and RAM use; --release uses the `firmware` profile,
                   --qemu the variant `run` boots (in .../NAME/qemu/)
  run --board NAME [--release] [SCRIPT.py]
                   build for qemu and boot it, the REPL on this terminal;
                   with a script, run it through the raw REPL, print its
                   output and exit with its status (1 after an uncaught
                   exception, n after sys.exit(n))
  bench [NAME...]  run benchmarks (default: all). Names:
                   gc      heap allocation and collection
                   vm      bench/*.py on pyrite beside python3 (and MicroPython's
                           WebAssembly build if PYRITE_MICROPYTHON_JS is set)
                   size    .mpy bytes from pyrite-cross beside mpy-cross
  bench --board NAME [--dev]
                   instructions per blink-loop iteration and per bench/
                   program on the board in qemu (-icount shift=0)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "build" => board::build_command(rest),
        "freeze" => freeze::run(rest),
        "run" => board::run_command(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
