//! String literals: concatenation of adjacent literals and f-strings.

use alloc::borrow::Cow;
#[cfg(feature = "fstrings")]
use alloc::{boxed::Box, vec::Vec};

use super::{PResult, Parser};
use crate::ast::{Const, ExprKind};
#[cfg(feature = "fstrings")]
use crate::ast::{FStringField, FStringPart};
use crate::lexer::TokenKind;
#[cfg(feature = "fstrings")]
use crate::lexer::{self, Keyword, Lexer, Span, Token};

/// Appends literal text to a part list, merging with a literal before it.
#[cfg(feature = "fstrings")]
fn push_literal<'s>(parts: &mut Vec<FStringPart<'s>>, text: Cow<'s, [u8]>) {
    if text.is_empty() {
        return;
    }
    if let Some(FStringPart::Literal(last)) = parts.last_mut() {
        last.to_mut().extend_from_slice(&text);
    } else {
        parts.push(FStringPart::Literal(text));
    }
}

impl<'s> Parser<'s> {
    /// Adjacent string, bytes and f-string literals as one expression.
    // (Without f-strings the loop has one kind of token to take.)
    #[cfg_attr(not(feature = "fstrings"), allow(clippy::while_let_loop))]
    #[inline(never)]
    pub(super) fn strings(&mut self) -> PResult {
        let loc = self.loc();
        let mut is_bytes: Option<bool> = None;
        let mut text: Cow<'s, [u8]> = Cow::Borrowed(&[]);
        #[cfg(feature = "fstrings")]
        let mut parts: Option<Vec<FStringPart<'s>>> = None;
        #[cfg(feature = "fstrings")]
        let mut height = 0;
        loop {
            let bytes = match &self.tok.kind {
                TokenKind::String(s) => s.is_bytes,
                #[cfg(feature = "fstrings")]
                TokenKind::FString(_) => false,
                _ => break,
            };
            if *is_bytes.get_or_insert(bytes) != bytes {
                return Err(self.error(self.loc(), "cannot mix bytes and nonbytes literals"));
            }
            match self.advance()?.kind {
                #[cfg(feature = "fstrings")]
                TokenKind::String(s) => match &mut parts {
                    Some(parts) => push_literal(parts, s.value),
                    None if text.is_empty() => text = s.value,
                    None => text.to_mut().extend_from_slice(&s.value),
                },
                #[cfg(not(feature = "fstrings"))]
                TokenKind::String(s) if text.is_empty() => text = s.value,
                #[cfg(not(feature = "fstrings"))]
                TokenKind::String(s) => text.to_mut().extend_from_slice(&s.value),
                #[cfg(feature = "fstrings")]
                TokenKind::FString(f) => {
                    let parts = parts.get_or_insert_with(|| {
                        let mut v = Vec::new();
                        push_literal(&mut v, core::mem::take(&mut text));
                        v
                    });
                    height = height.max(self.fstring_parts(f.parts, parts)?);
                }
                _ => {}
            }
        }
        #[cfg(feature = "fstrings")]
        if let Some(parts) = parts {
            self.restore_height(height);
            self.push(ExprKind::FString(parts), loc);
            return Ok(());
        }
        let kind = if is_bytes == Some(true) {
            ExprKind::Const(Const::Bytes(text))
        } else {
            ExprKind::Const(Const::Str(text))
        };
        self.push(kind, loc);
        Ok(())
    }
}

#[cfg(feature = "fstrings")]
impl<'s> Parser<'s> {
    /// Converts the lexer's f-string parts, parsing field expressions;
    /// returns the greatest height of their trees.
    fn fstring_parts(
        &mut self,
        from: Vec<lexer::FStringPart<'s>>,
        to: &mut Vec<FStringPart<'s>>,
    ) -> PResult<u8> {
        let mut height = 0;
        for part in from {
            match part {
                lexer::FStringPart::Literal(text) => push_literal(to, text),
                lexer::FStringPart::Field(field) => {
                    let (field, h) = self.fstring_field(field)?;
                    height = height.max(h);
                    to.push(FStringPart::Field(Box::new(field)));
                }
            }
        }
        Ok(height)
    }

    /// One replacement field and the greatest height of its trees. The
    /// expression is parsed from a lexer over the field's span, swapped in
    /// for the module's lexer (which waits on the heap meanwhile).
    #[inline(never)]
    fn fstring_field(&mut self, field: lexer::FStringField<'s>) -> PResult<(FStringField<'s>, u8)> {
        self.enter()?;
        let mut other = Box::new(Lexer::for_fstring_field(self.lex.source(), &field));
        other.set_stack_guard(self.stack);
        core::mem::swap(&mut self.lex, &mut other);
        let tok = core::mem::replace(
            &mut self.tok,
            Token {
                kind: TokenKind::Newline,
                span: Span::default(),
                line: field.line,
                col: field.col,
            },
        );
        let (prev_end, group_end) = (self.prev_end, self.group_end);
        let parsed = self.field_expr();
        core::mem::swap(&mut self.lex, &mut other);
        drop(other);
        self.tok = tok;
        (self.prev_end, self.group_end) = (prev_end, group_end);
        parsed?;
        let value = self.pop();
        let mut height = self.take_height();
        let conversion = match field.conversion {
            Some(c) => Some(c.letter()),
            None if field.debug_text.is_some() && field.spec.is_none() => Some('r'),
            None => None,
        };
        let spec = match field.spec {
            Some(parts) => {
                let mut out = Vec::new();
                height = height.max(self.fstring_parts(parts, &mut out)?);
                Some(out)
            }
            None => None,
        };
        self.leave();
        let field = FStringField {
            value,
            debug_text: field.debug_text,
            conversion,
            spec,
        };
        Ok((field, height))
    }

    /// The whole expression of a replacement field.
    fn field_expr(&mut self) -> PResult {
        self.skip()?;
        if self.is_kw(Keyword::Yield) {
            self.yield_expr()?;
        } else {
            self.star_exprs()?;
            self.no_lone_star()?;
        }
        if !matches!(self.tok.kind, TokenKind::EndMarker) {
            return Err(self.unexpected());
        }
        Ok(())
    }
}
