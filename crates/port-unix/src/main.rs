//! `pyrite`: runs a Python script (source or .mpy), `-c CMD`, `-m MODULE`,
//! standard input, or the REPL.

mod repl;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use pyrite_port_unix::{
    DEFAULT_HEAP, install_sigint, new_vm, parse_size, run_module, run_script, run_source,
};
use pyrite_vm::VmBox;

const USAGE: &str = "usage: pyrite [-X heapsize=N[k|m]] [-c CMD | -m MODULE | FILE | -] [args]";

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
    let mut target = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-X" => {
                let Some(opt) = args.next() else {
                    eprintln!("{USAGE}");
                    return Err(2);
                };
                match opt.strip_prefix("heapsize=").and_then(parse_size) {
                    Some(n) => heap = n,
                    None => {
                        eprintln!("pyrite: bad -X option: {opt}");
                        return Err(2);
                    }
                }
            }
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
        target,
        args: args.collect(),
    })
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
    if vm.set_argv(&argv).is_err() || vm.set_sys_path(&[path0]).is_err() {
        eprintln!("pyrite: cannot create the interpreter: heap too small");
        return Err(1);
    }
    Ok(vm)
}

#[inline(never)]
fn run(stack_base: usize) -> i32 {
    let cli = match parse_args() {
        Ok(c) => c,
        Err(code) => return code,
    };
    install_sigint();
    let (heap, args) = (cli.heap, &cli.args);
    let r = match &cli.target {
        Target::File(file) => {
            let bytes = match std::fs::read(file) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("pyrite: can't open file '{file}': {e}");
                    return 2;
                }
            };
            setup(heap, stack_base, file, args, script_dir(file))
                .map(|vm| run_script(&vm, &bytes, file))
        }
        Target::Command(cmd) => setup(heap, stack_base, "-c", args, "")
            .map(|vm| run_source(&vm, cmd.as_bytes(), "<string>")),
        Target::Module(name) => {
            setup(heap, stack_base, name, args, "").map(|vm| run_module(&vm, name))
        }
        Target::Stdin => {
            let mut src = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut src) {
                eprintln!("pyrite: can't read standard input: {e}");
                return 2;
            }
            setup(heap, stack_base, "", args, "").map(|vm| run_source(&vm, &src, "<stdin>"))
        }
        Target::Repl => Ok(repl::run(|| setup(heap, stack_base, "", args, ""))),
    };
    r.unwrap_or_else(|code| code)
}
