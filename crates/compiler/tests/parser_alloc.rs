//! The parser streams: its peak heap use is the tree of one top-level
//! statement plus the lexer's strings, not the module. Measured with a
//! counting global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use pyrite_compiler::parser::Parser;

struct Counting;

// Per thread: libtest runs the tests of this file on several threads, and
// each measures only its own parse.
thread_local! {
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    // `try_with`: allocations during thread teardown are not counted.
    let _ = CURRENT.try_with(|c| {
        let now = c.get() + delta;
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn current() -> isize {
    CURRENT.with(Cell::get)
}

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A module of about `lines` lines: functions of 10 lines each, in the
/// style of MicroPython driver code.
fn module(lines: usize) -> String {
    let mut src = String::from("import time\nfrom machine import Pin\n\n");
    let report = if cfg!(feature = "fstrings") {
        "f'pin {pin}: {value:>5}'"
    } else {
        "'pin {}: {:>5}'.format(pin, value)"
    };
    let mut n = 0;
    while src.lines().count() + 10 <= lines {
        src.push_str(&format!(
            "def handler_{n}(pin, count=0, *args, **kw):\n    \
             \"\"\"Handle an interrupt on pin {n}.\"\"\"\n    \
             value = pin.value() + count * {n}\n    \
             if value > 10 and not kw.get('quiet'):\n        \
             print({report}, *args, sep='')\n    \
             elif value < 0:\n        \
             raise ValueError('negative', value)\n    \
             items = [x * 2 for x in range(value) if x % 3]\n    \
             return {{'value': value, 'items': items}}\n\n"
        ));
        n += 1;
    }
    src
}

/// Parses `src` and returns (statements, peak heap bytes during parsing
/// above the baseline, the most held when a statement is handed out: its
/// tree plus the parser's spare stack capacity).
fn parse_peak(src: &[u8]) -> (usize, usize, usize) {
    let base = current();
    PEAK.with(|p| p.set(base));
    let mut parser = Parser::new(src);
    let mut count = 0;
    let mut held = 0;
    while let Some(stmt) = parser.next_statement().expect("valid source") {
        count += 1;
        held = held.max((current() - base).max(0) as usize);
        drop(stmt);
    }
    drop(parser);
    let peak = PEAK.with(Cell::get) - base;
    (count, peak.max(0) as usize, held)
}

#[test]
fn peak_heap_is_one_statement() {
    let small = module(300);
    let large = module(3000);
    assert!(small.lines().count() >= 290);
    let (n_small, peak_small, held) = parse_peak(small.as_bytes());
    let (n_large, peak_large, _) = parse_peak(large.as_bytes());
    println!(
        "300-line module ({} bytes, {n_small} statements): peak heap {peak_small} bytes \
         (largest statement's tree + parser stacks: {held} bytes)",
        small.len()
    );
    println!(
        "3000-line module ({} bytes, {n_large} statements): peak heap {peak_large} bytes",
        large.len()
    );
    assert!(n_large > 9 * n_small);
    // Streaming: ten times the source, (almost) the same peak.
    assert!(
        peak_large <= peak_small + 512,
        "{peak_large} vs {peak_small}"
    );
    // One function's tree (most of it) and the parser's stacks.
    assert!(peak_small < 12 * 1024, "peak {peak_small}");
}

/// Node sizes and the peak for a few one-line modules (informative).
#[test]
fn sizes() {
    use pyrite_compiler::ast::*;
    println!(
        "Expr {} Stmt {} Arg {} Param {} Params {} Parser {}",
        size_of::<Expr<'_>>(),
        size_of::<Stmt<'_>>(),
        size_of::<Arg<'_>>(),
        size_of::<Param<'_>>(),
        size_of::<Params<'_>>(),
        size_of::<Parser<'_>>()
    );
    for src in [
        &b"x = 1\n"[..],
        b"def f(a, b=1):\n    return a\n",
        b"x = f'{a} {b}'\n",
        b"print(f'pin {pin}: {value:>5}', *args, sep='')\n",
    ] {
        if !cfg!(feature = "fstrings") && src.starts_with(b"x = f") | src.starts_with(b"print(f") {
            continue;
        }
        let (_, peak, _) = parse_peak(src);
        println!("{:?}: {peak}", String::from_utf8_lossy(src));
    }
}
