//! RAM layout and Rust's global allocator on a board.
//!
//! The linker script (generated from `board.toml`) puts the machine stack at
//! the bottom of RAM, then the statics; everything from `__sheap` to the end
//! of RAM is free. The firmware splits it in two:
//!
//! - the **arena** (`[vm] arena` bytes, first): Rust allocations made while
//!   no Python code runs: the VM itself (made before its GC heap exists:
//!   `Vm::new` takes the heap by value), its stack region and frame
//!   records, and the REPL's line buffers and history, which must survive
//!   soft resets;
//! - the **GC heap** (the rest, or `[memory] heap` bytes): Python objects,
//!   plus Rust allocations made *while Python runs* (the compiler's buffers,
//!   the VM's), as `MANUAL` blocks, so one pool serves both and a board with
//!   16 KiB of RAM wastes none on a separate Rust heap.
//!
//! A soft reset drops the VM, then makes a new heap over the same region;
//! frees of allocations from the old heap are ignored from the moment the
//! VM is detached.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
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
    arena: LlffHeap,
    arena_range: Cell<(usize, usize)>,
    gc: Cell<Option<NonNull<Heap>>>,
    use_gc: Cell<bool>,
}

// SAFETY: the cells are only read and written inside
// `critical_section::with` (single core: interrupts are off there), so no
// two accesses overlap; the arena is itself a critical-section mutex.
unsafe impl Sync for PortAlloc {}

/// The global allocator of every Cortex-M port.
#[global_allocator]
pub static ALLOC: PortAlloc = PortAlloc {
    arena: LlffHeap::empty(),
    arena_range: Cell::new((0, 0)),
    gc: Cell::new(None),
    use_gc: Cell::new(false),
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
            unsafe { self.arena.init(start, size) };
            self.arena_range.set((start, start + size));
        });
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
        (self.arena.used(), end - start)
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
            return p.as_ptr();
        }
        // SAFETY: `layout` has a non-zero size (GlobalAlloc's contract).
        unsafe { self.arena.alloc(layout) }
    }

    /// Frees; the caller is inside a critical section.
    fn dealloc_cs(&self, p: *mut u8, layout: Layout) {
        if self.in_arena(p) {
            // SAFETY: `p` was allocated from the arena with `layout`.
            unsafe { self.arena.dealloc(p, layout) };
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
                return unsafe { self.arena.realloc(p, layout, new_size) };
            }
            if !in_arena
                && use_gc
                && let Some(h) = self.heap()
                && let Some(nn) = NonNull::new(p)
                && h.contains(p)
                && let Ok(q) = h.realloc(nn, new_size, true)
            {
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
