//! Model-based property test: random operation sequences checked against a
//! simple model of which objects exist, what they contain, what they point
//! to and when collections must happen.
//!
//! Cases: 1,000 sequences of up to 200 operations by default,
//! `PYRITE_PROPTEST_CASES` to change the count; under Miri 6 sequences of up
//! to 100 operations.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::ptr::NonNull;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use pyrite_gc::{AllocError, AllocFlags, BLOCK_SIZE, WORD_SIZE};

/// Blocks in the heap under test: small, so that allocations fail often.
const BLOCKS: usize = 96;
/// Link slots at the start of every object; the rest holds a byte pattern.
const SLOTS: usize = 2;

#[derive(Clone, Debug)]
enum Op {
    Alloc {
        size: usize,
        kind: u8,
        root: bool,
    },
    Free(usize),
    Realloc {
        obj: usize,
        size: usize,
        allow_move: bool,
    },
    Link {
        from: usize,
        slot: usize,
        to: usize,
    },
    Unlink {
        from: usize,
        slot: usize,
    },
    Root(usize),
    Unroot(usize),
    Collect,
    Threshold(Option<usize>),
    Enable(bool),
    LockedAlloc,
}

fn op() -> impl Strategy<Value = Op> {
    let size = prop_oneof![4 => 0usize..=3 * BLOCK_SIZE, 1 => 0usize..=40 * BLOCK_SIZE];
    prop_oneof![
        10 => (size.clone(), 0u8..9, any::<bool>())
            .prop_map(|(size, kind, root)| Op::Alloc { size, kind, root }),
        2 => any::<usize>().prop_map(Op::Free),
        3 => (any::<usize>(), size, any::<bool>())
            .prop_map(|(obj, size, allow_move)| Op::Realloc { obj, size, allow_move }),
        6 => (any::<usize>(), 0..SLOTS, any::<usize>())
            .prop_map(|(from, slot, to)| Op::Link { from, slot, to }),
        1 => (any::<usize>(), 0..SLOTS).prop_map(|(from, slot)| Op::Unlink { from, slot }),
        2 => any::<usize>().prop_map(Op::Root),
        2 => any::<usize>().prop_map(Op::Unroot),
        1 => Just(Op::Collect),
        1 => proptest::option::of(0usize..20 * BLOCK_SIZE).prop_map(Op::Threshold),
        1 => any::<bool>().prop_map(Op::Enable),
        1 => Just(Op::LockedAlloc),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Scan,
    NoScan,
    Finalise,
    Manual,
}

impl Mode {
    fn from_kind(kind: u8) -> (Mode, AllocFlags) {
        match kind {
            0..=3 => (Mode::Scan, AllocFlags::NONE),
            4 | 5 => (Mode::NoScan, AllocFlags::NO_SCAN),
            6 => (Mode::Finalise, AllocFlags::FINALISE),
            // FINALISE wins over NO_SCAN: scanned and finalised.
            7 => (Mode::Finalise, AllocFlags::FINALISE | AllocFlags::NO_SCAN),
            _ => (Mode::Manual, AllocFlags::MANUAL | AllocFlags::NO_SCAN),
        }
    }
    fn flags(self) -> AllocFlags {
        match self {
            Mode::Scan => AllocFlags::NONE,
            Mode::NoScan => AllocFlags::NO_SCAN,
            Mode::Finalise => AllocFlags::FINALISE,
            Mode::Manual => AllocFlags::MANUAL,
        }
    }
    fn scanned(self) -> bool {
        matches!(self, Mode::Scan | Mode::Finalise)
    }
}

#[derive(Debug)]
struct Obj {
    ptr: NonNull<u8>,
    blocks: usize,
    pattern: u8,
    mode: Mode,
    links: [Option<u64>; SLOTS],
}

impl Obj {
    fn bytes(&self) -> usize {
        self.blocks * BLOCK_SIZE
    }
    fn pattern_area(&self) -> (NonNull<u8>, usize) {
        // SAFETY: objects are at least one block, i.e. >= SLOTS words.
        (
            unsafe { self.ptr.add(SLOTS * WORD_SIZE) },
            self.bytes() - SLOTS * WORD_SIZE,
        )
    }
}

struct Model {
    objs: BTreeMap<u64, Obj>,
    roots: BTreeSet<u64>,
    next_id: u64,
    threshold: Option<usize>,
    enabled: bool,
    since_collect: usize,
}

fn blocks_for(bytes: usize) -> usize {
    bytes.div_ceil(BLOCK_SIZE).max(1)
}

fn pick(m: &Model, sel: usize) -> Option<u64> {
    if m.objs.is_empty() {
        None
    } else {
        m.objs.keys().nth(sel % m.objs.len()).copied()
    }
}

fn ensure(cond: bool, what: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if cond {
        Ok(())
    } else {
        Err(TestCaseError::fail(what()))
    }
}

struct Harness {
    heap: TestHeap,
    // Raw (from `Box::into_raw`) so that moving the harness does not retag
    // them while the heap holds pointers to them; freed in `Drop`.
    roots: NonNull<Roots>,
    fin: NonNull<Recorder>,
    m: Model,
}

impl Harness {
    fn new() -> Harness {
        let heap = TestHeap::with_blocks(BLOCKS);
        let roots = NonNull::from(Box::leak(Box::<Roots>::default()));
        let fin = NonNull::from(Box::leak(Box::<Recorder>::default()));
        // SAFETY: both live until `Drop`, which unregisters them before
        // freeing them.
        unsafe {
            heap.set_root_source(Some(roots.as_ref()));
            heap.set_finaliser(Some(fin.as_ref()));
        }
        Harness {
            heap,
            roots,
            fin,
            m: Model {
                objs: BTreeMap::new(),
                roots: BTreeSet::new(),
                next_id: 0,
                threshold: None,
                enabled: true,
                since_collect: 0,
            },
        }
    }

    fn sync_roots(&self) {
        // SAFETY: valid until `Drop`.
        let mut r = unsafe { self.roots.as_ref() }.0.borrow_mut();
        r.clear();
        r.extend(
            self.m
                .roots
                .iter()
                .map(|id| self.m.objs[id].ptr.as_ptr().cast_const()),
        );
    }

    fn threshold_due(&self) -> bool {
        self.m.enabled && self.m.threshold.is_some_and(|t| self.m.since_collect >= t)
    }

    /// Apply a collection to the model (`pinned` is an extra root) and check
    /// the heap agrees, including the finaliser calls.
    fn model_collect(
        &mut self,
        pinned: Option<u64>,
        fresh: Option<NonNull<u8>>,
    ) -> Result<(), TestCaseError> {
        let mut live = BTreeSet::new();
        let mut work: Vec<u64> = self.m.roots.iter().copied().chain(pinned).collect();
        while let Some(id) = work.pop() {
            let o = &self.m.objs[&id];
            if o.mode == Mode::Manual || !live.insert(id) {
                continue;
            }
            if o.mode.scanned() {
                work.extend(o.links.iter().flatten().copied());
            }
        }
        let dead: Vec<u64> = self
            .m
            .objs
            .iter()
            .filter(|(id, o)| o.mode != Mode::Manual && !live.contains(id))
            .map(|(id, _)| *id)
            .collect();
        let mut expect_fin: Vec<usize> = Vec::new();
        for id in &dead {
            let o = self.m.objs.remove(id).unwrap();
            // (An allocation made right after an automatic collection may
            // legitimately reuse the block.)
            ensure(
                Some(o.ptr) == fresh || !self.heap.is_head(o.ptr.as_ptr()),
                || format!("unreachable object {id} at {:p} survived", o.ptr),
            )?;
            if o.mode == Mode::Finalise {
                expect_fin.push(o.ptr.as_ptr().addr());
            }
            self.m.roots.remove(id);
        }
        // Forget (and clear) links from survivors to the dead.
        for o in self.m.objs.values_mut() {
            for (slot, l) in o.links.iter_mut().enumerate() {
                if l.is_some_and(|t| dead.contains(&t)) {
                    *l = None;
                    set_word(o.ptr, slot, std::ptr::null());
                }
            }
        }
        // SAFETY: valid until `Drop`.
        let fin = unsafe { self.fin.as_ref() };
        let mut got = std::mem::take(&mut *fin.0.borrow_mut());
        got.sort_unstable();
        expect_fin.sort_unstable();
        ensure(got == expect_fin, || {
            format!("finalisers: got {got:x?}, expected {expect_fin:x?}")
        })?;
        self.m.since_collect = 0;
        Ok(())
    }

    /// Check an operation that may have collected automatically.
    fn check_auto(
        &mut self,
        collections: usize,
        due: bool,
        needed: usize,
        max_free_before: usize,
        result: Option<NonNull<u8>>,
        pinned: Option<u64>,
    ) -> Result<(), TestCaseError> {
        let ok = result.is_some();
        let c = self.heap.collections() - collections;
        ensure(c <= 1, || format!("{c} collections in one allocation"))?;
        if due {
            ensure(c == 1, || "threshold reached but no collection".into())?;
        } else if c == 1 {
            ensure(self.m.enabled && max_free_before < needed, || {
                format!("unexpected collection (needed {needed}, largest free {max_free_before})")
            })?;
        }
        if !ok && self.m.enabled {
            ensure(c == 1, || {
                "failed without an out-of-memory collection".into()
            })?;
        }
        if c == 1 {
            self.model_collect(pinned, result)?;
        }
        if !ok {
            let mf = self.heap.info().max_free;
            ensure(mf < needed, || {
                format!("failed although {mf} >= {needed} blocks free")
            })?;
        }
        Ok(())
    }

    fn add(&mut self, ptr: NonNull<u8>, blocks: usize, mode: Mode) -> u64 {
        let id = self.m.next_id;
        self.m.next_id += 1;
        let o = Obj {
            ptr,
            blocks,
            pattern: 0xA0 + (id % 0x5F) as u8,
            mode,
            links: [None; SLOTS],
        };
        let (p, n) = o.pattern_area();
        fill(p, n, o.pattern);
        self.m.objs.insert(id, o);
        id
    }

    fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        match *op {
            Op::Alloc { size, kind, root } => {
                let (mode, flags) = Mode::from_kind(kind);
                let needed = blocks_for(size);
                let (c0, due, mf) = (
                    self.heap.collections(),
                    self.threshold_due(),
                    self.heap.info().max_free,
                );
                let r = self.heap.alloc(size, flags);
                self.check_auto(c0, due, needed, mf, r.ok(), None)?;
                match r {
                    Ok(p) => {
                        ensure(all_eq(p, needed * BLOCK_SIZE, 0), || "not zeroed".into())?;
                        let id = self.add(p, needed, mode);
                        self.m.since_collect += needed;
                        if root {
                            self.m.roots.insert(id);
                        }
                    }
                    Err(e) => ensure(e == AllocError::OutOfMemory, || format!("{e:?}"))?,
                }
            }
            Op::Free(sel) => {
                if let Some(id) = pick(&self.m, sel) {
                    let o = self.m.objs.remove(&id).unwrap();
                    ensure(self.heap.free(o.ptr), || "free failed".into())?;
                    self.m.roots.remove(&id);
                    for other in self.m.objs.values_mut() {
                        for (slot, l) in other.links.iter_mut().enumerate() {
                            if *l == Some(id) {
                                *l = None;
                                set_word(other.ptr, slot, std::ptr::null());
                            }
                        }
                    }
                }
            }
            Op::Realloc {
                obj,
                size,
                allow_move,
            } => {
                let Some(id) = pick(&self.m, obj) else {
                    return Ok(());
                };
                let (old_ptr, old_blocks) = (self.m.objs[&id].ptr, self.m.objs[&id].blocks);
                let needed = blocks_for(size);
                let (c0, due, mf) = (
                    self.heap.collections(),
                    self.threshold_due(),
                    self.heap.info().max_free,
                );
                let r = self.heap.realloc(old_ptr, size, allow_move);
                match r {
                    Ok(p) if p == old_ptr => {
                        ensure(self.heap.collections() == c0, || {
                            "collected for in-place realloc".into()
                        })?;
                        self.m.since_collect += needed.saturating_sub(old_blocks);
                    }
                    Ok(p) => {
                        ensure(allow_move && needed > old_blocks, || {
                            "moved unexpectedly".into()
                        })?;
                        self.check_auto(c0, due, needed, mf, Some(p), Some(id))?;
                        self.m.since_collect += needed;
                        ensure(!self.heap.is_head(old_ptr.as_ptr()), || {
                            "old allocation not freed".into()
                        })?;
                    }
                    Err(e) => {
                        ensure(e == AllocError::OutOfMemory, || format!("{e:?}"))?;
                        ensure(needed > old_blocks, || "shrink failed".into())?;
                        if allow_move {
                            self.check_auto(c0, due, needed, mf, None, Some(id))?;
                        } else {
                            ensure(self.heap.collections() == c0, || {
                                "collected without move".into()
                            })?;
                        }
                    }
                }
                if let Ok(p) = r {
                    // Check the kept contents, then refresh the pattern.
                    let o = self.m.objs.get_mut(&id).unwrap();
                    let keep = old_blocks.min(needed) * BLOCK_SIZE - SLOTS * WORD_SIZE;
                    // SAFETY: inside the allocation.
                    let area = unsafe { p.add(SLOTS * WORD_SIZE) };
                    ensure(all_eq(area, keep, o.pattern), || "contents lost".into())?;
                    if needed > old_blocks {
                        // SAFETY: inside the allocation.
                        let grown = unsafe { p.add(old_blocks * BLOCK_SIZE) };
                        ensure(all_eq(grown, (needed - old_blocks) * BLOCK_SIZE, 0), || {
                            "grown part not zeroed".into()
                        })?;
                    }
                    o.ptr = p;
                    o.blocks = needed;
                    let (a, n) = o.pattern_area();
                    fill(a, n, o.pattern);
                    if p != old_ptr {
                        // Links the model cleared during a collection inside
                        // the move were cleared in the old copy: redo them.
                        let links = self.m.objs[&id].links;
                        for (slot, l) in links.iter().enumerate() {
                            let t = l.map_or(std::ptr::null(), |t| self.m.objs[&t].ptr.as_ptr());
                            set_word(p, slot, t);
                        }
                        // The program updates its references to the object.
                        for other in self.m.objs.values() {
                            for (slot, l) in other.links.iter().enumerate() {
                                if *l == Some(id) {
                                    set_word(other.ptr, slot, p.as_ptr());
                                }
                            }
                        }
                    }
                }
            }
            Op::Link { from, slot, to } => {
                if let (Some(a), Some(b)) = (pick(&self.m, from), pick(&self.m, to)) {
                    let target = self.m.objs[&b].ptr;
                    let o = self.m.objs.get_mut(&a).unwrap();
                    set_word(o.ptr, slot, target.as_ptr());
                    o.links[slot] = Some(b);
                }
            }
            Op::Unlink { from, slot } => {
                if let Some(a) = pick(&self.m, from) {
                    let o = self.m.objs.get_mut(&a).unwrap();
                    set_word(o.ptr, slot, std::ptr::null());
                    o.links[slot] = None;
                }
            }
            Op::Root(sel) => {
                if let Some(id) = pick(&self.m, sel) {
                    self.m.roots.insert(id);
                }
            }
            Op::Unroot(sel) => {
                if let Some(id) = pick(&self.m, sel) {
                    self.m.roots.remove(&id);
                }
            }
            Op::Collect => {
                let c0 = self.heap.collections();
                self.heap.collect();
                ensure(self.heap.collections() == c0 + 1, || {
                    "collect did not run".into()
                })?;
                self.model_collect(None, None)?;
            }
            Op::Threshold(t) => {
                match t {
                    Some(b) => self.heap.set_threshold(b as isize),
                    None => self.heap.set_threshold(-1),
                }
                self.m.threshold = t.map(|b| b / BLOCK_SIZE);
                let expect = self.m.threshold.map_or(-1, |t| (t * BLOCK_SIZE) as isize);
                ensure(self.heap.threshold() == expect, || "threshold".into())?;
            }
            Op::Enable(on) => {
                if on {
                    self.heap.enable()
                } else {
                    self.heap.disable()
                }
                self.m.enabled = on;
            }
            Op::LockedAlloc => {
                self.heap.lock();
                let r = self.heap.alloc(8, AllocFlags::NONE);
                self.heap.unlock();
                ensure(r == Err(AllocError::Locked), || {
                    format!("locked alloc gave {r:?}")
                })?;
            }
        }
        self.sync_roots();
        self.check()
    }

    /// Invariants that hold after every operation.
    fn check(&self) -> Result<(), TestCaseError> {
        let h = &*self.heap;
        let used: usize = self.m.objs.values().map(Obj::bytes).sum();
        ensure(h.mem_alloc() == used, || {
            format!("mem_alloc {} != model {used}", h.mem_alloc())
        })?;
        ensure(h.mem_alloc() + h.mem_free() == h.total(), || {
            "free + alloc != total".into()
        })?;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (id, o) in &self.m.objs {
            let p = o.ptr.as_ptr();
            ensure(h.is_head(p), || format!("object {id} not a head"))?;
            ensure(h.alloc_size(p) == Some(o.bytes()), || {
                format!("object {id} size")
            })?;
            ensure(h.alloc_flags(p) == Some(o.mode.flags()), || {
                format!("object {id} flags")
            })?;
            let (a, n) = o.pattern_area();
            ensure(all_eq(a, n, o.pattern), || {
                format!("object {id} contents changed")
            })?;
            for (slot, l) in o.links.iter().enumerate() {
                let want = l.map_or(std::ptr::null(), |t| {
                    self.m.objs[&t].ptr.as_ptr().cast_const()
                });
                ensure(get_word(o.ptr, slot) == want, || {
                    format!("object {id} slot {slot}")
                })?;
            }
            spans.push((p.addr(), p.addr() + o.bytes()));
        }
        spans.sort_unstable();
        ensure(spans.windows(2).all(|w| w[0].1 <= w[1].0), || {
            "overlapping allocations".into()
        })?;
        ensure(
            h.allocated_since_collect() == self.m.since_collect * BLOCK_SIZE,
            || {
                format!(
                    "allocated since collect {} != model {}",
                    h.allocated_since_collect(),
                    self.m.since_collect * BLOCK_SIZE
                )
            },
        )
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // SAFETY: unregistering, then freeing the boxes leaked in `new`
        // (nothing else refers to them).
        unsafe {
            self.heap.set_root_source(None);
            self.heap.set_finaliser(None);
            drop(Box::from_raw(self.roots.as_ptr()));
            drop(Box::from_raw(self.fin.as_ptr()));
        }
    }
}

fn cases() -> u32 {
    if cfg!(miri) {
        return 6;
    }
    std::env::var("PYRITE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000)
}

#[test]
fn model_based() {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let start = std::time::Instant::now();
    let max_ops = if cfg!(miri) { 100 } else { 200 };
    let ops = proptest::collection::vec(op(), 1..=max_ops);
    runner
        .run(&ops, |ops| {
            let mut h = Harness::new();
            for (i, op) in ops.iter().enumerate() {
                h.step(op)
                    .map_err(|e| TestCaseError::fail(format!("op {i} {op:?}: {e}")))?;
            }
            Ok(())
        })
        .unwrap();
    println!("model_based: {} cases in {:.2?}", cases(), start.elapsed());
}
