//! `float(str)` and float literals, correctly rounded.
//!
//! The text is validated against Python's grammar here. For `f64` it is then
//! normalised (underscores removed) and handed to `core`'s correctly rounded
//! parser: inputs without underscores are passed through without copying;
//! others are copied into a small stack buffer, and very long ones are
//! reduced to 800 significant digits plus a sticky digit, which preserves
//! correct rounding. `f32` (the boards' float) is read by `parse32`, with
//! integer arithmetic and no `core` float parsing.

use crate::error::{NumError, NumResult, ValueKind};
use crate::util::py_strip;

fn invalid() -> NumError {
    NumError::Value(ValueKind::InvalidFloatLiteral)
}

/// What a validated numeral looks like.
struct Shape {
    has_underscore: bool,
}

/// Validate `digitpart? ('.' digitpart?)? ([eE] [+-]? digitpart)?` with at
/// least one mantissa digit, where `digitpart = digit ('_'? digit)*`.
fn validate(t: &[u8]) -> Option<Shape> {
    let mut i = 0;
    let mut has_underscore = false;
    // Returns the number of digits read; None on a misplaced underscore.
    let mut digitpart = |i: &mut usize| -> Option<usize> {
        let mut n = 0;
        while *i < t.len() {
            match t[*i] {
                b'0'..=b'9' => {
                    n += 1;
                    *i += 1;
                }
                b'_' => {
                    if n == 0 || !t.get(*i + 1).is_some_and(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    has_underscore = true;
                    *i += 1;
                }
                _ => break,
            }
        }
        Some(n)
    };
    let int_digits = digitpart(&mut i)?;
    let mut frac_digits = 0;
    if t.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = digitpart(&mut i)?;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digitpart(&mut i)? == 0 {
            return None;
        }
    }
    if i != t.len() {
        return None;
    }
    Some(Shape { has_underscore })
}

/// `inf`/`infinity` (`Some(true)`) or `nan` (`Some(false)`), in any case.
fn special(t: &[u8]) -> Option<bool> {
    if t.eq_ignore_ascii_case(b"inf") || t.eq_ignore_ascii_case(b"infinity") {
        Some(true)
    } else if t.eq_ignore_ascii_case(b"nan") {
        Some(false)
    } else {
        None
    }
}

/// Python `float(s)`: surrounding whitespace, an optional sign, then a
/// decimal numeral (underscores only between digits) or `inf`, `infinity`,
/// `nan` in any case. Correctly rounded; overflow gives `inf` as in Python.
/// Error: `Value(InvalidFloatLiteral)` (the caller builds
/// `could not convert string to float: '...'`).
pub fn parse_f64(s: &str) -> NumResult<f64> {
    let t = py_strip(s).as_bytes();
    let (neg, body) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let v = match special(body) {
        Some(true) => f64::INFINITY,
        Some(false) => f64::NAN,
        None => parse_numeral(body)?,
    };
    Ok(if neg { -v } else { v })
}

/// Python `float(s)` rounded directly to `f32` precision (for boards whose
/// floats are 32-bit), with the same grammar and error as [`parse_f64`].
/// Integer arithmetic only: no `core` float parsing is linked.
pub fn parse_f32(s: &str) -> NumResult<f32> {
    let t = py_strip(s).as_bytes();
    let (neg, body) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let v = match special(body) {
        Some(true) => f32::INFINITY,
        Some(false) => f32::NAN,
        None => {
            validate(body).ok_or_else(invalid)?;
            super::parse32::read_numeral(body).to_f32()
        }
    };
    Ok(if neg { -v } else { v })
}

/// A float literal as the compiler sees it: no sign, no whitespace, no
/// `inf`/`nan`, e.g. `1.5`, `.5`, `5.`, `1e-3`, `1_000.000_1`.
pub fn parse_f64_literal(s: &str) -> NumResult<f64> {
    parse_numeral(s.as_bytes())
}

fn parse_numeral(t: &[u8]) -> NumResult<f64> {
    let shape = validate(t).ok_or_else(invalid)?;
    with_normalised(t, shape.has_underscore, |s| s.parse::<f64>().ok())
}

/// Call `f` with an underscore-free, `core`-parseable version of the validated
/// numeral `t`.
fn with_normalised<T>(t: &[u8], underscores: bool, f: impl Fn(&str) -> Option<T>) -> NumResult<T> {
    if !underscores {
        let s = core::str::from_utf8(t).map_err(|_| invalid())?;
        return f(s).ok_or_else(invalid);
    }
    let mut buf = [0u8; 64];
    if t.len() <= buf.len() {
        let mut n = 0;
        for &c in t.iter().filter(|&&c| c != b'_') {
            buf[n] = c;
            n += 1;
        }
        let s = core::str::from_utf8(&buf[..n]).map_err(|_| invalid())?;
        return f(s).ok_or_else(invalid);
    }
    long_normalised(t, f)
}

/// Significant digits kept for long inputs (more than the 767 a halfway point
/// between two `f64`s can need).
const KEEP: usize = 800;

#[inline(never)]
fn long_normalised<T>(t: &[u8], f: impl Fn(&str) -> Option<T>) -> NumResult<T> {
    let mut buf = [0u8; KEEP + 32];
    let mut n = 0;
    let mut sticky = false;
    let mut exp_adj: i64 = 0; // value = digits * 10^(exp + exp_adj)
    let mut seen_dot = false;
    let mut i = 0;
    while i < t.len() {
        let c = t[i];
        match c {
            b'_' => {}
            b'.' => seen_dot = true,
            b'0'..=b'9' => {
                if n == 0 && c == b'0' {
                    // leading zero: not significant
                    if seen_dot {
                        exp_adj -= 1;
                    }
                } else if n < KEEP {
                    buf[n] = c;
                    n += 1;
                    if seen_dot {
                        exp_adj -= 1;
                    }
                } else {
                    sticky |= c != b'0';
                    if !seen_dot {
                        exp_adj += 1;
                    }
                }
            }
            _ => break, // exponent marker
        }
        i += 1;
    }
    let mut exp: i64 = 0;
    if i < t.len() {
        // [eE][+-]?digits
        i += 1;
        let mut eneg = false;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            eneg = t[i] == b'-';
            i += 1;
        }
        for &c in &t[i..] {
            if c.is_ascii_digit() {
                exp = (exp * 10 + (c - b'0') as i64).min(1 << 40);
            }
        }
        if eneg {
            exp = -exp;
        }
    }
    if n == 0 {
        buf[0] = b'0';
        n = 1;
    }
    if sticky {
        buf[n] = b'1';
        n += 1;
        exp_adj -= 1;
    }
    let total = (exp + exp_adj).clamp(-(1 << 30), 1 << 30);
    buf[n] = b'e';
    n += 1;
    let mut w = crate::util::SliceWriter::new(&mut buf[n..]);
    core::fmt::Write::write_fmt(&mut w, format_args!("{total}")).map_err(|_| invalid())?;
    n += w.len();
    let s = core::str::from_utf8(&buf[..n]).map_err(|_| invalid())?;
    f(s).ok_or_else(invalid)
}
