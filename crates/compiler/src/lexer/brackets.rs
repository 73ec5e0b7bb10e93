//! The stack of open brackets, for implicit line joining and matching.

use alloc::vec::Vec;

use super::error::LexErrorKind;

/// Maximum bracket nesting (CPython's limit).
pub const MAX_BRACKET_DEPTH: usize = 200;

/// Open brackets, each recorded by its byte offset (the bracket kind is
/// read back from the source), so the stack costs 4 bytes per level; on the
/// heap, growing with the nesting, to keep the lexer small on the machine
/// stack.
#[derive(Clone, Debug)]
pub(crate) struct BracketStack {
    open: Vec<u32>,
}

/// The closing bracket for an opening one.
pub(crate) fn closing_for(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

impl BracketStack {
    pub(crate) fn new() -> Self {
        BracketStack { open: Vec::new() }
    }

    /// Number of open brackets.
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    /// Offset of the innermost open bracket.
    pub(crate) fn innermost(&self) -> Option<usize> {
        self.open.last().map(|&o| o as usize)
    }

    /// Records an opening bracket at `offset`.
    pub(crate) fn push(&mut self, offset: usize) -> Result<(), LexErrorKind> {
        if self.open.len() >= MAX_BRACKET_DEPTH {
            return Err(LexErrorKind::TooManyNestedParens);
        }
        self.open.push(u32::try_from(offset).unwrap_or(u32::MAX));
        Ok(())
    }

    /// Pops the innermost bracket for the closing bracket `close`. Returns
    /// the opening bracket's offset, `Err(None)` if nothing is open, or
    /// `Err(Some(offset))` if the innermost bracket is of another kind.
    pub(crate) fn pop(&mut self, src: &[u8], close: u8) -> Result<usize, Option<usize>> {
        let Some(offset) = self.innermost() else {
            return Err(None);
        };
        let open = src.get(offset).copied().unwrap_or(b'(');
        if closing_for(open) != close {
            return Err(Some(offset));
        }
        self.open.pop();
        Ok(offset)
    }
}
