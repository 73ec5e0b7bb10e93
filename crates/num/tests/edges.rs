//! Edge cases and robustness: Python semantics examples, error kinds, and
//! "never panics" properties (short buffers, arbitrary text).

use proptest::prelude::*;
use pyrite_num::bigint::{BigRef, Limb, bytes, mag, pow, signed, text};
use pyrite_num::fmtspec::percent::{self, parse_percent};
use pyrite_num::fmtspec::{FormatSpec, IntArg, format_float, format_int, format_str};
use pyrite_num::{NumError, OverflowKind, SliceWriter, ValueKind, ZeroDivKind, float};

fn small(v: i64) -> (bool, Vec<Limb>) {
    let mut out = vec![0; 2];
    let w = signed::from_i64(v, &mut out).unwrap();
    out.truncate(w.len);
    (w.neg, out)
}

fn val(w: pyrite_num::Written, buf: &[Limb]) -> i128 {
    signed::to_i128(w.as_ref(buf)).unwrap()
}

macro_rules! big {
    ($v:expr) => {{
        let (n, m) = small($v);
        (n, m)
    }};
}

#[test]
fn python_floor_semantics() {
    for (a, b, q, r) in [
        (-7, 2, -4, 1),
        (7, -2, -4, -1),
        (-7, -2, 3, -1),
        (7, 2, 3, 1),
        (0, -3, 0, 0),
        (-6, 3, -2, 0),
    ] {
        let (an, am) = big!(a);
        let (bn, bm) = big!(b);
        let (mut qb, mut rb) = (vec![0; 4], vec![0; 4]);
        let (wq, wr) =
            signed::divmod(BigRef::new(an, &am), BigRef::new(bn, &bm), &mut qb, &mut rb).unwrap();
        assert_eq!((val(wq, &qb), val(wr, &rb)), (q, r), "divmod({a}, {b})");
    }
    let (n, m) = big!(-5);
    let mut out = vec![0; 4];
    let w = signed::shr(BigRef::new(n, &m), 1, &mut out).unwrap();
    assert_eq!(val(w, &out), -3);
    let w = signed::shr(BigRef::new(n, &m), 1000, &mut out).unwrap();
    assert_eq!(val(w, &out), -1);
    assert_eq!(
        signed::shr(BigRef::new(n, &m), -1, &mut out),
        Err(NumError::Value(ValueKind::NegativeShiftCount))
    );
    assert_eq!(
        signed::shl(BigRef::new(n, &m), -1, &mut out),
        Err(NumError::Value(ValueKind::NegativeShiftCount))
    );
}

#[test]
fn zero_divisors_and_empty_slices() {
    let zero = BigRef::pos(&[]);
    let one = BigRef::pos(&[1]);
    let (mut q, mut r) = (vec![0; 8], vec![0; 8]);
    assert_eq!(
        signed::divmod(one, zero, &mut q, &mut r),
        Err(NumError::ZeroDivision(ZeroDivKind::IntDivision))
    );
    assert_eq!(
        signed::floordiv(one, zero, &mut q, &mut r),
        Err(NumError::ZeroDivision(ZeroDivKind::IntDivision))
    );
    assert_eq!(
        signed::modulo(one, zero, &mut r),
        Err(NumError::ZeroDivision(ZeroDivKind::IntModulo))
    );
    assert_eq!(
        signed::truediv(one, zero, &mut r),
        Err(NumError::ZeroDivision(ZeroDivKind::Division))
    );
    // zero with high zero limbs is still zero
    let padded_zero = BigRef::new(true, &[0, 0, 0]);
    assert_eq!(
        signed::modulo(one, padded_zero, &mut r),
        Err(NumError::ZeroDivision(ZeroDivKind::IntModulo))
    );
    assert_eq!(
        mag::divrem(&[1], &[], &mut q, &mut r),
        Err(NumError::ZeroDivision(ZeroDivKind::IntDivision))
    );
    assert_eq!(
        mag::divrem_small(&[1], 0, &mut q),
        Err(NumError::ZeroDivision(ZeroDivKind::IntDivision))
    );
    // operations on zero-length inputs
    let mut out = vec![0; 4];
    assert_eq!(signed::add(zero, zero, &mut out).unwrap().len, 0);
    assert_eq!(signed::mul(zero, one, &mut out).unwrap().len, 0);
    let w = signed::divmod(zero, one, &mut q, &mut r).unwrap();
    assert_eq!((w.0.len, w.1.len), (0, 0));
    let w = signed::invert(zero, &mut out).unwrap();
    assert_eq!(val(w, &out), -1);
    assert_eq!(signed::to_f64(zero).unwrap(), 0.0);
    assert_eq!(signed::to_i64(BigRef::new(true, &[])), Some(0));
    // -0 input is zero, never a negative zero output
    let w = signed::add(BigRef::new(true, &[0]), zero, &mut out).unwrap();
    assert!(!w.neg && w.len == 0);
    assert_eq!(
        signed::truediv(BigRef::new(false, &[]), BigRef::new(true, &[5]), &mut r)
            .unwrap()
            .to_bits(),
        (-0.0f64).to_bits()
    );
    // short buffers are errors, not panics
    assert_eq!(
        signed::add(one, one, &mut []),
        Err(NumError::BufferTooSmall)
    );
    assert_eq!(
        signed::mul(one, one, &mut []),
        Err(NumError::BufferTooSmall)
    );
    assert_eq!(
        signed::divmod(BigRef::pos(&[1, 1]), one, &mut [], &mut r),
        Err(NumError::BufferTooSmall)
    );
}

#[test]
fn modpow_semantics() {
    let run = |a: i64, e: i64, m: i64| -> Result<i128, NumError> {
        let ((an, am), (en, em), (mn, mm)) = (small(a), small(e), small(m));
        let (a, e, m) = (
            BigRef::new(an, &am),
            BigRef::new(en, &em),
            BigRef::new(mn, &mm),
        );
        let mut out = vec![0; pow::modpow_len(mm.len())];
        let mut scratch = vec![0; pow::modpow_scratch_len(am.len(), mm.len(), e.is_negative())];
        pow::modpow(a, e, m, &mut out, &mut scratch).map(|w| val(w, &out))
    };
    assert_eq!(run(2, 10, 1000), Ok(24));
    assert_eq!(run(-2, 3, 5), Ok(2));
    assert_eq!(run(3, 2, -5), Ok(-1));
    assert_eq!(run(2, -1, 5), Ok(3));
    assert_eq!(run(-3, -3, 7), Ok(1)); // pow(-3, -3, 7) == 1
    assert_eq!(run(2, -1, 1), Ok(0));
    assert_eq!(run(0, -1, 1), Ok(0));
    assert_eq!(run(5, 0, 7), Ok(1));
    assert_eq!(run(5, 0, -7), Ok(-6));
    assert_eq!(
        run(2, -1, 4),
        Err(NumError::Value(ValueKind::NotInvertible))
    );
    assert_eq!(
        run(2, 1, 0),
        Err(NumError::Value(ValueKind::PowModulusZero))
    );
    assert_eq!(
        NumError::Value(ValueKind::NotInvertible).message(),
        "base is not invertible for the given modulus"
    );
}

#[test]
fn bytes_semantics() {
    let mut out = [0u8; 1];
    let (n, m) = small(-1);
    assert_eq!(
        bytes::to_bytes(BigRef::new(n, &m), &mut out, false, false),
        Err(NumError::Overflow(OverflowKind::NegativeToUnsigned))
    );
    let (n, m) = small(256);
    assert_eq!(
        bytes::to_bytes(BigRef::new(n, &m), &mut out, false, false),
        Err(NumError::Overflow(OverflowKind::IntTooBig))
    );
    let (n, m) = small(-128);
    bytes::to_bytes(BigRef::new(n, &m), &mut out, true, true).unwrap();
    assert_eq!(out, [0x80]);
    let (n, m) = small(128);
    assert!(bytes::to_bytes(BigRef::new(n, &m), &mut out, true, true).is_err());
    assert!(bytes::to_bytes(BigRef::pos(&[]), &mut [], true, true).is_ok());
    assert!(bytes::to_bytes(BigRef::pos(&[1]), &mut [], true, false).is_err());
    let mut limbs = [0; 1];
    assert_eq!(
        bytes::from_bytes(&[], true, true, &mut limbs).unwrap().len,
        0
    );
    let w = bytes::from_bytes(&[0xff], true, true, &mut limbs).unwrap();
    assert_eq!(val(w, &limbs), -1);
    let mut limbs = [0; 3];
    let w = bytes::from_bytes(&[0, 0, 0, 0, 0x80], false, true, &mut limbs).unwrap();
    assert_eq!(val(w, &limbs), 0x80);
    let w = bytes::from_bytes(&[0x80, 0, 0, 0, 0], false, true, &mut limbs).unwrap();
    assert_eq!(val(w, &limbs), -(1i128 << 39));
}

#[test]
fn int_text_edges() {
    let mut out = [0; 8];
    for (s, base) in [
        ("", 10),
        (" ", 10),
        ("-", 10),
        ("0x", 16),
        ("010", 0),
        ("1__0", 10),
        ("_1", 10),
        ("1_", 10),
        ("12a", 10),
    ] {
        assert_eq!(
            text::parse_int(s, base, &mut out),
            Err(NumError::Value(ValueKind::InvalidIntLiteral)),
            "{s:?}"
        );
    }
    assert_eq!(
        text::parse_int("1", 1, &mut out),
        Err(NumError::Value(ValueKind::InvalidBase))
    );
    assert_eq!(
        text::parse_int("1", 37, &mut out),
        Err(NumError::Value(ValueKind::InvalidBase))
    );
    let w = text::parse_int(" -0x_1F ", 0, &mut out).unwrap();
    assert_eq!(val(w, &out), -31);
    assert_eq!(text::parse_int_literal("0_0", &mut out).unwrap(), 0);
    assert!(text::parse_int_literal("-1", &mut out).is_err());
    assert!(text::parse_int_literal(" 1", &mut out).is_err());
    // a 1000-digit number: parse and format back
    let digits: String = (0..1000)
        .map(|i| char::from(b'0' + ((i * 7 + 3) % 10) as u8))
        .collect();
    let digits = format!("9{}", &digits[1..]);
    let mut big = vec![0; text::parse_int_len(digits.len(), 10)];
    let w = text::parse_int(&digits, 10, &mut big).unwrap();
    let x = w.as_ref(&big);
    let mut scratch = vec![0; text::to_str_scratch_len(x.len(), 10)];
    let mut s = String::new();
    text::write_int(&mut s, x, 10, false, &mut scratch).unwrap();
    assert_eq!(s, digits);
    // a sink that fails is reported as Write (out of memory)
    let mut tiny = [0u8; 10];
    let mut w = SliceWriter::new(&mut tiny);
    assert_eq!(
        text::write_int(&mut w, x, 10, false, &mut scratch),
        Err(NumError::Write)
    );
    let mut tiny = [0u8; 10];
    assert_eq!(
        text::to_str(x, 10, false, &mut tiny, &mut scratch),
        Err(NumError::BufferTooSmall)
    );
}

#[test]
fn float_examples() {
    let repr = |x: f64| {
        let mut s = String::new();
        float::write_repr_f64(&mut s, x).unwrap();
        s
    };
    assert_eq!(repr(0.1), "0.1");
    assert_eq!(repr(1e16), "1e+16");
    assert_eq!(repr(1e-5), "1e-05");
    assert_eq!(repr(123456789.0), "123456789.0");
    assert_eq!(repr(-0.0), "-0.0");
    assert_eq!(repr(f64::NAN), "nan");
    assert_eq!(repr(f64::NEG_INFINITY), "-inf");
    let mut s = String::new();
    float::write_repr_f32(&mut s, 0.1f32).unwrap();
    assert_eq!(s, "0.1");
    assert_eq!(float::divmod(-7.5, 2.0).unwrap(), (-4.0, 0.5));
    assert_eq!(
        float::floordiv(1.0, 0.0),
        Err(NumError::ZeroDivision(ZeroDivKind::FloatFloorDivision))
    );
    assert_eq!(
        float::modulo(1.0, 0.0),
        Err(NumError::ZeroDivision(ZeroDivKind::FloatModulo))
    );
    assert_eq!(float::modulo(-1e-300, 1e300).unwrap(), 1e300);
    assert!(float::is_integer(2.0) && !float::is_integer(2.5) && !float::is_integer(f64::INFINITY));
    let r = float::as_integer_ratio(0.75).unwrap();
    assert_eq!((r.neg, r.mantissa, r.exp), (false, 3, -2));
    let r = float::as_integer_ratio(-8.0).unwrap();
    assert_eq!((r.neg, r.mantissa, r.exp), (true, 1, 3));
    assert_eq!(float::hash_f64(-1.0), Some(-2));
    assert_eq!(float::hash_f64(1.0), Some(float::hash_i64(1)));
    assert_eq!(float::hash_f64(f64::NAN), None);
    assert_eq!(float::round_digits(2.675, 2).unwrap(), 2.67);
    assert_eq!(float::round_digits(0.125, 2).unwrap(), 0.12);
    assert_eq!(
        float::round_digits(1.7976931348623157e308, -308),
        Err(NumError::Overflow(OverflowKind::RoundedValue))
    );
    assert_eq!(float::round_half_even(2.5), 2.0);
    assert_eq!(float::round_half_even(-3.5), -4.0);
    assert_eq!(float::floor(-0.5), -1.0);
    assert_eq!(float::trunc(-0.5).to_bits(), (-0.0f64).to_bits());
    assert!(float::parse_f64("1_0.5").unwrap() == 10.5);
    assert!(float::parse_f64("1__0").is_err());
    assert_eq!(float::parse_f32(" 0.1 ").unwrap(), 0.1f32);
}

#[test]
fn format_examples() {
    let f = |spec: &str, x: f64| {
        let mut s = String::new();
        format_float(&mut s, &FormatSpec::parse(spec).unwrap(), x).unwrap();
        s
    };
    assert_eq!(f("5.2f", 4.56789), " 4.57");
    assert_eq!(f(",.2f", 1234567.891), "1,234,567.89");
    assert_eq!(f("e", 12345.678), "1.234568e+04");
    assert_eq!(f("g", 0.00001), "1e-05");
    assert_eq!(f("%", 0.25), "25.000000%");
    assert_eq!(f("", 1e16), "1e+16");
    assert_eq!(f(".2f", 0.125), "0.12");
    assert_eq!(f(".2f", 2.675), "2.67");
    // huge precision is exact and needs no buffer
    let s = f(".400f", 0.1);
    assert!(s.starts_with("0.1000000000000000055511151231257827021181583404541015625000"));
    assert_eq!(s.len(), 402);
    let i = |spec: &str, v: i64| {
        let mut s = String::new();
        format_int(
            &mut s,
            &FormatSpec::parse(spec).unwrap(),
            IntArg::Small(v),
            &mut [],
        )
        .unwrap();
        s
    };
    assert_eq!(i("#x", 255), "0xff");
    assert_eq!(i("+08,d", -1234), "-001,234");
    assert_eq!(i("_b", 10), "1010");
    assert_eq!(i("c", 0x263A), "\u{263A}");
    let mut s = String::new();
    format_str(&mut s, &FormatSpec::parse("*^9.3").unwrap(), "abcdef").unwrap();
    assert_eq!(s, "***abc***");
    // %-formatting, one conversion at a time
    let spec = parse_percent("-+8.2fXYZ").unwrap();
    assert_eq!((spec.conv, spec.len), ('f', 6));
    let mut s = String::new();
    percent::percent_float(&mut s, &spec, 4.56789).unwrap();
    assert_eq!(s, "+4.57   ");
    let spec = parse_percent("(name)#o").unwrap();
    assert_eq!(spec.key, Some((1, 5)));
    let mut s = String::new();
    percent::percent_int(&mut s, &spec, IntArg::Small(8), &mut []).unwrap();
    assert_eq!(s, "0o10");
    assert_eq!(parse_percent("5"), Err(percent::PercentError::Incomplete));
    assert_eq!(
        parse_percent("(ab"),
        Err(percent::PercentError::IncompleteKey)
    );
    assert_eq!(
        parse_percent("z"),
        Err(percent::PercentError::Unsupported { ch: 'z', offset: 0 })
    );
    let mut spec = parse_percent("*d").unwrap();
    assert_eq!(spec.width, percent::Count::Star);
    spec.set_star_width(-4);
    let mut s = String::new();
    percent::percent_int(&mut s, &spec, IntArg::Small(7), &mut []).unwrap();
    assert_eq!(s, "7   ");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every operation with arbitrary (possibly too short) buffers returns
    /// Ok or an error, never panics.
    #[test]
    fn never_panics_on_short_buffers(
        an: bool, am in prop::collection::vec(any::<u32>(), 0..6),
        bn: bool, bm in prop::collection::vec(any::<u32>(), 0..6),
        o1 in 0usize..14, o2 in 0usize..14, s in 0usize..40, count in -3i64..200,
    ) {
        let (a, b) = (BigRef::new(an, &am), BigRef::new(bn, &bm));
        let mut x = vec![0; o1];
        let mut y = vec![0; o2];
        let mut sc = vec![0; s];
        let _ = signed::add(a, b, &mut x);
        let _ = signed::sub(a, b, &mut x);
        let _ = signed::mul(a, b, &mut x);
        let _ = signed::divmod(a, b, &mut x, &mut y);
        let _ = signed::floordiv(a, b, &mut x, &mut y);
        let _ = signed::modulo(a, b, &mut x);
        let _ = signed::truediv(a, b, &mut sc);
        let _ = signed::and(a, b, &mut x);
        let _ = signed::or(a, b, &mut x);
        let _ = signed::xor(a, b, &mut x);
        let _ = signed::invert(a, &mut x);
        let _ = signed::shl(a, count, &mut x);
        let _ = signed::shr(a, count, &mut x);
        let _ = mag::divrem(&am, &bm, &mut x, &mut y);
        let _ = mag::rem(&am, &bm, &mut x);
        let _ = mag::sub(&am, &bm, &mut x);
        #[cfg(feature = "bigint")]
        let _ = pow::pow(a, count.unsigned_abs() % 9, &mut x, &mut y);
        let _ = pow::modpow(a, b, BigRef::new(bn, &am), &mut x, &mut sc);
        let _ = pow::gcd(&am, &bm, &mut x, &mut sc);
        let mut bytes_out = vec![0u8; o1];
        let _ = bytes::to_bytes(a, &mut bytes_out, an, bn);
        let _ = bytes::from_bytes(&bytes_out, an, bn, &mut x);
        let mut text_out = vec![0u8; o1 * 3];
        let _ = text::to_str(a, (count.unsigned_abs() % 40) as u32, an, &mut text_out, &mut sc);
        let mut fx = vec![0; o1];
        let _ = signed::from_f64(f64::from_bits(((am.first().copied().unwrap_or(0) as u64) << 32) | bm.first().copied().unwrap_or(0) as u64), &mut fx);
        let spec = FormatSpec { width: o1, ..FormatSpec::default() };
        let _ = format_int(&mut String::new(), &spec, IntArg::Big(a), &mut sc);
    }

    #[test]
    fn parsers_never_panic(s in "\\PC{0,40}", base in 0u32..40) {
        let mut out = vec![0; text::parse_int_len(s.len(), base)];
        let _ = text::parse_int(&s, base, &mut out);
        let _ = text::parse_int_literal(&s, &mut out);
        let _ = float::parse_f64(&s);
        let _ = float::parse_f32(&s);
        let _ = float::parse_f64_literal(&s);
        let _ = parse_percent(&s);
        if let Ok(spec) = FormatSpec::parse(&s) {
            let spec = FormatSpec { width: spec.width.min(100), precision: spec.precision.map(|p| p.min(100)), ..spec };
            let _ = format_int(&mut String::new(), &spec, IntArg::Small(base as i64 - 20), &mut []);
            let _ = format_float(&mut String::new(), &spec, base as f64 / 7.0 - 2.0);
            let _ = format_str(&mut String::new(), &spec, &s);
        }
    }

    #[test]
    fn numeric_text_never_panics(s in "[ +\\-_.0-9a-zA-Z,#%<>=^]{0,24}") {
        let mut out = vec![0; text::parse_int_len(s.len(), 0)];
        let _ = text::parse_int(&s, 0, &mut out);
        let _ = float::parse_f64(&s);
        if let Ok(spec) = FormatSpec::parse(&s) {
            let spec = FormatSpec { width: spec.width.min(100), precision: spec.precision.map(|p| p.min(100)), ..spec };
            let _ = format_int(&mut String::new(), &spec, IntArg::Small(-12345), &mut []);
            let _ = format_float(&mut String::new(), &spec, -1234.5678);
        }
    }

    #[test]
    fn repr_round_trips(bits: u64) {
        let x = f64::from_bits(bits);
        let mut s = String::new();
        float::write_repr_f64(&mut s, x).unwrap();
        let y = float::parse_f64(&s).unwrap();
        prop_assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "{} -> {}", x, s);
        // And matches Rust's own shortest digits.
        if x.is_finite() {
            prop_assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits());
        }
    }

    #[test]
    fn repr_f32_round_trips(bits: u32) {
        let x = f32::from_bits(bits);
        let mut s = String::new();
        float::write_repr_f32(&mut s, x).unwrap();
        let y = float::parse_f32(&s).unwrap();
        prop_assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "{} -> {}", x, s);
    }

    #[test]
    fn int_float_hash_agree(v in any::<i64>()) {
        let x = v as f64;
        if x as i128 == v as i128 {
            prop_assert_eq!(float::hash_f64(x), Some(float::hash_i64(v)));
        }
        let (n, m) = small(v);
        prop_assert_eq!(float::hash::hash_bigint(BigRef::new(n, &m)), float::hash_i64(v));
    }

    #[test]
    fn divmod_identity(x in -1e6f64..1e6, y in -1e3f64..1e3) {
        prop_assume!(y != 0.0);
        let (q, r) = float::divmod(x, y).unwrap();
        prop_assert!((q * y + r - x).abs() <= 1e-6 * x.abs().max(1.0));
        prop_assert!(r == 0.0 || (r < 0.0) == (y < 0.0));
        prop_assert_eq!(q, float::floordiv(x, y).unwrap());
        prop_assert_eq!(r, float::modulo(x, y).unwrap());
    }
}

#[test]
fn to_str_all_bases_with_exact_bounds() {
    // Worst cases for the in-place chunk conversion: every base, many sizes,
    // all-ones and sparse magnitudes, with buffers of exactly the bound.
    for n in (0..70).chain([100, 257]) {
        for pattern in [u32::MAX, 1, 0x8000_0001] {
            let m = vec![pattern; n];
            let reference = num_bigint::BigUint::new(m.clone());
            for base in 2..=36u32 {
                let mut buf = vec![0u8; text::to_str_len(n, base)];
                let mut scratch = vec![0; text::to_str_scratch_len(n, base)];
                let k = text::to_str(BigRef::new(true, &m), base, false, &mut buf, &mut scratch)
                    .unwrap();
                let s = std::str::from_utf8(&buf[..k]).unwrap();
                let expect = reference.to_str_radix(base);
                if n > 0 && reference != num_bigint::BigUint::default() {
                    assert_eq!(s, format!("-{expect}"), "n={n} base={base}");
                } else {
                    assert_eq!(s, "0");
                }
            }
        }
    }
}

#[test]
fn spec_syntax_errors() {
    use pyrite_num::fmtspec::SpecError;
    assert_eq!(
        FormatSpec::parse("9999999999999999999"),
        Err(SpecError::TooManyDigits)
    );
    assert_eq!(
        FormatSpec::parse(&"9".repeat(5000)),
        Err(SpecError::TooManyDigits)
    );
    assert_eq!(
        FormatSpec::parse(&"x".repeat(5000)),
        Err(SpecError::Invalid)
    );
    assert_eq!(FormatSpec::parse("5."), Err(SpecError::MissingPrecision));
    assert_eq!(FormatSpec::parse(",_"), Err(SpecError::BothSeparators));
    let s = FormatSpec::parse("\u{e9}^+z#012_.3%").unwrap();
    assert_eq!(s.fill, Some('\u{e9}'));
    assert_eq!(s.ty, Some('%'));
    assert_eq!(s.precision, Some(3));
    assert_eq!(s.width, 12);
    assert!(s.no_neg_zero && s.alternate && !s.zero);
}

/// Precisions above `core::fmt`'s limit (`u16::MAX`) print the exact
/// digits then zeros, as CPython does, and a huge one costs no time while
/// it is measured: the writer that runs out of room stops it.
#[test]
fn precision_beyond_core_fmt_limit() {
    let f = |spec: &str, x: f64| {
        let mut s = String::new();
        format_float(&mut s, &FormatSpec::parse(spec).unwrap(), x).unwrap();
        s
    };
    let s = f(".70000f", 1.5);
    assert_eq!(s.len(), 70002);
    assert!(s.starts_with("1.5000") && s.bytes().skip(2).all(|b| b == b'0' || b == b'5'));
    let s = f(".70000f", 0.1);
    assert!(s.starts_with("0.1000000000000000055511151231257827021181583404541015625000"));
    assert_eq!(s.len(), 70002);
    let s = f(".70000e", -2.5);
    assert_eq!(s.len(), 70007);
    assert!(s.starts_with("-2.5000") && s.ends_with("000e+00"));
    assert_eq!(f(".70000g", 1.5), "1.5");
    assert_eq!(f("#.70000g", 1.5).len(), 70001);
    assert_eq!(f(".70000%", 0.5).len(), 70004);
    // Two billion digits into a 64-byte buffer: a write error at once.
    let mut buf = [0u8; 64];
    let mut w = SliceWriter::new(&mut buf);
    let spec = FormatSpec::parse(".2000000000f").unwrap();
    assert!(format_float(&mut w, &spec, 1.5).is_err());
    let mut s = String::new();
    let spec = FormatSpec::parse("12.2000000000g").unwrap();
    format_float(&mut s, &spec, 0.25).unwrap();
    assert_eq!(s, "        0.25");
    // The boards' floats take the same path.
    let mut s = String::new();
    let spec = FormatSpec::parse(".70000e").unwrap();
    pyrite_num::fmtspec::format_f32(&mut s, &spec, 0.1).unwrap();
    assert!(s.starts_with("1.0000000149011611938") && s.ends_with("0e-01"));
    assert_eq!(s.len(), 70006);
}

#[test]
fn f32_formatting() {
    use pyrite_num::fmtspec::format_f32;
    let f = |spec: &str, x: f32| {
        let mut s = String::new();
        format_f32(&mut s, &FormatSpec::parse(spec).unwrap(), x).unwrap();
        s
    };
    assert_eq!(f("", 0.1), "0.1");
    assert_eq!(f("", 1e16), "1e+16");
    assert_eq!(f(">8", 2.5), "     2.5");
    // explicit types use the exact value of the f32
    assert_eq!(f(".10f", 0.1), "0.1000000015");
    assert_eq!(f("g", 0.1), "0.1");
}

#[test]
fn repr_breaks_exact_ties_to_even_as_cpython_does() {
    // 900719925474099.25 lies exactly between ...099.2 and ...099.3; CPython
    // prints the even one (generated with python3: repr(900719925474099.25)).
    let mut s = String::new();
    pyrite_num::float::write_repr_f64(&mut s, 900719925474099.0 + 0.25).unwrap();
    assert_eq!(s, "900719925474099.2");
    let mut s = String::new();
    pyrite_num::float::write_repr_f64(&mut s, 900719925474099.0 + 0.75).unwrap();
    assert_eq!(s, "900719925474099.8");
    let mut s = String::new();
    pyrite_num::float::write_repr_f64(&mut s, 0.1).unwrap();
    assert_eq!(s, "0.1");
}
