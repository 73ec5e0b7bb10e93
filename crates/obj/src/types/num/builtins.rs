//! The numeric builtins the VM exposes: `abs`, `divmod`, `pow` (with the
//! 3-argument modular form), `round`, `hex`/`oct`/`bin`, and `format()` of
//! numbers (for `str.format` and f-strings).

use core::fmt;

use pyrite_num::NumError;
#[cfg(feature = "num-extras")]
use pyrite_num::ValueKind;
#[cfg(feature = "num-extras")]
use pyrite_num::bigint::pow as bigpow;
use pyrite_num::fmtspec::{FormatError, FormatSpec, IntArg, SpecError, format_int};

#[cfg(all(feature = "num-extras", feature = "bigint"))]
use super::bigint::IntBuilder;
use super::bigint::{int_from_i64, with_scratch};
use super::float::{float_pow, float_to_int};
use super::int::write_int_base;
use super::{IntView, int_view, num_error};
use crate::error::PyResult;
use crate::object::PrintKind;
use crate::ops::{BinaryOp, UnaryOp};
use crate::rt::Rt;
use crate::sink::{FmtSink, Sink};
use crate::types::str::{STR_TYPE, StrBuilder};
use crate::value::{Float, Value};

/// Whether `v` is an `int`, `bool` or `float` (what [`format_number`]
/// formats).
pub fn is_number(rt: &Rt, v: Value) -> bool {
    v.is_float() || int_view(rt, v).is_some()
}

/// `abs(x)`.
pub fn abs(rt: &Rt, x: Value) -> PyResult {
    rt.unary_op(UnaryOp::Abs, x)
}

/// `divmod(a, b)`.
pub fn divmod(rt: &Rt, a: Value, b: Value) -> PyResult {
    rt.binary_op(BinaryOp::Divmod, a, b)
}

/// `pow(a, b)` or `pow(a, b, m)`.
#[cfg(feature = "num-extras")]
pub fn pow(rt: &Rt, a: Value, b: Value, m: Option<Value>) -> PyResult {
    match m {
        None => rt.binary_op(BinaryOp::Power, a, b),
        Some(m) if m.is_none() => rt.binary_op(BinaryOp::Power, a, b),
        Some(m) => int_pow3(rt, a, b, m),
    }
}

/// `pow(a, b)`: without `num-extras` there is no three-argument form, as
/// in MicroPython without `MICROPY_PY_BUILTINS_POW3`.
#[cfg(not(feature = "num-extras"))]
pub fn pow(rt: &Rt, a: Value, b: Value, m: Option<Value>) -> PyResult {
    match m {
        None => rt.binary_op(BinaryOp::Power, a, b),
        Some(_) => Err(rt.type_error(format_args!("function expected at most 2 arguments, got 3"))),
    }
}

/// Holds the product of two small-int magnitudes: 102 bits on 64-bit
/// targets; on 32-bit ones 62 bits, and `u64` keeps 128-bit division out
/// of the boards' images.
#[cfg(all(feature = "num-extras", target_pointer_width = "64"))]
type SmallProduct = u128;
#[cfg(all(feature = "num-extras", not(target_pointer_width = "64")))]
type SmallProduct = u64;

/// `pow(a, b, m)` for ints: the result has the sign of `m`; a negative `b`
/// uses the modular inverse of `a`.
#[cfg(feature = "num-extras")]
pub fn int_pow3(rt: &Rt, a: Value, b: Value, m: Value) -> PyResult {
    let (Some(x), Some(e), Some(n)) = (int_view(rt, a), int_view(rt, b), int_view(rt, m)) else {
        return Err(rt.type_error(format_args!(
            "pow() 3rd argument not allowed unless all arguments are integers"
        )));
    };
    if n.is_zero() {
        return Err(num_error(rt, NumError::Value(ValueKind::PowModulusZero)));
    }
    // Fast path: everything small, exponent non-negative; the modulus has
    // at most 51 bits (31 on 32-bit targets), so products fit `SmallProduct`.
    // Hosts only: 32-bit boards take the big-int path for these too (flash).
    if cfg!(not(feature = "compact"))
        && let (IntView::Small(x), IntView::Small(e), IntView::Small(n)) = (x, e, n)
        && e >= 0
    {
        let modulus = n.unsigned_abs() as SmallProduct;
        let mut base = (x.rem_euclid(n.abs())) as SmallProduct;
        let mut acc: SmallProduct = 1 % modulus;
        let mut e = e as u64;
        while e > 0 {
            if e & 1 == 1 {
                acc = acc * base % modulus;
            }
            base = base * base % modulus;
            e >>= 1;
        }
        // Into the sign of `n`: (-m, 0].
        let r = acc as i64;
        let r = if n < 0 && r != 0 { r + n } else { r };
        return int_from_i64(rt, r);
    }
    let mut bufs = [[0; pyrite_num::bigint::signed::I64_LEN]; 3];
    let [xbuf, ebuf, nbuf] = &mut bufs;
    let (xb, eb, nb) = (x.as_big(xbuf), e.as_big(ebuf), n.as_big(nbuf));
    let neg = eb.is_negative();
    #[cfg(not(feature = "bigint"))]
    return with_scratch(
        rt,
        bigpow::modpow_scratch_len(xb.mag.len(), nb.mag.len(), neg),
        |s| {
            super::bigint::build_maybe_small(rt, bigpow::modpow_len(nb.mag.len()), |o| {
                bigpow::modpow(xb, eb, nb, o, s)
            })
        },
    )?;
    #[cfg(feature = "bigint")]
    {
        let mut out = IntBuilder::new(rt, bigpow::modpow_len(nb.mag.len()))?;
        let w = with_scratch(
            rt,
            bigpow::modpow_scratch_len(xb.mag.len(), nb.mag.len(), neg),
            |s| bigpow::modpow(xb, eb, nb, out.limbs_mut(), s),
        )?
        .map_err(|err| num_error(rt, err))?;
        Ok(out.finish(w))
    }
}

/// `round(x)` (`ndigits` `None`) or `round(x, ndigits)`.
pub fn round(rt: &Rt, x: Value, ndigits: Option<Value>) -> PyResult {
    let ndigits = ndigits.filter(|n| !n.is_none());
    let n = match ndigits {
        None => None,
        Some(n) => match int_view(rt, n) {
            // Beyond i64 only the sign matters.
            Some(v) => {
                Some(
                    v.to_i64()
                        .unwrap_or(if v.is_negative() { i64::MIN } else { i64::MAX }),
                )
            }
            None => {
                return Err(crate::types::num::not_an_integer(rt, n));
            }
        },
    };
    #[cfg(target_pointer_width = "64")]
    if let Some(f) = x.as_float() {
        return match n {
            None => float_to_int(rt, pyrite_num::float::round_half_even(f)),
            Some(n) => pyrite_num::float::round_digits(f, n)
                .map(|r| Value::float(r as Float))
                .map_err(|e| num_error(rt, e)),
        };
    }
    // The boards' `round(x)` is `round(x, 0)` (exact, ties to even) made an
    // int: one rounding routine and no double arithmetic in flash.
    #[cfg(target_pointer_width = "32")]
    if let Some(f) = x.as_float() {
        let r =
            pyrite_num::float::round_digits_f32(f, n.unwrap_or(0)).map_err(|e| num_error(rt, e))?;
        return match n {
            None => float_to_int(rt, r as f64),
            Some(_) => Ok(Value::float(r)),
        };
    }
    let Some(v) = int_view(rt, x) else {
        return Err(rt.type_error(format_args!(
            "type {} doesn't define __round__ method",
            crate::types::str::type_name(rt, x)
        )));
    };
    let int = rt.unary_op(UnaryOp::Int, x)?;
    match n {
        Some(n) if n < 0 => {
            if v.is_zero() {
                return Ok(int);
            }
            // Round half to even at 10**-n.
            let Some(digits) = n.checked_neg() else {
                return Ok(Value::small_int_unchecked(0));
            };
            let p = rt.binary_op(
                BinaryOp::Power,
                Value::small_int_unchecked(10),
                int_from_i64(rt, digits)?,
            )?;
            let qr = rt.binary_op(BinaryOp::Divmod, int, p)?;
            let items = rt
                .downcast::<crate::types::tuple::Tuple>(qr)
                .map(|t| t.items())
                .unwrap_or(&[]);
            let (Some(&q), Some(&r)) = (items.first(), items.get(1)) else {
                return Err(rt.memory_error());
            };
            let twice = rt.binary_op(BinaryOp::Lshift, r, Value::small_int_unchecked(1))?;
            let up = if rt.less_than(p, twice)? {
                true
            } else if rt.equal(twice, p)? {
                let odd = rt.binary_op(BinaryOp::And, q, Value::small_int_unchecked(1))?;
                odd.as_small_int() == Some(1)
            } else {
                false
            };
            let q = if up {
                rt.binary_op(BinaryOp::Add, q, Value::small_int_unchecked(1))?
            } else {
                q
            };
            rt.binary_op(BinaryOp::Multiply, q, p)
        }
        _ => Ok(int),
    }
}

fn int_text(rt: &Rt, x: Value, base: u32, prefix: &str) -> PyResult {
    let Some(v) = int_view(rt, x) else {
        return Err(crate::types::num::not_an_integer(rt, x));
    };
    let mut out = StrBuilder::with_capacity(rt, 16)?;
    write_int_base(rt, v, base, prefix, &mut out)?;
    out.finish(&STR_TYPE)
}

/// `hex(x)`: `'0xff'`, `'-0xff'`.
pub fn hex(rt: &Rt, x: Value) -> PyResult {
    int_text(rt, x, 16, "0x")
}

/// `oct(x)`: `'0o17'`, `'-0o17'`.
pub fn oct(rt: &Rt, x: Value) -> PyResult {
    int_text(rt, x, 8, "0o")
}

/// `bin(x)`: `'0b101'`, `'-0b101'`.
pub fn bin(rt: &Rt, x: Value) -> PyResult {
    int_text(rt, x, 2, "0b")
}

struct SpecMessage<'a> {
    error: SpecError,
    spec: &'a str,
    type_name: &'a [u8],
}

impl fmt::Display for SpecMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = core::str::from_utf8(self.type_name).unwrap_or("?");
        self.error.write_message(f, self.spec, name)
    }
}

/// `format(value, spec)` for an `int`, `bool` or `float` (`__format__`),
/// written to `out`: what `str.format` and f-strings call for numbers. An
/// empty spec prints `str(value)`. A bad spec raises `ValueError` with
/// CPython's message; a value that is not a number raises `TypeError`
/// (check [`is_number`] first).
pub fn format_number(rt: &Rt, value: Value, spec: &[u8], out: &mut dyn Sink) -> PyResult<()> {
    if spec.is_empty() {
        return rt.print(value, out, PrintKind::Str);
    }
    let type_name = rt.qstr_text(rt.type_of(value).name);
    let spec_error = |error: SpecError, spec: &str| {
        rt.value_error(format_args!(
            "{}",
            SpecMessage {
                error,
                spec,
                type_name
            }
        ))
    };
    let Ok(text) = core::str::from_utf8(spec) else {
        return Err(spec_error(SpecError::Invalid, "\u{fffd}"));
    };
    let parsed = FormatSpec::parse(text).map_err(|e| spec_error(e, text))?;
    let mut fmt = FmtSink::new(out);
    let result = if let Some(v) = int_view(rt, value) {
        match v {
            IntView::Small(i) => format_int(&mut fmt, &parsed, IntArg::Small(i), &mut []),
            IntView::Big(b, ..) => with_scratch(
                rt,
                pyrite_num::fmtspec::int::format_int_scratch_len(IntArg::Big(b)),
                |s| format_int(&mut fmt, &parsed, IntArg::Big(b), s),
            )?,
        }
    } else if let Some(x) = value.as_float() {
        #[cfg(target_pointer_width = "64")]
        let r = pyrite_num::fmtspec::format_float(&mut fmt, &parsed, x);
        #[cfg(target_pointer_width = "32")]
        let r =
            pyrite_num::fmtspec::format_stored_f32(&mut fmt, &parsed, super::float::stored_f32(x));
        r
    } else {
        return Err(rt.type_error(format_args!(
            "unsupported format string passed to {}.__format__",
            crate::types::num::Lossy(type_name)
        )));
    };
    match result {
        Ok(()) => fmt.finish(Ok(())),
        Err(FormatError::Num(NumError::Write)) => fmt.finish(Err(fmt::Error)),
        Err(FormatError::Num(e)) => Err(num_error(rt, e)),
        Err(FormatError::Spec(e)) => Err(spec_error(e, text)),
    }
}

/// `pow(x, y)` for two floats (for `math.pow`-like callers).
pub fn float_power(rt: &Rt, x: Float, y: Float) -> PyResult {
    float_pow(rt, x, y)
}

/// The value of an int as `f64`-free `i64`, for callers that need a
/// machine-sized count (`OverflowError` when it does not fit).
pub fn int_to_i64_checked(rt: &Rt, v: Value) -> PyResult<i64> {
    match int_view(rt, v) {
        Some(x) => x.to_i64().ok_or_else(|| {
            num_error(
                rt,
                NumError::Overflow(pyrite_num::OverflowKind::IntToMachine),
            )
        }),
        None => Err(crate::types::num::not_an_integer(rt, v)),
    }
}
