//! `tuple`: an immutable array of values, stored inline after its length.

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::PyResult;
use crate::object::{
    ObjHeader, Object, PrintKind, Slots, SubscrOp, Type, TypeFlags, methods_sorted,
};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::{Immediate, Value};

use super::function::NativeFn;
use super::list::{List, extend_from, new_list, resolve_index};
use super::slice::Slice;

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
    let obj = alloc_tuple(rt, items.len())?;
    // SAFETY: `alloc_tuple` made room for the header and `items.len()` items.
    unsafe {
        let data = obj.as_ptr().add(1).cast::<Value>();
        core::ptr::copy_nonoverlapping(items.as_ptr(), data, items.len());
        Ok(Value::from_object(obj.cast()))
    }
}

/// A new tuple of `len` (> 0) items, all null until the caller writes
/// them. Kept out of line so that [`new_tuple_with`]'s copies share it.
fn alloc_tuple(rt: &Rt, len: usize) -> PyResult<core::ptr::NonNull<Tuple>> {
    let bytes = len
        .checked_mul(size_of::<Value>())
        .and_then(|n| n.checked_add(size_of::<Tuple>()))
        .ok_or_else(|| rt.memory_error())?;
    let obj = rt.alloc(bytes, AllocFlags::NONE)?.cast::<Tuple>();
    // SAFETY: a fresh allocation with room for the header; the zeroed item
    // words read as null until written.
    unsafe {
        obj.as_ptr().write(Tuple {
            header: ObjHeader::new(&TUPLE_TYPE),
            len,
        });
    }
    Ok(obj)
}

/// Makes a tuple of `len` items, item `i` being `item(i)`. `item` must not
/// allocate or run Python code: the tuple is filled right after it is made.
pub(crate) fn new_tuple_with(
    rt: &Rt,
    len: usize,
    mut item: impl FnMut(usize) -> Value,
) -> PyResult {
    if len == 0 {
        return Ok(Value::from_static(&EMPTY_TUPLE));
    }
    let obj = alloc_tuple(rt, len)?;
    // SAFETY: `alloc_tuple` made room for `len` values right after the
    // header.
    unsafe {
        let data = obj.as_ptr().add(1).cast::<Value>();
        for i in 0..len {
            data.add(i).write(item(i));
        }
        Ok(Value::from_object(obj.cast()))
    }
}

/// `tuple(iterable)`: the iterable itself when it is exactly a tuple.
pub fn tuple_from_iterable(rt: &Rt, iterable: Value) -> PyResult {
    if core::ptr::eq(rt.type_of(iterable), &TUPLE_TYPE) {
        return Ok(iterable);
    }
    if let Some(t) = rt.downcast_exact::<Tuple>(iterable) {
        return new_tuple(rt, t.items());
    }
    let list = match rt.downcast_exact::<List>(iterable) {
        Some(l) => l,
        None => {
            let tmp = new_list(rt, &[])?;
            let Some(l) = rt.downcast::<List>(tmp) else {
                return Err(rt.memory_error());
            };
            extend_from(rt, l, iterable)?;
            l
        }
    };
    new_tuple_with(rt, list.len(), |i| list.get(i).unwrap_or(Value::NONE))
}

fn this(rt: &Rt, v: Value) -> PyResult<&Tuple> {
    rt.downcast::<Tuple>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 'tuple' object")))
}

fn is_exact(rt: &Rt, v: Value) -> bool {
    core::ptr::eq(rt.type_of(v), &TUPLE_TYPE)
}

fn tuple_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!("tuple() takes no keyword arguments")));
    }
    match args.pos {
        [] => Ok(Value::from_static(&EMPTY_TUPLE)),
        [x] => tuple_from_iterable(rt, *x),
        _ => Err(rt.type_error(format_args!(
            "tuple expected at most 1 argument, got {}",
            args.pos.len()
        ))),
    }
}

fn tuple_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let len = this(rt, v)?.len;
    Ok(super::len_unary(op, len))
}

/// A repeat count: an int or a bool.
pub(crate) fn repeat_count(v: Value) -> Option<i64> {
    if let Some(n) = v.as_small_int() {
        return Some(n as i64);
    }
    match v.as_immediate() {
        Some(Immediate::True) => Some(1),
        Some(Immediate::False) => Some(0),
        _ => None,
    }
}

fn find(rt: &Rt, items: &[Value], v: Value) -> PyResult<Option<usize>> {
    for (i, &item) in items.iter().enumerate() {
        if item == v || rt.equal(item, v)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn tuple_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let x = this(rt, a)?.items();
    match op {
        BinaryOp::Add => {
            let Some(y) = rt.downcast::<Tuple>(b).map(Tuple::items) else {
                return Ok(None);
            };
            if y.is_empty() && is_exact(rt, a) {
                return Ok(Some(a));
            }
            if x.is_empty() && is_exact(rt, b) {
                return Ok(Some(b));
            }
            let n = x
                .len()
                .checked_add(y.len())
                .ok_or_else(|| rt.memory_error())?;
            let lx = x.len();
            new_tuple_with(rt, n, |i| {
                if i < lx {
                    x[i]
                } else {
                    y.get(i - lx).copied().unwrap_or(Value::NONE)
                }
            })
            .map(Some)
        }
        BinaryOp::Multiply => {
            let Some(n) = repeat_count(b) else {
                return super::num::no_repeat_count(rt, b);
            };
            if n == 1 && is_exact(rt, a) {
                return Ok(Some(a));
            }
            let len = x.len();
            if n <= 0 || len == 0 {
                return Ok(Some(Value::from_static(&EMPTY_TUPLE)));
            }
            let total = usize::try_from(n)
                .ok()
                .and_then(|n| n.checked_mul(len))
                .ok_or_else(|| rt.memory_error())?;
            new_tuple_with(rt, total, |i| x[i % len]).map(Some)
        }
        BinaryOp::Contains => Ok(Some(Value::bool(find(rt, x, b)?.is_some()))),
        BinaryOp::Less | BinaryOp::LessEqual | BinaryOp::More | BinaryOp::MoreEqual => {
            let Some(y) = rt.downcast::<Tuple>(b).map(Tuple::items) else {
                return Ok(None);
            };
            super::sort::compare_sequences(rt, op, |i| x.get(i).copied(), |i| y.get(i).copied())
                .map(Some)
        }
        _ => Ok(None),
    }
}

fn tuple_subscr(rt: &Rt, t: Value, index: Value, op: SubscrOp) -> PyResult {
    let items = this(rt, t)?.items();
    match op {
        SubscrOp::Load => {}
        SubscrOp::Store(_) => {
            return Err(rt.type_error(format_args!(
                "'tuple' object does not support item assignment"
            )));
        }
        SubscrOp::Delete => {
            return Err(rt.type_error(format_args!("'tuple' object doesn't support item deletion")));
        }
    }
    if let Some(s) = rt.downcast::<Slice>(index) {
        let r = s.indices(rt, items.len())?;
        if r.step == 1 && r.len == items.len() && is_exact(rt, t) {
            return Ok(t);
        }
        return new_tuple_with(rt, r.len, |k| {
            items.get(r.index(k)).copied().unwrap_or(Value::NONE)
        });
    }
    let index = match index.as_immediate() {
        Some(Immediate::True) => Value::small_int_unchecked(1),
        Some(Immediate::False) => Value::small_int_unchecked(0),
        _ => index,
    };
    let i = resolve_index(rt, index, items.len(), "tuple")?;
    Ok(items.get(i).copied().unwrap_or(Value::NONE))
}

fn tuple_iter(rt: &Rt, t: Value) -> PyResult {
    super::iter::new_index_iter(rt, t, |rt, seq, i| {
        rt.downcast::<Tuple>(seq)
            .and_then(|t| t.items().get(i).copied())
    })
}

fn tuple_count(rt: &Rt, t: Value, v: Value) -> PyResult {
    let items = this(rt, t)?.items();
    count_items(rt, &|i| items.get(i).copied(), v)
}

/// `s.count(v)` for a list or a tuple: `item(i)` is the item at `i`, `None`
/// past the end (read afresh each time: `__eq__` may change a list).
pub(crate) fn count_items(rt: &Rt, item: &dyn Fn(usize) -> Option<Value>, v: Value) -> PyResult {
    let mut n = 0;
    let mut i = 0;
    while let Some(x) = item(i) {
        if x == v || rt.equal(x, v)? {
            n += 1;
        }
        i += 1;
    }
    Ok(Value::small_int(n).unwrap_or(Value::NONE))
}

/// `s.index(v[, start[, stop]])` for a list or a tuple of `len` items
/// (`args`: `s, v, ...`), `item` as for [`count_items`]: the index, or
/// `None` when `v` is not there.
pub(crate) fn index_of(
    rt: &Rt,
    args: &[Value],
    len: usize,
    item: &dyn Fn(usize) -> Option<Value>,
) -> PyResult<Option<Value>> {
    let bound = |k: usize, default: usize| match args.get(k) {
        Some(&b) => clamp_bound(rt, b, len),
        None => Ok(default),
    };
    let (start, stop) = (bound(2, 0)?, bound(3, len)?);
    let mut i = start;
    while i < stop
        && let Some(x) = item(i)
    {
        if x == args[1] || rt.equal(x, args[1])? {
            return Ok(Some(Value::small_int(i as i64).unwrap_or(Value::NONE)));
        }
        i += 1;
    }
    Ok(None)
}

/// A `start`/`stop` bound of `index()`, clamped to `0..=len` as slices are.
/// A `start`/`stop` argument of `index()` clamped to `0..=len` (big ints
/// too, as CPython's).
pub(crate) fn clamp_bound(rt: &Rt, v: Value, len: usize) -> PyResult<usize> {
    let Some(i) = super::slice::bound(rt, v)? else {
        return Err(rt.type_error(format_args!(
            "slice indices must be integers or have an __index__ method"
        )));
    };
    let len = len as i64;
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
    Ok(i as usize)
}

fn tuple_index(rt: &Rt, args: &[Value]) -> PyResult {
    let items = this(rt, args[0])?.items();
    match index_of(rt, args, items.len(), &|i| items.get(i).copied())? {
        Some(i) => Ok(i),
        None => Err(rt.value_error(format_args!("tuple.index(x): x not in tuple"))),
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
    make_new: Some(tuple_make_new),
    print: Some(tuple_print),
    unary_op: Some(tuple_unary),
    binary_op: Some(tuple_binary),
    subscr: Some(tuple_subscr),
    iter: Some(tuple_iter),
    ..Slots::EMPTY
};

static TUPLE_METHODS: [(Qstr, Value); 2] = [
    rom_method!(count, NativeFn::F2(tuple_count)),
    rom_method!(
        index,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: tuple_index
        }
    ),
];
const _: () = assert!(
    methods_sorted(&TUPLE_METHODS),
    "TUPLE_METHODS must be sorted by qstr"
);

/// `tuple`.
pub static TUPLE_TYPE: Type = super::builtin_type(
    q::tuple,
    TypeFlags::BASETYPE,
    b'T',
    &TUPLE_TYPE,
    &TUPLE_SLOTS,
    &TUPLE_METHODS,
);
