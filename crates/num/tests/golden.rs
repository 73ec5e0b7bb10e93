//! Golden tests: CPython's outputs (tests/data/golden.txt, made by
//! tests/gen_golden.py) against this crate.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use pyrite_num::bigint::{BigRef, Limb, signed, text};
use pyrite_num::fmtspec::percent::{self, parse_percent};
use pyrite_num::fmtspec::{FormatError, FormatSpec, IntArg, format_float, format_int, format_str};
use pyrite_num::{ExcKind, NumError, float};

const DATA: &str = include_str!("data/golden.txt");

fn unesc(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('u') => {
                assert_eq!(it.next(), Some('{'));
                let mut hex = String::new();
                for c in it.by_ref() {
                    if c == '}' {
                        break;
                    }
                    hex.push(c);
                }
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            other => panic!("bad escape {other:?}"),
        }
    }
    out
}

fn f64_of(hex: &str) -> f64 {
    f64::from_bits(u64::from_str_radix(hex, 16).unwrap())
}

fn bits_str(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else {
        format!("{:016x}", x.to_bits())
    }
}

fn exc_name(k: ExcKind) -> &'static str {
    match k {
        ExcKind::ZeroDivision => "ZeroDivisionError",
        ExcKind::Overflow => "OverflowError",
        ExcKind::Value => "ValueError",
        ExcKind::Memory => "MemoryError",
    }
}

fn num_err(e: NumError) -> String {
    format!("!{}: {}", exc_name(e.exception()), e.message())
}

fn fmt_err(e: FormatError, spec: &str, ty: &str) -> String {
    match e {
        FormatError::Spec(s) => {
            let mut m = String::new();
            s.write_message(&mut m, spec, ty).unwrap();
            format!("!ValueError: {m}")
        }
        FormatError::Num(n) => num_err(n),
    }
}

/// (neg, limbs) of a decimal integer.
fn big(s: &str) -> (bool, Vec<Limb>) {
    let b: BigInt = s.parse().unwrap();
    (b.is_negative(), b.magnitude().to_u32_digits())
}

fn with_int<R>(s: &str, mut f: impl FnMut(IntArg<'_>) -> R) -> Vec<R> {
    let (neg, mag) = big(s);
    let mut out = vec![f(IntArg::Big(BigRef::new(neg, &mag)))];
    if let Ok(v) = s.parse::<i64>() {
        out.push(f(IntArg::Small(v)));
    }
    out
}

fn int_text(w: pyrite_num::Written, buf: &[Limb]) -> String {
    let x = w.as_ref(buf);
    let mut scratch = vec![0; text::to_str_scratch_len(x.len(), 10)];
    let mut s = String::new();
    text::write_int(&mut s, x, 10, false, &mut scratch).unwrap();
    s
}

fn run_fmt_int(spec_s: &str, x: IntArg<'_>) -> String {
    let spec = match FormatSpec::parse(spec_s) {
        Ok(s) => s,
        Err(e) => return fmt_err(e.into(), spec_s, "int"),
    };
    let mut scratch = vec![0; pyrite_num::fmtspec::int::format_int_scratch_len(x)];
    let mut out = String::new();
    match format_int(&mut out, &spec, x, &mut scratch) {
        Ok(()) => out,
        Err(e) => fmt_err(e, spec_s, "int"),
    }
}

fn check(section: &str, f: &[String]) -> Option<String> {
    let fail = |got: String, want: &str| -> Option<String> {
        if got == want {
            None
        } else {
            Some(format!("got {got:?}, want {want:?}"))
        }
    };
    match section {
        "repr" => {
            let mut s = String::new();
            float::write_repr_f64(&mut s, f64_of(&f[0])).unwrap();
            fail(s, &f[1])
        }
        "repr32" => {
            let x = f32::from_bits(u32::from_str_radix(&f[0], 16).unwrap());
            let mut s = String::new();
            float::write_repr_f32(&mut s, x).unwrap();
            fail(s, &f[1])
        }
        "parse" | "literal" => {
            let r = if section == "parse" {
                float::parse_f64(&f[0])
            } else {
                float::parse_f64_literal(&f[0])
            };
            let got = match r {
                Ok(v) => bits_str(v),
                Err(_) if section == "parse" => "!ValueError".into(),
                Err(_) => "!SyntaxError".into(),
            };
            fail(got, &f[1])
        }
        "fmt_float" => {
            let x = f64_of(&f[0]);
            let got = match FormatSpec::parse(&f[1]) {
                Err(e) => fmt_err(e.into(), &f[1], "float"),
                Ok(spec) => {
                    let mut s = String::new();
                    match format_float(&mut s, &spec, x) {
                        Ok(()) => s,
                        Err(e) => fmt_err(e, &f[1], "float"),
                    }
                }
            };
            fail(got, &f[2])
        }
        "fmt_int" => {
            for got in with_int(&f[0], |x| run_fmt_int(&f[1], x)) {
                if let Some(e) = fail(got, &f[2]) {
                    return Some(e);
                }
            }
            None
        }
        "fmt_str" => {
            let got = match FormatSpec::parse(&f[1]) {
                Err(e) => fmt_err(e.into(), &f[1], "str"),
                Ok(spec) => {
                    let mut s = String::new();
                    match format_str(&mut s, &spec, &f[0]) {
                        Ok(()) => s,
                        Err(e) => fmt_err(e, &f[1], "str"),
                    }
                }
            };
            fail(got, &f[2])
        }
        "pct_int" => {
            let spec = parse_percent(&f[1][1..]).unwrap();
            for got in with_int(&f[0], |x| {
                let mut scratch = vec![0; pyrite_num::fmtspec::int::format_int_scratch_len(x)];
                let mut s = String::new();
                percent::percent_int(&mut s, &spec, x, &mut scratch).unwrap();
                s
            }) {
                if let Some(e) = fail(got, &f[2]) {
                    return Some(e);
                }
            }
            None
        }
        "pct_float" => {
            let spec = parse_percent(&f[1][1..]).unwrap();
            let mut s = String::new();
            percent::percent_float(&mut s, &spec, f64_of(&f[0])).unwrap();
            fail(s, &f[2])
        }
        "pct_str" => {
            let spec = parse_percent(&f[1][1..]).unwrap();
            let mut s = String::new();
            if spec.conv == 'c' {
                percent::percent_char(&mut s, &spec, f[0].chars().next().unwrap()).unwrap();
            } else {
                percent::percent_str(&mut s, &spec, &f[3]).unwrap();
            }
            fail(s, &f[2])
        }
        "pct_char" => {
            let spec = parse_percent(&f[1][1..]).unwrap();
            let v: i64 = f[0].parse().unwrap();
            let mut s = String::new();
            let got = match percent::char_from_int(IntArg::Small(v)) {
                Ok(c) => {
                    percent::percent_char(&mut s, &spec, c).unwrap();
                    s
                }
                Err(e) => num_err(e),
            };
            fail(got, &f[2])
        }
        "round" => {
            let got = match float::round_digits(f64_of(&f[0]), f[1].parse().unwrap()) {
                Ok(v) => bits_str(v),
                Err(e) => num_err(e),
            };
            fail(got, &f[2])
        }
        "round0" => {
            let r = float::round_half_even(f64_of(&f[0]));
            let mut buf = vec![0; 40];
            let got = match signed::from_f64(r, &mut buf) {
                Ok(w) => int_text(w, &buf),
                Err(e) => num_err(e),
            };
            fail(got, &f[1])
        }
        "divmod" => {
            let got = match float::divmod(f64_of(&f[0]), f64_of(&f[1])) {
                Ok((q, r)) => format!("{} {}", bits_str(q), bits_str(r)),
                Err(e) => num_err(e),
            };
            fail(got, &f[2])
        }
        "hash_float" => {
            let x = f64_of(&f[0]);
            let h61 = float::hash::hash_f64_bits(x, 61).unwrap();
            let h31 = float::hash::hash_f64_bits(x, 31).unwrap();
            fail(format!("{h61} {h31}"), &format!("{} {}", f[1], f[2]))
        }
        "hash_int" => {
            let (neg, mag) = big(&f[0]);
            let x = BigRef::new(neg, &mag);
            let h61 = float::hash::hash_bigint_bits(x, 61);
            let h31 = float::hash::hash_bigint_bits(x, 31);
            if let Ok(v) = f[0].parse::<i64>() {
                assert_eq!(float::hash::hash_i64_bits(v, 61), h61);
                assert_eq!(float::hash::hash_i64_bits(v, 31), h31);
            }
            fail(format!("{h61} {h31}"), &format!("{} {}", f[1], f[2]))
        }
        "int_parse" => {
            let base: u32 = f[1].parse().unwrap();
            let mut out = vec![0; text::parse_int_len(f[0].len(), base)];
            let got = match text::parse_int(&f[0], base, &mut out) {
                Ok(w) => int_text(w, &out),
                Err(NumError::Value(pyrite_num::ValueKind::InvalidIntLiteral)) => {
                    let prefix =
                        format!("!ValueError: invalid literal for int() with base {base}: ");
                    if f[2].starts_with(&prefix) {
                        return None;
                    }
                    "!ValueError: invalid literal".into()
                }
                Err(e) => num_err(e),
            };
            fail(got, &f[2])
        }
        "int_str" => {
            let base: u32 = f[1].parse().unwrap();
            let (neg, mag) = big(&f[0]);
            let x = BigRef::new(neg, &mag);
            let mut buf = vec![0u8; text::to_str_len(mag.len(), base)];
            let mut scratch = vec![0; text::to_str_scratch_len(mag.len(), base)];
            let n = text::to_str(x, base, false, &mut buf, &mut scratch).unwrap();
            fail(String::from_utf8(buf[..n].to_vec()).unwrap(), &f[2])
        }
        "truediv" => {
            let (an, am) = big(&f[0]);
            let (bn, bm) = big(&f[1]);
            let mut scratch = vec![0; signed::truediv_scratch_len(am.len(), bm.len())];
            let got =
                match signed::truediv(BigRef::new(an, &am), BigRef::new(bn, &bm), &mut scratch) {
                    Ok(v) => bits_str(v),
                    Err(e) => num_err(e),
                };
            fail(got, &f[2])
        }
        "to_float" => {
            let (n, m) = big(&f[0]);
            let got = match signed::to_f64(BigRef::new(n, &m)) {
                Ok(v) => bits_str(v),
                Err(e) => num_err(e),
            };
            // cross-check with num-bigint's (also correctly rounded) conversion
            if let Some(v) = BigInt::parse_bytes(f[0].as_bytes(), 10).and_then(|b| b.to_f64())
                && v.is_finite()
            {
                assert_eq!(bits_str(v), got, "num-bigint disagrees on {}", f[0]);
            }
            fail(got, &f[1])
        }
        other => panic!("unknown section {other}"),
    }
}

#[test]
fn golden_corpus() {
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for line in DATA.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut parts = line.split('\t');
        let section = parts.next().unwrap();
        let fields: Vec<String> = parts.map(unesc).collect();
        *counts.entry(section.to_string()).or_insert(0usize) += 1;
        if let Some(msg) = check(section, &fields) {
            failures.push(format!("[{section}] {fields:?}: {msg}"));
        }
    }
    eprintln!("golden cases per section: {counts:?}");
    for f in failures.iter().take(80) {
        eprintln!("{f}");
    }
    assert!(failures.is_empty(), "{} golden failures", failures.len());
}
