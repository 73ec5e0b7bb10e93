//! A non-negative integer in a fixed array on the stack, for the exact
//! `f32` <-> decimal conversions.
//!
//! Every operand those conversions build stays below 2^448 (the largest is a
//! 121-digit decimal mantissa shifted for division, see `parse32`), so 16
//! limbs always suffice; the operations keep that as a documented
//! precondition, checked in debug builds, and never panic in release builds
//! (an overflowing carry would be dropped).

use crate::bigint::{Limb, mag};
use core::cmp::Ordering;

/// Limbs of a [`Small`]: 512 bits.
const LIMBS: usize = 16;

/// A non-negative integer below 2^512, normalised (`limbs[len..]` are zero
/// and `limbs[len - 1]` is not).
#[derive(Clone, Copy)]
pub(crate) struct Small {
    limbs: [Limb; LIMBS],
    len: usize,
}

impl Small {
    /// The value `v`.
    pub(crate) fn from_u64(v: u64) -> Small {
        let mut s = Small {
            limbs: [0; LIMBS],
            len: 2,
        };
        s.limbs[0] = v as Limb;
        s.limbs[1] = (v >> 32) as Limb;
        s.trim();
        s
    }

    /// `2^bits`.
    pub(crate) fn pow2(bits: u32) -> Small {
        let mut s = Small::from_u64(1);
        s.shl(bits);
        s
    }

    fn trim(&mut self) {
        self.len = mag::normalized_len(&self.limbs[..self.len]);
    }

    /// The limbs, little-endian, without high zeros (empty for zero).
    pub(crate) fn mag(&self) -> &[Limb] {
        &self.limbs[..self.len]
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn bit_length(&self) -> u32 {
        mag::bit_length(self.mag()) as u32
    }

    /// `self = self * m + add`.
    pub(crate) fn mul_add(&mut self, m: Limb, add: Limb) {
        let carry = mag::mul_small_add_assign(&mut self.limbs[..self.len], m, add);
        if carry != 0 {
            debug_assert!(self.len < LIMBS, "Small overflow");
            if let Some(top) = self.limbs.get_mut(self.len) {
                *top = carry;
                self.len += 1;
            }
        }
        self.trim();
    }

    /// `self *= 5^k`.
    pub(crate) fn mul_pow5(&mut self, mut k: u32) {
        // 5^13 is the largest power of five below 2^32.
        while k >= 13 {
            self.mul_add(1_220_703_125, 0);
            k -= 13;
        }
        self.mul_add(5u32.pow(k), 0);
    }

    /// `self *= 10^k`.
    pub(crate) fn mul_pow10(&mut self, k: u32) {
        self.mul_pow5(k);
        self.shl(k);
    }

    /// `self <<= bits`.
    pub(crate) fn shl(&mut self, bits: u32) {
        if self.len == 0 {
            return;
        }
        debug_assert!(
            self.bit_length() + bits <= 32 * LIMBS as u32,
            "Small overflow"
        );
        let limbs = (bits / 32) as usize;
        let bits = bits % 32;
        let new_len = (self.len + limbs + 1).min(LIMBS);
        // From the top down, so each source limb is read before it is
        // overwritten.
        for i in (0..new_len).rev() {
            let hi = if i >= limbs { self.limbs[i - limbs] } else { 0 };
            let lo = if i > limbs {
                self.limbs[i - limbs - 1]
            } else {
                0
            };
            self.limbs[i] = if bits == 0 {
                hi
            } else {
                (hi << bits) | (lo >> (32 - bits))
            };
        }
        self.len = new_len;
        self.trim();
    }

    /// `self += other`.
    pub(crate) fn add_assign(&mut self, other: &Small) {
        let n = self.len.max(other.len);
        let mut carry = false;
        for i in 0..n {
            let (s, c1) = self.limbs[i].overflowing_add(other.limbs[i]);
            let (s, c2) = s.overflowing_add(carry as Limb);
            self.limbs[i] = s;
            carry = c1 | c2;
        }
        self.len = n;
        if carry {
            debug_assert!(n < LIMBS, "Small overflow");
            if let Some(top) = self.limbs.get_mut(n) {
                *top = 1;
                self.len += 1;
            }
        }
    }

    /// `self -= other`; requires `self >= other`.
    pub(crate) fn sub_assign(&mut self, other: &Small) {
        debug_assert!(self.cmp(other) != Ordering::Less);
        let mut borrow = false;
        for i in 0..self.len {
            let (d, b1) = self.limbs[i].overflowing_sub(other.limbs[i]);
            let (d, b2) = d.overflowing_sub(borrow as Limb);
            self.limbs[i] = d;
            borrow = b1 | b2;
        }
        self.trim();
    }

    pub(crate) fn cmp(&self, other: &Small) -> Ordering {
        mag::cmp(self.mag(), other.mag())
    }

    /// `self /= d`, returning the remainder; `d` is not zero.
    pub(crate) fn div_small(&mut self, d: Limb) -> Limb {
        let r = mag::divrem_small_in_place(&mut self.limbs[..self.len], d.max(1));
        self.trim();
        r
    }

    /// `self / den` (`den` not zero) and whether the division left a
    /// remainder.
    pub(crate) fn div(&self, den: &Small) -> (Small, bool) {
        let mut q = Small {
            limbs: [0; LIMBS],
            len: 0,
        };
        let mut r = [0; LIMBS + 1];
        match mag::divrem(self.mag(), den.mag(), &mut q.limbs, &mut r) {
            Ok((q_len, r_len)) => {
                q.len = q_len;
                (q, r_len != 0)
            }
            Err(_) => (q, !self.is_zero()),
        }
    }

    /// The top 64 bits: `(t, shift, lost)` with `self = t * 2^shift + rest`,
    /// `lost` telling whether `rest` is not zero. Values below 2^64 come
    /// back whole with `shift == 0`.
    pub(crate) fn top64(&self) -> (u64, u32, bool) {
        let shift = self.bit_length().saturating_sub(64);
        let (limb, within) = ((shift / 32) as usize, shift % 32);
        let at = |i: usize| self.limbs.get(i).copied().unwrap_or(0) as u64;
        let mut top = at(limb) | (at(limb + 1) << 32);
        if within != 0 {
            top = (top >> within) | (at(limb + 2) << (64 - within));
        }
        (top, shift, mag::low_bits_nonzero(self.mag(), shift as u64))
    }
}
