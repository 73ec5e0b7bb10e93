//! Exceptions: the `BaseException` hierarchy and exception objects.

use core::cell::Cell;

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::{Exc, PyResult};
use crate::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

use super::tuple::{EMPTY_TUPLE, Tuple, new_tuple};

/// An exception instance.
#[repr(C)]
pub struct ExcObj {
    header: ObjHeader,
    /// `args`: a tuple.
    pub args: Cell<Value>,
    /// The traceback record the VM appends (file, line, function) entries
    /// to; `Value::NULL` until raised.
    pub traceback: Cell<Value>,
    /// `__cause__` (`raise ... from ...`), `Value::NULL` when unset.
    pub cause: Cell<Value>,
    /// `__context__`: the exception being handled when this one was raised.
    pub context: Cell<Value>,
}

// SAFETY: `#[repr(C)]` with the header first; every exception type's
// native layout is this one.
unsafe impl Object for ExcObj {
    const TYPE: &'static Type = &BASE_EXCEPTION;
}

// SAFETY: exception objects are reached only from the runtime's thread; the
// static MemoryError instance is never mutated (the VM attaches tracebacks
// only to heap exceptions).
unsafe impl Sync for ExcObj {}

impl ExcObj {
    /// The args tuple's items.
    pub fn args<'a>(&self, rt: &'a Rt) -> &'a [Value] {
        rt.downcast::<Tuple>(self.args.get())
            .map_or(&[], Tuple::items)
    }
}

/// The `MemoryError` raised when even an exception cannot be allocated.
pub static MEMORY_ERROR_INSTANCE: ExcObj = ExcObj {
    header: ObjHeader::new(&MEMORY_ERROR),
    args: Cell::new(Value::from_static(&EMPTY_TUPLE)),
    traceback: Cell::new(Value::NULL),
    cause: Cell::new(Value::NULL),
    context: Cell::new(Value::NULL),
};

/// Makes an exception of type `ty` (an exception type) with `args`.
pub fn new_exception(rt: &Rt, ty: &Type, args: &[Value]) -> PyResult {
    let args = new_tuple(rt, args)?;
    let obj = rt
        .alloc(size_of::<ExcObj>(), AllocFlags::NONE)?
        .cast::<ExcObj>();
    // SAFETY: fresh allocation of the right size; `ty` is a live type that
    // the instance's header keeps alive.
    unsafe {
        obj.as_ptr().write(ExcObj {
            header: ObjHeader::with_heap_type(core::ptr::NonNull::from(ty)),
            args: Cell::new(args),
            traceback: Cell::new(Value::NULL),
            cause: Cell::new(Value::NULL),
            context: Cell::new(Value::NULL),
        });
        Ok(Value::from_object(obj.cast()))
    }
}

fn exc_make_new(rt: &Rt, ty: &Type, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!(
            "{}() takes no keyword arguments",
            rt.qstr_display(ty.name)
        )));
    }
    new_exception(rt, ty, args.pos)
}

fn exc_print(rt: &Rt, this: Value, out: &mut dyn Sink, kind: PrintKind) -> PyResult<()> {
    let Some(exc) = rt.downcast::<ExcObj>(this) else {
        return Ok(());
    };
    let args = exc.args(rt);
    let ty = rt.type_of(this);
    if kind == PrintKind::Repr {
        out.put(rt.qstr_text(ty.name))?;
        if args.len() == 1 {
            out.put(b"(")?;
            rt.print(args[0], out, PrintKind::Repr)?;
            return out.put(b")");
        }
        return rt.print(exc.args.get(), out, PrintKind::Repr);
    }
    match args {
        [] => Ok(()),
        // `str(KeyError(k))` is `repr(k)`, as in CPython.
        [only] if ty.is_subtype_of(&KEY_ERROR) => rt.print(*only, out, PrintKind::Repr),
        [only] => rt.print(*only, out, PrintKind::Str),
        // `OSError(errno, strerror)` reads `[Errno 2] No such file`.
        [errno, strerror] if ty.is_subtype_of(&OS_ERROR) && errno.is_small_int() => {
            out.put(b"[Errno ")?;
            rt.print(*errno, out, PrintKind::Str)?;
            out.put(b"] ")?;
            rt.print(*strerror, out, PrintKind::Str)
        }
        _ => rt.print(exc.args.get(), out, PrintKind::Repr),
    }
}

fn exc_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let Some(exc) = rt.downcast::<ExcObj>(this) else {
        return Ok(false);
    };
    let field = match name {
        q::args => &exc.args,
        q::__traceback__ => &exc.traceback,
        q::__cause__ => &exc.cause,
        q::__context__ => &exc.context,
        _ => {
            // Read-only views of args that CPython names per type.
            let AttrOp::Load(dest) = op else {
                return Ok(false);
            };
            if name == q::__suppress_context__ {
                // `raise ... from ...` (even `from None`) sets a cause.
                dest[0] = Value::bool(!exc.cause.get().is_null());
                return Ok(true);
            }
            let ty = rt.type_of(this);
            let args = exc.args(rt);
            // `errno` is the first of two or more arguments, or the only one
            // when it is a number (MicroPython raises `OSError(errno)`);
            // `code` is the one argument, or all of them.
            let is_os = ty.is_subtype_of(&OS_ERROR);
            let index = match name {
                q::value if ty.is_subtype_of(&STOP_ITERATION) => 0,
                q::errno
                    if is_os
                        && (args.len() >= 2 || args.first().is_some_and(|a| a.is_small_int())) =>
                {
                    0
                }
                q::errno if is_os => usize::MAX,
                q::strerror if is_os => 1,
                q::code if ty.is_subtype_of(&SYSTEM_EXIT) && args.len() > 1 => {
                    dest[0] = exc.args.get();
                    return Ok(true);
                }
                q::code if ty.is_subtype_of(&SYSTEM_EXIT) => 0,
                _ => return Ok(false),
            };
            dest[0] = args.get(index).copied().unwrap_or(Value::NONE);
            return Ok(true);
        }
    };
    match op {
        AttrOp::Load(dest) => {
            let v = field.get();
            dest[0] = if v.is_null() { Value::NONE } else { v };
        }
        AttrOp::Store(v) => {
            if name == q::args && rt.downcast::<Tuple>(v).is_none() {
                return Err(rt.type_error(format_args!("args must be a tuple")));
            }
            field.set(v);
        }
        AttrOp::Delete => {
            return Err(rt.type_error(format_args!("can't delete exception attributes")));
        }
    }
    Ok(true)
}

static EXC_SLOTS: Slots = Slots {
    make_new: Some(exc_make_new),
    print: Some(exc_print),
    attr: Some(exc_attr),
    ..Slots::EMPTY
};

const EXC_FLAGS: TypeFlags = TypeFlags::BASETYPE.union(TypeFlags::EXCEPTION);

macro_rules! exception_types {
    ($($(#[$doc:meta])* $name:ident = $q:ident : $base:expr;)*) => {$(
        $(#[$doc])*
        pub static $name: Type = super::derived_type(
            q::$q, EXC_FLAGS, b'h', &BASE_EXCEPTION, $base, &EXC_SLOTS, &[],
        );
    )*};
}

/// `BaseException.__init__(self, *args)`: sets `args`.
fn exc_init(rt: &Rt, args: &[Value]) -> PyResult {
    if let Some(x) = args.first().and_then(|&e| rt.downcast::<ExcObj>(e)) {
        x.args.set(new_tuple(rt, &args[1..])?);
    }
    Ok(Value::NONE)
}

/// `BaseException.with_traceback(tb)`: returns the exception (tracebacks
/// are the VM's own records).
#[cfg(feature = "cpython-compat")]
fn exc_with_traceback(_rt: &Rt, this: Value, _tb: Value) -> PyResult {
    Ok(this)
}

static BASE_EXCEPTION_METHODS: [(Qstr, Value); 1 + cfg!(feature = "cpython-compat") as usize] = [
    crate::rom_method!(
        __init__,
        crate::types::function::NativeFn::Var {
            min: 1,
            max: 255,
            f: exc_init
        }
    ),
    #[cfg(feature = "cpython-compat")]
    crate::rom_method!(
        with_traceback,
        crate::types::function::NativeFn::F2(exc_with_traceback)
    ),
];
const _: () = assert!(crate::object::methods_sorted(&BASE_EXCEPTION_METHODS));

/// `BaseException`, the root of the hierarchy.
pub static BASE_EXCEPTION: Type = super::builtin_type(
    q::BaseException,
    EXC_FLAGS,
    b'h',
    &BASE_EXCEPTION,
    &EXC_SLOTS,
    &BASE_EXCEPTION_METHODS,
);

exception_types! {
    /// `SystemExit`.
    SYSTEM_EXIT = SystemExit: &BASE_EXCEPTION;
    /// `KeyboardInterrupt`.
    KEYBOARD_INTERRUPT = KeyboardInterrupt: &BASE_EXCEPTION;
    /// `GeneratorExit`.
    GENERATOR_EXIT = GeneratorExit: &BASE_EXCEPTION;
    /// `Exception`.
    EXCEPTION = Exception: &BASE_EXCEPTION;
    /// `StopIteration`.
    STOP_ITERATION = StopIteration: &EXCEPTION;
    /// `StopAsyncIteration`.
    STOP_ASYNC_ITERATION = StopAsyncIteration: &EXCEPTION;
    /// `ArithmeticError`.
    ARITHMETIC_ERROR = ArithmeticError: &EXCEPTION;
    /// `OverflowError`.
    OVERFLOW_ERROR = OverflowError: &ARITHMETIC_ERROR;
    /// `ZeroDivisionError`.
    ZERO_DIVISION_ERROR = ZeroDivisionError: &ARITHMETIC_ERROR;
    /// `AssertionError`.
    ASSERTION_ERROR = AssertionError: &EXCEPTION;
    /// `AttributeError`.
    ATTRIBUTE_ERROR = AttributeError: &EXCEPTION;
    /// `EOFError`.
    EOF_ERROR = EOFError: &EXCEPTION;
    /// `ImportError`.
    IMPORT_ERROR = ImportError: &EXCEPTION;
    /// `LookupError`.
    LOOKUP_ERROR = LookupError: &EXCEPTION;
    /// `IndexError`.
    INDEX_ERROR = IndexError: &LOOKUP_ERROR;
    /// `KeyError`.
    KEY_ERROR = KeyError: &LOOKUP_ERROR;
    /// `MemoryError`.
    MEMORY_ERROR = MemoryError: &EXCEPTION;
    /// `NameError`.
    NAME_ERROR = NameError: &EXCEPTION;
    /// `OSError`.
    OS_ERROR = OSError: &EXCEPTION;
    /// `RuntimeError`.
    RUNTIME_ERROR = RuntimeError: &EXCEPTION;
    /// `NotImplementedError`.
    NOT_IMPLEMENTED_ERROR = NotImplementedError: &RUNTIME_ERROR;
    /// `RecursionError` (a `RuntimeError`, so `except RuntimeError` catches
    /// runaway recursion as MicroPython users expect).
    RECURSION_ERROR = RecursionError: &RUNTIME_ERROR;
    /// `SyntaxError`.
    SYNTAX_ERROR = SyntaxError: &EXCEPTION;
    /// `IndentationError`.
    INDENTATION_ERROR = IndentationError: &SYNTAX_ERROR;
    /// `TypeError`.
    TYPE_ERROR = TypeError: &EXCEPTION;
    /// `ValueError`.
    VALUE_ERROR = ValueError: &EXCEPTION;
    /// `UnicodeError`.
    UNICODE_ERROR = UnicodeError: &VALUE_ERROR;
    /// `UnicodeDecodeError` (`bytes.decode`; MicroPython raises its base).
    UNICODE_DECODE_ERROR = UnicodeDecodeError: &UNICODE_ERROR;
    /// `UnicodeEncodeError` (`str.encode`; MicroPython raises its base).
    UNICODE_ENCODE_ERROR = UnicodeEncodeError: &UNICODE_ERROR;
    /// `UnboundLocalError`: a local read before assignment (MicroPython
    /// raises its base, `NameError`).
    UNBOUND_LOCAL_ERROR = UnboundLocalError: &NAME_ERROR;
}

/// Whether `exc` (a raised exception) is an instance of `ty`.
pub fn exception_matches(rt: &Rt, exc: Exc, ty: &Type) -> bool {
    rt.type_of(exc.0).is_subtype_of(ty)
}
