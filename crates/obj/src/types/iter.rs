//! Iterators over indexable sequences: one small object holding the
//! sequence, the next index and how to fetch an item.

use core::cell::Cell;

use pyrite_gc::AllocFlags;

use crate::error::PyResult;
use crate::object::{ObjHeader, Object, Slots, Type, TypeFlags};
use crate::qstr::q;
use crate::rt::Rt;
use crate::value::Value;

/// Fetches item `i` of a sequence, or `None` past the end.
pub type GetItem = fn(&Rt, Value, usize) -> Option<Value>;

/// An iterator over a sequence by index. Re-reads the sequence at every
/// step, so it stays memory-safe if Python code changes the sequence.
#[repr(C)]
pub struct IndexIter {
    header: ObjHeader,
    seq: Value,
    index: Cell<usize>,
    get: GetItem,
}

// SAFETY: `#[repr(C)]` with the header first; `ITERATOR_TYPE` owns it.
unsafe impl Object for IndexIter {
    const TYPE: &'static Type = &ITERATOR_TYPE;
}

/// Makes an iterator over `seq` using `get`.
pub fn new_index_iter(rt: &Rt, seq: Value, get: GetItem) -> PyResult {
    let obj = rt
        .alloc(size_of::<IndexIter>(), AllocFlags::NONE)?
        .cast::<IndexIter>();
    // SAFETY: fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(IndexIter {
            header: ObjHeader::new(&ITERATOR_TYPE),
            seq,
            index: Cell::new(0),
            get,
        });
        Ok(Value::from_object(obj.cast()))
    }
}

fn index_iter_next(rt: &Rt, it: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<IndexIter>(it) else {
        return Ok(None);
    };
    let i = it.index.get();
    let item = (it.get)(rt, it.seq, i);
    if item.is_some() {
        it.index.set(i + 1);
    }
    Ok(item)
}

static ITERATOR_SLOTS: Slots = Slots {
    iternext: Some(index_iter_next),
    ..Slots::EMPTY
};

/// The type of sequence iterators.
pub static ITERATOR_TYPE: Type = super::builtin_type(
    q::iterator,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &ITERATOR_TYPE,
    &ITERATOR_SLOTS,
    &[],
);
