//! The 32-bit word encoding (boards).
//!
//! | low bits / range                         | meaning                       |
//! |------------------------------------------|-------------------------------|
//! | `....1`                                  | small int, 31 bits signed     |
//! | `...10`, word `< 0xff80_0004`            | float30: an `f32` whose 2 lowest mantissa bits are dropped |
//! | `...10`, `0xffc0_0002 | idx << 2`        | qstr (20-bit index)           |
//! | `...10`, `0xff80_0002 | (k + 1) << 2`    | immediate (None, False, ...)  |
//! | `...00`, non-zero                        | pointer to an object          |
//! | `0`                                      | the null sentinel             |
//!
//! Qstrs and immediates live in the negative-NaN patterns of the float space;
//! every NaN is canonicalised to the positive quiet NaN, so no float lands there.
//! Pointers need only 4-byte alignment, so ROM objects in flash need no padding.

/// Bits of a small int.
pub const SMALL_INT_BITS: u32 = 31;
/// Smallest small int.
pub const SMALL_INT_MIN: i64 = -(1 << (SMALL_INT_BITS - 1));
/// Largest small int.
pub const SMALL_INT_MAX: i64 = (1 << (SMALL_INT_BITS - 1)) - 1;

const FLOAT_TAG: u32 = 0b10;
const FLOAT_END: u32 = 0xff80_0004;
const QSTR_BASE: u32 = 0xffc0_0002;
const IMM_BASE: u32 = 0xff80_0002;
/// Largest qstr index the encoding holds.
pub const QSTR_MAX: u32 = (1 << 20) - 1;
const CANONICAL_NAN: u32 = 0x7fc0_0000 | FLOAT_TAG;

/// Encodes a small int that is known to fit.
#[inline(always)]
pub const fn small_int(i: i32) -> u32 {
    ((i as u32) << 1) | 1
}

/// Whether `w` is a small int.
#[inline(always)]
pub const fn is_small_int(w: u32) -> bool {
    w & 1 != 0
}

/// Decodes a small int.
#[inline(always)]
pub const fn small_int_value(w: u32) -> i32 {
    (w as i32) >> 1
}

/// Whether `w` is a float.
#[inline(always)]
pub const fn is_float(w: u32) -> bool {
    w & 0b11 == FLOAT_TAG && w < FLOAT_END
}

/// Encodes a float, rounding the mantissa to nearest (ties away) at 21 bits.
#[inline(always)]
pub const fn float(x: f32) -> u32 {
    // NaN by its bits: an integer compare, not a soft-float call.
    if x.to_bits() & 0x7fff_ffff > 0x7f80_0000 {
        return CANONICAL_NAN;
    }
    // Adding half of the dropped unit then truncating rounds to nearest; a carry
    // into the exponent is the correct rounding (up to infinity at the top).
    ((x.to_bits().wrapping_add(0b10)) & !0b11) | FLOAT_TAG
}

/// Decodes a float.
#[inline(always)]
pub fn float_value(w: u32) -> f32 {
    f32::from_bits(w & !0b11)
}

/// The magnitudes, as `f32` bit patterns from smallest to largest, that
/// [`float`] stores with the same value as the float word `w`: from 2
/// patterns below its `f32` to 1 above, as storing adds 2 to the pattern and
/// clears the 2 low bits (to nearest, a tie `10` away from zero). Zero's
/// range starts at zero. What `repr` needs to print the shortest text that
/// reads back as `w`.
#[inline]
pub const fn float_stored_range(w: u32) -> (u32, u32) {
    let mag = w & 0x7fff_fffc;
    (mag.saturating_sub(2), mag + 1)
}

/// Encodes a qstr index (`idx <= QSTR_MAX`).
#[inline(always)]
pub const fn qstr(idx: u32) -> u32 {
    QSTR_BASE | (idx << 2)
}

/// Whether `w` is a qstr.
#[inline(always)]
pub const fn is_qstr(w: u32) -> bool {
    w & 0xffc0_0003 == QSTR_BASE
}

/// Decodes a qstr index.
#[inline(always)]
pub const fn qstr_index(w: u32) -> u32 {
    (w >> 2) & QSTR_MAX
}

/// Encodes immediate number `k` (small).
#[inline(always)]
pub const fn immediate(k: u32) -> u32 {
    IMM_BASE | ((k + 1) << 2)
}

/// Whether `w` is an immediate.
#[inline(always)]
pub const fn is_immediate(w: u32) -> bool {
    w & 0xffc0_0003 == IMM_BASE && w != IMM_BASE
}

/// Decodes an immediate number.
#[inline(always)]
pub const fn immediate_index(w: u32) -> u32 {
    ((w >> 2) & 0xf_ffff) - 1
}

/// Whether `w` is a non-null pointer.
#[inline(always)]
pub const fn is_ptr(w: u32) -> bool {
    w & 0b11 == 0 && w != 0
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
            SMALL_INT_MAX as i32,
            SMALL_INT_MIN as i32,
            12345,
            -9876,
        ] {
            let w = small_int(i);
            assert!(is_small_int(w) && !is_float(w) && !is_qstr(w) && !is_ptr(w));
            assert_eq!(small_int_value(w), i);
        }
    }

    #[test]
    fn floats_round_trip_within_30_bits_and_never_collide() {
        for x in [
            0.0f32,
            -0.0,
            1.0,
            -1.5,
            3.25,
            f32::INFINITY,
            f32::NEG_INFINITY,
            2f32.powi(-130),
            2f32.powi(127),
        ] {
            let w = float(x);
            assert!(is_float(w), "{x}");
            assert!(!is_qstr(w) && !is_immediate(w) && !is_small_int(w) && !is_ptr(w));
            assert_eq!(float_value(w), x, "exact for values with short mantissas");
        }
        let w = float(f32::NAN);
        assert!(is_float(w) && float_value(w).is_nan());
        assert!(is_float(float(-f32::NAN)), "negative NaN is canonicalised");
        // 0.1 loses its 2 lowest mantissa bits but stays within 2^-21 relative.
        let tenth = float_value(float(0.1));
        assert!(((tenth - 0.1) / 0.1).abs() < 1.0 / (1 << 21) as f32);
        // Rounding at the top overflows to infinity, not into the NaN space.
        assert_eq!(float_value(float(f32::MAX)), f32::INFINITY);
    }

    #[test]
    fn the_stored_range_is_what_float_stores_as_the_word() {
        // Every f32 in the range stores as the word, the patterns just
        // outside do not; for both signs, at binade edges and subnormals.
        for bits in [
            4u32,
            8,
            0x7f_fffc,
            0x80_0000,
            0x80_0004,
            0x3dcc_cccc,
            0x3f80_0000,
            0x4000_0000,
            0x3fff_fffc,
            0x7f7f_fffc,
        ] {
            for sign in [0, 0x8000_0000] {
                let w = float(f32::from_bits(sign | bits));
                let (low, high) = float_stored_range(w);
                for m in low..=high {
                    assert_eq!(float(f32::from_bits(sign | m)), w, "{m:#x} in {bits:#x}");
                }
                assert_ne!(float(f32::from_bits(sign | (low - 1))), w, "{bits:#x}");
                assert_ne!(float(f32::from_bits(sign | (high + 1))), w, "{bits:#x}");
            }
        }
        assert_eq!(float_stored_range(float(0.0)), (0, 1));
        assert_eq!(float(f32::from_bits(1)), float(0.0));
    }

    #[test]
    fn qstrs_and_immediates_are_distinct() {
        for idx in [0, 1, 165, QSTR_MAX] {
            let w = qstr(idx);
            assert!(is_qstr(w) && !is_float(w) && !is_immediate(w) && !is_small_int(w));
            assert_eq!(qstr_index(w), idx);
        }
        for k in 0..8 {
            let w = immediate(k);
            assert!(is_immediate(w) && !is_float(w) && !is_qstr(w) && !is_ptr(w));
            assert_eq!(immediate_index(w), k);
        }
        assert!(is_ptr(0x2000_0010) && !is_ptr(0));
    }
}
