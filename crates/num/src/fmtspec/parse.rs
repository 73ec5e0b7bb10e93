//! Parsing `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.

use super::SpecError;

/// Alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^`
    Center,
    /// `=`: padding between the sign (and prefix) and the digits.
    AfterSign,
}

/// Sign option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sign {
    /// `-` (the default): sign only for negatives.
    #[default]
    Minus,
    /// `+`: sign for all numbers.
    Plus,
    /// ` `: space for non-negatives.
    Space,
}

/// Thousands grouping option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// `,`
    Comma,
    /// `_`
    Underscore,
}

impl Grouping {
    /// The separator character.
    pub const fn char(self) -> char {
        match self {
            Grouping::Comma => ',',
            Grouping::Underscore => '_',
        }
    }
}

/// A parsed format spec. Syntax only: type-specific checks happen when it is
/// applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FormatSpec {
    /// Explicit fill character (only with an explicit alignment).
    pub fill: Option<char>,
    /// Explicit alignment.
    pub align: Option<Align>,
    /// Sign option.
    pub sign: Sign,
    /// `z`: coerce negative zero to positive after rounding (floats).
    pub no_neg_zero: bool,
    /// `#`: alternate form.
    pub alternate: bool,
    /// `0` before the width (and no explicit fill): zero padding.
    pub zero: bool,
    /// Minimum width in characters (0 if absent).
    pub width: usize,
    /// Thousands grouping.
    pub grouping: Option<Grouping>,
    /// Precision.
    pub precision: Option<usize>,
    /// Presentation type character, if any.
    pub ty: Option<char>,
}

fn align_of(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '>' => Some(Align::Right),
        '^' => Some(Align::Center),
        '=' => Some(Align::AfterSign),
        _ => None,
    }
}

/// Read a decimal count starting at `*i`; `None` if there are no digits.
fn read_count(s: &[u8], i: &mut usize) -> Result<Option<usize>, SpecError> {
    let start = *i;
    let mut v: usize = 0;
    let mut overflow = false;
    while *i < s.len() && s[*i].is_ascii_digit() {
        let d = (s[*i] - b'0') as usize;
        match v.checked_mul(10).and_then(|v| v.checked_add(d)) {
            Some(n) if n <= isize::MAX as usize => v = n,
            _ => overflow = true,
        }
        *i += 1;
    }
    if overflow {
        return Err(SpecError::TooManyDigits);
    }
    Ok(if *i == start { None } else { Some(v) })
}

impl FormatSpec {
    /// Parse a spec (syntax errors only: `Invalid`, `TooManyDigits`,
    /// `MissingPrecision`, `BothSeparators`). Works in place, without a
    /// buffer.
    pub fn parse(spec: &str) -> Result<FormatSpec, SpecError> {
        let mut f = FormatSpec::default();
        let mut chars = spec.chars();
        let c0 = chars.next();
        let c1 = chars.next();
        let rest = match (c0, c1.and_then(align_of), c0.and_then(align_of)) {
            (Some(fill), Some(a), _) => {
                f.fill = Some(fill);
                f.align = Some(a);
                &spec[fill.len_utf8() + 1..]
            }
            (Some(_), None, Some(a)) => {
                f.align = Some(a);
                &spec[1..]
            }
            _ => spec,
        };
        let s = rest.as_bytes();
        let mut i = 0;
        match s.first() {
            Some(b'+') => {
                f.sign = Sign::Plus;
                i += 1;
            }
            Some(b'-') => {
                f.sign = Sign::Minus;
                i += 1;
            }
            Some(b' ') => {
                f.sign = Sign::Space;
                i += 1;
            }
            _ => {}
        }
        if s.get(i) == Some(&b'z') {
            f.no_neg_zero = true;
            i += 1;
        }
        if s.get(i) == Some(&b'#') {
            f.alternate = true;
            i += 1;
        }
        if f.fill.is_none() && s.get(i) == Some(&b'0') {
            f.zero = true;
            i += 1;
        }
        f.width = read_count(s, &mut i)?.unwrap_or(0);
        match s.get(i) {
            Some(b',') => {
                f.grouping = Some(Grouping::Comma);
                i += 1;
            }
            Some(b'_') => {
                f.grouping = Some(Grouping::Underscore);
                i += 1;
            }
            _ => {}
        }
        if let (Some(g), Some(&c)) = (f.grouping, s.get(i))
            && (c == b',' || c == b'_')
            && c as char != g.char()
        {
            return Err(SpecError::BothSeparators);
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
            f.precision = Some(read_count(s, &mut i)?.ok_or(SpecError::MissingPrecision)?);
        }
        // Everything consumed so far is ASCII, so `i` is a char boundary.
        let mut tail = rest[i..].chars();
        match (tail.next(), tail.next()) {
            (None, _) => {}
            (Some(c), None) => f.ty = Some(c),
            _ => return Err(SpecError::Invalid),
        }
        Ok(f)
    }

    /// Check grouping against the presentation type (`ty` is the explicit
    /// type or the object's default: `d` for int, `s` for str, none for
    /// float), as CPython does right after parsing.
    pub fn check_grouping(&self, ty: Option<char>) -> Result<(), SpecError> {
        let Some(g) = self.grouping else {
            return Ok(());
        };
        let ok = match ty {
            None => true,
            Some('d' | 'e' | 'f' | 'g' | 'E' | 'F' | 'G' | '%') => true,
            Some('b' | 'o' | 'x' | 'X') => g == Grouping::Underscore,
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(SpecError::SeparatorWithType {
                sep: g.char(),
                ty: ty.unwrap_or('\0'),
            })
        }
    }

    /// Padding for a number (`0` means fill `0` with `=` alignment unless an
    /// alignment is given).
    pub(crate) fn number_pad(&self) -> super::Pad {
        let (fill, align) = match (self.fill, self.align, self.zero) {
            (Some(c), Some(a), _) => (c, a),
            (None, Some(a), true) => ('0', a),
            (None, None, true) => ('0', Align::AfterSign),
            (_, a, false) => (' ', a.unwrap_or(Align::Right)),
            (Some(c), None, true) => (c, Align::Right),
        };
        super::Pad {
            fill,
            align,
            width: self.width,
        }
    }

    /// Padding for a string (default left alignment; `0` sets the fill).
    pub(crate) fn str_pad(&self) -> super::Pad {
        let fill = self.fill.unwrap_or(if self.zero { '0' } else { ' ' });
        super::Pad {
            fill,
            align: self.align.unwrap_or(Align::Left),
            width: self.width,
        }
    }
}
