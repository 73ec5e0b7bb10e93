//! Test helpers shared by the integration tests.
#![allow(dead_code)]

use std::cell::RefCell;
use std::ops::Deref;
use std::ptr::NonNull;

use pyrite_gc::{Finaliser, Heap, Marker, RootSource};

#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Chunk([u8; 64]);

/// A heap over a `Vec`-owned region (so Miri sees no leak).
pub struct TestHeap {
    heap: Heap,
    _buf: Vec<Chunk>,
}

impl TestHeap {
    /// A heap over exactly `bytes` bytes, starting 64-aligned.
    pub fn new(bytes: usize) -> TestHeap {
        let mut buf = vec![Chunk([0xEE; 64]); bytes.div_ceil(64).max(1)];
        let ptr = NonNull::new(buf.as_mut_ptr().cast::<u8>()).unwrap();
        // SAFETY: the buffer lives as long as the heap (same struct, the heap
        // field is dropped first and has no Drop), and is never touched
        // except through the heap.
        let heap = unsafe { Heap::from_raw_parts(ptr, bytes) };
        TestHeap { heap, _buf: buf }
    }

    /// A heap of exactly `blocks` blocks (the region is sized to fit).
    pub fn with_blocks(blocks: usize) -> TestHeap {
        let bs = pyrite_gc::BLOCK_SIZE;
        let tables = (2 * blocks.div_ceil(4)).next_multiple_of(bs);
        let t = TestHeap::new(tables + blocks * bs);
        assert_eq!(t.blocks(), blocks);
        t
    }
}

impl Deref for TestHeap {
    type Target = Heap;
    fn deref(&self) -> &Heap {
        &self.heap
    }
}

/// A root source holding a list of pointers.
#[derive(Default)]
pub struct Roots(pub RefCell<Vec<*const u8>>);

impl RootSource for Roots {
    fn trace(&self, m: &mut Marker<'_>) {
        for &p in self.0.borrow().iter() {
            m.mark(p);
        }
    }
}

impl Roots {
    pub fn push(&self, p: NonNull<u8>) {
        self.0.borrow_mut().push(p.as_ptr());
    }
    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }
}

/// A finaliser that records the addresses it is called with.
#[derive(Default)]
pub struct Recorder(pub RefCell<Vec<usize>>);

impl Finaliser for Recorder {
    fn finalise(&self, obj: NonNull<u8>) {
        self.0.borrow_mut().push(obj.as_ptr().addr());
    }
}

/// Write `p` into word `i` of the allocation at `obj`.
pub fn set_word(obj: NonNull<u8>, i: usize, p: *const u8) {
    // SAFETY: tests only call this with live allocations of > i words.
    unsafe { obj.cast::<*const u8>().add(i).write(p) }
}

/// Read word `i` of the allocation at `obj`.
pub fn get_word(obj: NonNull<u8>, i: usize) -> *const u8 {
    // SAFETY: tests only call this with live allocations of > i words.
    unsafe { obj.cast::<*const u8>().add(i).read() }
}

/// Fill `len` bytes at `p` with `v`.
pub fn fill(p: NonNull<u8>, len: usize, v: u8) {
    // SAFETY: tests only call this with live allocations of >= len bytes.
    unsafe { p.as_ptr().write_bytes(v, len) }
}

/// Whether `len` bytes at `p` all equal `v`.
pub fn all_eq(p: NonNull<u8>, len: usize, v: u8) -> bool {
    // SAFETY: tests only call this with live allocations of >= len bytes.
    let got = unsafe { std::slice::from_raw_parts(p.as_ptr(), len) };
    // A slice comparison (memcmp) rather than a byte loop: much faster
    // under Miri.
    got == vec![v; len].as_slice()
}

/// Collect with `roots` as the only extra roots.
pub fn collect_roots(h: &Heap, roots: &[NonNull<u8>]) {
    h.collect_with(&mut |m: &mut Marker<'_>| {
        for r in roots {
            m.mark(r.as_ptr());
        }
    });
}
