//! The REPL's executor on a board: compiles input with the VM's compiler,
//! runs it, prints tracebacks on the console.

use core::sync::atomic::{AtomicU8, Ordering};

use pyrite_obj::Value;
use pyrite_obj::types::exc::{self, ExcObj};
use pyrite_repl::{ExecMode, Executor, Outcome};
use pyrite_vm::{Mode, Vm};

use crate::console::{self, ConsoleSink, EXECUTING, INTERRUPT};

/// Which REPL's input runs (or last ran, until the REPL collects the next
/// one): how a soft reset after a failed allocation reports the error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Running {
    /// The friendly REPL's (or paste mode's).
    Friendly,
    /// The raw REPL's: the error goes in the protocol's frame.
    Raw,
}

/// [`Running`] as a number: 0 for none.
static RUNNING: AtomicU8 = AtomicU8::new(0);

/// Which REPL's input runs, if any; forgets it.
pub fn take_running() -> Option<Running> {
    // Load and store: the Cortex-M0 has no atomic swap (and only the
    // panic handler calls this, with interrupts off).
    let running = RUNNING.load(Ordering::Relaxed);
    RUNNING.store(0, Ordering::Relaxed);
    match running {
        1 => Some(Running::Friendly),
        2 => Some(Running::Raw),
        _ => None,
    }
}

/// Runs REPL input on `vm`.
pub struct BoardExecutor<'a> {
    /// The interpreter.
    pub vm: &'a Vm,
    /// The first banner line.
    pub banner: &'a str,
    /// Called with `true` before Python runs and `false` after, and so
    /// around the REPL's short-lived buffers: the port routes Rust
    /// allocations made meanwhile (the compiler's, the VM's, the line being
    /// edited) to the GC heap.
    pub scope: fn(bool),
}

/// The exit code of a `SystemExit` exception, or `None` for any other
/// exception.
// A small int is `i32` on the boards and `i64` on hosts.
#[allow(clippy::unnecessary_cast)]
pub fn system_exit_code(vm: &Vm, e: Value) -> Option<i32> {
    let rt = vm.rt();
    if !rt.type_of(e).is_subtype_of(&exc::SYSTEM_EXIT) {
        return None;
    }
    let code = rt
        .downcast::<ExcObj>(e)
        .and_then(|x| x.args(rt).first().copied())
        .unwrap_or(Value::NONE);
    Some(if code.is_none() {
        0
    } else {
        code.as_small_int().map_or(1, |i| i as i32)
    })
}

impl BoardExecutor<'_> {
    /// Runs `f` as Python code: with Ctrl-C armed and Rust allocations in
    /// the GC heap.
    pub fn run_python<R>(&mut self, f: impl FnOnce(&Vm) -> R) -> R {
        INTERRUPT.store(false, Ordering::Relaxed);
        (self.scope)(true);
        EXECUTING.store(true, Ordering::Relaxed);
        let r = f(self.vm);
        EXECUTING.store(false, Ordering::Relaxed);
        (self.scope)(false);
        #[cfg(all(target_os = "none", feature = "mem-report"))]
        crate::mem_report::report();
        INTERRUPT.store(false, Ordering::Relaxed);
        r
    }
}

impl Executor for BoardExecutor<'_> {
    type Error = Value;

    fn execute(&mut self, source: &[u8], mode: ExecMode) -> Outcome<Value> {
        let running = if mode == ExecMode::Raw {
            Running::Raw
        } else {
            Running::Friendly
        };
        RUNNING.store(running as u8 + 1, Ordering::Relaxed);
        let mode = if mode.is_file() {
            Mode::File
        } else {
            Mode::Single
        };
        let r = self.run_python(|vm| vm.exec_source(source, "<stdin>", mode));
        match r {
            Ok(_) => Outcome::Done,
            Err(e) => match system_exit_code(self.vm, e.0) {
                Some(code) => Outcome::Exit(code),
                None => Outcome::Raised(e.0),
            },
        }
    }

    fn print_error(&mut self, error: Value) {
        let vm = self.vm;
        self.run_python(|_| {
            if vm.print_exception(error, &mut ConsoleSink).is_err() {
                console::write(b"(error while printing the exception)\r\n");
            }
        });
    }

    fn banner(&self) -> &str {
        self.banner
    }

    /// The line being edited, a multi-line input, a paste-mode block or a
    /// raw-REPL program (an `mpremote run` script) would not fit the arena:
    /// they go to the GC heap, which they leave as soon as they ran.
    fn transient_buffers(&mut self, on: bool) {
        if on {
            // The REPL collects the next input: the last one is over.
            RUNNING.store(0, Ordering::Relaxed);
        }
        (self.scope)(on);
    }
}
