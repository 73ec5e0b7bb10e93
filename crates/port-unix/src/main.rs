//! `pyrite FILE.mpy [args]`: runs a compiled MicroPython file.

use std::process::ExitCode;

use pyrite_port_unix::{DEFAULT_HEAP, install_sigint, new_vm, parse_size, run_mpy};

const USAGE: &str = "usage: pyrite [-X heapsize=N[k|m]] FILE.mpy [args] | -c CMD";

fn main() -> ExitCode {
    // Every frame that uses the VM is below this one.
    let anchor = 0usize;
    let base = core::hint::black_box(&anchor) as *const usize as usize + size_of::<usize>();
    ExitCode::from(run(base) as u8)
}

#[inline(never)]
fn run(stack_base: usize) -> i32 {
    let mut args = std::env::args().skip(1);
    let mut heap = DEFAULT_HEAP;
    let mut file = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-X" => {
                let Some(opt) = args.next() else {
                    eprintln!("{USAGE}");
                    return 2;
                };
                match opt.strip_prefix("heapsize=").and_then(parse_size) {
                    Some(n) => heap = n,
                    None => {
                        eprintln!("pyrite: bad -X option: {opt}");
                        return 2;
                    }
                }
            }
            "-c" => {
                eprintln!(
                    "NotImplementedError: the compiler is not built yet; compile with mpy-cross"
                );
                return 1;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return 0;
            }
            _ => {
                file = Some(a);
                break;
            }
        }
    }
    let Some(file) = file else {
        eprintln!("{USAGE}");
        return 2;
    };
    if file.ends_with(".py") {
        eprintln!("NotImplementedError: the compiler is not built yet; compile with mpy-cross");
        return 1;
    }
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pyrite: can't open file '{file}': {e}");
            return 2;
        }
    };
    install_sigint();
    let vm = match new_vm(heap, stack_base) {
        Ok(vm) => vm,
        Err(e) => {
            eprintln!("pyrite: {e}");
            return 1;
        }
    };
    let argv: Vec<String> = std::iter::once(file).chain(args).collect();
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    if vm.set_argv(&argv).is_err() {
        eprintln!("pyrite: cannot create the interpreter: heap too small");
        return 1;
    }
    run_mpy(&vm, &bytes)
}
