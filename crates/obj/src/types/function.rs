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

/// A [`NativeFn`] as a [`BuiltinFn`] stores it: with the method flag (the
/// first field of every variant) in the padding beside the enum's tag, so
/// that a built-in function is four words on the boards, not five (there
/// are some 200 of them in flash).
#[derive(Clone, Copy)]
enum Imp {
    F0(bool, fn(&Rt) -> PyResult),
    F1(bool, fn(&Rt, Value) -> PyResult),
    F2(bool, fn(&Rt, Value, Value) -> PyResult),
    F3(bool, fn(&Rt, Value, Value, Value) -> PyResult),
    Var(bool, u8, u8, fn(&Rt, &[Value]) -> PyResult),
    Kw(bool, u8, fn(&Rt, Args<'_>) -> PyResult),
}

impl Imp {
    const fn new(imp: NativeFn, method: bool) -> Imp {
        match imp {
            NativeFn::F0(f) => Imp::F0(method, f),
            NativeFn::F1(f) => Imp::F1(method, f),
            NativeFn::F2(f) => Imp::F2(method, f),
            NativeFn::F3(f) => Imp::F3(method, f),
            NativeFn::Var { min, max, f } => Imp::Var(method, min, max, f),
            NativeFn::Kw { min, f } => Imp::Kw(method, min, f),
        }
    }
}

/// A built-in function or method object (`builtin_function_or_method`),
/// normally a `static` in flash.
#[repr(C)]
pub struct BuiltinFn {
    header: ObjHeader,
    /// `__name__`.
    pub name: Qstr,
    /// The Rust function and whether this is a method.
    imp: Imp,
}

#[cfg(target_pointer_width = "32")]
const _: () = assert!(
    size_of::<BuiltinFn>() == 16,
    "a built-in function is four words"
);

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
            imp: Imp::new(imp, false),
        }
    }

    /// A method of a built-in type: `imp` receives the receiver first.
    pub const fn method(name: Qstr, imp: NativeFn) -> BuiltinFn {
        BuiltinFn {
            header: ObjHeader::new(&BUILTIN_FN_TYPE),
            name,
            imp: Imp::new(imp, true),
        }
    }

    /// The Rust function.
    pub fn imp(&self) -> NativeFn {
        match self.imp {
            Imp::F0(_, f) => NativeFn::F0(f),
            Imp::F1(_, f) => NativeFn::F1(f),
            Imp::F2(_, f) => NativeFn::F2(f),
            Imp::F3(_, f) => NativeFn::F3(f),
            Imp::Var(_, min, max, f) => NativeFn::Var { min, max, f },
            Imp::Kw(_, min, f) => NativeFn::Kw { min, f },
        }
    }

    /// Whether this is a method of a built-in type, whose first argument is
    /// the receiver (argument-count errors do not count it, as in CPython).
    pub fn is_method(&self) -> bool {
        match self.imp {
            Imp::F0(m, _) | Imp::F1(m, _) | Imp::F2(m, _) | Imp::F3(m, _) => m,
            Imp::Var(m, ..) | Imp::Kw(m, ..) => m,
        }
    }

    /// The `TypeError` for a wrong argument count, not counting a method's
    /// receiver.
    fn count_error(&self, rt: &Rt, expected: usize, given: usize, range: bool) -> crate::Exc {
        let skip = self.is_method() as usize;
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
            Imp::Kw(_, min, f) if args.pos.len() >= min as usize => f(rt, args),
            Imp::Kw(..) => Err(self.arity_error(rt, args.pos.len())),
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
            (Imp::F1(_, f), &[a]) => f(rt, a),
            (Imp::F0(_, f), []) => f(rt),
            (Imp::F2(_, f), &[a, b]) => f(rt, a, b),
            (Imp::F3(_, f), &[a, b, c]) => f(rt, a, b, c),
            (Imp::Var(_, min, max, f), _) if (min as usize..=max as usize).contains(&pos.len()) => {
                f(rt, pos)
            }
            (Imp::Kw(_, min, f), _) if pos.len() >= min as usize => f(rt, Args::positional(pos)),
            _ => Err(self.arity_error(rt, pos.len())),
        }
    }

    /// The `TypeError` for `given` positional arguments, which the
    /// function's convention does not accept.
    #[cold]
    #[inline(never)]
    fn arity_error(&self, rt: &Rt, given: usize) -> crate::Exc {
        let (min, max) = match self.imp() {
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
