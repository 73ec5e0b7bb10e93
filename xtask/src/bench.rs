//! `cargo xtask bench`: benchmark harnesses, each printing its own table.

use crate::cmd::{self, cargo};

const ALL_BENCHES: &[&str] = &["gc", "vm", "size"];

pub fn run(args: &[String]) -> Result<(), String> {
    if args
        .iter()
        .any(|a| a == "--board" || a.starts_with("--board="))
    {
        return crate::bench_board::run(args);
    }
    let names: Vec<&str> = if args.is_empty() {
        ALL_BENCHES.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    for name in names {
        match name {
            "gc" => cmd::run(cargo(None).args(["bench", "-p", "pyrite-gc", "--bench", "gc"]))?,
            "vm" => crate::bench_vm::run()?,
            "size" => crate::bench_size::run()?,
            other => {
                return Err(format!(
                    "unknown benchmark `{other}`; known: {}",
                    ALL_BENCHES.join(", ")
                ));
            }
        }
    }
    Ok(())
}
