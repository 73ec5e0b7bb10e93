//! `cargo xtask build --board NAME [--release]` and `cargo xtask run
//! --board NAME [--release]`: firmware for a board described by
//! `boards/NAME/board.toml`.

use std::path::{Path, PathBuf};
use std::process::Command;

use pyrite_board_config::{Board, HeapSize, board_names, boards_dir};

use crate::cmd::{self, cargo, workspace_root};
use crate::image::{Elf, dfuse, intel_hex, uf2};

/// USB ids of the STM32 ROM bootloader's DFU mode (for the `.dfu` suffix).
const ST_VID: u16 = 0x0483;
const ST_DFU_PID: u16 = 0xdf11;

/// Where cargo puts its output: `$CARGO_TARGET_DIR` (relative to the
/// workspace root when relative) or `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// The names of all boards.
pub fn known_boards() -> Vec<String> {
    board_names(&boards_dir(&workspace_root()))
}

/// Reads board `name`; an unknown name lists the known ones.
pub fn load(name: &str) -> Result<Board, String> {
    let dir = boards_dir(&workspace_root()).join(name);
    if !dir.join("board.toml").is_file() {
        return Err(format!(
            "unknown board `{name}`; known boards: {}",
            known_boards().join(", ")
        ));
    }
    Board::load(&dir)
}

/// Options of `build` and `run`.
pub struct Options {
    pub board: String,
    pub release: bool,
    /// Build the qemu variant (semihosting, the emulated flash size).
    pub qemu: bool,
    /// `run`'s script, if any.
    pub script: Option<PathBuf>,
}

/// Parses `--board NAME [--release] [--qemu]`.
pub fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut board = None;
    let mut release = false;
    let mut qemu = false;
    let mut script = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--board" => board = it.next().cloned(),
            "--release" => release = true,
            "--qemu" => qemu = true,
            s if s.starts_with("--board=") => board = Some(s["--board=".len()..].to_string()),
            s if !s.starts_with('-') && script.is_none() => script = Some(PathBuf::from(s)),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let board = board.ok_or_else(|| {
        format!(
            "which board? `--board NAME`, one of: {}",
            known_boards().join(", ")
        )
    })?;
    Ok(Options {
        board,
        release,
        qemu,
        script,
    })
}

/// Writes the names the board's frozen modules use to
/// `target/frozen/NAME.qstrs` (one per line) for pyrite-obj's build script,
/// which adds them to the firmware's static qstr table; `None` without a
/// manifest.
fn frozen_qstrs(board: &Board, qemu: bool) -> Result<Option<PathBuf>, String> {
    let Some(manifest) = board.manifest_for(qemu) else {
        return Ok(None);
    };
    let frozen = pyrite_freeze::freeze_manifest(manifest, &pyrite_freeze::Options::default())
        .map_err(|e| e.to_string())?;
    let dir = target_dir().join("frozen");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // One file per variant: switching between them rebuilds nothing.
    let variant = if qemu { "-qemu" } else { "" };
    let path = dir.join(format!("{}{variant}.qstrs", board.name));
    let mut text = frozen.qstrs.join("\n");
    text.push('\n');
    // Unchanged text keeps the file's time, so cargo does not rebuild.
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(Some(path))
}

/// Settings of a board with `build_std = true` (the micro:bit): `core` and
/// `alloc` are rebuilt with the profile's size settings instead of linked
/// as shipped (built for speed), a panic is one abort instruction (no
/// message formatting, no unwinding tables; the port's hard-fault handler
/// takes over) and panic sites carry no file/line location. These are
/// unstable options of the pinned stable toolchain, enabled for this one
/// command by `RUSTC_BOOTSTRAP`; they need the `rust-src` component
/// (`rust-toolchain.toml`). Measured in `docs/memory.md`: 37 KB less on the
/// micro:bit. `core`'s `optimize_for_size` (its smaller sort and formatting
/// code, 1.0 KB) and MIR optimisation level 1 (no MIR inlining before LLVM's
/// size-tuned one, 0.9 KB) go with them.
fn build_std_for_size(command: &mut Command) {
    command.env("RUSTC_BOOTSTRAP", "1");
    command.arg("-Zbuild-std=core,alloc");
    command.arg("-Zbuild-std-features=optimize_for_size");
    let flags = [
        "-Zunstable-options",
        "-Cpanic=immediate-abort",
        "-Zlocation-detail=none",
        "-Zfmt-debug=none",
        "-Zmir-opt-level=1",
    ];
    command.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\u{1f}"));
}

/// A built firmware.
pub struct Built {
    pub board: Board,
    /// The `.elf` file under `target/boards/NAME/`.
    pub elf: PathBuf,
}

/// Builds `board`: the dev profile (optimised for size, so it fits the
/// micro:bit's flash) or, with `release`, the `firmware` profile (size, fat
/// LTO). `qemu` adds the `semihosting` feature (fatal errors and
/// `sys.exit(n)` end qemu with a status) and writes under
/// `target/boards/NAME/qemu/`.
pub fn build(board: &Board, release: bool, qemu: bool) -> Result<Built, String> {
    let mut command = cargo(None);
    command.args([
        "build",
        "-p",
        &board.port,
        "--bin",
        &board.bin,
        "--target",
        &board.target,
    ]);
    let profile_dir = if release {
        command.args(["--profile", "firmware"]);
        "firmware"
    } else {
        // Debug information and assertions, but code small enough for the
        // smallest flash.
        command.args(["--config", "profile.dev.opt-level=\"s\""]);
        "debug"
    };
    let mut features = board.features.clone();
    if qemu {
        features.push("semihosting".into());
    }
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    if board.build_std {
        build_std_for_size(&mut command);
    }
    command.env("PYRITE_BOARD", &board.name);
    command.env("PYRITE_QEMU", if qemu { "1" } else { "0" });
    if let Some(qstrs) = frozen_qstrs(board, qemu)? {
        command.env("PYRITE_EXTRA_QSTRS", qstrs);
    }
    if let Err(e) = cmd::run(&mut command) {
        if !qemu && board.qemu.as_ref().and_then(|q| q.flash).is_some() {
            // The micro:bit's debug build (assertions, no size tuning) is
            // bigger than its flash; the firmware profile fits.
            let hint = if release {
                ""
            } else {
                " (the `--release` build does)"
            };
            eprintln!(
                "xtask: note: this build does not fit {}'s {} KiB of flash{hint}; \
                 `cargo xtask run --board {}` runs it in qemu with more emulated flash",
                board.name,
                board.flash.size / 1024,
                board.name
            );
        }
        return Err(e);
    }

    let built = target_dir()
        .join(&board.target)
        .join(profile_dir)
        .join(&board.bin);
    let mut out = target_dir().join("boards").join(&board.name);
    if qemu {
        out = out.join("qemu");
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let bytes = std::fs::read(&built).map_err(|e| format!("{}: {e}", built.display()))?;
    let elf = Elf::parse(&bytes).map_err(|e| format!("{}: {e}", built.display()))?;
    let write = |name: &str, data: &[u8]| -> Result<PathBuf, String> {
        let path = out.join(name);
        std::fs::write(&path, data).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    };
    let elf_path = write("pyrite.elf", &bytes)?;
    let (base, flat) = elf.flat();
    write("pyrite.bin", &flat)?;
    write("pyrite.hex", intel_hex(base, &flat, elf.entry).as_bytes())?;
    let mut files = vec!["elf", "bin", "hex"];
    if board.dfu {
        write("pyrite.dfu", &dfuse(&[(base, &flat)], ST_VID, ST_DFU_PID))?;
        files.push("dfu");
    }
    if let Some(family) = board.uf2_family {
        write("pyrite.uf2", &uf2(base, &flat, family)?)?;
        files.push("uf2");
    }
    let flash_size = match (qemu, board.qemu.as_ref().and_then(|q| q.flash)) {
        (true, Some(f)) => f,
        _ => board.flash.size,
    };
    let heap = report(
        board,
        &elf,
        flat.len() as u64,
        flash_size,
        release,
        &out,
        &files,
    );
    if let Some(min) = board.min_heap
        && heap < min
    {
        return Err(format!(
            "{}: the GC heap is {heap} bytes, under the {min} the board promises (`memory.min_heap`)",
            board.name
        ));
    }
    Ok(Built {
        board: board.clone(),
        elf: elf_path,
    })
}

/// Prints the build's figures on standard error (standard output is the
/// script's, for `run --board NAME script.py`); returns the GC heap's size.
fn report(
    board: &Board,
    elf: &Elf,
    flash_used: u64,
    flash_size: u64,
    release: bool,
    out: &Path,
    files: &[&str],
) -> u64 {
    let (data, bss) = elf.usage_in(board.ram.origin, board.ram.size);
    let statics = data + bss;
    let free = board
        .ram
        .size
        .saturating_sub(board.stack + statics + board.vm.arena);
    let heap = match board.heap {
        HeapSize::Rest => free,
        HeapSize::Bytes(n) => n.min(free),
    };
    let pct = |a: u64, b: u64| {
        if b == 0 {
            0.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    eprintln!(
        "{} ({}, {}), {} profile:",
        board.name,
        board.chip,
        board.target,
        if release { "firmware" } else { "dev" }
    );
    eprintln!(
        "  flash: {flash_used} of {flash_size} bytes ({:.1}%){}",
        pct(flash_used, flash_size),
        if flash_size != board.flash.size {
            format!(" (emulated; the chip has {})", board.flash.size)
        } else {
            String::new()
        }
    );
    eprintln!(
        "  RAM:   {} bytes: stack {}, statics {statics} (data {data}, bss {bss}), arena {}, GC heap {heap}",
        board.ram.size, board.stack, board.vm.arena
    );
    eprintln!("  sections: {}", elf.section_sizes());
    eprintln!("  files: {}/pyrite.{{{}}}", out.display(), files.join(","));
    heap
}

/// The qemu command line that boots `built` (without its serial port).
pub fn qemu_command(built: &Built) -> Result<Command, String> {
    let q = built
        .board
        .qemu
        .as_ref()
        .ok_or_else(|| format!("qemu does not model board `{}`", built.board.name))?;
    let mut command = Command::new("qemu-system-arm");
    command.args(["-M", &q.machine]);
    command.args(&q.flags);
    command.args(["-semihosting-config", "enable=on,target=native"]);
    command.arg("-kernel").arg(&built.elf);
    Ok(command)
}

/// `cargo xtask build`.
pub fn build_command(args: &[String]) -> Result<(), String> {
    let o = parse_args(args)?;
    if let Some(s) = &o.script {
        return Err(format!("unexpected argument `{}`", s.display()));
    }
    let board = load(&o.board)?;
    build(&board, o.release, o.qemu).map(|_| ())
}

/// `cargo xtask run`: builds the qemu variant and boots it with the REPL on
/// this terminal.
pub fn run_command(args: &[String]) -> Result<(), String> {
    let o = parse_args(args)?;
    let board = load(&o.board)?;
    let built = build(&board, o.release, true)?;
    if let Some(script) = &o.script {
        let source =
            std::fs::read(script).map_err(|e| format!("cannot read {}: {e}", script.display()))?;
        let run = crate::board_test::run_script(&built, &source)?;
        print!("{}", run.stdout);
        eprint!("{}", run.stderr);
        std::process::exit(run.status);
    }
    let mut command = qemu_command(&built)?;
    command.args(["-serial", "mon:stdio"]);
    eprintln!("xtask: booting {} in qemu (Ctrl-A X quits)", board.name);
    let status = command
        .status()
        .map_err(|e| format!("cannot start qemu-system-arm: {e}"))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(format!("qemu exited with status {code}")),
        None => Err("qemu was killed".into()),
    }
}
