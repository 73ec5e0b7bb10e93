//! The standard-library modules written in Rust: `math`, `cmath`, `time`,
//! `collections`, `random`, `errno`, `heapq`, `io`, `json` and `re` (one file
//! each), and the helpers they share.
//!
//! Each module is a [`ModInit`] that fills the module's dict, listed in
//! [`STDLIB_MODULES`]; import finds them (and their `u`-prefixed aliases,
//! `utime`, `ujson`...) next to the VM's own built-in modules. All but
//! `math` and `time` are Cargo features (`stdlib-*`, see `Cargo.toml`;
//! `cmath` comes with `complex`).
#![cfg_attr(not(feature = "stdlib-full"), allow(dead_code))]

use core::cell::Cell;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use pyrite_obj::types::dict::Dict;
use pyrite_obj::types::exc;
use pyrite_obj::types::function::BuiltinFn;
use pyrite_obj::types::num::{self, int_view};
use pyrite_obj::value::{Decoded, Immediate};
use pyrite_obj::{Args, Float, PyResult, Qstr, Rt, Sink, Value, q};

use crate::func::vm_type;
use crate::load::obj_value;
use crate::vm::Vm;

#[cfg(feature = "complex")]
pub(crate) mod cmath;
#[cfg(feature = "stdlib-collections")]
pub(crate) mod collections;
#[cfg(feature = "stdlib-errno")]
pub(crate) mod errno;
#[cfg(feature = "stdlib-heapq")]
pub(crate) mod heapq;
#[cfg(feature = "stdlib-io")]
pub(crate) mod io;
#[cfg(feature = "stdlib-json")]
pub(crate) mod json;
pub(crate) mod math;
#[cfg(feature = "stdlib-random")]
pub(crate) mod random;
#[cfg(feature = "stdlib-re")]
pub(crate) mod re;
pub(crate) mod time;

pub(crate) use crate::modules::ModInit;

/// The standard-library modules: canonical name and the function that fills
/// the module's dict.
pub(crate) const STDLIB_MODULES: &[(Qstr, ModInit)] = &[
    (q::math, math::init),
    (q::os, crate::files::init_os),
    (q::time, time::init),
    #[cfg(feature = "complex")]
    (q::cmath, cmath::init),
    #[cfg(feature = "stdlib-collections")]
    (q::collections, collections::init),
    #[cfg(feature = "stdlib-random")]
    (q::random, random::init),
    #[cfg(feature = "stdlib-errno")]
    (q::errno, errno::init),
    #[cfg(feature = "stdlib-heapq")]
    (q::heapq, heapq::init),
    #[cfg(feature = "stdlib-io")]
    (q::io, io::init),
    #[cfg(feature = "stdlib-json")]
    (q::json, json::init),
    #[cfg(feature = "stdlib-re")]
    (q::re, re::init),
];

/// Per-interpreter state of the standard library (a field of the [`Vm`]):
/// the port's clock and the random generator. Holds no Python values.
pub(crate) struct StdState {
    /// The port's clock, if it set one.
    pub clock: Cell<Option<time::ClockHooks>>,
    /// Microseconds slept on the virtual clock used when the port has none.
    pub virtual_us: Cell<u64>,
    /// The state of `random`'s generator; 0 until seeded.
    pub rng: Cell<u64>,
}

impl StdState {
    /// No clock, an unseeded generator.
    pub(crate) const fn new() -> StdState {
        StdState {
            clock: Cell::new(None),
            virtual_us: Cell::new(0),
            rng: Cell::new(0),
        }
    }
}

// ----- module dicts ---------------------------------------------------------

/// `dict[name] = v`.
pub(crate) fn set(rt: &Rt, dict: Value, name: Qstr, v: Value) -> PyResult<()> {
    if let Some(d) = rt.downcast::<Dict>(dict) {
        d.map().insert(rt, Value::qstr(name), v)?;
    }
    Ok(())
}

/// Puts static built-in functions in a module dict under their names.
pub(crate) fn set_fns(rt: &Rt, dict: Value, fns: &[&'static BuiltinFn]) -> PyResult<()> {
    for f in fns {
        set(rt, dict, f.name, Value::from_static(*f))?;
    }
    Ok(())
}

/// Interns `text` (a name made at run time).
pub(crate) fn intern(rt: &Rt, text: &[u8]) -> PyResult<Qstr> {
    rt.intern(text).map_err(|_| rt.memory_error())
}

// ----- argument conversions ---------------------------------------------------

/// The name of `v`'s type, for messages.
pub(crate) fn type_name(rt: &Rt, v: Value) -> impl core::fmt::Display + '_ {
    rt.qstr_display(rt.type_of(v).name)
}

/// A real number as a float (`int`, `bool`, `float`, big ints), or
/// `TypeError: must be real number, not T`.
pub(crate) fn to_float(rt: &Rt, v: Value) -> PyResult<Float> {
    match v.decode() {
        Decoded::Float(x) => Ok(x),
        Decoded::SmallInt(i) => Ok(i as Float),
        Decoded::Immediate(Immediate::True) => Ok(1.0),
        Decoded::Immediate(Immediate::False) => Ok(0.0),
        _ => match int_view(rt, v) {
            Some(iv) => num::int_to_float(rt, iv),
            None => Err(rt.type_error(format_args!(
                "must be real number, not {}",
                type_name(rt, v)
            ))),
        },
    }
}

/// Whether `v` is an `int` (or `bool`), small or big.
pub(crate) fn is_int(rt: &Rt, v: Value) -> bool {
    v.is_small_int()
        || matches!(v.as_immediate(), Some(Immediate::True | Immediate::False))
        || int_view(rt, v).is_some()
}

/// An integer argument as `i64`: `TypeError` for a non-int,
/// `OverflowError` for one that does not fit.
pub(crate) fn to_i64(rt: &Rt, v: Value) -> PyResult<i64> {
    match v.decode() {
        Decoded::SmallInt(i) => Ok(i as i64),
        Decoded::Immediate(Immediate::True) => Ok(1),
        Decoded::Immediate(Immediate::False) => Ok(0),
        _ => match int_view(rt, v) {
            Some(iv) => iv.to_i64().ok_or_else(|| {
                rt.error(
                    &exc::OVERFLOW_ERROR,
                    format_args!("Python int too large to convert to C long"),
                )
            }),
            None => Err(rt.type_error(format_args!(
                "'{}' object cannot be interpreted as an integer",
                type_name(rt, v)
            ))),
        },
    }
}

/// An `int` value (small or big).
pub(crate) fn int_value(rt: &Rt, i: i64) -> PyResult {
    match Value::small_int(i) {
        Some(v) => Ok(v),
        None => num::int_from_i64(rt, i),
    }
}

/// A `str` made from UTF-8 bytes.
pub(crate) fn new_str(rt: &Rt, bytes: &[u8]) -> PyResult {
    pyrite_obj::types::str::new_str(rt, &pyrite_obj::types::str::STR_TYPE, bytes)
}

/// The position of `v`'s text in `names`, if `v` is a string or bytes
/// with one of those texts. Out of line: one copy of the comparisons for
/// every keyword and mode name matched by text.
#[inline(never)]
pub(crate) fn text_index(rt: &Rt, v: Value, names: &[&[u8]]) -> Option<usize> {
    let text = rt.str_bytes(v)?;
    names.iter().position(|&n| n == text)
}

/// The keyword argument `name`, if given; `TypeError` for any keyword not
/// in `allowed`.
pub(crate) fn kw_arg(
    rt: &Rt,
    func: &str,
    args: &Args<'_>,
    allowed: &[Qstr],
    name: Qstr,
) -> PyResult<Option<Value>> {
    let mut found = None;
    for (k, v) in args.kw_pairs() {
        let kq = k.as_qstr();
        if !allowed.iter().any(|a| Some(*a) == kq) {
            return Err(rt.type_error(format_args!(
                "{func}() got an unexpected keyword argument '{}'",
                kq.map(|q| rt.qstr_display(q)).map_or_else(
                    || alloc::string::String::from("?"),
                    |d| alloc::format!("{d}")
                )
            )));
        }
        if kq == Some(name) {
            found = Some(v);
        }
    }
    Ok(found)
}

// ----- functions bound to the VM ------------------------------------------------

/// The Rust side of a [`VmBoundFn`]: the VM and the call's arguments.
pub(crate) type VmFnImpl = fn(&Vm, Args<'_>) -> PyResult;

/// A module function that needs the interpreter (the clock, the random
/// state): a small heap object that points to its VM.
#[repr(C)]
struct VmBoundFn {
    header: ObjHeader,
    vm: *const Vm,
    f: VmFnImpl,
    name: Qstr,
}

// SAFETY: `#[repr(C)]` with the header first; `VM_BOUND_FN_TYPE` owns it.
unsafe impl Object for VmBoundFn {
    const TYPE: &'static Type = &VM_BOUND_FN_TYPE;
}

fn vm_bound_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    let Some(f) = rt.downcast::<VmBoundFn>(this) else {
        return Err(rt.type_error(format_args!("not a built-in")));
    };
    // SAFETY: the VM outlives its heap, and so this object; it never moves.
    let vm = unsafe { &*f.vm };
    (f.f)(vm, args)
}

fn vm_bound_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let name = rt
        .downcast::<VmBoundFn>(this)
        .map_or(q::function, |f| f.name);
    out.put(b"<built-in function ")?;
    out.put(rt.qstr_text(name))?;
    out.put(b">")
}

static VM_BOUND_FN_SLOTS: Slots = Slots {
    call: Some(vm_bound_call),
    print: Some(vm_bound_print),
    ..Slots::EMPTY
};

static VM_BOUND_FN_TYPE: Type = vm_type(
    q::builtin_function_or_method,
    TypeFlags::EQ_IS_IDENTITY,
    &VM_BOUND_FN_TYPE,
    &VM_BOUND_FN_SLOTS,
);

/// Puts functions that need the VM in a module dict.
pub(crate) fn set_vm_fns(vm: &Vm, dict: Value, fns: &[(Qstr, VmFnImpl)]) -> PyResult<()> {
    let rt = vm.rt();
    for &(name, f) in fns {
        let p = rt
            .alloc(size_of::<VmBoundFn>(), AllocFlags::NONE)?
            .cast::<VmBoundFn>();
        // SAFETY: a fresh allocation of the right size.
        unsafe {
            p.as_ptr().write(VmBoundFn {
                header: ObjHeader::new(&VM_BOUND_FN_TYPE),
                vm: vm.ptr(),
                f,
                name,
            })
        };
        set(rt, dict, name, obj_value(p))?;
    }
    Ok(())
}

/// Checks the positional count of a [`VmFnImpl`] call (no keywords).
pub(crate) fn check_args(
    rt: &Rt,
    name: &str,
    args: &Args<'_>,
    min: usize,
    max: usize,
) -> PyResult<()> {
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!("{name}() takes no keyword arguments")));
    }
    let n = args.pos.len();
    if n < min || n > max {
        return Err(if min == max {
            rt.type_error(format_args!(
                "{name}() takes {min} positional argument{} but {n} {} given",
                if min == 1 { "" } else { "s" },
                if n == 1 { "was" } else { "were" }
            ))
        } else {
            rt.type_error(format_args!(
                "{name}() takes {} {} arguments ({n} given)",
                if n < min { "at least" } else { "at most" },
                if n < min { min } else { max }
            ))
        });
    }
    Ok(())
}

/// Sorts a ROM method table by qstr index at compile time (the indices of
/// names appended to `qstrs.txt` depend on the generated table).
pub(crate) const fn sort_methods<const N: usize>(mut m: [(Qstr, Value); N]) -> [(Qstr, Value); N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && m[j - 1].0.index() > m[j].0.index() {
            let t = m[j - 1];
            m[j - 1] = m[j];
            m[j] = t;
            j -= 1;
        }
        i += 1;
    }
    m
}
