//! Generates `memory.x` and the board's constants and pins from
//! `boards/NAME/board.toml` (see `pyrite-board-config`), freezes the
//! modules of the board's manifest with `pyrite-freeze` into `frozen.rs`
//! (bytecode and constants in flash), and writes `buses.rs`: the board's
//! `machine` buses from its `[uart]`, `[i2c]` and `[spi]` tables, and the
//! timer clock qemu models (`[qemu] timer_hz`).

use std::fmt::Write as _;
use std::path::PathBuf;

use pyrite_board_config::{Board, Table, Value};

const PACKAGE: &str = "pyrite-port-stm32";

/// The signals of each kind of bus, in the order the macros take them.
const UART_SIGNALS: &[&str] = &["tx", "rx"];
const I2C_SIGNALS: &[&str] = &["scl", "sda"];
const SPI_SIGNALS: &[&str] = &["sck", "miso", "mosi"];

/// One bus of a `[uart]`/`[i2c]`/`[spi]` table.
struct Bus {
    id: u8,
    /// Its pins as `(port letter, pin)`, in the order of the signals.
    pins: Vec<(char, u8)>,
    /// Its name (`UART('XA')`), if any.
    name: Option<String>,
}

/// The chip pin (`'B'`, 6) that `name` (a board name such as `"X9"`, or a
/// chip name such as `"B6"`) stands for.
fn chip_pin(board: &Board, name: &str) -> Result<(char, u8), String> {
    let (port, pin) = match board.pins.iter().find(|p| p.name == name) {
        Some(p) => (p.port, p.pin),
        None => pyrite_board_config::parse_pin(name).ok_or(format!("unknown pin `{name}`"))?,
    };
    if port > 8 || pin > 15 {
        return Err(format!("`{name}` is not an STM32 pin"));
    }
    Ok(((b'A' + port) as char, pin))
}

fn buses(board: &Board, kind: &str, signals: &[&str]) -> Result<Vec<Bus>, String> {
    let Some(table) = board.table.table(kind) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (key, value) in &table.0 {
        let id: u8 = key
            .parse()
            .map_err(|_| format!("[{kind}]: `{key}` is not a bus number"))?;
        let Value::Table(t) = value else {
            return Err(format!(
                "[{kind}] {key}: expected {{ {} }}",
                signals.join(", ")
            ));
        };
        let pin = |s: &str| -> Result<(char, u8), String> {
            let name = t
                .str(s)
                .ok_or_else(|| format!("[{kind}] {key}: missing `{s}`"))?;
            chip_pin(board, name).map_err(|e| format!("[{kind}] {key}: {e}"))
        };
        out.push(Bus {
            id,
            pins: signals.iter().map(|s| pin(s)).collect::<Result<_, _>>()?,
            name: t.str("name").map(str::to_string),
        });
    }
    Ok(out)
}

/// The console's pins (`[console] tx`, `rx`).
fn console_pins(t: &Table) -> Vec<(char, u8)> {
    ["console.tx", "console.rx"]
        .iter()
        .filter_map(|k| t.str(k))
        .filter_map(pyrite_board_config::parse_pin)
        .map(|(port, pin)| ((b'A' + port) as char, pin))
        .collect()
}

/// The peripheral driving bus `id` of `kind` (`USART2`, `UART4`, `SPI1`).
fn peripheral(kind: &str, id: u8) -> String {
    match kind {
        "uart" if matches!(id, 4 | 5 | 7 | 8) => format!("UART{id}"),
        "uart" => format!("USART{id}"),
        "i2c" => format!("I2C{id}"),
        _ => format!("SPI{id}"),
    }
}

/// `buses.rs`: per kind, a `KIND_buses!` invocation listing the buses the
/// firmware drives (the macros live in the `uart`, `i2c` and `spi`
/// modules), the ids of buses on the console's pins, and the bus names.
fn buses_rs(board: &Board) -> Result<String, String> {
    let console = console_pins(&board.table);
    let mut s = format!(
        "// Generated from boards/{}/board.toml ([uart], [i2c], [spi], [qemu] timer_hz): do not edit.\n",
        board.name
    );
    for (kind, signals) in [
        ("uart", UART_SIGNALS),
        ("i2c", I2C_SIGNALS),
        ("spi", SPI_SIGNALS),
    ] {
        let list = buses(board, kind, signals)?;
        let upper = kind.to_uppercase();
        let (taken, free): (Vec<&Bus>, Vec<&Bus>) = list
            .iter()
            .partition(|b| b.pins.iter().any(|p| console.contains(p)));
        let _ = writeln!(
            s,
            "/// `{upper}` ids whose pins the REPL's console uses (refused).\n\
             pub const {upper}_ON_CONSOLE: &[u8] = &{:?};",
            taken.iter().map(|b| b.id).collect::<Vec<_>>()
        );
        let _ = writeln!(
            s,
            "/// Named `{upper}` buses.\npub static {upper}_NAMES: &[pyrite_port_cortexm::hal::BusName] = &["
        );
        for b in &list {
            if let Some(n) = &b.name {
                let _ = writeln!(
                    s,
                    "    pyrite_port_cortexm::hal::BusName {{ name: {n:?}, id: {} }},",
                    b.id
                );
            }
        }
        let _ = writeln!(s, "];");
        let _ = writeln!(
            s,
            "/// Calls macro `$m` with the `{upper}` buses the firmware drives:\n\
             /// `id PERIPHERAL (port, pin)...` for each, pins in the order {signals:?}.\n\
             macro_rules! {kind}_bus_list {{ ($m:ident) => {{ $m! {{"
        );
        for b in free {
            let pins: Vec<String> = b
                .pins
                .iter()
                .map(|(port, pin)| format!("({port:?}, {pin})"))
                .collect();
            let _ = writeln!(
                s,
                "    {} {} {},",
                b.id,
                peripheral(kind, b.id),
                pins.join(" ")
            );
        }
        let _ = writeln!(s, "}} }}; }}");
    }
    let qemu_timer_hz = board.int("qemu.timer_hz").unwrap_or(0);
    let _ = writeln!(
        s,
        "/// The clock of the timers in qemu (`[qemu] timer_hz`; 0: unknown).\n\
         pub const QEMU_TIMER_HZ: u32 = {qemu_timer_hz};"
    );
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
