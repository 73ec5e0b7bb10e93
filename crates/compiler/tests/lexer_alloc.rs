//! The lexer allocates nothing per token: only escape-processed string
//! values, f-string part lists and the growth of its two nesting stacks
//! (indentation levels, open brackets: kept on the heap so that a lexer is
//! small on the machine stack) touch the heap.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use pyrite_compiler::lexer::{Lexer, TokenKind};

struct Counting;

// Per thread: the test harness's other threads allocate while a test runs.
thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // `try_with`: allocations during thread teardown are not counted.
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Lexes `src` to the end and returns the number of allocations made.
fn allocations(src: &[u8]) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    let mut lexer = Lexer::new(src);
    let mut count = 0;
    loop {
        let token = lexer.next_token().expect("valid source");
        count += 1;
        if token.kind == TokenKind::EndMarker {
            break;
        }
    }
    assert!(count > 10);
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn allocation_free_and_minimal_cases() {
    let plain = br#"
import sys

class Point:
    """A docstring without escapes."""

    def __init__(self, x=0, y=0.5e3, z=0x_ff):
        self.x, self.y = x, y
        if not (x and y):
            raise ValueError('bad point', b'raw bytes', r'\d+')

for i in range(10):  # a comment
    print(Point(i, i ** 2), end='')
"#;
    // The indentation stack (3 levels) and the bracket stack (2) each
    // allocate once, for their first 4 levels; nothing else allocates.
    assert_eq!(allocations(plain), 2);
    let deeper: String = (0..9)
        .map(|i| format!("{}if x{i}:\n", "    ".repeat(i)))
        .collect::<String>()
        + &"    ".repeat(9)
        + "pass\n";
    // 9 levels: the indentation stack grows to 4, 8, then 16 levels.
    assert_eq!(allocations(deeper.as_bytes()), 3);
    // One allocation per string whose value differs from its source text.
    assert_eq!(
        allocations(b"a = 'x\\ny' + 'plain' + b'\\x00' + 'more' + 'and' + 'more'\n"),
        2
    );
    // One allocation per part list: the f-string's and each format spec's
    // (expressions are spans of the source).
    #[cfg(feature = "fstrings")]
    assert_eq!(
        allocations(b"a = f'{x} and {y!r:>10}' + 'x' + 'y' + 'z' + 'w'\n"),
        2
    );
}
