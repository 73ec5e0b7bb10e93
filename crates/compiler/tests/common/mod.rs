//! Shared helpers for the lexer tests: rendering token streams as text.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pyrite_compiler::lexer::{FStringPart, LexError, Lexer, NumberKind, Token, TokenKind};

#[path = "../snapshot/mod.rs"]
mod snapshot;
#[allow(unused_imports)]
pub use snapshot::{check_snapshot, diff, escape, escape_bytes, py_files};

/// The lexer fixture directory (`tests/lexer`).
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("lexer")
}

/// The snapshot kind name of a token (CPython names, refined).
pub fn kind_name(kind: &TokenKind<'_>) -> &'static str {
    match kind {
        TokenKind::Newline => "NEWLINE",
        TokenKind::Indent => "INDENT",
        TokenKind::Dedent => "DEDENT",
        TokenKind::EndMarker => "ENDMARKER",
        TokenKind::Name(_) => "NAME",
        TokenKind::Keyword(_) => "KEYWORD",
        TokenKind::Number(n) => match n.kind {
            NumberKind::Int { .. } => "INT",
            NumberKind::Float => "FLOAT",
            NumberKind::Imag => "IMAG",
        },
        TokenKind::String(s) if s.is_bytes => "BYTES",
        TokenKind::String(_) => "STRING",
        #[cfg(feature = "fstrings")]
        TokenKind::FString(_) => "FSTRING",
        TokenKind::Op(_) => "OP",
    }
}

/// The `line:col KIND text` part of a snapshot line (what the CPython
/// differential test compares).
pub fn token_head(src: &[u8], token: &Token<'_>) -> String {
    let text = match token.kind {
        TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent | TokenKind::EndMarker => {
            String::new()
        }
        _ => escape(token.span.slice(src)),
    };
    format!(
        "{}:{} {} {}",
        token.line,
        token.col,
        kind_name(&token.kind),
        text
    )
    .trim_end()
    .to_string()
}

fn render_parts(src: &[u8], parts: &[FStringPart<'_>], out: &mut String) {
    out.push('[');
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match part {
            FStringPart::Literal(text) => {
                let _ = write!(out, "\"{}\"", escape(text));
            }
            FStringPart::Field(field) => {
                let _ = write!(
                    out,
                    "{{{}:{} \"{}\"",
                    field.line,
                    field.col,
                    escape(field.expr.slice(src))
                );
                // Lex the expression as the parser will.
                out.push_str(" lexed(");
                let mut sub = Lexer::for_fstring_field(src, field);
                let mut first = true;
                loop {
                    match sub.next_token() {
                        Ok(t) if t.kind == TokenKind::EndMarker => break,
                        Ok(t) => {
                            if !first {
                                out.push(' ');
                            }
                            first = false;
                            out.push_str(&escape(t.span.slice(src)));
                        }
                        Err(e) => {
                            let _ = write!(out, " ERROR {}:{} {}", e.line, e.col, e);
                            break;
                        }
                    }
                }
                out.push(')');
                if let Some(debug) = field.debug_text {
                    let _ = write!(out, " debug \"{}\"", escape(debug.as_bytes()));
                }
                if let Some(conv) = field.conversion {
                    let _ = write!(out, " !{}", conv.letter());
                }
                if let Some(spec) = &field.spec {
                    out.push_str(" :");
                    render_parts(src, spec, out);
                }
                out.push('}');
            }
        }
    }
    out.push(']');
}

/// [`token_head`] plus, for str and bytes literals, ` => "value"`: what
/// the CPython differential test compares.
pub fn token_head_with_value(src: &[u8], token: &Token<'_>) -> String {
    let mut line = token_head(src, token);
    match &token.kind {
        TokenKind::String(s) => {
            let value = if s.is_bytes {
                escape_bytes(&s.value)
            } else {
                escape(&s.value)
            };
            let _ = write!(line, " => \"{value}\"");
        }
        #[cfg(feature = "fstrings")]
        TokenKind::FString(f) => {
            line.push_str(" => shape ");
            fstring_shape(&f.parts, &mut line);
        }
        _ => {}
    }
    line
}

fn escape_literal(text: &[u8]) -> String {
    escape(text).replace('{', "{{").replace('}', "}}")
}

/// The canonical shape of an f-string, as `cpython_tokens.py` renders
/// CPython's AST: literal text with braces doubled (a self-documenting
/// field's text counts as literal) and `{conversion:spec}` per field, the
/// conversion `-` if none (`r` for `{x=}` without spec, as CPython does).
fn fstring_shape(parts: &[FStringPart<'_>], out: &mut String) {
    for part in parts {
        match part {
            FStringPart::Literal(text) => out.push_str(&escape_literal(text)),
            FStringPart::Field(field) => {
                if let Some(debug) = field.debug_text {
                    out.push_str(&escape_literal(debug.as_bytes()));
                }
                let conv = match field.conversion {
                    Some(c) => c.letter(),
                    None if field.debug_text.is_some() && field.spec.is_none() => 'r',
                    None => '-',
                };
                let _ = write!(out, "{{{conv}");
                if let Some(spec) = field.spec.as_ref().filter(|s| !s.is_empty()) {
                    out.push(':');
                    fstring_shape(spec, out);
                }
                out.push('}');
            }
        }
    }
}

/// One snapshot line for a token: the head plus details of the value.
pub fn render_token(src: &[u8], token: &Token<'_>) -> String {
    let mut line = token_head(src, token);
    match &token.kind {
        TokenKind::Number(n) => {
            if let NumberKind::Int { radix } = n.kind
                && radix != 10
            {
                let _ = write!(line, " => radix {radix}");
            }
        }
        TokenKind::String(s) => {
            let borrowed = matches!(s.value, std::borrow::Cow::Borrowed(_));
            let value = if s.is_bytes {
                escape_bytes(&s.value)
            } else {
                escape(&s.value)
            };
            let _ = write!(
                line,
                " => \"{}\"{}",
                value,
                if borrowed { "" } else { " (owned)" }
            );
        }
        #[cfg(feature = "fstrings")]
        TokenKind::FString(f) => {
            line.push_str(" => ");
            render_parts(src, &f.parts, &mut line);
        }
        _ => {}
    }
    line
}

/// Lexes `src` to ENDMARKER or the first error.
pub fn lex_all(src: &[u8]) -> (Vec<Token<'_>>, Option<LexError>) {
    let mut tokens = Vec::new();
    let mut lexer = Lexer::new(src);
    loop {
        match lexer.next_token() {
            Ok(t) => {
                let end = t.kind == TokenKind::EndMarker;
                tokens.push(t);
                if end {
                    return (tokens, None);
                }
            }
            Err(e) => return (tokens, Some(e)),
        }
    }
}
