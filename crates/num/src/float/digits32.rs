//! Decimal digits of an `f32` with integer arithmetic only: the shortest
//! digits that read back as one of a range of `f32`s (for `repr`: the value
//! alone, or all that a board's storing keeps as it) and the exact
//! expansion, rounded to any number of digits (for `{:.3f}`, `{:e}`, `%g`,
//! `round`), so that 32-bit boards need none of `core`'s float formatting.

use super::Decimal;
use super::small::Small;
use core::cmp::Ordering;

/// `x = mant * 2^exp` for a finite `f32` (sign ignored).
fn decompose(x: f32) -> (u32, i32) {
    decompose_bits(x.to_bits() & 0x7fff_ffff)
}

/// `mant * 2^exp` for the magnitude with these bits: a finite `f32`, or
/// `0x7f80_0000` read as 2^128, the next value above `f32::MAX` were the
/// exponent unbounded (the point past which a reader gives infinity).
fn decompose_bits(bits: u32) -> (u32, i32) {
    let biased = bits >> 23;
    let frac = bits & 0x7f_ffff;
    if biased == 0 {
        (frac, -149)
    } else {
        (frac | 0x80_0000, biased as i32 - 150)
    }
}

/// Shortest digits that a correctly rounded `f32` reader (ties to even)
/// turns into one of the magnitudes whose bits are `lowest..=highest`;
/// among several, the closest to the magnitude `value` (inside that range),
/// ties to the even digit. A range reaching zero gives the digit `0`.
///
/// The decimals that read as a pattern in the range run from the midpoint
/// between `lowest - 1` and `lowest` to the one between `highest` and
/// `highest + 1`; a midpoint itself reads as the even pattern of its two,
/// so a bound is included exactly when its pattern is even.
///
/// This is Steele and White's free-format digit generation (as Burger and
/// Dybvig refine it) on exact integers: `value = r / s`, the bounds are
/// `(r - m_minus) / s` and `(r + m_plus) / s`, and digits are produced until
/// the remainder is within either margin. The caller keeps the range within
/// 2^23 patterns of `value` (one binade), which bounds the integers.
pub(crate) fn shortest_within(value: u32, lowest: u32, highest: u32) -> Decimal {
    let mut d = Decimal {
        digits: [b'0'; 40],
        len: 1,
        exp: 0,
    };
    if value == 0 || lowest == 0 {
        return d;
    }
    let low_inclusive = lowest.is_multiple_of(2);
    let high_inclusive = highest.is_multiple_of(2);
    // Everything in units of 2^unit_exp: a half of the smallest gap, so the
    // midpoints are whole.
    let (f, e) = decompose_bits(value);
    let unit_exp = decompose_bits(lowest - 1).1 - 1;
    let units = |bits: u32| {
        let (m, x) = decompose_bits(bits);
        (m as u64) << (x - unit_exp)
    };
    let half_units = |bits: u32| {
        let (m, x) = decompose_bits(bits);
        (m as u64) << (x - unit_exp - 1)
    };
    let v = units(value);
    let low = half_units(lowest - 1) + half_units(lowest);
    let high = half_units(highest) + half_units(highest + 1);
    let (mut r, mut s, mut m_plus, mut m_minus) = (
        Small::from_u64(v),
        Small::from_u64(1),
        Small::from_u64(high - v),
        Small::from_u64(v - low),
    );
    if unit_exp >= 0 {
        r.shl(unit_exp as u32);
        m_plus.shl(unit_exp as u32);
        m_minus.shl(unit_exp as u32);
    } else {
        s = Small::pow2((-unit_exp) as u32);
    }
    // k: the decimal exponent with high < 10^k (<= when exclusive), first
    // estimated from the binary exponent (log10(2) ~ 1233 / 4096), then
    // corrected.
    let top_bit = e + 31 - f.leading_zeros() as i32;
    let mut k = (top_bit * 1233) >> 12;
    if k >= 0 {
        s.mul_pow10(k as u32);
    } else {
        let up = (-k) as u32;
        r.mul_pow10(up);
        m_plus.mul_pow10(up);
        m_minus.mul_pow10(up);
    }
    let high_reaches = |r: &Small, m_plus: &Small, s: &Small| {
        let mut high = *r;
        high.add_assign(m_plus);
        match high.cmp(s) {
            Ordering::Greater => true,
            Ordering::Equal => high_inclusive,
            Ordering::Less => false,
        }
    };
    while high_reaches(&r, &m_plus, &s) {
        s.mul_add(10, 0);
        k += 1;
    }
    loop {
        // Lower k while high < 10^(k - 1) (<= when exclusive): compare
        // 10 * high with s.
        let mut r10 = r;
        r10.mul_add(10, 0);
        let mut p10 = m_plus;
        p10.mul_add(10, 0);
        if high_reaches(&r10, &p10, &s) {
            break;
        }
        r = r10;
        m_plus = p10;
        m_minus.mul_add(10, 0);
        k -= 1;
    }
    d.len = 0;
    d.exp = k - 1;
    loop {
        r.mul_add(10, 0);
        m_plus.mul_add(10, 0);
        m_minus.mul_add(10, 0);
        let mut digit = 0u8;
        while r.cmp(&s) != Ordering::Less {
            r.sub_assign(&s);
            digit += 1;
        }
        let low_ok = match r.cmp(&m_minus) {
            Ordering::Less => true,
            Ordering::Equal => low_inclusive,
            Ordering::Greater => false,
        };
        let high_ok = high_reaches(&r, &m_plus, &s);
        if !low_ok && !high_ok && d.len < d.digits.len() - 1 {
            d.digits[d.len] = b'0' + digit;
            d.len += 1;
            continue;
        }
        let up = match (low_ok, high_ok) {
            (true, false) => false,
            (false, true) => true,
            _ => {
                // Both neighbours qualify: the closer one, or the even one.
                let mut twice = r;
                twice.shl(1);
                match twice.cmp(&s) {
                    Ordering::Less => false,
                    Ordering::Greater => true,
                    Ordering::Equal => digit % 2 == 1,
                }
            }
        };
        d.digits[d.len] = b'0' + digit;
        d.len += 1;
        if up {
            increment(&mut d.digits[..d.len], &mut d.exp);
        }
        break;
    }
    d.len = trimmed_len(&d.digits[..d.len]);
    d
}

/// Add one unit in the last place of ASCII digits; a carry out of the first
/// digit leaves `1000...` and raises `exp`.
fn increment(digits: &mut [u8], exp: &mut i32) {
    for c in digits.iter_mut().rev() {
        if *c == b'9' {
            *c = b'0';
        } else {
            *c += 1;
            return;
        }
    }
    if let Some(first) = digits.first_mut() {
        *first = b'1';
        *exp += 1;
    }
}

/// Length without trailing zeros (at least 1).
fn trimmed_len(digits: &[u8]) -> usize {
    digits.iter().rposition(|&c| c != b'0').map_or(1, |i| i + 1)
}

/// Room for every significant digit of an `f32`: `mant * 5^149` has at most
/// 112 digits; whole 9-digit chunks round that up to 117.
const EXACT_CAP: usize = 117;

/// The exact decimal expansion of a finite `|x|`: `d1.d2d3... * 10^exp`,
/// without trailing zeros (zero is the single digit `0`).
#[derive(Clone, Copy)]
pub(crate) struct Exact {
    buf: [u8; EXACT_CAP],
    start: usize,
    end: usize,
    exp: i32,
}

impl Exact {
    /// The expansion of `|x|`.
    pub(crate) fn of(x: f32) -> Exact {
        let mut ex = Exact {
            buf: [b'0'; EXACT_CAP],
            start: EXACT_CAP - 1,
            end: EXACT_CAP,
            exp: 0,
        };
        let (f, e) = decompose(x);
        if f == 0 {
            return ex;
        }
        // |x| = n / 10^point with n an integer.
        let mut n = Small::from_u64(f as u64);
        let point = if e >= 0 {
            n.shl(e as u32);
            0
        } else {
            n.mul_pow5((-e) as u32);
            -e
        };
        let mut at = EXACT_CAP;
        while !n.is_zero() && at >= 9 {
            let mut chunk = n.div_small(1_000_000_000);
            for slot in ex.buf[at - 9..at].iter_mut().rev() {
                *slot = b'0' + (chunk % 10) as u8;
                chunk /= 10;
            }
            at -= 9;
        }
        ex.start = ex
            .buf
            .iter()
            .position(|&c| c != b'0')
            .unwrap_or(EXACT_CAP - 1);
        ex.end = ex.start + trimmed_len(&ex.buf[ex.start..]);
        ex.exp = (EXACT_CAP - ex.start) as i32 - 1 - point;
        ex
    }

    /// The significant digits (ASCII).
    pub(crate) fn digits(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// The decimal exponent of the first digit.
    pub(crate) fn exp(&self) -> i32 {
        self.exp
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.buf[self.start] == b'0'
    }

    /// Rounded to `keep` significant digits, to nearest with ties to even
    /// (so `keep <= 0` rounds to a unit above the first digit: to zero, or
    /// to one such unit when more than half of it).
    pub(crate) fn rounded(&self, keep: i64) -> Exact {
        let len = self.end - self.start;
        if self.is_zero() || keep >= len as i64 {
            return *self;
        }
        let mut out = *self;
        let (up, cut) = if keep < 0 {
            (false, 0)
        } else {
            let keep = keep as usize;
            let next = self.digits()[keep];
            let beyond = len > keep + 1; // trailing zeros are trimmed
            let last_odd = keep > 0 && self.digits()[keep - 1] % 2 == 1;
            let up = next > b'5' || (next == b'5' && (beyond || last_odd));
            (up, keep)
        };
        if cut == 0 {
            // Nothing kept: zero, or one unit of 10^(exp + 1 - keep).
            out.buf[out.start] = if up { b'1' } else { b'0' };
            out.end = out.start + 1;
            if up {
                out.exp += 1;
            } else {
                out.exp = 0;
            }
            return out;
        }
        out.end = out.start + cut;
        if up {
            let (start, end) = (out.start, out.end);
            increment(&mut out.buf[start..end], &mut out.exp);
        }
        out.end = out.start + trimmed_len(out.digits());
        out
    }

    /// Write the digits as `core` writes `{:.p$}`: `123.4500`, `0.0012`.
    pub(crate) fn write_fixed(
        &self,
        w: &mut dyn core::fmt::Write,
        precision: usize,
    ) -> core::fmt::Result {
        let keep =
            (self.exp as i64 + 1).saturating_add(i64::try_from(precision).unwrap_or(i64::MAX));
        let r = self.rounded(keep);
        let digits = r.digits();
        let zero = r.is_zero();
        // Digit at decimal position `p` (10^p).
        let at = |p: i64| -> u8 {
            let i = r.exp as i64 - p;
            if zero || i < 0 {
                b'0'
            } else {
                digits.get(i as usize).copied().unwrap_or(b'0')
            }
        };
        let mut b = crate::util::Batch::new(w);
        let int_top = if zero { 0 } else { (r.exp as i64).max(0) };
        for p in (0..=int_top).rev() {
            b.push(at(p))?;
        }
        if precision > 0 {
            b.push(b'.')?;
            // Past the last digit only zeros remain: no need to look them up.
            let last = (r.exp as i64 - digits.len() as i64 + 1).min(0);
            let significant = (-last).min(precision as i64);
            for p in 1..=significant {
                b.push(at(-p))?;
            }
            b.repeat('0', precision - significant as usize)?;
        }
        b.flush()
    }

    /// Write the digits as `core` writes `{:.p$e}`: `1.2500e-7`, `3e5`.
    pub(crate) fn write_sci(
        &self,
        w: &mut dyn core::fmt::Write,
        precision: usize,
    ) -> core::fmt::Result {
        let r = self.rounded(
            i64::try_from(precision)
                .unwrap_or(i64::MAX)
                .saturating_add(1),
        );
        let digits = r.digits();
        let mut b = crate::util::Batch::new(w);
        b.push(digits[0])?;
        if precision > 0 {
            b.push(b'.')?;
            let shown = (digits.len() - 1).min(precision);
            for &c in &digits[1..=shown] {
                b.push(c)?;
            }
            b.repeat('0', precision - shown)?;
        }
        b.push(b'e')?;
        let exp = if r.is_zero() { 0 } else { r.exp };
        if exp < 0 {
            b.push(b'-')?;
        }
        let mut text = [0u8; 4];
        let mut n = exp.unsigned_abs();
        let mut i = text.len();
        loop {
            i -= 1;
            text[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        for &c in &text[i..] {
            b.push(c)?;
        }
        b.flush()
    }
}
