//! Object layouts on the boards, pinned at compile time.
//!
//! The 32-bit sizes are the ones the memory budget is judged by (no larger
//! than MicroPython's); a change that grows one fails every thumb build.
//! `tests/sizes.rs` measures the heap cost of whole objects on the host and
//! `docs/memory.md` records both tables.

#[cfg(target_pointer_width = "32")]
const _: () = {
    use crate::types::{dict::Dict, exc::ExcObj, list::List, str::Str, tuple::Tuple};
    // One 16-byte block each: header + three words.
    assert!(size_of::<List>() == 16);
    assert!(size_of::<Dict>() == 16);
    // Header + hash + length; the bytes follow inline.
    assert!(size_of::<Str>() == 12);
    // Header + length; the items follow inline.
    assert!(size_of::<Tuple>() == 8);
    assert!(size_of::<ExcObj>() == 20);
};

// Header + two `f32`s: one 16-byte block, as MicroPython's complex on a
// single-precision board.
#[cfg(all(target_pointer_width = "32", feature = "complex"))]
const _: () = assert!(size_of::<crate::types::num::Complex>() == 12);
