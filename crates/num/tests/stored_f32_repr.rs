//! `repr` of the 32-bit boards' 30-bit floats ([`StoredF32`]): the digits
//! must read back, through `parse_f32` and the storing the value layer
//! does, as the same stored value; no shorter text may; and of the texts of
//! that length the one printed is the closest to the stored value.
//!
//! The storing is restated here (`store`) as `pyrite-obj`'s `value::repr32`
//! does it: add 2 to the `f32` bit pattern, then clear the 2 low bits
//! (round to nearest, ties away from zero). `pyrite-obj` tests its own
//! storing against this repr too.
//!
//! Samples come from a fixed-seed generator, sized so the file runs in a
//! few seconds in a debug build. `exhaustive_stored_repr_reads_back`
//! (ignored) checks every positive stored value; run it in release:
//! `cargo test -p pyrite-num --release --test stored_f32_repr -- --ignored`.

use pyrite_num::float::{self, StoredF32};
use pyrite_num::fmtspec::{FormatSpec, format_f32, format_stored_f32};

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The bits a board stores for `x` (sign included; NaN not handled).
fn store(x: f32) -> u32 {
    x.to_bits().wrapping_add(2) & !3
}

/// The stored value with these bits (2 low bits clear) and the `f32`s that
/// storing keeps as it: from 2 patterns below to 1 above.
fn stored(bits: u32) -> StoredF32 {
    let sign = bits & 0x8000_0000;
    let mag = bits & 0x7fff_ffff;
    StoredF32::new(
        f32::from_bits(bits),
        f32::from_bits(sign | mag.saturating_sub(2)),
        f32::from_bits(sign | (mag + 1)),
    )
}

fn repr(bits: u32) -> String {
    let mut s = String::new();
    float::write_repr_stored_f32(&mut s, stored(bits)).unwrap();
    s
}

/// Whether a board reading `text` stores `bits`.
fn reads_back(text: &str, bits: u32) -> bool {
    store(float::parse_f32(text).unwrap()) == bits
}

/// Significant digits (no leading or trailing zeros) and the decimal
/// exponent of the first, of a numeral such as `0.00125`, `12.0`, `1e+30`.
fn significant(text: &str) -> (String, i32) {
    let text = text.trim_start_matches('-');
    let (mant, exp) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exp: i32 = exp.parse().unwrap();
    let point = mant.find('.').unwrap_or(mant.len()) as i32;
    let all: String = mant.chars().filter(|c| *c != '.').collect();
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all
        .trim_start_matches('0')
        .trim_end_matches('0')
        .to_string();
    if digits.is_empty() {
        return ("0".into(), 0);
    }
    (digits, point - 1 - lead as i32 + exp)
}

/// The exact decimal expansion of an `f32`, from the exact `{:.Ne}` digits.
fn exact(x: f32) -> (String, i32) {
    let mut s = String::new();
    format_f32(&mut s, &FormatSpec::parse(".130e").unwrap(), x).unwrap();
    significant(&s)
}

/// The first `n` digits (zero-padded) as an integer.
fn prefix(digits: &str, n: usize) -> u64 {
    let padded = format!("{digits:0<n$}");
    padded[..n].parse().unwrap()
}

/// Checks the three properties for a positive stored value (any finite
/// bits with the 2 low bits clear, zero excluded).
fn check(bits: u32) {
    let text = repr(bits);
    let x = f32::from_bits(bits);
    assert!(reads_back(&text, bits), "{text} for {bits:#010x} ({x:e})");
    let (got, got_exp) = significant(&text);
    let n = got.len();
    assert!(n <= 17, "{text}");
    let (ex, ex_exp) = exact(x);
    // No text with fewer digits reads back: of each length, the two
    // decimals on either side of the value are the only candidates (any
    // other is farther out, beyond one of them).
    for m in 1..n {
        let below = prefix(&ex, m);
        for cand in [below, below + 1] {
            let t = format!("{cand}e{}", ex_exp - m as i32 + 1);
            assert!(
                !reads_back(&t, bits),
                "{t} is shorter than {text} and reads back as {bits:#010x}"
            );
        }
    }
    // Of the n-digit decimals around the value, the closer one when it
    // reads back (ties: the even one), else the other.
    let below = prefix(&ex, n);
    let grid = ex_exp - n as i32 + 1;
    let got_int: u64 = got.parse().unwrap();
    let printed = got_int * 10u64.pow((got_exp - ex_exp) as u32);
    assert!(
        got_exp == ex_exp || got_exp == ex_exp + 1,
        "{text} vs {ex}e{ex_exp}"
    );
    let tail = ex.get(n..).unwrap_or("");
    let up_closer = match tail.as_bytes().first() {
        None => false,
        Some(b'6'..=b'9') => true,
        Some(b'5') => tail.len() > 1 || below % 2 == 1,
        Some(_) => false,
    };
    let (closer, farther) = if up_closer {
        (below + 1, below)
    } else {
        (below, below + 1)
    };
    let want = if reads_back(&format!("{closer}e{grid}"), bits) {
        closer
    } else {
        farther
    };
    assert_eq!(
        printed, want,
        "{text} for {bits:#010x}: want {want}e{grid} (exact {ex}e{ex_exp})"
    );
}

/// Stored values at the edges: binade bottoms and tops (powers of two, and
/// where the gap below halves), subnormals, the largest finite, and the
/// stored values around every power of ten in range.
fn edge_bits() -> Vec<u32> {
    let mut v = vec![4, 8, 12, 16, 0x40_0000, 0x7f_fffc, 0x80_0000, 0x7f7f_fffc];
    for b in 1..255u32 {
        v.extend([b << 23, (b << 23) + 4, (b << 23) | 0x7f_fffc]);
    }
    for p in -45..=38 {
        let x = float::parse_f32(&format!("1e{p}")).unwrap();
        let at = store(x) as i64;
        for d in -3..=3i64 {
            let b = at + 4 * d;
            if b > 0 && b <= 0x7f7f_fffc {
                v.push(b as u32);
            }
        }
    }
    v
}

#[test]
fn edges_have_the_shortest_closest_digits() {
    for b in edge_bits() {
        check(b);
    }
}

#[test]
fn random_stored_values_have_the_shortest_closest_digits() {
    let mut rng = Rng(30);
    let mut checked = 0;
    while checked < 40_000 {
        let b = (rng.next() as u32) & 0x7fff_fffc;
        if b == 0 || b >= 0x7f80_0000 {
            continue;
        }
        check(b);
        checked += 1;
    }
    // Subnormals are a small share of the patterns: some more of them.
    for _ in 0..2_000 {
        let b = (rng.next() as u32) & 0x007f_fffc;
        if b != 0 {
            check(b);
        }
    }
}

#[test]
fn what_the_boards_print() {
    let board = |x: f32| {
        let mut s = String::new();
        float::write_repr_stored_f32(&mut s, stored(store(x))).unwrap();
        s
    };
    let board_text = |t: &str| board(float::parse_f32(t).unwrap());
    // Texts that name the stored value print as written.
    for t in [
        "0.1", "1e+30", "2.5", "1e-05", "123456.7", "3.14159", "0.2", "0.3", "1.1", "100.0",
        "-0.1", "1e-38", "-2.5e+20", "0.0", "-0.0", "inf", "-inf", "nan",
    ] {
        assert_eq!(board_text(t), t);
    }
    // Not-so-short values print no more digits than 30 bits hold.
    assert_eq!(board(1.0 / 3.0), "0.3333334");
    assert_eq!(board(2.0 / 3.0), "0.6666667");
    assert_eq!(board_text("3.141592653589793"), "3.141593");
    // The largest finite stored value and the smallest subnormal.
    assert_eq!(repr(0x7f7f_fffc), "3.402823e+38");
    assert_eq!(repr(4), "6e-45");
    // The full-f32 repr is unchanged.
    let mut s = String::new();
    float::write_repr_f32(&mut s, f32::from_bits(store(0.1))).unwrap();
    assert_eq!(s, "0.099999994");
}

#[test]
fn format_default_form_uses_the_stored_digits() {
    let fmt = |spec: &str, x: StoredF32| {
        let mut s = String::new();
        format_stored_f32(&mut s, &FormatSpec::parse(spec).unwrap(), x).unwrap();
        s
    };
    let tenth = stored(store(0.1));
    assert_eq!(fmt("", tenth), "0.1");
    assert_eq!(fmt(">8", tenth), "     0.1");
    assert_eq!(fmt("+", tenth), "+0.1");
    assert_eq!(fmt("", stored(store(1e30))), "1e+30");
    assert_eq!(fmt("", stored(store(-1e16))), "-1e+16");
    // Explicit types and precisions show the exact stored value.
    assert_eq!(fmt(".10f", tenth), "0.0999999940");
    assert_eq!(fmt("g", tenth), "0.1");
    assert_eq!(fmt(".9", tenth), "0.099999994");
    assert_eq!(fmt("e", stored(store(2.5))), "2.500000e+00");
}

#[test]
fn ranges_out_of_reach_are_pulled_in() {
    let x = 1.2345f32;
    let bits = x.to_bits();
    let text = |s: StoredF32| {
        let mut t = String::new();
        float::write_repr_stored_f32(&mut t, s).unwrap();
        t
    };
    // Bounds on the wrong side count as the value itself: the f32 digits.
    assert_eq!(text(StoredF32::new(x, 2.0, 0.5)), "1.2345");
    assert_eq!(StoredF32::new(x, 2.0, 0.5), StoredF32::exact(x));
    // Bounds beyond a binade (zero, infinity) are pulled in to 2^23
    // patterns: the text reads back inside that.
    let wide = text(StoredF32::new(x, 0.0, f32::INFINITY));
    let back = float::parse_f32(&wide).unwrap().to_bits();
    assert!(back.abs_diff(bits) <= 1 << 23, "{wide}");
    assert_eq!(wide, "1.0");
    // The top of the range stops at the largest finite f32.
    let top = text(StoredF32::new(f32::MAX, f32::MAX, f32::INFINITY));
    assert_eq!(top, "3.4028235e+38");
}

#[test]
#[ignore]
fn exhaustive_stored_repr_reads_back() {
    let mut text = String::new();
    for b in (4..0x7f80_0000u32).step_by(4) {
        text.clear();
        float::write_repr_stored_f32(&mut text, stored(b)).unwrap();
        assert!(reads_back(&text, b), "{text} for {b:#010x}");
    }
}
