//! `int.to_bytes` and `int.from_bytes`.

use super::{BigRef, LIMB_BITS, Limb, Written, mag};
use crate::error::{NumError, NumResult, OverflowKind};

/// Python `x.to_bytes(out.len(), 'little' if little else 'big', signed=signed)`.
///
/// Errors: `Overflow(NegativeToUnsigned)` for a negative `x` with
/// `signed == false`; `Overflow(IntTooBig)` if it does not fit.
pub fn to_bytes(x: BigRef<'_>, out: &mut [u8], little: bool, signed: bool) -> NumResult<()> {
    let x = x.norm();
    if x.neg && !signed {
        return Err(NumError::Overflow(OverflowKind::NegativeToUnsigned));
    }
    let n = out.len();
    let bits = mag::bit_length(x.mag);
    let cap = n as u64 * 8;
    let fits = if !signed {
        bits <= cap
    } else if x.neg {
        // -2^(cap-1) fits; |x| <= 2^(cap-1)
        bits < cap || (bits == cap && is_power_of_two(x.mag))
    } else {
        bits < cap || bits == 0
    };
    if !fits {
        return Err(NumError::Overflow(OverflowKind::IntTooBig));
    }
    // Little-endian two's complement bytes.
    let mut carry = true;
    for i in 0..n {
        let limb = x.mag.get(i / 4).copied().unwrap_or(0);
        let mut b = (limb >> ((i % 4) * 8)) as u8;
        if x.neg {
            let (s, c) = (!b).overflowing_add(carry as u8);
            b = s;
            carry = c;
        }
        let idx = if little { i } else { n - 1 - i };
        out[idx] = b;
    }
    Ok(())
}

fn is_power_of_two(m: &[Limb]) -> bool {
    let m = mag::normalize(m);
    match m.split_last() {
        Some((top, rest)) => top.is_power_of_two() && rest.iter().all(|&l| l == 0),
        None => false,
    }
}

/// Output bound for [`from_bytes`]: `bytes_len / 4 + 1` limbs.
pub const fn from_bytes_len(bytes_len: usize) -> usize {
    bytes_len / 4 + 1
}

/// Python `int.from_bytes(bytes, 'little' if little else 'big', signed=signed)`.
/// `out.len() >= from_bytes_len(bytes.len())`.
pub fn from_bytes(
    bytes: &[u8],
    little: bool,
    signed: bool,
    out: &mut [Limb],
) -> NumResult<Written> {
    let n = bytes.len();
    let limbs = from_bytes_len(n);
    let dst = out.get_mut(..limbs).ok_or(NumError::BufferTooSmall)?;
    dst.fill(0);
    let byte = |i: usize| if little { bytes[i] } else { bytes[n - 1 - i] };
    for i in 0..n {
        dst[i / 4] |= (byte(i) as Limb) << ((i % 4) * 8);
    }
    let neg = signed && n > 0 && byte(n - 1) & 0x80 != 0;
    if neg {
        // Sign-extend within the used bytes, then negate: |x| = 2^(8n) - raw.
        for l in dst.iter_mut() {
            *l = !*l;
        }
        // Bits above 8n were zero and are now ones; clear them.
        let total_bits = n * 8;
        for (li, l) in dst.iter_mut().enumerate() {
            let lo = li * LIMB_BITS as usize;
            if lo >= total_bits {
                *l = 0;
            } else if total_bits - lo < LIMB_BITS as usize {
                *l &= (1 << (total_bits - lo)) - 1;
            }
        }
        mag::add_small_assign(dst, 1);
    }
    Ok(Written::new(neg, mag::normalized_len(dst)))
}
