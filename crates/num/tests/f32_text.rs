//! The integer-only `f32` text code (what the 32-bit boards use) against
//! `core`'s float formatting and parsing as the oracle: shortest `repr`
//! digits, exact fixed and scientific digits at any precision, `round`, and
//! correctly rounded parsing.
//!
//! Samples come from a fixed-seed generator, sized so the file runs in a
//! few seconds in a debug build. `exhaustive_repr_f32` (ignored) checks
//! every positive `f32`; run it in release:
//! `cargo test -p pyrite-num --release --test f32_text -- --ignored`.

use pyrite_num::float;
use pyrite_num::fmtspec::percent::{PercentSpec, parse_percent, percent_f32, percent_float};
use pyrite_num::fmtspec::{FormatSpec, format_f32, format_float};

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
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A finite f32: uniform over bit patterns, so every binade (and the
    /// subnormals) is equally likely.
    fn finite_f32(&mut self) -> f32 {
        loop {
            let x = f32::from_bits(self.next() as u32);
            if x.is_finite() {
                return x;
            }
        }
    }
}

/// Values where digit generation has edge cases: zero, the subnormal range
/// and its top, every power of two, the largest finite value, neighbours of
/// powers of ten.
fn edge_values() -> Vec<f32> {
    let mut v = vec![0.0, -0.0, f32::MIN_POSITIVE, f32::MAX, f32::EPSILON];
    for bits in (1u32..64).chain(0x007f_ffc0..=0x0080_0040) {
        v.push(f32::from_bits(bits));
    }
    for e in -149..=127 {
        let p = 2f64.powi(e) as f32;
        v.push(p);
        v.push(f32::from_bits(p.to_bits() - 1));
        v.push(f32::from_bits(p.to_bits() + 1));
    }
    for e in -45..=38 {
        let p: f32 = format!("1e{e}").parse().unwrap();
        for d in -3i32..=3 {
            v.push(f32::from_bits((p.to_bits() as i32 + d) as u32));
        }
    }
    v.retain(|x| x.is_finite());
    v
}

/// `core`'s shortest digits (ties between two shortest candidates go up),
/// moved to the even candidate as CPython's `repr` does: `(digits, exp)`
/// for `d1.d2d3... * 10^exp`.
fn oracle_shortest(x: f32) -> (String, i32) {
    let split = |s: &str| {
        let (m, e) = s.split_once('e').unwrap();
        (m.replace('.', ""), e.parse::<i32>().unwrap())
    };
    let (digits, exp) = split(&format!("{:e}", x.abs()));
    let odd = digits.bytes().last().unwrap() % 2 == 1;
    if digits.len() >= 2 && odd {
        let text = format!("{:.*e}", digits.len() - 1, x.abs());
        if text.parse::<f32>() == Ok(x.abs()) {
            let (even, even_exp) = split(&text);
            if even.len() == digits.len() {
                return (even, even_exp);
            }
        }
    }
    (digits, exp)
}

/// CPython's `repr` layout of shortest digits.
fn layout_repr(neg: bool, digits: &str, exp: i32) -> String {
    let mut s = String::from(if neg { "-" } else { "" });
    let n = digits.len() as i32;
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = (exp + 1) as usize;
            let padded = format!("{digits:0<int_len$}");
            let (int, frac) = padded.split_at(int_len);
            s += int;
            s += ".";
            s += if frac.is_empty() { "0" } else { frac };
        } else {
            s += "0.";
            s += &"0".repeat((-exp - 1) as usize);
            s += digits;
        }
    } else {
        s += &digits[..1];
        if n > 1 {
            s += ".";
            s += &digits[1..];
        }
        s += &format!("e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    s
}

fn repr_f32(x: f32) -> String {
    let mut s = String::new();
    float::write_repr_f32(&mut s, x).unwrap();
    s
}

fn check_repr(x: f32) {
    let (digits, exp) = oracle_shortest(x);
    let want = layout_repr(x.is_sign_negative(), &digits, exp);
    assert_eq!(repr_f32(x), want, "repr of {:#010x}", x.to_bits());
}

#[test]
fn repr_matches_core_shortest_digits() {
    for x in edge_values() {
        check_repr(x);
    }
    let mut rng = Rng(1);
    for _ in 0..250_000 {
        check_repr(rng.finite_f32());
    }
    assert_eq!(repr_f32(0.1), "0.1");
    assert_eq!(repr_f32(1.0 / 3.0), "0.33333334");
    assert_eq!(repr_f32(16777216.0), "16777216.0");
    assert_eq!(repr_f32(1e30), "1e+30");
    assert_eq!(repr_f32(f32::MAX), "3.4028235e+38");
    assert_eq!(repr_f32(f32::from_bits(1)), "1e-45");
    assert_eq!(repr_f32(-2.5), "-2.5");
    assert_eq!(repr_f32(f32::NAN), "nan");
    assert_eq!(repr_f32(f32::NEG_INFINITY), "-inf");
}

/// Every positive finite `f32` (2^31 values; the sign only adds a `-`):
/// about half an hour on two cores in release.
#[test]
#[ignore]
fn exhaustive_repr_f32() {
    let threads = 2u32;
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            std::thread::spawn(move || {
                let mut bits = t;
                while bits < 0x7f80_0000 {
                    check_repr(f32::from_bits(bits));
                    bits += threads;
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

fn fmt32(spec: &str, x: f32) -> String {
    let mut s = String::new();
    format_f32(&mut s, &FormatSpec::parse(spec).unwrap(), x).unwrap();
    s
}

fn fmt64(spec: &str, x: f64) -> String {
    let mut s = String::new();
    format_float(&mut s, &FormatSpec::parse(spec).unwrap(), x).unwrap();
    s
}

/// `{:.Ne}` of core turned into Python's layout (`e-07`).
fn core_sci(x: f32, p: usize) -> String {
    let s = format!("{:.p$e}", x);
    let (m, e) = s.split_once('e').unwrap();
    let e: i32 = e.parse().unwrap();
    format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

#[test]
fn fixed_and_scientific_digits_match_core() {
    let mut rng = Rng(2);
    let mut values = edge_values();
    values.extend((0..3_000).map(|_| rng.finite_f32()));
    // Short decimals, where ties and carries into a new digit happen.
    values.extend((0..1_000).map(|_| {
        let text = format!("{}e{}", rng.below(100_000), rng.below(12) as i32 - 6);
        text.parse::<f32>().unwrap()
    }));
    values.extend([0.5, 1.5, 2.5, 0.125, 0.375, 9.5, 99.5, 999.9999, 0.0625]);
    for &x in &values {
        let p = rng.below(41) as usize;
        for p in [p, rng.below(41) as usize] {
            assert_eq!(
                fmt32(&format!(".{p}f"), x),
                format!("{x:.p$}"),
                "{x:e} .{p}f"
            );
            assert_eq!(fmt32(&format!(".{p}e"), x), core_sci(x, p), "{x:e} .{p}e");
        }
    }
    // Every precision for some values, and huge ones.
    for &x in &[f32::from_bits(1), f32::MAX, 0.1, 1.0 / 3.0, 2.5e-30, 7e20] {
        for p in (0..=160).chain([200, 400, 1000]) {
            assert_eq!(
                fmt32(&format!(".{p}f"), x),
                format!("{x:.p$}"),
                "{x:e} .{p}f"
            );
            assert_eq!(fmt32(&format!(".{p}e"), x), core_sci(x, p), "{x:e} .{p}e");
        }
    }
}

#[test]
fn every_presentation_type_matches_the_f64_formatter() {
    // An f32 widened to f64 keeps its exact value, and the f64 formatter
    // prints exact digits for every type with a precision.
    let specs = [
        "e", "E", "f", "F", "g", "G", ".0e", ".3f", ".1g", ".12g", "#.0f", "#.3g", "+.2e",
        "010.3f", ",.2f", "_.4f", "^20.5e", "n", ".5", ".0", "#.1", "z.1f", "<12,.1f", ".20g",
        ".45f",
    ];
    let mut rng = Rng(3);
    let mut values = edge_values();
    values.extend((0..3_000).map(|_| rng.finite_f32()));
    values.extend([
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        -0.0,
        -1e-7,
        0.5,
        1234567.0,
    ]);
    for &x in &values {
        let spec = specs[rng.below(specs.len() as u64) as usize];
        assert_eq!(fmt32(spec, x), fmt64(spec, x as f64), "{x:e} with {spec:?}");
    }
    for spec in specs {
        for x in [-0.0f32, 123.456, 1e-5, 9.9999e15, 3.4e38] {
            assert_eq!(fmt32(spec, x), fmt64(spec, x as f64), "{x:e} with {spec:?}");
        }
    }
}

#[test]
fn default_and_percent_forms() {
    assert_eq!(fmt32("", 0.1), "0.1");
    assert_eq!(fmt32("", 1e16), "1e+16");
    assert_eq!(fmt32("10", -2.5), "      -2.5");
    assert_eq!(fmt32("%", 0.25), "25.000000%");
    assert_eq!(fmt32(".1%", 0.125), "12.5%");
    assert_eq!(fmt32("e", 1.0 / 3.0), "3.333333e-01");
    assert_eq!(fmt32(".3f", 2.5), "2.500");
    assert_eq!(fmt32(".0f", 2.5), "2");
    assert_eq!(fmt32(".0f", 3.5), "4");
    assert_eq!(fmt32(".2f", 0.125), "0.12");
    assert_eq!(fmt32(".1e", 9.96), "1.0e+01");
    assert_eq!(fmt32(".0e", 0.0), "0e+00");
    assert_eq!(fmt32(".3f", 1e-30), "0.000");
    assert_eq!(fmt32(".3f", -1e-30), "-0.000");
    assert_eq!(fmt32("z.3f", -1e-30), "0.000");
}

fn percent(f: impl Fn(&mut String, &PercentSpec) -> bool, spec: &str) -> String {
    let spec = parse_percent(spec).unwrap();
    let mut s = String::new();
    assert!(f(&mut s, &spec));
    s
}

#[test]
fn percent_conversions_match_the_f64_ones() {
    let specs = [
        "f", ".3f", "e", ".10e", "g", "#g", "-12.4G", "+08.2f", " .0e", "E",
    ];
    let mut rng = Rng(4);
    for _ in 0..3_000 {
        let x = rng.finite_f32();
        let spec = specs[rng.below(specs.len() as u64) as usize];
        let ours = percent(|s, p| percent_f32(s, p, x).is_ok(), spec);
        let oracle = percent(|s, p| percent_float(s, p, x as f64).is_ok(), spec);
        assert_eq!(ours, oracle, "%{spec} of {x:e}");
    }
    assert_eq!(
        percent(|s, p| percent_f32(s, p, 2.5).is_ok(), ".3f"),
        "2.500"
    );
}

fn parse32(s: &str) -> f32 {
    float::parse_f32(s).unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
}

fn check_parse(text: &str) {
    let want: f32 = text.parse().unwrap();
    let got = parse32(text);
    assert_eq!(got.to_bits(), want.to_bits(), "parse {text:?}");
}

/// Exact decimal text of an f32 midpoint (exact in f64; 120 digits hold any
/// of their expansions).
fn exact_text(x: f64) -> String {
    let s = format!("{x:.120e}");
    let (m, e) = s.split_once('e').unwrap();
    format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
}

#[test]
fn parsing_matches_core() {
    let mut rng = Rng(5);
    // Short decimals across the whole range and beyond it.
    for _ in 0..20_000 {
        let digits = rng.below(1_000_000_000);
        let exp = rng.below(110) as i32 - 60;
        check_parse(&format!("{digits}e{exp}"));
        check_parse(&format!("0.{digits:09}e{}", exp / 2));
    }
    // Long numerals: 50 to 200 random digits.
    for _ in 0..2_000 {
        let n = 50 + rng.below(150) as usize;
        let digits: String = (0..n)
            .map(|_| (b'0' + rng.below(10) as u8) as char)
            .collect();
        let exp = rng.below(140) as i32 - 100 - n as i32 / 2;
        check_parse(&format!("{digits}e{exp}"));
        let split = rng.below(n as u64) as usize;
        check_parse(&format!("{}.{}", &digits[..split], &digits[split..]));
    }
    // Halfway between neighbours (ties to even), and a hair either side.
    let mut values = edge_values();
    values.extend((0..8_000).map(|_| rng.finite_f32().abs()));
    for &x in &values {
        let x = x.abs();
        // Past f32::MAX the next step is 2^128 (which rounds to inf).
        let next = (f32::from_bits(x.to_bits() + 1) as f64).min(2f64.powi(128));
        let mid = (x as f64 + next) / 2.0;
        let text = exact_text(mid);
        check_parse(&text);
        let (m, e) = text.split_once('e').unwrap();
        check_parse(&format!("{m}00000000000000000000000000000001e{e}"));
        // Just below: the mantissa minus one unit in a far place.
        let below = exact_text(mid - mid * 1e-15);
        check_parse(&below);
        check_parse(&exact_text(x as f64));
    }
    // Around overflow and underflow.
    for text in [
        "3.4028235e38",
        "3.4028236e38",
        "340282356779733661637539395458142568447.99",
        "340282356779733661637539395458142568448",
        "340282356779733661637539395458142568448.000000000001",
        "1e39",
        "1e-45",
        "7e-46",
        "7.006492321624085354618647916449580656401309709382578858785341419448955413429303e-46",
        "7.0064923216240853546186479164495806564013097093825788587853414194489554134293031e-46",
        "1e-46",
        "1.1754942e-38",
        "1.17549435e-38",
        "0.000000000000000000000000000000000000000000000000000000001e12",
        "123456789012345678901234567890123456789012345678901234567890e-70",
    ] {
        check_parse(text);
    }
}

#[test]
fn parsing_grammar_and_errors() {
    assert_eq!(parse32(" 1_000.000_5 "), 1000.0005);
    assert_eq!(parse32("-.5"), -0.5);
    assert_eq!(parse32("+5."), 5.0);
    assert_eq!(parse32("1E+3"), 1000.0);
    assert_eq!(parse32("0e0"), 0.0);
    assert!(parse32("-0.0").is_sign_negative());
    assert_eq!(parse32("1e999999999999999999999"), f32::INFINITY);
    assert_eq!(parse32("-1e999999999999999999999"), f32::NEG_INFINITY);
    assert_eq!(parse32("1e-999999999999999999999"), 0.0);
    assert_eq!(parse32("0e999999999999999999999"), 0.0);
    assert_eq!(parse32("Infinity"), f32::INFINITY);
    assert_eq!(parse32("-iNF"), f32::NEG_INFINITY);
    assert!(parse32("nan").is_nan());
    let long = format!("0.{}1e{}", "0".repeat(300), 300);
    assert_eq!(parse32(&long), 0.1);
    for bad in [
        "", " ", "1__0", "_1", "1_", "1e", "1e+", ".", "e5", "1.5f", "--1", "0x10", "1 2", "in f",
    ] {
        assert!(float::parse_f32(bad).is_err(), "{bad:?}");
        assert_eq!(
            float::parse_f32(bad).is_err(),
            float::parse_f64(bad).is_err()
        );
    }
}

/// `round(x, n)` by definition: the exact value rounded to `n` decimals
/// (ties to even; `core`'s exact formatting does that), then to `f32`.
fn oracle_round(x: f32, n: i64) -> f32 {
    if n >= 0 {
        return format!("{:.*}", n as usize, x).parse().unwrap();
    }
    let exp10 = format!("{:e}", x.abs())
        .split_once('e')
        .unwrap()
        .1
        .parse::<i64>()
        .unwrap();
    let sig = exp10 + n + 1;
    let v: f32 = if sig > 0 {
        format!("{:.*e}", (sig - 1) as usize, x).parse().unwrap()
    } else if sig == 0 {
        // Above half of 10^(exp10 + 1) rounds up to it; half exactly goes to 0.
        let exact = format!("{:.150e}", x.abs());
        let (first, rest) = (exact.as_bytes()[0], &exact[2..exact.find('e').unwrap()]);
        if first > b'5' || (first == b'5' && rest.bytes().any(|c| c != b'0')) {
            format!("1e{}", exp10 + 1).parse().unwrap()
        } else {
            0.0
        }
    } else {
        0.0
    };
    v.copysign(x)
}

#[test]
fn round_matches_its_definition() {
    let mut rng = Rng(6);
    for _ in 0..10_000 {
        let x = rng.finite_f32();
        let n = rng.below(60) as i64 - 20;
        let exp10 = if x == 0.0 {
            0
        } else {
            x.abs().log10().floor() as i64
        };
        let n = if rng.below(2) == 0 {
            n
        } else {
            2 - exp10 + rng.below(8) as i64
        };
        let got = float::round_digits_f32(x, n).unwrap();
        assert_eq!(
            got.to_bits(),
            oracle_round(x, n).to_bits(),
            "round({x:e}, {n})"
        );
    }
    assert_eq!(float::round_digits_f32(2.675, 2).unwrap(), 2.67);
    assert_eq!(float::round_digits_f32(0.125, 2).unwrap(), 0.12);
    assert_eq!(float::round_digits_f32(0.375, 2).unwrap(), 0.38);
    assert_eq!(float::round_digits_f32(2.5, 0).unwrap(), 2.0);
    assert_eq!(float::round_digits_f32(250.0, -2).unwrap(), 200.0);
    assert_eq!(float::round_digits_f32(350.0, -2).unwrap(), 400.0);
    assert_eq!(float::round_digits_f32(49.0, -2).unwrap(), 0.0);
    assert_eq!(float::round_digits_f32(51.0, -2).unwrap(), 100.0);
    assert_eq!(float::round_digits_f32(50.0, -2).unwrap(), 0.0);
    assert!(float::round_digits_f32(-0.4, 0).unwrap().is_sign_negative());
    assert_eq!(float::round_digits_f32(f32::MAX, -40).unwrap(), 0.0);
    assert_eq!(float::round_digits_f32(f32::MAX, i64::MIN).unwrap(), 0.0);
    assert_eq!(float::round_digits_f32(1.5, i64::MAX).unwrap(), 1.5);
    assert!(float::round_digits_f32(f32::NAN, 2).unwrap().is_nan());
    // The nearest f32 to 3.4028235e38 is f32::MAX, not inf.
    assert_eq!(float::round_digits_f32(f32::MAX, -31).unwrap(), f32::MAX);
    assert_eq!(float::round_digits_f32(f32::MAX, -38).unwrap(), 3e38);
}

/// The boards' `round(x)` is `round_digits_f32(x, 0)` made an int: it must
/// be what `round_half_even` (the hosts' `round(x)`) gives for every `f32`,
/// ties to even included.
#[test]
fn round_to_zero_digits_is_round_half_even() {
    let mut rng = Rng(7);
    let halves = (0..64).map(|k| k as f32 - 31.5);
    let samples = (0..20_000).map(|_| rng.finite_f32());
    for x in halves
        .chain(samples)
        .chain([0.5, -0.5, 1.5, 2.5, 8388607.5, 1e30])
    {
        let want = float::round_half_even(x as f64);
        let got = float::round_digits_f32(x, 0).unwrap();
        assert_eq!(got as f64, want, "round({x:e})");
    }
    for x in [f32::INFINITY, f32::NEG_INFINITY] {
        assert_eq!(float::round_digits_f32(x, 0).unwrap(), x);
    }
    assert!(float::round_digits_f32(f32::NAN, 0).unwrap().is_nan());
}
