//! The numeric tower: `int` (small ints in the word, big ints as [`Int`]
//! objects), `bool` (its arithmetic) and `float` (in the word), over the
//! algorithms of `pyrite-num`.
//!
//! - [`bigint`]: the big-int object, its builder and scratch buffers,
//!   constructors from machine ints and text.
//! - [`int`]: `int` and `bool` operators, `int()`, `bool()`, methods.
//! - [`float`]: `float` operators, `float()`, methods.
//! - `complex` (feature `complex`): the `complex` type.
//! - [`builtins`]: what the VM's builtins call: `pow`, `divmod`, `abs`,
//!   `round`, `hex`/`oct`/`bin`, `format()`.
//!
//! Invariant: a value that fits a small int *is* a small int, so a big-int
//! object is never equal to a small int and never zero.

pub mod bigint;
pub mod builtins;
#[cfg(feature = "complex")]
pub mod complex;
pub mod float;
pub mod int;

use core::cmp::Ordering;
use core::fmt;

use pyrite_num::bigint::{BigRef, Limb, signed};
use pyrite_num::{ExcKind, NumError};

use crate::error::Exc;
use crate::rt::Rt;
use crate::types::exc;
use crate::value::{Float, Value};

pub use bigint::{
    Int, int_from_big, int_from_i64, int_from_i128, int_from_str, int_from_u64, int_from_u128,
    parse_int_literal,
};
#[cfg(feature = "num-extras")]
pub use builtins::int_pow3;
pub use builtins::{abs, bin, divmod, format_number, hex, is_number, oct, pow, round};

#[cfg(feature = "complex")]
pub use complex::{COMPLEX_TYPE, Complex, new_complex, parse_complex};
pub use float::{FLOAT_TYPE, float_from_str};
pub use int::{INT_TYPE, int_to_i64};

/// 1 when the `num-extras` methods are built in, else 0: the method tables'
/// lengths count them with it.
pub(crate) const NUM_EXTRAS: usize = cfg!(feature = "num-extras") as usize;

/// An integer value seen through its representation: a small int (or a
/// bool) or a big int's limbs.
#[derive(Clone, Copy, Debug)]
pub enum IntView<'a> {
    /// A small int, `True` (1) or `False` (0).
    Small(i64),
    /// A big int. Without the `bigint` feature no big int exists, and the
    /// uninhabited second field lets the compiler drop every arm for one.
    Big(
        BigRef<'a>,
        #[cfg(not(feature = "bigint"))] core::convert::Infallible,
    ),
}

impl<'a> IntView<'a> {
    /// Calls `f` with the value as a [`BigRef`] (small values borrow a stack
    /// buffer).
    #[inline]
    pub fn with_big<R>(self, f: impl FnOnce(BigRef<'_>) -> R) -> R {
        let mut buf = [0; signed::I64_LEN];
        f(self.as_big(&mut buf))
    }

    /// The value as a [`BigRef`]; a small value's limbs are written to
    /// `buf`. Lets one function view both operands without a closure per
    /// use (each closure would be a copy of the code in the image).
    pub fn as_big<'b>(self, buf: &'b mut [Limb; signed::I64_LEN]) -> BigRef<'b>
    where
        'a: 'b,
    {
        match self {
            IntView::Small(i) => {
                let (limbs, n) = signed::u64_limbs(i.unsigned_abs());
                *buf = limbs;
                BigRef::new(i < 0, &buf[..n])
            }
            IntView::Big(b, ..) => b,
        }
    }

    /// Number of limbs of the magnitude (an upper bound for small values).
    pub fn limb_len(self) -> usize {
        match self {
            IntView::Small(_) => signed::I64_LEN,
            IntView::Big(b, ..) => b.mag.len(),
        }
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        match self {
            IntView::Small(i) => i == 0,
            IntView::Big(b, ..) => b.is_zero(),
        }
    }

    /// Whether the value is negative.
    pub fn is_negative(self) -> bool {
        match self {
            IntView::Small(i) => i < 0,
            IntView::Big(b, ..) => b.is_negative(),
        }
    }

    /// The value as `i64`, if it fits.
    pub fn to_i64(self) -> Option<i64> {
        match self {
            IntView::Small(i) => Some(i),
            IntView::Big(b, ..) => signed::to_i64(b),
        }
    }
}

/// The integer value of `v` (`int`, `bool`, or a big int), if it is one.
#[cfg_attr(not(feature = "compact"), inline)]
#[cfg_attr(feature = "compact", inline(never))]
pub fn int_view(rt: &Rt, v: Value) -> Option<IntView<'_>> {
    if let Some(i) = v.as_small_int() {
        return Some(IntView::Small(i as i64));
    }
    if v == Value::TRUE {
        return Some(IntView::Small(1));
    }
    if v == Value::FALSE {
        return Some(IntView::Small(0));
    }
    #[cfg(feature = "bigint")]
    return rt.downcast::<Int>(v).map(|i| IntView::Big(i.as_big()));
    #[cfg(not(feature = "bigint"))]
    {
        let _ = rt;
        None
    }
}

/// `TypeError: '...' object cannot be interpreted as an integer`, for an
/// argument that must be a small int or a bool (one copy of the message
/// code); for a big int, which does not fit the machine word the argument
/// becomes, MicroPython's `OverflowError` ([`word_overflow`]).
#[cold]
#[inline(never)]
pub fn not_an_integer(rt: &Rt, v: Value) -> Exc {
    #[cfg(feature = "bigint")]
    if int_view(rt, v).is_some() {
        return word_overflow(rt);
    }
    rt.type_error(format_args!(
        "'{}' object cannot be interpreted as an integer",
        crate::types::str::type_name(rt, v)
    ))
}

/// For `int(x)` and `float(x)`, which parse any bytes-like object as they
/// parse `bytes` (CPython and MicroPython do): a `bytes` copy of the
/// contents of `x` if it is a buffer other than `str` or `bytes`
/// (`bytearray`, `memoryview`, `array`), else `None`.
pub(crate) fn buffer_as_bytes(rt: &Rt, x: Value) -> crate::PyResult<Option<Value>> {
    if rt.str_bytes(x).is_some() {
        return Ok(None);
    }
    let Some(buf) = crate::types::buffer::get_buffer(rt, x) else {
        return Ok(None);
    };
    // SAFETY: just exported; the copy runs no Python code and the exporter
    // (`x`, held by the caller) cannot change meanwhile.
    let bytes = unsafe { crate::types::buffer::buffer_bytes(&buf) };
    crate::types::str::new_str(rt, &crate::types::str::BYTES_TYPE, bytes).map(Some)
}

/// `OverflowError: overflow converting long int to machine word`
/// (MicroPython's words), for a big int where a count, width, length or
/// range bound must fit a machine word.
#[cold]
#[inline(never)]
pub fn word_overflow(rt: &Rt) -> Exc {
    rt.error(
        &exc::OVERFLOW_ERROR,
        format_args!("overflow converting long int to machine word"),
    )
}

/// `seq * n` where `n` is no repeat count (a small int or a bool):
/// `OverflowError` for a big int ([`word_overflow`]), else `Ok(None)`, for
/// the operator's own `TypeError` (or the other operand's method).
pub(crate) fn no_repeat_count(rt: &Rt, n: Value) -> crate::PyResult<Option<Value>> {
    #[cfg(feature = "bigint")]
    if int_view(rt, n).is_some() {
        return Err(word_overflow(rt));
    }
    let _ = (rt, n);
    Ok(None)
}

/// Maps an error of `pyrite-num` to its Python exception.
pub(crate) fn num_error(rt: &Rt, e: NumError) -> Exc {
    let ty = match e.exception() {
        ExcKind::ZeroDivision => &exc::ZERO_DIVISION_ERROR,
        ExcKind::Overflow => &exc::OVERFLOW_ERROR,
        ExcKind::Value => &exc::VALUE_ERROR,
        ExcKind::Memory => return rt.memory_error(),
    };
    rt.error(ty, format_args!("{}", e.message()))
}

/// `OverflowError: int too large to convert to float`.
pub(crate) fn int_to_float_overflow(rt: &Rt) -> Exc {
    num_error(rt, NumError::Overflow(pyrite_num::OverflowKind::IntToFloat))
}

/// An integer as a float of this target, correctly rounded;
/// `OverflowError` when it is beyond the float range.
pub fn int_to_float(rt: &Rt, v: IntView<'_>) -> Result<Float, Exc> {
    let x = match v {
        IntView::Small(i) => return Ok(i as Float),
        IntView::Big(b, ..) => signed::to_f64(b).map_err(|e| num_error(rt, e))?,
    };
    let f = x as Float;
    if f.is_infinite() {
        return Err(int_to_float_overflow(rt));
    }
    Ok(f)
}

/// Compares an integer with a float exactly (`2**53 + 1 > 2.0**53`);
/// `None` when the float is NaN.
pub fn cmp_int_float(x: IntView<'_>, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    match x {
        // Small ints have at most 51 bits: exact as `f64`.
        IntView::Small(i) => (i as f64).partial_cmp(&f),
        IntView::Big(b, ..) => {
            let t = pyrite_num::float::trunc(f);
            let mut buf: [Limb; 36] = [0; 36];
            let Ok(w) = signed::from_f64(t, &mut buf) else {
                return None;
            };
            match signed::cmp(b, w.as_ref(&buf)) {
                Ordering::Equal => (0.0).partial_cmp(&(f - t)),
                other => Some(other),
            }
        }
    }
}

/// Whether `op` is an ordering comparison, and the answer for `ord`.
pub(crate) fn compare_result(op: crate::ops::BinaryOp, ord: Option<Ordering>) -> Option<bool> {
    use crate::ops::BinaryOp::*;
    Some(match op {
        Less => ord == Some(Ordering::Less),
        LessEqual => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
        More => ord == Some(Ordering::Greater),
        MoreEqual => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
        Equal => ord == Some(Ordering::Equal),
        NotEqual => ord != Some(Ordering::Equal),
        _ => return None,
    })
}

/// Three-way comparison of two int views.
pub(crate) fn big_cmp(x: IntView<'_>, y: IntView<'_>) -> Ordering {
    let (mut xb, mut yb) = ([0; signed::I64_LEN], [0; signed::I64_LEN]);
    signed::cmp(x.as_big(&mut xb), y.as_big(&mut yb))
}

/// `a == b` when either is a big int (`None`: neither is, ask elsewhere).
/// Exact against floats.
pub(crate) fn big_equal(rt: &Rt, a: Value, b: Value) -> Option<bool> {
    if !cfg!(feature = "bigint") {
        return None;
    }
    if rt.downcast::<Int>(a).is_none() && rt.downcast::<Int>(b).is_none() {
        return None;
    }
    let (big, other) = if rt.downcast::<Int>(a).is_some() {
        (a, b)
    } else {
        (b, a)
    };
    let x = int_view(rt, big)?;
    if let Some(y) = int_view(rt, other) {
        return Some(big_cmp(x, y) == Ordering::Equal);
    }
    if let Some(f) = other.as_float() {
        return Some(cmp_int_float(x, f as f64) == Some(Ordering::Equal));
    }
    #[cfg(feature = "complex")]
    if let Some(eq) = complex::complex_equal(rt, a, b) {
        return Some(eq);
    }
    Some(false)
}

/// `hash()` of a big int, consistent with small ints and floats.
pub(crate) fn big_hash(rt: &Rt, v: Value) -> Option<u32> {
    #[cfg(feature = "bigint")]
    return rt
        .downcast::<Int>(v)
        .map(|i| pyrite_num::float::hash_bigint(i.as_big()) as u32);
    #[cfg(not(feature = "bigint"))]
    {
        let _ = (rt, v);
        None
    }
}

/// Displays bytes as UTF-8 (lossy), for messages that quote values.
pub(crate) struct Lossy<'a>(pub &'a [u8]);

impl fmt::Display for Lossy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{fffd}")?;
            }
        }
        Ok(())
    }
}
