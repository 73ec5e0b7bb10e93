//! f-strings: splitting the body into literal text and replacement fields.
//!
//! The literal is first delimited exactly like any string (so a nested
//! string must use a different quote, as in Python 3.6–3.11), then its body
//! is decomposed here following CPython 3.11's rules. Replacement field
//! expressions are not tokenised: each is returned as a source span that
//! the parser lexes with [`Lexer::for_fstring_field`]. A format spec is a
//! list of parts itself; fields may nest two deep (`{x:{w}}`).

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::error::LexErrorKind;
use super::ident::is_py_space;
use super::token::{Conversion, FString, FStringField, FStringPart, Span};
use super::{LResult, Lexer};

/// Maximum bracket nesting inside one replacement field (CPython's limit).
const MAX_FIELD_BRACKETS: usize = 200;

/// The kinds of the brackets open in a replacement field, two bits a
/// level (52 bytes for CPython's 200 levels, where a byte a level would
/// put 200 bytes on the machine stack under the lexer), in 32-bit words
/// (no 64-bit shifts on a 32-bit core).
#[derive(Default)]
struct OpenBrackets([u32; MAX_FIELD_BRACKETS.div_ceil(16)]);

impl OpenBrackets {
    /// Records the opening bracket `open` at `depth`.
    fn set(&mut self, depth: usize, open: u8) {
        let kind = match open {
            b'(' => 0,
            b'[' => 1,
            _ => 2,
        };
        let (word, shift) = (depth / 16, depth % 16 * 2);
        self.0[word] = self.0[word] & !(3 << shift) | kind << shift;
    }

    /// The opening bracket at `depth`.
    fn get(&self, depth: usize) -> u8 {
        match self.0[depth / 16] >> (depth % 16 * 2) & 3 {
            0 => b'(',
            1 => b'[',
            _ => b'{',
        }
    }
}

/// Appends `more` to the literal being built.
fn append<'src>(lit: &mut Cow<'src, [u8]>, more: Cow<'src, [u8]>) {
    if lit.is_empty() {
        *lit = more;
    } else if !more.is_empty() {
        lit.to_mut().extend_from_slice(&more);
    }
}

fn flush<'src>(parts: &mut Vec<FStringPart<'src>>, lit: &mut Cow<'src, [u8]>) {
    if !lit.is_empty() {
        parts.push(FStringPart::Literal(core::mem::take(lit)));
    }
}

impl<'src> Lexer<'src> {
    /// Decomposes the body `src[start..end]` of an f-string.
    pub(super) fn fstring_body(
        &mut self,
        start: usize,
        end: usize,
        raw: bool,
    ) -> LResult<FString<'src>> {
        let (parts, _) = self.fstring_parts(start, end, raw, 0)?;
        Ok(FString { parts })
    }

    /// Parses literal text and fields from `start`. At `level` 0 (the
    /// f-string itself) this runs to `end`, and `{{`/`}}` are escapes; in a
    /// format spec (`level` > 0) it stops at the `}` that ends the spec and
    /// returns its index.
    fn fstring_parts(
        &mut self,
        start: usize,
        end: usize,
        raw: bool,
        level: u8,
    ) -> LResult<(Vec<FStringPart<'src>>, usize)> {
        if self.stack.exhausted() {
            return Err(self.error(start, LexErrorKind::StackExhausted));
        }
        let mut parts = Vec::new();
        let mut lit: Cow<'src, [u8]> = Cow::Borrowed(&[]);
        let mut seg = start;
        let mut i = start;
        loop {
            if i >= end {
                if level > 0 {
                    return Err(self.error(end, LexErrorKind::FStringExpectingBrace));
                }
                let text = self.decode(seg, end, raw, false)?;
                append(&mut lit, text);
                flush(&mut parts, &mut lit);
                return Ok((parts, end));
            }
            let b = self.src[i];
            if b == b'\\' && !raw {
                match self.src.get(i + 1) {
                    Some(b'N') if i + 1 < end => {
                        return Err(self.error(i, LexErrorKind::UnicodeNameEscape));
                    }
                    // `\{` is a backslash then a brace.
                    Some(b'{' | b'}') => i += 1,
                    _ => i = (i + 2).min(end),
                }
                continue;
            }
            if b != b'{' && b != b'}' {
                i += 1;
                continue;
            }
            if level == 0 && i + 1 < end && self.src[i + 1] == b {
                // `{{` or `}}`: the text so far plus one brace.
                let text = self.decode(seg, i + 1, raw, false)?;
                append(&mut lit, text);
                i += 2;
                seg = i;
                continue;
            }
            let text = self.decode(seg, i, raw, false)?;
            append(&mut lit, text);
            if b == b'}' {
                if level == 0 {
                    return Err(self.error(i, LexErrorKind::FStringSingleBrace));
                }
                flush(&mut parts, &mut lit);
                return Ok((parts, i));
            }
            flush(&mut parts, &mut lit);
            let (field, next) = self.fstring_field(i, end, raw, level)?;
            parts.push(FStringPart::Field(field));
            i = next;
            seg = i;
        }
    }

    /// Parses the replacement field whose `{` is at `open`. Returns the
    /// field and the index after its `}`. Recursive through a format spec
    /// (`{x:{w}}`), so not inlined into [`Lexer::fstring_parts`], and the
    /// scan of the expression, with its bracket stack, is a separate leaf.
    #[inline(never)]
    fn fstring_field(
        &mut self,
        open: usize,
        end: usize,
        raw: bool,
        level: u8,
    ) -> LResult<(FStringField<'src>, usize)> {
        if level >= 2 {
            return Err(self.error(open, LexErrorKind::FStringNestedTooDeeply));
        }
        let expr_start = open + 1;
        let i = self.field_expr_end(expr_start, end)?;
        let expr = Span {
            start: expr_start,
            end: i,
        };
        if self.src[expr_start..i].iter().all(|&b| is_py_space(b)) {
            return Err(self.error(expr_start, LexErrorKind::FStringEmptyExpression));
        }
        let (line, col) = self.locate(expr_start);
        let mut i = i;
        let mut debug_text = None;
        if self.src[i] == b'=' {
            i += 1;
            while i < end && is_py_space(self.src[i]) {
                i += 1;
            }
            // The body was validated as UTF-8 and the span ends at ASCII.
            debug_text = core::str::from_utf8(&self.src[expr_start..i]).ok();
            if i >= end {
                return Err(self.error(end, LexErrorKind::FStringExpectingBrace));
            }
        }
        let mut conversion = None;
        if self.src[i] == b'!' {
            i += 1;
            if i >= end {
                return Err(self.error(end, LexErrorKind::FStringExpectingBrace));
            }
            conversion = Some(match self.src[i] {
                b's' => Conversion::Str,
                b'r' => Conversion::Repr,
                b'a' => Conversion::Ascii,
                _ => return Err(self.error(i, LexErrorKind::FStringInvalidConversion)),
            });
            i += 1;
            if i >= end {
                return Err(self.error(end, LexErrorKind::FStringExpectingBrace));
            }
        }
        let mut spec = None;
        if self.src[i] == b':' {
            let (parts, next) = self.fstring_parts(i + 1, end, raw, level + 1)?;
            spec = Some(parts);
            i = next;
        }
        if i >= end || self.src[i] != b'}' {
            return Err(self.error(i.min(end), LexErrorKind::FStringExpectingBrace));
        }
        let field = FStringField {
            expr,
            line,
            col,
            debug_text,
            conversion,
            spec,
        };
        Ok((field, i + 1))
    }

    /// The end of the expression of a replacement field that starts at
    /// `expr_start`: the index of the `=`, `!`, `:` or `}` after it.
    #[inline(never)]
    fn field_expr_end(&mut self, expr_start: usize, end: usize) -> LResult<usize> {
        let mut stack = OpenBrackets::default();
        let mut depth = 0;
        // The quote of a string inside the expression, and whether triple.
        let mut quote: Option<(u8, bool)> = None;
        let mut i = expr_start;
        while i < end {
            let ch = self.src[i];
            if ch == b'\\' {
                return Err(self.error(i, LexErrorKind::FStringBackslash));
            }
            if let Some((q, triple)) = quote {
                if ch == q {
                    if !triple {
                        quote = None;
                    } else if self.src.get(i + 1..i + 3) == Some(&[q, q][..]) && i + 2 < end {
                        quote = None;
                        i += 2;
                    }
                }
                i += 1;
                continue;
            }
            match ch {
                b'\'' | b'"' => {
                    let triple = i + 2 < end && self.src[i + 1] == ch && self.src[i + 2] == ch;
                    quote = Some((ch, triple));
                    i += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    if depth >= MAX_FIELD_BRACKETS {
                        return Err(self.error(i, LexErrorKind::FStringTooManyNestedParens));
                    }
                    stack.set(depth, ch);
                    depth += 1;
                }
                b'#' => return Err(self.error(i, LexErrorKind::FStringHash)),
                b'!' | b':' | b'}' | b'=' | b'<' | b'>' if depth == 0 => {
                    let next = if i + 1 < end { self.src[i + 1] } else { 0 };
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        i += 2;
                        continue;
                    }
                    if ch == b'<' || ch == b'>' {
                        i += 1;
                        continue;
                    }
                    break;
                }
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        return Err(self.error(i, LexErrorKind::FStringUnmatched(ch as char)));
                    }
                    depth -= 1;
                    let opening = stack.get(depth);
                    if super::brackets::closing_for(opening) != ch {
                        let kind = LexErrorKind::FStringMismatched {
                            close: ch as char,
                            open: opening as char,
                        };
                        return Err(self.error(i, kind));
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let i = i.min(end);
        if quote.is_some() {
            return Err(self.error(i, LexErrorKind::FStringUnterminatedString));
        }
        if depth > 0 {
            let opening = stack.get(depth - 1);
            return Err(self.error(i, LexErrorKind::FStringUnmatched(opening as char)));
        }
        if i >= end {
            return Err(self.error(end, LexErrorKind::FStringExpectingBrace));
        }
        Ok(i)
    }
}
