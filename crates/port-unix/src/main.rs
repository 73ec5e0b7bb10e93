//! `pyrite`: runs a Python script (source or .mpy), `-c CMD`, `-m MODULE`,
//! standard input, or the REPL.

mod repl;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use pyrite_obj::types::exc;
use pyrite_port_unix::{
    DEFAULT_HEAP, flush_stdout, install_sigint, new_vm, parse_size, report, run_module, run_script,
    run_source,
};
use pyrite_vm::VmBox;

const USAGE: &str = "usage: pyrite [-i] [-O[N]] [-v] [-X heapsize=N[k|m]] [-X emit=bytecode|native|viper] \
[-X realtime] [-c CMD | -m MODULE | FILE | -] [args]";

/// What to run.
enum Target {
    /// A script file (`.py` or `.mpy`).
    File(String),
    /// `-c CMD`.
    Command(String),
    /// `-m MODULE`.
    Module(String),
    /// `-`, or no script with standard input not a terminal.
    Stdin,
    /// No script, standard input a terminal.
    Repl,
}

/// The parsed command line.
struct Cli {
    heap: usize,
    /// `-i`: the REPL after the script.
    inspect: bool,
    /// `-O[N]`: the compiler's optimisation level.
    opt_level: u8,
    target: Target,
    /// The script's arguments (after the script, `-c CMD` or `-m MODULE`).
    args: Vec<String>,
}

fn main() -> ExitCode {
    // Every frame that uses the VM is below this one.
    let anchor = 0usize;
    let base = core::hint::black_box(&anchor) as *const usize as usize + size_of::<usize>();
    ExitCode::from(run(base) as u8)
}

/// Parses the command line; `Err` is the exit code after a message.
fn parse_args() -> Result<Cli, i32> {
    let mut args = std::env::args().skip(1);
    let mut heap = DEFAULT_HEAP;
    let mut inspect = false;
    let mut opt_level = 0u8;
    let mut target = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-X" => {
                let Some(opt) = args.next() else {
                    eprintln!("{USAGE}");
                    return Err(2);
                };
                if let Some(size) = opt.strip_prefix("heapsize=") {
                    match parse_size(size) {
                        Some(n) => heap = n,
                        None => {
                            eprintln!("pyrite: bad -X option: {opt}");
                            return Err(2);
                        }
                    }
                } else if !matches!(
                    opt.as_str(),
                    // Accepted as MicroPython's unix port does; native
                    // code is not emitted yet (bytecode runs instead).
                    "emit=bytecode" | "emit=native" | "emit=viper" | "realtime"
                ) {
                    eprintln!("pyrite: bad -X option: {opt}");
                    return Err(2);
                }
            }
            "-i" => inspect = true,
            // Verbose: accepted; MicroPython's standard unix build prints
            // nothing more either.
            "-v" => {}
            _ if a.starts_with("-O") => match parse_opt_level(&a[2..]) {
                Some(n) => opt_level = n,
                None => {
                    eprintln!("pyrite: bad option {a}\n{USAGE}");
                    return Err(2);
                }
            },
            "-c" | "-m" => {
                let Some(v) = args.next() else {
                    eprintln!("pyrite: argument expected for the {a} option\n{USAGE}");
                    return Err(2);
                };
                target = Some(if a == "-c" {
                    Target::Command(v)
                } else {
                    Target::Module(v)
                });
                break;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Err(0);
            }
            "-" => {
                target = Some(Target::Stdin);
                break;
            }
            _ if a.starts_with('-') && a.len() > 1 => {
                eprintln!("pyrite: unknown option {a}\n{USAGE}");
                return Err(2);
            }
            _ => {
                target = Some(Target::File(a));
                break;
            }
        }
    }
    let target = target.unwrap_or_else(|| {
        if std::io::stdin().is_terminal() {
            Target::Repl
        } else {
            Target::Stdin
        }
    });
    Ok(Cli {
        heap,
        inspect,
        opt_level,
        target,
        args: args.collect(),
    })
}

/// The level of `-O`, `-OO`..., `-ON` (the text after `-O`).
fn parse_opt_level(rest: &str) -> Option<u8> {
    if rest.bytes().all(|b| b == b'O') {
        Some((1 + rest.len()).min(3) as u8)
    } else {
        rest.parse::<u8>().ok().map(|n| n.min(3))
    }
}

/// The directory of a script path, as `sys.path[0]` (`""`: the current
/// directory).
fn script_dir(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(i) => &path[..i],
        None => "",
    }
}

/// Makes the VM with `sys.argv` and `sys.path` set.
fn setup(
    opt_level: u8,
    heap: usize,
    stack_base: usize,
    argv0: &str,
    args: &[String],
    path0: &str,
) -> Result<VmBox, i32> {
    let vm = new_vm(heap, stack_base).map_err(|e| {
        eprintln!("pyrite: {e}");
        1
    })?;
    let argv: Vec<&str> = std::iter::once(argv0)
        .chain(args.iter().map(String::as_str))
        .collect();
    vm.set_opt_level(opt_level);
    if vm.set_argv(&argv).is_err() || vm.set_sys_path(&[path0]).is_err() {
        eprintln!("pyrite: cannot create the interpreter: heap too small");
        return Err(1);
    }
    Ok(vm)
}

/// Runs the script for `-i`: `Some(code)` when it ended the program
/// (`sys.exit`), else `None` (an uncaught exception is printed) and the
/// REPL follows in the same globals.
fn run_then_inspect(vm: &VmBox, bytes: &[u8], file: &str) -> Option<i32> {
    let r = vm.exec_main(bytes, file);
    flush_stdout(vm);
    match r {
        Ok(_) => None,
        Err(e) => {
            let exit = vm.rt().type_of(e.0).is_subtype_of(&exc::SYSTEM_EXIT);
            let code = report(vm, e.0);
            exit.then_some(code)
        }
    }
}

#[inline(never)]
fn run(stack_base: usize) -> i32 {
    let cli = match parse_args() {
        Ok(c) => c,
        Err(code) => return code,
    };
    install_sigint();
    let (heap, args, opt) = (cli.heap, &cli.args, cli.opt_level);
    pyrite_port_unix::machine::enable_timer_thread();
    let r = match &cli.target {
        Target::File(file) => {
            let bytes = match std::fs::read(file) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("pyrite: can't open file '{file}': {e}");
                    return 2;
                }
            };
            match setup(opt, heap, stack_base, file, args, script_dir(file)) {
                Ok(vm) if cli.inspect => {
                    if let Some(code) = run_then_inspect(&vm, &bytes, file) {
                        return code;
                    }
                    let mut first = Some(vm);
                    Ok(repl::run(|| match first.take() {
                        Some(vm) => Ok(vm),
                        None => setup(opt, heap, stack_base, "", args, ""),
                    }))
                }
                r => r.map(|vm| run_script(&vm, &bytes, file)),
            }
        }
        Target::Command(cmd) => setup(opt, heap, stack_base, "-c", args, "")
            .map(|vm| run_source(&vm, cmd.as_bytes(), "<string>")),
        Target::Module(name) => {
            setup(opt, heap, stack_base, name, args, "").map(|vm| run_module(&vm, name))
        }
        Target::Stdin => {
            let mut src = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut src) {
                eprintln!("pyrite: can't read standard input: {e}");
                return 2;
            }
            setup(opt, heap, stack_base, "", args, "").map(|vm| run_source(&vm, &src, "<stdin>"))
        }
        Target::Repl => Ok(repl::run(|| setup(opt, heap, stack_base, "", args, ""))),
    };
    r.unwrap_or_else(|code| code)
}
