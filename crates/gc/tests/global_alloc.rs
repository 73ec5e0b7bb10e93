//! The `GlobalAlloc` adapter (feature `global-alloc`), called directly.
#![cfg(feature = "global-alloc")]

use std::alloc::{GlobalAlloc, Layout};

use pyrite_gc::{AllocFlags, BLOCK_SIZE, GlobalHeap, Heap};

static ALLOC: GlobalHeap = GlobalHeap::new();

#[test]
fn serves_manual_allocations() {
    let layout = Layout::from_size_align(24, 8).unwrap();
    // SAFETY: non-zero size; not initialised yet, so it must fail.
    assert!(unsafe { ALLOC.alloc(layout) }.is_null());

    // The region and the heap live for the rest of the program (reachable
    // from the `ALLOC` static, so Miri sees no leak).
    let region: &'static mut [u8] = Box::leak(vec![0u8; 8192].into_boxed_slice());
    let heap: &'static Heap = Box::leak(Box::new(Heap::new(region)));
    // SAFETY: the heap is used directly only by this test thread, and never
    // concurrently with the adapter calls below.
    unsafe { ALLOC.init(heap) };

    // SAFETY: non-zero sizes, valid alignments; pointers freed once.
    unsafe {
        let a = ALLOC.alloc(layout);
        assert!(!a.is_null());
        assert_eq!(a.addr() % BLOCK_SIZE, 0);
        assert_eq!(heap.alloc_flags(a), Some(AllocFlags::MANUAL));
        a.write_bytes(0x42, 24);

        // MANUAL: survives collections with no roots.
        heap.collect();
        assert!(heap.is_head(a));

        let z = ALLOC.alloc_zeroed(Layout::from_size_align(100, BLOCK_SIZE).unwrap());
        assert!(std::slice::from_raw_parts(z, 100).iter().all(|&b| b == 0));

        // Grow (moves: `z` follows `a`), contents kept.
        let a2 = ALLOC.realloc(a, layout, 3 * BLOCK_SIZE);
        assert!(!a2.is_null());
        assert!(
            std::slice::from_raw_parts(a2, 24)
                .iter()
                .all(|&b| b == 0x42)
        );

        // Alignment above a block: refused.
        let big_align = Layout::from_size_align(8, 2 * BLOCK_SIZE).unwrap();
        assert!(ALLOC.alloc(big_align).is_null());

        // Locked heap: refused.
        heap.lock();
        assert!(ALLOC.alloc(layout).is_null());
        heap.unlock();

        let used = heap.mem_alloc();
        ALLOC.dealloc(a2, Layout::from_size_align(3 * BLOCK_SIZE, 8).unwrap());
        ALLOC.dealloc(z, Layout::from_size_align(100, BLOCK_SIZE).unwrap());
        assert_eq!(
            heap.mem_alloc(),
            used - 3 * BLOCK_SIZE - 100usize.div_ceil(BLOCK_SIZE) * BLOCK_SIZE
        );
        assert_eq!(heap.mem_alloc(), 0);
    }
}
