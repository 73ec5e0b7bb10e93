//! The 64-bit word encoding (hosts): NaN-boxing with raw pointers.
//!
//! | range / low bits                                   | meaning                      |
//! |----------------------------------------------------|------------------------------|
//! | `w >= 0xfff8_0000_0000_0000`                       | small int, low 51 bits signed |
//! | `2^49 <= w < 0xfff8_0000_0000_0000`                | float: `f64` bits + 2^49      |
//! | `w < 2^49`, low bits `010`                         | qstr (`idx << 3 | 2`)        |
//! | `w < 2^49`, low bits `110`                         | immediate (`k << 3 | 6`)     |
//! | `w < 2^49`, low bits `000`, non-zero               | pointer to an object         |
//! | `0`                                                | the null sentinel            |
//!
//! Every double fits (NaNs are canonicalised, so the largest bit pattern is
//! `-inf` = `0xfff0_...`, which the offset moves to `0xfff2_...`), and pointers
//! are stored as themselves, so the collector reads them without decoding.

/// Bits of a small int.
pub const SMALL_INT_BITS: u32 = 51;
/// Smallest small int.
pub const SMALL_INT_MIN: i64 = -(1 << (SMALL_INT_BITS - 1));
/// Largest small int.
pub const SMALL_INT_MAX: i64 = (1 << (SMALL_INT_BITS - 1)) - 1;

const INT_TAG: u64 = 0xfff8_0000_0000_0000;
const INT_MASK: u64 = (1 << SMALL_INT_BITS) - 1;
const FLOAT_OFFSET: u64 = 1 << 49;
const FLOAT_SPAN: u64 = INT_TAG - FLOAT_OFFSET;
const LOW_LIMIT: u64 = 1 << 49;
/// Largest qstr index the encoding holds.
pub const QSTR_MAX: u32 = u32::MAX;
const CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

/// Encodes a small int that is known to fit.
#[inline(always)]
pub const fn small_int(i: i64) -> u64 {
    (i as u64 & INT_MASK) | INT_TAG
}

/// Whether `w` is a small int.
#[inline(always)]
pub const fn is_small_int(w: u64) -> bool {
    w >= INT_TAG
}

/// Decodes a small int.
#[inline(always)]
pub const fn small_int_value(w: u64) -> i64 {
    ((w << (64 - SMALL_INT_BITS)) as i64) >> (64 - SMALL_INT_BITS)
}

/// Whether `w` is a float.
#[inline(always)]
pub const fn is_float(w: u64) -> bool {
    w.wrapping_sub(FLOAT_OFFSET) < FLOAT_SPAN
}

/// Encodes a float.
#[inline(always)]
pub const fn float(x: f64) -> u64 {
    let bits = if x.is_nan() {
        CANONICAL_NAN
    } else {
        x.to_bits()
    };
    bits.wrapping_add(FLOAT_OFFSET)
}

/// Decodes a float.
#[inline(always)]
pub fn float_value(w: u64) -> f64 {
    f64::from_bits(w.wrapping_sub(FLOAT_OFFSET))
}

/// Encodes a qstr index.
#[inline(always)]
pub const fn qstr(idx: u32) -> u64 {
    ((idx as u64) << 3) | 0b010
}

/// Whether `w` is a qstr.
#[inline(always)]
pub const fn is_qstr(w: u64) -> bool {
    w < LOW_LIMIT && w & 0b111 == 0b010
}

/// Decodes a qstr index.
#[inline(always)]
pub const fn qstr_index(w: u64) -> u32 {
    (w >> 3) as u32
}

/// Encodes immediate number `k`.
#[inline(always)]
pub const fn immediate(k: u32) -> u64 {
    ((k as u64) << 3) | 0b110
}

/// Whether `w` is an immediate.
#[inline(always)]
pub const fn is_immediate(w: u64) -> bool {
    w < LOW_LIMIT && w & 0b111 == 0b110
}

/// Decodes an immediate number.
#[inline(always)]
pub const fn immediate_index(w: u64) -> u32 {
    (w >> 3) as u32
}

/// Whether `w` is a non-null pointer.
#[inline(always)]
pub const fn is_ptr(w: u64) -> bool {
    w < LOW_LIMIT && w & 0b111 == 0 && w != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_ints_round_trip_at_the_edges() {
        for i in [
            0,
            1,
            -1,
            SMALL_INT_MAX,
            SMALL_INT_MIN,
            1 << 40,
            -(1 << 45) + 3,
        ] {
            let w = small_int(i);
            assert!(is_small_int(w) && !is_float(w) && !is_qstr(w) && !is_ptr(w));
            assert_eq!(small_int_value(w), i);
        }
    }

    #[test]
    fn every_double_round_trips_exactly() {
        let values = [
            0.0f64,
            -0.0,
            1.0,
            0.1,
            -2.5e-308,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for x in values {
            let w = float(x);
            assert!(is_float(w), "{x}");
            assert!(!is_small_int(w) && !is_qstr(w) && !is_immediate(w) && !is_ptr(w));
            assert_eq!(float_value(w).to_bits(), x.to_bits());
        }
        for nan in [f64::NAN, -f64::NAN, f64::from_bits(0xffff_ffff_ffff_ffff)] {
            let w = float(nan);
            assert!(is_float(w) && float_value(w).is_nan());
        }
    }

    #[test]
    fn qstrs_immediates_and_pointers_are_distinct() {
        for idx in [0, 1, 165, 1 << 20] {
            let w = qstr(idx);
            assert!(is_qstr(w) && !is_immediate(w) && !is_ptr(w) && !is_float(w));
            assert_eq!(qstr_index(w), idx);
        }
        for k in 0..8 {
            let w = immediate(k);
            assert!(is_immediate(w) && !is_qstr(w) && !is_ptr(w) && !is_float(w));
            assert_eq!(immediate_index(w), k);
        }
        assert!(is_ptr(0x7fff_0000_1000) && !is_ptr(0) && !is_ptr(0x7fff_0000_1004));
    }
}
