//! `iter(callable, sentinel)`: calls `callable()` until it returns a value
//! equal to `sentinel`.

use core::cell::Cell;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{ObjHeader, Object, Slots, Type, TypeFlags};
use pyrite_obj::{PyResult, Rt, Value, q};

use crate::func::vm_type;
use crate::load::obj_value;

/// The callable, the sentinel, and whether the sentinel was seen.
#[repr(C)]
struct CallIter {
    header: ObjHeader,
    callable: Value,
    sentinel: Value,
    done: Cell<bool>,
}

// SAFETY: `#[repr(C)]` with the header first; `CALL_ITER_TYPE` owns it.
unsafe impl Object for CallIter {
    const TYPE: &'static Type = &CALL_ITER_TYPE;
}

fn call_iternext(rt: &Rt, this: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<CallIter>(this) else {
        return Ok(None);
    };
    if it.done.get() {
        return Ok(None);
    }
    let v = rt.call_positional(it.callable, &[])?;
    if v == it.sentinel || rt.equal(v, it.sentinel)? {
        // Once exhausted it stays so, as CPython's.
        it.done.set(true);
        return Ok(None);
    }
    Ok(Some(v))
}

fn call_iter(_rt: &Rt, this: Value) -> PyResult {
    Ok(this)
}

static CALL_ITER_SLOTS: Slots = Slots {
    iter: Some(call_iter),
    iternext: Some(call_iternext),
    ..Slots::EMPTY
};

static CALL_ITER_TYPE: Type = vm_type(
    q::callable_iterator,
    TypeFlags::EQ_IS_IDENTITY,
    &CALL_ITER_TYPE,
    &CALL_ITER_SLOTS,
);

/// `iter(callable, sentinel)`.
pub(crate) fn new_call_iter(rt: &Rt, callable: Value, sentinel: Value) -> PyResult {
    if !crate::builtins::is_callable(rt, callable)? {
        return Err(rt.type_error(format_args!("iter(v, w): v must be callable")));
    }
    let p = rt
        .alloc(size_of::<CallIter>(), AllocFlags::NONE)?
        .cast::<CallIter>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(CallIter {
            header: ObjHeader::new(&CALL_ITER_TYPE),
            callable,
            sentinel,
            done: Cell::new(false),
        })
    };
    Ok(obj_value(p))
}
