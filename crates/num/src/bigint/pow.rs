//! Exponentiation, modular exponentiation and gcd.

#[cfg(feature = "bigint")]
use super::LIMB_BITS;
use super::{BigRef, Limb, Written, mag};
use crate::error::{NumError, NumResult, ValueKind};

/// Output (and scratch) bound for [`pow`]: `bit_length(base) * exp / 32 + 2`
/// limbs, or `None` if that does not fit `usize` (the caller should raise
/// `MemoryError`/`OverflowError` before trying). Only with the `bigint`
/// feature.
#[cfg(feature = "bigint")]
pub fn pow_len(base: &[Limb], exp: u64) -> Option<usize> {
    let bits = mag::bit_length(base);
    if bits <= 1 || exp == 0 {
        return Some(2);
    }
    let total = bits.checked_mul(exp)?;
    usize::try_from(total / LIMB_BITS as u64 + 2).ok()
}

/// Python `base ** exp` for a non-negative `exp` (`0 ** 0 == 1`).
///
/// The exponent is a `u64`: for a bigger exponent only bases 0, 1 and -1
/// have a representable result, which the caller handles (anything else is
/// a `MemoryError`). A negative exponent gives a float in Python; the caller
/// does that too.
/// `out` and `scratch` must each have at least [`pow_len`] limbs.
#[cfg(feature = "bigint")]
pub fn pow(
    base: BigRef<'_>,
    exp: u64,
    out: &mut [Limb],
    scratch: &mut [Limb],
) -> NumResult<Written> {
    let base = base.norm();
    let need = pow_len(base.mag, exp).ok_or(NumError::BufferTooSmall)?;
    if out.len() < need || scratch.len() < need {
        return Err(NumError::BufferTooSmall);
    }
    let neg = base.neg && exp & 1 == 1;
    if exp == 0 {
        out[0] = 1;
        return Ok(Written::new(false, 1));
    }
    if base.mag.is_empty() {
        return Ok(Written::default());
    }
    let mut len = mag::copy(base.mag, out)?;
    let top = 63 - exp.leading_zeros();
    for i in (0..top).rev() {
        let acc = &out[..len];
        let sq = scratch.get_mut(..2 * len).ok_or(NumError::BufferTooSmall)?;
        mag::mul_into(acc, acc, sq);
        let sl = mag::normalized_len(sq);
        if (exp >> i) & 1 == 1 {
            let n = sl + base.mag.len();
            let dst = out.get_mut(..n).ok_or(NumError::BufferTooSmall)?;
            mag::mul_into(&scratch[..sl], base.mag, dst);
            len = mag::normalized_len(dst);
        } else {
            out[..sl].copy_from_slice(&scratch[..sl]);
            len = sl;
        }
    }
    Ok(Written::new(neg, len))
}

/// Output bound for [`modpow`]: `m_len`.
pub const fn modpow_len(m_len: usize) -> usize {
    m_len
}

/// Scratch bound for [`modpow`]. `neg_exp` says whether the exponent is
/// negative (a modular inverse is then computed, which needs more room).
pub const fn modpow_scratch_len(base_len: usize, m_len: usize, neg_exp: bool) -> usize {
    let k = m_len;
    let work = if base_len > 2 * k { base_len } else { 2 * k } + 1;
    k + 2 * k + work + if neg_exp { inverse_scratch_len(k) } else { 0 }
}

const fn inverse_scratch_len(k: usize) -> usize {
    // r0, r1: k+1; t0, t1, tn: k+2; q: k+2; rem: k+2; prod: 2k+4
    2 * (k + 1) + 5 * (k + 2) + 2 * k + 4
}

/// Python `pow(base, exp, m)`: the result has the sign of `m` (it lies in
/// `[0, m)` or `(m, 0]`); a negative `exp` uses the modular inverse of
/// `base` (`ValueError(NotInvertible)` if none exists).
/// `ValueError(PowModulusZero)` if `m == 0`.
/// `out.len() >= modpow_len(m.len())`,
/// `scratch.len() >= modpow_scratch_len(base.len(), m.len(), exp.is_negative())`.
pub fn modpow(
    base: BigRef<'_>,
    exp: BigRef<'_>,
    m: BigRef<'_>,
    out: &mut [Limb],
    scratch: &mut [Limb],
) -> NumResult<Written> {
    let (base, exp, m) = (base.norm(), exp.norm(), m.norm());
    if m.mag.is_empty() {
        return Err(NumError::Value(ValueKind::PowModulusZero));
    }
    let k = m.mag.len();
    if out.len() < k || scratch.len() < modpow_scratch_len(base.mag.len(), k, exp.neg) {
        return Err(NumError::BufferTooSmall);
    }
    if m.mag == [1] {
        return Ok(Written::default());
    }
    let (b, rest) = scratch.split_at_mut(k);
    let (prod, rest) = rest.split_at_mut(2 * k);
    let work_len = base.mag.len().max(2 * k) + 1;
    let (work, inv_area) = rest.split_at_mut(work_len);
    // b = base mod |m|, in [0, |m|).
    let rl = mag::rem(base.mag, m.mag, work)?;
    let mut bl = if base.neg && rl != 0 {
        let (_, n) = mag::sub(m.mag, &work[..rl], b)?;
        n
    } else {
        b[..rl].copy_from_slice(&work[..rl]);
        rl
    };
    if exp.neg {
        bl = inverse(&b[..bl], m.mag, inv_area, out)?;
        b[..bl].copy_from_slice(&out[..bl]);
    }
    // Left-to-right square and multiply; acc lives in out[..len].
    out[0] = 1;
    let mut len = 1;
    let ebits = mag::bit_length(exp.mag);
    for i in (0..ebits).rev() {
        if len != 0 {
            let p = &mut prod[..2 * len];
            mag::mul_into(&out[..len], &out[..len], p);
            let rl = mag::rem(p, m.mag, work)?;
            out[..rl].copy_from_slice(&work[..rl]);
            len = rl;
        }
        if mag::bit(exp.mag, i) && len != 0 {
            let p = &mut prod[..len + bl];
            mag::mul_into(&out[..len], &b[..bl], p);
            let rl = mag::rem(p, m.mag, work)?;
            out[..rl].copy_from_slice(&work[..rl]);
            len = rl;
        }
    }
    if m.neg && len != 0 {
        // result - |m|, i.e. -(|m| - result)
        let (_, n) = mag::sub(m.mag, &out[..len], prod)?;
        out[..n].copy_from_slice(&prod[..n]);
        return Ok(Written::new(true, n));
    }
    Ok(Written::new(false, len))
}

/// Modular inverse of `a` (with `0 <= a < m`, `m >= 2`) into `out[..k]` by the
/// extended Euclidean algorithm on magnitudes (coefficient signs alternate,
/// so only their magnitudes are tracked).
fn inverse(a: &[Limb], m: &[Limb], area: &mut [Limb], out: &mut [Limb]) -> NumResult<usize> {
    let k = m.len();
    let (r0, area) = area.split_at_mut(k + 1);
    let (r1, area) = area.split_at_mut(k + 1);
    let (t0, area) = area.split_at_mut(k + 2);
    let (t1, area) = area.split_at_mut(k + 2);
    let (tn, area) = area.split_at_mut(k + 2);
    let (q, area) = area.split_at_mut(k + 2);
    let (rem, prod) = area.split_at_mut(k + 2);
    let mut l0 = mag::copy(m, r0)?;
    let mut l1 = mag::copy(a, r1)?;
    let mut lt0 = 0;
    t1[0] = 1;
    let mut lt1 = 1;
    let mut idx: u64 = 1; // index of t1 in the remainder sequence
    while l1 != 0 {
        let (ql, rl) = mag::divrem(&r0[..l0], &r1[..l1], q, rem)?;
        // tn = t0 + q * t1
        let pl = if ql == 0 || lt1 == 0 {
            0
        } else {
            mag::mul(&q[..ql], &t1[..lt1], prod)?
        };
        let ln = mag::add(&prod[..pl], &t0[..lt0], tn)?;
        r0[..l1].copy_from_slice(&r1[..l1]);
        l0 = l1;
        r1[..rl].copy_from_slice(&rem[..rl]);
        l1 = rl;
        t0[..lt1].copy_from_slice(&t1[..lt1]);
        lt0 = lt1;
        t1[..ln].copy_from_slice(&tn[..ln]);
        lt1 = ln;
        idx += 1;
    }
    if r0[..l0] != [1] {
        return Err(NumError::Value(ValueKind::NotInvertible));
    }
    // t0 has index idx - 1; it is positive when that index is odd.
    if (idx - 1) % 2 == 1 {
        mag::copy(&t0[..lt0], out)
    } else {
        Ok(mag::sub(m, &t0[..lt0], out)?.1)
    }
}

/// Output bound for [`gcd`]: `max(a_len, b_len)`.
pub const fn gcd_len(a_len: usize, b_len: usize) -> usize {
    if a_len > b_len { a_len } else { b_len }
}

/// Scratch bound for [`gcd`]: `3 * (max(a_len, b_len) + 1)`.
pub const fn gcd_scratch_len(a_len: usize, b_len: usize) -> usize {
    3 * (gcd_len(a_len, b_len) + 1)
}

/// `math.gcd(a, b)` of the magnitudes (always non-negative; `gcd(0, 0) == 0`).
pub fn gcd(a: &[Limb], b: &[Limb], out: &mut [Limb], scratch: &mut [Limb]) -> NumResult<usize> {
    let w = gcd_len(a.len(), b.len()) + 1;
    if out.len() < gcd_len(a.len(), b.len()) || scratch.len() < 3 * w {
        return Err(NumError::BufferTooSmall);
    }
    let (x, rest) = scratch.split_at_mut(w);
    let (y, r) = rest.split_at_mut(w);
    let mut xl = mag::copy(a, x)?;
    let mut yl = mag::copy(b, y)?;
    while yl != 0 {
        let rl = mag::rem(&x[..xl], &y[..yl], r)?;
        x[..yl].copy_from_slice(&y[..yl]);
        xl = yl;
        y[..rl].copy_from_slice(&r[..rl]);
        yl = rl;
    }
    mag::copy(&x[..xl], out)
}
