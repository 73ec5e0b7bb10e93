//! Peak heap used while compiling a 300-line module, measured with a
//! counting global allocator (this test binary's only test, so nothing
//! else allocates meanwhile). These are 64-bit host figures; the 32-bit
//! figure (the budget: 16 KiB above the output) is measured for real by
//! `tools/compile-ram.sh`, which runs the compiler built for wasm32 (see
//! `docs/memory.md`, "Compiler RAM").

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use pyrite_compiler::parser::Parser;
use pyrite_compiler::{Mode, Options, compile};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static BLOCKS: AtomicUsize = AtomicUsize::new(0);
static PEAK_BLOCKS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        let b = BLOCKS.fetch_add(1, Relaxed) + 1;
        PEAK_BLOCKS.fetch_max(b, Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Relaxed);
        BLOCKS.fetch_sub(1, Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak bytes and blocks above the current use while running `f`.
fn measure<R>(f: impl FnOnce() -> R) -> (R, usize, usize) {
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let base_blocks = BLOCKS.load(Relaxed);
    PEAK_BLOCKS.store(base_blocks, Relaxed);
    let r = f();
    (
        r,
        PEAK.load(Relaxed) - base,
        PEAK_BLOCKS.load(Relaxed) - base_blocks,
    )
}

#[test]
fn peak_heap_300_lines() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/codegen/module300.py");
    let src = std::fs::read(path).unwrap();
    assert!(src.iter().filter(|&&b| b == b'\n').count() >= 300);
    let opts = Options {
        source_name: "module300.py",
        ..Options::default()
    };
    // The parser alone (each statement's tree, dropped in turn).
    let ((), parse_peak, parse_blocks) = measure(|| {
        let mut p = Parser::new(&src);
        while let Some(s) = p.next_statement().expect("parses") {
            drop(s);
        }
    });
    let (out, peak, blocks) = measure(|| compile(&src, Mode::File, &opts).expect("compiles"));
    let above = peak.saturating_sub(out.len());
    let codegen = peak.saturating_sub(parse_peak + out.len());
    println!(
        "output {} bytes; compile peak {peak} bytes in {blocks} blocks, {above} above the output; \
         parser alone {parse_peak} bytes in {parse_blocks} blocks; code generator's share above \
         parser and output: {codegen} bytes (64-bit host; 32-bit: tools/compile-ram.sh)",
        out.len(),
    );
    assert!(pyrite_mpy::verify(&out).is_ok());
    // Regression guards (host figures): the code generator's own state
    // stays small; the total is dominated by the syntax tree of the largest
    // top-level statement.
    assert!(codegen <= 12 * 1024, "code generator uses {codegen} bytes");
    assert!(
        above <= 26 * 1024,
        "peak {above} bytes above the output on the host"
    );
}
