//! Signed operations with exact Python `int` semantics.
//!
//! Values are [`BigRef`]s; results go to caller buffers sized by the `*_len`
//! functions here (or in [`mag`]) and are reported as [`Written`].

use super::{BigRef, LIMB_BITS, Limb, Written, mag};
use crate::error::{NumError, NumResult, OverflowKind, ValueKind, ZeroDivKind};
use core::cmp::Ordering;

/// Compare two signed values.
pub fn cmp(a: BigRef<'_>, b: BigRef<'_>) -> Ordering {
    let (a, b) = (a.norm(), b.norm());
    match (a.neg, b.neg) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => mag::cmp(a.mag, b.mag),
        (true, true) => mag::cmp(b.mag, a.mag),
    }
}

/// Output bound for [`add`] and [`sub`]: `max(a_len, b_len) + 1`.
pub const fn add_len(a_len: usize, b_len: usize) -> usize {
    mag::add_len(a_len, b_len)
}

/// `out = a + b`. `out.len() >= add_len(a.len(), b.len())`.
pub fn add(a: BigRef<'_>, b: BigRef<'_>, out: &mut [Limb]) -> NumResult<Written> {
    let (a, b) = (a.norm(), b.norm());
    if out.len() < add_len(a.mag.len(), b.mag.len()) {
        return Err(NumError::BufferTooSmall);
    }
    if a.neg == b.neg {
        let n = mag::add(a.mag, b.mag, out)?;
        Ok(Written::new(a.neg, n))
    } else {
        let (swapped, n) = mag::sub(a.mag, b.mag, out)?;
        // |a| - |b| has the sign of a unless |b| > |a|.
        Ok(Written::new(a.neg ^ swapped, n))
    }
}

/// `out = a - b`. `out.len() >= add_len(a.len(), b.len())`.
pub fn sub(a: BigRef<'_>, b: BigRef<'_>, out: &mut [Limb]) -> NumResult<Written> {
    add(a, b.negate(), out)
}

/// Output bound for [`mul`]: `a_len + b_len`.
pub const fn mul_len(a_len: usize, b_len: usize) -> usize {
    a_len + b_len
}

/// `out = a * b`. `out.len() >= mul_len(a.len(), b.len())`.
pub fn mul(a: BigRef<'_>, b: BigRef<'_>, out: &mut [Limb]) -> NumResult<Written> {
    let n = mag::mul(a.mag, b.mag, out)?;
    Ok(Written::new(a.neg != b.neg, n))
}

/// Quotient bound for [`divmod`] / [`floordiv`]: `a_len - b_len + 2` (at least 2).
/// `b_len` must be the *normalised* length of the divisor.
pub const fn divmod_q_len(a_len: usize, b_len: usize) -> usize {
    a_len.saturating_sub(b_len) + 2
}

/// Remainder bound for [`divmod`] / [`floordiv`] / [`modulo`] (also their
/// working space): `max(a_len, b_len) + 1`.
pub const fn divmod_r_len(a_len: usize, b_len: usize) -> usize {
    (if a_len > b_len { a_len } else { b_len }) + 1
}

/// `r = |b| - r` in place, `r` zero-extended up to `b.len()` limbs.
fn rsub_in_place(r: &mut [Limb], r_len: usize, b: &[Limb]) -> usize {
    r[r_len..b.len()].fill(0);
    let mut borrow = false;
    for i in 0..b.len() {
        let (d, b1) = b[i].overflowing_sub(r[i]);
        let (d, b2) = d.overflowing_sub(borrow as Limb);
        r[i] = d;
        borrow = b1 | b2;
    }
    mag::normalized_len(&r[..b.len()])
}

fn divmod_impl(
    a: BigRef<'_>,
    b: BigRef<'_>,
    q: Option<&mut [Limb]>,
    r: &mut [Limb],
    zero_err: ZeroDivKind,
) -> NumResult<(Written, Written)> {
    let (a, b) = (a.norm(), b.norm());
    if b.mag.is_empty() {
        return Err(NumError::ZeroDivision(zero_err));
    }
    if r.len() < divmod_r_len(a.mag.len(), b.mag.len()) {
        return Err(NumError::BufferTooSmall);
    }
    let mut q = q;
    if let Some(q) = q.as_deref_mut()
        && q.len() < divmod_q_len(a.mag.len(), b.mag.len())
    {
        return Err(NumError::BufferTooSmall);
    }
    let (mut ql, mut rl) = mag::divrem_inner(a.mag, b.mag, q.as_deref_mut(), r)?;
    let q_neg = a.neg != b.neg;
    if q_neg && rl != 0 {
        // Floor: q = -(q0 + 1), r = |b| - r0 with the sign of b.
        if let Some(q) = q {
            q[ql] = 0;
            mag::add_small_assign(&mut q[..=ql], 1);
            ql = mag::normalized_len(&q[..=ql]);
        }
        rl = rsub_in_place(r, rl, b.mag);
    }
    Ok((Written::new(q_neg, ql), Written::new(b.neg, rl)))
}

/// Python `divmod(a, b)`: floor quotient into `q`, remainder (sign of `b`)
/// into `r`. `q.len() >= divmod_q_len(..)`, `r.len() >= divmod_r_len(..)`.
/// `ZeroDivision(IntDivision)` if `b == 0`.
pub fn divmod(
    a: BigRef<'_>,
    b: BigRef<'_>,
    q: &mut [Limb],
    r: &mut [Limb],
) -> NumResult<(Written, Written)> {
    divmod_impl(a, b, Some(q), r, ZeroDivKind::IntDivision)
}

/// Python `a // b` into `q`; `r` is working space (it ends up holding `a % b`).
/// Same bounds as [`divmod`].
pub fn floordiv(
    a: BigRef<'_>,
    b: BigRef<'_>,
    q: &mut [Limb],
    r: &mut [Limb],
) -> NumResult<Written> {
    divmod_impl(a, b, Some(q), r, ZeroDivKind::IntDivision).map(|(q, _)| q)
}

/// Python `a % b` into `r` (result has the sign of `b`).
/// `r.len() >= divmod_r_len(a.len(), b.len())`. `ZeroDivision(IntModulo)` if `b == 0`.
pub fn modulo(a: BigRef<'_>, b: BigRef<'_>, r: &mut [Limb]) -> NumResult<Written> {
    divmod_impl(a, b, None, r, ZeroDivKind::IntModulo).map(|(_, r)| r)
}

/// Scratch bound for [`truediv`]: `3 * max(a_len, b_len) + 12`.
pub const fn truediv_scratch_len(a_len: usize, b_len: usize) -> usize {
    3 * (if a_len > b_len { a_len } else { b_len }) + 12
}

/// Build the positive `f64` nearest to `(mant + s) * 2^exp2`, where `s` is
/// in `(0, 1)` if `sticky` and 0 otherwise (round half to even). Callers
/// setting `sticky` must supply at least two bits beyond the 53 kept.
/// `None` on overflow.
pub(crate) fn compose_f64(mant: u64, sticky: bool, exp2: i64) -> Option<f64> {
    if mant == 0 {
        return Some(0.0);
    }
    let nb = 64 - mant.leading_zeros() as i64;
    if exp2 + nb - 1 > 1023 {
        return None;
    }
    let drop = (nb - 53).max(-1074 - exp2);
    let (mut m, mut e) = if drop <= 0 {
        (mant << (-drop) as u32, exp2 + drop)
    } else if drop > 64 {
        return Some(0.0);
    } else {
        // `drop` is 1..=64: 64-bit arithmetic only (128-bit shifts are
        // long on 32-bit boards).
        let (m, rest) = if drop == 64 {
            (0, mant)
        } else {
            (mant >> drop, mant & ((1u64 << drop) - 1))
        };
        let half = 1u64 << (drop - 1);
        let up = rest > half || (rest == half && (sticky || m & 1 == 1));
        (m + up as u64, exp2 + drop)
    };
    if m == 1 << 53 {
        m >>= 1;
        e += 1;
    }
    let bits = if m >= 1 << 52 {
        let biased = e + 52 + 1023;
        if biased >= 2047 {
            return None;
        }
        ((biased as u64) << 52) | (m & ((1 << 52) - 1))
    } else {
        m
    };
    Some(f64::from_bits(bits))
}

/// 64 bits of `a` starting at bit `shift`.
fn extract_u64(a: &[Limb], shift: u64) -> u64 {
    let limb = (shift / LIMB_BITS as u64) as usize;
    let at = |k: usize| a.get(limb + k).copied().unwrap_or(0) as u64;
    let low = (at(1) << LIMB_BITS) | at(0);
    match (shift % LIMB_BITS as u64) as u32 {
        0 => low,
        s => (low >> s) | (at(2) << (64 - s)),
    }
}

fn mag_to_f64(m: &[Limb]) -> Option<f64> {
    let n = mag::bit_length(m);
    if n <= 64 {
        return compose_f64(extract_u64(m, 0), false, 0);
    }
    let shift = n - 64;
    let sticky = mag::low_bits_nonzero(m, shift);
    compose_f64(extract_u64(m, shift), sticky, shift as i64)
}

/// Python `float(a)`: correctly rounded (half to even).
/// `Overflow(IntToFloat)` if it exceeds the `f64` range.
pub fn to_f64(a: BigRef<'_>) -> NumResult<f64> {
    let v = mag_to_f64(a.mag).ok_or(NumError::Overflow(OverflowKind::IntToFloat))?;
    Ok(if a.is_negative() { -v } else { v })
}

/// Python `a / b` for ints: correctly rounded `f64`.
/// `scratch.len() >= truediv_scratch_len(a.len(), b.len())`.
/// `ZeroDivision(Division)` if `b == 0`; `Overflow(IntDivisionResult)` if the
/// quotient is too large for a float.
pub fn truediv(a: BigRef<'_>, b: BigRef<'_>, scratch: &mut [Limb]) -> NumResult<f64> {
    let (a, b) = (a.norm(), b.norm());
    if b.mag.is_empty() {
        return Err(NumError::ZeroDivision(ZeroDivKind::Division));
    }
    let neg = a.neg != b.neg;
    let sign = |v: f64| if neg { -v } else { v };
    let (na, nb) = (mag::bit_length(a.mag) as i64, mag::bit_length(b.mag) as i64);
    if na == 0 {
        return Ok(sign(0.0));
    }
    let overflow = NumError::Overflow(OverflowKind::IntDivisionResult);
    if na <= 53 && nb <= 53 {
        let (x, y) = (extract_u64(a.mag, 0) as f64, extract_u64(b.mag, 0) as f64);
        return Ok(sign(x / y));
    }
    let diff = na - nb;
    if diff > 1025 {
        return Err(overflow);
    }
    if diff < -1080 {
        return Ok(sign(0.0));
    }
    if scratch.len() < truediv_scratch_len(a.mag.len(), b.mag.len()) {
        return Err(NumError::BufferTooSmall);
    }
    let width = a.mag.len().max(b.mag.len()) + 3;
    let (abuf, rest) = scratch.split_at_mut(width);
    let (bbuf, rbuf) = rest.split_at_mut(width);
    // Scale so the quotient has 55 or 56 bits.
    let k = 55 - diff;
    let (al, bl) = if k >= 0 {
        (mag::shl(a.mag, k as u64, abuf)?, mag::copy(b.mag, bbuf)?)
    } else {
        (mag::copy(a.mag, abuf)?, mag::shl(b.mag, (-k) as u64, bbuf)?)
    };
    let mut q = [0 as Limb; 4];
    let (ql, rl) = mag::divrem_inner(&abuf[..al], &bbuf[..bl], Some(&mut q), rbuf)?;
    let qv = extract_u64(&q[..ql], 0);
    compose_f64(qv, rl != 0, -k).map(sign).ok_or(overflow)
}

/// The two's-complement limb stream of a signed magnitude.
struct TwosComp<'a> {
    mag: &'a [Limb],
    neg: bool,
    carry: bool,
    i: usize,
}

impl<'a> TwosComp<'a> {
    fn new(v: BigRef<'a>) -> Self {
        TwosComp {
            mag: v.mag,
            neg: v.neg,
            carry: true,
            i: 0,
        }
    }
    fn next_limb(&mut self) -> Limb {
        let l = self.mag.get(self.i).copied().unwrap_or(0);
        self.i += 1;
        if self.neg {
            let (s, c) = (!l).overflowing_add(self.carry as Limb);
            self.carry = c;
            s
        } else {
            l
        }
    }
}

/// Output bound for [`and`], [`or`], [`xor`]: `max(a_len, b_len) + 1`.
pub const fn bitwise_len(a_len: usize, b_len: usize) -> usize {
    (if a_len > b_len { a_len } else { b_len }) + 1
}

/// Which bitwise operator [`bitwise`] applies.
#[derive(Clone, Copy)]
enum BitOp {
    And,
    Or,
    Xor,
}

impl BitOp {
    fn apply(self, x: Limb, y: Limb) -> Limb {
        match self {
            BitOp::And => x & y,
            BitOp::Or => x | y,
            BitOp::Xor => x ^ y,
        }
    }
}

/// The three operators share one body (one copy in a board image).
#[inline(never)]
fn bitwise(a: BigRef<'_>, b: BigRef<'_>, out: &mut [Limb], op: BitOp) -> NumResult<Written> {
    let (a, b) = (a.norm(), b.norm());
    let n = bitwise_len(a.mag.len(), b.mag.len());
    let dst = out.get_mut(..n).ok_or(NumError::BufferTooSmall)?;
    let (mut ta, mut tb) = (TwosComp::new(a), TwosComp::new(b));
    for l in dst.iter_mut() {
        *l = op.apply(ta.next_limb(), tb.next_limb());
    }
    // The result's sign is the operator applied to the sign bits.
    let neg = op.apply(a.neg as Limb, b.neg as Limb) != 0;
    if neg {
        // Back from two's complement: magnitude = !r + 1.
        for l in dst.iter_mut() {
            *l = !*l;
        }
        mag::add_small_assign(dst, 1);
    }
    Ok(Written::new(neg, mag::normalized_len(dst)))
}

/// Python `a & b` (two's complement semantics for negatives).
/// `out.len() >= bitwise_len(a.len(), b.len())`.
pub fn and(a: BigRef<'_>, b: BigRef<'_>, out: &mut [Limb]) -> NumResult<Written> {
    bitwise(a, b, out, BitOp::And)
}

/// Python `a | b`. `out.len() >= bitwise_len(a.len(), b.len())`.
pub fn or(a: BigRef<'_>, b: BigRef<'_>, out: &mut [Limb]) -> NumResult<Written> {
    bitwise(a, b, out, BitOp::Or)
}

/// Python `a ^ b`. `out.len() >= bitwise_len(a.len(), b.len())`.
pub fn xor(a: BigRef<'_>, b: BigRef<'_>, out: &mut [Limb]) -> NumResult<Written> {
    bitwise(a, b, out, BitOp::Xor)
}

/// Output bound for [`invert`]: `a_len + 1`.
pub const fn invert_len(a_len: usize) -> usize {
    a_len + 1
}

/// Python `~a == -(a + 1)`. `out.len() >= invert_len(a.len())`.
pub fn invert(a: BigRef<'_>, out: &mut [Limb]) -> NumResult<Written> {
    let a = a.norm();
    let n = a.mag.len();
    let dst = out.get_mut(..n + 1).ok_or(NumError::BufferTooSmall)?;
    dst[..n].copy_from_slice(a.mag);
    dst[n] = 0;
    if a.neg {
        // ~(-m) = m - 1 (m >= 1)
        for l in dst.iter_mut() {
            let (d, borrow) = l.overflowing_sub(1);
            *l = d;
            if !borrow {
                break;
            }
        }
        Ok(Written::new(false, mag::normalized_len(dst)))
    } else {
        mag::add_small_assign(dst, 1);
        Ok(Written::new(true, mag::normalized_len(dst)))
    }
}

/// Output bound for [`shl`] (`None` if it does not fit `usize`).
pub fn shl_len(a_len: usize, count: u64) -> Option<usize> {
    mag::shl_len(a_len, count)
}

/// Python `a << count`. `ValueError(NegativeShiftCount)` if `count < 0`.
/// `out.len() >= shl_len(a.len(), count)`.
pub fn shl(a: BigRef<'_>, count: i64, out: &mut [Limb]) -> NumResult<Written> {
    if count < 0 {
        return Err(NumError::Value(ValueKind::NegativeShiftCount));
    }
    let n = mag::shl(a.mag, count as u64, out)?;
    Ok(Written::new(a.neg, n))
}

/// Output bound for [`shr`]: `a_len - count / 32 + 1` (at least 1).
pub fn shr_len(a_len: usize, count: u64) -> usize {
    mag::shr_len(a_len, count) + 1
}

/// Python `a >> count` (floor: `-5 >> 1 == -3`). `ValueError(NegativeShiftCount)`
/// if `count < 0`. `out.len() >= shr_len(a.len(), count)`.
pub fn shr(a: BigRef<'_>, count: i64, out: &mut [Limb]) -> NumResult<Written> {
    if count < 0 {
        return Err(NumError::Value(ValueKind::NegativeShiftCount));
    }
    let a = a.norm();
    let need = shr_len(a.mag.len(), count as u64);
    if out.len() < need {
        return Err(NumError::BufferTooSmall);
    }
    let (n, lost) = mag::shr(a.mag, count as u64, out)?;
    if a.neg && lost {
        out[n..need].fill(0);
        mag::add_small_assign(&mut out[..need], 1);
        return Ok(Written::new(true, mag::normalized_len(&out[..need])));
    }
    Ok(Written::new(a.neg, n))
}

/// Output bound for [`from_f64`]; errors as [`from_f64`] does for inf/nan.
pub fn from_f64_len(x: f64) -> NumResult<usize> {
    check_finite(x)?;
    let e = ((x.to_bits() >> 52) & 0x7ff) as usize;
    // |x| < 2^(e - 1022): at most 1024 bits, plus shifting slack.
    Ok(e.saturating_sub(1022) / LIMB_BITS as usize + 3)
}

fn check_finite(x: f64) -> NumResult<()> {
    if x.is_nan() {
        Err(NumError::Value(ValueKind::FloatNanToInt))
    } else if x.is_infinite() {
        Err(NumError::Overflow(OverflowKind::FloatInfinityToInt))
    } else {
        Ok(())
    }
}

/// Python `int(x)` for a float: truncation toward zero.
/// `Overflow(FloatInfinityToInt)` for infinities, `Value(FloatNanToInt)` for NaN.
/// `out.len() >= from_f64_len(x)` (at most 35 limbs).
pub fn from_f64(x: f64, out: &mut [Limb]) -> NumResult<Written> {
    check_finite(x)?;
    let bits = x.to_bits();
    let neg = bits >> 63 == 1;
    let e = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    if e == 0 {
        return Ok(Written::default()); // zero or subnormal: |x| < 1
    }
    let m = frac | (1 << 52);
    let shift = e - 1075; // |x| = m * 2^shift
    let limbs = [m as Limb, (m >> 32) as Limb];
    let n = if shift >= 0 {
        mag::shl(&limbs, shift as u64, out)?
    } else if shift <= -64 {
        0
    } else {
        mag::shr(&limbs, (-shift) as u64, out)?.0
    };
    Ok(Written::new(neg, n))
}

/// Convert to `u128` magnitude if it fits.
fn mag_to_u128(m: &[Limb]) -> Option<u128> {
    let m = mag::normalize(m);
    if m.len() > 4 {
        return None;
    }
    Some(
        m.iter()
            .rev()
            .fold(0u128, |acc, &l| (acc << LIMB_BITS) | l as u128),
    )
}

/// The value as `i128`, if it fits.
pub fn to_i128(a: BigRef<'_>) -> Option<i128> {
    let m = mag_to_u128(a.mag)?;
    if a.neg {
        if m <= i128::MAX as u128 + 1 {
            Some((m as i128).wrapping_neg())
        } else {
            None
        }
    } else {
        i128::try_from(m).ok()
    }
}

/// The value as `i64`, if it fits.
pub fn to_i64(a: BigRef<'_>) -> Option<i64> {
    to_i128(a).and_then(|v| i64::try_from(v).ok())
}

/// The value as `u64`, if it is non-negative and fits.
pub fn to_u64(a: BigRef<'_>) -> Option<u64> {
    to_i128(a).and_then(|v| u64::try_from(v).ok())
}

/// The value as `u128`, if it is non-negative and fits.
pub fn to_u128(a: BigRef<'_>) -> Option<u128> {
    if a.is_negative() {
        None
    } else {
        mag_to_u128(a.mag)
    }
}

fn write_u128(m: u128, neg: bool, out: &mut [Limb]) -> NumResult<Written> {
    let n = (128 - m.leading_zeros() as usize).div_ceil(LIMB_BITS as usize);
    let dst = out.get_mut(..n).ok_or(NumError::BufferTooSmall)?;
    for (i, l) in dst.iter_mut().enumerate() {
        *l = (m >> (i as u32 * LIMB_BITS)) as Limb;
    }
    Ok(Written::new(neg, n))
}

/// Limbs needed for any `i64`/`u64`: 2.
pub const I64_LEN: usize = 2;
/// Limbs needed for any `i128`/`u128`: 4.
pub const I128_LEN: usize = 4;

/// Write an `i64`. `out.len() >= I64_LEN` always suffices.
pub fn from_i64(v: i64, out: &mut [Limb]) -> NumResult<Written> {
    write_u128(v.unsigned_abs() as u128, v < 0, out)
}

/// Write a `u64`. `out.len() >= I64_LEN` always suffices.
pub fn from_u64(v: u64, out: &mut [Limb]) -> NumResult<Written> {
    write_u128(v as u128, false, out)
}

/// Write an `i128`. `out.len() >= I128_LEN` always suffices.
pub fn from_i128(v: i128, out: &mut [Limb]) -> NumResult<Written> {
    write_u128(v.unsigned_abs(), v < 0, out)
}

/// Write a `u128`. `out.len() >= I128_LEN` always suffices.
pub fn from_u128(v: u128, out: &mut [Limb]) -> NumResult<Written> {
    write_u128(v, false, out)
}

/// Magnitude limbs of a `u64` on the stack, for mixing small ints into big
/// operations: returns the array and its used length.
pub const fn u64_limbs(v: u64) -> ([Limb; 2], usize) {
    let l = [v as Limb, (v >> 32) as Limb];
    let n = if l[1] != 0 {
        2
    } else if l[0] != 0 {
        1
    } else {
        0
    };
    (l, n)
}
