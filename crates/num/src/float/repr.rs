//! `repr(float)` / `str(float)`: the shortest string that round-trips,
//! laid out as CPython does.

use super::Decimal;
use crate::util::Batch;
use core::fmt::{self, Write};

/// Lay out shortest digits as `repr` does: fixed notation when the decimal
/// exponent is in `-4..16` (with `.0` for integral values), otherwise
/// `d.ddde+XX`.
pub(crate) fn write_decimal_repr<W: Write + ?Sized>(
    b: &mut Batch<'_, W>,
    d: &Decimal,
) -> fmt::Result {
    let digits = d.digits();
    let exp = d.exp;
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            for i in 0..int_len {
                b.push(digits.get(i).copied().unwrap_or(b'0'))?;
            }
            b.push(b'.')?;
            if digits.len() > int_len {
                digits[int_len..].iter().try_for_each(|&c| b.push(c))?;
            } else {
                b.push(b'0')?;
            }
        } else {
            b.str("0.")?;
            for _ in 0..(-exp - 1) {
                b.push(b'0')?;
            }
            digits.iter().try_for_each(|&c| b.push(c))?;
        }
        Ok(())
    } else {
        b.push(digits[0])?;
        if digits.len() > 1 {
            b.push(b'.')?;
            digits[1..].iter().try_for_each(|&c| b.push(c))?;
        }
        write_exponent(b, exp, b'e')
    }
}

/// `e+05`, `e-300`: sign always, at least two digits.
pub(crate) fn write_exponent<W: Write + ?Sized>(
    b: &mut Batch<'_, W>,
    exp: i32,
    e: u8,
) -> fmt::Result {
    b.push(e)?;
    b.push(if exp < 0 { b'-' } else { b'+' })?;
    let a = exp.unsigned_abs();
    if a >= 100 {
        b.push(b'0' + (a / 100) as u8)?;
    }
    b.push(b'0' + (a / 10 % 10) as u8)?;
    b.push(b'0' + (a % 10) as u8)
}

/// The number of bytes `repr` of this float uses (shortest digits known).
pub(crate) fn decimal_repr_len(d: &Decimal) -> usize {
    let n = d.len;
    let exp = d.exp;
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            int_len + 1 + if n > int_len { n - int_len } else { 1 }
        } else {
            2 + (-exp - 1) as usize + n
        }
    } else {
        let a = exp.unsigned_abs();
        n + (n > 1) as usize + 2 + if a >= 100 { 3 } else { 2 }
    }
}

fn write_special<W: Write + ?Sized>(w: &mut W, neg: bool, nan: bool) -> fmt::Result {
    if nan {
        w.write_str("nan")
    } else if neg {
        w.write_str("-inf")
    } else {
        w.write_str("inf")
    }
}

/// Write `repr(x)` (equal to `str(x)` in Python 3): `0.1`, `1e+16`,
/// `1.5e-05`, `123456789.0`, `-0.0`, `inf`, `nan`.
pub fn write_repr_f64<W: Write + ?Sized>(w: &mut W, x: f64) -> fmt::Result {
    if !x.is_finite() {
        return write_special(w, x.is_sign_negative(), x.is_nan());
    }
    let d = Decimal::shortest_f64(x);
    let mut b = Batch::new(w);
    if x.is_sign_negative() {
        b.push(b'-')?;
    }
    write_decimal_repr(&mut b, &d)?;
    b.flush()
}

/// Write `repr` of an `f32`-precision float: the same layout with the
/// shortest digits that round-trip at `f32` precision (`0.1f32` prints as
/// `0.1`).
pub fn write_repr_f32<W: Write + ?Sized>(w: &mut W, x: f32) -> fmt::Result {
    if !x.is_finite() {
        return write_special(w, x.is_sign_negative(), x.is_nan());
    }
    let d = Decimal::shortest_f32(x);
    let mut b = Batch::new(w);
    if x.is_sign_negative() {
        b.push(b'-')?;
    }
    write_decimal_repr(&mut b, &d)?;
    b.flush()
}
