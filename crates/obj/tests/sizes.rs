//! Heap bytes of common objects on this host, measured from the heap's own
//! counter (so block rounding and separate item arrays are included). The
//! 32-bit layouts are pinned at compile time in `src/sizes.rs`; run with
//! `--nocapture` to see the table recorded in `docs/memory.md`.

use pyrite_gc::{BLOCK_SIZE, Heap};
use pyrite_obj::types::dict::new_dict;
use pyrite_obj::types::list::new_list;
use pyrite_obj::types::str::{STR_TYPE, new_str};
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{PyResult, Rt, Value};

fn cost(make: impl FnOnce(&Rt) -> PyResult) -> usize {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 64 * 1024].into_boxed_slice());
    let rt = Rt::new(Heap::new(region));
    let before = rt.heap().mem_alloc();
    make(&rt).expect("allocation");
    rt.heap().mem_alloc() - before
}

#[test]
fn common_objects_cost_few_blocks() {
    let int = |i| Value::small_int(i).unwrap();
    let rows = [
        ("empty list", cost(|rt| new_list(rt, &[])), 1),
        (
            "3-tuple",
            cost(|rt| new_tuple(rt, &[int(1), int(2), int(3)])),
            2,
        ),
        ("empty dict", cost(new_dict), 1),
        (
            "str of 5 bytes",
            cost(|rt| new_str(rt, &STR_TYPE, b"hello")),
            1,
        ),
        ("float", cost(|_| Ok(Value::float(1.5))), 0),
        ("small int", cost(|_| Ok(int(7))), 0),
    ];
    println!(
        "word size {} bytes, block {} bytes",
        size_of::<usize>(),
        BLOCK_SIZE
    );
    for (name, bytes, max_blocks) in rows {
        println!(
            "{name:>16}: {bytes:>3} bytes ({} blocks)",
            bytes / BLOCK_SIZE
        );
        assert!(
            bytes <= max_blocks * BLOCK_SIZE,
            "{name} takes {bytes} bytes"
        );
    }
}
