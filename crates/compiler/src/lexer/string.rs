//! String and bytes literals: prefixes, finding the end, escape processing.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::error::LexErrorKind;
use super::token::{StringLit, TokenKind};
use super::{LResult, Lexer, Token};

/// A string prefix (`r`, `b`, `f` and their combinations; `u` is accepted
/// and means nothing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Prefix {
    pub(crate) raw: bool,
    pub(crate) bytes: bool,
    pub(crate) format: bool,
}

impl Prefix {
    /// Parses a prefix: one of `r u b f br rb fr rf` in any case.
    pub(crate) fn parse(text: &[u8]) -> Option<Prefix> {
        let mut p = Prefix::default();
        let mut u = false;
        for &b in text {
            let flag = match b.to_ascii_lowercase() {
                b'r' => &mut p.raw,
                b'b' => &mut p.bytes,
                // Without f-strings an `f` prefix is not a prefix: the
                // lexer reports it as an invalid one (a `SyntaxError`).
                #[cfg(feature = "fstrings")]
                b'f' => &mut p.format,
                b'u' => &mut u,
                _ => return None,
            };
            if *flag {
                return None;
            }
            *flag = true;
        }
        let ok = match text.len() {
            1 => true,
            2 => p.raw && (p.bytes || p.format),
            _ => false,
        };
        ok.then_some(p)
    }
}

/// Appends the UTF-8 encoding of `c` to `out`.
pub(crate) fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// The byte a one-letter escape (`\n`, `\'`...) stands for (one
/// `push` for all of them rather than one each).
fn simple_escape(c: u8) -> u8 {
    match c {
        b'a' => 0x07,
        b'b' => 0x08,
        b'f' => 0x0C,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        b'v' => 0x0B,
        _ => c,
    }
}

impl<'src> Lexer<'src> {
    /// Lexes a string literal whose prefix is `src[start..quote]`.
    pub(super) fn lex_string(
        &mut self,
        start: usize,
        quote_at: usize,
        prefix: Prefix,
    ) -> LResult<Token<'src>> {
        let quote = self.src[quote_at];
        let triple =
            self.peek_at(quote_at + 1) == Some(quote) && self.peek_at(quote_at + 2) == Some(quote);
        let body_start = quote_at + if triple { 3 } else { 1 };
        let mut i = body_start;
        // Whether the value differs from the body's bytes.
        let mut changed = false;
        let mut non_ascii = false;
        let body_end = loop {
            let Some(b) = self.peek_at(i) else {
                // The line of the last character, as CPython counts it.
                let last = if i > body_start && matches!(self.src[i - 1], b'\n' | b'\r') {
                    i - 1
                } else {
                    i
                };
                let (line, _) = self.locate(last);
                let kind = if triple {
                    LexErrorKind::UnterminatedTripleQuotedString { detected_at: line }
                } else {
                    LexErrorKind::UnterminatedString { detected_at: line }
                };
                return Err(self.error(start, kind));
            };
            match b {
                _ if b == quote => {
                    if !triple {
                        break i;
                    }
                    if self.peek_at(i + 1) == Some(quote) && self.peek_at(i + 2) == Some(quote) {
                        break i;
                    }
                }
                b'\\' => {
                    changed |= !prefix.raw;
                    // The escaped quote, backslash or newline cannot end
                    // the literal; anything else is scanned normally.
                    match self.peek_at(i + 1) {
                        Some(b'\r') => {
                            changed = true;
                            i += if self.peek_at(i + 2) == Some(b'\n') {
                                2
                            } else {
                                1
                            };
                        }
                        Some(c) if c == quote || c == b'\\' || c == b'\n' => i += 1,
                        _ => {}
                    }
                }
                b'\n' | b'\r' => {
                    if !triple {
                        let (line, _) = self.locate(i);
                        let kind = LexErrorKind::UnterminatedString { detected_at: line };
                        return Err(self.error(start, kind));
                    }
                    changed |= b == b'\r';
                }
                0 => return Err(self.error(i, LexErrorKind::NullByte)),
                0x80.. => non_ascii = true,
                _ => {}
            }
            i += 1;
        };
        self.pos = body_end + if triple { 3 } else { 1 };
        if non_ascii {
            if prefix.bytes {
                return Err(self.error(start, LexErrorKind::NonAsciiBytes));
            }
            if let Err(e) = core::str::from_utf8(&self.src[body_start..body_end]) {
                let at = body_start + e.valid_up_to();
                return Err(self.error(at, LexErrorKind::InvalidUtf8(self.src[at])));
            }
        }
        #[cfg(feature = "fstrings")]
        if prefix.format {
            let parts = self.fstring_body(body_start, body_end, prefix.raw)?;
            return Ok(self.token(TokenKind::FString(parts), start, self.pos));
        }
        let value = if changed {
            self.decode(body_start, body_end, prefix.raw, prefix.bytes)?
        } else {
            Cow::Borrowed(&self.src[body_start..body_end])
        };
        let lit = StringLit {
            is_bytes: prefix.bytes,
            value,
        };
        Ok(self.token(TokenKind::String(lit), start, self.pos))
    }

    /// The value of the literal text `src[start..end]`: escapes processed
    /// (unless `raw`) and newlines translated to `\n`. Borrowed when
    /// nothing changes.
    pub(super) fn decode(
        &mut self,
        start: usize,
        end: usize,
        raw: bool,
        bytes: bool,
    ) -> LResult<Cow<'src, [u8]>> {
        let text = &self.src[start..end];
        let needs_work = text.iter().any(|&b| b == b'\r' || (b == b'\\' && !raw));
        if !needs_work {
            return Ok(Cow::Borrowed(text));
        }
        let mut out = Vec::with_capacity(text.len());
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            if b == b'\r' {
                out.push(b'\n');
                i += if text.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                continue;
            }
            if b != b'\\' || raw {
                out.push(b);
                i += 1;
                continue;
            }
            let esc = i;
            i += 1;
            let Some(&c) = text.get(i) else {
                out.push(b'\\');
                break;
            };
            i += 1;
            match c {
                b'\n' => {}
                b'\r' => {
                    if text.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                }
                b'\\' | b'\'' | b'"' | b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' => {
                    out.push(simple_escape(c));
                }
                b'0'..=b'7' => {
                    let mut value = u32::from(c - b'0');
                    let mut n = 1;
                    while n < 3 {
                        match text.get(i) {
                            Some(&d @ b'0'..=b'7') => {
                                value = value * 8 + u32::from(d - b'0');
                                i += 1;
                                n += 1;
                            }
                            _ => break,
                        }
                    }
                    if bytes {
                        out.push((value & 0xFF) as u8);
                    } else {
                        push_char(&mut out, char::from_u32(value).unwrap_or('\u{FFFD}'));
                    }
                }
                b'x' | b'u' | b'U' if !(bytes && c != b'x') => {
                    let want = match c {
                        b'x' => 2,
                        b'u' => 4,
                        _ => 8,
                    };
                    let mut value: u32 = 0;
                    let mut n = 0;
                    while n < want {
                        match text.get(i).and_then(|&d| (d as char).to_digit(16)) {
                            Some(d) => {
                                value = value * 16 + d;
                                i += 1;
                                n += 1;
                            }
                            None => break,
                        }
                    }
                    if n < want {
                        let kind = LexErrorKind::TruncatedEscape {
                            escape: c as char,
                            is_bytes: bytes,
                            start: esc,
                            end: i - 1,
                        };
                        return Err(self.error(start + esc, kind));
                    }
                    if bytes {
                        out.push(value as u8);
                    } else {
                        match char::from_u32(value) {
                            Some(ch) => push_char(&mut out, ch),
                            None if (0xD800..=0xDFFF).contains(&value) => {
                                return Err(self.error(start + esc, LexErrorKind::SurrogateEscape));
                            }
                            None => {
                                let kind = LexErrorKind::IllegalUnicodeCharacter {
                                    start: esc,
                                    end: i - 1,
                                };
                                return Err(self.error(start + esc, kind));
                            }
                        }
                    }
                }
                b'N' if !bytes => {
                    return Err(self.error(start + esc, LexErrorKind::UnicodeNameEscape));
                }
                _ => {
                    // Unknown escape: kept verbatim; the character after the
                    // backslash is copied by the next iteration.
                    out.push(b'\\');
                    i -= 1;
                }
            }
        }
        Ok(Cow::Owned(out))
    }
}
