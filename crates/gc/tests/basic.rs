//! Unit tests of the heap's behaviour.

mod common;

use std::cell::Cell;
use std::ptr::NonNull;

use common::*;
use pyrite_gc::{
    AllocError, AllocFlags, BLOCK_SIZE, Finaliser, Heap, MARK_STACK_LEN, Marker, WORD_SIZE,
};

const W: usize = WORD_SIZE;

#[test]
fn layout_and_counters() {
    let h = TestHeap::new(4096);
    assert!(h.blocks() > 0);
    assert_eq!(h.total(), h.blocks() * BLOCK_SIZE);
    assert_eq!(h.start().as_ptr().addr() % BLOCK_SIZE, 0);
    assert_eq!(
        h.end().as_ptr().addr() - h.start().as_ptr().addr(),
        h.total()
    );
    // Tables: 4 bits per block, plus alignment padding.
    let overhead = 4096 - h.total();
    assert!(overhead >= h.blocks() / 2 && overhead < h.blocks() / 2 + 2 * BLOCK_SIZE);
    assert_eq!(h.mem_alloc(), 0);
    assert_eq!(h.mem_free(), h.total());
    let a = h.alloc(3 * BLOCK_SIZE + 1, AllocFlags::NONE).unwrap();
    assert_eq!(h.mem_alloc(), 4 * BLOCK_SIZE);
    assert_eq!(h.alloc_size(a.as_ptr()), Some(4 * BLOCK_SIZE));
    assert_eq!(h.mem_free() + h.mem_alloc(), h.total());
    assert!(h.contains(a.as_ptr()) && h.is_head(a.as_ptr()));
    // SAFETY: pointer arithmetic within the allocation.
    let inner = unsafe { a.as_ptr().add(8) };
    assert!(h.contains(inner) && !h.is_head(inner));
    assert!(h.free(a));
    assert!(!h.free(a), "double free is ignored");
    assert_eq!(h.mem_alloc(), 0);
}

#[test]
fn tiny_regions_do_not_panic() {
    for len in [
        0,
        1,
        7,
        BLOCK_SIZE,
        BLOCK_SIZE + 1,
        2 * BLOCK_SIZE,
        3 * BLOCK_SIZE,
    ] {
        let h = TestHeap::new(len);
        assert!(h.total() <= len);
        let r = h.alloc(1, AllocFlags::NONE);
        if h.blocks() == 0 {
            assert_eq!(r, Err(AllocError::OutOfMemory));
        } else {
            assert!(r.is_ok());
        }
        h.collect();
        assert_eq!(h.info().max_free, h.blocks());
    }
}

#[test]
fn alloc_zero_is_one_block_and_huge_fails() {
    let h = TestHeap::new(2048);
    let a = h.alloc(0, AllocFlags::NONE).unwrap();
    assert_eq!(h.alloc_size(a.as_ptr()), Some(BLOCK_SIZE));
    assert_eq!(
        h.alloc(usize::MAX, AllocFlags::NONE),
        Err(AllocError::OutOfMemory)
    );
    assert_eq!(
        h.alloc(h.total() + 1, AllocFlags::NONE),
        Err(AllocError::OutOfMemory)
    );
}

#[test]
fn allocations_are_zeroed() {
    let h = TestHeap::new(4096);
    let a = h.alloc(3 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    assert!(all_eq(a, 3 * BLOCK_SIZE, 0));
    fill(a, 3 * BLOCK_SIZE, 0xAB);
    h.free(a);
    let b = h.alloc(3 * BLOCK_SIZE, AllocFlags::NO_SCAN).unwrap();
    assert_eq!(a, b, "first-fit reuses the freed run");
    assert!(all_eq(b, 3 * BLOCK_SIZE, 0));
    // Realloc growth zeroes the new blocks.
    fill(b, 3 * BLOCK_SIZE, 0xCD);
    let c = h.realloc(b, BLOCK_SIZE, false).unwrap();
    assert_eq!(c, b);
    let d = h.realloc(c, 3 * BLOCK_SIZE, false).unwrap();
    assert_eq!(d, b);
    assert!(all_eq(d, BLOCK_SIZE, 0xCD));
    // SAFETY: inside the 3-block allocation.
    let tail = unsafe { d.add(BLOCK_SIZE) };
    assert!(all_eq(tail, 2 * BLOCK_SIZE, 0));
    // Blocks freed by a collection are zeroed when reused.
    fill(d, 3 * BLOCK_SIZE, 0xEF);
    collect_roots(&h, &[]);
    let e = h.alloc(3 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    assert_eq!(e, d);
    assert!(all_eq(e, 3 * BLOCK_SIZE, 0));
}

#[test]
fn realloc_in_place_and_moving() {
    let h = TestHeap::new(8192);
    let a = h.alloc(2 * BLOCK_SIZE, AllocFlags::NO_SCAN).unwrap();
    fill(a, 2 * BLOCK_SIZE, 0x11);
    // Grow in place (nothing follows).
    let a2 = h.realloc(a, 5 * BLOCK_SIZE, false).unwrap();
    assert_eq!(a2, a);
    assert_eq!(h.alloc_size(a.as_ptr()), Some(5 * BLOCK_SIZE));
    assert_eq!(h.mem_alloc(), 5 * BLOCK_SIZE);
    assert!(all_eq(a, 2 * BLOCK_SIZE, 0x11));
    // Shrink in place.
    let a3 = h.realloc(a, BLOCK_SIZE + 1, false).unwrap();
    assert_eq!(a3, a);
    assert_eq!(h.alloc_size(a.as_ptr()), Some(2 * BLOCK_SIZE));
    assert_eq!(h.mem_alloc(), 2 * BLOCK_SIZE);
    // Block it in, then growing needs a move.
    let b = h.alloc(1, AllocFlags::NONE).unwrap();
    assert_eq!(b.as_ptr().addr(), a.as_ptr().addr() + 2 * BLOCK_SIZE);
    assert_eq!(
        h.realloc(a, 3 * BLOCK_SIZE, false),
        Err(AllocError::OutOfMemory)
    );
    assert_eq!(
        h.alloc_size(a.as_ptr()),
        Some(2 * BLOCK_SIZE),
        "unchanged on error"
    );
    let m = h.realloc(a, 3 * BLOCK_SIZE, true).unwrap();
    assert_ne!(m, a);
    assert!(!h.is_head(a.as_ptr()), "old allocation freed");
    assert_eq!(h.alloc_size(m.as_ptr()), Some(3 * BLOCK_SIZE));
    assert_eq!(
        h.alloc_flags(m.as_ptr()),
        Some(AllocFlags::NO_SCAN),
        "flags kept"
    );
    assert!(all_eq(m, 2 * BLOCK_SIZE, 0x11));
    // SAFETY: inside the 3-block allocation.
    assert!(all_eq(unsafe { m.add(2 * BLOCK_SIZE) }, BLOCK_SIZE, 0));
    assert_eq!(h.mem_alloc(), 4 * BLOCK_SIZE);
    // Same size: no-op. Bad pointer: error.
    assert_eq!(h.realloc(m, 3 * BLOCK_SIZE - 1, false), Ok(m));
    assert_eq!(h.realloc(a, 8, true), Err(AllocError::InvalidPointer));
    // SAFETY: inside `m`.
    let interior = unsafe { m.add(W) };
    assert_eq!(
        h.realloc(interior, 8, true),
        Err(AllocError::InvalidPointer)
    );
}

#[test]
fn realloc_move_keeps_old_alive_through_its_collection() {
    // The object being moved is not rooted anywhere, and the move's
    // allocation has to collect: the old contents must survive to be copied.
    let h = TestHeap::with_blocks(64);
    let roots = Roots::default();
    // SAFETY: `roots` outlives its registration (unregistered below).
    unsafe { h.set_root_source(Some(&roots)) };
    let obj = h.alloc(4 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    let child = h.alloc(1, AllocFlags::NO_SCAN).unwrap();
    fill(child, BLOCK_SIZE, 0x77);
    set_word(obj, 0, child.as_ptr());
    // SAFETY: inside `obj`.
    fill(unsafe { obj.add(W) }, 4 * BLOCK_SIZE - W, 0x99);
    // Fill the rest with garbage (automatic collections off meanwhile).
    h.disable();
    while h.alloc(1, AllocFlags::NONE).is_ok() {}
    h.enable();
    let before = h.collections();
    let new = h.realloc(obj, 8 * BLOCK_SIZE, true).unwrap();
    assert_eq!(h.collections(), before + 1);
    assert_eq!(get_word(new, 0), child.as_ptr().cast_const());
    // SAFETY: inside `new`.
    assert!(all_eq(unsafe { new.add(W) }, 4 * BLOCK_SIZE - W, 0x99));
    assert!(
        h.is_head(child.as_ptr()),
        "child of the pinned object survived"
    );
    assert!(all_eq(child, BLOCK_SIZE, 0x77));
    // SAFETY: unregistering.
    unsafe { h.set_root_source(None) };
}

#[test]
fn reachability_and_no_scan() {
    let h = TestHeap::new(8192);
    let root = h.alloc(4 * W, AllocFlags::NONE).unwrap();
    let kept = h.alloc(W, AllocFlags::NONE).unwrap();
    let buf = h.alloc(1000, AllocFlags::NO_SCAN).unwrap();
    let hidden = h.alloc(W, AllocFlags::NONE).unwrap();
    let garbage = h.alloc(W, AllocFlags::NONE).unwrap();
    set_word(root, 0, kept.as_ptr());
    set_word(root, 3, buf.as_ptr());
    // A pointer stored inside a no-scan buffer does not keep its target.
    set_word(buf, 5, hidden.as_ptr());
    collect_roots(&h, &[root]);
    assert!(h.is_head(root.as_ptr()));
    assert!(h.is_head(kept.as_ptr()));
    assert!(h.is_head(buf.as_ptr()), "no-scan buffer itself is kept");
    assert!(
        !h.is_head(hidden.as_ptr()),
        "no-scan buffer must not be scanned"
    );
    assert!(!h.is_head(garbage.as_ptr()));
    assert_eq!(
        h.mem_alloc(),
        (1 + 1 + 1000usize.div_ceil(BLOCK_SIZE)) * BLOCK_SIZE
    );
    // Control: the same pointer in a scanned allocation keeps its target.
    let scanned = h.alloc(1000, AllocFlags::NONE).unwrap();
    let target = h.alloc(W, AllocFlags::NONE).unwrap();
    set_word(scanned, 5, target.as_ptr());
    collect_roots(&h, &[scanned]);
    assert!(h.is_head(target.as_ptr()));
    assert!(!h.is_head(root.as_ptr()));
}

#[test]
fn interior_pointers() {
    let h = TestHeap::new(8192);
    let a = h.alloc(3 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    let b = h.alloc(3 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    // Into the first block (not its start): keeps `a`.
    // Into the second block: does not keep `b`.
    let words = [
        a.as_ptr().addr() + BLOCK_SIZE - 1,
        b.as_ptr().addr() + BLOCK_SIZE,
        h.end().as_ptr().addr(),
        h.start().as_ptr().addr().wrapping_sub(1),
        0,
        usize::MAX,
    ];
    h.collect_with(&mut |m: &mut Marker<'_>| m.scan_words(&words));
    assert!(h.is_head(a.as_ptr()));
    assert!(!h.is_head(b.as_ptr()));
}

#[test]
fn conservative_scan_of_an_array_stack() {
    let h = TestHeap::new(16384);
    let objs: Vec<NonNull<u8>> = (0..8)
        .map(|i| h.alloc(i * W + 1, AllocFlags::NONE).unwrap())
        .collect();
    let leaf = h.alloc(W, AllocFlags::NONE).unwrap();
    set_word(objs[3], 0, leaf.as_ptr());
    // A fake machine stack: integers, pointers to some objects (one with
    // tag bits in the low bits), and stale junk.
    let stack: [usize; 12] = [
        0x1234,
        objs[1].as_ptr().addr(),
        7,
        objs[3].as_ptr().addr() | 1,
        usize::MAX,
        objs[6].as_ptr().addr(),
        h.start().as_ptr().addr() + h.total() + 8,
        0,
        42,
        0xdead_beef,
        objs[6].as_ptr().addr(),
        3,
    ];
    let range = stack.as_ptr_range();
    h.collect_with(&mut |m: &mut Marker<'_>| {
        // SAFETY: `range` covers the initialised, aligned array `stack`.
        unsafe { m.scan_range(range.start, range.end) }
    });
    let live: Vec<bool> = objs.iter().map(|o| h.is_head(o.as_ptr())).collect();
    assert_eq!(live, [false, true, false, true, false, false, true, false]);
    assert!(h.is_head(leaf.as_ptr()));
    assert_eq!(stack[0], 0x1234, "the stack is only read");
}

#[derive(Default)]
struct CheckingFinaliser {
    heap: Cell<Option<*const Heap>>,
    calls: std::cell::RefCell<Vec<usize>>,
    alloc_refused: Cell<bool>,
    intact: Cell<bool>,
}

impl Finaliser for CheckingFinaliser {
    fn finalise(&self, obj: NonNull<u8>) {
        self.calls.borrow_mut().push(obj.as_ptr().addr());
        // SAFETY: the test keeps the heap alive while registered.
        let heap = unsafe { &*self.heap.get().unwrap() };
        self.alloc_refused
            .set(heap.alloc(8, AllocFlags::NONE) == Err(AllocError::Locked));
        assert!(heap.is_locked());
        self.intact.set(all_eq(obj, BLOCK_SIZE, 0x5A));
    }
}

#[test]
fn finaliser_called_once_before_reuse() {
    let h = TestHeap::new(4096);
    let fin = CheckingFinaliser::default();
    fin.heap.set(Some(&*h as *const Heap));
    // SAFETY: `fin` outlives its registration (unregistered below).
    unsafe { h.set_finaliser(Some(&fin)) };
    let f = h.alloc(BLOCK_SIZE, AllocFlags::FINALISE).unwrap();
    let g = h
        .alloc(BLOCK_SIZE, AllocFlags::FINALISE | AllocFlags::NO_SCAN)
        .unwrap();
    let plain = h.alloc(BLOCK_SIZE, AllocFlags::NONE).unwrap();
    fill(f, BLOCK_SIZE, 0x5A);
    // Reachable: not finalised.
    collect_roots(&h, &[f, g]);
    assert!(fin.calls.borrow().is_empty());
    assert!(!h.is_head(plain.as_ptr()), "plain garbage freed silently");
    // Unreachable: finalised exactly once, while its memory is intact.
    collect_roots(&h, &[g]);
    assert_eq!(*fin.calls.borrow(), [f.as_ptr().addr()]);
    assert!(
        fin.alloc_refused.get(),
        "finaliser runs with the heap locked"
    );
    assert!(fin.intact.get(), "finaliser sees the object before reuse");
    assert!(!h.is_locked());
    assert!(!h.is_head(f.as_ptr()));
    collect_roots(&h, &[g]);
    assert_eq!(fin.calls.borrow().len(), 1, "never twice");
    // Reuse after finalisation: the block comes back zeroed.
    let r = h.alloc(BLOCK_SIZE, AllocFlags::NONE).unwrap();
    assert_eq!(r, f);
    assert!(all_eq(r, BLOCK_SIZE, 0));
    // Explicit free does not finalise.
    assert_eq!(h.alloc_flags(g.as_ptr()), Some(AllocFlags::FINALISE));
    h.free(g);
    collect_roots(&h, &[]);
    assert_eq!(fin.calls.borrow().len(), 1);
    // SAFETY: unregistering.
    unsafe { h.set_finaliser(None) };
}

#[test]
fn manual_allocations_survive_and_are_not_scanned() {
    let h = TestHeap::new(4096);
    let m = h.alloc(3 * BLOCK_SIZE, AllocFlags::MANUAL).unwrap();
    let target = h.alloc(W, AllocFlags::NONE).unwrap();
    set_word(m, 0, target.as_ptr());
    collect_roots(&h, &[]);
    collect_roots(&h, &[m]);
    assert!(h.is_head(m.as_ptr()), "manual never swept");
    assert!(!h.is_head(target.as_ptr()), "manual never scanned");
    assert_eq!(h.alloc_flags(m.as_ptr()), Some(AllocFlags::MANUAL));
    assert_eq!(h.mem_alloc(), 3 * BLOCK_SIZE);
    assert!(h.free(m));
    assert_eq!(h.mem_alloc(), 0);
}

#[test]
fn lock_refuses_allocation() {
    let h = TestHeap::new(4096);
    let a = h.alloc(8, AllocFlags::NONE).unwrap();
    assert!(!h.is_locked());
    h.lock();
    h.lock();
    assert!(h.is_locked());
    assert_eq!(h.lock_depth(), 2);
    assert_eq!(h.alloc(8, AllocFlags::NONE), Err(AllocError::Locked));
    assert_eq!(h.alloc(8, AllocFlags::MANUAL), Err(AllocError::Locked));
    assert_eq!(h.realloc(a, 100, true), Err(AllocError::Locked));
    let n = h.collections();
    h.collect();
    assert_eq!(h.collections(), n, "no collection while locked");
    h.unlock();
    assert!(h.is_locked());
    assert_eq!(h.alloc(8, AllocFlags::NONE), Err(AllocError::Locked));
    // Freeing works while locked.
    assert!(h.free(a));
    h.unlock();
    h.unlock();
    assert!(!h.is_locked());
    assert!(h.alloc(8, AllocFlags::NONE).is_ok());
}

#[test]
fn collection_locks_and_frees_are_ignored_while_collecting() {
    let h = TestHeap::new(4096);
    let a = h.alloc(8, AllocFlags::NONE).unwrap();
    let mut saw = (false, false, false);
    h.collect_with(&mut |m: &mut Marker<'_>| {
        let heap = m.heap();
        saw = (
            heap.is_locked(),
            heap.alloc(8, AllocFlags::NONE) == Err(AllocError::Locked),
            heap.free(a),
        );
        m.mark(a.as_ptr());
    });
    assert_eq!(saw, (true, true, false));
    assert!(h.is_head(a.as_ptr()));
    assert!(!h.is_locked());
}

#[test]
fn threshold_rounding_and_get() {
    let h = TestHeap::new(4096);
    assert_eq!(h.threshold(), -1, "disabled by default");
    h.set_threshold(100);
    assert_eq!(h.threshold(), (100 / BLOCK_SIZE * BLOCK_SIZE) as isize);
    h.set_threshold(BLOCK_SIZE as isize - 1);
    assert_eq!(h.threshold(), 0);
    h.set_threshold(5 * BLOCK_SIZE as isize);
    assert_eq!(h.threshold(), 5 * BLOCK_SIZE as isize);
    h.set_threshold(-7);
    assert_eq!(h.threshold(), -1);
    h.set_threshold(-1);
    assert_eq!(h.threshold(), -1);
}

#[test]
fn threshold_triggers_collections() {
    let h = TestHeap::new(8192);
    let roots = Roots::default();
    h.set_threshold(3 * BLOCK_SIZE as isize + 5);
    // No root source: no automatic collections at all.
    for _ in 0..5 {
        h.alloc(1, AllocFlags::NONE).unwrap();
    }
    assert_eq!(h.collections(), 0);
    h.collect();
    assert_eq!(h.collections(), 1);
    assert_eq!(h.mem_alloc(), 0, "no roots: everything freed");
    // SAFETY: `roots` outlives its registration (unregistered below).
    unsafe { h.set_root_source(Some(&roots)) };
    let keep = h.alloc(2 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    roots.push(keep);
    assert_eq!(h.allocated_since_collect(), 2 * BLOCK_SIZE);
    h.alloc(1, AllocFlags::NONE).unwrap();
    assert_eq!(h.collections(), 1, "2 blocks < 3");
    h.alloc(1, AllocFlags::NONE).unwrap();
    assert_eq!(h.collections(), 2, "3 blocks reached: collect first");
    assert_eq!(h.allocated_since_collect(), BLOCK_SIZE);
    assert_eq!(h.mem_alloc(), 3 * BLOCK_SIZE);
    // Disabled: no automatic collections.
    h.disable();
    assert!(!h.is_enabled());
    for _ in 0..10 {
        h.alloc(1, AllocFlags::NONE).unwrap();
    }
    assert_eq!(h.collections(), 2);
    h.collect();
    assert_eq!(h.collections(), 3, "explicit collect still works");
    h.enable();
    assert!(h.is_enabled());
    h.set_threshold(0);
    h.alloc(1, AllocFlags::NONE).unwrap();
    h.alloc(1, AllocFlags::NONE).unwrap();
    assert_eq!(
        h.collections(),
        5,
        "threshold 0 collects before every allocation"
    );
    // SAFETY: unregistering.
    unsafe { h.set_root_source(None) };
}

#[test]
fn out_of_memory_retries_after_collection() {
    let h = TestHeap::with_blocks(40);
    let roots = Roots::default();
    // SAFETY: `roots` outlives its registration (unregistered below).
    unsafe { h.set_root_source(Some(&roots)) };
    let keep = h.alloc(5 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    roots.push(keep);
    h.disable();
    while h.alloc(1, AllocFlags::NONE).is_ok() {}
    assert_eq!(h.mem_free(), 0);
    let n = h.collections();
    assert_eq!(h.alloc(1, AllocFlags::NONE), Err(AllocError::OutOfMemory));
    assert_eq!(h.collections(), n, "disabled: no retry");
    h.enable();
    let big = h.alloc(30 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    assert_eq!(h.collections(), n + 1);
    assert!(h.is_head(keep.as_ptr()));
    assert!(h.is_head(big.as_ptr()));
    // Too big even after collecting.
    assert_eq!(
        h.alloc(40 * BLOCK_SIZE, AllocFlags::NONE),
        Err(AllocError::OutOfMemory)
    );
    // SAFETY: unregistering.
    unsafe { h.set_root_source(None) };
}

/// Build a singly linked list of `n` one-block nodes. Each node holds
/// `[payload, next]` when `payload_first` (the layout that makes a
/// depth-first mark stack grow by one entry per node), else `[next]`.
fn build_list(h: &Heap, n: usize, payload_first: bool) -> NonNull<u8> {
    let mut head: *const u8 = std::ptr::null();
    for _ in 0..n {
        let node = h.alloc(2 * W, AllocFlags::NONE).unwrap();
        if payload_first {
            let payload = h.alloc(W, AllocFlags::NONE).unwrap();
            set_word(node, 0, payload.as_ptr());
            set_word(node, 1, head);
        } else {
            set_word(node, 0, head);
        }
        head = node.as_ptr();
    }
    NonNull::new(head.cast_mut()).unwrap()
}

fn list_len(head: NonNull<u8>, payload_first: bool) -> usize {
    let mut n = 0;
    let mut p = head.as_ptr().cast_const();
    while !p.is_null() {
        n += 1;
        p = get_word(
            NonNull::new(p.cast_mut()).unwrap(),
            usize::from(payload_first),
        );
    }
    n
}

#[test]
fn long_linked_list_with_small_mark_stack() {
    const N: usize = 10_000;
    const { assert!(MARK_STACK_LEN <= 64) };
    for payload_first in [false, true] {
        let per_node = if payload_first { 2 } else { 1 };
        let h = TestHeap::with_blocks(N * per_node + 64);
        let head = build_list(&h, N, payload_first);
        let garbage = h.alloc(W, AllocFlags::NONE).unwrap();
        collect_roots(&h, &[head]);
        assert_eq!(
            h.mem_alloc(),
            N * per_node * BLOCK_SIZE,
            "whole list survives"
        );
        assert!(!h.is_head(garbage.as_ptr()));
        assert_eq!(list_len(head, payload_first), N);
        collect_roots(&h, &[]);
        assert_eq!(h.mem_alloc(), 0, "whole list freed");
    }
}

#[test]
fn mark_stack_overflow_recovery() {
    // A wide object pointing at many scannable children, each with a child of
    // its own: the stack overflows while scanning the wide object, and the
    // rescan has to find the grandchildren. Children are allocated after
    // and before the wide object to cover both rescan directions.
    let h = TestHeap::new(1 << 17);
    let k = 8 * MARK_STACK_LEN;
    let early: Vec<NonNull<u8>> = (0..k / 2)
        .map(|_| h.alloc(W, AllocFlags::NONE).unwrap())
        .collect();
    let wide = h.alloc(k * W, AllocFlags::NONE).unwrap();
    let late: Vec<NonNull<u8>> = (0..k / 2)
        .map(|_| h.alloc(W, AllocFlags::NONE).unwrap())
        .collect();
    let mut grand = Vec::new();
    for (i, c) in early.iter().chain(&late).enumerate() {
        set_word(wide, i, c.as_ptr());
        let g = h.alloc(W, AllocFlags::NO_SCAN).unwrap();
        set_word(*c, 0, g.as_ptr());
        grand.push(g);
    }
    let used = h.mem_alloc();
    let garbage = h.alloc(W, AllocFlags::NONE).unwrap();
    collect_roots(&h, &[wide]);
    assert_eq!(h.mem_alloc(), used);
    assert!(!h.is_head(garbage.as_ptr()));
    assert!(grand.iter().all(|g| h.is_head(g.as_ptr())));
}

#[test]
fn info_statistics() {
    let h = TestHeap::with_blocks(100);
    let a = h.alloc(1, AllocFlags::NONE).unwrap();
    let _b = h.alloc(BLOCK_SIZE + 1, AllocFlags::NONE).unwrap();
    let _c = h.alloc(2 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    let _d = h.alloc(7 * BLOCK_SIZE, AllocFlags::NONE).unwrap();
    h.free(a);
    let i = h.info();
    assert_eq!(i.total, 100 * BLOCK_SIZE);
    assert_eq!(i.used, 11 * BLOCK_SIZE);
    assert_eq!(i.free, 89 * BLOCK_SIZE);
    assert_eq!(i.num_1block, 0);
    assert_eq!(i.num_2block, 2);
    assert_eq!(i.max_block, 7);
    assert_eq!(i.max_free, 88);
}

#[test]
fn first_free_hint_reuses_lowest_hole() {
    let h = TestHeap::with_blocks(64);
    let v: Vec<NonNull<u8>> = (0..10)
        .map(|_| h.alloc(1, AllocFlags::NONE).unwrap())
        .collect();
    h.free(v[7]);
    h.free(v[3]);
    assert_eq!(h.alloc(1, AllocFlags::NONE).unwrap(), v[3]);
    assert_eq!(h.alloc(1, AllocFlags::NONE).unwrap(), v[7]);
    assert_eq!(
        h.alloc(1, AllocFlags::NONE).unwrap().as_ptr().addr(),
        h.start().as_ptr().addr() + 10 * BLOCK_SIZE
    );
}

fn dump(h: &Heap, classify: &dyn Fn(NonNull<u8>) -> u8) -> String {
    let mut s = String::new();
    h.dump_alloc_table(&mut s, classify).unwrap();
    s
}

#[test]
fn mem_info_block_map_text() {
    let h = TestHeap::with_blocks(300);
    let header = format!(
        "GC memory layout; from {:08x}:\n",
        h.start().as_ptr().addr()
    );
    let empty = format!(
        "{header}       (4 lines all free)\n{:08x}: {}\n",
        256 * BLOCK_SIZE,
        ".".repeat(44)
    );
    assert_eq!(dump(&h, &|_| b'h'), empty);

    let list = h.alloc(1, AllocFlags::NONE).unwrap(); // block 0
    let s = h.alloc(3 * BLOCK_SIZE, AllocFlags::NO_SCAN).unwrap(); // 1..4
    let _o = h.alloc(2 * BLOCK_SIZE, AllocFlags::NONE).unwrap(); // 4..6
    let gap = h.alloc(1, AllocFlags::NONE).unwrap(); // 6
    let f = h.alloc(1, AllocFlags::NONE).unwrap(); // 7
    let filler = h.alloc(252 * BLOCK_SIZE, AllocFlags::NONE).unwrap(); // 8..260
    let t = h.alloc(1, AllocFlags::NONE).unwrap(); // 260
    assert_eq!(
        t.as_ptr().addr(),
        h.start().as_ptr().addr() + 260 * BLOCK_SIZE
    );
    h.free(filler);
    h.free(gap);
    let classify = |p: NonNull<u8>| {
        if p == list {
            b'L'
        } else if p == s {
            b'S'
        } else if p == f {
            b'F'
        } else if p == t {
            b'T'
        } else {
            b'h'
        }
    };
    let expected = format!(
        "{header}{:08x}: LS==h=.F{}\n       (3 lines all free)\n{:08x}: ....T{}\n",
        0,
        ".".repeat(56),
        256 * BLOCK_SIZE,
        ".".repeat(39)
    );
    assert_eq!(dump(&h, &classify), expected);

    // A single all-free line is printed, not abbreviated; a full last line
    // ends the map.
    let h = TestHeap::with_blocks(192);
    let a = h.alloc(1, AllocFlags::NONE).unwrap();
    let _b = h.alloc(1, AllocFlags::NONE).unwrap();
    let big = h.alloc(126 * BLOCK_SIZE, AllocFlags::NONE).unwrap(); // 2..128
    let _c = h.alloc(1, AllocFlags::NONE).unwrap(); // 128
    h.free(big);
    h.free(a);
    let header = format!(
        "GC memory layout; from {:08x}:\n",
        h.start().as_ptr().addr()
    );
    let expected = format!(
        "{header}00000000: .h{}\n{:08x}: {}\n{:08x}: h{}\n",
        ".".repeat(62),
        64 * BLOCK_SIZE,
        ".".repeat(64),
        128 * BLOCK_SIZE,
        ".".repeat(63)
    );
    assert_eq!(dump(&h, &|_| b'h'), expected);
    // Exactly two free lines to the end: abbreviated, nothing after.
    let h = TestHeap::with_blocks(192);
    let _a = h.alloc(1, AllocFlags::NONE).unwrap();
    let header = format!(
        "GC memory layout; from {:08x}:\n",
        h.start().as_ptr().addr()
    );
    let expected = format!(
        "{header}00000000: Q{}\n       (2 lines all free)\n",
        ".".repeat(63)
    );
    assert_eq!(dump(&h, &|_| b'Q'), expected);
}
