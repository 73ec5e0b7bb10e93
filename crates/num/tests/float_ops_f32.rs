//! The `f32` float operations (the boards' floats) against the `f64` ones:
//! for `f32` inputs, `trunc`, `floor` and `%` are exact in both widths, so
//! the `f32` results must equal the `f64` results narrowed; `divmod`'s
//! quotient is an integer-valued float and must agree too.

use pyrite_num::float::{
    divmod, divmod_f32, floor, floor_f32, floordiv, floordiv_f32, modulo, modulo_f32, trunc,
    trunc_f32,
};

/// Values around the interesting edges: signs, zero, fractions, the
/// integral limit of `f32` (2^23..2^24), huge, infinities and NaN.
fn samples() -> Vec<f32> {
    let mut v = vec![
        0.0,
        -0.0,
        0.1,
        0.5,
        0.75,
        1.0,
        1.5,
        2.5,
        3.0,
        7.25,
        1e-30,
        123456.79,
        8388607.5,
        8388608.0,
        16777215.0,
        16777216.0,
        3.4e38,
        f32::MIN_POSITIVE,
        f32::INFINITY,
        f32::NAN,
    ];
    let neg: Vec<f32> = v.iter().map(|x| -x).collect();
    v.extend(neg);
    v
}

fn same(a: f32, b: f32) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

#[test]
fn trunc_and_floor_match_f64() {
    for x in samples() {
        assert!(same(trunc_f32(x), trunc(x as f64) as f32), "trunc({x})");
        assert!(same(floor_f32(x), floor(x as f64) as f32), "floor({x})");
    }
}

#[test]
fn modulo_and_divmod_match_f64() {
    for x in samples() {
        for y in samples() {
            let wide = modulo(x as f64, y as f64).map(|m| m as f32);
            let narrow = modulo_f32(x, y);
            match (wide, narrow) {
                (Ok(w), Ok(n)) => assert!(same(w, n), "{x} % {y}: {w} vs {n}"),
                (Err(w), Err(n)) => assert_eq!(w, n),
                (w, n) => panic!("{x} % {y}: {w:?} vs {n:?}"),
            }
            match (divmod(x as f64, y as f64), divmod_f32(x, y)) {
                (Ok((wq, wr)), Ok((nq, nr))) => {
                    assert!(same(wr as f32, nr), "divmod({x}, {y}) remainder");
                    // The quotient may differ where it exceeds f32's
                    // integral range; below it, it is the same integer.
                    if wq.abs() < 8388608.0 {
                        assert!(same(wq as f32, nq), "divmod({x}, {y}): {wq} vs {nq}");
                    }
                }
                (Err(w), Err(n)) => assert_eq!(w, n),
                (w, n) => panic!("divmod({x}, {y}): {w:?} vs {n:?}"),
            }
            if y == 0.0 {
                assert_eq!(
                    floordiv_f32(x, y),
                    floordiv(x as f64, y as f64).map(|q| q as f32)
                );
            } else {
                assert_eq!(
                    floordiv_f32(x, y).map(f32::to_bits),
                    divmod_f32(x, y).map(|(q, _)| q.to_bits()),
                    "{x} // {y}"
                );
            }
        }
    }
}
