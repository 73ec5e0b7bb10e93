//! `cargo xtask test`: every check CI runs, in one place.

use crate::cmd::{self, TestCounts, cargo};

/// The `no_std` library crates, each built for every embedded target.
const NO_STD_CRATES: &[&str] = &[
    "pyrite-gc",
    "pyrite-num",
    "pyrite-mpy",
    "pyrite-obj",
    "pyrite-compiler",
    "pyrite-vm",
    "pyrite-repl",
    "pyrite-hal",
    "pyrite-constdata",
    "pyrite-port-cortexm",
];

/// The embedded targets every `no_std` crate must build for: the pyboard's
/// Cortex-M4F and the micro:bit's Cortex-M0.
const EMBEDDED_TARGETS: &[&str] = &["thumbv7em-none-eabihf", "thumbv6m-none-eabi"];

/// The crates whose test suites must also pass under Miri.
const MIRI_CRATES: &[&str] = &["pyrite-gc"];

/// The nightly toolchain Miri runs on, pinned so CI does not change with
/// each night's release.
const MIRI_TOOLCHAIN: &str = include_str!("../../.ci/miri-toolchain");

const ALL_STEPS: &[&str] = &["fmt", "clippy", "nostd", "host", "miri", "qemu", "boards"];

pub fn run(args: &[String]) -> Result<(), String> {
    if args
        .iter()
        .any(|a| a == "--board" || a.starts_with("--board="))
    {
        return crate::board_test::command(args).map(|_| ());
    }
    let steps: Vec<&str> = if args.is_empty() {
        ALL_STEPS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    let mut counts = TestCounts::default();
    for step in &steps {
        eprintln!("xtask: == step `{step}` ==");
        match *step {
            "host" => counts.add(host()?),
            "nostd" => nostd()?,
            "clippy" => clippy()?,
            "fmt" => fmt()?,
            "miri" => counts.add(miri()?),
            "qemu" => counts.add(crate::qemu::run()?),
            "boards" => counts.add(crate::board_test::run_all()?),
            other => return Err(format!("unknown test step `{other}`")),
        }
    }
    println!("xtask: steps passed: {}", steps.join(", "));
    println!(
        "tests: {} passed, {} failed, {} skipped",
        counts.passed, counts.failed, counts.ignored
    );
    Ok(())
}

/// The crates whose code shapes the `compact` feature changes.
const COMPACT_CRATES: &[&str] = &["pyrite-num", "pyrite-obj", "pyrite-vm", "pyrite-port-unix"];

/// The crates with features a small board leaves out (`pyrite-vm`'s
/// `lang-full`, the compiler's syntax features).
const LANG_CRATES: &[&str] = &["pyrite-compiler", "pyrite-obj", "pyrite-vm"];

/// What the VM is built with when the language is cut down as on the
/// micro:bit: everything else a host has, so that the same tests run.
const WITHOUT_LANG_FULL: &str = "pyrite-vm/compiler,pyrite-vm/error-messages,\
pyrite-vm/stdlib-full,pyrite-vm/load-mpy,pyrite-vm/filesystem";

/// Every crate with every feature (so `compact`'s small shapes, which only
/// the micro:bit ships), then the crates `compact` changes as the hosts
/// ship them (the fast shapes), then the crates with `lang-full` parts
/// without them (each test checks what a program sees either way).
fn host() -> Result<TestCounts, String> {
    let mut counts =
        cmd::run_counting(cargo(None).args(["test", "--workspace", "--all-features"]))?;
    let mut command = cargo(None);
    command.arg("test");
    for krate in COMPACT_CRATES {
        command.args(["-p", krate]);
    }
    counts.add(cmd::run_counting(&mut command)?);
    let mut command = cargo(None);
    command.arg("test");
    for krate in LANG_CRATES {
        command.args(["-p", krate]);
    }
    command.args(["--no-default-features", "--features", WITHOUT_LANG_FULL]);
    counts.add(cmd::run_counting(&mut command)?);
    Ok(counts)
}

fn nostd() -> Result<(), String> {
    for target in EMBEDDED_TARGETS {
        let mut command = cargo(None);
        command.args(["build", "--target", target]);
        for krate in NO_STD_CRATES {
            command.args(["-p", krate]);
        }
        cmd::run(&mut command)?;
    }
    // Boards qemu does not model (the Pico) are at least built and linked,
    // images and all, as `cargo xtask build --board NAME` does; the others
    // are built (for qemu) and booted by the `qemu` step.
    for name in crate::board::known_boards() {
        let board = crate::board::load(&name)?;
        if board.qemu.is_none() {
            crate::board::build(&board, false, false)?;
        }
    }
    Ok(())
}

fn clippy() -> Result<(), String> {
    cmd::run(cargo(None).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The firmware crates are stubs on the host: lint each board's port (and
    // the shared firmware crate) for its own target too, with the board's
    // features and the ones its qemu step checks; the libraries under them
    // were linted above.
    for name in crate::board::known_boards() {
        let board = crate::board::load(&name)?;
        let mut features = board.features.clone();
        features.push("semihosting".into());
        if let Some(q) = &board.qemu {
            features.extend(q.check_features.iter().cloned());
        }
        cmd::run(
            cargo(None)
                .args(["clippy", "--no-deps", "--target", &board.target])
                .args(["-p", &board.port, "-p", "pyrite-port-cortexm"])
                .args(["--features", &features.join(",")])
                .args(["--", "-D", "warnings"])
                .env("PYRITE_BOARD", &board.name),
        )?;
    }
    Ok(())
}

fn fmt() -> Result<(), String> {
    cmd::run(cargo(None).args(["fmt", "--all", "--", "--check"]))
}

fn miri() -> Result<TestCounts, String> {
    let mut counts = TestCounts::default();
    for krate in MIRI_CRATES {
        let mut command = cargo(Some(MIRI_TOOLCHAIN.trim()));
        command
            .args(["miri", "test", "-p", krate, "--all-features"])
            .env("MIRIFLAGS", "-Zmiri-strict-provenance");
        counts.add(cmd::run_counting(&mut command)?);
    }
    Ok(counts)
}
