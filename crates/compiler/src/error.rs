//! The error every stage reports: a `SyntaxError` (or `IndentationError`)
//! with a position and a message a person understands.

use alloc::borrow::Cow;
use core::fmt;

use crate::ast::Loc;
use crate::lexer::{LexError, LexErrorKind};

/// Which Python exception a [`CompileError`] becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `SyntaxError`
    Syntax,
    /// `IndentationError` (a subclass of `SyntaxError`).
    Indentation,
}

/// A compile error: kind, message and 1-based position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The exception class.
    pub kind: ErrorKind,
    /// The message, e.g. `invalid syntax`.
    pub msg: Cow<'static, str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

impl CompileError {
    /// A `SyntaxError` at `loc`.
    pub fn syntax(loc: Loc, msg: impl Into<Cow<'static, str>>) -> Self {
        CompileError {
            kind: ErrorKind::Syntax,
            msg: msg.into(),
            line: loc.line,
            col: loc.col,
        }
    }

    /// An `IndentationError` at `loc`.
    pub fn indentation(loc: Loc, msg: impl Into<Cow<'static, str>>) -> Self {
        CompileError {
            kind: ErrorKind::Indentation,
            ..CompileError::syntax(loc, msg)
        }
    }

    /// The Python class name: `SyntaxError` or `IndentationError`.
    pub fn class_name(&self) -> &'static str {
        match self.kind {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::Indentation => "IndentationError",
        }
    }
}

impl From<LexError> for CompileError {
    fn from(e: LexError) -> Self {
        let loc = Loc {
            line: e.line,
            col: e.col,
        };
        let msg = alloc::string::ToString::to_string(&e);
        match e.kind {
            LexErrorKind::UnindentMismatch
            | LexErrorKind::InconsistentTabs
            | LexErrorKind::TooManyIndentationLevels => CompileError::indentation(loc, msg),
            _ => CompileError::syntax(loc, msg),
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}
