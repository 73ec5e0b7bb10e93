//! `atan`, `atan2`, `asin` and `acos` of `f32`s, for the 32-bit boards.
//!
//! All four come from one `atan` in `f64`: the argument is brought to
//! `[0, 2-√3]` (`atan(t) = π/2 - atan(1/t)`, then `atan(t) = π/6 +
//! atan((t√3 - 1)/(t + √3))`), where the series `u - u³/3 + u⁵/5 - ...`
//! leaves under 10^-15 after 11 terms; `asin(x) = atan(x/√(1-x²))`. The
//! `f64` result rounds to the nearest `f32` nearly always.
//!
//! Why not `libm`'s `atanf`, `atan2f`, `asinf`, `acosf`: about 1.9 KB on
//! a Cortex-M0, where these take a third of it.

use super::series::{ODD_RECIPROCALS, poly};
use core::f64::consts::{FRAC_PI_2, FRAC_PI_4, FRAC_PI_6, PI};

/// `2 - √3 = tan(π/12)`.
const TAN_PI_12: f64 = 0.267_949_192_431_122_7;
/// `√3`.
const SQRT_3: f64 = 1.732_050_807_568_877_2;

/// `atan(t)` for `t` in `[0, 1]` (or NaN).
fn atan_unit(t: f64) -> f64 {
    let (base, u) = if t > TAN_PI_12 {
        (FRAC_PI_6, (t * SQRT_3 - 1.0) / (t + SQRT_3))
    } else {
        (0.0, t)
    };
    base + u * poly(&ODD_RECIPROCALS, -(u * u))
}

/// `atan(v)` for any `v`, keeping the sign of zero.
fn atan_f64(v: f64) -> f64 {
    let a = v.abs();
    let r = if a > 1.0 {
        FRAC_PI_2 - atan_unit(1.0 / a)
    } else {
        atan_unit(a)
    };
    if v.is_sign_negative() { -r } else { r }
}

/// `atan(x)`.
pub fn atan(x: f32) -> f32 {
    atan_f64(f64::from(x)) as f32
}

/// `atan2(y, x)`, the angle of the point `(x, y)`, with C99's special
/// cases (signed zeros and infinities).
pub fn atan2(y: f32, x: f32) -> f32 {
    if x.is_nan() || y.is_nan() {
        return f32::NAN;
    }
    let (ay, ax) = (f64::from(y.abs()), f64::from(x.abs()));
    // The angle against the x axis in [0, π/2]; the ratio is 0/0 or ∞/∞
    // only for two zeros (0) or two infinities (π/4).
    let a = if ay == 0.0 && ax == 0.0 {
        0.0
    } else if ay.is_infinite() && ax.is_infinite() {
        FRAC_PI_4
    } else {
        atan_f64(ay / ax)
    };
    let a = if x.is_sign_negative() { PI - a } else { a };
    (if y.is_sign_negative() { -a } else { a }) as f32
}

/// The square root of `v >= 0` in `f64` (Newton's iteration from a guess
/// within a factor of 2: six steps reach `f64`'s precision).
fn sqrt_f64(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let mut s = f64::from_bits((v.to_bits() >> 1) + 0x1FF8_0000_0000_0000);
    for _ in 0..6 {
        s = 0.5 * (s + v / s);
    }
    s
}

/// `asin(x)`: NaN outside `[-1, 1]`.
pub fn asin(x: f32) -> f32 {
    if x.abs() > 1.0 {
        return f32::NAN;
    }
    let v = f64::from(x);
    // (1-v)(1+v) is exact in f64 for an f32 v; at |v| = 1 the ratio is ±∞.
    atan_f64(v / sqrt_f64((1.0 - v) * (1.0 + v))) as f32
}

/// `acos(x)`: NaN outside `[-1, 1]`.
pub fn acos(x: f32) -> f32 {
    if x.abs() > 1.0 {
        return f32::NAN;
    }
    let v = f64::from(x);
    (FRAC_PI_2 - atan_f64(v / sqrt_f64((1.0 - v) * (1.0 + v)))) as f32
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::super::series::check::{bit_patterns, close};
    use super::*;

    #[test]
    fn one_argument_functions_match_the_reference() {
        let mut bits = 0u32;
        while bits <= 0x7F80_0000 {
            for x in [f32::from_bits(bits), -f32::from_bits(bits)] {
                let v = f64::from(x);
                assert!(
                    close(atan(x), v.atan() as f32),
                    "atan({x:e}) = {:e}",
                    atan(x)
                );
                assert!(
                    close(asin(x), v.asin() as f32),
                    "asin({x:e}) = {:e}",
                    asin(x)
                );
                assert!(
                    close(acos(x), v.acos() as f32),
                    "acos({x:e}) = {:e}",
                    acos(x)
                );
            }
            bits += 257 * 32 + 1;
        }
        for x in [1.0f32, -1.0, 0.5, -0.5, 0.999_999_94, 1e-30, f32::NAN] {
            let v = f64::from(x);
            assert!(close(asin(x), v.asin() as f32), "asin({x:e})");
            assert!(close(acos(x), v.acos() as f32), "acos({x:e})");
        }
        assert_eq!(acos(1.0).to_bits(), 0);
        assert!(asin(1.5).is_nan() && acos(-1.01).is_nan() && atan(f32::NAN).is_nan());
    }

    #[test]
    fn atan2_matches_the_reference_with_its_special_cases() {
        let values = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.5,
            -2.5,
            1e-40,
            -1e30,
            f32::MAX,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
        ];
        for &y in &values {
            for &x in &values {
                let reference = f64::from(y).atan2(f64::from(x)) as f32;
                assert!(
                    close(atan2(y, x), reference),
                    "atan2({y:e}, {x:e}) = {:e}",
                    atan2(y, x)
                );
            }
        }
        let mut bits = bit_patterns(0x2545_F491);
        let mut next = || f32::from_bits(bits());
        for _ in 0..200_000 {
            let (y, x) = (next(), next());
            let reference = f64::from(y).atan2(f64::from(x)) as f32;
            assert!(
                close(atan2(y, x), reference),
                "atan2({y:e}, {x:e}) = {:e}",
                atan2(y, x)
            );
        }
    }
}
