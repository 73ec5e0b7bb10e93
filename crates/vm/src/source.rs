//! Running Python source: compiling with `pyrite-compiler` (the
//! `compiler` feature) to .mpy bytes that are loaded at once and dropped,
//! compile errors as `SyntaxError`/`IndentationError`, and the built-ins
//! `exec`, `eval`, `compile` (code objects; the `builtins-extra` feature)
//! and `__repl_print__`.

#[cfg(feature = "builtins-extra")]
use pyrite_gc::AllocFlags;
#[cfg(feature = "builtins-extra")]
use pyrite_obj::Sink;
use pyrite_obj::object::Type;
#[cfg(feature = "builtins-extra")]
use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, TypeFlags};
use pyrite_obj::types::dict::Dict;
use pyrite_obj::types::exc;
#[cfg(feature = "compiler")]
use pyrite_obj::types::exc::ExcObj;
#[cfg(feature = "compiler")]
use pyrite_obj::types::list::new_list;
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE, new_str};
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Value, q};

#[cfg(feature = "builtins-extra")]
use crate::func::vm_type;
use crate::load::Source;
#[cfg(feature = "builtins-extra")]
use crate::load::obj_value;
use crate::vm::Vm;

/// How source text is compiled: the three modes of Python's `compile()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A module (`exec` mode): a script, an imported file.
    File,
    /// One REPL input (`single` mode): expression statements print their
    /// value's `repr` unless it is `None`.
    Single,
    /// One expression (`eval` mode): running the code returns its value.
    Eval,
}

/// A code object from `compile()`: the compiled .mpy bytes (a `bytes`
/// object), loaded again each time it runs, so that it runs in the globals
/// `exec`/`eval` are given.
#[cfg(feature = "builtins-extra")]
#[repr(C)]
struct CodeObj {
    header: ObjHeader,
    mpy: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `CODE_TYPE` owns it.
#[cfg(feature = "builtins-extra")]
unsafe impl Object for CodeObj {
    const TYPE: &'static Type = &CODE_TYPE;
}

#[cfg(feature = "builtins-extra")]
fn code_print(_rt: &Rt, _this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    out.put(b"<code object <module>>")
}

#[cfg(feature = "builtins-extra")]
static CODE_SLOTS: Slots = Slots {
    print: Some(code_print),
    ..Slots::EMPTY
};

#[cfg(feature = "builtins-extra")]
static CODE_TYPE: Type = vm_type(q::code, TypeFlags::EQ_IS_IDENTITY, &CODE_TYPE, &CODE_SLOTS);

impl Vm {
    /// Compiles `src` (named `filename` in tracebacks) and loads it with
    /// `globals` as its module globals (NULL: `__main__`'s); returns the
    /// module function. The compiled bytes are dropped once loaded.
    pub(crate) fn compile_load(
        &self,
        src: &[u8],
        filename: &str,
        mode: Mode,
        globals: Value,
    ) -> PyResult {
        let mpy = self.compile_bytes(src, filename, mode)?;
        self.load(Source::Compiled(&mpy), globals)
    }

    #[cfg(feature = "compiler")]
    fn compile_bytes(
        &self,
        src: &[u8],
        filename: &str,
        mode: Mode,
    ) -> PyResult<alloc::vec::Vec<u8>> {
        let cmode = match mode {
            Mode::File => pyrite_compiler::Mode::File,
            Mode::Single => pyrite_compiler::Mode::Single,
            Mode::Eval => pyrite_compiler::Mode::Eval,
        };
        self.with_compile_stack(|limit| {
            let opts = pyrite_compiler::Options {
                source_name: filename,
                opt_level: self.opt_level.get(),
                // The compiler keeps its own reserve above this; the VM's is
                // for a collection or an interrupt below the compiler's frames.
                stack_limit: limit.map(|l| l.saturating_add(crate::vm::STACK_RESERVE)),
                ..pyrite_compiler::Options::default()
            };
            pyrite_compiler::compile(src, cmode, &opts)
        })
        .map_err(|e| {
            let ty = match e.kind {
                pyrite_compiler::ErrorKind::Syntax => &exc::SYNTAX_ERROR,
                pyrite_compiler::ErrorKind::Indentation => &exc::INDENTATION_ERROR,
                // Source too deep for the machine stack: what running out
                // of stack raises anywhere (MicroPython: `RuntimeError:
                // maximum recursion depth exceeded`).
                pyrite_compiler::ErrorKind::Recursion => return self.recursion_error(),
            };
            self.syntax_error(ty, &e.msg, filename, e.line)
        })
    }

    #[cfg(not(feature = "compiler"))]
    fn compile_bytes(
        &self,
        _src: &[u8],
        _filename: &str,
        _mode: Mode,
    ) -> PyResult<alloc::vec::Vec<u8>> {
        Err(self.no_compiler())
    }

    #[cfg(not(feature = "compiler"))]
    fn no_compiler(&self) -> Exc {
        self.rt().error(
            &exc::NOT_IMPLEMENTED_ERROR,
            format_args!("compiler not built in"),
        )
    }

    /// A `SyntaxError` (or subclass `ty`) with message `msg`, whose
    /// traceback names the place: `File "filename", line N`.
    #[cfg(feature = "compiler")]
    fn syntax_error(&self, ty: &Type, msg: &str, filename: &str, line: u32) -> Exc {
        let rt = self.rt();
        let made = (|| -> PyResult {
            let m = new_str(rt, &STR_TYPE, msg.as_bytes())?;
            let e = exc::new_exception(rt, ty, &[m])?;
            let f = new_str(rt, &STR_TYPE, filename.as_bytes())?;
            let line = Value::small_int(line as i64).unwrap_or(Value::small_int_unchecked(0));
            let tb = new_list(rt, &[f, line])?;
            if let Some(x) = rt.downcast::<ExcObj>(e) {
                x.traceback.set(tb);
            }
            Ok(e)
        })();
        match made {
            Ok(e) => Exc(e),
            Err(e) => e,
        }
    }

    /// Compiles `src` (named `filename` in tracebacks) in `mode` and loads
    /// it in `__main__`; returns the module function for
    /// [`Vm::run_module`]. Compile errors raise `SyntaxError` (or
    /// `IndentationError`); without the `compiler` feature,
    /// `NotImplementedError`.
    pub fn compile_source(&self, src: &[u8], filename: &str, mode: Mode) -> PyResult {
        self.compile_load(src, filename, mode, Value::NULL)
    }

    /// Compiles and runs `src` in `__main__` (see [`Vm::compile_source`]);
    /// returns what the code returns (the value, in [`Mode::Eval`]).
    pub fn exec_source(&self, src: &[u8], filename: &str, mode: Mode) -> PyResult {
        let r = self
            .compile_source(src, filename, mode)
            .and_then(|fun| self.run_module(fun));
        if r.is_err() && self.native_depth.get() == 0 {
            self.reset_stacks();
        }
        r
    }

    /// Runs a script as `__main__`: `bytes` is a .mpy file if `path` ends
    /// with `.mpy` or it starts with the .mpy header, Python source
    /// otherwise. Sets `__file__` to `path`.
    pub fn exec_main(&self, bytes: &[u8], path: &str) -> PyResult {
        let rt = self.rt();
        let r = (|| {
            let f = new_str(rt, &STR_TYPE, path.as_bytes())?;
            crate::modules::set(rt, self.main_globals(), q::__file__, f)?;
            // A .mpy file by name or by its header (`M`, version 6).
            #[cfg(feature = "load-mpy")]
            if path.ends_with(".mpy") || bytes.starts_with(b"M\x06") {
                return self.run_module(self.load_mpy(bytes)?);
            }
            let fun = self.compile_source(bytes, path, Mode::File)?;
            self.run_module(fun)
        })();
        if r.is_err() && self.native_depth.get() == 0 {
            self.reset_stacks();
        }
        r
    }

    /// The namespace `LOAD_NAME` uses in the running frame (its globals
    /// but in class bodies and `exec`), or `__main__`'s.
    pub(crate) fn current_names(&self) -> Value {
        let n = self.n_frames();
        if n == 0 {
            return self.main_globals();
        }
        // SAFETY: `n - 1 < n_frames`.
        unsafe { (*self.frame_ptr(n - 1)).names }
    }
}

impl Vm {
    /// Whether the running frame's `LOAD_NAME` namespace is not its module's
    /// globals (a class body, or `exec` with separate locals).
    pub(crate) fn names_are_class_body(&self) -> bool {
        let n = self.n_frames();
        if n == 0 {
            return false;
        }
        // SAFETY: `n - 1 < n_frames`; a pushed frame's `ctx` points to its
        // module context, alive while the frame is.
        unsafe {
            let frame = &*self.frame_ptr(n - 1);
            frame.names != (*frame.ctx).globals
        }
    }
}

fn is_dict(rt: &Rt, v: Value) -> bool {
    rt.downcast::<Dict>(v).is_some()
}

/// `exec(source, globals=None, locals=None)` and `eval(...)`.
pub(crate) fn exec_eval(vm: &Vm, args: Args<'_>, eval: bool) -> PyResult {
    let rt = vm.rt();
    let fname = if eval { "eval" } else { "exec" };
    let mut globals = args.pos.get(1).copied().unwrap_or(Value::NONE);
    let mut locals = args.pos.get(2).copied().unwrap_or(Value::NONE);
    for (k, v) in args.kw_pairs() {
        match k.as_qstr() {
            Some(q::globals) => globals = v,
            Some(q::locals) => locals = v,
            _ => {
                return Err(
                    rt.type_error(format_args!("{fname}() got an unexpected keyword argument"))
                );
            }
        }
    }
    let Some(&src) = args.pos.first() else {
        return Err(rt.type_error(format_args!("{fname}() missing required argument 'source'")));
    };
    if args.pos.len() > 3 {
        return Err(rt.type_error(format_args!(
            "{fname}() takes at most 3 arguments ({} given)",
            args.pos.len()
        )));
    }
    if !globals.is_none() && !is_dict(rt, globals) {
        return Err(rt.type_error(format_args!("globals must be a dict")));
    }
    if !locals.is_none() && rt.type_of(locals).slots.subscr.is_none() {
        return Err(rt.type_error(format_args!("locals must be a mapping")));
    }
    let (globals, names) = match (globals.is_none(), locals.is_none()) {
        (true, true) => (vm.current_globals(), vm.current_names()),
        (true, false) => (vm.current_globals(), locals),
        (false, true) => (globals, globals),
        (false, false) => (globals, locals),
    };
    let fun = if let Some(bytes) = code_bytes(rt, src) {
        vm.load(Source::Compiled(bytes), globals)?
    } else {
        let is_text = src.is_qstr()
            || rt.downcast_native(src, &STR_TYPE).is_some()
            || rt.downcast_native(src, &BYTES_TYPE).is_some()
            || rt
                .downcast_native(src, &pyrite_obj::types::bytearray::BYTEARRAY_TYPE)
                .is_some();
        let text = if is_text { rt.str_bytes(src) } else { None };
        let Some(mut text) = text else {
            return Err(rt.type_error(format_args!(
                "{fname}() arg 1 must be a string, bytes or code object"
            )));
        };
        let mode = if eval {
            // As CPython: leading spaces and tabs are not an indent here.
            while let [b' ' | b'\t', rest @ ..] = text {
                text = rest;
            }
            Mode::Eval
        } else {
            Mode::File
        };
        vm.compile_load(text, "<string>", mode, globals)?
    };
    let r = vm.call_function(fun, &[], &[], names)?;
    Ok(if eval { r } else { Value::NONE })
}

/// The compiled bytes of a code object from `compile()`.
fn code_bytes(rt: &Rt, v: Value) -> Option<&[u8]> {
    #[cfg(feature = "builtins-extra")]
    if let Some(code) = rt.downcast::<CodeObj>(v) {
        return Some(rt.str_bytes(code.mpy).unwrap_or(b""));
    }
    let _ = (rt, v);
    None
}

/// `compile(source, filename, mode)`: a code object.
#[cfg(feature = "builtins-extra")]
pub(crate) fn compile(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    if args.pos.len() < 3 {
        return Err(rt.type_error(format_args!(
            "compile() missing required arguments (source, filename, mode)"
        )));
    }
    let (src, filename, mode) = (args.pos[0], args.pos[1], args.pos[2]);
    let Some(text) = rt.str_bytes(src) else {
        return Err(rt.type_error(format_args!("compile() arg 1 must be a string or bytes")));
    };
    let name = rt
        .str_bytes(filename)
        .and_then(|b| core::str::from_utf8(b).ok())
        .ok_or_else(|| rt.type_error(format_args!("compile() filename must be str")))?;
    let mode = match crate::stdlib::text_index(rt, mode, &[b"exec", b"single", b"eval"]) {
        Some(0) => Mode::File,
        Some(1) => Mode::Single,
        Some(_) => Mode::Eval,
        None => {
            return Err(rt.value_error(format_args!(
                "compile() mode must be 'exec', 'eval' or 'single'"
            )));
        }
    };
    let mpy = vm.compile_bytes(text, name, mode)?;
    let bytes = new_str(rt, &BYTES_TYPE, &mpy)?;
    drop(mpy);
    let p = rt
        .alloc(size_of::<CodeObj>(), AllocFlags::NONE)?
        .cast::<CodeObj>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(CodeObj {
            header: ObjHeader::new(&CODE_TYPE),
            mpy: bytes,
        })
    };
    Ok(obj_value(p))
}

/// `__repl_print__(value)`: prints `repr(value)` unless it is `None`, and
/// keeps it as the built-in `_`.
pub(crate) fn repl_print(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    let [v] = args.pos else {
        return Err(rt.arg_count_error(q::print, 1, args.pos.len(), false));
    };
    let v = *v;
    if v.is_none() {
        return Ok(Value::NONE);
    }
    let s = rt.repr(v)?;
    vm.write_out(rt.str_bytes(s).unwrap_or(b""))?;
    vm.write_out(b"\n")?;
    let under: Qstr = q::UNDERSCORE;
    if let Some(slot) = vm
        .extra_builtins
        .borrow_mut()
        .iter_mut()
        .find(|(n, _)| *n == under)
    {
        slot.1 = v;
        return Ok(Value::NONE);
    }
    // The first `_`: the list grows into a new buffer made while it is not
    // borrowed. On a board that allocation may collect, and the collector
    // skips the list while it is borrowed: its values would be freed.
    let len = vm.extra_builtins.borrow().len();
    let mut grown = alloc::vec::Vec::new();
    grown
        .try_reserve_exact(len + 1)
        .map_err(|_| rt.memory_error())?;
    let mut extra = vm.extra_builtins.borrow_mut();
    grown.extend_from_slice(&extra);
    grown.push((under, v));
    *extra = grown;
    Ok(Value::NONE)
}
