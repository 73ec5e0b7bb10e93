#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod toml;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use toml::{ParseError, Table, Value};

/// A memory region of the chip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    /// Its first address.
    pub origin: u64,
    /// Its size in bytes.
    pub size: u64,
}

impl Region {
    /// One past its last address.
    pub fn end(&self) -> u64 {
        self.origin + self.size
    }
}

/// How much RAM the GC heap gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeapSize {
    /// Everything left in RAM after the stack, the statics and the arena.
    Rest,
    /// At most this many bytes.
    Bytes(u64),
}

/// The interpreter's sizes on the board (`[vm]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VmSizes {
    /// Words in the VM stack region (frames' locals and value stacks).
    pub stack_words: u64,
    /// Most Python frames at once.
    pub max_frames: u64,
    /// Most nested native-to-Python calls.
    pub max_native_depth: u64,
    /// Bytes of the arena: Rust allocations made while no Python runs
    /// (the interpreter's own tables made before its GC heap is in use,
    /// the banner, the REPL's history).
    pub arena: u64,
    /// Bytes of REPL history kept (in the arena, across soft resets).
    pub repl_history: u64,
    /// The stack region and frame records at the low end of the machine
    /// stack instead of in the GC heap (`pyrite-vm`'s `SharedStack`).
    pub shared_stack: bool,
}

/// How to boot the board in qemu (`[qemu]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qemu {
    /// The machine (`-M`).
    pub machine: String,
    /// Extra arguments.
    pub flags: Vec<String>,
    /// Flash the emulated chip has when it differs from the real one (the
    /// qemu build links for this size; `flags` must give qemu the same).
    pub flash: Option<u64>,
    /// The frozen-module manifest of the qemu builds, when it differs from
    /// the board's (`[qemu] manifest`: test fixtures that real firmware
    /// need not carry).
    pub manifest: Option<PathBuf>,
    /// Optional port features the qemu step also builds and checks, one
    /// build each (`[qemu] check_features`), with the board's
    /// `checks/FEATURE*.py` programs.
    pub check_features: Vec<String>,
}

/// A region of flash set aside for one linker input section, placed before
/// the firmware (`[memory] NAME = { origin, size, section }`): the RP2040's
/// second-stage bootloader (`.boot2`) in the first 256 bytes of its flash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionRegion {
    /// The key in `[memory]`; upper-cased, the linker's region name.
    pub name: String,
    /// Where it is.
    pub region: Region,
    /// The input section it holds (`".boot2"`).
    pub section: String,
}

/// A named pin: the name Python uses and the chip's port and pin number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    /// `"X1"`, `"LED_BLUE"`.
    pub name: String,
    /// The chip's name for it (`"A13"`, `"P0.24"`).
    pub cpu: String,
    /// Port number (`A` = 0) and pin within the port.
    pub port: u8,
    /// Pin within the port.
    pub pin: u8,
}

/// Everything `board.toml` says about one board.
#[derive(Clone, Debug)]
pub struct Board {
    /// The board's name (its folder under `boards/`).
    pub name: String,
    /// The folder holding `board.toml`.
    pub dir: PathBuf,
    /// One line for humans (and the REPL banner).
    pub description: String,
    /// The microcontroller.
    pub chip: String,
    /// The Rust target triple.
    pub target: String,
    /// The cargo package of the port (`pyrite-port-stm32`).
    pub port: String,
    /// The binary the port builds (the package name unless given).
    pub bin: String,
    /// Cargo features of the port to enable.
    pub features: Vec<String>,
    /// Flash.
    pub flash: Region,
    /// The RAM the firmware uses (stack, statics, arena, heap).
    pub ram: Region,
    /// Further RAM the firmware does not use yet (the STM32F4's CCM).
    pub extra_ram: Vec<(String, Region)>,
    /// Regions at the start of flash that hold one section each, in
    /// address order; the firmware's `FLASH` region starts after them.
    pub section_regions: Vec<SectionRegion>,
    /// Bytes reserved for the machine stack (at the bottom of RAM).
    pub stack: u64,
    /// The GC heap's size.
    pub heap: HeapSize,
    /// The smallest GC heap the board promises (`memory.min_heap`): a
    /// build whose statics leave less fails.
    pub min_heap: Option<u64>,
    /// The interpreter's sizes.
    pub vm: VmSizes,
    /// Named pins, in file order.
    pub pins: Vec<Pin>,
    /// How to boot it in qemu, if qemu models it.
    pub qemu: Option<Qemu>,
    /// Frozen modules: the manifest (`pyrite-freeze`'s format: one
    /// `PATH [mpy|str]` per line, relative to the manifest).
    pub manifest: Option<PathBuf>,
    /// Whether to write a `.dfu` file (STM32 DfuSe) beside the `.bin`.
    pub dfu: bool,
    /// Whether the firmware is built for size with the standard library
    /// rebuilt (`build_std = true`): `core` and `alloc` compiled with the
    /// profile's settings, panics an abort instruction without message or
    /// location. See "Firmware size" in `docs/memory.md`.
    pub build_std: bool,
    /// The UF2 family id, if a `.uf2` file (for a USB mass-storage
    /// bootloader such as the RP2040's) is written beside the `.bin`.
    pub uf2_family: Option<u32>,
    /// The whole file, for port-specific keys (`console`, `clock`).
    pub table: Table,
}

/// Parses a size: an integer, or a string `"N"`, `"NK"`, `"NM"`.
pub fn parse_size(v: &Value) -> Option<u64> {
    match v {
        Value::Int(n) => u64::try_from(*n).ok(),
        Value::Str(s) => {
            let s = s.trim();
            let (digits, mul) = match s.as_bytes().last()? {
                b'k' | b'K' => (&s[..s.len() - 1], 1024),
                b'm' | b'M' => (&s[..s.len() - 1], 1024 * 1024),
                _ => (s, 1),
            };
            let digits = digits.trim().replace('_', "");
            let n = match digits.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok()?,
                None => digits.parse::<u64>().ok()?,
            };
            n.checked_mul(mul)
        }
        _ => None,
    }
}

/// Parses a chip pin name: `"A13"` / `"PA13"` (port letter, pin),
/// `"P0.24"` (port number, pin) or `"GPIO25"` (one bank of numbered
/// pins, port 0).
pub fn parse_pin(cpu: &str) -> Option<(u8, u8)> {
    if let Some(n) = cpu.strip_prefix("GPIO") {
        let pin: u8 = n.parse().ok()?;
        return (pin < 32).then_some((0, pin));
    }
    let b = cpu.as_bytes();
    if let Some(rest) = cpu.strip_prefix('P')
        && let Some((port, pin)) = rest.split_once('.')
    {
        return Some((port.parse().ok()?, pin.parse().ok()?));
    }
    let s = match b {
        [b'P', b'A'..=b'K', ..] => &cpu[1..],
        _ => cpu,
    };
    let letter = *s.as_bytes().first()?;
    if !letter.is_ascii_uppercase() {
        return None;
    }
    let pin: u8 = s[1..].parse().ok()?;
    (pin < 32).then_some((letter - b'A', pin))
}

fn region(t: &Table, key: &str) -> Result<Region, String> {
    let r = t
        .table(key)
        .ok_or_else(|| format!("missing table `{key}`"))?;
    let origin = r
        .int("origin")
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| format!("`{key}.origin` must be an address"))?;
    let size = r
        .get("size")
        .and_then(parse_size)
        .ok_or_else(|| format!("`{key}.size` must be a size"))?;
    Ok(Region { origin, size })
}

fn required<'a>(t: &'a Table, key: &str) -> Result<&'a str, String> {
    t.str(key).ok_or_else(|| format!("missing string `{key}`"))
}

fn size_or(t: &Table, key: &str, default: u64) -> Result<u64, String> {
    match t.get(key) {
        None => Ok(default),
        Some(v) => parse_size(v).ok_or_else(|| format!("`{key}` must be a size")),
    }
}

impl Board {
    /// The manifest a build freezes: the qemu variant's (`[qemu] manifest`)
    /// if `qemu` and the board has one, else the board's.
    pub fn manifest_for(&self, qemu: bool) -> Option<&Path> {
        let q = self.qemu.as_ref().and_then(|q| q.manifest.as_deref());
        match q {
            Some(m) if qemu => Some(m),
            _ => self.manifest.as_deref(),
        }
    }

    /// Reads `dir/board.toml`.
    pub fn load(dir: &Path) -> Result<Board, String> {
        let path = dir.join("board.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Board::parse(dir, &text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the text of a `board.toml` found in `dir`.
    pub fn parse(dir: &Path, text: &str) -> Result<Board, String> {
        let t = toml::parse(text).map_err(|e| e.to_string())?;
        let name = required(&t, "name")?.to_string();
        let port = required(&t, "port")?.to_string();
        let heap = match t.get("memory.heap") {
            None => HeapSize::Rest,
            Some(Value::Str(s)) if s == "rest" => HeapSize::Rest,
            Some(v) => {
                HeapSize::Bytes(parse_size(v).ok_or("`memory.heap` must be a size or \"rest\"")?)
            }
        };
        let mut extra_ram = Vec::new();
        let mut section_regions = Vec::new();
        if let Some(m) = t.table("memory") {
            for (k, v) in &m.0 {
                let Value::Table(fields) = v else { continue };
                if matches!(k.as_str(), "flash" | "ram") {
                    continue;
                }
                match fields.get("section") {
                    None => extra_ram.push((k.clone(), region(m, k)?)),
                    Some(Value::Str(section)) => section_regions.push(SectionRegion {
                        name: k.to_ascii_uppercase(),
                        region: region(m, k)?,
                        section: section.clone(),
                    }),
                    Some(_) => return Err(format!("`memory.{k}.section` must be a string")),
                }
            }
        }
        section_regions.sort_by_key(|r| r.region.origin);
        let mut pins = Vec::new();
        if let Some(p) = t.table("pins") {
            for (k, v) in &p.0 {
                let Value::Str(cpu) = v else {
                    return Err(format!("pin `{k}` must name a chip pin"));
                };
                let (port, pin) =
                    parse_pin(cpu).ok_or_else(|| format!("pin `{k}`: bad chip pin `{cpu}`"))?;
                pins.push(Pin {
                    name: k.clone(),
                    cpu: cpu.clone(),
                    port,
                    pin,
                });
            }
        }
        let qemu = match t.table("qemu") {
            None => None,
            Some(q) => Some(Qemu {
                machine: required(q, "machine")?.to_string(),
                flags: q.strings("flags").unwrap_or_default(),
                flash: match q.get("flash") {
                    None => None,
                    Some(v) => Some(parse_size(v).ok_or("`qemu.flash` must be a size")?),
                },
                manifest: q.str("manifest").map(|m| dir.join(m)),
                check_features: q.strings("check_features").unwrap_or_default(),
            }),
        };
        let vm = VmSizes {
            stack_words: size_or(&t, "vm.stack_words", 2048)?,
            max_frames: size_or(&t, "vm.max_frames", 64)?,
            max_native_depth: size_or(&t, "vm.max_native_depth", 12)?,
            arena: size_or(&t, "vm.arena", 16 * 1024)?,
            repl_history: size_or(&t, "vm.repl_history", 1024)?,
            shared_stack: t.bool("vm.shared_stack").unwrap_or(false),
        };
        let board = Board {
            description: t.str("description").unwrap_or(&name).to_string(),
            chip: required(&t, "chip")?.to_string(),
            target: required(&t, "target")?.to_string(),
            bin: t.str("bin").unwrap_or(&port).to_string(),
            features: t.strings("features").unwrap_or_default(),
            flash: region(&t, "memory.flash")?,
            ram: region(&t, "memory.ram")?,
            extra_ram,
            section_regions,
            stack: size_or(&t, "memory.stack", 8 * 1024)?,
            heap,
            min_heap: match t.get("memory.min_heap") {
                None => None,
                Some(v) => Some(parse_size(v).ok_or("`memory.min_heap` must be a size")?),
            },
            vm,
            pins,
            qemu,
            manifest: t.str("manifest").map(|m| dir.join(m)),
            dfu: t.bool("dfu").unwrap_or(false),
            build_std: t.bool("build_std").unwrap_or(false),
            uf2_family: match t.get("uf2_family") {
                None => None,
                Some(Value::Int(n)) => {
                    Some(u32::try_from(*n).map_err(|_| "`uf2_family` must fit in 32 bits")?)
                }
                Some(_) => return Err("`uf2_family` must be an integer".into()),
            },
            dir: dir.to_path_buf(),
            name,
            port,
            table: t,
        };
        board.check()?;
        Ok(board)
    }

    fn check(&self) -> Result<(), String> {
        if !self.stack.is_multiple_of(8)
            || !self.ram.origin.is_multiple_of(8)
            || !self.ram.size.is_multiple_of(8)
        {
            return Err("RAM origin, RAM size and stack must be multiples of 8".into());
        }
        if self.stack + self.vm.arena >= self.ram.size {
            return Err("stack and arena leave no RAM for the heap".into());
        }
        // Section regions tile the start of flash, and leave some of it.
        let mut next = self.flash.origin;
        for r in &self.section_regions {
            if r.region.origin != next || r.region.size == 0 {
                return Err(format!(
                    "`memory.{}` must be a non-empty region at {next:#x}: section regions \
                     follow each other from the start of flash",
                    r.name.to_ascii_lowercase()
                ));
            }
            next = r.region.end();
        }
        if next >= self.flash.end() {
            return Err("section regions leave no flash for the firmware".into());
        }
        Ok(())
    }

    /// The flash the firmware's code and constants go to: after the
    /// section regions. `flash_size` is the whole flash's size.
    fn firmware_flash(&self, flash_size: u64) -> Region {
        let reserved: u64 = self.section_regions.iter().map(|r| r.region.size).sum();
        Region {
            origin: self.flash.origin + reserved,
            size: flash_size.saturating_sub(reserved),
        }
    }

    /// The linker's `memory.x` for cortex-m-rt. The stack sits at the
    /// *bottom* of RAM and grows down towards the start of RAM, so an
    /// overflow faults on the memory below RAM instead of running into the
    /// statics and the heap; the statics follow it, then the heap up to the
    /// end of RAM.
    pub fn memory_x(&self) -> String {
        self.memory_x_with_flash(self.flash.size)
    }

    /// [`Board::memory_x`] for the qemu build: with the emulated flash size
    /// when `[qemu] flash` gives one.
    pub fn memory_x_qemu(&self) -> String {
        let flash = self.qemu.as_ref().and_then(|q| q.flash);
        self.memory_x_with_flash(flash.unwrap_or(self.flash.size))
    }

    fn memory_x_with_flash(&self, flash_size: u64) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "/* Generated from boards/{}/board.toml: do not edit. */",
            self.name
        );
        let _ = writeln!(s, "MEMORY\n{{");
        for r in &self.section_regions {
            let _ = writeln!(
                s,
                "  {} : ORIGIN = {:#010x}, LENGTH = {}",
                r.name, r.region.origin, r.region.size
            );
        }
        let flash = self.firmware_flash(flash_size);
        let _ = writeln!(
            s,
            "  FLASH : ORIGIN = {:#010x}, LENGTH = {}",
            flash.origin, flash.size
        );
        let _ = writeln!(
            s,
            "  RAM : ORIGIN = {:#010x}, LENGTH = {}",
            self.ram.origin + self.stack,
            self.ram.size - self.stack
        );
        let _ = writeln!(s, "}}\n");
        let _ = writeln!(
            s,
            "/* The stack: from the start of RAM proper down to the chip's RAM origin. */"
        );
        let _ = writeln!(s, "_stack_start = ORIGIN(RAM);");
        let _ = writeln!(s, "_stack_end = {:#010x};", self.ram.origin);
        for r in &self.section_regions {
            let _ = writeln!(
                s,
                "\n/* `[memory] {}`: the firmware must provide `{}` (kept, placed before the vector table). */",
                r.name.to_ascii_lowercase(),
                r.section
            );
            let _ = writeln!(
                s,
                "SECTIONS\n{{\n  {sec} ORIGIN({name}) :\n  {{\n    KEEP(*({sec}));\n  }} > {name}\n}} INSERT BEFORE .text;",
                sec = r.section,
                name = r.name
            );
            let _ = writeln!(
                s,
                "ASSERT(SIZEOF({}) > 0, \"section {} is empty: the port must provide it (board.toml [memory] {})\");",
                r.section,
                r.section,
                r.name.to_ascii_lowercase()
            );
        }
        s
    }

    /// Rust constants for the port (included from `OUT_DIR`): the board's
    /// name and sizes, and its pins as `pyrite_port_cortexm::BoardPin`s.
    pub fn rust_consts(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "// Generated from boards/{}/board.toml: do not edit.\n// A port may leave some of these unused.\n#[allow(dead_code)]\nmod board_consts {{",
            self.name
        );
        let _ = writeln!(s, "/// The board's name.");
        let _ = writeln!(s, "pub const NAME: &str = {:?};", self.name);
        let _ = writeln!(s, "/// The board's description.");
        let _ = writeln!(s, "pub const DESCRIPTION: &str = {:?};", self.description);
        let _ = writeln!(s, "/// The microcontroller.");
        let _ = writeln!(s, "pub const CHIP: &str = {:?};", self.chip);
        let _ = writeln!(s, "/// Flash size in bytes.");
        let _ = writeln!(s, "pub const FLASH_SIZE: usize = {};", self.flash.size);
        let _ = writeln!(s, "/// RAM size in bytes.");
        let _ = writeln!(s, "pub const RAM_SIZE: usize = {};", self.ram.size);
        let _ = writeln!(s, "/// The machine stack's size in bytes.");
        let _ = writeln!(s, "pub const STACK_SIZE: usize = {};", self.stack);
        let heap = match self.heap {
            HeapSize::Rest => "None".to_string(),
            HeapSize::Bytes(n) => format!("Some({n})"),
        };
        let _ = writeln!(
            s,
            "/// The GC heap's size (`None`: the rest of RAM).\npub const HEAP_SIZE: Option<usize> = {heap};"
        );
        let _ = writeln!(
            s,
            "/// The interpreter's sizes.\npub const VM: pyrite_port_cortexm::VmSizes = pyrite_port_cortexm::VmSizes {{ stack_words: {}, max_frames: {}, max_native_depth: {}, arena: {}, repl_history: {}, shared_stack: {} }};",
            self.vm.stack_words,
            self.vm.max_frames,
            self.vm.max_native_depth,
            self.vm.arena,
            self.vm.repl_history,
            self.vm.shared_stack
        );
        let _ = writeln!(
            s,
            "/// The board's named pins.\npub const PINS: &[pyrite_port_cortexm::BoardPin] = &["
        );
        for p in &self.pins {
            let _ = writeln!(
                s,
                "    pyrite_port_cortexm::BoardPin {{ name: {:?}, cpu: {:?}, port: {}, pin: {} }},",
                p.name, p.cpu, p.port, p.pin
            );
        }
        let _ = writeln!(s, "];");
        let _ = writeln!(s, "/// The console's baud rate.");
        let _ = writeln!(
            s,
            "pub const CONSOLE_BAUD: u32 = {};",
            self.int("console.baud").unwrap_or(115_200)
        );
        let _ = writeln!(
            s,
            "/// The board's facts for the shared firmware (`FROZEN` comes from `frozen.rs`, made by `pyrite-freeze`).
pub static INFO: pyrite_port_cortexm::BoardInfo = pyrite_port_cortexm::BoardInfo {{
    name: NAME,
    description: DESCRIPTION,
    chip: CHIP,
    platform: {:?},
    flash_size: FLASH_SIZE,
    ram_size: RAM_SIZE,
    stack_size: STACK_SIZE,
    heap_size: HEAP_SIZE,
    vm: VM,
    frozen: super::FROZEN,
}};",
            self.str("platform").unwrap_or(&self.name)
        );
        let _ = writeln!(s, "}}\npub use board_consts::*;");
        s
    }

    /// The named integer under `key`, for port-specific settings.
    pub fn int(&self, key: &str) -> Option<i64> {
        self.table.int(key)
    }

    /// The named string under `key`, for port-specific settings.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.table.str(key)
    }
}

/// The `boards/` folder of the workspace whose root is `root`.
pub fn boards_dir(root: &Path) -> PathBuf {
    root.join("boards")
}

/// The names of the boards under `boards` (folders holding a
/// `board.toml`), sorted.
pub fn board_names(boards: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(boards)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("board.toml").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Freezes a board's modules: given the manifest (`None` when the board
/// has none), returns the Rust source defining `FROZEN` (for `frozen.rs`)
/// and every file it read (for `cargo:rerun-if-changed`). A port's build
/// script passes a closure over `pyrite-freeze`.
pub type FreezeFn = dyn Fn(Option<&Path>) -> Result<(String, Vec<PathBuf>), String>;

/// The workspace's `boards` folder, as a build script finds it: the first
/// ancestor of the package's folder (`CARGO_MANIFEST_DIR`) that has one.
pub fn build_script_boards_dir() -> Result<PathBuf, String> {
    let manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let root = manifest_dir
        .ancestors()
        .find(|p| p.join("boards").is_dir())
        .ok_or("cannot find the workspace's boards/ folder")?;
    Ok(boards_dir(root))
}

/// The board a port's build script builds, from the workspace's `boards`
/// folder: `PYRITE_BOARD`, or the only board whose `port` is `package`.
pub fn port_board(boards: &Path, package: &str) -> Result<Board, String> {
    let name = match std::env::var("PYRITE_BOARD") {
        Ok(n) => n,
        Err(_) => {
            let mine: Vec<String> = board_names(boards)
                .into_iter()
                .filter(|n| Board::load(&boards.join(n)).is_ok_and(|b| b.port == package))
                .collect();
            match mine.as_slice() {
                [one] => one.clone(),
                _ => {
                    return Err(format!(
                        "set PYRITE_BOARD to one of: {} (or use `cargo xtask build --board NAME`)",
                        mine.join(", ")
                    ));
                }
            }
        }
    };
    let board = Board::load(&boards.join(&name))?;
    if board.port != package {
        return Err(format!(
            "board `{name}` is built by `{}`, not `{package}`",
            board.port
        ));
    }
    Ok(board)
}

/// What a port's build script does: find the board (`PYRITE_BOARD`, or the
/// only board whose `port` is `package`), write `memory.x`, `board.rs`
/// (constants and pins) and `frozen.rs` (the frozen modules, from
/// `freeze(manifest)`) into `out_dir`, and tell cargo to link with
/// cortex-m-rt's `link.x`. With `PYRITE_QEMU=1` the linker gets the
/// emulated flash size ([`Board::memory_x_qemu`]). Does nothing but declare its inputs when the
/// target has an OS (a host build of the firmware crate).
pub fn port_build_script(package: &str, freeze: &FreezeFn) -> Result<(), String> {
    let boards = build_script_boards_dir()?;
    println!("cargo:rerun-if-env-changed=PYRITE_BOARD");
    println!("cargo:rerun-if-env-changed=PYRITE_QEMU");
    println!("cargo:rerun-if-changed={}", boards.display());
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("none") {
        return Ok(());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let board = port_board(&boards, package)?;
    println!("cargo:rerun-if-changed={}", board.dir.display());
    // `cargo xtask` sets PYRITE_QEMU=1 for the qemu builds.
    let qemu = std::env::var("PYRITE_QEMU").as_deref() == Ok("1");
    let memory_x = if qemu {
        board.memory_x_qemu()
    } else {
        board.memory_x()
    };
    std::fs::write(out.join("memory.x"), memory_x).map_err(|e| e.to_string())?;
    std::fs::write(out.join("board.rs"), board.rust_consts()).map_err(|e| e.to_string())?;
    let (frozen, inputs) = freeze(board.manifest_for(qemu))?;
    for f in &inputs {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    std::fs::write(out.join("frozen.rs"), frozen).map_err(|e| e.to_string())?;
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    println!("cargo:rustc-link-arg-bins=--nmagic");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYBOARD: &str = r#"
name = "pyboard"
chip = "STM32F405RG"
target = "thumbv7em-none-eabihf"
port = "pyrite-port-stm32"
[memory]
flash = { origin = 0x08000000, size = "1M" }
ram = { origin = 0x20000000, size = "128K" }
ccm = { origin = 0x10000000, size = "64K" }
stack = "16K"
heap = "rest"
[pins]
X1 = "A0"
LED_BLUE = "PB4"
"#;

    #[test]
    fn reads_a_board() {
        let b = Board::parse(Path::new("boards/pyboard"), PYBOARD).unwrap();
        assert_eq!(b.flash.size, 1024 * 1024);
        assert_eq!(b.ram.end(), 0x2002_0000);
        assert_eq!(b.extra_ram[0].0, "ccm");
        assert_eq!(b.heap, HeapSize::Rest);
        assert_eq!(b.stack, 16 * 1024);
        assert_eq!((b.pins[1].port, b.pins[1].pin), (1, 4));
        assert_eq!(b.bin, "pyrite-port-stm32");
        let x = b.memory_x();
        assert!(
            x.contains("RAM : ORIGIN = 0x20004000, LENGTH = 114688"),
            "{x}"
        );
        assert!(x.contains("_stack_end = 0x20000000;"));
        let r = b.rust_consts();
        assert!(r.contains("name: \"LED_BLUE\", cpu: \"PB4\", port: 1, pin: 4"));
    }

    #[test]
    fn sizes_and_pins() {
        assert_eq!(parse_size(&Value::Str("16K".into())), Some(16384));
        assert_eq!(parse_size(&Value::Int(12)), Some(12));
        assert_eq!(parse_size(&Value::Str("x".into())), None);
        assert_eq!(parse_pin("A13"), Some((0, 13)));
        assert_eq!(parse_pin("PC5"), Some((2, 5)));
        assert_eq!(parse_pin("P0.24"), Some((0, 24)));
        assert_eq!(parse_pin("GPIO25"), Some((0, 25)));
        assert_eq!(parse_pin("GPIO32"), None);
        assert_eq!(parse_pin("GPIO"), None);
        assert_eq!(parse_pin("13"), None);
    }

    const PICO: &str = r#"
name = "pico"
chip = "RP2040"
target = "thumbv6m-none-eabi"
port = "pyrite-port-rp2040"
uf2_family = 0xe48bff56
[memory]
flash = { origin = 0x10000000, size = "2M" }
boot2 = { origin = 0x10000000, size = 256, section = ".boot2" }
ram = { origin = 0x20000000, size = "264K" }
stack = "16K"
[pins]
LED = "GPIO25"
"#;

    #[test]
    fn section_regions_go_before_the_firmware() {
        let b = Board::parse(Path::new("boards/pico"), PICO).unwrap();
        assert!(b.extra_ram.is_empty());
        assert_eq!(b.section_regions.len(), 1);
        assert_eq!(b.section_regions[0].name, "BOOT2");
        assert_eq!(b.uf2_family, Some(0xe48b_ff56));
        assert_eq!((b.pins[0].port, b.pins[0].pin), (0, 25));
        let x = b.memory_x();
        assert!(
            x.contains("BOOT2 : ORIGIN = 0x10000000, LENGTH = 256"),
            "{x}"
        );
        assert!(
            x.contains("FLASH : ORIGIN = 0x10000100, LENGTH = 2096896"),
            "{x}"
        );
        assert!(x.contains("KEEP(*(.boot2));"), "{x}");
        assert!(x.contains("} > BOOT2\n} INSERT BEFORE .text;"), "{x}");
        assert!(x.contains("ASSERT(SIZEOF(.boot2) > 0"), "{x}");
        // Boards without section regions keep the whole flash.
        let pyb = Board::parse(Path::new("boards/pyboard"), PYBOARD).unwrap();
        assert!(
            pyb.memory_x()
                .contains("FLASH : ORIGIN = 0x08000000, LENGTH = 1048576")
        );
        assert_eq!(pyb.uf2_family, None);
    }

    #[test]
    fn section_regions_must_start_flash() {
        let elsewhere = PICO.replace(
            "boot2 = { origin = 0x10000000",
            "boot2 = { origin = 0x10000100",
        );
        let e = Board::parse(Path::new("."), &elsewhere).unwrap_err();
        assert!(e.contains("memory.boot2"), "{e}");
        let all = PICO.replace("size = 256,", "size = \"2M\",");
        assert!(Board::parse(Path::new("."), &all).is_err());
        let bad_section = PICO.replace("section = \".boot2\"", "section = 1");
        assert!(Board::parse(Path::new("."), &bad_section).is_err());
        let big_family = PICO.replace("0xe48bff56", "0x1e48bff56");
        assert!(Board::parse(Path::new("."), &big_family).is_err());
    }

    #[test]
    fn rejects_bad_boards() {
        assert!(Board::parse(Path::new("."), "name = \"x\"").is_err());
        let no_room = PYBOARD.replace("stack = \"16K\"", "stack = \"128K\"");
        assert!(Board::parse(Path::new("."), &no_room).is_err());
    }
}
