//! The heap: region layout, allocation table, alloc / free / realloc, and the
//! collection driver (the marking itself is in `mark.rs`).

use core::cell::Cell;
use core::ptr::{self, NonNull};

use crate::mark::Marker;
use crate::{
    AllocError, AllocFlags, BLOCK_SIZE, Finaliser, HeapInfo, MARK_STACK_LEN, RootSource,
    WORDS_PER_BLOCK,
};

/// `log2(BLOCK_SIZE)`.
pub(crate) const BLOCK_SHIFT: u32 = BLOCK_SIZE.trailing_zeros();

// Allocation-table states (2 bits per block, 4 blocks per byte, block `b` in
// byte `b / 4` at bit `2 * (b % 4)`).
pub(crate) const AT_FREE: u8 = 0;
pub(crate) const AT_HEAD: u8 = 1;
pub(crate) const AT_TAIL: u8 = 2;
pub(crate) const AT_MARK: u8 = 3;

// Modes (2 bits per block, same packing; only a head block's mode is used).
pub(crate) const MODE_SCAN: u8 = 0;
pub(crate) const MODE_NO_SCAN: u8 = 1;
pub(crate) const MODE_FINALISE: u8 = 2;
pub(crate) const MODE_MANUAL: u8 = 3;

/// Marks no block in `Heap::pinned`.
const NOT_PINNED: usize = usize::MAX;
/// `Heap::threshold` value meaning "no threshold".
const NO_THRESHOLD: usize = usize::MAX;

/// Blocks needed for `bytes` (at least one).
#[inline]
pub(crate) const fn blocks_for(bytes: usize) -> usize {
    let n = bytes.div_ceil(BLOCK_SIZE);
    if n == 0 { 1 } else { n }
}

/// Whether none of the four 2-bit entries of an allocation-table byte is free.
#[inline]
const fn byte_all_used(byte: u8) -> bool {
    (byte | (byte >> 1)) & 0x55 == 0x55
}

const fn mode_of(flags: AllocFlags) -> u8 {
    if flags.contains(AllocFlags::MANUAL) {
        MODE_MANUAL
    } else if flags.contains(AllocFlags::FINALISE) {
        MODE_FINALISE
    } else if flags.contains(AllocFlags::NO_SCAN) {
        MODE_NO_SCAN
    } else {
        MODE_SCAN
    }
}

const fn flags_of(mode: u8) -> AllocFlags {
    match mode {
        MODE_NO_SCAN => AllocFlags::NO_SCAN,
        MODE_FINALISE => AllocFlags::FINALISE,
        MODE_MANUAL => AllocFlags::MANUAL,
        _ => AllocFlags::NONE,
    }
}

/// A mark-sweep garbage-collected heap over one contiguous memory region.
///
/// All methods take `&self` (state lives in [`Cell`]s and in the region); the
/// type is neither `Sync` nor `Send`. See the crate documentation for the
/// layout, the flags and the rules callers must follow.
pub struct Heap {
    /// Start of the region handed in; every pointer the heap makes is derived
    /// from it with offsets.
    region: NonNull<u8>,
    /// Allocation table (`region + 0`), `table_len` bytes.
    atb: *mut u8,
    /// Mode table (`region + table_len`), `table_len` bytes.
    modes: *mut u8,
    /// First block, aligned to `BLOCK_SIZE` in absolute address terms.
    pool: NonNull<u8>,
    /// `pool`'s address, for turning scanned words into offsets.
    pub(crate) pool_addr: usize,
    /// Bytes in the pool (`n_blocks * BLOCK_SIZE`).
    pub(crate) pool_bytes: usize,
    n_blocks: usize,
    /// Bytes per table (`ceil(n_blocks / 4)`).
    table_len: usize,
    /// Blocks currently allocated (head + tail), kept exact.
    used_blocks: Cell<usize>,
    /// Every block below this one is in use.
    first_free: Cell<usize>,
    /// Blocks allocated since the last collection.
    alloc_amount: Cell<usize>,
    /// Threshold in blocks, or `NO_THRESHOLD`.
    threshold: Cell<usize>,
    auto_enabled: Cell<bool>,
    lock_depth: Cell<usize>,
    collecting: Cell<bool>,
    collections: Cell<usize>,
    /// Head block of an allocation being moved by `realloc`: a root of any
    /// collection that the move's allocation triggers.
    pinned: Cell<usize>,
    roots: Cell<Option<NonNull<dyn RootSource>>>,
    finaliser: Cell<Option<NonNull<dyn Finaliser>>>,
    pub(crate) mark_stack: [Cell<usize>; MARK_STACK_LEN],
    pub(crate) mark_sp: Cell<usize>,
    pub(crate) mark_overflow: Cell<bool>,
    /// Lowest and highest block marked without being pushed since the last
    /// overflow rescan started (valid while `mark_overflow`).
    pub(crate) overflow_lo: Cell<usize>,
    pub(crate) overflow_hi: Cell<usize>,
}

impl core::fmt::Debug for Heap {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Heap")
            .field("pool", &self.pool)
            .field("blocks", &self.n_blocks)
            .field("used_blocks", &self.used_blocks.get())
            .field("lock_depth", &self.lock_depth.get())
            .finish_non_exhaustive()
    }
}

/// Restores the lock depth and the `collecting` flag when a collection ends,
/// even if a root source or finaliser panics.
struct CollectGuard<'h>(&'h Heap);

impl Drop for CollectGuard<'_> {
    fn drop(&mut self) {
        self.0.collecting.set(false);
        self.0.mark_sp.set(0);
        self.0.lock_depth.set(self.0.lock_depth.get() - 1);
    }
}

impl Heap {
    /// Make a heap that owns `region` for the rest of the program (the usual
    /// way on a microcontroller: a `static` array or the linker's free RAM).
    ///
    /// A region too small for one block gives a heap on which every
    /// allocation fails.
    pub fn new(region: &'static mut [u8]) -> Heap {
        let len = region.len();
        // SAFETY: a `&'static mut [u8]` is valid for reads and writes of `len`
        // bytes forever and nothing else can touch it while we hold it; we
        // consume the reference, so the heap is its sole user.
        unsafe { Heap::from_raw_parts(NonNull::from(region).cast(), len) }
    }

    /// Make a heap over `len` bytes at `start`.
    ///
    /// The allocation and mode tables take the front of the region
    /// (`ceil(blocks / 4)` bytes each), then the pool starts at the next
    /// address that is a multiple of [`BLOCK_SIZE`].
    ///
    /// # Safety
    ///
    /// `start..start + len` must be valid for reads and writes for as long as
    /// the returned `Heap` (or any pointer it hands out) is used, and must not
    /// be accessed except through this heap and the pointers it returns.
    pub unsafe fn from_raw_parts(start: NonNull<u8>, len: usize) -> Heap {
        let addr = start.as_ptr().addr();
        let table_len = |n: usize| n.div_ceil(4);
        // Pool offset from `start` for `n` blocks, and whether it all fits.
        let fits = |n: usize| -> Option<usize> {
            let tables_end = addr.checked_add(2 * table_len(n))?;
            let pool_addr = tables_end.checked_next_multiple_of(BLOCK_SIZE)?;
            let pool_off = pool_addr - addr;
            let end = pool_off.checked_add(n.checked_mul(BLOCK_SIZE)?)?;
            (end <= len).then_some(pool_off)
        };
        // Each block costs BLOCK_SIZE bytes plus half a byte of tables.
        let mut n = len / BLOCK_SIZE;
        n = n.saturating_sub(n / (2 * BLOCK_SIZE + 1) + 1).max(1);
        while n < len && fits(n + 1).is_some() {
            n += 1;
        }
        let mut pool_off = fits(n);
        while pool_off.is_none() && n > 0 {
            n -= 1;
            pool_off = fits(n);
        }
        let pool_off = pool_off.unwrap_or(0).min(len);
        let tl = table_len(n);
        let region = start.as_ptr();
        // SAFETY: `fits` checked that both tables and the pool lie inside the
        // region (when n == 0 the tables are empty and pool_off <= len).
        let (atb, modes, pool) = unsafe { (region, region.add(tl), region.add(pool_off)) };
        // SAFETY: the tables (2 * tl bytes at the region start) are inside
        // the region, which the caller lets us write.
        unsafe { ptr::write_bytes(atb, 0, 2 * tl) };
        Heap {
            region: start,
            atb,
            modes,
            // SAFETY: `pool` is `start` plus an in-bounds offset, so non-null.
            pool: unsafe { NonNull::new_unchecked(pool) },
            pool_addr: pool.addr(),
            pool_bytes: n * BLOCK_SIZE,
            n_blocks: n,
            table_len: tl,
            used_blocks: Cell::new(0),
            first_free: Cell::new(0),
            alloc_amount: Cell::new(0),
            threshold: Cell::new(NO_THRESHOLD),
            auto_enabled: Cell::new(true),
            lock_depth: Cell::new(0),
            collecting: Cell::new(false),
            collections: Cell::new(0),
            pinned: Cell::new(NOT_PINNED),
            roots: Cell::new(None),
            finaliser: Cell::new(None),
            mark_stack: [const { Cell::new(0) }; MARK_STACK_LEN],
            mark_sp: Cell::new(0),
            mark_overflow: Cell::new(false),
            overflow_lo: Cell::new(usize::MAX),
            overflow_hi: Cell::new(0),
        }
    }

    // ----- table access -------------------------------------------------

    #[inline]
    pub(crate) fn n_blocks(&self) -> usize {
        self.n_blocks
    }

    #[inline]
    pub(crate) fn atb_byte(&self, i: usize) -> u8 {
        debug_assert!(i < self.table_len);
        // SAFETY: i < table_len, and the table lies inside the region.
        unsafe { self.atb.add(i).read() }
    }

    #[inline]
    fn set_atb_byte(&self, i: usize, v: u8) {
        debug_assert!(i < self.table_len);
        // SAFETY: i < table_len, and the table lies inside the region.
        unsafe { self.atb.add(i).write(v) }
    }

    #[inline]
    pub(crate) fn atb(&self, b: usize) -> u8 {
        (self.atb_byte(b >> 2) >> ((b & 3) * 2)) & 3
    }

    #[inline]
    pub(crate) fn set_atb(&self, b: usize, v: u8) {
        let shift = (b & 3) * 2;
        let byte = self.atb_byte(b >> 2);
        self.set_atb_byte(b >> 2, (byte & !(3 << shift)) | (v << shift));
    }

    #[inline]
    pub(crate) fn mode(&self, b: usize) -> u8 {
        debug_assert!(b < self.n_blocks);
        // SAFETY: b < n_blocks, so b / 4 < table_len, inside the mode table.
        let byte = unsafe { self.modes.add(b >> 2).read() };
        (byte >> ((b & 3) * 2)) & 3
    }

    #[inline]
    fn set_mode(&self, b: usize, v: u8) {
        debug_assert!(b < self.n_blocks);
        let shift = (b & 3) * 2;
        // SAFETY: b < n_blocks, so b / 4 < table_len, inside the mode table.
        unsafe {
            let p = self.modes.add(b >> 2);
            p.write((p.read() & !(3 << shift)) | (v << shift));
        }
    }

    /// Pointer to the start of block `b` (`b <= n_blocks`).
    #[inline]
    pub(crate) fn block_ptr(&self, b: usize) -> NonNull<u8> {
        debug_assert!(b <= self.n_blocks);
        // SAFETY: b * BLOCK_SIZE <= pool_bytes, inside (or one past) the pool.
        unsafe { self.pool.add(b << BLOCK_SHIFT) }
    }

    /// The head block of the live allocation that starts exactly at `ptr`.
    #[inline]
    fn head_block(&self, ptr: *const u8) -> Option<usize> {
        let off = ptr.addr().wrapping_sub(self.pool_addr);
        if off >= self.pool_bytes || !off.is_multiple_of(BLOCK_SIZE) {
            return None;
        }
        let b = off >> BLOCK_SHIFT;
        matches!(self.atb(b), AT_HEAD | AT_MARK).then_some(b)
    }

    /// Length in blocks of the allocation whose head is `b`.
    pub(crate) fn alloc_blocks(&self, b: usize) -> usize {
        let mut e = b + 1;
        while e < self.n_blocks && self.atb(e) == AT_TAIL {
            e += 1;
        }
        e - b
    }

    /// Find `n` consecutive free blocks at or after the first-free hint,
    /// updating the hint. Does not allocate them.
    fn find_run(&self, n: usize) -> Option<usize> {
        let nb = self.n_blocks;
        let mut i = self.first_free.get();
        let mut first_seen = usize::MAX;
        let mut run_start = 0;
        let mut run = 0;
        while i < nb {
            let byte = self.atb_byte(i >> 2);
            if i & 3 == 0 && i + 4 <= nb {
                if byte == 0 {
                    if run == 0 {
                        run_start = i;
                        first_seen = first_seen.min(i);
                    }
                    run += 4;
                    i += 4;
                    if run >= n {
                        break;
                    }
                    continue;
                }
                if byte_all_used(byte) {
                    run = 0;
                    i += 4;
                    continue;
                }
            }
            if (byte >> ((i & 3) * 2)) & 3 == AT_FREE {
                if run == 0 {
                    run_start = i;
                    first_seen = first_seen.min(i);
                }
                run += 1;
                if run >= n {
                    break;
                }
            } else {
                run = 0;
            }
            i += 1;
        }
        if run >= n {
            if run_start == first_seen {
                self.first_free.set(run_start + n);
            } else {
                self.first_free.set(first_seen);
            }
            Some(run_start)
        } else {
            self.first_free.set(first_seen.min(nb));
            None
        }
    }

    /// Whether automatic collections may run now.
    #[inline]
    fn auto_ok(&self) -> bool {
        self.auto_enabled.get() && self.roots.get().is_some()
    }

    // ----- allocation ---------------------------------------------------

    /// Allocate `bytes` (rounded up to whole blocks; `alloc(0)` gives one
    /// block) with `flags`. The memory is zeroed and [`BLOCK_SIZE`]-aligned.
    ///
    /// Before searching, a collection runs if automatic collections are
    /// enabled, a root source is registered and the blocks allocated since
    /// the last collection reach the threshold. If no free run is large
    /// enough, a collection runs (same conditions, at most one collection per
    /// call) and the search is retried.
    ///
    /// # Errors
    ///
    /// [`AllocError::Locked`] if the heap is locked (or collecting),
    /// [`AllocError::OutOfMemory`] if no run of free blocks is large enough.
    /// Never panics.
    pub fn alloc(&self, bytes: usize, flags: AllocFlags) -> Result<NonNull<u8>, AllocError> {
        if self.lock_depth.get() > 0 {
            return Err(AllocError::Locked);
        }
        let n = blocks_for(bytes);
        let mut collected = false;
        let t = self.threshold.get();
        if t != NO_THRESHOLD && self.alloc_amount.get() >= t && self.auto_ok() {
            self.collect_inner(None);
            collected = true;
        }
        let start = loop {
            if n <= self.n_blocks
                && let Some(b) = self.find_run(n)
            {
                break b;
            }
            if collected || n > self.n_blocks || !self.auto_ok() {
                return Err(AllocError::OutOfMemory);
            }
            self.collect_inner(None);
            collected = true;
        };
        self.set_atb(start, AT_HEAD);
        for b in start + 1..start + n {
            self.set_atb(b, AT_TAIL);
        }
        self.set_mode(start, mode_of(flags));
        self.used_blocks.set(self.used_blocks.get() + n);
        self.alloc_amount
            .set(self.alloc_amount.get().saturating_add(n));
        let p = self.block_ptr(start);
        if n <= 2 {
            // Small objects (the common case): zero word by word instead of
            // calling memset.
            let w = p.cast::<usize>();
            for i in 0..n * WORDS_PER_BLOCK {
                // SAFETY: as below; the pool is word-aligned.
                unsafe { w.add(i).write(0) };
            }
        } else {
            // SAFETY: blocks start..start+n are inside the pool, were free,
            // and now belong to this allocation only.
            unsafe { ptr::write_bytes(p.as_ptr(), 0, n * BLOCK_SIZE) };
        }
        Ok(p)
    }

    /// Free the allocation that starts at `ptr` (for compiler temporaries
    /// and Rust-side `MANUAL` memory). The finaliser is *not* called.
    ///
    /// Returns whether something was freed: `false` if `ptr` is not the start
    /// of a live allocation, or if a collection is running (frees from a root
    /// source or finaliser are ignored; the collector reclaims the memory
    /// later unless it is `MANUAL`). Freeing works while the heap is locked.
    pub fn free(&self, ptr: NonNull<u8>) -> bool {
        if self.collecting.get() {
            return false;
        }
        let Some(b) = self.head_block(ptr.as_ptr()) else {
            return false;
        };
        let n = self.alloc_blocks(b);
        self.release(b, n);
        true
    }

    /// Mark blocks `b..b+n` free and update the counters and hint.
    fn release(&self, b: usize, n: usize) {
        for i in b..b + n {
            self.set_atb(i, AT_FREE);
        }
        self.used_blocks.set(self.used_blocks.get() - n);
        if b < self.first_free.get() {
            self.first_free.set(b);
        }
    }

    /// Resize the allocation at `ptr` to `new_bytes` (rounded up to whole
    /// blocks, at least one).
    ///
    /// Shrinking always happens in place (the freed tail blocks return to
    /// the pool). Growing happens in place when the following blocks are
    /// free; the new blocks are zeroed. Otherwise, if `allow_move`, a new
    /// allocation with the same flags is made (this may collect; the old
    /// allocation is kept alive as a root meanwhile), the old contents are
    /// copied and the old allocation is freed. The blocks gained count
    /// towards the threshold.
    ///
    /// # Errors
    ///
    /// [`AllocError::Locked`] if the heap is locked,
    /// [`AllocError::InvalidPointer`] if `ptr` is not the start of a live
    /// allocation, [`AllocError::OutOfMemory`] if it cannot grow (in place,
    /// or by moving when allowed). On error the old allocation is unchanged.
    pub fn realloc(
        &self,
        ptr: NonNull<u8>,
        new_bytes: usize,
        allow_move: bool,
    ) -> Result<NonNull<u8>, AllocError> {
        if self.lock_depth.get() > 0 {
            return Err(AllocError::Locked);
        }
        let b = self
            .head_block(ptr.as_ptr())
            .ok_or(AllocError::InvalidPointer)?;
        let old_n = self.alloc_blocks(b);
        let new_n = blocks_for(new_bytes);
        if new_n <= old_n {
            if new_n < old_n {
                self.release(b + new_n, old_n - new_n);
            }
            return Ok(ptr);
        }
        // Try to grow in place (`alloc_blocks` stopped at a non-tail, so
        // b + old_n is free or a head or the end).
        let end = b + new_n;
        if end <= self.n_blocks && (b + old_n..end).all(|i| self.atb(i) == AT_FREE) {
            for i in b + old_n..end {
                self.set_atb(i, AT_TAIL);
            }
            let extra = new_n - old_n;
            self.used_blocks.set(self.used_blocks.get() + extra);
            self.alloc_amount
                .set(self.alloc_amount.get().saturating_add(extra));
            if self.first_free.get() == b + old_n {
                self.first_free.set(end);
            }
            // SAFETY: the new tail blocks are inside the pool and now belong
            // to this allocation only.
            unsafe {
                ptr::write_bytes(
                    self.block_ptr(b + old_n).as_ptr(),
                    0,
                    (new_n - old_n) * BLOCK_SIZE,
                );
            }
            return Ok(ptr);
        }
        if !allow_move {
            return Err(AllocError::OutOfMemory);
        }
        let flags = flags_of(self.mode(b));
        self.pinned.set(b);
        let new = self.alloc(new_bytes, flags);
        self.pinned.set(NOT_PINNED);
        let new = new?;
        // SAFETY: both ranges are inside the pool and belong to two distinct
        // live allocations (old: old_n blocks; new: new_n > old_n blocks).
        unsafe {
            ptr::copy_nonoverlapping(self.block_ptr(b).as_ptr(), new.as_ptr(), old_n * BLOCK_SIZE);
        }
        self.release(b, old_n);
        Ok(new)
    }

    // ----- collection ---------------------------------------------------

    /// Register the root source used by [`collect`](Heap::collect), by
    /// [`collect_with`](Heap::collect_with) and by automatic collections
    /// (`None` unregisters). While none is registered no automatic
    /// collection runs (it would free everything).
    ///
    /// # Safety
    ///
    /// `src` must stay valid (not dropped, not moved) until it is replaced or
    /// unregistered, or until the heap is no longer used, whichever comes
    /// first.
    pub unsafe fn set_root_source(&self, src: Option<&dyn RootSource>) {
        self.roots.set(src.map(|s| {
            let p: NonNull<dyn RootSource + '_> = NonNull::from(s);
            // SAFETY: only the trait-object lifetime bound changes (same
            // layout); the caller guarantees the object outlives its
            // registration, and we only dereference it while registered.
            unsafe {
                core::mem::transmute::<NonNull<dyn RootSource + '_>, NonNull<dyn RootSource>>(p)
            }
        }));
    }

    /// Register the finaliser for [`AllocFlags::FINALISE`] allocations
    /// (`None` unregisters: such allocations are then freed silently).
    ///
    /// # Safety
    ///
    /// `f` must stay valid (not dropped, not moved) until it is replaced or
    /// unregistered, or until the heap is no longer used, whichever comes
    /// first.
    pub unsafe fn set_finaliser(&self, f: Option<&dyn Finaliser>) {
        self.finaliser.set(f.map(|f| {
            let p: NonNull<dyn Finaliser + '_> = NonNull::from(f);
            // SAFETY: as in `set_root_source`: only the lifetime bound
            // changes, and the caller guarantees validity while registered.
            unsafe {
                core::mem::transmute::<NonNull<dyn Finaliser + '_>, NonNull<dyn Finaliser>>(p)
            }
        }));
    }

    /// Run a full collection with the registered root source's roots.
    ///
    /// Does nothing if the heap is locked (including from inside a running
    /// collection). Runs whether or not automatic collections are enabled.
    pub fn collect(&self) {
        self.collect_inner(None);
    }

    /// Run a full collection whose roots are those of the registered root
    /// source (if any) plus those `roots` marks.
    ///
    /// Does nothing if the heap is locked.
    pub fn collect_with(&self, roots: &mut dyn FnMut(&mut Marker<'_>)) {
        self.collect_inner(Some(roots));
    }

    fn collect_inner(&self, extra: Option<&mut dyn FnMut(&mut Marker<'_>)>) -> bool {
        if self.lock_depth.get() > 0 {
            return false;
        }
        self.lock_depth.set(1);
        self.collecting.set(true);
        let guard = CollectGuard(self);
        self.mark_sp.set(0);
        self.mark_overflow.set(false);
        self.overflow_lo.set(usize::MAX);
        self.overflow_hi.set(0);
        let mut marker = Marker::new(self);
        let pinned = self.pinned.get();
        if pinned != NOT_PINNED {
            marker.mark(self.block_ptr(pinned).as_ptr());
        }
        if let Some(src) = self.roots.get() {
            // SAFETY: `set_root_source`'s contract keeps the registered object
            // valid while it is registered.
            unsafe { src.as_ref() }.trace(&mut marker);
        }
        if let Some(f) = extra {
            f(&mut marker);
        }
        self.finish_marking();
        self.sweep();
        self.alloc_amount.set(0);
        self.collections.set(self.collections.get() + 1);
        drop(guard);
        true
    }

    /// Free every unmarked, non-manual allocation (calling finalisers) and
    /// turn marks back into heads. Recomputes the first-free hint.
    fn sweep(&self) {
        let nb = self.n_blocks;
        let fin = self.finaliser.get();
        let mut freeing = false;
        let mut first_free = nb;
        let mut freed = 0;
        for i in 0..self.table_len {
            let byte = self.atb_byte(i);
            let base = i * 4;
            if byte == 0 {
                // Four free blocks (or padding past the last block).
                freeing = false;
                first_free = first_free.min(base);
                continue;
            }
            if byte == 0xAA && !freeing {
                // Four tails of a live allocation.
                continue;
            }
            let mut new = byte;
            for j in 0..4 {
                let b = base + j;
                if b >= nb {
                    break;
                }
                let shift = j * 2;
                match (byte >> shift) & 3 {
                    AT_FREE => {
                        freeing = false;
                        first_free = first_free.min(b);
                    }
                    AT_MARK => {
                        freeing = false;
                        new = (new & !(3 << shift)) | (AT_HEAD << shift);
                    }
                    AT_HEAD => match self.mode(b) {
                        MODE_MANUAL => freeing = false,
                        mode => {
                            if mode == MODE_FINALISE
                                && let Some(f) = fin
                            {
                                // SAFETY: `set_finaliser`'s contract keeps the
                                // registered object valid while registered.
                                unsafe { f.as_ref() }.finalise(self.block_ptr(b));
                            }
                            new &= !(3 << shift);
                            freed += 1;
                            freeing = true;
                            first_free = first_free.min(b);
                        }
                    },
                    _ => {
                        if freeing {
                            new &= !(3 << shift);
                            freed += 1;
                        }
                    }
                }
            }
            if new != byte {
                self.set_atb_byte(i, new);
            }
        }
        self.used_blocks.set(self.used_blocks.get() - freed);
        self.first_free.set(first_free.min(nb));
    }

    // ----- configuration ------------------------------------------------

    /// Set the allocation threshold in bytes (MicroPython's
    /// `gc.threshold(n)`): once the bytes allocated since the last
    /// collection reach it, the next allocation collects first. Stored
    /// rounded down to whole blocks; any negative value disables it (the
    /// default).
    pub fn set_threshold(&self, bytes: isize) {
        self.threshold.set(match usize::try_from(bytes) {
            Ok(b) => b / BLOCK_SIZE,
            Err(_) => NO_THRESHOLD,
        });
    }

    /// The threshold in bytes (a multiple of [`BLOCK_SIZE`]), or `-1` when
    /// disabled (MicroPython's `gc.threshold()`).
    pub fn threshold(&self) -> isize {
        match self.threshold.get() {
            NO_THRESHOLD => -1,
            t => isize::try_from(t * BLOCK_SIZE).unwrap_or(isize::MAX),
        }
    }

    /// Enable automatic collections (threshold and out-of-memory retry).
    /// This is the default.
    pub fn enable(&self) {
        self.auto_enabled.set(true);
    }

    /// Disable automatic collections entirely: neither the threshold nor an
    /// out-of-memory allocation triggers one. [`collect`](Heap::collect)
    /// still works.
    pub fn disable(&self) {
        self.auto_enabled.set(false);
    }

    /// Whether automatic collections are enabled.
    pub fn is_enabled(&self) -> bool {
        self.auto_enabled.get()
    }

    /// Lock the heap (nesting): while locked, every allocation and `realloc`
    /// fails with [`AllocError::Locked`] and `collect` does nothing.
    pub fn lock(&self) {
        self.lock_depth.set(self.lock_depth.get().saturating_add(1));
    }

    /// Undo one [`lock`](Heap::lock). Unlocking an unlocked heap does
    /// nothing.
    pub fn unlock(&self) {
        self.lock_depth.set(self.lock_depth.get().saturating_sub(1));
    }

    /// Whether the heap is locked (by [`lock`](Heap::lock) or because a
    /// collection is running).
    pub fn is_locked(&self) -> bool {
        self.lock_depth.get() > 0
    }

    /// The current lock nesting depth.
    pub fn lock_depth(&self) -> usize {
        self.lock_depth.get()
    }

    // ----- queries ------------------------------------------------------

    /// Bytes in allocated blocks. O(1): an exact counter.
    pub fn mem_alloc(&self) -> usize {
        self.used_blocks.get() * BLOCK_SIZE
    }

    /// Bytes in free blocks. O(1): `total - mem_alloc`.
    pub fn mem_free(&self) -> usize {
        self.pool_bytes - self.mem_alloc()
    }

    /// Bytes in the pool (blocks × [`BLOCK_SIZE`]); the rest of the region
    /// holds the tables and alignment padding.
    pub fn total(&self) -> usize {
        self.pool_bytes
    }

    /// Number of blocks in the pool.
    pub fn blocks(&self) -> usize {
        self.n_blocks
    }

    /// Number of collections run so far.
    #[inline]
    pub fn collections(&self) -> usize {
        self.collections.get()
    }

    /// Bytes allocated since the last collection (what the threshold is
    /// compared with).
    pub fn allocated_since_collect(&self) -> usize {
        self.alloc_amount.get() * BLOCK_SIZE
    }

    /// Start of the pool (the first block). Pointers derived from it carry
    /// the provenance of the whole pool.
    pub fn start(&self) -> NonNull<u8> {
        self.pool
    }

    /// One past the end of the pool.
    pub fn end(&self) -> NonNull<u8> {
        self.block_ptr(self.n_blocks)
    }

    /// Start of the region that was handed in (tables first, then the pool).
    pub fn region_start(&self) -> NonNull<u8> {
        self.region
    }

    /// Whether `ptr` points inside the pool (range check only).
    #[inline]
    pub fn contains(&self, ptr: *const u8) -> bool {
        ptr.addr().wrapping_sub(self.pool_addr) < self.pool_bytes
    }

    /// Whether `ptr` is exactly the start of a live allocation.
    #[inline]
    pub fn is_head(&self, ptr: *const u8) -> bool {
        self.head_block(ptr).is_some()
    }

    /// The size in bytes (whole blocks) of the live allocation starting at
    /// `ptr`, or `None` if `ptr` is not the start of one. O(blocks).
    pub fn alloc_size(&self, ptr: *const u8) -> Option<usize> {
        self.head_block(ptr)
            .map(|b| self.alloc_blocks(b) * BLOCK_SIZE)
    }

    /// The flags of the live allocation starting at `ptr` (normalised to
    /// what the mode stores: one of `NONE`, `NO_SCAN`, `FINALISE`, `MANUAL`).
    pub fn alloc_flags(&self, ptr: *const u8) -> Option<AllocFlags> {
        self.head_block(ptr).map(|b| flags_of(self.mode(b)))
    }

    /// Walk the table and return the statistics. O(blocks).
    pub fn info(&self) -> HeapInfo {
        let mut info = HeapInfo {
            total: self.pool_bytes,
            used: self.mem_alloc(),
            free: self.mem_free(),
            ..HeapInfo::default()
        };
        let mut free_run = 0;
        let mut b = 0;
        while b < self.n_blocks {
            match self.atb(b) {
                AT_FREE => {
                    free_run += 1;
                    info.max_free = info.max_free.max(free_run);
                    b += 1;
                }
                AT_HEAD | AT_MARK => {
                    free_run = 0;
                    let n = self.alloc_blocks(b);
                    match n {
                        1 => info.num_1block += 1,
                        2 => info.num_2block += 1,
                        _ => {}
                    }
                    info.max_block = info.max_block.max(n);
                    b += n;
                }
                _ => {
                    // A tail without a head cannot happen; skip it.
                    free_run = 0;
                    b += 1;
                }
            }
        }
        info
    }
}
