//! Generates `memory.x` and the board's constants and pins from
//! `boards/NAME/board.toml` (see `pyrite-board-config`), freezes the
//! modules of the board's manifest with `pyrite-freeze` into `frozen.rs`
//! (bytecode and constants in flash), and writes `buses.rs`: the GPIO
//! numbers of the `machine` buses of the `[uart]`, `[i2c]` and `[spi]`
//! tables, checking that each pin can carry its signal.

use std::fmt::Write as _;
use std::path::PathBuf;

use pyrite_board_config::{Board, Value};

const PACKAGE: &str = "pyrite-port-rp2040";

/// The kinds of bus, their signals in the order `buses.rs` lists the pins,
/// and how many of each the RP2040 has.
const KINDS: [(&str, &[&str]); 3] = [
    ("uart", &["tx", "rx"]),
    ("i2c", &["scl", "sda"]),
    ("spi", &["sck", "miso", "mosi"]),
];
const BUSES_PER_KIND: u8 = 2;

/// The GPIO number `name` stands for: a board name (`"GP8"`) or a chip
/// name (`"GPIO8"`).
fn gpio(board: &Board, name: &str) -> Result<u8, String> {
    let (port, pin) = match board.pins.iter().find(|p| p.name == name) {
        Some(p) => (p.port, p.pin),
        None => pyrite_board_config::parse_pin(name).ok_or(format!("unknown pin `{name}`"))?,
    };
    if port != 0 || pin >= 30 {
        return Err(format!("`{name}` is not one of GPIO0..GPIO29"));
    }
    Ok(pin)
}

/// Which instance of `kind` GPIO `n` carries `signal` for, by the RP2040
/// datasheet's GPIO function table (section 2.19.2): functions repeat in
/// groups of pins, so the instance and the signal follow from `n`.
/// rp2040-hal checks the same at run time; checking here makes a wrong
/// `board.toml` fail the build instead of the bus's first use.
fn mux_instance(kind: &str, signal: &str, n: u8) -> Option<u8> {
    let (instance, role) = match kind {
        // UART: TX, RX, CTS, RTS; UART0 on GP0-3, 12-19 and 28-29.
        "uart" => (
            ((n + 4) / 8) % 2,
            ["tx", "rx", "cts", "rts"][usize::from(n % 4)],
        ),
        // I2C: SDA on even pins, SCL on odd; I2C0 on GP0-1, 4-5, 8-9, ...
        "i2c" => ((n / 2) % 2, ["sda", "scl"][usize::from(n % 2)]),
        // SPI: RX (MISO), CSn, SCK, TX (MOSI); SPI0 on GP0-7, 16-23.
        _ => (
            (n / 8) % 2,
            ["miso", "csn", "sck", "mosi"][usize::from(n % 4)],
        ),
    };
    (role == signal).then_some(instance)
}

/// The buses of table `kind`: `(id, GPIO numbers in the order of
/// `signals`)`.
fn buses(board: &Board, kind: &str, signals: &[&str]) -> Result<Vec<(u8, Vec<u8>)>, String> {
    let Some(table) = board.table.table(kind) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (key, value) in &table.0 {
        let id = key
            .parse::<u8>()
            .ok()
            .filter(|&id| id < BUSES_PER_KIND)
            .ok_or(format!("[{kind}]: `{key}` is not 0 or 1"))?;
        let Value::Table(t) = value else {
            return Err(format!(
                "[{kind}] {key}: expected {{ {} }}",
                signals.join(", ")
            ));
        };
        let pins = signals
            .iter()
            .map(|s| {
                let name = t.str(s).ok_or(format!("[{kind}] {key}: missing `{s}`"))?;
                let n = gpio(board, name).map_err(|e| format!("[{kind}] {key}: {e}"))?;
                if mux_instance(kind, s, n) != Some(id) {
                    return Err(format!(
                        "[{kind}] {key}: `{name}` cannot be {kind}{id}'s {s}"
                    ));
                }
                Ok(n)
            })
            .collect::<Result<Vec<u8>, String>>()?;
        out.push((id, pins));
    }
    Ok(out)
}

/// `buses.rs`: per kind, the ids on the REPL's pins (refused), and the
/// others with their pins.
fn buses_rs(board: &Board) -> Result<String, String> {
    let console: Vec<u8> = ["console.tx", "console.rx"]
        .iter()
        .filter_map(|k| board.table.str(k))
        .map(|name| gpio(board, name))
        .collect::<Result<_, _>>()?;
    let mut s = format!(
        "// Generated from boards/{}/board.toml ([uart], [i2c], [spi]): do not edit.\n",
        board.name
    );
    for (kind, signals) in KINDS {
        let upper = kind.to_uppercase();
        let (taken, free): (Vec<_>, Vec<_>) = buses(board, kind, signals)?
            .into_iter()
            .partition(|(_, pins)| pins.iter().any(|p| console.contains(p)));
        let taken: Vec<u8> = taken.iter().map(|(id, _)| *id).collect();
        let _ = writeln!(
            s,
            "/// `{upper}` ids whose pins the REPL's console uses (refused).\n\
             pub const {upper}_ON_CONSOLE: &[u8] = &{taken:?};\n\
             /// The other `{upper}` buses: `(id, [GPIO numbers])`, pins in the order {signals:?}.\n\
             pub const {upper}_PINS: &[(u8, [u8; {}])] = &[",
            signals.len()
        );
        for (id, pins) in free {
            let _ = writeln!(s, "    ({id}, {pins:?}),");
        }
        let _ = writeln!(s, "];");
    }
    Ok(s)
}

fn main() {
    if let Err(e) = pyrite_board_config::port_build_script(
        PACKAGE,
        &pyrite_freeze::port_freezer("pyrite_port_cortexm::vm"),
    ) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("none") {
        return;
    }
    let written = pyrite_board_config::build_script_boards_dir()
        .and_then(|boards| pyrite_board_config::port_board(&boards, PACKAGE))
        .and_then(|b| buses_rs(&b))
        .and_then(|rs| {
            let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
            std::fs::write(out.join("buses.rs"), rs).map_err(|e| e.to_string())
        });
    if let Err(e) = written {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
