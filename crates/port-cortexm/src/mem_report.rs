//! Memory figures after each REPL input (feature `mem-report`): how the
//! RAM numbers of a board's `board.toml` are measured.
//!
//! The machine stack is painted at start-up and again after each report,
//! so each line gives the deepest stack use of one input (compiling and
//! running it, and the REPL reading it), from the top of the stack.

use alloc::format;

use crate::heap::{self, ALLOC};
use crate::{console, stack};

/// Prints `[mem] stack N, arena used/peak/size, heap free N` and paints
/// the stack again.
pub fn report() {
    let (low, top) = heap::stack_bounds();
    let deepest = stack::high_water(low);
    let (used, size) = ALLOC.arena_usage();
    let free = ALLOC.gc_free().unwrap_or(0);
    let line = format!(
        "[mem] stack {} of {}, arena {} (peak {}) of {}, heap free {}\n",
        top - deepest,
        top - low,
        used,
        ALLOC.arena_peak(),
        size,
        free
    );
    console::write_cooked(line.as_bytes());
    stack::paint(low);
}
