//! The format-spec mini-language (`format(value, spec)`, `str.format`,
//! f-strings) and printf-style `%` conversions.
//!
//! [`FormatSpec::parse`] reads `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`
//! (syntax only); [`format_int`], [`format_float`] and [`format_str`] check
//! it against the value's type and write the result to any
//! `core::fmt::Write` (a `fmt::Error` from the sink is reported as
//! [`NumError::Write`], meaning out of memory). The [`percent`] module does
//! the same for one `%` conversion.

pub mod float;
pub mod int;
pub mod parse;
pub mod percent;
pub mod str;

pub use float::{format_f32, format_float, format_stored_f32};
pub use int::{IntArg, format_int};
pub use parse::{Align, FormatSpec, Grouping, Sign};
pub use str::format_str;

use crate::error::NumError;
use crate::util::Batch;
use core::fmt::{self, Write};

/// Why a format spec is rejected (`ValueError` in Python, except none).
/// [`SpecError::write_message`] builds CPython's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// `Invalid format specifier '{spec}' for object of type '{type}'`.
    Invalid,
    /// `Too many decimal digits in format string`.
    TooManyDigits,
    /// `Format specifier missing precision`.
    MissingPrecision,
    /// `Cannot specify both ',' and '_'.`
    BothSeparators,
    /// `Cannot specify ',' with 'x'.`
    SeparatorWithType {
        /// The grouping character.
        sep: char,
        /// The presentation type.
        ty: char,
    },
    /// `Unknown format code 'x' for object of type '{type}'`.
    UnknownCode(char),
    /// `Precision not allowed in integer format specifier`.
    PrecisionNotAllowedInt,
    /// `Negative zero coercion (z) not allowed in integer format specifier`.
    NegZeroInt,
    /// `Negative zero coercion (z) not allowed in string format specifier`.
    NegZeroStr,
    /// `Sign not allowed in string format specifier`.
    SignStr,
    /// `Alternate form (#) not allowed in string format specifier`.
    AltStr,
    /// `'=' alignment not allowed in string format specifier`.
    EqAlignStr,
    /// `Sign not allowed with integer format specifier 'c'`.
    SignWithC,
    /// `Alternate form (#) not allowed with integer format specifier 'c'`.
    AltWithC,
}

impl SpecError {
    /// Write CPython's message. `spec` is the whole spec text and
    /// `type_name` the value's type name (`int`, `float`, `str`).
    pub fn write_message<W: Write + ?Sized>(
        &self,
        w: &mut W,
        spec: &str,
        type_name: &str,
    ) -> fmt::Result {
        match *self {
            SpecError::Invalid => {
                write!(
                    w,
                    "Invalid format specifier '{spec}' for object of type '{type_name}'"
                )
            }
            SpecError::TooManyDigits => w.write_str("Too many decimal digits in format string"),
            SpecError::MissingPrecision => w.write_str("Format specifier missing precision"),
            SpecError::BothSeparators => w.write_str("Cannot specify both ',' and '_'."),
            SpecError::SeparatorWithType { sep, ty } => {
                write!(w, "Cannot specify '{sep}' with '{ty}'.")
            }
            SpecError::UnknownCode(c) => {
                write!(
                    w,
                    "Unknown format code '{c}' for object of type '{type_name}'"
                )
            }
            SpecError::PrecisionNotAllowedInt => {
                w.write_str("Precision not allowed in integer format specifier")
            }
            SpecError::NegZeroInt => {
                w.write_str("Negative zero coercion (z) not allowed in integer format specifier")
            }
            SpecError::NegZeroStr => {
                w.write_str("Negative zero coercion (z) not allowed in string format specifier")
            }
            SpecError::SignStr => w.write_str("Sign not allowed in string format specifier"),
            SpecError::AltStr => {
                w.write_str("Alternate form (#) not allowed in string format specifier")
            }
            SpecError::EqAlignStr => {
                w.write_str("'=' alignment not allowed in string format specifier")
            }
            SpecError::SignWithC => {
                w.write_str("Sign not allowed with integer format specifier 'c'")
            }
            SpecError::AltWithC => {
                w.write_str("Alternate form (#) not allowed with integer format specifier 'c'")
            }
        }
    }
}

/// An error from formatting: a rejected spec (`ValueError`) or a numeric /
/// output error ([`NumError`]: `%c` range, int too large for a float, the
/// sink failing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The spec does not apply (`ValueError`).
    Spec(SpecError),
    /// A numeric or output error.
    Num(NumError),
}

impl From<SpecError> for FormatError {
    fn from(e: SpecError) -> Self {
        FormatError::Spec(e)
    }
}

impl From<NumError> for FormatError {
    fn from(e: NumError) -> Self {
        FormatError::Num(e)
    }
}

impl From<fmt::Error> for FormatError {
    fn from(_: fmt::Error) -> Self {
        FormatError::Num(NumError::Write)
    }
}

/// Result of formatting functions.
pub type FormatResult = Result<(), FormatError>;

/// Resolved padding parameters for one number or string.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pad {
    pub(crate) fill: char,
    pub(crate) align: Align,
    pub(crate) width: usize,
}

/// Write `count` copies of `c`.
pub(crate) fn write_fill(b: &mut Batch<'_>, c: char, count: usize) -> fmt::Result {
    b.repeat(c, count)
}

/// A number laid out as `sign prefix [zeros] int-digits rest`, where the
/// integer digits may be grouped and zero-extended.
pub(crate) struct NumberLayout<'s> {
    /// `-`, `+`, ` ` or empty.
    pub(crate) sign: &'s str,
    /// `0x` and friends, or empty.
    pub(crate) prefix: &'s str,
    /// Number of integer digits the body writes (before grouping).
    pub(crate) n_int: usize,
    /// Zero-extend the integer digits to at least this many.
    pub(crate) min_digits: usize,
    /// Separator and group size.
    pub(crate) group: Option<(char, usize)>,
    /// Characters the body writes after the integer digits.
    pub(crate) rest_len: usize,
}

impl NumberLayout<'_> {
    fn grouped(n: usize, g: Option<(char, usize)>) -> usize {
        match g {
            Some((_, size)) if n > 0 => n + (n - 1) / size,
            _ => n,
        }
    }

    /// Write the number. `body` writes the integer digits (grouping them
    /// itself when given a group) followed by the rest.
    pub(crate) fn write<W: Write + ?Sized>(
        &self,
        w: &mut W,
        pad: Pad,
        mut body: impl FnMut(&mut Batch<'_>) -> fmt::Result,
    ) -> fmt::Result {
        let mut w = w;
        self.write_dyn(&mut w, pad, &mut body)
    }

    /// [`NumberLayout::write`] without type parameters: one copy in the
    /// image for every number format.
    #[inline(never)]
    fn write_dyn(
        &self,
        w: &mut dyn Write,
        pad: Pad,
        body: &mut dyn FnMut(&mut Batch<'_>) -> fmt::Result,
    ) -> fmt::Result {
        let fixed = self.sign.len() + self.prefix.len() + self.rest_len;
        let mut digits = self.n_int.max(self.min_digits);
        if pad.fill == '0' && pad.align == Align::AfterSign {
            let min = pad.width.saturating_sub(fixed);
            match self.group {
                Some((_, size)) => {
                    while Self::grouped(digits, self.group) < min {
                        // jump close to the target, then step
                        let gl = Self::grouped(digits, self.group);
                        let step = ((min - gl) * size / (size + 1)).saturating_sub(1).max(1);
                        digits += step;
                    }
                }
                None => digits = digits.max(min),
            }
        }
        let zeros = digits - self.n_int;
        let total = fixed + Self::grouped(digits, self.group);
        let padding = pad.width.saturating_sub(total);
        let (left, right) = match pad.align {
            Align::Left => (0, padding),
            Align::Right | Align::AfterSign => (padding, 0),
            Align::Center => (padding / 2, padding - padding / 2),
        };
        let mut b = Batch::new(w);
        if pad.align != Align::AfterSign {
            write_fill(&mut b, pad.fill, left)?;
        }
        b.str(self.sign)?;
        b.str(self.prefix)?;
        if pad.align == Align::AfterSign {
            write_fill(&mut b, pad.fill, left)?;
        }
        // Leading zeros, grouped as if part of the number.
        for i in 0..zeros {
            if let Some((sep, size)) = self.group
                && i > 0
                && (digits - i).is_multiple_of(size)
            {
                b.repeat(sep, 1)?;
            }
            b.push(b'0')?;
        }
        if let Some((sep, size)) = self.group
            && zeros > 0
            && self.n_int > 0
            && self.n_int.is_multiple_of(size)
        {
            b.repeat(sep, 1)?;
        }
        body(&mut b)?;
        write_fill(&mut b, pad.fill, right)?;
        b.flush()
    }
}

/// Writes digits one at a time, inserting a separator every `size` digits
/// counted from the right end of `n` digits.
pub(crate) struct Grouper {
    pub(crate) n: usize,
    pub(crate) i: usize,
    pub(crate) group: Option<(char, usize)>,
}

impl Grouper {
    pub(crate) fn new(n: usize, group: Option<(char, usize)>) -> Self {
        Grouper { n, i: 0, group }
    }

    #[cfg_attr(not(feature = "compact"), inline)]
    #[cfg_attr(feature = "compact", inline(never))]
    pub(crate) fn push(&mut self, b: &mut Batch<'_>, d: u8) -> fmt::Result {
        if let Some((sep, size)) = self.group
            && self.i > 0
            && self.i < self.n
            && (self.n - self.i).is_multiple_of(size)
        {
            b.repeat(sep, 1)?;
        }
        self.i += 1;
        b.push(d)
    }
}
