//! The parser: tokens in, one top-level [`Stmt`] at a time out.

use crate::CompileError;
use crate::ast::{Expr, Loc, Stmt};

/// Parses a module one top-level statement at a time.
pub struct Parser<'s> {
    src: &'s [u8],
}

impl<'s> Parser<'s> {
    /// A parser over a module's source.
    pub fn new(src: &'s [u8]) -> Self {
        Parser { src }
    }

    /// The next top-level statement (a compound statement whole; a simple
    /// statement line `a; b` gives its statements one by one), or `None`
    /// at the end.
    pub fn next_statement(&mut self) -> Result<Option<Stmt<'s>>, CompileError> {
        let _ = self.src;
        Err(CompileError::syntax(
            Loc { line: 1, col: 1 },
            "parser not built yet",
        ))
    }
}

/// Parse `src` as one expression (`eval` mode); surrounding blank lines and
/// a trailing newline are allowed.
pub fn parse_eval(src: &[u8]) -> Result<Expr<'_>, CompileError> {
    let _ = src;
    Err(CompileError::syntax(
        Loc { line: 1, col: 1 },
        "parser not built yet",
    ))
}
