//! The text of complex numbers: `complex('1+2j')` parsing and the repr
//! MicroPython prints (`(1+2j)`, `2j`, `(1.5-2.25j)`, `(nan+infj)`).
//!
//! The printed form follows MicroPython: a zero real part (either sign)
//! prints the imaginary part alone (`-1j`, where CPython prints
//! `(-0-1j)`); otherwise both in parentheses, the imaginary part with its
//! sign (`+` for NaN). Each part is the float's repr without a `.0`
//! ending (`1000j`, `1e+16j`). The parser accepts what CPython's
//! `complex(str)` accepts: surrounding whitespace and parentheses, `real`,
//! `imagj`, `real±imagj`, `j` alone meaning `1j`; no inner whitespace.

use core::fmt::{self, Write};

use crate::error::{NumError, NumResult, ValueKind};
use crate::float::{StoredF32, parse_f32, parse_f64, write_repr_f64, write_repr_stored_f32};
use crate::util::{SliceWriter, py_strip};

/// A part of a complex number as its repr prints it: `f64` on hosts,
/// [`StoredF32`] (or `f32`) on the 32-bit boards.
pub trait ComplexPart: Copy {
    /// Whether the value is zero (`0.0` or `-0.0`).
    fn is_zero(self) -> bool;
    /// Whether the sign bit is set and the value is not NaN.
    fn is_negative(self) -> bool;
    /// Writes the float's repr (`1000.0`, `-0.0`, `1e-05`, `nan`).
    fn write_repr(self, w: &mut dyn Write) -> fmt::Result;
}

impl ComplexPart for f64 {
    fn is_zero(self) -> bool {
        self == 0.0
    }
    fn is_negative(self) -> bool {
        self.is_sign_negative() && !self.is_nan()
    }
    fn write_repr(self, w: &mut dyn Write) -> fmt::Result {
        write_repr_f64(w, self)
    }
}

impl ComplexPart for StoredF32 {
    fn is_zero(self) -> bool {
        self.value() == 0.0
    }
    fn is_negative(self) -> bool {
        self.value().is_sign_negative() && !self.value().is_nan()
    }
    fn write_repr(self, w: &mut dyn Write) -> fmt::Result {
        write_repr_stored_f32(w, self)
    }
}

impl ComplexPart for f32 {
    fn is_zero(self) -> bool {
        self == 0.0
    }
    fn is_negative(self) -> bool {
        self.is_sign_negative() && !self.is_nan()
    }
    fn write_repr(self, w: &mut dyn Write) -> fmt::Result {
        write_repr_stored_f32(w, StoredF32::exact(self))
    }
}

/// Writes one part: the float's repr without a `.0` ending.
fn write_part(w: &mut dyn Write, part: &dyn Fn(&mut dyn Write) -> fmt::Result) -> fmt::Result {
    // The longest repr, `-2.2250738585072014e-308`, is 24 bytes.
    let mut buf = [0; 32];
    let mut text = SliceWriter::new(&mut buf);
    part(&mut text)?;
    let s = text.as_str();
    w.write_str(s.strip_suffix(".0").unwrap_or(s))
}

/// Writes `repr(complex(re, im))` as MicroPython prints it.
pub fn write_complex_repr<W: Write + ?Sized, P: ComplexPart>(
    w: &mut W,
    re: P,
    im: P,
) -> fmt::Result {
    let mut w = w;
    write_repr_dyn(
        &mut w,
        re.is_zero(),
        im.is_negative(),
        &|w| re.write_repr(w),
        &|w| im.write_repr(w),
    )
}

/// [`write_complex_repr`] without generics: one copy of the layout code.
fn write_repr_dyn(
    w: &mut dyn Write,
    re_zero: bool,
    im_negative: bool,
    re: &dyn Fn(&mut dyn Write) -> fmt::Result,
    im: &dyn Fn(&mut dyn Write) -> fmt::Result,
) -> fmt::Result {
    if re_zero {
        write_part(w, im)?;
        return w.write_str("j");
    }
    w.write_str("(")?;
    write_part(w, re)?;
    if !im_negative {
        w.write_str("+")?;
    }
    write_part(w, im)?;
    w.write_str("j)")
}

fn malformed() -> NumError {
    NumError::Value(ValueKind::InvalidFloatLiteral)
}

/// The real and imaginary texts of a complex literal (`None`: no such
/// part). An imaginary text of `""`, `"+"` or `"-"` means one.
fn split(s: &str) -> NumResult<(Option<&str>, Option<&str>)> {
    let mut t = py_strip(s);
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        t = py_strip(inner);
    }
    if t.is_empty() || t.contains(crate::util::is_py_space) {
        return Err(malformed());
    }
    let Some(body) = t.strip_suffix(['j', 'J']) else {
        return Ok((Some(t), None));
    };
    // The imaginary part starts at the last sign that is not an exponent's.
    let bytes = body.as_bytes();
    let at = (1..bytes.len())
        .rev()
        .find(|&i| matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E'));
    Ok(match at {
        Some(i) => (Some(&body[..i]), Some(&body[i..])),
        None => (None, Some(body)),
    })
}

/// Parses `complex(s)` with `parse` for each part.
fn parse_with<F: Copy>(s: &str, zero: F, parse: fn(&str) -> NumResult<F>) -> NumResult<(F, F)> {
    let (re, im) = split(s)?;
    let re = match re {
        Some(t) => parse(t).map_err(|_| malformed())?,
        None => zero,
    };
    let im = match im {
        None => zero,
        Some("" | "+") => parse("1")?,
        Some("-") => parse("-1")?,
        Some(t) => parse(t).map_err(|_| malformed())?,
    };
    Ok((re, im))
}

/// Python `complex(s)` in double precision. Error: `Value(InvalidFloatLiteral)`
/// (the caller raises `ValueError: complex() arg is a malformed string`).
pub fn parse_complex_f64(s: &str) -> NumResult<(f64, f64)> {
    parse_with(s, 0.0, parse_f64)
}

/// Python `complex(s)` with each part rounded to `f32`.
pub fn parse_complex_f32(s: &str) -> NumResult<(f32, f32)> {
    parse_with(s, 0.0, parse_f32)
}

#[cfg(test)]
mod tests {
    extern crate alloc;
    use super::*;
    use alloc::string::String;

    fn repr(re: f64, im: f64) -> String {
        let mut s = String::new();
        write_complex_repr(&mut s, re, im).unwrap();
        s
    }

    #[test]
    fn prints_as_micropython() {
        assert_eq!(repr(1.0, 2.0), "(1+2j)");
        assert_eq!(repr(0.0, 2.0), "2j");
        assert_eq!(repr(-0.0, -1.0), "-1j");
        assert_eq!(repr(0.0, -0.0), "-0j");
        assert_eq!(repr(0.0, 0.0), "0j");
        assert_eq!(repr(1.5, -2.25), "(1.5-2.25j)");
        assert_eq!(repr(-1.0, -0.0), "(-1-0j)");
        assert_eq!(repr(f64::NAN, f64::INFINITY), "(nan+infj)");
        assert_eq!(repr(f64::NEG_INFINITY, f64::NAN), "(-inf+nanj)");
        assert_eq!(repr(0.0, 1000.0), "1000j");
        assert_eq!(repr(0.0, 1e16), "1e+16j");
        assert_eq!(repr(0.0, 1e-7), "1e-07j");
        assert_eq!(repr(1e300, 1e-300), "(1e+300+1e-300j)");
        assert_eq!(
            repr(0.0, 123456789012345678901234567890.0),
            "1.2345678901234568e+29j"
        );
        assert_eq!(
            repr(-2.2250738585072014e-308, 0.1),
            "(-2.2250738585072014e-308+0.1j)"
        );
    }

    #[test]
    fn prints_f32_parts_shortest() {
        let mut s = String::new();
        write_complex_repr(&mut s, 0.1f32, -3.0f32).unwrap();
        assert_eq!(s, "(0.1-3j)");
    }

    #[test]
    fn parses_cpython_forms() {
        let ok = |s: &str| parse_complex_f64(s).unwrap();
        assert_eq!(ok("1+2j"), (1.0, 2.0));
        assert_eq!(ok(" ( 1-2.5J ) "), (1.0, -2.5));
        assert_eq!(ok("3"), (3.0, 0.0));
        assert_eq!(ok("j"), (0.0, 1.0));
        assert_eq!(ok("-j"), (0.0, -1.0));
        assert_eq!(ok("+j"), (0.0, 1.0));
        assert_eq!(ok("1-j"), (1.0, -1.0));
        assert_eq!(ok("1e3+1e-3j"), (1000.0, 0.001));
        assert_eq!(ok("1E+3-1e+3j"), (1000.0, -1000.0));
        assert_eq!(ok("\t1_0j\n"), (0.0, 10.0));
        assert_eq!(ok(".5j"), (0.0, 0.5));
        assert_eq!(ok("5.j"), (0.0, 5.0));
        assert_eq!(ok("1e400j"), (0.0, f64::INFINITY));
        let (re, im) = ok("nan-infj");
        assert!(re.is_nan() && im == f64::NEG_INFINITY);
        let (re, im) = ok("-0j");
        assert!(re == 0.0 && !re.is_sign_negative() && im.is_sign_negative());
    }

    #[test]
    fn rejects_malformed_text() {
        for s in [
            "", " ", "()", "(", "(1+2j", "1 + 2j", "1+2", "j1", "1+2jj", "1+-2j", "++1j", "0x10j",
            "3e", "1+2i", "abc", "1+j2", "--j", "e5j",
        ] {
            assert!(parse_complex_f64(s).is_err(), "{s:?}");
            assert!(parse_complex_f32(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn repr_reads_back() {
        for (re, im) in [
            (1.0, 2.0),
            (0.0, -1.0),
            (-1.5, -0.0),
            (1e-300, 3e200),
            (0.1, 0.2),
        ] {
            let text = repr(re, im);
            let (r, i) = parse_complex_f64(&text).unwrap();
            assert_eq!(
                (r.to_bits(), i.to_bits()),
                (re.to_bits(), im.to_bits()),
                "{text}"
            );
        }
    }
}
