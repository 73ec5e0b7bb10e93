//! Python's `round()` for floats.

use super::Exact;
use super::ops::trunc;
use super::parse32::DecimalText;
use crate::error::{NumError, NumResult, OverflowKind};
use crate::util::SliceWriter;
use core::fmt::Write;

/// The value of `round(x)` (ties to even) as a float; the caller converts it
/// to an `int` (raising for inf/nan as `int(x)` does).
pub fn round_half_even(x: f64) -> f64 {
    if !x.is_finite() || x.abs() >= 4503599627370496.0 {
        return x;
    }
    let t = trunc(x);
    let diff = (x - t).abs(); // exact
    let step = if x < 0.0 { -1.0 } else { 1.0 };
    let r = if diff > 0.5 || (diff == 0.5 && trunc(t / 2.0) * 2.0 != t) {
        t + step
    } else {
        t
    };
    // keep the sign of zero results (round(-0.4) is -0.0 as a float)
    if r == 0.0 { 0.0f64.copysign(x) } else { r }
}

/// Python `round(x, ndigits)`: `x` rounded to a multiple of `10**-ndigits`,
/// correctly rounded with ties to even on the exact binary value (so
/// `round(2.675, 2) == 2.67`, `round(0.125, 2) == 0.125`'s tie goes to `0.12`).
/// inf/nan/zero are returned unchanged.
/// Error: `Overflow(RoundedValue)` when the result overflows
/// (`round(1.7976931348623157e308, -308)`).
pub fn round_digits(x: f64, ndigits: i64) -> NumResult<f64> {
    if !x.is_finite() || x == 0.0 || ndigits > 323 {
        return Ok(x);
    }
    if ndigits < -308 {
        return Ok(0.0f64.copysign(x));
    }
    // Already exact at this precision: x = m * 2^e has max(0, -e) decimals.
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    let e = e + m.trailing_zeros() as i64;
    if ndigits >= 0 && -e <= ndigits {
        return Ok(x);
    }
    // Exact decimal exponent of |x|.
    let mut buf = [0u8; 400];
    let exp10 = {
        let mut w = SliceWriter::new(&mut buf);
        if write!(w, "{:.40e}", x.abs()).is_err() {
            return Ok(x);
        }
        let s = w.as_str();
        let (_, e) = s.split_once('e').unwrap_or((s, "0"));
        e.parse::<i64>().unwrap_or(0)
    };
    let sig = exp10 + ndigits + 1;
    let result = if sig > 0 {
        let mut w = SliceWriter::new(&mut buf);
        if write!(w, "{:.*e}", (sig - 1) as usize, x).is_err() {
            return Ok(x);
        }
        w.as_str().parse::<f64>().unwrap_or(x)
    } else if sig == 0 {
        // Round to a multiple of 10^(exp10+1) with |x| < 10^(exp10+1):
        // 0 below half (and at the exact half, 0 being even), else 10^(exp10+1).
        let mut w = SliceWriter::new(&mut buf);
        if write!(w, "{:.40e}", x.abs()).is_err() {
            return Ok(x);
        }
        let s = w.as_bytes_str();
        let above_half = s[0] > b'5' || (s[0] == b'5' && s[2..42].iter().any(|&c| c != b'0'));
        if above_half {
            let mut w = SliceWriter::new(&mut buf);
            if write!(w, "1e{}", exp10 + 1).is_err() {
                return Ok(x);
            }
            w.as_str().parse::<f64>().unwrap_or(x).copysign(x)
        } else {
            0.0f64.copysign(x)
        }
    } else {
        0.0f64.copysign(x)
    };
    if result.is_infinite() {
        return Err(NumError::Overflow(OverflowKind::RoundedValue));
    }
    Ok(result)
}

/// Python `round(x, ndigits)` for an `f32`-precision float (32-bit boards):
/// the exact value rounded to a multiple of `10**-ndigits` (ties to even),
/// then to the nearest `f32`. Integer arithmetic only, no `core` float text.
/// inf/nan/zero are returned unchanged.
/// Error: `Overflow(RoundedValue)` when the result overflows.
pub fn round_digits_f32(x: f32, ndigits: i64) -> NumResult<f32> {
    let bits = x.to_bits();
    let magnitude = bits & 0x7fff_ffff;
    if magnitude == 0 || magnitude >= 0x7f80_0000 {
        return Ok(x);
    }
    // Already exact at this precision: x = m * 2^e has max(0, -e) decimals.
    let biased = (magnitude >> 23) as i64;
    let frac = magnitude & 0x7f_ffff;
    let (m, e) = if biased == 0 {
        (frac, -149)
    } else {
        (frac | 0x80_0000, biased - 150)
    };
    let e = e + m.trailing_zeros() as i64;
    if ndigits >= 0 && -e <= ndigits {
        return Ok(x);
    }
    let exact = Exact::of(x);
    let keep = (exact.exp() as i64 + 1).saturating_add(ndigits);
    let rounded = exact.rounded(keep);
    let v = if rounded.is_zero() {
        0.0
    } else {
        DecimalText::from_digits(rounded.digits(), rounded.exp() as i64).to_f32()
    };
    if v.to_bits() == f32::INFINITY.to_bits() {
        return Err(NumError::Overflow(OverflowKind::RoundedValue));
    }
    Ok(f32::from_bits(v.to_bits() | (bits & 0x8000_0000)))
}
