//! `dict`: an insertion-ordered [`Map`] in an object, with its views.

use core::cell::Cell;

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::PyResult;
use crate::map::Map;
use crate::object::{
    ObjHeader, Object, PrintKind, Slots, SubscrOp, Type, TypeFlags, methods_sorted,
};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

use super::function::NativeFn;
use super::tuple::new_tuple;

/// A dict: a header and a map (four words: one block on the boards).
#[repr(C)]
pub struct Dict {
    header: ObjHeader,
    map: Map,
}

// SAFETY: `#[repr(C)]` with the header first; `DICT_TYPE` owns the layout.
unsafe impl Object for Dict {
    const TYPE: &'static Type = &DICT_TYPE;
}

impl Dict {
    /// The entries.
    pub fn map(&self) -> &Map {
        &self.map
    }
}

/// Makes an empty dict.
pub fn new_dict(rt: &Rt) -> PyResult {
    let obj = rt
        .alloc(size_of::<Dict>(), AllocFlags::NONE)?
        .cast::<Dict>();
    // SAFETY: fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(Dict {
            header: ObjHeader::new(&DICT_TYPE),
            map: Map::new(),
        });
        Ok(Value::from_object(obj.cast()))
    }
}

fn this(rt: &Rt, v: Value) -> PyResult<&Dict> {
    rt.downcast::<Dict>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 'dict' object")))
}

fn key_error(rt: &Rt, key: Value) -> crate::Exc {
    match super::exc::new_exception(rt, &super::exc::KEY_ERROR, &[key]) {
        Ok(e) => crate::Exc(e),
        Err(e) => e,
    }
}

/// `d.update(other)`: from a dict, or from an iterable of pairs.
pub fn update_from(rt: &Rt, dict: &Dict, other: Value) -> PyResult<()> {
    if let Some(src) = rt.downcast::<Dict>(other) {
        let mut i = 0;
        while i < src.map.slots() {
            if let Some((k, v)) = src.map.entry_at(i) {
                dict.map.insert(rt, k, v)?;
            }
            i += 1;
        }
        return Ok(());
    }
    let iter = rt.get_iter(other)?;
    while let Some(pair) = rt.iter_next(iter)? {
        // Exactly two items: read at most three.
        let inner = rt.get_iter(pair)?;
        let mut kv = [Value::NONE; 2];
        let mut n = 0;
        while let Some(x) = rt.iter_next(inner)? {
            if n == kv.len() {
                n += 1;
                break;
            }
            kv[n] = x;
            n += 1;
        }
        if n != kv.len() {
            return Err(rt.value_error(format_args!(
                "dictionary update sequence element has wrong length"
            )));
        }
        dict.map.insert(rt, kv[0], kv[1])?;
    }
    Ok(())
}

fn dict_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    if args.pos.len() > 1 {
        return Err(rt.type_error(format_args!(
            "dict expected at most 1 argument, got {}",
            args.pos.len()
        )));
    }
    let d = new_dict(rt)?;
    update_with(rt, this(rt, d)?, args.pos.first().copied(), &args)?;
    Ok(d)
}

/// `dict(other, **kw)`'s and `d.update(other, **kw)`'s filling: the
/// mapping or pairs of `other` (if given), then the keywords.
fn update_with(rt: &Rt, dict: &Dict, other: Option<Value>, args: &Args<'_>) -> PyResult<()> {
    if let Some(other) = other {
        update_from(rt, dict, other)?;
    }
    for (k, v) in args.kw_pairs() {
        dict.map.insert(rt, k, v)?;
    }
    Ok(())
}

fn dict_get(rt: &Rt, args: &[Value]) -> PyResult {
    let dict = this(rt, args[0])?;
    Ok(dict
        .map
        .get(rt, args[1])?
        .unwrap_or(args.get(2).copied().unwrap_or(Value::NONE)))
}

fn dict_pop(rt: &Rt, args: &[Value]) -> PyResult {
    let dict = this(rt, args[0])?;
    match dict.map.remove(rt, args[1])? {
        Some(v) => Ok(v),
        None => args.get(2).copied().ok_or_else(|| key_error(rt, args[1])),
    }
}

fn dict_popitem(rt: &Rt, d: Value) -> PyResult {
    let dict = this(rt, d)?;
    let last = (0..dict.map.slots())
        .rev()
        .find_map(|i| dict.map.entry_at(i));
    let Some((k, v)) = last else {
        return Err(rt.error(
            &super::exc::KEY_ERROR,
            format_args!("popitem(): dictionary is empty"),
        ));
    };
    let pair = new_tuple(rt, &[k, v])?;
    dict.map.remove(rt, k)?;
    Ok(pair)
}

fn dict_setdefault(rt: &Rt, args: &[Value]) -> PyResult {
    let dict = this(rt, args[0])?;
    if let Some(v) = dict.map.get(rt, args[1])? {
        return Ok(v);
    }
    let default = args.get(2).copied().unwrap_or(Value::NONE);
    dict.map.insert(rt, args[1], default)?;
    Ok(default)
}

fn dict_update(rt: &Rt, args: Args<'_>) -> PyResult {
    let dict = this(rt, args.pos[0])?;
    if args.pos.len() > 2 {
        return Err(rt.type_error(format_args!("update expected at most 1 argument")));
    }
    update_with(rt, dict, args.pos.get(1).copied(), &args)?;
    Ok(Value::NONE)
}

fn dict_clear(rt: &Rt, d: Value) -> PyResult {
    this(rt, d)?.map.clear(rt);
    Ok(Value::NONE)
}

fn dict_copy(rt: &Rt, d: Value) -> PyResult {
    let copy = new_dict(rt)?;
    update_from(rt, this(rt, copy)?, d)?;
    Ok(copy)
}

/// Which part of the entries a view or iterator yields.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum ViewKind {
    /// Keys.
    Keys,
    /// Values.
    Values,
    /// `(key, value)` tuples.
    Items,
}

/// A `dict_keys`/`dict_values`/`dict_items` view, or an iterator over one.
#[repr(C)]
pub struct DictView {
    header: ObjHeader,
    dict: Value,
    kind: ViewKind,
    /// Next slot, for iterators.
    slot: Cell<usize>,
    /// Length when iteration started, to detect a dict changing size.
    len: usize,
}

// SAFETY: `#[repr(C)]` with the header first; views and iterators share
// this layout; `DICT_VIEW_TYPE` is the views' native type (the iterators'
// own type, `DICT_ITER_TYPE`, is reached through `view_of`).
unsafe impl Object for DictView {
    const TYPE: &'static Type = &DICT_VIEW_TYPE;
}

fn new_view(rt: &Rt, ty: &'static Type, dict: Value, kind: ViewKind) -> PyResult {
    let len = this(rt, dict)?.map.len();
    let obj = rt
        .alloc(size_of::<DictView>(), AllocFlags::NONE)?
        .cast::<DictView>();
    // SAFETY: fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(DictView {
            header: ObjHeader::new(ty),
            dict,
            kind,
            slot: Cell::new(0),
            len,
        });
        Ok(Value::from_object(obj.cast()))
    }
}

fn dict_keys(rt: &Rt, d: Value) -> PyResult {
    new_view(rt, &DICT_VIEW_TYPE, d, ViewKind::Keys)
}

fn dict_values(rt: &Rt, d: Value) -> PyResult {
    new_view(rt, &DICT_VIEW_TYPE, d, ViewKind::Values)
}

fn dict_items(rt: &Rt, d: Value) -> PyResult {
    new_view(rt, &DICT_VIEW_TYPE, d, ViewKind::Items)
}

fn view_of(rt: &Rt, v: Value) -> PyResult<&DictView> {
    rt.downcast_native(v, &DICT_VIEW_TYPE)
        .or_else(|| rt.downcast_native(v, &DICT_ITER_TYPE))
        // SAFETY: views and their iterators share the `DictView` layout.
        .map(|p| unsafe { p.cast::<DictView>().as_ref() })
        .ok_or_else(|| rt.type_error(format_args!("not a dict view")))
}

fn view_iter(rt: &Rt, v: Value) -> PyResult {
    let view = view_of(rt, v)?;
    new_view(rt, &DICT_ITER_TYPE, view.dict, view.kind)
}

fn view_next(rt: &Rt, it: Value) -> PyResult<Option<Value>> {
    let it = view_of(rt, it)?;
    let map = &this(rt, it.dict)?.map;
    if map.len() != it.len {
        return Err(rt.error(
            &super::exc::RUNTIME_ERROR,
            format_args!("dictionary changed size during iteration"),
        ));
    }
    let mut slot = it.slot.get();
    while slot < map.slots() {
        let entry = map.entry_at(slot);
        slot += 1;
        if let Some((k, v)) = entry {
            it.slot.set(slot);
            return Ok(Some(match it.kind {
                ViewKind::Keys => k,
                ViewKind::Values => v,
                ViewKind::Items => new_tuple(rt, &[k, v])?,
            }));
        }
    }
    it.slot.set(slot);
    Ok(None)
}

fn view_print(rt: &Rt, v: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let view = view_of(rt, v)?;
    out.put(match view.kind {
        ViewKind::Keys => b"dict_keys([",
        ViewKind::Values => b"dict_values([",
        ViewKind::Items => b"dict_items([",
    })?;
    let it = new_view(rt, &DICT_ITER_TYPE, view.dict, view.kind)?;
    let mut first = true;
    while let Some(x) = view_next(rt, it)? {
        if !first {
            out.put(b", ")?;
        }
        first = false;
        rt.print(x, out, PrintKind::Repr)?;
    }
    out.put(b"])")
}

fn view_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let len = this(rt, view_of(rt, v)?.dict)?.map.len();
    Ok(super::len_unary(op, len))
}

fn view_binary(rt: &Rt, op: BinaryOp, v: Value, item: Value) -> PyResult<Option<Value>> {
    let view = view_of(rt, v)?;
    if op == BinaryOp::Contains && view.kind == ViewKind::Keys {
        return Ok(Some(Value::bool(
            this(rt, view.dict)?.map.get(rt, item)?.is_some(),
        )));
    }
    if view.kind == ViewKind::Values {
        return Ok(None);
    }
    // Keys and items views act as sets of their elements. The protocol
    // also calls this slot for a reflected `other OP view`, which for the
    // commutative operators is the same; `-` and the comparisons are only
    // taken with a set-like right operand, which a reflected call (from a
    // type that declined) cannot have.
    let set_like = rt.downcast::<super::set::Set>(item).is_some() || is_set_like_view(rt, item);
    match op {
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => {}
        BinaryOp::Subtract
        | BinaryOp::Less
        | BinaryOp::LessEqual
        | BinaryOp::More
        | BinaryOp::MoreEqual
            if set_like => {}
        _ => return Ok(None),
    }
    let a = super::set::set_of(rt, v)?;
    let b = if rt.downcast::<super::set::Set>(item).is_some() {
        item
    } else {
        super::set::set_of(rt, item)?
    };
    rt.binary_op(op, a, b).map(Some)
}

/// Whether `v` is a `keys()` or `items()` view, which compare and combine
/// as sets.
pub fn is_set_like_view(rt: &Rt, v: Value) -> bool {
    core::ptr::eq(rt.type_of(v), &DICT_VIEW_TYPE)
        && view_of(rt, v).is_ok_and(|view| view.kind != ViewKind::Values)
}

/// `==` between a set-like dict view and a set or another such view:
/// `None` when neither side is such a view.
pub fn view_equal(rt: &Rt, a: Value, b: Value) -> PyResult<Option<bool>> {
    let (va, vb) = (is_set_like_view(rt, a), is_set_like_view(rt, b));
    if !va && !vb {
        return Ok(None);
    }
    let is_set = |x: Value| {
        core::ptr::eq(rt.type_of(x).native, &super::set::SET_TYPE)
            || core::ptr::eq(rt.type_of(x).native, &super::set::FROZENSET_TYPE)
    };
    if !(va || is_set(a)) || !(vb || is_set(b)) {
        return Ok(Some(false));
    }
    let a = if va { super::set::set_of(rt, a)? } else { a };
    let b = if vb { super::set::set_of(rt, b)? } else { b };
    rt.equal(a, b).map(Some)
}

static DICT_VIEW_SLOTS: Slots = Slots {
    print: Some(view_print),
    unary_op: Some(view_unary),
    binary_op: Some(view_binary),
    iter: Some(view_iter),
    ..Slots::EMPTY
};

static DICT_ITER_SLOTS: Slots = Slots {
    iternext: Some(view_next),
    ..Slots::EMPTY
};

/// The type of `d.keys()`, `d.values()` and `d.items()`.
pub static DICT_VIEW_TYPE: Type = super::builtin_type(
    q::dict_view,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &DICT_VIEW_TYPE,
    &DICT_VIEW_SLOTS,
    &[],
);

/// The type of dict iterators: its own native type (with the views'
/// layout), so that its `__next__` is found.
pub static DICT_ITER_TYPE: Type = super::builtin_type(
    q::iterator,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &DICT_ITER_TYPE,
    &DICT_ITER_SLOTS,
    &[],
);

fn dict_print(rt: &Rt, d: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let dict = this(rt, d)?;
    out.put(b"{")?;
    let mut first = true;
    let mut i = 0;
    while i < dict.map.slots() {
        if let Some((k, v)) = dict.map.entry_at(i) {
            if !first {
                out.put(b", ")?;
            }
            first = false;
            rt.print(k, out, PrintKind::Repr)?;
            out.put(b": ")?;
            if v == d {
                out.put(b"{...}")?;
            } else {
                rt.print(v, out, PrintKind::Repr)?;
            }
        }
        i += 1;
    }
    out.put(b"}")
}

fn dict_unary(rt: &Rt, op: UnaryOp, d: Value) -> PyResult<Option<Value>> {
    let len = this(rt, d)?.map.len();
    Ok(super::len_unary(op, len))
}

fn dict_binary(rt: &Rt, op: BinaryOp, d: Value, other: Value) -> PyResult<Option<Value>> {
    let dict = this(rt, d)?;
    match op {
        BinaryOp::Contains => Ok(Some(Value::bool(dict.map.get(rt, other)?.is_some()))),
        BinaryOp::Or => {
            if rt.downcast::<Dict>(other).is_none() {
                return Ok(None);
            }
            let merged = dict_copy(rt, d)?;
            update_from(rt, this(rt, merged)?, other)?;
            Ok(Some(merged))
        }
        BinaryOp::InplaceOr => {
            update_from(rt, dict, other)?;
            Ok(Some(d))
        }
        _ => Ok(None),
    }
}

fn dict_subscr(rt: &Rt, d: Value, key: Value, op: SubscrOp) -> PyResult {
    let dict = this(rt, d)?;
    match op {
        SubscrOp::Load => dict.map.get(rt, key)?.ok_or_else(|| key_error(rt, key)),
        SubscrOp::Store(v) => {
            dict.map.insert(rt, key, v)?;
            Ok(Value::NONE)
        }
        SubscrOp::Delete => {
            dict.map
                .remove(rt, key)?
                .ok_or_else(|| key_error(rt, key))?;
            Ok(Value::NONE)
        }
    }
}

fn dict_iter(rt: &Rt, d: Value) -> PyResult {
    new_view(rt, &DICT_ITER_TYPE, d, ViewKind::Keys)
}

static DICT_SLOTS: Slots = Slots {
    make_new: Some(dict_make_new),
    print: Some(dict_print),
    unary_op: Some(dict_unary),
    binary_op: Some(dict_binary),
    subscr: Some(dict_subscr),
    iter: Some(dict_iter),
    ..Slots::EMPTY
};

static DICT_METHODS: [(Qstr, Value); 11] = [
    rom_method!(clear, NativeFn::F1(dict_clear)),
    rom_method!(copy, NativeFn::F1(dict_copy)),
    rom_method!(
        get,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: dict_get
        }
    ),
    rom_method!(items, NativeFn::F1(dict_items)),
    rom_method!(keys, NativeFn::F1(dict_keys)),
    rom_method!(
        pop,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: dict_pop
        }
    ),
    rom_method!(popitem, NativeFn::F1(dict_popitem)),
    rom_method!(
        setdefault,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: dict_setdefault
        }
    ),
    rom_method!(
        update,
        NativeFn::Kw {
            min: 1,
            f: dict_update
        }
    ),
    rom_method!(values, NativeFn::F1(dict_values)),
    (q::fromkeys, Value::from_static(&DICT_FROMKEYS)),
];

/// `dict.fromkeys(iterable, value=None)`, a class method: `args[0]` is the
/// class.
fn dict_fromkeys(rt: &Rt, args: &[Value]) -> PyResult {
    let value = args.get(2).copied().unwrap_or(Value::NONE);
    let cls = args[0];
    let d = match rt.downcast::<Type>(cls) {
        Some(t) if core::ptr::eq(t, &DICT_TYPE) => new_dict(rt)?,
        _ => rt.call_positional(cls, &[])?,
    };
    let it = rt.get_iter(args[1])?;
    while let Some(k) = rt.iter_next(it)? {
        match rt.downcast::<Dict>(d) {
            Some(dict) if core::ptr::eq(rt.type_of(d), &DICT_TYPE) => {
                dict.map.insert(rt, k, value)?;
            }
            _ => {
                rt.subscr(d, k, SubscrOp::Store(value))?;
            }
        }
    }
    Ok(d)
}

static DICT_FROMKEYS_FN: super::function::BuiltinFn = super::function::BuiltinFn::method(
    q::fromkeys,
    NativeFn::Var {
        min: 2,
        max: 3,
        f: dict_fromkeys,
    },
);

static DICT_FROMKEYS: super::descriptor::MethodWrapper =
    super::descriptor::MethodWrapper::static_classmethod(&DICT_FROMKEYS_FN);
const _: () = assert!(
    methods_sorted(&DICT_METHODS),
    "DICT_METHODS must be sorted by qstr"
);

/// `dict`.
pub static DICT_TYPE: Type = super::builtin_type(
    q::dict,
    TypeFlags::BASETYPE.union(TypeFlags::UNHASHABLE),
    b'D',
    &DICT_TYPE,
    &DICT_SLOTS,
    &DICT_METHODS,
);
