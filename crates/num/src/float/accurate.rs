//! `exp`, `log`, `log2`, `log10` and `pow` of `f64`, correctly rounded but
//! for results within about 2^-90 of a rounding boundary (never seen in
//! practice), as the C libraries CPython and MicroPython's ports use give
//! them. `libm`'s versions (the old FreeBSD ones) are off by one unit in
//! the last place for a few percent of arguments (`exp(1.0)`,
//! `3.0 ** 1.5`), which shows in printed results.
//!
//! Each function computes in double-double arithmetic (an unevaluated sum
//! of two `f64`, about 106 bits) and rounds once at the end. Each returns
//! `None` where the caller's `libm` is already exact or where this code
//! does not go (non-finite or zero arguments, subnormal results, the
//! exponents `pow` special-cases): the caller then uses `libm`.

/// A double-double: `hi + lo` with `|lo| <= ulp(hi) / 2`.
#[derive(Clone, Copy, Debug)]
struct Dd {
    hi: f64,
    lo: f64,
}

/// `a + b` exactly, as a double-double (any magnitudes).
fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    Dd {
        hi: s,
        lo: (a - (s - bb)) + (b - bb),
    }
}

/// `a + b` exactly when `|a| >= |b|`.
fn fast_two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd {
        hi: s,
        lo: b - (s - a),
    }
}

/// Veltkamp's split of `a` into two halves of 26 bits each (exact for
/// `|a| < 2^996`, which every value here is).
fn split(a: f64) -> (f64, f64) {
    let c = 134_217_729.0 * a; // 2^27 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

/// `a * b` exactly, as a double-double (Dekker's product).
fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    Dd {
        hi: p,
        lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl,
    }
}

impl Dd {
    const ONE: Dd = Dd { hi: 1.0, lo: 0.0 };

    fn from(x: f64) -> Dd {
        Dd { hi: x, lo: 0.0 }
    }

    fn add(self, o: Dd) -> Dd {
        let s = two_sum(self.hi, o.hi);
        let t = two_sum(self.lo, o.lo);
        let r = fast_two_sum(s.hi, s.lo + t.hi);
        fast_two_sum(r.hi, r.lo + t.lo)
    }

    fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }

    fn mul(self, o: Dd) -> Dd {
        let p = two_prod(self.hi, o.hi);
        fast_two_sum(p.hi, p.lo + (self.hi * o.lo + self.lo * o.hi))
    }

    fn mul_f(self, b: f64) -> Dd {
        let p = two_prod(self.hi, b);
        fast_two_sum(p.hi, p.lo + self.lo * b)
    }

    fn div_f(self, b: f64) -> Dd {
        let q1 = self.hi / b;
        let r = self.add(two_prod(q1, b).neg());
        let q2 = r.hi / b;
        let r = r.add(two_prod(q2, b).neg());
        fast_two_sum(q1, q2).add(Dd::from(r.hi / b))
    }

    fn div(self, o: Dd) -> Dd {
        let q1 = self.hi / o.hi;
        let r = self.add(o.mul_f(q1).neg());
        let q2 = r.hi / o.hi;
        let r = r.add(o.mul_f(q2).neg());
        fast_two_sum(q1, q2).add(Dd::from(r.hi / o.hi))
    }

    /// `self * 2^k`, exact while the result stays normal.
    fn scale(self, k: i32) -> Dd {
        let f = pow2(k);
        Dd {
            hi: self.hi * f,
            lo: self.lo * f,
        }
    }
}

/// `2^k` for `-1022 <= k <= 1023`.
fn pow2(k: i32) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// ln 2, 1/ln 2 and 1/ln 10 to about 107 bits: `core`'s constant plus
/// the rest.
const LN2: Dd = Dd {
    hi: core::f64::consts::LN_2,
    lo: 2.319_046_813_846_299_6e-17,
};
const INV_LN2: Dd = Dd {
    hi: core::f64::consts::LOG2_E,
    lo: 2.035_527_374_093_103_3e-17,
};
const INV_LN10: Dd = Dd {
    hi: core::f64::consts::LOG10_E,
    lo: 1.098_319_650_216_765e-17,
};

/// `exp(z)` for `|z| < 746`, as a double-double scaled by `2^k` (the
/// returned `k`) so that the caller can check the range before scaling.
fn exp_dd(z: Dd) -> (Dd, i32) {
    // z = k ln2 + r with |r| <= ln2 / 2, then r / 256 for a short series,
    // squared back eight times.
    let k = round_half_away(z.hi * INV_LN2.hi);
    let r = z.add(LN2.mul_f(k).neg()).scale(-8);
    // 1 + r(1 + r/2(1 + r/3(...))): |r| < 0.0014, 10 terms reach 2^-117.
    let mut e = Dd::ONE;
    for n in (1..=10).rev() {
        e = r.mul(e).div_f(n as f64).add(Dd::ONE);
    }
    for _ in 0..8 {
        e = e.mul(e);
    }
    (e, k as i32)
}

/// Rounds to the nearest integer, halves away from zero (`|x| < 2^52`).
fn round_half_away(x: f64) -> f64 {
    let t = (x.abs() + 0.5) as i64 as f64;
    if x < 0.0 { -t } else { t }
}

/// `ln(x)` for a finite `x > 0`, as a double-double.
fn ln_dd(x: f64) -> Dd {
    let mut bits = x.to_bits();
    let mut k: i32 = 0;
    if bits >> 52 == 0 {
        // Subnormal: normalise first.
        bits = (x * pow2(54)).to_bits();
        k = -54;
    }
    k += ((bits >> 52) as i32) - 1023;
    // m in [1, 2), then in [sqrt(1/2), sqrt(2)).
    let mut m = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    if m > core::f64::consts::SQRT_2 {
        m *= 0.5;
        k += 1;
    }
    // ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m-1)/(m+1);
    // m - 1 is exact (Sterbenz), m + 1 exact as a double-double.
    let s = Dd::from(m - 1.0).div(two_sum(m, 1.0));
    let t = s.mul(s);
    // |s| <= 0.1716: t^20 / 41 < 2^-106.
    let mut acc = Dd::ONE.div_f(41.0);
    for n in (0..20).rev() {
        acc = acc.mul(t).add(Dd::ONE.div_f((2 * n + 1) as f64));
    }
    let ln_m = s.mul(acc).mul_f(2.0);
    LN2.mul_f(k as f64).add(ln_m)
}

/// The largest and smallest arguments of `exp` with a finite, normal
/// result.
const EXP_MAX: f64 = 709.782_712_893_384;
const EXP_MIN_NORMAL: f64 = -708.396_418_532_264_1;

/// `exp(z)` rounded, or `None` for a subnormal result (left to `libm`).
fn exp_round(z: Dd) -> Option<f64> {
    if z.hi > EXP_MAX {
        return Some(f64::INFINITY);
    }
    if z.hi < EXP_MIN_NORMAL {
        return None;
    }
    let (e, k) = exp_dd(z);
    // e is in [0.7, 1.42]: scaling by 2^k in two steps stays exact.
    let half = k / 2;
    let r = e.scale(half).scale(k - half);
    // Rounded once: hi is the nearest double to hi + lo.
    let r = fast_two_sum(r.hi, r.lo);
    r.hi.is_finite().then_some(r.hi)
}

/// `e^x`; `None` for a non-finite `x` or a subnormal result.
pub fn exp(x: f64) -> Option<f64> {
    if !x.is_finite() {
        return None;
    }
    exp_round(Dd::from(x))
}

/// The natural logarithm; `None` unless `x` is finite and positive.
pub fn ln(x: f64) -> Option<f64> {
    (x.is_finite() && x > 0.0).then(|| ln_dd(x).hi)
}

/// The base-2 logarithm; `None` unless `x` is finite and positive.
pub fn log2(x: f64) -> Option<f64> {
    (x.is_finite() && x > 0.0).then(|| ln_dd(x).mul(INV_LN2).hi)
}

/// The base-10 logarithm; `None` unless `x` is finite and positive.
pub fn log10(x: f64) -> Option<f64> {
    (x.is_finite() && x > 0.0).then(|| ln_dd(x).mul(INV_LN10).hi)
}

/// `x ** y`; `None` where `libm`'s `pow` is exact or special (a zero,
/// infinite or NaN operand, `y` one of 0, 1, -1, 2 and 1/2, a negative `x`
/// with a non-integer `y`) and for a subnormal result.
#[inline]
pub fn pow(x: f64, y: f64) -> Option<f64> {
    // The common `x ** 0.5` and `x ** 2` first: the guard is inlined into
    // the caller, the work is not.
    if matches!(y, 0.5 | 2.0 | 0.0 | 1.0 | -1.0) || x == 0.0 || !x.is_finite() || !y.is_finite() {
        return None;
    }
    pow_finite(x, y)
}

/// [`pow`] past its special cases.
#[inline(never)]
fn pow_finite(x: f64, y: f64) -> Option<f64> {
    let negate = if x < 0.0 {
        if y.abs() >= 9.007_199_254_740_992e15 {
            // Every such y is an even integer.
            false
        } else {
            let t = y as i64;
            if t as f64 != y {
                return None;
            }
            t % 2 != 0
        }
    } else {
        false
    };
    let z = ln_dd(x.abs()).mul_f(y);
    if z.hi < -746.0 {
        return Some(if negate { -0.0 } else { 0.0 });
    }
    let r = exp_round(z)?;
    Some(if negate { -r } else { r })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Values CPython (glibc) prints and libm's old versions miss.
        assert_eq!(exp(1.0), Some(core::f64::consts::E));
        assert_eq!(ln(3.0), Some(1.098_612_288_668_109_8));
        assert_eq!(pow(3.0, 1.5), Some(5.196_152_422_706_632));
        assert_eq!(pow(2.0, 1.5), Some(2.828_427_124_746_190_3));
        assert_eq!(pow(123.456, 1.5), Some(1_371.728_943_779_643_5));
    }

    #[test]
    fn exact_cases_stay_exact() {
        assert_eq!(pow(2.0, 100.0), Some(1.267_650_600_228_229_4e30));
        assert_eq!(pow(10.0, 20.0), Some(1e20));
        assert_eq!(pow(-2.0, 3.0), Some(-8.0));
        assert_eq!(pow(-2.0, 4.0), Some(16.0));
        assert_eq!(pow(9.0, 1.5), Some(27.0));
        assert_eq!(log2(8.0), Some(3.0));
        assert_eq!(log2(0.125), Some(-3.0));
        assert_eq!(log10(1000.0), Some(3.0));
        assert_eq!(log10(1e-300), Some(-300.0));
        assert_eq!(ln(1.0), Some(0.0));
        assert_eq!(exp(0.0), Some(1.0));
    }

    #[test]
    fn ranges_and_special_cases() {
        assert_eq!(exp(710.0), Some(f64::INFINITY));
        assert_eq!(exp(-720.0), None);
        assert_eq!(exp(f64::NAN), None);
        assert_eq!(ln(0.0), None);
        assert_eq!(ln(-1.0), None);
        assert_eq!(pow(-2.0, 0.5), None);
        assert_eq!(pow(2.0, 0.5), None);
        assert_eq!(pow(10.0, 400.0), Some(f64::INFINITY));
        assert_eq!(pow(10.0, -400.0), Some(0.0));
        assert_eq!(pow(-10.0, -401.0), Some(-0.0));
        // Subnormal argument of ln.
        let tiny = f64::from_bits(1);
        assert_eq!(ln(tiny), Some(-744.440_071_921_381_2));
    }
}
