//! Built-in functions and methods: Rust functions callable from Python.

use crate::args::Args;
use crate::error::PyResult;
use crate::object::{ObjHeader, Object, Slots, Type, TypeFlags};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::value::Value;

/// The Rust function behind a [`BuiltinFn`], by calling convention. Fixed
/// arities get their arguments unpacked and counted by the caller, so most
/// built-ins never see an argument slice.
#[derive(Clone, Copy)]
pub enum NativeFn {
    /// No arguments.
    F0(fn(&Rt) -> PyResult),
    /// One argument (for a method: the receiver).
    F1(fn(&Rt, Value) -> PyResult),
    /// Two arguments.
    F2(fn(&Rt, Value, Value) -> PyResult),
    /// Three arguments.
    F3(fn(&Rt, Value, Value, Value) -> PyResult),
    /// `min..=max` positional arguments, no keywords.
    Var {
        /// Fewest arguments.
        min: u8,
        /// Most arguments.
        max: u8,
        /// The function.
        f: fn(&Rt, &[Value]) -> PyResult,
    },
    /// At least `min` positional arguments, keywords allowed; the function
    /// checks the rest.
    Kw {
        /// Fewest positional arguments.
        min: u8,
        /// The function.
        f: fn(&Rt, Args<'_>) -> PyResult,
    },
}

/// A built-in function or method object (`builtin_function_or_method`),
/// normally a `static` in flash.
#[repr(C)]
pub struct BuiltinFn {
    header: ObjHeader,
    /// `__name__`.
    pub name: Qstr,
    /// The Rust function.
    pub imp: NativeFn,
    /// Whether this is a method of a built-in type, whose first argument is
    /// the receiver (argument-count errors do not count it, as in CPython).
    pub is_method: bool,
}

// SAFETY: `#[repr(C)]` with the header first; `BUILTIN_FN_TYPE` is the type
// of exactly this layout.
unsafe impl Object for BuiltinFn {
    const TYPE: &'static Type = &BUILTIN_FN_TYPE;
}

impl BuiltinFn {
    /// A built-in function named `name`.
    pub const fn new(name: Qstr, imp: NativeFn) -> BuiltinFn {
        BuiltinFn {
            header: ObjHeader::new(&BUILTIN_FN_TYPE),
            name,
            imp,
            is_method: false,
        }
    }

    /// A method of a built-in type: `imp` receives the receiver first.
    pub const fn method(name: Qstr, imp: NativeFn) -> BuiltinFn {
        BuiltinFn {
            header: ObjHeader::new(&BUILTIN_FN_TYPE),
            name,
            imp,
            is_method: true,
        }
    }

    /// The `TypeError` for a wrong argument count, not counting a method's
    /// receiver.
    fn count_error(&self, rt: &Rt, expected: usize, given: usize, range: bool) -> crate::Exc {
        let skip = self.is_method as usize;
        rt.arg_count_error(
            self.name,
            expected.saturating_sub(skip),
            given.saturating_sub(skip),
            range,
        )
    }

    /// Calls the function, checking the argument count for its convention.
    pub fn call(&self, rt: &Rt, args: Args<'_>) -> PyResult {
        if args.kw.is_empty() {
            return self.call_positional(rt, args.pos);
        }
        match self.imp {
            NativeFn::Kw { min, f } if args.pos.len() >= min as usize => f(rt, args),
            NativeFn::Kw { .. } => Err(self.arity_error(rt, args.pos.len())),
            _ => Err(rt.type_error(format_args!(
                "{}() takes no keyword arguments",
                rt.qstr_display(self.name)
            ))),
        }
    }

    /// Calls the function with positional arguments only: the interpreter's
    /// fast path (a count compare and a direct call for the fixed arities).
    #[inline(always)]
    pub fn call_positional(&self, rt: &Rt, pos: &[Value]) -> PyResult {
        match (self.imp, pos) {
            (NativeFn::F1(f), &[a]) => f(rt, a),
            (NativeFn::F0(f), []) => f(rt),
            (NativeFn::F2(f), &[a, b]) => f(rt, a, b),
            (NativeFn::F3(f), &[a, b, c]) => f(rt, a, b, c),
            (NativeFn::Var { min, max, f }, _)
                if (min as usize..=max as usize).contains(&pos.len()) =>
            {
                f(rt, pos)
            }
            (NativeFn::Kw { min, f }, _) if pos.len() >= min as usize => {
                f(rt, Args::positional(pos))
            }
            _ => Err(self.arity_error(rt, pos.len())),
        }
    }

    /// The `TypeError` for `given` positional arguments, which the
    /// function's convention does not accept.
    #[cold]
    #[inline(never)]
    fn arity_error(&self, rt: &Rt, given: usize) -> crate::Exc {
        let (min, max) = match self.imp {
            NativeFn::F0(_) => (0, 0),
            NativeFn::F1(_) => (1, 1),
            NativeFn::F2(_) => (2, 2),
            NativeFn::F3(_) => (3, 3),
            NativeFn::Var { min, max, .. } => (min as usize, max as usize),
            // At least `min`: reported as an exact count, as before.
            NativeFn::Kw { min, .. } => (min as usize, min as usize),
        };
        let expected = if given < min { min } else { max };
        self.count_error(rt, expected, given, min != max)
    }
}

fn builtin_fn_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    match rt.downcast::<BuiltinFn>(this) {
        Some(f) => f.call(rt, args),
        None => Err(rt.type_error(format_args!("not a built-in function"))),
    }
}

fn builtin_fn_print(
    rt: &Rt,
    this: Value,
    out: &mut dyn crate::sink::Sink,
    _kind: crate::object::PrintKind,
) -> PyResult<()> {
    let name = rt
        .downcast::<BuiltinFn>(this)
        .map_or(q::function, |f| f.name);
    out.put(b"<built-in function ")?;
    out.put(rt.qstr_text(name))?;
    out.put(b">")
}

static BUILTIN_FN_SLOTS: Slots = Slots {
    call: Some(builtin_fn_call),
    print: Some(builtin_fn_print),
    ..Slots::EMPTY
};

/// `builtin_function_or_method`.
pub static BUILTIN_FN_TYPE: Type = super::builtin_type(
    q::builtin_function_or_method,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &BUILTIN_FN_TYPE,
    &BUILTIN_FN_SLOTS,
    &[],
);
