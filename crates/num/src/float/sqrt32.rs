//! The correctly rounded square root of an `f32` in integer arithmetic,
//! for the 32-bit boards without an FPU: `libm`'s `sqrtf` is about 600
//! bytes on a Cortex-M0 (with its lookup table), this under 200.

/// `⌊√n⌋` and the remainder `n - ⌊√n⌋²`, digit by digit.
fn isqrt(n: u64) -> (u64, u64) {
    let (mut rem, mut root) = (n, 0u64);
    let mut bit = 1u64 << 62;
    while bit > rem {
        bit >>= 2;
    }
    while bit != 0 {
        if rem >= root + bit {
            rem -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    (root, rem)
}

/// `√x`, rounded to nearest even; NaN below zero, `-0.0` for `-0.0`.
pub fn sqrt(x: f32) -> f32 {
    if x.is_nan() || x < 0.0 {
        return f32::NAN;
    }
    if x == 0.0 || x.is_infinite() {
        return x;
    }
    // x = m · 2^e with m an integer in [2^23, 2^24).
    let bits = x.to_bits();
    let field = (bits >> 23) as i32;
    let (mut m, mut e) = if field == 0 {
        (bits, -149)
    } else {
        ((bits & 0x007F_FFFF) | 0x0080_0000, field - 150)
    };
    while m < 0x0080_0000 {
        m <<= 1;
        e -= 1;
    }
    if e & 1 != 0 {
        m <<= 1;
        e -= 1;
    }
    // √(m · 2^26) has 25 or 26 bits: 24 kept, the next one rounds, the
    // rest and the remainder are sticky.
    let (root, rem) = isqrt(u64::from(m) << 26);
    let shift = 64 - root.leading_zeros() - 24;
    let kept = (root >> shift) as u32;
    let half = 1u64 << (shift - 1);
    let below = root & ((1u64 << shift) - 1);
    let round_up = below > half || (below == half && (rem != 0 || kept & 1 == 1));
    // √x = kept · 2^(e/2 - 13 + shift); an f32's field is that exponent
    // + 150, and a carry out of the mantissa moves into it as it should.
    let exponent = e / 2 - 13 + shift as i32 + 150;
    let out = ((exponent as u32) << 23) + (kept - 0x0080_0000) + u32::from(round_up);
    f32::from_bits(out)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    /// The `f64` root rounded to `f32` is the correctly rounded `f32`
    /// root (an `f64` has more than twice the bits).
    #[test]
    fn matches_the_rounded_double_root() {
        let mut bits = 1u32;
        while bits < 0x7F80_0000 {
            let x = f32::from_bits(bits);
            assert_eq!(sqrt(x), f64::from(x).sqrt() as f32, "sqrt({x:e})");
            bits += 61;
        }
        for x in [
            1.0f32,
            2.0,
            4.0,
            0.25,
            f32::MAX,
            f32::MIN_POSITIVE,
            1e-45,
            3.0,
        ] {
            assert_eq!(sqrt(x), f64::from(x).sqrt() as f32, "sqrt({x:e})");
        }
        assert_eq!(sqrt(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(sqrt(f32::INFINITY), f32::INFINITY);
        assert!(sqrt(-1.0).is_nan() && sqrt(f32::NAN).is_nan());
    }
}
