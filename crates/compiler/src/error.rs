//! The error every stage reports: a `SyntaxError` (or `IndentationError`)
//! with a position and a message a person understands, or source nested
//! deeper than the machine stack allows.

use alloc::borrow::Cow;
use core::fmt;

use crate::ast::Loc;
use crate::lexer::{LexError, LexErrorKind};

/// The message of an [`ErrorKind::Recursion`] error (MicroPython's and the
/// VM's for too deep a recursion).
pub const RECURSION_MESSAGE: &str = "maximum recursion depth exceeded";

/// Which Python exception a [`CompileError`] becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `SyntaxError`
    Syntax,
    /// `IndentationError` (a subclass of `SyntaxError`).
    Indentation,
    /// The source nests deeper than the machine stack allows (see
    /// [`Options::stack_limit`](crate::Options::stack_limit)): not a syntax
    /// error but a resource limit, raised as MicroPython's stack check
    /// does, `RuntimeError: maximum recursion depth exceeded` (Pyrite's
    /// `RecursionError` is a `RuntimeError`; CPython raises
    /// `RecursionError` for source too deep to compile).
    Recursion,
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

    /// The machine stack ran short at `loc` ([`ErrorKind::Recursion`]).
    #[cold]
    #[inline(never)]
    pub fn recursion(loc: Loc) -> Self {
        CompileError {
            kind: ErrorKind::Recursion,
            msg: Cow::Borrowed(RECURSION_MESSAGE),
            line: loc.line,
            col: loc.col,
        }
    }

    /// The Python class name: `SyntaxError`, `IndentationError` or
    /// `RecursionError`.
    pub fn class_name(&self) -> &'static str {
        match self.kind {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::Indentation => "IndentationError",
            ErrorKind::Recursion => "RecursionError",
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
            LexErrorKind::StackExhausted => CompileError::recursion(loc),
            _ => CompileError::syntax(loc, msg),
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}
