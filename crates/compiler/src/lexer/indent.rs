//! The indentation stack: INDENT/DEDENT decisions and tab consistency.

use alloc::vec::Vec;

use super::error::LexErrorKind;

/// Maximum number of indentation levels, counting the unindented module
/// level (CPython's limit): blocks may nest 99 deep.
pub const MAX_INDENT_LEVELS: usize = 100;

/// The width of a line's indentation, measured twice: with tab stops every
/// 8 columns (`col`) and with tabs counting as one column (`alt`). If the
/// two measures disagree on how a line compares with an enclosing level,
/// the meaning depends on the tab size and the indentation is rejected
/// (CPython's rule).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Width {
    col: u16,
    alt: u16,
}

impl Width {
    /// Adds one indentation byte (space, tab or form feed).
    pub(crate) fn add(&mut self, b: u8) {
        match b {
            b'\t' => {
                self.col = (self.col / 8).saturating_add(1).saturating_mul(8);
                self.alt = self.alt.saturating_add(1);
            }
            // A form feed resets the column, as in CPython.
            0x0C => *self = Width::default(),
            _ => {
                self.col = self.col.saturating_add(1);
                self.alt = self.alt.saturating_add(1);
            }
        }
    }
}

/// What a new logical line's indentation does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// Same level.
    Same,
    /// One level deeper.
    Indent,
    /// This many levels shallower (at least 1).
    Dedent(usize),
}

/// The stack of indentation widths; level 0 (width 0) is implicit. On the
/// heap, growing with the nesting, so that a lexer costs little machine
/// stack (the parser makes one per f-string field, inside its recursion).
#[derive(Clone, Debug)]
pub(crate) struct IndentStack {
    levels: Vec<Width>,
}

impl IndentStack {
    pub(crate) fn new() -> Self {
        IndentStack { levels: Vec::new() }
    }

    /// Number of open indentation levels.
    pub(crate) fn depth(&self) -> usize {
        self.levels.len()
    }

    fn top(&self) -> Width {
        self.levels.last().copied().unwrap_or_default()
    }

    /// Pops one level (at end of input).
    pub(crate) fn pop(&mut self) {
        self.levels.pop();
    }

    /// Compares a line's indentation with the stack and updates it.
    pub(crate) fn change(&mut self, w: Width) -> Result<Change, LexErrorKind> {
        let top = self.top();
        if w.col == top.col {
            if w.alt != top.alt {
                return Err(LexErrorKind::InconsistentTabs);
            }
            Ok(Change::Same)
        } else if w.col > top.col {
            if w.alt <= top.alt {
                return Err(LexErrorKind::InconsistentTabs);
            }
            if self.levels.len() + 1 >= MAX_INDENT_LEVELS {
                return Err(LexErrorKind::TooManyIndentationLevels);
            }
            self.levels.push(w);
            Ok(Change::Indent)
        } else {
            let mut n = 0;
            while !self.levels.is_empty() && w.col < self.top().col {
                self.levels.pop();
                n += 1;
            }
            let top = self.top();
            if w.col != top.col {
                return Err(LexErrorKind::UnindentMismatch);
            }
            if w.alt != top.alt {
                return Err(LexErrorKind::InconsistentTabs);
            }
            Ok(Change::Dedent(n))
        }
    }
}
