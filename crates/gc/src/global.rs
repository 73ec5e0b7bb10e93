//! `GlobalHeap`: serve Rust's `alloc` from the GC pool.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::ptr::{self, NonNull};

use crate::{AllocFlags, BLOCK_SIZE, Heap};

/// A [`GlobalAlloc`] that makes [`AllocFlags::MANUAL`] allocations in a
/// [`Heap`], so one RAM pool serves both Python objects and Rust's `alloc`
/// (`Vec`, `Box`, ...). Enabled by the `global-alloc` feature.
///
/// ```no_run
/// use pyrite_gc::{GlobalHeap, Heap};
///
/// #[global_allocator]
/// static ALLOC: GlobalHeap = GlobalHeap::new();
///
/// fn boot(heap: &'static Heap) {
///     // SAFETY: single core; interrupt handlers do not allocate.
///     unsafe { ALLOC.init(heap) };
/// }
/// # fn main() {}
/// ```
///
/// Every call runs inside `critical_section::with`, which is what makes the
/// type `Sync` although [`Heap`] is not. Until [`init`](GlobalHeap::init)
/// every allocation returns null. Alignments above [`BLOCK_SIZE`] are not
/// supported (null). An allocation may trigger an automatic collection,
/// which then runs inside the critical section; the registered root source
/// and finalisers must not use Rust's `alloc` (allocations fail and frees are
/// ignored while collecting).
pub struct GlobalHeap {
    heap: Cell<Option<&'static Heap>>,
}

// SAFETY: the only state is `heap`, and every access to it and to the heap it
// points to happens inside `critical_section::with`, so accesses through the
// adapter are never concurrent. Direct uses of the heap by other code are
// covered by `init`'s contract.
unsafe impl Sync for GlobalHeap {}

impl Default for GlobalHeap {
    fn default() -> Self {
        GlobalHeap::new()
    }
}

impl core::fmt::Debug for GlobalHeap {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GlobalHeap").finish_non_exhaustive()
    }
}

impl GlobalHeap {
    /// An adapter with no heap yet (every allocation returns null).
    pub const fn new() -> GlobalHeap {
        GlobalHeap {
            heap: Cell::new(None),
        }
    }

    /// Serve allocations from `heap` from now on.
    ///
    /// # Safety
    ///
    /// `heap` is not `Sync`: the caller must ensure that no use of `heap`
    /// outside this adapter can overlap with a call into the adapter, i.e.
    /// the heap is used directly only from code that cannot run concurrently
    /// with, or be interrupted by, code that uses Rust's `alloc` (for
    /// example: one core, and interrupt handlers that do not allocate, or
    /// direct heap calls made inside a critical section). Rust allocations
    /// live in the heap as `MANUAL` blocks and must not be freed through the
    /// heap directly.
    pub unsafe fn init(&self, heap: &'static Heap) {
        critical_section::with(|_| self.heap.set(Some(heap)));
    }

    fn with_heap<R>(&self, none: R, f: impl FnOnce(&Heap) -> R) -> R {
        critical_section::with(|_| match self.heap.get() {
            Some(h) => f(h),
            None => none,
        })
    }
}

// SAFETY: `alloc` returns null or a fresh, zeroed MANUAL allocation of at
// least `layout.size()` bytes aligned to BLOCK_SIZE >= `layout.align()`
// (larger alignments return null); MANUAL blocks are never touched by the
// collector, so the memory stays valid until `dealloc`/`realloc`. `realloc`
// keeps the old block unchanged on failure and copies the contents when it
// moves.
unsafe impl GlobalAlloc for GlobalHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > BLOCK_SIZE {
            return ptr::null_mut();
        }
        self.with_heap(ptr::null_mut(), |h| {
            h.alloc(layout.size(), AllocFlags::MANUAL)
                .map_or(ptr::null_mut(), NonNull::as_ptr)
        })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        if let Some(p) = NonNull::new(ptr) {
            self.with_heap((), |h| {
                h.free(p);
            });
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract; heap allocations are always zeroed.
        unsafe { self.alloc(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, _layout: Layout, new_size: usize) -> *mut u8 {
        let Some(p) = NonNull::new(ptr) else {
            return ptr::null_mut();
        };
        self.with_heap(ptr::null_mut(), |h| {
            h.realloc(p, new_size, true)
                .map_or(ptr::null_mut(), NonNull::as_ptr)
        })
    }
}
