//! `cargo xtask bench vm`: the programs in `bench/` on `pyrite` beside
//! `python3` (and MicroPython's WebAssembly build when one is given), best of
//! several runs each, with the geometric mean of the time ratios.
//!
//! `pyrite` runs each program compiled by `mpy-cross`, so the figure is the
//! VM's alone; every run's output must equal `python3`'s or the row says
//! `WRONG`. Set `PYRITE_MICROPYTHON_JS` to a node script that runs a file
//! with `@micropython/micropython-webassembly-pyscript` to add its column
//! (its times include node's start-up: compare ratios between rows, not to 1).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::cmd::{self, cargo, workspace_root};

/// Runs of each program; the fastest counts.
const RUNS: usize = 3;

/// One runner's result for one program.
enum Outcome {
    Time(Duration),
    Wrong,
    Failed,
}

impl Outcome {
    fn seconds(&self) -> Option<f64> {
        match self {
            Outcome::Time(d) => Some(d.as_secs_f64()),
            _ => None,
        }
    }

    fn cell(&self) -> String {
        match self {
            Outcome::Time(d) => format!("{:.3}", d.as_secs_f64()),
            Outcome::Wrong => "WRONG".into(),
            Outcome::Failed => "FAILED".into(),
        }
    }
}

/// The fastest of `RUNS` runs of `command`, if every run printed `expected`.
fn time_runs(mut make: impl FnMut() -> Command, expected: &[u8]) -> Outcome {
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let start = Instant::now();
        let Ok(output) = make().output() else {
            return Outcome::Failed;
        };
        let elapsed = start.elapsed();
        if !output.status.success() {
            return Outcome::Failed;
        }
        if output.stdout != expected {
            return Outcome::Wrong;
        }
        best = best.min(elapsed);
    }
    Outcome::Time(best)
}

/// The `.py` files of `dir`, sorted.
pub fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "py"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn geometric_mean(ratios: &[f64]) -> Option<f64> {
    if ratios.is_empty() {
        return None;
    }
    let log_sum: f64 = ratios.iter().map(|r| r.ln()).sum();
    Some((log_sum / ratios.len() as f64).exp())
}

pub fn run() -> Result<(), String> {
    cmd::run(cargo(None).args(["build", "--release", "-p", "pyrite-port-unix"]))?;
    let root = workspace_root();
    let pyrite = root.join("target/release/pyrite");
    let out_dir = root.join("target/bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let micropython_js = std::env::var_os("PYRITE_MICROPYTHON_JS");

    println!(
        "{:<14} {:>9} {:>9} {:>7} {:>9} {:>7}",
        "program", "python3", "pyrite", "ratio", "mp-wasm", "ratio"
    );
    let (mut pyrite_ratios, mut mp_ratios) = (Vec::new(), Vec::new());
    for source in python_files(&root.join("bench")) {
        let name = source
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let expected = Command::new("python3")
            .arg(&source)
            .output()
            .map_err(|e| format!("cannot run python3: {e}"))?
            .stdout;
        let python = time_runs(
            || {
                let mut c = Command::new("python3");
                c.arg(&source);
                c
            },
            &expected,
        );
        let mpy = out_dir.join(format!("{name}.mpy"));
        cmd::run(Command::new("mpy-cross").arg("-o").arg(&mpy).arg(&source))?;
        let ours = time_runs(
            || {
                let mut c = Command::new(&pyrite);
                c.arg(&mpy);
                c
            },
            &expected,
        );
        let theirs = micropython_js.as_ref().map(|script| {
            time_runs(
                || {
                    let mut c = Command::new("node");
                    c.arg(script).arg(&source);
                    c
                },
                &expected,
            )
        });
        let ratio = |o: &Outcome, ratios: &mut Vec<f64>| match (o.seconds(), python.seconds()) {
            (Some(a), Some(b)) if b > 0.0 => {
                ratios.push(a / b);
                format!("{:.2}", a / b)
            }
            _ => "-".into(),
        };
        let ours_ratio = ratio(&ours, &mut pyrite_ratios);
        let (theirs_cell, theirs_ratio) = match &theirs {
            Some(o) => (o.cell(), ratio(o, &mut mp_ratios)),
            None => ("-".into(), "-".into()),
        };
        println!(
            "{name:<14} {:>9} {:>9} {ours_ratio:>7} {theirs_cell:>9} {theirs_ratio:>7}",
            python.cell(),
            ours.cell(),
        );
    }
    let mean = |r: &[f64]| geometric_mean(r).map_or("-".into(), |m| format!("{m:.2}"));
    println!(
        "{:<14} {:>9} {:>9} {:>7} {:>9} {:>7}",
        "geomean",
        "",
        "",
        mean(&pyrite_ratios),
        "",
        mean(&mp_ratios)
    );
    println!("(seconds, best of {RUNS}; ratio = time / python3's time, lower is faster)");
    Ok(())
}
