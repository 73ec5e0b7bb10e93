//! What the `f32` functions of the 32-bit boards (`trig32`, `explog32`,
//! `atrig32`) share: evaluating a power series in `f64`.

/// `1/(2k+1)` for `k = 0..=10`: the coefficients of `atanh(s)/s` in `s²`
/// (and, with alternating signs, of `atan(u)/u` in `u²`).
pub(crate) const ODD_RECIPROCALS: [f64; 11] = [
    1.0,
    1.0 / 3.0,
    1.0 / 5.0,
    1.0 / 7.0,
    1.0 / 9.0,
    1.0 / 11.0,
    1.0 / 13.0,
    1.0 / 15.0,
    1.0 / 17.0,
    1.0 / 19.0,
    1.0 / 21.0,
];

/// The polynomial `c[0] + c[1]·z + c[2]·z² + ...`.
pub(crate) fn poly(c: &[f64], z: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &c| acc * z + c)
}

/// What the tests of the `f32` functions share: comparing with a rounded
/// `f64` reference and a seeded stream of bit patterns.
#[cfg(test)]
pub(crate) mod check {
    /// Equal (NaN to NaN, with the sign of zero), or finite and at most
    /// 1 ulp from `reference`.
    pub(crate) fn close(ours: f32, reference: f32) -> bool {
        if reference.is_nan() {
            return ours.is_nan();
        }
        if ours == reference {
            return ours.is_sign_negative() == reference.is_sign_negative();
        }
        reference.is_finite() && ulps(ours, reference) <= 1
    }

    /// The ulps between two finite `f32`s of the same sign.
    pub(crate) fn ulps(a: f32, b: f32) -> u32 {
        (i64::from(a.to_bits()) - i64::from(b.to_bits())).unsigned_abs() as u32
    }

    /// A xorshift stream of 32-bit patterns from `seed` (not 0).
    pub(crate) fn bit_patterns(seed: u32) -> impl FnMut() -> u32 {
        let mut state = seed;
        move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        }
    }
}
