//! `tuple`: an immutable array of values, stored inline after its length.

use pyrite_gc::AllocFlags;

use crate::error::PyResult;
use crate::object::{ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use crate::qstr::q;
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

/// A tuple; `len` values follow the struct.
#[repr(C)]
pub struct Tuple {
    header: ObjHeader,
    len: usize,
}

// SAFETY: `#[repr(C)]` with the header first; `TUPLE_TYPE` owns the layout.
unsafe impl Object for Tuple {
    const TYPE: &'static Type = &TUPLE_TYPE;
}

/// A tuple in flash: the same layout as [`Tuple`] with the items in an
/// array (for the empty tuple and for frozen constants).
#[repr(C)]
pub struct RomTuple<const N: usize> {
    header: ObjHeader,
    len: usize,
    items: [Value; N],
}

// SAFETY: same prefix as `Tuple`, whose type it has.
unsafe impl<const N: usize> Object for RomTuple<N> {
    const TYPE: &'static Type = &TUPLE_TYPE;
}

impl<const N: usize> RomTuple<N> {
    /// A tuple of `items`.
    pub const fn new(items: [Value; N]) -> RomTuple<N> {
        RomTuple {
            header: ObjHeader::new(&TUPLE_TYPE),
            len: N,
            items,
        }
    }
}

/// `()`, shared by everyone.
pub static EMPTY_TUPLE: RomTuple<0> = RomTuple::new([]);

impl Tuple {
    /// The items. A tuple never changes after it is made, so the slice stays
    /// valid while the tuple is reachable, even across calls into Python.
    pub fn items(&self) -> &[Value] {
        // SAFETY: the object was made with `len` values right after the
        // struct (see `new_tuple` and `RomTuple`).
        unsafe {
            core::slice::from_raw_parts((self as *const Tuple).add(1).cast::<Value>(), self.len)
        }
    }
}

/// Makes a tuple of `items` (the shared empty tuple when there are none).
pub fn new_tuple(rt: &Rt, items: &[Value]) -> PyResult {
    if items.is_empty() {
        return Ok(Value::from_static(&EMPTY_TUPLE));
    }
    let bytes = items
        .len()
        .checked_mul(size_of::<Value>())
        .and_then(|n| n.checked_add(size_of::<Tuple>()))
        .ok_or_else(|| rt.memory_error())?;
    let obj = rt.alloc(bytes, AllocFlags::NONE)?.cast::<Tuple>();
    // SAFETY: a fresh allocation with room for the header and the items.
    unsafe {
        obj.as_ptr().write(Tuple {
            header: ObjHeader::new(&TUPLE_TYPE),
            len: items.len(),
        });
        let data = obj.as_ptr().add(1).cast::<Value>();
        core::ptr::copy_nonoverlapping(items.as_ptr(), data, items.len());
        Ok(Value::from_object(obj.cast()))
    }
}

fn tuple_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let items = rt.downcast::<Tuple>(this).map_or(&[][..], Tuple::items);
    out.put(b"(")?;
    for (i, &item) in items.iter().enumerate() {
        if i > 0 {
            out.put(b", ")?;
        }
        rt.print(item, out, PrintKind::Repr)?;
    }
    out.put(if items.len() == 1 { b",)" } else { b")" })
}

static TUPLE_SLOTS: Slots = Slots {
    print: Some(tuple_print),
    ..Slots::EMPTY
};

/// `tuple`.
pub static TUPLE_TYPE: Type = super::builtin_type(
    q::tuple,
    TypeFlags::BASETYPE,
    b'T',
    &TUPLE_TYPE,
    &TUPLE_SLOTS,
    &[],
);
