//! `math`: floating-point functions over `libm` (single precision on the
//! 32-bit boards, double on hosts), plus the integer functions `gcd`,
//! `factorial`, `comb`, `perm` and `isqrt` over big ints.
//!
//! Errors follow CPython: a NaN result from a non-NaN argument is
//! `ValueError: math domain error`, an infinite result from finite
//! arguments is `OverflowError: math range error` (or a domain error for a
//! pole such as `log(0)`).
//!
//! Without the `stdlib-math-full` feature the module has MicroPython's
//! basic set only; the other functions stay compiled but unreferenced (their
//! tables and names are left out).
#![cfg_attr(not(feature = "stdlib-math-full"), allow(dead_code))]

use alloc::vec::Vec;

use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::num::INT_TYPE;
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{Args, BinaryOp, Exc, Float, PyResult, Rt, Value, q};

use super::{int_value, is_int, set, set_fns, to_float, to_i64, type_name};
use crate::vm::Vm;

/// The `libm` functions for this target's `Float`.
#[cfg(target_pointer_width = "64")]
mod fl {
    pub(super) use libm::{
        acos, acosh, asin, asinh, atan, atan2, atanh, ceil, copysign, cos, cosh, erf, erfc, expm1,
        fabs, floor, fmod, frexp, lgamma, log1p, scalbn, sin, sinh, sqrt, tan, tanh, tgamma, trunc,
    };
    use pyrite_num::float::accurate;

    // Correctly rounded where `libm`'s are not always, as the C libraries
    // CPython and MicroPython use; `libm` for the special cases.
    pub(super) fn exp(x: f64) -> f64 {
        accurate::exp(x).unwrap_or_else(|| libm::exp(x))
    }
    pub(super) fn log(x: f64) -> f64 {
        accurate::ln(x).unwrap_or_else(|| libm::log(x))
    }
    pub(super) fn log2(x: f64) -> f64 {
        accurate::log2(x).unwrap_or_else(|| libm::log2(x))
    }
    pub(super) fn log10(x: f64) -> f64 {
        accurate::log10(x).unwrap_or_else(|| libm::log10(x))
    }
    pub(super) fn pow(x: f64, y: f64) -> f64 {
        accurate::pow(x, y).unwrap_or_else(|| libm::pow(x, y))
    }
}

/// The `libm` functions for this target's `Float`.
#[cfg(not(target_pointer_width = "64"))]
mod fl {
    pub(super) use libm::{
        acoshf as acosh, asinhf as asinh, atanhf as atanh, ceilf as ceil, copysignf as copysign,
        coshf as cosh, erfcf as erfc, erff as erf, expm1f as expm1, fabsf as fabs, floorf as floor,
        frexpf as frexp, lgammaf as lgamma, log1pf as log1p, log2f as log2, log10f as log10,
        scalbnf as scalbn, sinhf as sinh, tanhf as tanh, tgammaf as tgamma, truncf as trunc,
    };
    /// Less code than `libm`'s, in `f64` inside (see `pyrite-num`).
    pub(super) use pyrite_num::float::atrig32::{acos, asin, atan, atan2};
    /// Less code than `libm`'s, in `f64` inside (see `pyrite-num`).
    pub(super) use pyrite_num::float::explog32::{exp, ln as log, pow};
    /// Exact argument reduction in less code than `libm`'s.
    pub(super) use pyrite_num::float::trig32::{cos, sin, tan};
    /// The FPU's instruction where the board has one.
    pub(super) use pyrite_obj::types::num::float::sqrt;

    /// `fmod` as the `%` operator on floats computes it: the one copy
    /// that float `%` already links (libm's `fmodf` would be a second).
    pub(super) fn fmod(x: f32, y: f32) -> f32 {
        x % y
    }
}

const PI: Float = core::f64::consts::PI as Float;
const E: Float = core::f64::consts::E as Float;
const TAU: Float = core::f64::consts::TAU as Float;

fn domain_error(rt: &Rt) -> Exc {
    rt.value_error(format_args!("math domain error"))
}

fn range_error(rt: &Rt) -> Exc {
    rt.error(&exc::OVERFLOW_ERROR, format_args!("math range error"))
}

/// Checks the result `r` of a function of `x` (CPython's rules): NaN from
/// non-NaN is a domain error; infinity from a finite argument is a range
/// error when the function can overflow there, a domain error otherwise.
fn checked(rt: &Rt, x: Float, r: Float, can_overflow: bool) -> PyResult {
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(rt));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error(rt)
        } else {
            domain_error(rt)
        });
    }
    Ok(Value::float(r))
}

/// A two-argument version of [`checked`].
fn checked2(rt: &Rt, x: Float, y: Float, r: Float) -> PyResult {
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(rt));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range_error(rt));
    }
    Ok(Value::float(r))
}

/// `f(x)` for a one-argument function: on the boards the conversion and
/// the checks once, out of line, for all of them (each function is then a
/// call); on hosts inlined, so `f` stays a direct (inlined) call.
#[cfg_attr(feature = "compact", inline(never))]
fn math1(rt: &Rt, x: Value, f: fn(Float) -> Float, can_overflow: bool) -> PyResult {
    let x = to_float(rt, x)?;
    checked(rt, x, f(x), can_overflow)
}

macro_rules! math1 {
    ($($fname:ident = $qname:ident, $f:path, $overflow:expr;)*) => {$(
        fn $fname(rt: &Rt, x: Value) -> PyResult {
            math1(rt, x, $f, $overflow)
        }
    )*};
}

math1! {
    m_sqrt = sqrt, fl::sqrt, false;
    m_exp = exp, fl::exp, true;
    m_expm1 = expm1, fl::expm1, true;
    m_sin = sin, fl::sin, false;
    m_cos = cos, fl::cos, false;
    m_tan = tan, fl::tan, false;
    m_asin = asin, fl::asin, false;
    m_acos = acos, fl::acos, false;
    m_atan = atan, fl::atan, false;
    m_sinh = sinh, fl::sinh, true;
    m_cosh = cosh, fl::cosh, true;
    m_tanh = tanh, fl::tanh, false;
    m_asinh = asinh, fl::asinh, false;
    m_acosh = acosh, fl::acosh, false;
    m_fabs = fabs, fl::fabs, false;
    m_erf = erf, fl::erf, false;
    m_erfc = erfc, fl::erfc, false;
}

/// A logarithm: positive arguments only (`log(0)` is a domain error, not
/// `-inf`). Big ints too large for a float use their bit length.
fn log_of(rt: &Rt, x: Value, f: fn(Float) -> Float) -> PyResult<Float> {
    let xf = match to_float(rt, x) {
        Ok(xf) => xf,
        Err(e) if is_int(rt, x) => {
            // An int too large for a float: log(x) = log(x / 2**k) + k*log(2).
            let _ = e;
            return big_log(rt, x, f);
        }
        Err(e) => return Err(e),
    };
    if xf.is_nan() {
        return Ok(xf);
    }
    if xf <= 0.0 {
        return Err(domain_error(rt));
    }
    Ok(f(xf))
}

/// `log` of an int too large for a float, by shifting it down first.
fn big_log(rt: &Rt, x: Value, f: fn(Float) -> Float) -> PyResult<Float> {
    if rt.less_than(x, Value::small_int_unchecked(1))? {
        return Err(domain_error(rt));
    }
    let mut v = x;
    let mut shift: i64 = 0;
    let step = Value::small_int_unchecked(64);
    loop {
        if let Ok(xf) = to_float(rt, v)
            && xf.is_finite()
        {
            // f(x * 2**shift) = f(x) + shift * f(2)
            return Ok(f(xf) + shift as Float * f(2.0));
        }
        v = rt.binary_op(BinaryOp::Rshift, v, step)?;
        shift += 64;
    }
}

fn m_log(rt: &Rt, args: &[Value]) -> PyResult {
    let num = log_of(rt, args[0], fl::log)?;
    match args.get(1) {
        None => Ok(Value::float(num)),
        Some(&base) => {
            let den = log_of(rt, base, fl::log)?;
            if den == 0.0 {
                return Err(rt.error(
                    &exc::ZERO_DIVISION_ERROR,
                    format_args!("float division by zero"),
                ));
            }
            Ok(Value::float(num / den))
        }
    }
}

fn m_log2(rt: &Rt, x: Value) -> PyResult {
    log_of(rt, x, fl::log2).map(Value::float)
}

fn m_log10(rt: &Rt, x: Value) -> PyResult {
    log_of(rt, x, fl::log10).map(Value::float)
}

fn m_log1p(rt: &Rt, x: Value) -> PyResult {
    let xf = to_float(rt, x)?;
    if xf <= -1.0 {
        return Err(domain_error(rt));
    }
    checked(rt, xf, fl::log1p(xf), false)
}

fn m_pow(rt: &Rt, x: Value, y: Value) -> PyResult {
    let (x, y) = (to_float(rt, x)?, to_float(rt, y)?);
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(domain_error(rt));
    }
    if x.is_finite() && x < 0.0 && y.is_finite() && fl::trunc(y) != y {
        return Err(domain_error(rt));
    }
    checked2(rt, x, y, fl::pow(x, y))
}

fn m_atan2(rt: &Rt, y: Value, x: Value) -> PyResult {
    let (y, x) = (to_float(rt, y)?, to_float(rt, x)?);
    Ok(Value::float(fl::atan2(y, x)))
}

fn m_copysign(rt: &Rt, x: Value, y: Value) -> PyResult {
    let (x, y) = (to_float(rt, x)?, to_float(rt, y)?);
    Ok(Value::float(fl::copysign(x, y)))
}

fn m_fmod(rt: &Rt, x: Value, y: Value) -> PyResult {
    let (x, y) = (to_float(rt, x)?, to_float(rt, y)?);
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::float(x));
    }
    let r = fl::fmod(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(rt));
    }
    Ok(Value::float(r))
}

fn m_gamma(rt: &Rt, x: Value) -> PyResult {
    let xf = to_float(rt, x)?;
    if xf.is_finite() && xf <= 0.0 && fl::trunc(xf) == xf {
        return Err(domain_error(rt));
    }
    if xf == Float::NEG_INFINITY {
        return Err(domain_error(rt));
    }
    checked(rt, xf, fl::tgamma(xf), true)
}

fn m_lgamma(rt: &Rt, x: Value) -> PyResult {
    let xf = to_float(rt, x)?;
    if xf.is_finite() && xf <= 0.0 && fl::trunc(xf) == xf {
        return Err(domain_error(rt));
    }
    checked(rt, xf, fl::lgamma(xf), true)
}

fn m_atanh(rt: &Rt, x: Value) -> PyResult {
    let xf = to_float(rt, x)?;
    if xf.abs() >= 1.0 {
        return Err(domain_error(rt));
    }
    Ok(Value::float(fl::atanh(xf)))
}

fn m_degrees(rt: &Rt, x: Value) -> PyResult {
    Ok(Value::float(to_float(rt, x)? * (180.0 / PI)))
}

fn m_radians(rt: &Rt, x: Value) -> PyResult {
    Ok(Value::float(to_float(rt, x)? * (PI / 180.0)))
}

fn m_isfinite(rt: &Rt, x: Value) -> PyResult {
    Ok(Value::bool(to_float(rt, x)?.is_finite()))
}

fn m_isinf(rt: &Rt, x: Value) -> PyResult {
    Ok(Value::bool(to_float(rt, x)?.is_infinite()))
}

fn m_isnan(rt: &Rt, x: Value) -> PyResult {
    Ok(Value::bool(to_float(rt, x)?.is_nan()))
}

/// `int(x)` of a float (big ints, and CPython's errors for inf and NaN).
fn float_to_int(rt: &Rt, x: Float) -> PyResult {
    if x.is_finite() && x.abs() < 1e15 {
        return int_value(rt, x as i64);
    }
    match INT_TYPE.slots.make_new {
        Some(make_new) => make_new(rt, &INT_TYPE, Args::positional(&[Value::float(x)])),
        None => Err(rt.type_error(format_args!("int() unavailable"))),
    }
}

/// `floor`/`ceil`/`trunc`: ints are returned as they are.
fn rounding(rt: &Rt, x: Value, f: fn(Float) -> Float) -> PyResult {
    if is_int(rt, x) {
        return match x.as_immediate() {
            Some(_) => int_value(rt, to_i64(rt, x)?),
            None => Ok(x),
        };
    }
    let xf = to_float(rt, x)?;
    float_to_int(rt, f(xf))
}

fn m_floor(rt: &Rt, x: Value) -> PyResult {
    rounding(rt, x, fl::floor)
}

fn m_ceil(rt: &Rt, x: Value) -> PyResult {
    rounding(rt, x, fl::ceil)
}

fn m_trunc(rt: &Rt, x: Value) -> PyResult {
    rounding(rt, x, fl::trunc)
}

fn m_modf(rt: &Rt, x: Value) -> PyResult {
    let xf = to_float(rt, x)?;
    let (frac, int) = if xf.is_infinite() {
        (fl::copysign(0.0, xf), xf)
    } else {
        let i = fl::trunc(xf);
        (fl::copysign(xf - i, xf), i)
    };
    new_tuple(rt, &[Value::float(frac), Value::float(int)])
}

fn m_frexp(rt: &Rt, x: Value) -> PyResult {
    let xf = to_float(rt, x)?;
    let (m, e) = if xf == 0.0 || !xf.is_finite() {
        (xf, 0)
    } else {
        fl::frexp(xf)
    };
    new_tuple(rt, &[Value::float(m), int_value(rt, e as i64)?])
}

fn m_ldexp(rt: &Rt, x: Value, i: Value) -> PyResult {
    let xf = to_float(rt, x)?;
    if !is_int(rt, i) {
        return Err(rt.type_error(format_args!("Expected an int as second argument to ldexp.")));
    }
    // Exponents beyond any float's range saturate.
    let e = to_i64(rt, i).unwrap_or(if rt.less_than(i, Value::small_int_unchecked(0))? {
        i64::MIN
    } else {
        i64::MAX
    });
    if xf == 0.0 || !xf.is_finite() {
        return Ok(Value::float(xf));
    }
    let e = e.clamp(-100_000, 100_000) as i32;
    let r = fl::scalbn(xf, e);
    if r.is_infinite() {
        return Err(range_error(rt));
    }
    Ok(Value::float(r))
}

#[cfg(feature = "stdlib-math-full")]
fn m_isclose(rt: &Rt, args: Args<'_>) -> PyResult {
    if args.pos.len() != 2 {
        return Err(rt.type_error(format_args!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            args.pos.len()
        )));
    }
    let a = to_float(rt, args.pos[0])?;
    let b = to_float(rt, args.pos[1])?;
    let mut rel_tol: Float = 1e-9;
    let mut abs_tol: Float = 0.0;
    for (k, v) in args.kw_pairs() {
        match k.as_qstr() {
            Some(q::rel_tol) => rel_tol = to_float(rt, v)?,
            Some(q::abs_tol) => abs_tol = to_float(rt, v)?,
            _ => {
                return Err(
                    rt.type_error(format_args!("isclose() got an unexpected keyword argument"))
                );
            }
        }
    }
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(rt.value_error(format_args!("tolerances must be non-negative")));
    }
    if a == b {
        return Ok(Value::TRUE);
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::FALSE);
    }
    let diff = (b - a).abs();
    let close = diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol;
    Ok(Value::bool(close))
}

fn m_hypot(rt: &Rt, args: &[Value]) -> PyResult {
    let mut max: Float = 0.0;
    let mut any_nan = false;
    let mut vals: Vec<Float> = Vec::with_capacity(args.len());
    for &a in args {
        let x = to_float(rt, a)?.abs();
        if x.is_infinite() {
            return Ok(Value::float(Float::INFINITY));
        }
        any_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        vals.push(x);
    }
    if any_nan {
        return Ok(Value::float(Float::NAN));
    }
    if max == 0.0 {
        return Ok(Value::float(0.0));
    }
    // Scaled by the largest coordinate, so no square overflows.
    let sum: Float = vals.iter().map(|x| (x / max) * (x / max)).sum();
    Ok(Value::float(max * fl::sqrt(sum)))
}

/// `fsum(iterable)`: the correctly rounded sum (Shewchuk's partials).
fn m_fsum(rt: &Rt, it: Value) -> PyResult {
    let iter = rt.get_iter(it)?;
    let mut partials: Vec<f64> = Vec::new();
    let mut special: f64 = 0.0;
    let mut inf_sum: f64 = 0.0;
    while let Some(v) = rt.iter_next(iter)? {
        let mut x = to_float(rt, v)? as f64;
        if !x.is_finite() {
            if x.is_infinite() {
                inf_sum += x;
            }
            special += x;
            continue;
        }
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                core::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x.is_infinite() {
            return Err(rt.error(
                &exc::OVERFLOW_ERROR,
                format_args!("intermediate overflow in fsum"),
            ));
        }
        partials.push(x);
    }
    if special != 0.0 || special.is_nan() {
        if inf_sum.is_nan() {
            return Err(rt.value_error(format_args!("-inf + inf in fsum")));
        }
        return Ok(Value::float(special as Float));
    }
    // Add the partials from the top, rounding once (with the half-way fix).
    let mut hi: f64 = 0.0;
    if let Some(mut n) = partials.len().checked_sub(0).filter(|&n| n > 0) {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(Value::float(hi as Float))
}

/// An integer argument of the integer functions (`TypeError` for floats).
fn int_arg(rt: &Rt, v: Value) -> PyResult<Value> {
    if is_int(rt, v) {
        return Ok(match v.as_immediate() {
            Some(_) => int_value(rt, to_i64(rt, v)?)?,
            None => v,
        });
    }
    Err(rt.type_error(format_args!(
        "'{}' object cannot be interpreted as an integer",
        type_name(rt, v)
    )))
}

fn is_negative(rt: &Rt, v: Value) -> PyResult<bool> {
    rt.less_than(v, Value::small_int_unchecked(0))
}

fn m_gcd(rt: &Rt, args: &[Value]) -> PyResult {
    let zero = Value::small_int_unchecked(0);
    let mut g = zero;
    for &a in args {
        let mut b = int_arg(rt, a)?;
        if is_negative(rt, b)? {
            b = rt.unary_op(pyrite_obj::UnaryOp::Negative, b)?;
        }
        let mut a = g;
        // Euclid: gcd(a, b) = gcd(b, a % b).
        while !rt.equal(b, zero)? {
            let r = rt.binary_op(BinaryOp::Modulo, a, b)?;
            a = b;
            b = r;
        }
        g = a;
    }
    Ok(g)
}

fn m_factorial(rt: &Rt, n: Value) -> PyResult {
    let n = int_arg(rt, n)?;
    if is_negative(rt, n)? {
        return Err(rt.value_error(format_args!("factorial() not defined for negative values")));
    }
    let n = to_i64(rt, n)?;
    let mut acc = Value::small_int_unchecked(1);
    // Multiply small factors together while they fit in a word.
    let mut chunk: i64 = 1;
    for i in 2..=n {
        match chunk.checked_mul(i).filter(|c| *c < (1 << 40)) {
            Some(c) => chunk = c,
            None => {
                acc = rt.binary_op(BinaryOp::Multiply, acc, int_value(rt, chunk)?)?;
                chunk = i;
            }
        }
    }
    rt.binary_op(BinaryOp::Multiply, acc, int_value(rt, chunk)?)
}

/// `n * (n-1) * ... * (n-k+1)`, divided by `k!` when `comb`.
fn falling(rt: &Rt, n: Value, k: i64, comb: bool) -> PyResult {
    let mut acc = Value::small_int_unchecked(1);
    for i in 0..k {
        let f = rt.binary_op(BinaryOp::Subtract, n, int_value(rt, i)?)?;
        acc = rt.binary_op(BinaryOp::Multiply, acc, f)?;
        if comb {
            acc = rt.binary_op(BinaryOp::FloorDivide, acc, int_value(rt, i + 1)?)?;
        }
    }
    Ok(acc)
}

fn nonneg(rt: &Rt, v: Value, what: &str) -> PyResult<Value> {
    let v = int_arg(rt, v)?;
    if is_negative(rt, v)? {
        return Err(rt.value_error(format_args!("{what} must be a non-negative integer")));
    }
    Ok(v)
}

fn m_comb(rt: &Rt, n: Value, k: Value) -> PyResult {
    let n = nonneg(rt, n, "n")?;
    let k = nonneg(rt, k, "k")?;
    if rt.less_than(n, k)? {
        return Ok(Value::small_int_unchecked(0));
    }
    // comb(n, k) == comb(n, n - k): use the smaller.
    let nk = rt.binary_op(BinaryOp::Subtract, n, k)?;
    let k = if rt.less_than(nk, k)? { nk } else { k };
    let k = to_i64(rt, k)?;
    falling(rt, n, k, true)
}

fn m_perm(rt: &Rt, args: &[Value]) -> PyResult {
    let n = nonneg(rt, args[0], "n")?;
    let k = match args.get(1) {
        None => n,
        Some(v) if v.is_none() => n,
        Some(&v) => nonneg(rt, v, "k")?,
    };
    if rt.less_than(n, k)? {
        return Ok(Value::small_int_unchecked(0));
    }
    let k = to_i64(rt, k)?;
    falling(rt, n, k, false)
}

fn m_isqrt(rt: &Rt, n: Value) -> PyResult {
    let n = int_arg(rt, n)?;
    if is_negative(rt, n)? {
        return Err(rt.value_error(format_args!("isqrt() argument must be nonnegative")));
    }
    if let Ok(small) = to_i64(rt, n) {
        let mut x = libm::sqrt(small as f64) as i64;
        while x > 0 && x.checked_mul(x).is_none_or(|sq| sq > small) {
            x -= 1;
        }
        while (x + 1).checked_mul(x + 1).is_some_and(|sq| sq <= small) {
            x += 1;
        }
        return int_value(rt, x);
    }
    // Newton's method on big ints, from a power of two above the root.
    let two = Value::small_int_unchecked(2);
    let mut x = n;
    loop {
        let y = rt.binary_op(
            BinaryOp::FloorDivide,
            rt.binary_op(BinaryOp::Add, x, rt.binary_op(BinaryOp::FloorDivide, n, x)?)?,
            two,
        )?;
        if !rt.less_than(y, x)? {
            return Ok(x);
        }
        x = y;
    }
}

#[cfg(feature = "stdlib-math-full")]
fn m_prod(rt: &Rt, args: Args<'_>) -> PyResult {
    if args.pos.len() != 1 {
        return Err(rt.arg_count_error(q::prod, 1, args.pos.len(), false));
    }
    let mut acc = Value::small_int_unchecked(1);
    for (k, v) in args.kw_pairs() {
        if k.as_qstr() == Some(q::start) {
            acc = v;
        } else {
            return Err(rt.type_error(format_args!("prod() got an unexpected keyword argument")));
        }
    }
    let iter = rt.get_iter(args.pos[0])?;
    while let Some(v) = rt.iter_next(iter)? {
        acc = rt.binary_op(BinaryOp::Multiply, acc, v)?;
    }
    Ok(acc)
}

macro_rules! f {
    ($name:ident, $q:ident, $imp:expr) => {
        static $name: BuiltinFn = BuiltinFn::new(q::$q, $imp);
    };
}

f!(SQRT, sqrt, NativeFn::F1(m_sqrt));
f!(EXP, exp, NativeFn::F1(m_exp));
#[cfg(feature = "stdlib-math-full")]
f!(EXPM1, expm1, NativeFn::F1(m_expm1));
f!(
    LOG,
    log,
    NativeFn::Var {
        min: 1,
        max: 2,
        f: m_log
    }
);
#[cfg(feature = "stdlib-math-full")]
f!(LOG2, log2, NativeFn::F1(m_log2));
#[cfg(feature = "stdlib-math-full")]
f!(LOG10, log10, NativeFn::F1(m_log10));
#[cfg(feature = "stdlib-math-full")]
f!(LOG1P, log1p, NativeFn::F1(m_log1p));
f!(POW, pow, NativeFn::F2(m_pow));
f!(FABS, fabs, NativeFn::F1(m_fabs));
f!(FLOOR, floor, NativeFn::F1(m_floor));
f!(CEIL, ceil, NativeFn::F1(m_ceil));
f!(TRUNC, trunc, NativeFn::F1(m_trunc));
f!(FMOD, fmod, NativeFn::F2(m_fmod));
f!(MODF, modf, NativeFn::F1(m_modf));
f!(FREXP, frexp, NativeFn::F1(m_frexp));
f!(LDEXP, ldexp, NativeFn::F2(m_ldexp));
f!(COPYSIGN, copysign, NativeFn::F2(m_copysign));
f!(ISFINITE, isfinite, NativeFn::F1(m_isfinite));
f!(ISINF, isinf, NativeFn::F1(m_isinf));
f!(ISNAN, isnan, NativeFn::F1(m_isnan));
#[cfg(feature = "stdlib-math-full")]
f!(
    ISCLOSE,
    isclose,
    NativeFn::Kw {
        min: 0,
        f: m_isclose
    }
);
f!(SIN, sin, NativeFn::F1(m_sin));
f!(COS, cos, NativeFn::F1(m_cos));
f!(TAN, tan, NativeFn::F1(m_tan));
f!(ASIN, asin, NativeFn::F1(m_asin));
f!(ACOS, acos, NativeFn::F1(m_acos));
f!(ATAN, atan, NativeFn::F1(m_atan));
f!(ATAN2, atan2, NativeFn::F2(m_atan2));
#[cfg(feature = "stdlib-math-full")]
f!(SINH, sinh, NativeFn::F1(m_sinh));
#[cfg(feature = "stdlib-math-full")]
f!(COSH, cosh, NativeFn::F1(m_cosh));
#[cfg(feature = "stdlib-math-full")]
f!(TANH, tanh, NativeFn::F1(m_tanh));
#[cfg(feature = "stdlib-math-full")]
f!(ASINH, asinh, NativeFn::F1(m_asinh));
#[cfg(feature = "stdlib-math-full")]
f!(ACOSH, acosh, NativeFn::F1(m_acosh));
#[cfg(feature = "stdlib-math-full")]
f!(ATANH, atanh, NativeFn::F1(m_atanh));
f!(DEGREES, degrees, NativeFn::F1(m_degrees));
f!(RADIANS, radians, NativeFn::F1(m_radians));
#[cfg(feature = "stdlib-math-full")]
f!(
    HYPOT,
    hypot,
    NativeFn::Var {
        min: 0,
        max: 255,
        f: m_hypot
    }
);
#[cfg(feature = "stdlib-math-full")]
f!(FSUM, fsum, NativeFn::F1(m_fsum));
#[cfg(feature = "stdlib-math-full")]
f!(
    GCD,
    gcd,
    NativeFn::Var {
        min: 0,
        max: 255,
        f: m_gcd
    }
);
#[cfg(feature = "stdlib-math-full")]
f!(FACTORIAL, factorial, NativeFn::F1(m_factorial));
#[cfg(feature = "stdlib-math-full")]
f!(COMB, comb, NativeFn::F2(m_comb));
#[cfg(feature = "stdlib-math-full")]
f!(
    PERM,
    perm,
    NativeFn::Var {
        min: 1,
        max: 2,
        f: m_perm
    }
);
#[cfg(feature = "stdlib-math-full")]
f!(ISQRT, isqrt, NativeFn::F1(m_isqrt));
#[cfg(feature = "stdlib-math-full")]
f!(PROD, prod, NativeFn::Kw { min: 0, f: m_prod });
#[cfg(feature = "stdlib-math-full")]
f!(ERF, erf, NativeFn::F1(m_erf));
#[cfg(feature = "stdlib-math-full")]
f!(ERFC, erfc, NativeFn::F1(m_erfc));
#[cfg(feature = "stdlib-math-full")]
f!(GAMMA, gamma, NativeFn::F1(m_gamma));
#[cfg(feature = "stdlib-math-full")]
f!(LGAMMA, lgamma, NativeFn::F1(m_lgamma));

/// MicroPython's basic `math` functions (a table in flash: built on the
/// stack, the list would cost twice its size in code).
static BASIC_FNS: [&BuiltinFn; 25] = [
    &SQRT, &EXP, &LOG, &POW, &FABS, &FLOOR, &CEIL, &TRUNC, &FMOD, &MODF, &FREXP, &LDEXP, &COPYSIGN,
    &ISFINITE, &ISINF, &ISNAN, &SIN, &COS, &TAN, &ASIN, &ACOS, &ATAN, &ATAN2, &DEGREES, &RADIANS,
];

/// The functions of `stdlib-math-full`.
#[cfg(feature = "stdlib-math-full")]
static FULL_FNS: [&BuiltinFn; 23] = [
    &EXPM1, &LOG2, &LOG10, &LOG1P, &ISCLOSE, &SINH, &COSH, &TANH, &ASINH, &ACOSH, &ATANH, &HYPOT,
    &FSUM, &GCD, &FACTORIAL, &COMB, &PERM, &ISQRT, &PROD, &ERF, &ERFC, &GAMMA, &LGAMMA,
];

/// Fills the `math` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    set(rt, dict, q::pi, Value::float(PI))?;
    set(rt, dict, q::e, Value::float(E))?;
    set(rt, dict, q::tau, Value::float(TAU))?;
    set(rt, dict, q::inf, Value::float(Float::INFINITY))?;
    set(rt, dict, q::nan, Value::float(Float::NAN))?;
    set_fns(rt, dict, &BASIC_FNS)?;
    #[cfg(feature = "stdlib-math-full")]
    set_fns(rt, dict, &FULL_FNS)?;
    Ok(())
}
