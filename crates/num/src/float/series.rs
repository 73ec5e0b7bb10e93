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
