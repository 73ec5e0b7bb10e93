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

/// The message of every `SyntaxError` and `IndentationError` without the
/// `error-messages` feature (which keeps their kind and position).
pub const TERSE_MESSAGE: &str = "invalid syntax";

/// A message made with `format!`; without the `error-messages` feature
/// [`TERSE_MESSAGE`], so that the formatting code is not linked.
macro_rules! message {
    ($($arg:tt)*) => {
        if cfg!(feature = "error-messages") {
            alloc::borrow::Cow::<'static, str>::Owned(alloc::format!($($arg)*))
        } else {
            alloc::borrow::Cow::Borrowed($crate::TERSE_MESSAGE)
        }
    };
}
pub(crate) use message;

/// A fixed message; without the `error-messages` feature
/// [`TERSE_MESSAGE`], for messages that are returned as values rather
/// than passed straight to [`CompileError::syntax`].
macro_rules! text {
    ($text:literal) => {
        if cfg!(feature = "error-messages") {
            $text
        } else {
            $crate::TERSE_MESSAGE
        }
    };
}
pub(crate) use text;

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
    /// A `SyntaxError` at `loc` (with [`TERSE_MESSAGE`] instead of `msg`
    /// without the `error-messages` feature).
    #[cfg_attr(not(feature = "error-messages"), inline(always))]
    pub fn syntax(loc: Loc, msg: impl Into<Cow<'static, str>>) -> Self {
        CompileError::new(ErrorKind::Syntax, loc, msg)
    }

    /// An `IndentationError` at `loc` (with [`TERSE_MESSAGE`] instead of
    /// `msg` without the `error-messages` feature).
    #[cfg_attr(not(feature = "error-messages"), inline(always))]
    pub fn indentation(loc: Loc, msg: impl Into<Cow<'static, str>>) -> Self {
        CompileError::new(ErrorKind::Indentation, loc, msg)
    }

    #[cfg(feature = "error-messages")]
    fn new(kind: ErrorKind, loc: Loc, msg: impl Into<Cow<'static, str>>) -> Self {
        CompileError {
            kind,
            msg: msg.into(),
            line: loc.line,
            col: loc.col,
        }
    }

    /// Inlined, so that `msg` is not even passed: no message text is
    /// linked, only [`CompileError::terse`].
    #[cfg(not(feature = "error-messages"))]
    #[inline(always)]
    fn new(kind: ErrorKind, loc: Loc, msg: impl Into<Cow<'static, str>>) -> Self {
        drop(msg);
        CompileError::terse(kind, loc)
    }

    /// A `kind` error at `loc` with [`TERSE_MESSAGE`].
    #[cfg(not(feature = "error-messages"))]
    #[inline(never)]
    pub(crate) fn terse(kind: ErrorKind, loc: Loc) -> Self {
        CompileError {
            kind,
            msg: Cow::Borrowed(TERSE_MESSAGE),
            line: loc.line,
            col: loc.col,
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
        let msg = message!("{e}");
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
