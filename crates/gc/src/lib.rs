#![doc = include_str!("../README.md")]
#![no_std]

mod dump;
#[cfg(feature = "global-alloc")]
mod global;
mod heap;
mod mark;

#[cfg(feature = "global-alloc")]
pub use global::GlobalHeap;
pub use heap::Heap;
pub use mark::Marker;

use core::fmt;
use core::ptr::NonNull;

/// Bytes in a machine word (`usize`): 4 on 32-bit targets, 8 on 64-bit hosts.
pub const WORD_SIZE: usize = core::mem::size_of::<usize>();

/// Machine words per block.
pub const WORDS_PER_BLOCK: usize = 4;

/// Bytes per block, the allocation granule: 16 on 32-bit targets, 32 on
/// 64-bit hosts. Every allocation starts on a block boundary and is a whole
/// number of blocks long.
pub const BLOCK_SIZE: usize = WORDS_PER_BLOCK * WORD_SIZE;

/// Bits of table per block: 2 for the allocation state (free / head / tail /
/// marked head) and 2 for the mode (scan / no-scan / scan+finalise / manual).
pub const TABLE_BITS_PER_BLOCK: usize = 4;

/// Entries in the fixed mark stack inside [`Heap`]. When it fills, marking
/// sets an overflow flag and later rescans the heap for marked allocations
/// whose children may be unmarked, so deep structures never recurse or fail.
pub const MARK_STACK_LEN: usize = 32;

/// Why an allocation (or a growing `realloc`) failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AllocError {
    /// No run of free blocks is large enough (after a collection, if automatic
    /// collections are enabled and a root source is registered).
    OutOfMemory,
    /// The heap is locked ([`Heap::lock`], or a collection is running, e.g.
    /// inside a finaliser): every allocation is refused.
    Locked,
    /// `realloc` was given a pointer that is not the start of a live
    /// allocation.
    InvalidPointer,
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AllocError::OutOfMemory => "memory allocation failed",
            AllocError::Locked => "memory allocation failed, heap is locked",
            AllocError::InvalidPointer => "pointer is not a live heap allocation",
        })
    }
}

impl core::error::Error for AllocError {}

/// Per-allocation flags, combined with `|`.
///
/// They are stored as a 2-bit *mode* per block (only the head block's mode
/// is meaningful), so not every combination is representable; the rules are:
/// `MANUAL` wins over everything; otherwise `FINALISE` wins over `NO_SCAN`
/// (a finalised allocation is always scanned, which is safe: it can only keep
/// extra garbage alive).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AllocFlags(u8);

impl AllocFlags {
    /// An ordinary object: conservatively scanned, swept when unreachable.
    pub const NONE: AllocFlags = AllocFlags(0);
    /// Never scanned for pointers (byte buffers, strings, float arrays).
    pub const NO_SCAN: AllocFlags = AllocFlags(1);
    /// The registered [`Finaliser`] is called before the collector frees it.
    pub const FINALISE: AllocFlags = AllocFlags(2);
    /// A Rust-side allocation: never swept, never scanned, freed only by
    /// [`Heap::free`] (or `realloc`). Pointers to GC objects stored inside it
    /// do not keep them alive; trace them from a [`RootSource`].
    pub const MANUAL: AllocFlags = AllocFlags(4);

    /// Whether every flag in `other` is set in `self`.
    #[must_use]
    pub const fn contains(self, other: AllocFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The raw flag bits.
    #[must_use]
    pub const fn bits(self) -> u8 {
        self.0
    }
}

impl core::ops::BitOr for AllocFlags {
    type Output = AllocFlags;
    fn bitor(self, rhs: AllocFlags) -> AllocFlags {
        AllocFlags(self.0 | rhs.0)
    }
}

impl core::ops::BitOrAssign for AllocFlags {
    fn bitor_assign(&mut self, rhs: AllocFlags) {
        self.0 |= rhs.0;
    }
}

/// Supplies the precise roots of a collection.
///
/// Registered with [`Heap::set_root_source`]; called by [`Heap::collect`],
/// [`Heap::collect_with`] and every automatic collection (threshold and
/// out-of-memory retry). An implementation typically marks the VM's globals,
/// its value stack and the registers/machine stack (with
/// [`Marker::scan_range`]).
///
/// `trace` runs with the heap locked: it cannot allocate, and
/// [`Heap::free`] is ignored while it runs.
pub trait RootSource {
    /// Mark every root with `marker`.
    fn trace(&self, marker: &mut Marker<'_>);
}

/// Called by the sweep for each unreachable allocation made with
/// [`AllocFlags::FINALISE`], exactly once, before its blocks are freed.
///
/// Registered with [`Heap::set_finaliser`]. It runs with the heap locked: it
/// cannot allocate, and [`Heap::free`] is ignored. The object's memory is
/// still intact while it runs; other unreachable objects it points to may
/// already be swept (their memory is intact too, since nothing can allocate
/// during the sweep) but must not be kept.
pub trait Finaliser {
    /// Finalise the object that starts at `obj`.
    fn finalise(&self, obj: NonNull<u8>);
}

/// Heap statistics returned by [`Heap::info`] (the figures of
/// `micropython.mem_info()` / `gc_info`). Computed by walking the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeapInfo {
    /// Bytes in the pool (blocks × [`BLOCK_SIZE`]).
    pub total: usize,
    /// Bytes in allocated blocks.
    pub used: usize,
    /// Bytes in free blocks.
    pub free: usize,
    /// Number of allocations that are exactly one block long.
    pub num_1block: usize,
    /// Number of allocations that are exactly two blocks long.
    pub num_2block: usize,
    /// Largest allocation, in blocks.
    pub max_block: usize,
    /// Largest run of free blocks, in blocks.
    pub max_free: usize,
}
