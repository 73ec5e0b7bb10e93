//! The REPL's executor on a board: compiles input with the VM's compiler,
//! runs it, prints tracebacks on the console.

use core::sync::atomic::Ordering;

use alloc::string::String;
use pyrite_obj::Value;
use pyrite_obj::types::exc::{self, ExcObj};
use pyrite_repl::{ExecMode, Executor, Outcome};
use pyrite_vm::{Mode, Vm};

use crate::console::{self, ConsoleSink, EXECUTING, INTERRUPT};

/// Runs REPL input on `vm`.
pub struct BoardExecutor<'a> {
    /// The interpreter.
    pub vm: &'a Vm,
    /// The first banner line.
    pub banner: String,
    /// Called with `true` before Python runs and `false` after: the port
    /// routes Rust allocations made meanwhile (the compiler's, the VM's) to
    /// the GC heap.
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
        INTERRUPT.store(false, Ordering::Relaxed);
        r
    }
}

impl Executor for BoardExecutor<'_> {
    type Error = Value;

    fn execute(&mut self, source: &[u8], mode: ExecMode) -> Outcome<Value> {
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
        &self.banner
    }

    /// A raw-REPL program (an `mpremote run` script) would not fit the
    /// arena beside the VM: it goes to the GC heap, which it leaves as
    /// soon as it ran.
    fn program_buffer(&mut self, collecting: bool) {
        (self.scope)(collecting);
    }
}
