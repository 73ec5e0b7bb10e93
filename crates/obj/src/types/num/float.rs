//! `float`: in the word (`f64` on hosts, `f32` on the boards), never
//! allocated. Operators mix with ints and bools; `//`, `%`, `divmod`,
//! `round`, parsing and printing come from `pyrite-num`; `**` from `libm`.

#[cfg(feature = "num-extras")]
use core::fmt::Write as _;

use pyrite_num::bigint::signed;
use pyrite_num::{NumError, ZeroDivKind};

use super::bigint::{build, int_from_i64, overflow_error};
use super::int::is_float_operator;
use super::{Lossy, cmp_int_float, compare_result, int_to_float, int_view, num_error};
use crate::args::Args;
use crate::error::PyResult;
use crate::object::{PrintKind, Slots, Type, TypeFlags, methods_sorted};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::{FmtSink, Sink};
#[cfg(feature = "num-extras")]
use crate::types::function::NativeFn;
#[cfg(feature = "num-extras")]
use crate::types::str::{STR_TYPE, StrBuilder};
use crate::types::tuple::new_tuple;
use crate::value::{Float, Value};

/// Python's float operations for this target's `Float`: on 32-bit targets
/// in `f32`, so that the boards' images need no double-precision `pow`,
/// `fmod` or division.
#[cfg(target_pointer_width = "64")]
mod fops {
    pub(super) use pyrite_num::float::{divmod, floordiv, modulo, trunc};

    /// Correctly rounded where `libm`'s is not always (as C's `pow`).
    pub(super) fn pow(x: f64, y: f64) -> f64 {
        pyrite_num::float::accurate::pow(x, y).unwrap_or_else(|| libm::pow(x, y))
    }
}
#[cfg(not(target_pointer_width = "64"))]
mod fops {
    pub(super) use super::sqrt;
    pub(super) use pyrite_num::float::explog32::pow;
    pub(super) use pyrite_num::float::{
        divmod_f32 as divmod, floordiv_f32 as floordiv, modulo_f32 as modulo, trunc_f32 as trunc,
    };
}

/// The square root in the build's float type: on a Cortex-M with a
/// single-precision FPU (`eabihf`) its `vsqrt.f32` instruction (`libm`'s
/// `sqrtf` is software, about ten times the instructions), else
/// `pyrite-num`'s integer one (less code than `libm`'s). Both are
/// correctly rounded.
#[cfg(not(target_pointer_width = "64"))]
#[inline]
pub fn sqrt(x: f32) -> f32 {
    #[cfg(all(target_arch = "arm", target_abi = "eabihf"))]
    {
        let bits: u32;
        // SAFETY: FPU instructions on registers only (s0 is declared
        // clobbered), no memory or stack; an `eabihf` target has the
        // single-precision FPU they need. (The `sreg` operand class would
        // want the `vfp2` target feature, which these targets do not
        // declare, so the value goes through a core register.)
        unsafe {
            core::arch::asm!(
                "vmov s0, {x}",
                "vsqrt.f32 s0, s0",
                "vmov {r}, s0",
                x = in(reg) x.to_bits(),
                r = lateout(reg) bits,
                out("s0") _,
                options(pure, nomem, nostack, preserves_flags)
            );
        }
        f32::from_bits(bits)
    }
    #[cfg(not(all(target_arch = "arm", target_abi = "eabihf")))]
    {
        pyrite_num::float::sqrt32::sqrt(x)
    }
}
/// The square root in the build's float type (`f64` on hosts).
#[cfg(target_pointer_width = "64")]
#[inline]
pub fn sqrt(x: f64) -> f64 {
    libm::sqrt(x)
}

/// `int(x)` of a float: truncation; `OverflowError` for infinities,
/// `ValueError` for NaN.
pub(crate) fn float_to_int(rt: &Rt, x: f64) -> PyResult {
    if x.abs() < 9.0e15 {
        return int_from_i64(rt, x as i64);
    }
    let n = signed::from_f64_len(x).map_err(|e| num_error(rt, e))?;
    build(rt, n, |o| signed::from_f64(x, o))
}

/// `x ** y` for floats, as CPython: `ZeroDivisionError` for `0.0 ** -1`,
/// `OverflowError` when a finite power overflows. A negative base with a
/// non-integer exponent gives a complex result, as in CPython and
/// MicroPython; without the `complex` feature it raises
/// `ValueError: math domain error`, as MicroPython without complex.
pub fn float_pow(rt: &Rt, x: Float, y: Float) -> PyResult {
    if y == 0.0 {
        return Ok(Value::float(1.0));
    }
    if x.is_nan() {
        return Ok(Value::float(x));
    }
    if y.is_nan() {
        return Ok(Value::float(if x == 1.0 { 1.0 } else { y }));
    }
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(num_error(
            rt,
            NumError::ZeroDivision(ZeroDivKind::NegativePower),
        ));
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && fops::trunc(y) != y {
        #[cfg(feature = "complex")]
        return super::complex::complex_arith(rt, BinaryOp::Power, (x, 0.0), (y, 0.0))
            .map(|r| r.unwrap_or(Value::NONE));
        #[cfg(not(feature = "complex"))]
        return Err(rt.value_error(format_args!("math domain error")));
    }
    // `x ** 0.5` is the square root for every positive `x` (not for -0.0
    // or -inf, which `pow` maps to +0.0 and +inf): one instruction on a
    // board with an FPU.
    #[cfg(not(target_pointer_width = "64"))]
    if y == 0.5 && x > 0.0 {
        return Ok(Value::float(fops::sqrt(x)));
    }
    let rf = fops::pow(x, y);
    if rf.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(overflow_error(rt, "(34, 'Numerical result out of range')"));
    }
    Ok(Value::float(rf))
}

/// `x op y` for two floats. `Ok(None)`: not a float operator.
pub(crate) fn float_arith(rt: &Rt, op: BinaryOp, x: Float, y: Float) -> PyResult<Option<Value>> {
    use BinaryOp::*;
    let err = |e: NumError| num_error(rt, e);
    // The float results all leave through the one `Value::float` below.
    let r = match op {
        Add => x + y,
        Subtract => x - y,
        Multiply => x * y,
        TrueDivide => {
            if y == 0.0 {
                return Err(err(NumError::ZeroDivision(ZeroDivKind::FloatDivision)));
            }
            x / y
        }
        FloorDivide => fops::floordiv(x, y).map_err(err)?,
        Modulo => fops::modulo(x, y).map_err(err)?,
        Divmod => {
            let (q, r) = fops::divmod(x, y).map_err(err)?;
            return new_tuple(rt, &[Value::float(q), Value::float(r)]).map(Some);
        }
        Power => return float_pow(rt, x, y).map(Some),
        // Exact in `Float` itself (widening first changes no comparison).
        _ => return Ok(compare_result(op, x.partial_cmp(&y)).map(Value::bool)),
    };
    Ok(Some(Value::float(r)))
}

fn float_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let op = op.without_inplace();
    let Some(x) = a.as_float() else {
        return Ok(None);
    };
    if let Some(y) = b.as_float() {
        return float_arith(rt, op, x, y);
    }
    let Some(y) = int_view(rt, b) else {
        #[cfg(feature = "complex")]
        return super::complex::real_op_complex(rt, op, (x, 0.0), b);
        #[cfg(not(feature = "complex"))]
        return Ok(None);
    };
    if let Some(r) = compare_result(op, cmp_int_float(y, x as f64).map(|o| o.reverse())) {
        return Ok(Some(Value::bool(r)));
    }
    if !is_float_operator(op) {
        return Ok(None);
    }
    let y = int_to_float(rt, y)?;
    float_arith(rt, op, x, y)
}

fn float_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let Some(x) = v.as_float() else {
        return Ok(None);
    };
    Ok(Some(match op {
        UnaryOp::Positive => v,
        UnaryOp::Negative => Value::float(-x),
        UnaryOp::Abs => Value::float(x.abs()),
        UnaryOp::Bool => Value::bool(x != 0.0),
        UnaryOp::Int => float_to_int(rt, x as f64)?,
        _ => return Ok(None),
    }))
}

/// A 32-bit board's float with the `f32`s its word encoding stores as it,
/// so that `repr` prints the shortest text that reads back as the stored
/// value (`0.1`, not the `f32` digits `0.099999994`). An `f32` that is not
/// a stored value (an intermediate) stands for itself alone.
#[cfg_attr(target_pointer_width = "64", allow(dead_code))]
pub(crate) fn stored_f32(x: f32) -> pyrite_num::float::StoredF32 {
    use crate::value::repr32;
    use pyrite_num::float::StoredF32;
    let w = repr32::float(x);
    if x.is_nan() || repr32::float_value(w).to_bits() != x.to_bits() {
        return StoredF32::exact(x);
    }
    let (low, high) = repr32::float_stored_range(w);
    let sign = x.to_bits() & 0x8000_0000;
    StoredF32::new(x, f32::from_bits(sign | low), f32::from_bits(sign | high))
}

/// Writes `repr(x)` (the same as `str(x)`).
pub(crate) fn write_float(x: Float, out: &mut dyn Sink) -> PyResult<()> {
    let mut fmt = FmtSink::new(out);
    #[cfg(target_pointer_width = "64")]
    let result = pyrite_num::float::write_repr_f64(&mut fmt, x);
    #[cfg(target_pointer_width = "32")]
    let result = pyrite_num::float::write_repr_stored_f32(&mut fmt, stored_f32(x));
    fmt.finish(result)
}

fn float_print(_rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    match this.as_float() {
        Some(x) => write_float(x, out),
        None => Ok(()),
    }
}

/// `float(s)` for a `str` or `bytes` value, with CPython's message
/// `could not convert string to float: 'abc'`.
pub fn float_from_str(rt: &Rt, s: Value) -> PyResult {
    let bytes = rt.str_bytes(s).unwrap_or(b"");
    #[cfg(target_pointer_width = "64")]
    let parsed = core::str::from_utf8(bytes)
        .ok()
        .and_then(|t| pyrite_num::float::parse_f64(t).ok());
    #[cfg(target_pointer_width = "32")]
    let parsed = core::str::from_utf8(bytes)
        .ok()
        .and_then(|t| pyrite_num::float::parse_f32(t).ok());
    match parsed {
        Some(x) => Ok(Value::float(x)),
        None => {
            let r = rt.repr(s)?;
            Err(rt.value_error(format_args!(
                "could not convert string to float: {}",
                Lossy(rt.str_bytes(r).unwrap_or(b""))
            )))
        }
    }
}

/// `float(x)` for one argument.
pub(crate) fn float_of(rt: &Rt, x: Value) -> PyResult {
    if x.is_float() {
        return Ok(x);
    }
    if let Some(v) = int_view(rt, x) {
        return Ok(Value::float(int_to_float(rt, v)?));
    }
    if rt.str_bytes(x).is_some() {
        return float_from_str(rt, x);
    }
    if let Some(b) = super::buffer_as_bytes(rt, x)? {
        return float_from_str(rt, b);
    }
    // A class's `__float__`, which must give a float.
    let ty = rt.type_of(x);
    if ty.flags.contains(crate::TypeFlags::HEAP)
        && let Some(f) = rt.lookup_in_type(ty, crate::qstr::q::__float__)?
    {
        let r = rt.call_positional(f, &[x])?;
        if r.is_float() {
            return Ok(r);
        }
        return Err(rt.type_error(format_args!("__float__ returned non-float")));
    }
    Err(rt.type_error(format_args!(
        "float() argument must be a string or a real number, not '{}'",
        crate::types::str::type_name(rt, x)
    )))
}

fn float_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!("float() takes no keyword arguments")));
    }
    match args.pos {
        [] => Ok(Value::float(0.0)),
        [x] => float_of(rt, *x),
        _ => Err(rt.type_error(format_args!(
            "float expected at most 1 argument, got {}",
            args.pos.len()
        ))),
    }
}

// ----- methods -----------------------------------------------------------------

#[cfg(feature = "num-extras")]
fn this(rt: &Rt, v: Value) -> PyResult<f64> {
    v.as_float()
        .map(|x| x as f64)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 'float' object")))
}

#[cfg(feature = "num-extras")]
fn float_is_integer(rt: &Rt, v: Value) -> PyResult {
    Ok(Value::bool(pyrite_num::float::is_integer(this(rt, v)?)))
}

#[cfg(feature = "num-extras")]
fn float_as_integer_ratio(rt: &Rt, v: Value) -> PyResult {
    let x = this(rt, v)?;
    let r = match pyrite_num::float::as_integer_ratio(x) {
        Ok(r) => r,
        Err(NumError::Value(_)) => {
            return Err(rt.value_error(format_args!("cannot convert NaN to integer ratio")));
        }
        Err(_) => {
            return Err(overflow_error(
                rt,
                "cannot convert Infinity to integer ratio",
            ));
        }
    };
    let m = if r.neg {
        -(r.mantissa as i64)
    } else {
        r.mantissa as i64
    };
    let one = Value::small_int_unchecked(1);
    let shifted = |v: i64, by: i32| {
        let x = int_from_i64(rt, v)?;
        rt.binary_op(BinaryOp::Lshift, x, Value::small_int_unchecked(by as _))
    };
    let (num, den) = if r.exp >= 0 {
        (shifted(m, r.exp)?, one)
    } else {
        (int_from_i64(rt, m)?, shifted(1, -r.exp)?)
    };
    new_tuple(rt, &[num, den])
}

#[cfg(feature = "num-extras")]
fn float_hex(rt: &Rt, v: Value) -> PyResult {
    let x = this(rt, v)?;
    let mut out = StrBuilder::with_capacity(rt, 24)?;
    let mut fmt = FmtSink::new(&mut out);
    let result = if x.is_nan() {
        fmt.write_str("nan")
    } else if x.is_infinite() {
        fmt.write_str(if x > 0.0 { "inf" } else { "-inf" })
    } else {
        let bits = x.to_bits();
        let sign = if bits >> 63 == 1 { "-" } else { "" };
        let biased = ((bits >> 52) & 0x7ff) as i32;
        let frac = bits & ((1 << 52) - 1);
        if biased == 0 && frac == 0 {
            write!(fmt, "{sign}0x0.0p+0")
        } else {
            let (lead, exp) = if biased == 0 {
                (0, -1022)
            } else {
                (1, biased - 1023)
            };
            write!(fmt, "{sign}0x{lead}.{frac:013x}p{exp:+}")
        }
    };
    fmt.finish(result)?;
    out.finish(&STR_TYPE)
}

/// `float`'s methods: all of them are `num-extras` (MicroPython's float has
/// none).
static FLOAT_METHODS: [(Qstr, Value); 3 * super::NUM_EXTRAS] = [
    #[cfg(feature = "num-extras")]
    rom_method!(hex, NativeFn::F1(float_hex)),
    #[cfg(feature = "num-extras")]
    rom_method!(as_integer_ratio, NativeFn::F1(float_as_integer_ratio)),
    #[cfg(feature = "num-extras")]
    rom_method!(is_integer, NativeFn::F1(float_is_integer)),
];
const _: () = assert!(
    methods_sorted(&FLOAT_METHODS),
    "FLOAT_METHODS must be sorted by qstr"
);

static FLOAT_SLOTS: Slots = Slots {
    make_new: Some(float_make_new),
    print: Some(float_print),
    unary_op: Some(float_unary),
    binary_op: Some(float_binary),
    ..Slots::EMPTY
};

/// `float`.
pub static FLOAT_TYPE: Type = crate::types::builtin_type(
    q::float,
    TypeFlags::BASETYPE,
    b'F',
    &FLOAT_TYPE,
    &FLOAT_SLOTS,
    &FLOAT_METHODS,
);

#[cfg(test)]
mod tests {
    use super::stored_f32;
    use crate::value::repr32;
    extern crate alloc;
    use alloc::string::String;
    use pyrite_num::float::{StoredF32, parse_f32, write_repr_stored_f32};

    /// What a board prints for the float word `w`.
    fn board_repr(w: u32) -> String {
        let mut s = String::new();
        write_repr_stored_f32(&mut s, stored_f32(repr32::float_value(w))).unwrap();
        s
    }

    #[test]
    fn board_repr_reads_back_as_the_same_word() {
        // A fixed-seed LCG over float words of both signs.
        let mut z: u64 = 30;
        let mut checked = 0;
        while checked < 20_000 {
            z = z
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let w = repr32::float(f32::from_bits((z >> 32) as u32));
            let x = repr32::float_value(w);
            if !x.is_finite() {
                continue;
            }
            let text = board_repr(w);
            let back = repr32::float(parse_f32(&text).unwrap());
            assert_eq!(back, w, "{text} for {w:#010x}");
            checked += 1;
        }
    }

    #[test]
    fn board_repr_prints_the_short_texts() {
        for t in [
            "0.1",
            "1e+30",
            "0.3333334",
            "2.5",
            "1e-05",
            "123456.7",
            "3.14159",
            "-0.1",
        ] {
            let w = repr32::float(parse_f32(t).unwrap());
            assert_eq!(board_repr(w), t);
        }
        assert_eq!(board_repr(repr32::float(f32::INFINITY)), "inf");
        assert_eq!(board_repr(repr32::float(f32::NAN)), "nan");
    }

    #[test]
    fn an_unstored_f32_stands_for_itself() {
        let x = f32::from_bits(0x3dcc_cccd); // 0.1f32: its low bits are not 00
        assert_eq!(stored_f32(x), StoredF32::exact(x));
        let stored = repr32::float_value(repr32::float(x));
        assert_ne!(stored_f32(stored), StoredF32::exact(stored));
    }
}
