//! `repr(float)` / `str(float)`: the shortest string that round-trips,
//! laid out as CPython does.

use super::Decimal;
use crate::util::Batch;
use core::fmt::{self, Write};

/// Lay out shortest digits as `repr` does: fixed notation when the decimal
/// exponent is in `-4..16` (with `.0` for integral values), otherwise
/// `d.ddde+XX`.
pub(crate) fn write_decimal_repr(b: &mut Batch<'_>, d: &Decimal) -> fmt::Result {
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
pub(crate) fn write_exponent(b: &mut Batch<'_>, exp: i32, e: u8) -> fmt::Result {
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
    let mut w = w;
    let mut b = Batch::new(&mut w);
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
    write_repr_stored_f32(w, StoredF32::exact(x))
}

/// A float kept with fewer bits than an `f32` (the 32-bit boards' 30-bit
/// floats): its value and the `f32`s that storing rounds to it. Its text
/// ([`write_repr_stored_f32`], and `format` with no type and no precision)
/// is the shortest that reads back as the same stored value: parsed to the
/// nearest `f32` (as [`super::parse_f32`] does), then stored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StoredF32 {
    value: f32,
    /// Bits of the smallest and largest magnitudes stored as `value`.
    lowest: u32,
    highest: u32,
}

/// How far (in `f32` bit patterns) a [`StoredF32`] range may reach from its
/// value: one binade, which keeps the digit search's integers small.
const MAX_REACH: u32 = 1 << 23;

impl StoredF32 {
    /// A full-precision `f32`: only `value` itself is stored as `value`.
    pub fn exact(value: f32) -> StoredF32 {
        let bits = value.to_bits() & 0x7fff_ffff;
        StoredF32 {
            value,
            lowest: bits,
            highest: bits,
        }
    }

    /// `value`, which storing keeps for every `f32` whose magnitude lies
    /// from `|lowest|` to `|highest|` (both included). A bound on the wrong
    /// side of `value` is taken as `value`; one more than 2^23 bit patterns
    /// (a binade) away, or not finite, is pulled in to that limit.
    pub fn new(value: f32, lowest: f32, highest: f32) -> StoredF32 {
        let bits = value.to_bits() & 0x7fff_ffff;
        if !value.is_finite() {
            return StoredF32::exact(value);
        }
        let low = (lowest.to_bits() & 0x7fff_ffff).clamp(bits.saturating_sub(MAX_REACH), bits);
        let high = (highest.to_bits() & 0x7fff_ffff)
            .clamp(bits, bits.saturating_add(MAX_REACH))
            .min(f32::MAX.to_bits());
        StoredF32 {
            value,
            lowest: low,
            highest: high,
        }
    }

    /// The stored value.
    pub fn value(self) -> f32 {
        self.value
    }

    /// The magnitude, with the same range.
    pub(crate) fn abs(self) -> StoredF32 {
        StoredF32 {
            value: self.value.abs(),
            ..self
        }
    }

    /// The shortest digits of the magnitude (see the type).
    pub(crate) fn shortest(self) -> Decimal {
        super::digits32::shortest_within(
            self.value.to_bits() & 0x7fff_ffff,
            self.lowest,
            self.highest,
        )
    }
}

/// Write `repr` of a float stored with fewer bits than an `f32`: the same
/// layout with the shortest digits that read back as the stored value (on
/// the boards `0.1` prints as `0.1`, not as the `f32` digits
/// `0.099999994` of the value that 30 bits keep).
pub fn write_repr_stored_f32<W: Write + ?Sized>(w: &mut W, stored: StoredF32) -> fmt::Result {
    let x = stored.value;
    if !x.is_finite() {
        return write_special(w, x.is_sign_negative(), x.is_nan());
    }
    let d = stored.shortest();
    let mut w = w;
    let mut b = Batch::new(&mut w);
    if x.is_sign_negative() {
        b.push(b'-')?;
    }
    write_decimal_repr(&mut b, &d)?;
    b.flush()
}
