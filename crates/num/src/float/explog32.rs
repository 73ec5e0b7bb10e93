//! `exp`, `log` and `pow` of `f32`s, for the 32-bit boards.
//!
//! Each works in `f64` on a series that converges fast on a reduced
//! argument (`ln` through `atanh` of a mantissa near 1, `exp` through `2^n`
//! times `e^t` with `|t| <= ln(2)/2`); the `f64` result is some 10^-14 from
//! the exact value, so the `f32` it rounds to is nearly always the
//! correctly rounded one (and an exact power such as `3.0 ** 2` is exact).
//!
//! Why not `libm`'s `expf`/`logf`/`powf`: 2.6 KB on a Cortex-M0 for the
//! three, where these share one `ln` and one `exp` and take under 1 KB;
//! the micro:bit needs the room.

use super::series::{ODD_RECIPROCALS, poly};
use core::f64::consts::{LN_2, LOG2_E};

/// `1/k!`: `e^t` for `|t| <= ln(2)/2` (the next term is under 10^-17).
const EXP: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5_040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// `ln(x)` of a finite `x > 0` (an `f32`'s value, so never subnormal as an
/// `f64`): `ln(m) = 2·atanh(s) = 2·(s + s³/3 + s⁵/5 + ...)`, with `|s| <=
/// 0.172` for a mantissa `m` in `[√½, √2)`, where 11 terms leave under
/// 10^-18.
fn ln_positive(x: f64) -> f64 {
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7FF) as i32 - 1023;
    // The mantissa in [1, 2), then moved to [√½, √2).
    let mut m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    if m > core::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    f64::from(e) * LN_2 + 2.0 * s * poly(&ODD_RECIPROCALS, s * s)
}

/// `e^y` in `f64` for any `y` (0 or infinity beyond the range of `f64`,
/// far beyond `f32`'s, so the caller's rounding to `f32` decides).
fn exp_f64(y: f64) -> f64 {
    if y.is_nan() {
        return y;
    }
    // f32's range ends near e^±104; beyond ±1,000, f64 itself is out.
    if y > 1_000.0 {
        return f64::INFINITY;
    }
    if y < -1_000.0 {
        return 0.0;
    }
    // y = n·ln 2 + t, |t| <= ln(2)/2; n in -1443..=1443.
    let n = round_to_i32(y * LOG2_E);
    let t = y - f64::from(n) * LN_2;
    scale_by_power_of_two(poly(&EXP, t), n)
}

/// The nearest integer to `v` (`|v|` below 2^31).
fn round_to_i32(v: f64) -> i32 {
    let half = if v < 0.0 { -0.5 } else { 0.5 };
    (v + half) as i32
}

/// `v·2^n` for `v` in about `[0.7, 1.5]`: two exact steps, so a result
/// beyond `f64`'s range is infinity or zero as it should be.
fn scale_by_power_of_two(v: f64, n: i32) -> f64 {
    let step = |k: i32| f64::from_bits(((k + 1023) as u64) << 52);
    let half = n / 2;
    v * step(half) * step(n - half)
}

/// `e^x`.
pub fn exp(x: f32) -> f32 {
    exp_f64(f64::from(x)) as f32
}

/// `ln(x)`: NaN below 0, -infinity at 0.
pub fn ln(x: f32) -> f32 {
    if x.is_nan() || x < 0.0 {
        return f32::NAN;
    }
    if x == 0.0 {
        return f32::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    ln_positive(f64::from(x)) as f32
}

/// Whether `y` is an odd integer.
fn is_odd_integer(y: f32) -> bool {
    // Beyond 2^24 every f32 is even.
    y.abs() < 16_777_216.0 && y == (y as i32) as f32 && (y as i32) & 1 == 1
}

/// `x ** y` with C99's `powf` special cases (which Python's float power
/// follows where it does not raise first).
pub fn pow(x: f32, y: f32) -> f32 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if x.is_nan() || y.is_nan() {
        return f32::NAN;
    }
    let odd = is_odd_integer(y);
    if y.is_infinite() {
        let ax = x.abs();
        return if ax == 1.0 {
            1.0
        } else if (ax > 1.0) == (y > 0.0) {
            f32::INFINITY
        } else {
            0.0
        };
    }
    if x == 0.0 || x.is_infinite() {
        // 0^y and inf^y: a zero or an infinity, signed for an odd y.
        let big = (x == 0.0) == (y < 0.0);
        let magnitude = if big { f32::INFINITY } else { 0.0 };
        return if odd && x.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        };
    }
    // Every f32 of 2^23 or more is an integer.
    let integer = y.abs() >= 8_388_608.0 || y == (y as i32) as f32;
    if x < 0.0 && !integer {
        return f32::NAN;
    }
    let r = exp_f64(f64::from(y) * ln_positive(f64::from(x.abs()))) as f32;
    if x < 0.0 && odd { -r } else { r }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::super::series::check::{bit_patterns, close};
    use super::*;

    #[test]
    fn exp_and_ln_match_the_reference() {
        let mut bits = 0u32;
        while bits < 0x7F80_0000 {
            for x in [f32::from_bits(bits), -f32::from_bits(bits)] {
                let xd = f64::from(x);
                assert!(close(exp(x), xd.exp() as f32), "exp({x:e}) = {:e}", exp(x));
                assert!(close(ln(x), xd.ln() as f32), "ln({x:e}) = {:e}", ln(x));
            }
            bits += 499 * 32 + 1;
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp(89.0), f32::INFINITY);
        assert_eq!(ln(0.0), f32::NEG_INFINITY);
        assert_eq!(ln(f32::INFINITY), f32::INFINITY);
        assert!(ln(-1.0).is_nan() && exp(f32::NAN).is_nan());
    }

    #[test]
    fn pow_matches_the_reference() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            -0.5,
            2.0,
            -2.0,
            3.0,
            -3.0,
            10.0,
            1e-3,
            1e30,
            -1e30,
            1e-40,
            f32::MAX,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            1.000_000_1,
            0.999_999_9,
        ];
        let exponents = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.0,
            -2.0,
            3.0,
            -3.0,
            0.5,
            -0.5,
            1.5,
            10.0,
            127.0,
            128.0,
            -149.0,
            -150.0,
            1e7,
            -1e7,
            1e20,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            16_777_217.0,
            0.3,
        ];
        for &x in &specials {
            for &y in &exponents {
                let reference = f64::from(x).powf(f64::from(y)) as f32;
                assert!(
                    close(pow(x, y), reference),
                    "pow({x:e}, {y:e}) = {:e}",
                    pow(x, y)
                );
            }
        }
        // A spread of finite pairs.
        let mut next = bit_patterns(0x1234_5678);
        for _ in 0..200_000 {
            let x = f32::from_bits(next() & 0x7FFF_FFFF);
            let y = (next() as i32 as f32) / 1e7;
            if !x.is_finite() {
                continue;
            }
            let reference = f64::from(x).powf(f64::from(y)) as f32;
            assert!(
                close(pow(x, y), reference),
                "pow({x:e}, {y:e}) = {:e}",
                pow(x, y)
            );
        }
        assert_eq!(pow(3.0, 2.0), 9.0);
        assert_eq!(pow(2.0, 10.0), 1024.0);
        assert_eq!(pow(10.0, 3.0), 1000.0);
        assert_eq!(pow(-2.0, 3.0), -8.0);
    }
}
