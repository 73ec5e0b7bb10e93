//! The interactive REPL on a host terminal: `pyrite-repl`'s friendly and
//! raw REPL over standard input and output.
//!
//! On a terminal, input is read in raw mode (no echo, no line buffering, no
//! signals: the REPL edits the line itself). While a program runs the
//! terminal goes back to its own settings (so Ctrl-C raises
//! `KeyboardInterrupt` through SIGINT and `\n` prints as `\r\n`); for a raw
//! REPL program only signals and output processing come back, so the host
//! tool's bytes are never echoed. The settings are restored on exit and on
//! panic.
//!
//! Ctrl-D on an empty line exits; a soft reset (Ctrl-D on an empty raw REPL
//! command, what `mpremote` does on connecting) makes a new interpreter.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use pyrite_obj::map::Map;
use pyrite_obj::types::dict::Dict;
use pyrite_obj::types::exc;
use pyrite_obj::types::tuple::Tuple;
use pyrite_obj::{PyResult, Sink, Value, q};
use pyrite_port_unix::{INTERRUPT, IoSink, report};
use pyrite_repl::{Event, ExecMode, Executor, Outcome, Repl, Terminal};
use pyrite_vm::{Mode, VmBox};

/// The terminal settings found at start, restored by the panic hook.
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

/// Restores the saved settings of standard input, if any.
fn restore_saved() {
    let saved = match SAVED.lock() {
        Ok(g) => *g,
        Err(p) => *p.into_inner(),
    };
    if let Some(t) = saved {
        // SAFETY: `t` is a valid `termios` read by `tcgetattr` on fd 0.
        unsafe { libc::tcsetattr(0, libc::TCSANOW, &t) };
    }
}

/// How the terminal is set.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TtyMode {
    /// Reading REPL input: raw.
    Edit,
    /// Running friendly-REPL code: the settings found at start.
    Run,
    /// Running raw-REPL code: raw input, but signals and output processing.
    RunRaw,
}

/// Standard input's terminal settings: the original and the REPL's.
struct Tty {
    original: libc::termios,
    edit: libc::termios,
    run_raw: libc::termios,
}

impl Tty {
    /// Puts standard input in raw mode when it is a terminal.
    fn open() -> Option<Tty> {
        // SAFETY: `isatty` only inspects the descriptor.
        if unsafe { libc::isatty(0) } != 1 {
            return None;
        }
        // SAFETY: an all-zero `termios` is a valid value of this plain C
        // struct; `tcgetattr` overwrites it.
        let mut original: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd 0 is open; `original` is a valid out pointer.
        if unsafe { libc::tcgetattr(0, &mut original) } != 0 {
            return None;
        }
        let mut edit = original;
        edit.c_iflag &= !(libc::BRKINT
            | libc::ICRNL
            | libc::INLCR
            | libc::IGNCR
            | libc::INPCK
            | libc::ISTRIP
            | libc::IXON);
        edit.c_oflag &= !libc::OPOST;
        edit.c_cflag |= libc::CS8;
        edit.c_lflag &= !(libc::ECHO | libc::ECHONL | libc::ICANON | libc::IEXTEN | libc::ISIG);
        edit.c_cc[libc::VMIN] = 1;
        edit.c_cc[libc::VTIME] = 0;
        let mut run_raw = edit;
        run_raw.c_lflag |= libc::ISIG;
        run_raw.c_oflag |= libc::OPOST | libc::ONLCR;
        match SAVED.lock() {
            Ok(mut g) => *g = Some(original),
            Err(p) => *p.into_inner() = Some(original),
        }
        install_panic_hook();
        let tty = Tty {
            original,
            edit,
            run_raw,
        };
        tty.set(TtyMode::Edit);
        Some(tty)
    }

    fn set(&self, mode: TtyMode) {
        let t = match mode {
            TtyMode::Edit => &self.edit,
            TtyMode::Run => &self.original,
            TtyMode::RunRaw => &self.run_raw,
        };
        // At once: output was processed when it was written.
        // SAFETY: fd 0 is open; `t` is a valid `termios` derived from the
        // one `tcgetattr` returned.
        unsafe { libc::tcsetattr(0, libc::TCSANOW, t) };
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        let _ = std::io::stdout().flush();
        self.set(TtyMode::Run);
    }
}

/// Restores the terminal before the default panic message (with
/// `panic = "abort"` no destructor runs).
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_saved();
            previous(info);
        }));
    });
}

/// Standard input and output as the REPL's console.
struct Stdio;

impl Terminal for Stdio {
    fn read_byte(&mut self) -> Option<u8> {
        let mut b = 0u8;
        loop {
            // SAFETY: reads at most one byte into `b`, a valid buffer.
            let n = unsafe { libc::read(0, (&raw mut b).cast(), 1) };
            match n {
                1 => return Some(b),
                0 => return None,
                _ if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {}
                _ => return None,
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        let _ = std::io::stdout().write_all(bytes);
    }

    fn flush(&mut self) {
        let _ = std::io::stdout().flush();
    }
}

/// A sink writing `\n` as `\r\n` (for tracebacks printed while the
/// terminal does no output processing).
struct CrLf<S>(S);

impl<S: Sink> Sink for CrLf<S> {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        for (i, part) in bytes.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.0.put(b"\r\n")?;
            }
            self.0.put(part)?;
        }
        Ok(())
    }
}

/// Built-in names offered for completion (each is checked against the
/// interpreter before it is offered).
const BUILTIN_NAMES: &[&str] = &[
    "abs",
    "all",
    "any",
    "bin",
    "bool",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "filter",
    "float",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "zip",
    "__import__",
    "__name__",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "EOFError",
    "Exception",
    "GeneratorExit",
    "ImportError",
    "IndentationError",
    "IndexError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "NameError",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemExit",
    "TypeError",
    "UnicodeError",
    "ValueError",
    "ZeroDivisionError",
];

/// The host port's side of the REPL.
struct HostExec<'a> {
    vm: VmBox,
    tty: Option<&'a Tty>,
    banner: String,
}

impl HostExec<'_> {
    /// Evaluates a dotted name (parts already checked to be identifiers).
    fn eval_path(&self, path: &[&str]) -> Option<Value> {
        if path
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_'))
        {
            return None;
        }
        self.vm
            .exec_source(path.join(".").as_bytes(), "<stdin>", Mode::Eval)
            .ok()
    }

    /// Adds the string keys of `dict` to `out`.
    fn dict_keys(&self, dict: Value, out: &mut Vec<String>) {
        if let Some(d) = self.vm.rt().downcast::<Dict>(dict) {
            self.map_keys(d.map(), out);
        }
    }

    /// Adds the string keys of `map` to `out`.
    fn map_keys(&self, map: &Map, out: &mut Vec<String>) {
        let rt = self.vm.rt();
        for i in 0..map.slots() {
            if let Some((k, _)) = map.entry_at(i)
                && let Some(s) = rt.str_bytes(k)
            {
                out.push(String::from_utf8_lossy(s).into_owned());
            }
        }
    }

    /// Adds the attribute names of `ty` and its ancestors to `out`.
    fn type_names(&self, ty: &pyrite_obj::object::Type, out: &mut Vec<String>, depth: usize) {
        let rt = self.vm.rt();
        if depth > 32 {
            return;
        }
        for (name, _) in ty.methods {
            if let Some(s) = rt.str_bytes(Value::qstr(*name)) {
                out.push(String::from_utf8_lossy(s).into_owned());
            }
        }
        if !ty.locals.is_null() {
            self.dict_keys(ty.locals, out);
        }
        if let Some(mro) = rt.downcast::<Tuple>(ty.mro) {
            for &t in mro.items() {
                if let Some(t) = rt.downcast::<pyrite_obj::object::Type>(t) {
                    self.type_names(t, out, 33);
                }
            }
        } else if let Some(base) = ty.base {
            // SAFETY: a type's base is a live type object (static, or a
            // heap class kept alive by the subclass).
            self.type_names(unsafe { base.as_ref() }, out, depth + 1);
        }
    }

    /// Adds the attribute names of `obj` to `out`.
    fn attr_names(&self, obj: Value, out: &mut Vec<String>) {
        let rt = self.vm.rt();
        if let Some(map) = rt.instance_map(obj) {
            self.map_keys(map, out);
        } else if let Ok(d) = rt.load_attr(obj, q::__dict__) {
            self.dict_keys(d, out);
        }
        if let Some(t) = rt.downcast::<pyrite_obj::object::Type>(obj) {
            self.type_names(t, out, 0);
        } else {
            self.type_names(rt.type_of(obj), out, 0);
        }
    }
}

impl Executor for HostExec<'_> {
    type Error = Value;

    fn execute(&mut self, source: &[u8], mode: ExecMode) -> Outcome<Value> {
        if let Some(tty) = self.tty {
            tty.set(match mode {
                ExecMode::Raw => TtyMode::RunRaw,
                _ => TtyMode::Run,
            });
        }
        INTERRUPT.store(false, Ordering::Relaxed);
        let vm_mode = match mode {
            ExecMode::Single => Mode::Single,
            ExecMode::Paste | ExecMode::Raw => Mode::File,
        };
        let r = self.vm.exec_source(source, "<stdin>", vm_mode);
        let _ = std::io::stdout().flush();
        if let Some(tty) = self.tty {
            tty.set(TtyMode::Edit);
        }
        match r {
            Ok(_) => Outcome::Done,
            Err(e) => {
                if self.vm.rt().type_of(e.0).is_subtype_of(&exc::SYSTEM_EXIT) {
                    Outcome::Exit(report(&self.vm, e.0))
                } else {
                    Outcome::Raised(e.0)
                }
            }
        }
    }

    fn print_error(&mut self, error: Value) {
        let mut out = CrLf(IoSink(std::io::stdout()));
        if self.vm.print_exception(error, &mut out).is_err() {
            let _ = out.put(b"(error while printing the exception)\n");
        }
        let _ = std::io::stdout().flush();
    }

    fn complete(&mut self, path: &[&str], prefix: &str, out: &mut Vec<String>) {
        if path.is_empty() {
            self.dict_keys(self.vm.main_globals(), out);
            for name in BUILTIN_NAMES {
                if name.starts_with(prefix) && !out.iter().any(|o| o == name) {
                    // Offered only if the interpreter has it.
                    if self.eval_path(&[name]).is_some() {
                        out.push((*name).to_string());
                    }
                }
            }
        } else if let Some(obj) = self.eval_path(path) {
            self.attr_names(obj, out);
        }
    }

    fn banner(&self) -> &str {
        &self.banner
    }
}

/// Runs the REPL on standard input and output until Ctrl-D on an empty
/// line, the end of input or `SystemExit`; returns the exit code.
/// `make_vm` makes an interpreter at start and after each soft reset (an
/// `Err` is an exit code, its message already printed).
pub fn run(mut make_vm: impl FnMut() -> Result<VmBox, i32>) -> i32 {
    let tty = Tty::open();
    let mut repl = Repl::new();
    let banner = format!(
        "Pyrite {}; {} with {}",
        env!("CARGO_PKG_VERSION"),
        match std::env::consts::OS {
            "macos" => "darwin",
            os => os,
        },
        std::env::consts::ARCH
    );
    loop {
        let vm = match make_vm() {
            Ok(vm) => vm,
            Err(code) => return code,
        };
        vm.set_stdout(Box::new(IoSink(std::io::stdout())));
        let mut exec = HostExec {
            vm,
            tty: tty.as_ref(),
            banner: banner.clone(),
        };
        match repl.run(&mut Stdio, &mut exec) {
            Event::SoftReset => continue,
            Event::EndOfInput | Event::Closed => return 0,
            Event::Exit(code) => return code,
        }
    }
}
