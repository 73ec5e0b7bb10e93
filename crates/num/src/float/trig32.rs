//! `sin`, `cos` and `tan` of an `f32`, for the 32-bit boards.
//!
//! The argument is reduced exactly, whatever its size: `x = n·π/2 + r`
//! with `|r| <= π/4`, by multiplying the float's 24-bit integer mantissa
//! with a 96-bit window of the bits of `2/π` (integer arithmetic only,
//! with 2^-70 of error, where the float closest to a multiple of `π/2`
//! is about 2^-30 from it). `r` and the series are `f64`, so the result
//! is within an ulp of the exact value, nearly always the correctly
//! rounded `f32`.
//!
//! Why not `libm`'s `sinf`: its reduction of large arguments is a generic
//! `f64` algorithm of 2.3 KB; this whole module is under 1 KB on a
//! Cortex-M0, which is what gives the micro:bit room for big ints.

use super::series::poly;
use core::f64::consts::FRAC_PI_4;

/// The fraction bits of `2/π`, most significant first: word `j` holds
/// `⌊2/π · 2^(32(j+1))⌋ mod 2^32`. 224 bits cover the largest `f32`.
const TWO_OVER_PI: [u32; 7] = [
    0xA2F9_836E,
    0x4E44_1529,
    0xFC27_57D1,
    0xF534_DDC0,
    0xDB62_9599,
    0x3C43_9041,
    0xFE51_63AB,
];

/// `π/2 · 2^-64`: scales the reduced fraction (a signed 64-bit fixed
/// point number of quarter turns) back to radians.
const PI_2_OVER_2_64: f64 = core::f64::consts::FRAC_PI_2 / 18_446_744_073_709_551_616.0;

/// Taylor coefficients of `sin(r)/r` in `r²` (to `r^12/13!`): more than
/// `f32` needs for `|r| <= π/4` (the next term is under 10^-11).
const SIN: [f64; 7] = [
    1.0,
    -1.0 / 6.0,
    1.0 / 120.0,
    -1.0 / 5_040.0,
    1.0 / 362_880.0,
    -1.0 / 39_916_800.0,
    1.0 / 6_227_020_800.0,
];

/// Taylor coefficients of `cos(r)` in `r²` (to `r^12/12!`).
const COS: [f64; 7] = [
    1.0,
    -1.0 / 2.0,
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40_320.0,
    -1.0 / 3_628_800.0,
    1.0 / 479_001_600.0,
];

/// The 32 bits of `2/π` at fraction positions `pos+1 ..= pos+32`
/// (position `p` weighs `2^-p`; positions up to 0 are zero bits).
fn two_over_pi_bits(pos: i32) -> u32 {
    let word = |i: i32| -> u64 {
        usize::try_from(i)
            .ok()
            .and_then(|i| TWO_OVER_PI.get(i))
            .map_or(0, |&w| u64::from(w))
    };
    let index = pos.div_euclid(32);
    let shift = pos.rem_euclid(32) as u32;
    let pair = (word(index) << 32) | word(index + 1);
    (pair >> (32 - shift)) as u32
}

/// `|x| = n·π/2 + r` for a finite `|x| >= π/4`: `(n mod 4, r)`, `|r| <= π/4`.
fn reduce(ax: f32) -> (u32, f64) {
    let bits = ax.to_bits();
    let mantissa = u64::from((bits & 0x007F_FFFF) | 0x0080_0000);
    // ax = mantissa · 2^k, k in -24..=104 here.
    let k = (bits >> 23) as i32 - 150;
    // W = ⌊2/π · 2^(k+94)⌋ mod 2^96, as three words (w2 most significant):
    // then mantissa·W mod 2^96 is ax·2/π mod 4 with 94 fraction bits.
    let s = k - 2;
    let (w2, w1, w0) = (
        two_over_pi_bits(s),
        two_over_pi_bits(s + 32),
        two_over_pi_bits(s + 64),
    );
    let p0 = mantissa * u64::from(w0);
    let p1 = mantissa * u64::from(w1) + (p0 >> 32);
    let p2 = (mantissa * u64::from(w2) + (p1 >> 32)) as u32;
    let (p1, p0) = (p1 as u32, p0 as u32);
    let quadrant = p2 >> 30;
    // The 64 fraction bits below the quadrant; read as signed, a fraction
    // of half a quadrant or more becomes the next quadrant less a part.
    let fraction = ((u64::from(p2) << 34) | (u64::from(p1) << 2) | u64::from(p0 >> 30)) as i64;
    let quadrant = quadrant + u32::from(fraction < 0);
    (quadrant & 3, fraction as f64 * PI_2_OVER_2_64)
}

/// `sin(n·π/2 + r)` for `|r| <= π/4`: `±sin(r)` or `±cos(r)` by quadrant.
fn sin_of(quadrant: u32, r: f64) -> f64 {
    let z = r * r;
    let v = if quadrant & 1 == 0 {
        r * poly(&SIN, z)
    } else {
        poly(&COS, z)
    };
    if quadrant & 2 == 0 { v } else { -v }
}

/// `(n mod 4, r)` for any finite `|x|` (small ones are their own `r`).
fn reduced(ax: f32) -> (u32, f64) {
    if f64::from(ax) < FRAC_PI_4 {
        (0, f64::from(ax))
    } else {
        reduce(ax)
    }
}

/// `sin(x)`; NaN for an infinite or NaN `x`.
pub fn sin(x: f32) -> f32 {
    if !x.is_finite() {
        return f32::NAN;
    }
    let (n, r) = reduced(x.abs());
    let v = sin_of(n, r) as f32;
    if x.is_sign_negative() { -v } else { v }
}

/// `cos(x)`; NaN for an infinite or NaN `x`.
pub fn cos(x: f32) -> f32 {
    if !x.is_finite() {
        return f32::NAN;
    }
    let (n, r) = reduced(x.abs());
    sin_of(n + 1, r) as f32
}

/// `tan(x)`; NaN for an infinite or NaN `x`.
pub fn tan(x: f32) -> f32 {
    if !x.is_finite() {
        return f32::NAN;
    }
    let (n, r) = reduced(x.abs());
    let v = (sin_of(n, r) / sin_of(n + 1, r)) as f32;
    if x.is_sign_negative() { -v } else { v }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::super::series::check::ulps;
    use super::*;

    /// `f32` results against the host's `f64` functions (glibc reduces
    /// huge arguments exactly), rounded: at most 1 ulp apart.
    fn check(x: f32) {
        let xd = f64::from(x);
        for (name, ours, reference) in [
            ("sin", sin(x), xd.sin() as f32),
            ("cos", cos(x), xd.cos() as f32),
            ("tan", tan(x), xd.tan() as f32),
        ] {
            assert!(
                ours == reference || ulps(ours, reference) <= 1,
                "{name}({x:e}) = {ours:e}, expected {reference:e}"
            );
        }
    }

    #[test]
    fn matches_the_reference_across_the_range() {
        // Every 997th positive float: all exponents, both signs.
        let mut bits = 0u32;
        while bits < 0x7F80_0000 {
            let x = f32::from_bits(bits);
            check(x);
            check(-x);
            bits += 997 * 64 + 1;
        }
    }

    #[test]
    fn dense_near_multiples_of_half_pi() {
        for n in 1..2_000 {
            let centre = (f64::from(n) * core::f64::consts::FRAC_PI_2) as f32;
            let mut x = centre;
            for _ in 0..20 {
                check(x);
                x = f32::from_bits(x.to_bits() + 1);
            }
        }
    }

    #[test]
    fn hard_reduction_cases_and_specials() {
        // Near multiples of π/2 at large sizes, and the largest float.
        for x in [
            16_367_173.0 * 2f32.powi(72),
            13_176_795.0 * 2f32.powi(-22) * 4.0,
            1e10,
            1e20,
            1e30,
            f32::MAX,
            f32::MIN_POSITIVE,
            1e-40,
        ] {
            check(x);
        }
        assert_eq!(sin(0.0).to_bits(), 0);
        assert_eq!(sin(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(tan(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(cos(0.0), 1.0);
        assert!(sin(f32::INFINITY).is_nan());
        assert!(cos(f32::NEG_INFINITY).is_nan());
        assert!(tan(f32::NAN).is_nan());
    }
}
