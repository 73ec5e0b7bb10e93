//! `cargo bench -p pyrite-gc --bench gc`: plain `std` timing, no framework.
//!
//! 1. allocating 100,000 two-word objects in a fixed 64 KiB heap, collecting
//!    as needed (a rolling window of the last 256 objects is live);
//! 2. one full collection of a 256 KiB heap that is half live (a linked
//!    structure) and half garbage;
//! 3. bytes of overhead per allocation (table bits + rounding) for typical
//!    object sizes on 32-bit targets and on this host.

use std::cell::RefCell;
use std::hint::black_box;
use std::ptr::NonNull;
use std::time::{Duration, Instant};

use pyrite_gc::{AllocFlags, BLOCK_SIZE, Heap, Marker, RootSource, WORD_SIZE};

#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Chunk([u8; 64]);

/// A heap over a `Vec`-owned region.
struct BenchHeap {
    heap: Heap,
    _buf: Vec<Chunk>,
}

impl BenchHeap {
    fn new(bytes: usize) -> BenchHeap {
        let mut buf = vec![Chunk([0xEE; 64]); bytes.div_ceil(64)];
        let ptr = NonNull::new(buf.as_mut_ptr().cast::<u8>()).unwrap();
        // SAFETY: the buffer outlives the heap (same struct) and is only
        // accessed through it.
        let heap = unsafe { Heap::from_raw_parts(ptr, bytes) };
        BenchHeap { heap, _buf: buf }
    }
}

/// Roots: a ring of the most recent objects.
struct Window {
    ring: RefCell<Vec<*const u8>>,
}

impl RootSource for Window {
    fn trace(&self, m: &mut Marker<'_>) {
        for &p in self.ring.borrow().iter() {
            m.mark(p);
        }
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// Allocate `n` two-word objects, each pointing at the previous one (so the
/// window keeps a chain alive), in a fixed heap, collecting when full.
fn alloc_churn(n: usize) -> (Duration, usize) {
    let bh = BenchHeap::new(64 << 10);
    let h = &bh.heap;
    let window = Window {
        ring: RefCell::new(vec![std::ptr::null(); 256]),
    };
    // SAFETY: `window` outlives its registration (unregistered below).
    unsafe { h.set_root_source(Some(&window)) };
    let mut prev: *const u8 = std::ptr::null();
    let start = Instant::now();
    for i in 0..n {
        let p = h
            .alloc(2 * WORD_SIZE, AllocFlags::NONE)
            .expect("heap too small");
        // SAFETY: a fresh allocation of two words.
        unsafe { p.cast::<*const u8>().write(prev) };
        // Break the chain every 64 objects so garbage is possible.
        prev = if i % 64 == 63 {
            std::ptr::null()
        } else {
            p.as_ptr()
        };
        window.ring.borrow_mut()[i % 256] = p.as_ptr();
    }
    let t = start.elapsed();
    let collections = h.collections();
    // SAFETY: unregistering.
    unsafe { h.set_root_source(None) };
    (t, collections)
}

/// Allocate `n` two-word objects in a heap big enough for all (no
/// collection): the raw allocation path.
fn alloc_no_gc(n: usize) -> Duration {
    let bh = BenchHeap::new(n * BLOCK_SIZE + (n / 2 + 4096));
    let h = &bh.heap;
    let start = Instant::now();
    for _ in 0..n {
        black_box(h.alloc(2 * WORD_SIZE, AllocFlags::NONE).unwrap());
    }
    start.elapsed()
}

/// A 256 KiB heap, half live, half garbage: live nodes form a binary tree
/// of 2-word nodes (each node `[left, right]`); garbage nodes interleave.
/// Returns the median time of a full collection and the live / total
/// bytes.
fn full_collection() -> (Duration, Duration, usize, usize) {
    let bh = BenchHeap::new(256 << 10);
    let h = &bh.heap;
    h.disable();
    let mut live: Vec<NonNull<u8>> = Vec::new();
    // Fill: alternate a live node and a garbage node until half is live.
    while h.mem_alloc() + 2 * BLOCK_SIZE <= h.total() && live.len() * BLOCK_SIZE < h.total() / 2 {
        let node = h.alloc(2 * WORD_SIZE, AllocFlags::NONE).unwrap();
        if !live.is_empty() {
            // Tree: node i is the child of node (i - 1) / 2.
            let parent = live[(live.len() - 1) / 2];
            let slot = (live.len() - 1) % 2;
            // SAFETY: `parent` is a live two-word node.
            unsafe { parent.cast::<*const u8>().add(slot).write(node.as_ptr()) };
        }
        live.push(node);
        let _garbage = h.alloc(2 * WORD_SIZE, AllocFlags::NONE).unwrap();
    }
    let root = live[0];
    let live_bytes = h.mem_alloc() / 2;
    let refill = |h: &Heap| {
        while h.mem_alloc() + BLOCK_SIZE <= h.total() {
            black_box(h.alloc(2 * WORD_SIZE, AllocFlags::NONE).unwrap());
        }
    };
    let mut with_garbage = Vec::new();
    let mut live_only = Vec::new();
    for i in 0..60 {
        if i > 0 {
            refill(h);
        }
        let t = Instant::now();
        h.collect_with(&mut |m: &mut Marker<'_>| m.mark(root.as_ptr()));
        with_garbage.push(t.elapsed());
        // A second collection with nothing to free: marking + sweep only.
        let t = Instant::now();
        h.collect_with(&mut |m: &mut Marker<'_>| m.mark(root.as_ptr()));
        live_only.push(t.elapsed());
        assert_eq!(h.mem_alloc(), live.len() * BLOCK_SIZE);
    }
    (
        median(with_garbage),
        median(live_only),
        live_bytes,
        h.total(),
    )
}

fn overhead_row(size: usize, block: usize) -> (usize, f64) {
    let blocks = size.div_ceil(block).max(1);
    let rounding = blocks * block - size;
    let table = blocks as f64 * 4.0 / 8.0;
    (rounding, rounding as f64 + table)
}

fn main() {
    // Ignore libtest-style arguments such as `--bench`.
    const N: usize = 100_000;
    println!("pyrite-gc benchmarks (block = {BLOCK_SIZE} bytes, word = {WORD_SIZE} bytes)");
    println!();

    let mut runs: Vec<(Duration, usize)> = (0..7).map(|_| alloc_churn(N)).collect();
    runs.sort_unstable();
    let (t, collections) = runs[runs.len() / 2];
    let raw = median((0..7).map(|_| alloc_no_gc(N)).collect());
    println!("| allocation ({N} two-word objects)            | total     | per object |");
    println!("|----------------------------------------------|-----------|------------|");
    println!(
        "| 64 KiB heap, collecting as needed ({collections:>4} GCs) | {:>6.2} ms | {:>7.1} ns |",
        t.as_secs_f64() * 1e3,
        t.as_secs_f64() * 1e9 / N as f64
    );
    println!(
        "| heap large enough, no collection             | {:>6.2} ms | {:>7.1} ns |",
        raw.as_secs_f64() * 1e3,
        raw.as_secs_f64() * 1e9 / N as f64
    );
    println!();

    let (full, live_only, live, total) = full_collection();
    println!("| full collection, 256 KiB heap                | median    |");
    println!("|----------------------------------------------|-----------|");
    println!(
        "| {} KiB live tree + {} KiB garbage, {} blocks | {:>6.1} us |",
        live >> 10,
        (total - live) >> 10,
        total / BLOCK_SIZE,
        full.as_secs_f64() * 1e6
    );
    println!(
        "| same heap, nothing to free                   | {:>6.1} us |",
        live_only.as_secs_f64() * 1e6
    );
    println!();

    println!(
        "| object size | 32-bit: blocks, rounding, +table = overhead | 64-bit: blocks, rounding, +table = overhead |"
    );
    println!(
        "|-------------|---------------------------------------------|---------------------------------------------|"
    );
    for size in [4usize, 8, 12, 16, 24, 32, 48, 64, 100, 256] {
        let (r32, o32) = overhead_row(size, 16);
        let (r64, o64) = overhead_row(size, 32);
        println!(
            "| {size:>8} B  | {:>3} blk, {r32:>3} B + {:>4.1} B = {o32:>5.1} B ({:>5.1} %)   | {:>3} blk, {r64:>3} B + {:>4.1} B = {o64:>5.1} B ({:>5.1} %)   |",
            size.div_ceil(16).max(1),
            size.div_ceil(16).max(1) as f64 / 2.0,
            o32 * 100.0 / size as f64,
            size.div_ceil(32).max(1),
            size.div_ceil(32).max(1) as f64 / 2.0,
            o64 * 100.0 / size as f64,
        );
    }
    println!("(table = 4 bits per block: 3.1 % of the pool on 32-bit, 1.6 % on 64-bit; no header)");
}
