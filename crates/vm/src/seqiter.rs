//! The iterator of an object that has `__getitem__` but no `__iter__`:
//! `obj[0]`, `obj[1]`, ... until `IndexError` (or `StopIteration`).

use core::cell::Cell;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{ObjHeader, Object, Slots, SubscrOp, Type, TypeFlags};
use pyrite_obj::types::exc;
use pyrite_obj::{PyResult, Rt, Value, q};

use crate::func::vm_type;
use crate::load::obj_value;

/// The sequence being iterated and the next index.
#[repr(C)]
struct SeqIter {
    header: ObjHeader,
    seq: Value,
    /// The next index, or `usize::MAX` once exhausted.
    next: Cell<usize>,
}

// SAFETY: `#[repr(C)]` with the header first; `SEQ_ITER_TYPE` owns it.
unsafe impl Object for SeqIter {
    const TYPE: &'static Type = &SEQ_ITER_TYPE;
}

fn seq_iternext(rt: &Rt, this: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<SeqIter>(this) else {
        return Ok(None);
    };
    let i = it.next.get();
    if i == usize::MAX {
        return Ok(None);
    }
    let index = Value::small_int(i as i64).ok_or_else(|| rt.memory_error())?;
    match rt.subscr(it.seq, index, SubscrOp::Load) {
        Ok(v) => {
            it.next.set(i + 1);
            Ok(Some(v))
        }
        Err(e)
            if exc::exception_matches(rt, e, &exc::INDEX_ERROR)
                || exc::exception_matches(rt, e, &exc::STOP_ITERATION) =>
        {
            it.next.set(usize::MAX);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn seq_iter(_rt: &Rt, this: Value) -> PyResult {
    Ok(this)
}

static SEQ_ITER_SLOTS: Slots = Slots {
    iter: Some(seq_iter),
    iternext: Some(seq_iternext),
    ..Slots::EMPTY
};

static SEQ_ITER_TYPE: Type = vm_type(
    q::iterator,
    TypeFlags::EQ_IS_IDENTITY,
    &SEQ_ITER_TYPE,
    &SEQ_ITER_SLOTS,
);

/// An iterator over `seq` through its `__getitem__`.
pub(crate) fn new_seq_iter(rt: &Rt, seq: Value) -> PyResult {
    let p = rt
        .alloc(size_of::<SeqIter>(), AllocFlags::NONE)?
        .cast::<SeqIter>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(SeqIter {
            header: ObjHeader::new(&SEQ_ITER_TYPE),
            seq,
            next: Cell::new(0),
        })
    };
    Ok(obj_value(p))
}
