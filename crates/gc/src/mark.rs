//! Marking: the [`Marker`] handed to root sources, the bounded mark stack and
//! its overflow recovery.

use crate::heap::{AT_HEAD, AT_MARK, AT_TAIL, BLOCK_SHIFT, MODE_FINALISE, MODE_MANUAL, MODE_SCAN};
use crate::{Heap, MARK_STACK_LEN, WORDS_PER_BLOCK};

/// Marks roots during a collection. Handed to [`RootSource::trace`] and to
/// the closure of [`Heap::collect_with`].
///
/// Every method takes any word or pointer: values that do not point into
/// the *first block* of a live, collectable allocation are ignored, so the
/// same calls serve precise roots and conservative scanning. Each marked
/// allocation is traced to completion (without recursion) before the call
/// returns.
///
/// [`RootSource::trace`]: crate::RootSource::trace
pub struct Marker<'h> {
    heap: &'h Heap,
}

impl core::fmt::Debug for Marker<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Marker").finish_non_exhaustive()
    }
}

impl<'h> Marker<'h> {
    pub(crate) fn new(heap: &'h Heap) -> Marker<'h> {
        Marker { heap }
    }

    /// The heap being collected (locked while marking).
    pub fn heap(&self) -> &'h Heap {
        self.heap
    }

    /// Mark the allocation `ptr` points into (its first block), if any, and
    /// everything reachable from it.
    #[inline]
    pub fn mark<T: ?Sized>(&mut self, ptr: *const T) {
        self.mark_word(ptr.cast::<u8>().addr());
    }

    /// Mark the allocation whose first block contains the address `word`, if
    /// any, and everything reachable from it.
    #[inline]
    pub fn mark_word(&mut self, word: usize) {
        if self.heap.try_mark(word) {
            self.heap.drain();
        }
    }

    /// Conservatively scan `words` (for example a copy of the registers, or
    /// an array used as a stack): every word is a potential pointer.
    pub fn scan_words(&mut self, words: &[usize]) {
        for &w in words {
            self.mark_word(w);
        }
    }

    /// Conservatively scan the words in `start..end` (for example the machine
    /// stack, from the current stack pointer to its top).
    ///
    /// # Safety
    ///
    /// `start` and `end` must be aligned to `usize`, with `start <= end`, and
    /// every word in between must be readable (initialised memory, not
    /// mutated during the call). Words that belong to the heap pool must not
    /// be passed this way (scan them as allocations instead).
    pub unsafe fn scan_range(&mut self, start: *const usize, end: *const usize) {
        let n = (end.addr().saturating_sub(start.addr())) / core::mem::size_of::<usize>();
        for i in 0..n {
            // SAFETY: i < n keeps the read inside start..end, which the caller
            // guarantees is readable and aligned. Volatile, because a machine
            // stack can hold values the compiler does not know about.
            let w = unsafe { start.add(i).read_volatile() };
            self.mark_word(w);
        }
    }
}

impl Heap {
    /// If `word` points into the first block of an unmarked collectable
    /// allocation, mark it and (if it is scannable) push it on the mark stack,
    /// or record an overflow. Returns whether it pushed.
    #[inline]
    pub(crate) fn try_mark(&self, word: usize) -> bool {
        let off = word.wrapping_sub(self.pool_addr);
        if off >= self.pool_bytes {
            return false;
        }
        let b = off >> BLOCK_SHIFT;
        if self.atb(b) != AT_HEAD {
            return false;
        }
        let mode = self.mode(b);
        if mode == MODE_MANUAL {
            return false;
        }
        self.set_atb(b, AT_MARK);
        if mode != MODE_SCAN && mode != MODE_FINALISE {
            return false;
        }
        let sp = self.mark_sp.get();
        if sp < MARK_STACK_LEN {
            self.mark_stack[sp].set(b);
            self.mark_sp.set(sp + 1);
            true
        } else {
            self.mark_overflow.set(true);
            self.overflow_lo.set(self.overflow_lo.get().min(b));
            self.overflow_hi.set(self.overflow_hi.get().max(b));
            false
        }
    }

    /// Pop and scan until the mark stack is empty.
    pub(crate) fn drain(&self) {
        loop {
            let sp = self.mark_sp.get();
            if sp == 0 {
                return;
            }
            self.mark_sp.set(sp - 1);
            let b = self.mark_stack[sp - 1].get();
            self.scan_children(b);
        }
    }

    /// Treat every word of the allocation whose head is `b` as a potential
    /// pointer.
    fn scan_children(&self, b: usize) {
        let nb = self.n_blocks();
        let mut blk = b;
        loop {
            let words = self.block_ptr(blk).cast::<*const u8>();
            for i in 0..WORDS_PER_BLOCK {
                // SAFETY: blk < n_blocks, so the block's WORDS_PER_BLOCK
                // words are inside the pool; the pool is BLOCK_SIZE-aligned
                // so each word is aligned, and allocations are zeroed when
                // made, so every byte is initialised. Reading them as
                // pointers keeps any provenance they carry; only the address
                // is used.
                let w = unsafe { words.add(i).read() };
                self.try_mark(w.addr());
            }
            blk += 1;
            if blk >= nb || self.atb(blk) != AT_TAIL {
                return;
            }
        }
    }

    /// After the roots: while the stack overflowed, rescan the marked
    /// scannable allocations in the block range where marks were dropped
    /// (every marked allocation outside it has been scanned), until a pass
    /// drops nothing.
    pub(crate) fn finish_marking(&self) {
        while self.mark_overflow.get() {
            self.mark_overflow.set(false);
            let lo = self.overflow_lo.replace(usize::MAX);
            let hi = self.overflow_hi.replace(0).min(self.n_blocks() - 1);
            let mut b = lo;
            while b <= hi {
                if b & 3 == 0 {
                    let byte = self.atb_byte(b >> 2);
                    // No entry equal to AT_MARK (both bits set) in this byte.
                    if byte & (byte >> 1) & 0x55 == 0 {
                        b += 4;
                        continue;
                    }
                }
                if self.atb(b) == AT_MARK {
                    let mode = self.mode(b);
                    if mode == MODE_SCAN || mode == MODE_FINALISE {
                        self.scan_children(b);
                        self.drain();
                    }
                }
                b += 1;
            }
        }
    }
}
