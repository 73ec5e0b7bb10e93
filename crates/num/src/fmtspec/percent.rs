//! printf-style `%` formatting, one conversion at a time.
//!
//! The caller walks the format string: at each `%` it calls
//! [`parse_percent`] on the text after the `%`, fetches the value(s) (and
//! `*` widths/precisions), then calls the `percent_*` function for the
//! conversion type:
//!
//! | conversion | function |
//! |---|---|
//! | `d i u x X o` | [`percent_int`] |
//! | `e E f F g G` | [`percent_float`] (`f64`), [`percent_f32`] (`f32` boards) |
//! | `s r a` (the caller supplies `str()`/`repr()`/`ascii()`) | [`percent_str`] |
//! | `c` | [`percent_char`] (use [`char_from_int`] for int arguments) |
//! | `%` | writes `%` |

use super::int::{IntArg, sign_str, write_digits};
use super::parse::{Align, FormatSpec, Sign};
use super::str::write_padded;
use super::{FormatResult, NumberLayout, Pad};
use crate::bigint::Limb;
use crate::error::NumError;

use core::fmt::Write;

/// A width or precision in a `%` conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Count {
    /// Not given.
    #[default]
    None,
    /// `*`: taken from the arguments (the caller resolves it into the spec).
    Star,
    /// A literal number.
    Value(usize),
}

/// One parsed `%` conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PercentSpec {
    /// Byte range (relative to the text after `%`) of a `(key)`, if any.
    pub key: Option<(usize, usize)>,
    /// `-` flag.
    pub left: bool,
    /// `+` flag.
    pub plus: bool,
    /// ` ` flag.
    pub space: bool,
    /// `0` flag.
    pub zero: bool,
    /// `#` flag.
    pub alt: bool,
    /// Minimum width.
    pub width: Count,
    /// Precision.
    pub precision: Count,
    /// The conversion character.
    pub conv: char,
    /// Bytes of the text after `%` consumed by this conversion.
    pub len: usize,
}

/// Why a `%` conversion cannot be parsed (`ValueError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PercentError {
    /// `incomplete format`.
    Incomplete,
    /// `incomplete format key`.
    IncompleteKey,
    /// `unsupported format character 'z' (0x7a) at index N`: `offset` is
    /// the byte offset of the character in the text after `%`; the caller
    /// turns it into a character index in the whole format string.
    Unsupported {
        /// The offending character.
        ch: char,
        /// Its byte offset after the `%`.
        offset: usize,
    },
    /// A width or precision too large (`OverflowError`? CPython: `width too big`).
    TooBig,
}

/// Parse one conversion from the text right after a `%`.
pub fn parse_percent(s: &str) -> Result<PercentSpec, PercentError> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut spec = PercentSpec::default();
    if b.first() == Some(&b'(') {
        let mut depth = 1;
        i = 1;
        while i < b.len() && depth > 0 {
            match b[i] {
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        if depth > 0 {
            return Err(PercentError::IncompleteKey);
        }
        spec.key = Some((1, i - 1));
    }
    while let Some(&c) = b.get(i) {
        match c {
            b'-' => spec.left = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'0' => spec.zero = true,
            b'#' => spec.alt = true,
            _ => break,
        }
        i += 1;
    }
    let count = |i: &mut usize| -> Result<Count, PercentError> {
        if b.get(*i) == Some(&b'*') {
            *i += 1;
            return Ok(Count::Star);
        }
        let start = *i;
        let mut v: usize = 0;
        while let Some(&c) = b.get(*i) {
            if !c.is_ascii_digit() {
                break;
            }
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add((c - b'0') as usize))
                .filter(|&v| v <= isize::MAX as usize)
                .ok_or(PercentError::TooBig)?;
            *i += 1;
        }
        Ok(if *i == start {
            Count::None
        } else {
            Count::Value(v)
        })
    };
    spec.width = count(&mut i)?;
    if b.get(i) == Some(&b'.') {
        i += 1;
        spec.precision = match count(&mut i)? {
            Count::None => Count::Value(0),
            c => c,
        };
    }
    // Length modifiers are accepted and ignored.
    while matches!(b.get(i), Some(b'h' | b'l' | b'L')) {
        i += 1;
    }
    let ch = s[i.min(s.len())..]
        .chars()
        .next()
        .ok_or(PercentError::Incomplete)?;
    match ch {
        // `b` is for `bytes` formats only; the caller rejects it for `str`.
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 's' | 'r' | 'a'
        | 'b' | 'c' | '%' => {}
        _ => return Err(PercentError::Unsupported { ch, offset: i }),
    }
    spec.conv = ch;
    spec.len = i + ch.len_utf8();
    Ok(spec)
}

impl PercentSpec {
    fn width(&self) -> usize {
        match self.width {
            Count::Value(v) => v,
            _ => 0,
        }
    }
    fn precision(&self) -> Option<usize> {
        match self.precision {
            Count::Value(v) => Some(v),
            _ => None,
        }
    }
    fn sign(&self) -> Sign {
        if self.plus {
            Sign::Plus
        } else if self.space {
            Sign::Space
        } else {
            Sign::Minus
        }
    }
    fn number_pad(&self) -> Pad {
        if self.left {
            Pad {
                fill: ' ',
                align: Align::Left,
                width: self.width(),
            }
        } else if self.zero {
            Pad {
                fill: '0',
                align: Align::AfterSign,
                width: self.width(),
            }
        } else {
            Pad {
                fill: ' ',
                align: Align::Right,
                width: self.width(),
            }
        }
    }
    fn str_pad(&self) -> Pad {
        let align = if self.left { Align::Left } else { Align::Right };
        Pad {
            fill: ' ',
            align,
            width: self.width(),
        }
    }
    /// Resolve a `*` width: a negative value means left alignment, as in C.
    pub fn set_star_width(&mut self, w: i64) {
        if w < 0 {
            self.left = true;
        }
        self.width = Count::Value(usize::try_from(w.unsigned_abs()).unwrap_or(usize::MAX));
    }
    /// Resolve a `*` precision (negative means none).
    pub fn set_star_precision(&mut self, p: i64) {
        self.precision = match usize::try_from(p) {
            Ok(p) => Count::Value(p),
            Err(_) => Count::None,
        };
    }
}

/// `%d %i %u %x %X %o` of an int: precision is a minimum digit count;
/// `#` adds `0x`/`0X`/`0o`. `scratch` as
/// [`format_int_scratch_len`](super::int::format_int_scratch_len).
pub fn percent_int<W: Write + ?Sized>(
    w: &mut W,
    spec: &PercentSpec,
    x: IntArg<'_>,
    scratch: &mut [Limb],
) -> FormatResult {
    let (base, upper, prefix) = match spec.conv {
        'x' => (16, false, "0x"),
        'X' => (16, true, "0X"),
        'o' => (8, false, "0o"),
        _ => (10, false, ""),
    };
    let neg = x.is_negative();
    let digits = x.digits(base, upper, scratch)?;
    let layout = NumberLayout {
        sign: sign_str(neg, spec.sign()),
        prefix: if spec.alt { prefix } else { "" },
        n_int: digits.len(),
        min_digits: spec.precision().unwrap_or(0),
        group: None,
        rest_len: 0,
    };
    layout.write(w, spec.number_pad(), |b| write_digits(b, &digits, None))?;
    Ok(())
}

/// `%e %E %f %F %g %G` of a float (default precision 6).
pub fn percent_float<W: Write + ?Sized>(w: &mut W, spec: &PercentSpec, x: f64) -> FormatResult {
    super::float::format_float(w, &float_spec(spec), x)
}

/// [`percent_float`] for an `f32`-precision float (32-bit boards), with
/// [`format_f32`](super::format_f32)'s integer-only digits.
pub fn percent_f32<W: Write + ?Sized>(w: &mut W, spec: &PercentSpec, x: f32) -> FormatResult {
    super::float::format_f32(w, &float_spec(spec), x)
}

/// The format spec that does what a float `%` conversion does.
fn float_spec(spec: &PercentSpec) -> FormatSpec {
    let pad = spec.number_pad();
    FormatSpec {
        fill: Some(pad.fill),
        align: Some(pad.align),
        sign: spec.sign(),
        no_neg_zero: false,
        alternate: spec.alt,
        zero: false,
        width: pad.width,
        grouping: None,
        precision: Some(spec.precision().unwrap_or(6)),
        ty: Some(spec.conv),
    }
}

/// `%s %r %a` given the already converted text: precision truncates to that
/// many characters, width pads (right-aligned unless `-`).
pub fn percent_str<W: Write + ?Sized>(w: &mut W, spec: &PercentSpec, s: &str) -> FormatResult {
    let s = match spec.precision() {
        Some(p) => match s.char_indices().nth(p) {
            Some((i, _)) => &s[..i],
            None => s,
        },
        None => s,
    };
    write_padded(w, s, spec.str_pad())?;
    Ok(())
}

/// `%c` of a character (from a length-1 str, or [`char_from_int`]).
pub fn percent_char<W: Write + ?Sized>(w: &mut W, spec: &PercentSpec, c: char) -> FormatResult {
    let mut buf = [0u8; 4];
    write_padded(w, c.encode_utf8(&mut buf), spec.str_pad())?;
    Ok(())
}

/// The character for `%c` / format type `c` of an int:
/// `Overflow(CharRange)` outside `range(0x110000)` (and for lone surrogates,
/// which a Rust `char` cannot hold).
pub fn char_from_int(x: IntArg<'_>) -> Result<char, NumError> {
    x.to_char(crate::error::OverflowKind::CharRange)
}
