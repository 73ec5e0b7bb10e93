//! Peak heap of `pyrite_compiler::compile` on a 32-bit target (wasm32),
//! driven by `tools/compile-ram.mjs`.
//!
//! The allocator is a bump allocator over wasm memory (nothing is reused,
//! which does not matter for a measurement) that counts the bytes live at
//! each moment, both as requested and rounded up to the 16-byte blocks of
//! the board heap (pyrite-gc's, like MicroPython's, on 32-bit targets).

#![no_std]

extern crate alloc;

use alloc::vec::Vec;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;

use pyrite_compiler::parser::Parser;
use pyrite_compiler::{Mode, Options, compile};

const BLOCK: usize = 16;
const PAGE: usize = 65536;

#[derive(Default)]
struct Counts {
    live: Cell<usize>,
    peak: Cell<usize>,
    live_blocks: Cell<usize>,
    peak_blocks: Cell<usize>,
    live_n: Cell<usize>,
    peak_n: Cell<usize>,
    next: Cell<usize>,
    end: Cell<usize>,
}

struct Bump {
    c: Counts,
}

// SAFETY: wasm32-unknown-unknown without atomics is single-threaded.
unsafe impl Sync for Bump {}

fn rounded(size: usize) -> usize {
    size.div_ceil(BLOCK).max(1) * BLOCK
}

// SAFETY: hands out fresh, suitably aligned, never-reused memory obtained
// with `memory.grow`.
unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let c = &self.c;
        let start = (c.next.get() + layout.align() - 1) & !(layout.align() - 1);
        let stop = start + layout.size();
        if stop > c.end.get() {
            let pages = (stop - c.end.get()).div_ceil(PAGE) + 16;
            let old = core::arch::wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return core::ptr::null_mut();
            }
            if c.end.get() != old * PAGE {
                // First call (or someone else grew memory): start afresh.
                let base = old * PAGE;
                c.next.set(base);
                c.end.set(base + pages * PAGE);
                // SAFETY: retry with the new region.
                return unsafe { self.alloc(layout) };
            }
            c.end.set(c.end.get() + pages * PAGE);
        }
        c.next.set(stop);
        c.live.set(c.live.get() + layout.size());
        c.peak.set(c.peak.get().max(c.live.get()));
        c.live_blocks
            .set(c.live_blocks.get() + rounded(layout.size()));
        c.peak_blocks
            .set(c.peak_blocks.get().max(c.live_blocks.get()));
        c.live_n.set(c.live_n.get() + 1);
        c.peak_n.set(c.peak_n.get().max(c.live_n.get()));
        start as *mut u8
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, layout: Layout) {
        let c = &self.c;
        c.live.set(c.live.get() - layout.size());
        c.live_blocks
            .set(c.live_blocks.get() - rounded(layout.size()));
        c.live_n.set(c.live_n.get() - 1);
    }
}

#[global_allocator]
static HEAP: Bump = Bump {
    c: Counts {
        live: Cell::new(0),
        peak: Cell::new(0),
        live_blocks: Cell::new(0),
        peak_blocks: Cell::new(0),
        live_n: Cell::new(0),
        peak_n: Cell::new(0),
        next: Cell::new(0),
        end: Cell::new(0),
    },
};

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

struct Global {
    input: Cell<Vec<u8>>,
    results: Cell<[u32; 8]>,
}

// SAFETY: single-threaded (see `Bump`).
unsafe impl Sync for Global {}

static G: Global = Global {
    input: Cell::new(Vec::new()),
    results: Cell::new([0; 8]),
};

/// A buffer of `len` bytes for the source; returns its address.
#[unsafe(no_mangle)]
pub extern "C" fn input(len: usize) -> *mut u8 {
    let mut v = alloc::vec![0u8; len];
    let p = v.as_mut_ptr();
    G.input.set(v);
    p
}

fn reset() -> (usize, usize, usize) {
    let c = &HEAP.c;
    c.peak.set(c.live.get());
    c.peak_blocks.set(c.live_blocks.get());
    c.peak_n.set(c.live_n.get());
    (c.live.get(), c.live_blocks.get(), c.live_n.get())
}

fn peaks(base: (usize, usize, usize)) -> (u32, u32, u32) {
    let c = &HEAP.c;
    (
        (c.peak.get() - base.0) as u32,
        (c.peak_blocks.get() - base.1) as u32,
        (c.peak_n.get() - base.2) as u32,
    )
}

/// Compile the input: returns 0 on success, 1 on a compile error. Figures
/// are then read with [`result`].
#[unsafe(no_mangle)]
pub extern "C" fn run() -> u32 {
    let src = G.input.take();
    let opts = Options {
        source_name: "module.py",
        ..Options::default()
    };
    let base = reset();
    {
        let mut p = Parser::new(&src);
        while let Ok(Some(s)) = p.next_statement() {
            drop(s);
        }
    }
    let parser = peaks(base);
    let base = reset();
    let out = compile(&src, Mode::File, &opts);
    let all = peaks(base);
    let (ok, len) = match &out {
        Ok(v) => (0, v.len() as u32),
        Err(_) => (1, 0),
    };
    drop(out);
    G.results
        .set([len, all.0, all.1, all.2, parser.0, parser.1, parser.2, ok]);
    G.input.set(src);
    ok
}

/// Compile the input as `compile` does, phase by phase; returns the peak
/// heap above the start during parsing (0), code generation (1) and
/// `finish` (2), for figure `i`.
#[unsafe(no_mangle)]
pub extern "C" fn phases(i: usize) -> u32 {
    let src = G.input.take();
    let opts = Options {
        source_name: "module.py",
        ..Options::default()
    };
    let mut best = [0u32; 3];
    let start = reset();
    let c = &HEAP.c;
    {
        let mut m = pyrite_compiler::codegen::ModuleCompiler::new(&opts, Mode::File);
        let mut p = Parser::new(&src);
        loop {
            c.peak.set(c.live.get());
            let s = p.next_statement();
            best[0] = best[0].max((c.peak.get() - start.0) as u32);
            let Ok(Some(s)) = s else { break };
            c.peak.set(c.live.get());
            let r = m.statement(&s);
            best[1] = best[1].max((c.peak.get() - start.0) as u32);
            if r.is_err() {
                break;
            }
        }
        drop(p);
        c.peak.set(c.live.get());
        let out = m.finish();
        best[2] = (c.peak.get() - start.0) as u32;
        drop(out);
    }
    G.input.set(src);
    best.get(i).copied().unwrap_or(0)
}

/// Figure `i` of the last [`run`]: 0 output bytes; 1, 2, 3 the compile's
/// peak bytes, peak bytes in 16-byte blocks, peak allocation count; 4, 5, 6
/// the same for the parser alone; 7 whether it failed.
#[unsafe(no_mangle)]
pub extern "C" fn result(i: usize) -> u32 {
    let r = G.results.get();
    r.get(i).copied().unwrap_or(0)
}

/// 32-bit sizes of the syntax-tree nodes, for the report: index into
/// `Expr, Stmt, Arg, Param, Params, FunctionDef, ClassDef, ExceptHandler,
/// WithItem, Comprehension, DictItem, Const, Alias, FStringPart`.
#[unsafe(no_mangle)]
pub extern "C" fn node_size(i: usize) -> usize {
    use core::mem::size_of;
    use pyrite_compiler::ast::*;
    [
        size_of::<Expr<'_>>(),
        size_of::<Stmt<'_>>(),
        size_of::<Arg<'_>>(),
        size_of::<Param<'_>>(),
        size_of::<Params<'_>>(),
        size_of::<FunctionDef<'_>>(),
        size_of::<ClassDef<'_>>(),
        size_of::<ExceptHandler<'_>>(),
        size_of::<WithItem<'_>>(),
        size_of::<Comprehension<'_>>(),
        size_of::<DictItem<'_>>(),
        size_of::<Const<'_>>(),
        size_of::<Alias<'_>>(),
        size_of::<FStringPart<'_>>(),
    ]
    .get(i)
    .copied()
    .unwrap_or(0)
}
