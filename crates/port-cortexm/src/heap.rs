//! RAM layout and Rust's global allocator on a board.
//!
//! The linker script (generated from `board.toml`) puts the machine stack at
//! the bottom of RAM, then the statics; everything from `__sheap` to the end
//! of RAM is free. The firmware splits it in two:
//!
//! - the **arena** (`[vm] arena` bytes, first): Rust allocations made while
//!   no Python code runs: the VM's first qstr and built-in tables (made by
//!   `Vm::new` before its heap is attached), the banner, and the REPL's
//!   history, which must survive soft resets;
//! - the **GC heap** (the rest, or `[memory] heap` bytes): Python objects;
//!   the VM itself, its stack region and its frame records
//!   (`VmConfig::in_heap`); and, as `MANUAL` blocks, the Rust allocations
//!   made *while Python runs* (the compiler's buffers, the VM's) and the
//!   REPL's short-lived buffers (the line being edited, the input being
//!   collected; `Executor::transient_buffers`). So one pool serves them
//!   all, and a board with 16 KiB of RAM wastes none on a separate Rust
//!   heap.
//!
//! An allocation meant for the GC heap that does not fit there (after the
//! collection `pyrite-gc` runs before giving up) falls back to the arena;
//! one that fits neither returns null, and the panic that follows becomes
//! a soft reset with `MemoryError` (`recover`).
//!
//! A soft reset drops the VM, then makes a new heap over the same region;
//! frees of allocations from the old heap are ignored from the moment the
//! VM is detached.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::{Cell, UnsafeCell};
use core::ptr::{self, NonNull};

use embedded_alloc::LlffHeap;
use pyrite_gc::{AllocFlags, BLOCK_SIZE, Heap};

unsafe extern "C" {
    /// First free RAM address after the statics (cortex-m-rt).
    static mut __sheap: u8;
    /// One past the end of RAM (cortex-m-rt).
    static _ram_end: u8;
    /// The initial stack pointer: the top of the machine stack.
    static _stack_start: u8;
    /// The lowest address the machine stack may reach.
    static _stack_end: u8;
}

/// The free RAM the linker left: `(start, end)`.
pub fn free_ram() -> (usize, usize) {
    ((&raw const __sheap).addr(), (&raw const _ram_end).addr())
}

/// The machine stack: `(lowest address, top)`.
pub fn stack_bounds() -> (usize, usize) {
    (
        (&raw const _stack_end).addr(),
        (&raw const _stack_start).addr(),
    )
}

/// A pointer to `n` bytes of free RAM at `addr`, with the provenance of
/// the linker's free-RAM symbol (`__sheap`).
pub fn free_ram_ptr(addr: usize) -> NonNull<u8> {
    // `__sheap` is the linker's symbol at the start of the free RAM; the
    // pointer is only used within the free RAM after it.
    let p = (&raw mut __sheap).with_addr(addr);
    NonNull::new(p).unwrap_or(NonNull::dangling())
}

/// Rust's allocator on a board: the arena, or the GC heap while Python
/// runs (see the module documentation).
pub struct PortAlloc {
    /// Replaced only by [`PortAlloc::reset_arena`].
    arena: UnsafeCell<LlffHeap>,
    arena_range: Cell<(usize, usize)>,
    gc: Cell<Option<NonNull<Heap>>>,
    use_gc: Cell<bool>,
    /// The last allocation returned null (cleared by the next that does
    /// not): the panic that follows is a failed allocation.
    failed: Cell<bool>,
    /// The most the arena has held (feature `mem-report`).
    #[cfg(feature = "mem-report")]
    arena_peak: Cell<usize>,
}

// SAFETY: the cells are only read and written inside
// `critical_section::with` (single core: interrupts are off there), so no
// two accesses overlap; the arena is itself a critical-section mutex, and
// its cell is only replaced with interrupts off by `reset_arena`.
unsafe impl Sync for PortAlloc {}

/// The global allocator of every Cortex-M port.
#[global_allocator]
pub static ALLOC: PortAlloc = PortAlloc {
    arena: UnsafeCell::new(LlffHeap::empty()),
    arena_range: Cell::new((0, 0)),
    gc: Cell::new(None),
    use_gc: Cell::new(false),
    failed: Cell::new(false),
    #[cfg(feature = "mem-report")]
    arena_peak: Cell::new(0),
};

impl PortAlloc {
    /// Makes `[start, start + size)` the arena.
    ///
    /// # Safety
    ///
    /// Call once; the range must be free RAM used by nothing else.
    pub unsafe fn init_arena(&self, start: usize, size: usize) {
        critical_section::with(|_| {
            // SAFETY: the caller's promise.
            unsafe { self.arena().init(start, size) };
            self.arena_range.set((start, start + size));
        });
    }

    /// Makes the arena empty again, and forgets the GC heap: every earlier
    /// allocation is abandoned (see `recover`).
    ///
    /// # Safety
    ///
    /// Interrupts are off, and nothing allocated before is used again, nor
    /// freed: what holds it was abandoned with the frames that made it.
    pub(crate) unsafe fn reset_arena(&self) {
        let (start, end) = self.arena_range.get();
        self.gc.set(None);
        self.use_gc.set(false);
        self.failed.set(false);
        // SAFETY: with interrupts off and the arena's users gone (the
        // caller's promise), no reference to the old arena is alive: it
        // can be replaced by a fresh one over the same RAM.
        unsafe {
            *self.arena.get() = LlffHeap::empty();
            self.arena().init(start, end - start);
        }
    }

    /// Whether the last allocation failed.
    pub(crate) fn last_failed(&self) -> bool {
        critical_section::with(|_| self.failed.get())
    }

    fn arena(&self) -> &LlffHeap {
        // SAFETY: the cell is replaced only by `reset_arena`, whose caller
        // promises that no reference made before is used again.
        unsafe { &*self.arena.get() }
    }

    /// Attaches the VM's heap: frees of its blocks go to it, and while
    /// [`PortAlloc::use_gc`] is on allocations come from it.
    ///
    /// # Safety
    ///
    /// `heap` must stay valid (and at its address) until
    /// [`PortAlloc::detach`].
    pub unsafe fn attach(&self, heap: &Heap) {
        critical_section::with(|_| self.gc.set(Some(NonNull::from(heap))));
    }

    /// Forgets the heap (before the VM that owns it is dropped).
    pub fn detach(&self) {
        critical_section::with(|_| {
            self.gc.set(None);
            self.use_gc.set(false);
        });
    }

    /// Routes new allocations to the GC heap (`true`, while Python runs) or
    /// to the arena.
    pub fn use_gc(&self, on: bool) {
        critical_section::with(|_| self.use_gc.set(on));
    }

    /// `(used, size)` bytes of the arena.
    pub fn arena_usage(&self) -> (usize, usize) {
        let (start, end) = critical_section::with(|_| self.arena_range.get());
        (self.arena().used(), end - start)
    }

    /// The most bytes the arena has held at once (feature `mem-report`).
    #[cfg(feature = "mem-report")]
    pub fn arena_peak(&self) -> usize {
        critical_section::with(|_| self.arena_peak.get())
    }

    /// Free bytes of the attached GC heap.
    pub fn gc_free(&self) -> Option<usize> {
        critical_section::with(|_| self.heap().map(Heap::mem_free))
    }

    fn heap(&self) -> Option<&Heap> {
        // SAFETY: `attach`'s contract keeps the heap valid until `detach`.
        self.gc.get().map(|h| unsafe { h.as_ref() })
    }

    fn in_arena(&self, p: *mut u8) -> bool {
        let (start, end) = self.arena_range.get();
        (start..end).contains(&p.addr())
    }

    /// Allocates; the caller is inside a critical section.
    fn alloc_cs(&self, layout: Layout) -> *mut u8 {
        if self.use_gc.get()
            && layout.align() <= BLOCK_SIZE
            && let Some(h) = self.heap()
            && let Ok(p) = h.alloc(layout.size(), AllocFlags::MANUAL)
        {
            self.failed.set(false);
            return p.as_ptr();
        }
        // SAFETY: `layout` has a non-zero size (GlobalAlloc's contract).
        let p = unsafe { self.arena().alloc(layout) };
        self.note_arena_peak();
        self.failed.set(p.is_null());
        p
    }

    /// Records the arena's high-water mark (feature `mem-report`).
    fn note_arena_peak(&self) {
        #[cfg(feature = "mem-report")]
        self.arena_peak
            .set(self.arena_peak.get().max(self.arena().used()));
    }

    /// Frees; the caller is inside a critical section.
    fn dealloc_cs(&self, p: *mut u8, layout: Layout) {
        if self.in_arena(p) {
            // SAFETY: `p` was allocated from the arena with `layout`.
            unsafe { self.arena().dealloc(p, layout) };
        } else if let Some(h) = self.heap()
            && let Some(p) = NonNull::new(p)
            && h.contains(p.as_ptr())
        {
            h.free(p);
        }
        // Otherwise it belonged to a heap that a soft reset replaced.
    }
}

// SAFETY: every path returns null or memory that is valid for `layout` and
// used by nothing else until freed: arena blocks come from the linked-list
// allocator with the requested alignment; GC blocks are fresh MANUAL
// allocations (never swept, never moved) aligned to BLOCK_SIZE >= the
// requested alignment. `realloc` copies the contents when it moves them.
unsafe impl GlobalAlloc for PortAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        critical_section::with(|_| self.alloc_cs(layout))
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        critical_section::with(|_| self.dealloc_cs(p, layout));
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        critical_section::with(|_| {
            let in_arena = self.in_arena(p);
            let use_gc = self.use_gc.get();
            if in_arena && !use_gc {
                // SAFETY: `p` came from the arena with `layout`.
                let q = unsafe { self.arena().realloc(p, layout, new_size) };
                self.note_arena_peak();
                self.failed.set(q.is_null());
                return q;
            }
            if !in_arena
                && use_gc
                && let Some(h) = self.heap()
                && let Some(nn) = NonNull::new(p)
                && h.contains(p)
                && let Ok(q) = h.realloc(nn, new_size, true)
            {
                self.failed.set(false);
                return q.as_ptr();
            }
            let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
                return ptr::null_mut();
            };
            let q = self.alloc_cs(new_layout);
            if !q.is_null() {
                // SAFETY: both blocks are live, distinct and at least
                // `min(old, new)` bytes long.
                unsafe { ptr::copy_nonoverlapping(p, q, layout.size().min(new_size)) };
                self.dealloc_cs(p, layout);
            }
            q
        })
    }
}
