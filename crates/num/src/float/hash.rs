//! Python's numeric hash, consistent across `int` and `float`.
//!
//! `hash(x)` for a rational `x = n/d` is `n * d^-1 mod P` (with the sign of
//! `x`), where `P` is the Mersenne prime `2^61 - 1` on 64-bit targets (as in
//! CPython) and `2^31 - 1` on 32-bit targets (as CPython on 32-bit
//! platforms). So `hash(1.0) == hash(1)` and `hash(0.5) == 2^60`. A result of
//! -1 becomes -2; `hash(inf) == 314159`; NaN has no value hash (`None`: since
//! Python 3.10 it hashes by identity, which the caller supplies).
//! The `_bits` variants take the modulus exponent (61 or 31) explicitly.

use crate::bigint::{BigRef, LIMB_BITS};

/// Modulus exponent on this target: 61 for 64-bit pointers, else 31.
pub const HASH_BITS: u32 = if usize::BITS >= 64 { 61 } else { 31 };
/// `2^HASH_BITS - 1`.
pub const HASH_MODULUS: u64 = (1 << HASH_BITS) - 1;
/// `hash(float('inf'))`; `-inf` hashes to its negation.
pub const HASH_INF: i64 = 314159;

fn finish(v: u64, neg: bool) -> i64 {
    let h = if neg { -(v as i64) } else { v as i64 };
    if h == -1 { -2 } else { h }
}

/// `v * 2^s mod P` for `v < P` (a rotation within `bits` bits).
fn mul_pow2(v: u64, s: u32, bits: u32) -> u64 {
    let p = (1u64 << bits) - 1;
    let s = s % bits;
    if s == 0 {
        return v;
    }
    ((v << s) & p) | (v >> (bits - s))
}

/// Hash of a float with modulus `2^bits - 1` (`bits` is 61 or 31).
pub fn hash_f64_bits(x: f64, bits: u32) -> Option<i64> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 { HASH_INF } else { -HASH_INF });
    }
    let p = (1u64 << bits) - 1;
    let raw = x.to_bits();
    let biased = ((raw >> 52) & 0x7ff) as i64;
    let frac = raw & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    // |x| = m * 2^e; 2^bits == 1 (mod P), so 2^e == 2^(e mod bits).
    let s = e.rem_euclid(bits as i64) as u32;
    let v = mul_pow2(m % p, s, bits);
    Some(finish(v, x < 0.0))
}

/// Hash of a float on this target (`None` for NaN).
pub fn hash_f64(x: f64) -> Option<i64> {
    hash_f64_bits(x, HASH_BITS)
}

/// Hash of an `i64` with modulus `2^bits - 1`.
pub fn hash_i64_bits(v: i64, bits: u32) -> i64 {
    let p = (1u64 << bits) - 1;
    finish(v.unsigned_abs() % p, v < 0)
}

/// Hash of an `i64` on this target.
pub fn hash_i64(v: i64) -> i64 {
    hash_i64_bits(v, HASH_BITS)
}

/// Hash of a big integer with modulus `2^bits - 1`.
pub fn hash_bigint_bits(x: BigRef<'_>, bits: u32) -> i64 {
    let p = (1u64 << bits) - 1;
    let mut acc: u64 = 0;
    for &l in x.mag.iter().rev() {
        acc = mul_pow2(acc, LIMB_BITS, bits);
        acc += l as u64 % p;
        if acc >= p {
            acc -= p;
        }
    }
    finish(acc, x.is_negative())
}

/// Hash of a big integer on this target.
pub fn hash_bigint(x: BigRef<'_>) -> i64 {
    hash_bigint_bits(x, HASH_BITS)
}
