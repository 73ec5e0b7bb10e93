//! Decimal text to `f32`, correctly rounded (ties to even) with integer
//! arithmetic only, so that 32-bit boards need none of `core`'s float
//! parsing.
//!
//! The numeral's significant digits become an integer `mant` with
//! `value = mant * 10^exp`. For `exp >= 0` that is an integer below 2^130
//! (larger values are infinite); otherwise `mant * 2^s / 5^-exp` is divided
//! exactly with a quotient of at least 27 bits, and the remainder becomes a
//! sticky bit. Either way the top bits, the exponent and the sticky bit are
//! rounded once, to nearest, ties to even.

use super::small::Small;

/// Significant digits kept from a long numeral; the rest leave a sticky
/// digit. Any value halfway between two adjacent `f32`s (or an `f32`
/// itself) has at most 113 significant digits, so a numeral cut after 120
/// with a nonzero digit appended rounds the same way as the whole one.
const KEEP: u32 = 120;

/// A decimal read from a numeral: `mant * 10^exp`, `mant` having `digits`
/// decimal digits (zero when `mant` is zero).
pub(crate) struct DecimalText {
    pub(crate) mant: Small,
    pub(crate) digits: u32,
    pub(crate) exp: i64,
}

/// Collects digits into a [`Small`], nine at a time.
struct DigitSink {
    mant: Small,
    chunk: u32,
    chunk_len: u32,
    digits: u32,
}

impl DigitSink {
    fn push(&mut self, d: u8) {
        self.chunk = self.chunk * 10 + d as u32;
        self.chunk_len += 1;
        self.digits += 1;
        if self.chunk_len == 9 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        self.mant.mul_add(10u32.pow(self.chunk_len), self.chunk);
        self.chunk = 0;
        self.chunk_len = 0;
    }
}

/// Read a numeral that [`super::parse`] validated: digits with optional
/// underscores, an optional point, an optional exponent.
pub(crate) fn read_numeral(t: &[u8]) -> DecimalText {
    let mut sink = DigitSink {
        mant: Small::from_u64(0),
        chunk: 0,
        chunk_len: 0,
        digits: 0,
    };
    let mut sticky = false;
    // Places the point moves: value = mant * 10^(exponent + shift).
    let mut shift: i64 = 0;
    let mut seen_point = false;
    let mut i = 0;
    while let Some(&c) = t.get(i) {
        match c {
            b'_' => {}
            b'.' => seen_point = true,
            b'0'..=b'9' => {
                let kept = sink.digits < KEEP && (sink.digits > 0 || c != b'0');
                if kept {
                    sink.push(c - b'0');
                } else {
                    sticky |= c != b'0';
                }
                // A dropped leading zero after the point, or a kept digit
                // there, divides by ten; a dropped digit before it
                // multiplies by ten.
                if seen_point && (kept || sink.digits == 0) {
                    shift -= 1;
                } else if !seen_point && !kept && sink.digits > 0 {
                    shift += 1;
                }
            }
            _ => break,
        }
        i += 1;
    }
    let mut exponent: i64 = 0;
    let mut negative = false;
    for &c in t.get(i + 1..).unwrap_or(&[]) {
        match c {
            b'-' => negative = true,
            b'0'..=b'9' => exponent = (exponent * 10 + (c - b'0') as i64).min(1 << 40),
            _ => {}
        }
    }
    if negative {
        exponent = -exponent;
    }
    if sticky {
        sink.push(1);
        shift -= 1;
    }
    sink.flush();
    DecimalText {
        mant: sink.mant,
        digits: sink.digits,
        exp: exponent + shift,
    }
}

impl DecimalText {
    /// The decimal `d1.d2d3... * 10^exp` from ASCII digits (at most a few
    /// hundred).
    pub(crate) fn from_digits(digits: &[u8], exp: i64) -> DecimalText {
        let mut sink = DigitSink {
            mant: Small::from_u64(0),
            chunk: 0,
            chunk_len: 0,
            digits: 0,
        };
        for &c in digits {
            sink.push(c.wrapping_sub(b'0'));
        }
        sink.flush();
        DecimalText {
            mant: sink.mant,
            digits: sink.digits,
            exp: exp - (digits.len() as i64 - 1),
        }
    }

    /// The value rounded to the nearest `f32` (ties to even); `inf` when it
    /// is too large.
    pub(crate) fn to_f32(&self) -> f32 {
        if self.mant.is_zero() {
            return 0.0;
        }
        // 10^(top - 1) <= value < 10^top.
        let top = self.digits as i64 + self.exp;
        if top > 39 {
            return f32::INFINITY; // >= 1e39
        }
        if top <= -46 {
            return 0.0; // < 1e-46, below half the smallest subnormal
        }
        if self.exp >= 0 {
            let mut v = self.mant;
            v.mul_pow10(self.exp as u32);
            let (bits, shift, lost) = v.top64();
            return round_to_f32(bits, shift as i32, lost);
        }
        // value = mant / 5^k / 2^k with k <= 166
        let k = (-self.exp) as u32;
        let mut den = Small::from_u64(1);
        den.mul_pow5(k);
        let s = (den.bit_length() + 27).saturating_sub(self.mant.bit_length());
        let mut num = self.mant;
        num.shl(s);
        let (quotient, inexact) = num.div(&den);
        let (bits, shift, lost) = quotient.top64();
        round_to_f32(bits, shift as i32 - s as i32 - k as i32, lost | inexact)
    }
}

/// The `f32` nearest to `(top + e) * 2^exp2` where `0 <= e < 1` and `e > 0`
/// exactly when `sticky`; ties to even. When `sticky`, `top` has enough bits
/// (at least 26) that the sticky part lies below the rounding position.
pub(crate) fn round_to_f32(top: u64, exp2: i32, sticky: bool) -> f32 {
    if top == 0 {
        return 0.0;
    }
    let lead = exp2 + 63 - top.leading_zeros() as i32; // exponent of the top bit
    if lead > 127 {
        return f32::INFINITY;
    }
    // The weight of the result's last mantissa bit.
    let lsb = (lead - 23).max(-149);
    let drop = lsb - exp2;
    let mant = if drop <= 0 {
        debug_assert!(!sticky);
        top << -drop
    } else {
        let kept = top.checked_shr(drop as u32).unwrap_or(0);
        let rest = top - kept.checked_shl(drop as u32).unwrap_or(0);
        let half = 1u64.checked_shl(drop as u32 - 1).unwrap_or(u64::MAX);
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        if drop > 64 { 0 } else { kept + up as u64 }
    };
    // A normal f32 with biased exponent b and mantissa m (hidden bit
    // included) is (b - 1) << 23 plus m; a subnormal is m. Rounding up to
    // 2^24 (or to 2^23 from a subnormal) carries into the exponent.
    let bits = (((lsb + 149) as u32) << 23) + mant as u32;
    if bits >= 0x7f80_0000 {
        f32::INFINITY
    } else {
        f32::from_bits(bits)
    }
}
