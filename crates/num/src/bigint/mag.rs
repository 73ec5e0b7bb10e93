//! Unsigned magnitude algorithms over little-endian limb slices.
//!
//! Inputs may carry high zero limbs (they are ignored); every output is
//! normalised (no high zero limbs) and the functions return the number of
//! limbs used. Zero is the empty slice. Output slices must be at least as
//! long as the documented `*_len` bound computed from the *input slice
//! lengths*; a shorter one gives [`NumError::BufferTooSmall`] (never a panic).
//! Only the used prefix of an output is written.

use super::{DLimb, LIMB_BITS, Limb};
use crate::error::{NumError, NumResult};
use core::cmp::Ordering;

/// Length of `a` without its high zero limbs.
#[inline]
pub fn normalized_len(a: &[Limb]) -> usize {
    let mut n = a.len();
    while n > 0 && a[n - 1] == 0 {
        n -= 1;
    }
    n
}

/// `a` without its high zero limbs.
#[inline]
pub fn normalize(a: &[Limb]) -> &[Limb] {
    &a[..normalized_len(a)]
}

/// Whether the magnitude is zero.
#[inline]
pub fn is_zero(a: &[Limb]) -> bool {
    a.iter().all(|&l| l == 0)
}

/// Number of significant bits (0 for zero).
pub fn bit_length(a: &[Limb]) -> u64 {
    let a = normalize(a);
    match a.last() {
        None => 0,
        Some(&top) => {
            (a.len() as u64 - 1) * LIMB_BITS as u64 + (LIMB_BITS - top.leading_zeros()) as u64
        }
    }
}

/// Value of bit `i` (bit 0 is the least significant).
#[inline]
pub fn bit(a: &[Limb], i: u64) -> bool {
    let limb = (i / LIMB_BITS as u64) as usize;
    limb < a.len() && (a[limb] >> (i % LIMB_BITS as u64)) & 1 == 1
}

/// Whether any of the lowest `n` bits is set.
pub fn low_bits_nonzero(a: &[Limb], n: u64) -> bool {
    let full = (n / LIMB_BITS as u64).min(a.len() as u64) as usize;
    if a[..full].iter().any(|&l| l != 0) {
        return true;
    }
    let rem = (n % LIMB_BITS as u64) as u32;
    rem != 0 && full < a.len() && a[full] & ((1 << rem) - 1) != 0
}

/// Compare two magnitudes.
pub fn cmp(a: &[Limb], b: &[Limb]) -> Ordering {
    let a = normalize(a);
    let b = normalize(b);
    if a.len() != b.len() {
        return a.len().cmp(&b.len());
    }
    for i in (0..a.len()).rev() {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    Ordering::Equal
}

/// Copy `a` (normalised) into `out`, returning the used length.
pub fn copy(a: &[Limb], out: &mut [Limb]) -> NumResult<usize> {
    let a = normalize(a);
    let dst = out.get_mut(..a.len()).ok_or(NumError::BufferTooSmall)?;
    dst.copy_from_slice(a);
    Ok(a.len())
}

/// Output bound for [`add`]: `max(a_len, b_len) + 1`.
#[inline]
pub const fn add_len(a_len: usize, b_len: usize) -> usize {
    (if a_len > b_len { a_len } else { b_len }) + 1
}

/// `out = a + b`. `out.len() >= add_len(a.len(), b.len())`.
pub fn add(a: &[Limb], b: &[Limb], out: &mut [Limb]) -> NumResult<usize> {
    let (a, b) = (normalize(a), normalize(b));
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if out.len() < long.len() + 1 {
        return Err(NumError::BufferTooSmall);
    }
    let mut carry: DLimb = 0;
    for i in 0..long.len() {
        let s = long[i] as DLimb + short.get(i).copied().unwrap_or(0) as DLimb + carry;
        out[i] = s as Limb;
        carry = s >> LIMB_BITS;
    }
    out[long.len()] = carry as Limb;
    Ok(normalized_len(&out[..long.len() + 1]))
}

/// Output bound for [`sub`]: `max(a_len, b_len)`.
#[inline]
pub const fn sub_len(a_len: usize, b_len: usize) -> usize {
    if a_len > b_len { a_len } else { b_len }
}

/// `out = |a - b|`; returns `(a < b, used length)`.
/// `out.len() >= sub_len(a.len(), b.len())`.
pub fn sub(a: &[Limb], b: &[Limb], out: &mut [Limb]) -> NumResult<(bool, usize)> {
    let (a, b) = (normalize(a), normalize(b));
    let swapped = cmp(a, b) == Ordering::Less;
    let (big, small) = if swapped { (b, a) } else { (a, b) };
    let dst = out.get_mut(..big.len()).ok_or(NumError::BufferTooSmall)?;
    sub_into(big, small, dst);
    Ok((swapped, normalized_len(dst)))
}

/// `out[..a.len()] = a - b` assuming `a >= b` and `out.len() == a.len()`.
fn sub_into(a: &[Limb], b: &[Limb], out: &mut [Limb]) {
    let mut borrow = false;
    for i in 0..a.len() {
        let (d, b1) = a[i].overflowing_sub(b.get(i).copied().unwrap_or(0));
        let (d, b2) = d.overflowing_sub(borrow as Limb);
        out[i] = d;
        borrow = b1 | b2;
    }
}

/// In place `a += small`; returns the carry out.
pub(crate) fn add_small_assign(a: &mut [Limb], small: Limb) -> bool {
    let mut carry = small;
    for l in a.iter_mut() {
        if carry == 0 {
            return false;
        }
        let (s, c) = l.overflowing_add(carry);
        *l = s;
        carry = c as Limb;
    }
    carry != 0
}

/// In place `a = a * m + add`; returns the limb carried out.
pub(crate) fn mul_small_add_assign(a: &mut [Limb], m: Limb, add: Limb) -> Limb {
    let mut carry = add as DLimb;
    for l in a.iter_mut() {
        let p = *l as DLimb * m as DLimb + carry;
        *l = p as Limb;
        carry = p >> LIMB_BITS;
    }
    carry as Limb
}

/// Output bound for [`mul`]: `a_len + b_len`.
#[inline]
pub const fn mul_len(a_len: usize, b_len: usize) -> usize {
    a_len + b_len
}

/// `out = a * b` (schoolbook). `out.len() >= mul_len(a.len(), b.len())`.
pub fn mul(a: &[Limb], b: &[Limb], out: &mut [Limb]) -> NumResult<usize> {
    let (a, b) = (normalize(a), normalize(b));
    if a.is_empty() || b.is_empty() {
        return Ok(0);
    }
    let n = a.len() + b.len();
    let dst = out.get_mut(..n).ok_or(NumError::BufferTooSmall)?;
    mul_into(a, b, dst);
    Ok(normalized_len(dst))
}

/// `out = a * b` where `out.len() == a.len() + b.len()`. Hosts square
/// with half the multiplications; 32-bit boards keep one loop (flash).
pub(crate) fn mul_into(a: &[Limb], b: &[Limb], out: &mut [Limb]) {
    out.fill(0);
    if cfg!(not(feature = "compact")) && core::ptr::eq(a, b) {
        return square_into(a, out);
    }
    let (a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (j, &bj) in b.iter().enumerate() {
        if bj == 0 {
            continue;
        }
        let mut carry: DLimb = 0;
        let row = &mut out[j..j + a.len() + 1];
        for (i, &ai) in a.iter().enumerate() {
            let p = ai as DLimb * bj as DLimb + row[i] as DLimb + carry;
            row[i] = p as Limb;
            carry = p >> LIMB_BITS;
        }
        row[a.len()] = carry as Limb;
    }
}

/// `out = a * a` (about half the multiplications); `out` is zeroed, length `2 * a.len()`.
fn square_into(a: &[Limb], out: &mut [Limb]) {
    let n = a.len();
    // Off-diagonal products once.
    for i in 0..n {
        let mut carry: DLimb = 0;
        for j in i + 1..n {
            let p = a[i] as DLimb * a[j] as DLimb + out[i + j] as DLimb + carry;
            out[i + j] = p as Limb;
            carry = p >> LIMB_BITS;
        }
        out[i + n] = carry as Limb;
    }
    // Double them.
    let mut top = 0;
    for l in out.iter_mut() {
        let nt = *l >> (LIMB_BITS - 1);
        *l = (*l << 1) | top;
        top = nt;
    }
    // Add the diagonal.
    let mut carry: DLimb = 0;
    for i in 0..n {
        let p = a[i] as DLimb * a[i] as DLimb;
        let lo = out[2 * i] as DLimb + (p as Limb) as DLimb + carry;
        out[2 * i] = lo as Limb;
        let hi = out[2 * i + 1] as DLimb + (p >> LIMB_BITS) + (lo >> LIMB_BITS);
        out[2 * i + 1] = hi as Limb;
        carry = hi >> LIMB_BITS;
    }
}

/// Output bound for [`shl`]: `a_len + shift / 32 + 1` (saturating; `None` if it
/// does not fit `usize`).
pub fn shl_len(a_len: usize, shift: u64) -> Option<usize> {
    let limbs = usize::try_from(shift / LIMB_BITS as u64).ok()?;
    a_len.checked_add(limbs)?.checked_add(1)
}

/// `out = a << shift`. `out.len() >= shl_len(a.len(), shift)` (zero needs no room).
pub fn shl(a: &[Limb], shift: u64, out: &mut [Limb]) -> NumResult<usize> {
    let a = normalize(a);
    if a.is_empty() {
        return Ok(0);
    }
    let need = shl_len(a.len(), shift).ok_or(NumError::BufferTooSmall)?;
    if out.len() < need {
        return Err(NumError::BufferTooSmall);
    }
    let limbs = (shift / LIMB_BITS as u64) as usize;
    let bits = (shift % LIMB_BITS as u64) as u32;
    out[..limbs].fill(0);
    if bits == 0 {
        out[limbs..limbs + a.len()].copy_from_slice(a);
        out[limbs + a.len()] = 0;
    } else {
        let mut prev = 0;
        for i in 0..a.len() {
            out[limbs + i] = (a[i] << bits) | (prev >> (LIMB_BITS - bits));
            prev = a[i];
        }
        out[limbs + a.len()] = prev >> (LIMB_BITS - bits);
    }
    Ok(normalized_len(&out[..need]))
}

/// Output bound for [`shr`]: `max(a_len - shift / 32, 0)`.
pub fn shr_len(a_len: usize, shift: u64) -> usize {
    let limbs = (shift / LIMB_BITS as u64).min(a_len as u64) as usize;
    a_len - limbs
}

/// `out = a >> shift`; returns `(used length, whether any 1 bit was shifted out)`.
/// `out.len() >= shr_len(a.len(), shift)`.
pub fn shr(a: &[Limb], shift: u64, out: &mut [Limb]) -> NumResult<(usize, bool)> {
    let a = normalize(a);
    let lost = low_bits_nonzero(a, shift);
    let limbs = shift / LIMB_BITS as u64;
    if limbs >= a.len() as u64 {
        return Ok((0, lost));
    }
    let limbs = limbs as usize;
    let bits = (shift % LIMB_BITS as u64) as u32;
    let n = a.len() - limbs;
    let dst = out.get_mut(..n).ok_or(NumError::BufferTooSmall)?;
    for i in 0..n {
        let lo = a[limbs + i];
        let hi = a.get(limbs + i + 1).copied().unwrap_or(0);
        dst[i] = if bits == 0 {
            lo
        } else {
            (lo >> bits) | (hi << (LIMB_BITS - bits))
        };
    }
    Ok((normalized_len(dst), lost))
}

/// In place `a /= d`; returns the remainder. `d` must be non-zero.
pub(crate) fn divrem_small_in_place(a: &mut [Limb], d: Limb) -> Limb {
    let mut rem: DLimb = 0;
    for l in a.iter_mut().rev() {
        let cur = (rem << LIMB_BITS) | *l as DLimb;
        *l = (cur / d as DLimb) as Limb;
        rem = cur % d as DLimb;
    }
    rem as Limb
}

/// `q = a / d`, returning `(used length of q, remainder)`. Errors on `d == 0`
/// with `ZeroDivision`. `q.len() >= a.len()`.
pub fn divrem_small(a: &[Limb], d: Limb, q: &mut [Limb]) -> NumResult<(usize, Limb)> {
    if d == 0 {
        return Err(NumError::ZeroDivision(
            crate::error::ZeroDivKind::IntDivision,
        ));
    }
    let a = normalize(a);
    let dst = q.get_mut(..a.len()).ok_or(NumError::BufferTooSmall)?;
    dst.copy_from_slice(a);
    let r = divrem_small_in_place(dst, d);
    Ok((normalized_len(dst), r))
}

/// Quotient bound for [`divrem`]: `a_len - b_len + 1` (at least 1).
/// `b_len` must be the *normalised* length of the divisor.
#[inline]
pub const fn divrem_q_len(a_len: usize, b_len: usize) -> usize {
    a_len.saturating_sub(b_len) + 1
}

/// Remainder (working space) bound for [`divrem`]: `a_len + 1`.
/// The final remainder occupies at most `b_len` limbs of it.
#[inline]
pub const fn divrem_r_len(a_len: usize) -> usize {
    a_len + 1
}

/// `q = a / b`, `r = a % b` (truncating; magnitudes). Returns the used lengths
/// `(q_len, r_len)`. `q.len() >= divrem_q_len(..)`, `r.len() >= divrem_r_len(a.len())`.
/// Errors with `ZeroDivision(IntDivision)` if `b` is zero.
pub fn divrem(a: &[Limb], b: &[Limb], q: &mut [Limb], r: &mut [Limb]) -> NumResult<(usize, usize)> {
    if q.len() < divrem_q_len(a.len(), b.len()) {
        return Err(NumError::BufferTooSmall);
    }
    divrem_inner(a, b, Some(q), r)
}

/// `r = a % b` (magnitudes), needing no quotient buffer. Returns the used length.
/// `r.len() >= divrem_r_len(a.len())`.
pub fn rem(a: &[Limb], b: &[Limb], r: &mut [Limb]) -> NumResult<usize> {
    divrem_inner(a, b, None, r).map(|(_, rl)| rl)
}

pub(crate) fn divrem_inner(
    a: &[Limb],
    b: &[Limb],
    mut q: Option<&mut [Limb]>,
    r: &mut [Limb],
) -> NumResult<(usize, usize)> {
    let (a, b) = (normalize(a), normalize(b));
    if b.is_empty() {
        return Err(NumError::ZeroDivision(
            crate::error::ZeroDivKind::IntDivision,
        ));
    }
    if r.len() < a.len() + 1 {
        return Err(NumError::BufferTooSmall);
    }
    if cmp(a, b) == Ordering::Less {
        r[..a.len()].copy_from_slice(a);
        return Ok((0, a.len()));
    }
    let m = a.len() - b.len();
    if let Some(q) = q.as_deref_mut()
        && q.len() < m + 1
    {
        return Err(NumError::BufferTooSmall);
    }
    if b.len() == 1 {
        // One-limb divisor: divide a copy of `a` in place (the quotient
        // has `a.len() == m + 1` limbs; without one, `r` is the scratch).
        let dst = match q.as_deref_mut() {
            Some(q) => &mut q[..=m],
            None => &mut r[..=m],
        };
        dst.copy_from_slice(a);
        r[0] = divrem_small_in_place(dst, b[0]);
        let ql = q.map_or(0, |q| normalized_len(&q[..m + 1]));
        return Ok((ql, normalized_len(&r[..1])));
    }
    knuth_d(a, b, q.as_deref_mut(), r);
    let ql = q.map_or(0, |q| normalized_len(&q[..m + 1]));
    Ok((ql, normalized_len(&r[..b.len()])))
}

/// Knuth's algorithm D for `b.len() >= 2`, `a >= b`. Writes the quotient
/// digits to `q[..=m]` when present and leaves the remainder in `r[..b.len()]`.
fn knuth_d(a: &[Limb], b: &[Limb], mut q: Option<&mut [Limb]>, r: &mut [Limb]) {
    let n = b.len();
    let m = a.len() - n;
    let s = b[n - 1].leading_zeros();
    // Normalised divisor limb i, computed on the fly (no scratch copy).
    let vn = |i: usize| -> Limb {
        if s == 0 {
            b[i]
        } else if i == 0 {
            b[0] << s
        } else {
            (b[i] << s) | (b[i - 1] >> (LIMB_BITS - s))
        }
    };
    // r = a << s, with one extra limb on top.
    if s == 0 {
        r[..a.len()].copy_from_slice(a);
        r[a.len()] = 0;
    } else {
        let mut prev = 0;
        for i in 0..a.len() {
            r[i] = (a[i] << s) | (prev >> (LIMB_BITS - s));
            prev = a[i];
        }
        r[a.len()] = prev >> (LIMB_BITS - s);
    }
    let vtop = vn(n - 1) as DLimb;
    let vsec = vn(n - 2) as DLimb;
    const BASE: DLimb = 1 << LIMB_BITS;
    for j in (0..=m).rev() {
        let num = ((r[j + n] as DLimb) << LIMB_BITS) | r[j + n - 1] as DLimb;
        let mut qhat = num / vtop;
        let mut rhat = num % vtop;
        while qhat >= BASE || qhat * vsec > ((rhat << LIMB_BITS) | r[j + n - 2] as DLimb) {
            qhat -= 1;
            rhat += vtop;
            if rhat >= BASE {
                break;
            }
        }
        // Multiply and subtract.
        let mut carry: DLimb = 0;
        let mut borrow = false;
        for i in 0..n {
            let p = qhat * vn(i) as DLimb + carry;
            carry = p >> LIMB_BITS;
            let (d, b1) = r[i + j].overflowing_sub(p as Limb);
            let (d, b2) = d.overflowing_sub(borrow as Limb);
            r[i + j] = d;
            borrow = b1 | b2;
        }
        let (d, b1) = r[j + n].overflowing_sub(carry as Limb);
        let (d, b2) = d.overflowing_sub(borrow as Limb);
        r[j + n] = d;
        if b1 | b2 {
            // qhat was one too large: add the divisor back.
            qhat -= 1;
            let mut c: DLimb = 0;
            for i in 0..n {
                let sum = r[i + j] as DLimb + vn(i) as DLimb + c;
                r[i + j] = sum as Limb;
                c = sum >> LIMB_BITS;
            }
            r[j + n] = r[j + n].wrapping_add(c as Limb);
        }
        if let Some(q) = q.as_deref_mut() {
            q[j] = qhat as Limb;
        }
    }
    // Un-normalise the remainder.
    if s != 0 {
        for i in 0..n {
            let hi = if i + 1 < n { r[i + 1] } else { 0 };
            r[i] = (r[i] >> s) | (hi << (LIMB_BITS - s));
        }
    }
}
