//! `pyrite-cross`: compile a Python source file to a .mpy v6 file, with the
//! command line of MicroPython's `mpy-cross`.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pyrite_compiler::{Mode, Options, compile};

const USAGE: &str = "usage: pyrite-cross [-o OUT] [-s SOURCE_NAME] [-O{0..3}] \
[-msmall-int-bits=N] [--dis] file.py";

/// Parsed command line.
#[derive(Debug, Default)]
struct Args {
    output: Option<PathBuf>,
    source_name: Option<String>,
    opt_level: u8,
    small_int_bits: u8,
    dis: bool,
    input: Option<PathBuf>,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut a = Args {
        small_int_bits: 31,
        ..Args::default()
    };
    while let Some(arg) = it.next() {
        if arg == "-o" {
            a.output = Some(it.next().ok_or("-o needs a file name")?.into());
        } else if arg == "-s" {
            a.source_name = Some(it.next().ok_or("-s needs a name")?);
        } else if let Some(level) = arg.strip_prefix("-O") {
            a.opt_level = match level {
                "" => 1,
                "0" | "1" | "2" | "3" => level.parse().map_err(|_| "bad -O")?,
                // mpy-cross also accepts -OO.., counting the Os.
                l if l.bytes().all(|b| b == b'O') && l.len() <= 2 => l.len() as u8 + 1,
                _ => return Err(format!("invalid optimisation level: {arg}")),
            };
        } else if let Some(n) = arg.strip_prefix("-msmall-int-bits=") {
            let n: u8 = n
                .parse()
                .map_err(|_| format!("invalid small int bits: {n}"))?;
            if !(8..=63).contains(&n) {
                return Err(format!("small int bits must be 8..63, not {n}"));
            }
            a.small_int_bits = n;
        } else if arg == "--dis" {
            a.dis = true;
        } else if arg == "-h" || arg == "--help" {
            return Err(String::new());
        } else if arg.starts_with('-') && arg != "-" {
            return Err(format!("unknown option: {arg}"));
        } else if a.input.is_some() {
            return Err("only one input file is accepted".into());
        } else {
            a.input = Some(arg.into());
        }
    }
    if a.input.is_none() {
        return Err("no input file".into());
    }
    Ok(a)
}

fn disassemble(data: &[u8]) {
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = pyrite_mpy::dis::disassemble(data, &mut text);
    print!("{text}");
}

fn run(args: Args) -> Result<(), ExitCode> {
    let Some(input) = args.input else {
        return Err(ExitCode::from(2));
    };
    let src = std::fs::read(&input).map_err(|e| {
        eprintln!("pyrite-cross: cannot read {}: {e}", input.display());
        ExitCode::FAILURE
    })?;
    if args.dis && input.extension().is_some_and(|e| e == "mpy") {
        disassemble(&src);
        return Ok(());
    }
    let name = args
        .source_name
        .unwrap_or_else(|| input.to_string_lossy().into_owned());
    let opts = Options {
        source_name: &name,
        opt_level: args.opt_level,
        small_int_bits: args.small_int_bits,
        ..Options::default()
    };
    let mpy = compile(&src, Mode::File, &opts).map_err(|e| {
        eprintln!("Traceback (most recent call last):");
        eprintln!("  File \"{name}\", line {}", e.line);
        eprintln!("{}: {}", e.class_name(), e.msg);
        ExitCode::FAILURE
    })?;
    let out = args.output.unwrap_or_else(|| default_output(&input));
    std::fs::write(&out, &mpy).map_err(|e| {
        eprintln!("pyrite-cross: cannot write {}: {e}", out.display());
        ExitCode::FAILURE
    })?;
    if args.dis {
        disassemble(&mpy);
    }
    Ok(())
}

/// `dir/file.py` -> `dir/file.mpy`.
fn default_output(input: &Path) -> PathBuf {
    input.with_extension("mpy")
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("pyrite-cross: {msg}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn options() {
        let a = parse(&[
            "-o",
            "x.mpy",
            "-s",
            "y.py",
            "-O2",
            "-msmall-int-bits=15",
            "--dis",
            "f.py",
        ])
        .unwrap();
        assert_eq!(a.output, Some(PathBuf::from("x.mpy")));
        assert_eq!(a.source_name.as_deref(), Some("y.py"));
        assert_eq!(a.opt_level, 2);
        assert_eq!(a.small_int_bits, 15);
        assert!(a.dis);
        assert_eq!(a.input, Some(PathBuf::from("f.py")));
        assert!(parse(&["-O9", "f.py"]).is_err());
        assert!(parse(&[]).is_err());
        assert!(parse(&["a.py", "b.py"]).is_err());
        assert_eq!(
            default_output(Path::new("d/f.py")),
            PathBuf::from("d/f.mpy")
        );
    }
}
