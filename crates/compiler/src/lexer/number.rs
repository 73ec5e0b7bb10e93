//! Numeric literals: integers in four radixes, floats and imaginaries.
//!
//! Only the literal's extent and kind are determined here; the compiler
//! converts the text to a value.

use super::error::{LexErrorKind, LiteralKind};
use super::token::{Number, NumberKind, TokenKind};
use super::{LResult, Lexer, Token};

impl<'src> Lexer<'src> {
    fn byte(&self, i: usize) -> u8 {
        self.peek_at(i).unwrap_or(0)
    }

    /// Skips digits accepted by `is_digit`, allowing single underscores
    /// between digits. `i` is at a digit. Returns the index after the
    /// digits, or `Err(())` for an underscore not followed by a digit.
    fn digits(&self, mut i: usize, is_digit: fn(u8) -> bool) -> Result<usize, usize> {
        loop {
            while is_digit(self.byte(i)) {
                i += 1;
            }
            if self.byte(i) != b'_' {
                return Ok(i);
            }
            if !is_digit(self.byte(i + 1)) {
                return Err(i);
            }
            i += 1;
        }
    }

    /// CPython's rule for what may follow a number: a keyword that can
    /// legally follow one (`1if x else 2`) is allowed, any other identifier
    /// character is an error.
    fn check_end_of_number(&mut self, start: usize, i: usize, kind: LiteralKind) -> LResult<()> {
        let rest = &self.src[i..self.end];
        let keyword_follows = [
            &b"and"[..],
            b"else",
            b"for",
            b"if",
            b"in",
            b"is",
            b"not",
            b"or",
        ]
        .iter()
        .any(|k| rest.starts_with(k));
        let b = self.byte(i);
        // A non-ASCII character that cannot be in a name is reported by
        // the next token as an invalid character.
        let name_char = match b {
            0x80.. => {
                super::ident::decode_utf8(rest).is_none_or(|(c, _)| super::ident::is_id_continue(c))
            }
            _ => b.is_ascii_alphanumeric() || b == b'_',
        };
        if !keyword_follows && name_char {
            return Err(self.error(start, LexErrorKind::InvalidNumber(kind)));
        }
        Ok(())
    }

    /// Lexes a number starting at `start` (a digit, or `.` and a digit).
    pub(super) fn lex_number(&mut self, start: usize) -> LResult<Token<'src>> {
        let kind = self.scan_number(start)?;
        let text = core::str::from_utf8(&self.src[start..self.pos]).unwrap_or("0");
        Ok(self.token(TokenKind::Number(Number { kind, text }), start, self.pos))
    }

    fn scan_number(&mut self, start: usize) -> LResult<NumberKind> {
        let decimal_err = LexErrorKind::InvalidNumber(LiteralKind::Decimal);
        let mut i = start;
        if self.byte(i) == b'0' {
            let radix = match self.byte(i + 1) {
                b'x' | b'X' => Some((16, LiteralKind::Hexadecimal)),
                b'o' | b'O' => Some((8, LiteralKind::Octal)),
                b'b' | b'B' => Some((2, LiteralKind::Binary)),
                _ => None,
            };
            if let Some((radix, lit)) = radix {
                return self.scan_radix_int(start, radix, lit);
            }
            // Zeros (possibly with underscores), then maybe a float.
            i += 1;
            loop {
                if self.byte(i) == b'_' {
                    if !self.byte(i + 1).is_ascii_digit() {
                        return Err(self.error(start, decimal_err));
                    }
                    i += 1;
                }
                if self.byte(i) != b'0' {
                    break;
                }
                i += 1;
            }
            let mut nonzero = false;
            if self.byte(i).is_ascii_digit() {
                nonzero = true;
                i = self
                    .digits(i, |b| b.is_ascii_digit())
                    .map_err(|_| self.error(start, decimal_err))?;
            }
            match self.byte(i) {
                b'.' | b'e' | b'E' | b'j' | b'J' => {}
                _ if nonzero => return Err(self.error(start, LexErrorKind::LeadingZeros)),
                _ => {
                    self.check_end_of_number(start, i, LiteralKind::Decimal)?;
                    self.pos = i;
                    return Ok(NumberKind::Int { radix: 10 });
                }
            }
        } else if self.byte(i) != b'.' {
            i = self
                .digits(i, |b| b.is_ascii_digit())
                .map_err(|_| self.error(start, decimal_err))?;
        }
        let mut kind = NumberKind::Int { radix: 10 };
        // Fraction.
        if self.byte(i) == b'.' {
            kind = NumberKind::Float;
            i += 1;
            if self.byte(i).is_ascii_digit() {
                i = self
                    .digits(i, |b| b.is_ascii_digit())
                    .map_err(|_| self.error(start, decimal_err))?;
            }
        }
        // Exponent.
        if matches!(self.byte(i), b'e' | b'E') {
            let mut j = i + 1;
            if matches!(self.byte(j), b'+' | b'-') {
                j += 1;
                if !self.byte(j).is_ascii_digit() {
                    return Err(self.error(start, decimal_err));
                }
            }
            if self.byte(j).is_ascii_digit() {
                kind = NumberKind::Float;
                i = self
                    .digits(j, |b| b.is_ascii_digit())
                    .map_err(|_| self.error(start, decimal_err))?;
            } else {
                // `1else`: the number ends before the `e`.
                self.check_end_of_number(start, i, LiteralKind::Decimal)?;
                self.pos = i;
                return Ok(kind);
            }
        }
        // Imaginary suffix.
        if matches!(self.byte(i), b'j' | b'J') {
            i += 1;
            self.check_end_of_number(start, i, LiteralKind::Imaginary)?;
            self.pos = i;
            return Ok(NumberKind::Imag);
        }
        self.check_end_of_number(start, i, LiteralKind::Decimal)?;
        self.pos = i;
        Ok(kind)
    }

    /// `0x`, `0o` or `0b` literal; `start` is at the `0`.
    fn scan_radix_int(&mut self, start: usize, radix: u8, lit: LiteralKind) -> LResult<NumberKind> {
        let is_digit: fn(u8) -> bool = match radix {
            16 => |b| b.is_ascii_hexdigit(),
            8 => |b| matches!(b, b'0'..=b'7'),
            _ => |b| matches!(b, b'0' | b'1'),
        };
        let mut i = start + 2;
        if self.byte(i) == b'_' {
            i += 1;
        }
        let invalid = |this: &mut Self, at: usize| {
            let b = this.byte(at);
            let kind = if radix != 16 && b.is_ascii_digit() {
                LexErrorKind::InvalidDigit {
                    digit: b as char,
                    literal: lit,
                }
            } else {
                LexErrorKind::InvalidNumber(lit)
            };
            let at = if matches!(kind, LexErrorKind::InvalidDigit { .. }) {
                at
            } else {
                start
            };
            this.error(at, kind)
        };
        if !is_digit(self.byte(i)) {
            return Err(invalid(self, i));
        }
        i = match self.digits(i, is_digit) {
            Ok(i) => i,
            Err(at) => return Err(invalid(self, at + 1)),
        };
        if radix != 16 && self.byte(i).is_ascii_digit() {
            return Err(invalid(self, i));
        }
        self.check_end_of_number(start, i, lit)?;
        self.pos = i;
        Ok(NumberKind::Int { radix })
    }
}
