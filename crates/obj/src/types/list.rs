//! `list`: a growable array of values.
//!
//! Four words (one block on the boards) plus an item array allocated on the
//! first append, so an empty list costs 16 bytes where MicroPython's costs 32.

use core::cell::Cell;
use core::ptr::NonNull;

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
use crate::value::Value;

use super::function::NativeFn;

/// A list.
#[repr(C)]
pub struct List {
    header: ObjHeader,
    len: Cell<usize>,
    cap: Cell<usize>,
    items: Cell<*mut Value>,
}

// SAFETY: `#[repr(C)]` with the header first; `LIST_TYPE` owns the layout.
unsafe impl Object for List {
    const TYPE: &'static Type = &LIST_TYPE;
}

impl List {
    /// Number of items.
    pub fn len(&self) -> usize {
        self.len.get()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    /// Item `i`, if in range. Lists change under Python code, so callers
    /// index afresh after every call that may run it (never hold a slice).
    pub fn get(&self, i: usize) -> Option<Value> {
        if i < self.len.get() {
            // SAFETY: `i < len <= cap`, and `items` holds `cap` values.
            Some(unsafe { *self.items.get().add(i) })
        } else {
            None
        }
    }

    /// Replaces item `i`; `false` if out of range.
    pub fn set(&self, i: usize, v: Value) -> bool {
        if i < self.len.get() {
            // SAFETY: as in `get`.
            unsafe { *self.items.get().add(i) = v };
            true
        } else {
            false
        }
    }

    fn reserve(&self, rt: &Rt, extra: usize) -> PyResult<()> {
        let need = self
            .len
            .get()
            .checked_add(extra)
            .ok_or_else(|| rt.memory_error())?;
        if need <= self.cap.get() {
            return Ok(());
        }
        let cap = need.max(self.cap.get() + self.cap.get() / 2).max(4);
        let bytes = cap
            .checked_mul(size_of::<Value>())
            .ok_or_else(|| rt.memory_error())?;
        let items = match NonNull::new(self.items.get()) {
            Some(old) => rt.realloc(old.cast(), bytes, true)?,
            None => rt.alloc(bytes, AllocFlags::NONE)?,
        };
        self.items.set(items.cast().as_ptr());
        self.cap.set(
            rt.heap()
                .alloc_size(items.as_ptr())
                .map_or(cap, |n| n / size_of::<Value>()),
        );
        Ok(())
    }

    /// Appends an item.
    pub fn push(&self, rt: &Rt, v: Value) -> PyResult<()> {
        self.reserve(rt, 1)?;
        let len = self.len.get();
        // SAFETY: `len < cap` after `reserve`.
        unsafe { *self.items.get().add(len) = v };
        self.len.set(len + 1);
        Ok(())
    }

    /// Inserts an item before index `at` (clamped to the length).
    pub fn insert(&self, rt: &Rt, at: usize, v: Value) -> PyResult<()> {
        self.reserve(rt, 1)?;
        let len = self.len.get();
        let at = at.min(len);
        // SAFETY: `len < cap`; the moved range stays inside the array.
        unsafe {
            let p = self.items.get();
            core::ptr::copy(p.add(at), p.add(at + 1), len - at);
            *p.add(at) = v;
        }
        self.len.set(len + 1);
        Ok(())
    }

    /// Removes and returns item `at`.
    pub fn remove_at(&self, at: usize) -> Option<Value> {
        let len = self.len.get();
        let v = self.get(at)?;
        // SAFETY: `at < len`; the moved range stays inside the array.
        unsafe {
            let p = self.items.get();
            core::ptr::copy(p.add(at + 1), p.add(at), len - at - 1);
            *p.add(len - 1) = Value::NULL;
        }
        self.len.set(len - 1);
        Some(v)
    }
}

/// Makes a list of `items`.
pub fn new_list(rt: &Rt, items: &[Value]) -> PyResult {
    let obj = rt
        .alloc(size_of::<List>(), AllocFlags::NONE)?
        .cast::<List>();
    // SAFETY: fresh allocation of the right size.
    let list = unsafe {
        obj.as_ptr().write(List {
            header: ObjHeader::new(&LIST_TYPE),
            len: Cell::new(0),
            cap: Cell::new(0),
            items: Cell::new(core::ptr::null_mut()),
        });
        obj.as_ref()
    };
    list.reserve(rt, items.len())?;
    for &item in items {
        list.push(rt, item)?;
    }
    // SAFETY: `obj` is a live object starting with its header.
    Ok(unsafe { Value::from_object(obj.cast()) })
}

fn this(rt: &Rt, v: Value) -> PyResult<&List> {
    rt.downcast::<List>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 'list' object")))
}

/// Resolves a Python index (negative counts from the end) against `len`.
pub fn resolve_index(rt: &Rt, index: Value, len: usize, what: &str) -> PyResult<usize> {
    // A big int is out of range (IndexError), not of the wrong type.
    let Some(i) = super::slice::bound(rt, index).ok().flatten() else {
        return Err(rt.type_error(format_args!(
            "{what} indices must be integers, not {}",
            crate::types::str::type_name(rt, index)
        )));
    };
    let resolved = if i < 0 { i + len as i64 } else { i };
    if resolved < 0 || resolved >= len as i64 {
        return Err(rt.error(
            &super::exc::INDEX_ERROR,
            format_args!("{what} index out of range"),
        ));
    }
    Ok(resolved as usize)
}

/// Appends every item of an iterable.
pub fn extend_from(rt: &Rt, list: &List, iterable: Value) -> PyResult<()> {
    if let Some(other) = rt.downcast_exact::<List>(iterable) {
        // Copy by index so `l.extend(l)` sees the original length.
        let n = other.len();
        list.reserve(rt, n)?;
        for i in 0..n {
            if let Some(v) = other.get(i) {
                list.push(rt, v)?;
            }
        }
        return Ok(());
    }
    let iter = rt.get_iter(iterable)?;
    while let Some(v) = rt.iter_next(iter)? {
        list.push(rt, v)?;
    }
    Ok(())
}

fn list_append(rt: &Rt, l: Value, v: Value) -> PyResult {
    this(rt, l)?.push(rt, v)?;
    Ok(Value::NONE)
}

fn list_extend(rt: &Rt, l: Value, iterable: Value) -> PyResult {
    extend_from(rt, this(rt, l)?, iterable)?;
    Ok(Value::NONE)
}

fn list_insert(rt: &Rt, l: Value, at: Value, v: Value) -> PyResult {
    let list = this(rt, l)?;
    let Some(i) = super::slice::bound(rt, at).ok().flatten() else {
        return Err(rt.type_error(format_args!("list indices must be integers")));
    };
    let len = list.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
    list.insert(rt, at as usize, v)?;
    Ok(Value::NONE)
}

fn list_pop(rt: &Rt, args: &[Value]) -> PyResult {
    let list = this(rt, args[0])?;
    if list.is_empty() {
        return Err(rt.error(
            &super::exc::INDEX_ERROR,
            format_args!("pop from empty list"),
        ));
    }
    let at = match args.get(1) {
        Some(&i) => resolve_index(rt, i, list.len(), "pop")?,
        None => list.len() - 1,
    };
    Ok(list.remove_at(at).unwrap_or(Value::NONE))
}

fn find(rt: &Rt, list: &List, v: Value) -> PyResult<Option<usize>> {
    let mut i = 0;
    while let Some(item) = list.get(i) {
        if item == v || rt.equal(item, v)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

fn list_remove(rt: &Rt, l: Value, v: Value) -> PyResult {
    let list = this(rt, l)?;
    match find(rt, list, v)? {
        Some(i) => {
            list.remove_at(i);
            Ok(Value::NONE)
        }
        None => Err(rt.value_error(format_args!("list.remove(x): x not in list"))),
    }
}

/// `index(x[, start[, stop]])`.
fn list_index(rt: &Rt, args: &[Value]) -> PyResult {
    let list = this(rt, args[0])?;
    // `__eq__` may change the list: fetch by index, bounded by its length.
    match super::tuple::index_of(rt, args, list.len(), &|i| list.get(i))? {
        Some(i) => Ok(i),
        None => Err(rt.value_error(format_args!("object not in list"))),
    }
}

fn list_count(rt: &Rt, l: Value, v: Value) -> PyResult {
    let list = this(rt, l)?;
    super::tuple::count_items(rt, &|i| list.get(i), v)
}

fn list_clear(rt: &Rt, l: Value) -> PyResult {
    let list = this(rt, l)?;
    if let Some(items) = NonNull::new(list.items.get()) {
        rt.heap().free(items.cast());
    }
    list.items.set(core::ptr::null_mut());
    list.len.set(0);
    list.cap.set(0);
    Ok(Value::NONE)
}

fn list_copy(rt: &Rt, l: Value) -> PyResult {
    this(rt, l)?;
    let copy = new_list(rt, &[])?;
    extend_from(rt, this(rt, copy)?, l)?;
    Ok(copy)
}

fn list_reverse(rt: &Rt, l: Value) -> PyResult {
    let list = this(rt, l)?;
    let n = list.len();
    for i in 0..n / 2 {
        let (a, b) = (list.get(i), list.get(n - 1 - i));
        if let (Some(a), Some(b)) = (a, b) {
            list.set(i, b);
            list.set(n - 1 - i, a);
        }
    }
    Ok(Value::NONE)
}

fn list_sort(rt: &Rt, args: Args<'_>) -> PyResult {
    let list = this(rt, args.pos[0])?;
    if args.pos.len() > 1 {
        return Err(rt.type_error(format_args!("sort() takes no positional arguments")));
    }
    let mut key = Value::NONE;
    let mut reverse = false;
    for (name, value) in args.kw_pairs() {
        match name.as_qstr() {
            Some(q::key) => key = value,
            Some(q::reverse) => reverse = rt.truthy(value)?,
            _ => {
                return Err(
                    rt.type_error(format_args!("sort() got an unexpected keyword argument"))
                );
            }
        }
    }
    super::sort::sort_list(rt, list, key, reverse)?;
    Ok(Value::NONE)
}

fn list_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() || args.pos.len() > 1 {
        return Err(rt.type_error(format_args!("list() takes at most 1 argument")));
    }
    let list = new_list(rt, &[])?;
    if let Some(&iterable) = args.pos.first() {
        extend_from(rt, this(rt, list)?, iterable)?;
    }
    Ok(list)
}

fn list_print(rt: &Rt, v: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let list = this(rt, v)?;
    out.put(b"[")?;
    let mut i = 0;
    while let Some(item) = list.get(i) {
        if i > 0 {
            out.put(b", ")?;
        }
        if item == v {
            out.put(b"[...]")?;
        } else {
            rt.print(item, out, PrintKind::Repr)?;
        }
        i += 1;
    }
    out.put(b"]")
}

fn list_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    Ok(super::len_unary(op, this(rt, v)?.len()))
}

fn list_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let list = this(rt, a)?;
    match op {
        BinaryOp::Add => {
            let Some(other) = rt.downcast::<List>(b) else {
                return Ok(None);
            };
            let result = new_list(rt, &[])?;
            let r = this(rt, result)?;
            r.reserve(rt, list.len() + other.len())?;
            extend_from(rt, r, a)?;
            extend_from(rt, r, b)?;
            Ok(Some(result))
        }
        BinaryOp::InplaceAdd => {
            extend_from(rt, list, b)?;
            Ok(Some(a))
        }
        BinaryOp::Multiply | BinaryOp::InplaceMultiply => {
            let Some(n) = super::tuple::repeat_count(b) else {
                return super::num::no_repeat_count(rt, b);
            };
            let n = n.max(0) as usize;
            let len = list.len();
            let result = if op == BinaryOp::InplaceMultiply {
                a
            } else {
                list_copy(rt, a)?
            };
            let r = this(rt, result)?;
            if n == 0 {
                list_clear(rt, result)?;
                return Ok(Some(result));
            }
            if len == 0 {
                // Nothing to copy, however large the count.
                return Ok(Some(result));
            }
            r.reserve(rt, len.checked_mul(n - 1).ok_or_else(|| rt.memory_error())?)?;
            for _ in 1..n {
                for i in 0..len {
                    if let Some(v) = r.get(i) {
                        r.push(rt, v)?;
                    }
                }
            }
            Ok(Some(result))
        }
        BinaryOp::Contains => Ok(Some(Value::bool(find(rt, list, b)?.is_some()))),
        BinaryOp::Less | BinaryOp::LessEqual | BinaryOp::More | BinaryOp::MoreEqual => {
            let Some(other) = rt.downcast::<List>(b) else {
                return Ok(None);
            };
            super::sort::compare_sequences(rt, op, |i| list.get(i), |i| other.get(i)).map(Some)
        }
        _ => Ok(None),
    }
}

fn list_subscr(rt: &Rt, l: Value, index: Value, op: SubscrOp) -> PyResult {
    let list = this(rt, l)?;
    if let Some(s) = rt.downcast::<super::slice::Slice>(index) {
        let r = s.indices(rt, list.len())?;
        return list_slice(rt, list, r, op);
    }
    let i = resolve_index(rt, index, list.len(), "list")?;
    match op {
        SubscrOp::Load => Ok(list.get(i).unwrap_or(Value::NONE)),
        SubscrOp::Store(v) => {
            list.set(i, v);
            Ok(Value::NONE)
        }
        SubscrOp::Delete => {
            list.remove_at(i);
            Ok(Value::NONE)
        }
    }
}

/// Whether index `i` is one of the slice's.
fn in_slice(r: &super::slice::SliceIndices, i: usize) -> bool {
    let offset = i as i64 - r.start;
    let k = offset / r.step;
    offset % r.step == 0 && k >= 0 && (k as usize) < r.len
}

/// `l[a:b:c]`, `l[a:b:c] = it`, `del l[a:b:c]`.
fn list_slice(rt: &Rt, list: &List, r: super::slice::SliceIndices, op: SubscrOp) -> PyResult {
    match op {
        SubscrOp::Load => {
            let out = new_list(rt, &[])?;
            let o = this(rt, out)?;
            o.reserve(rt, r.len)?;
            for k in 0..r.len {
                if let Some(v) = list.get(r.index(k)) {
                    o.push(rt, v)?;
                }
            }
            Ok(out)
        }
        SubscrOp::Delete => {
            // Compact in place, keeping the items outside the slice.
            let len = list.len();
            let mut kept = 0;
            for i in 0..len {
                if r.len > 0 && in_slice(&r, i) {
                    continue;
                }
                if let Some(v) = list.get(i) {
                    list.set(kept, v);
                }
                kept += 1;
            }
            for i in kept..len {
                list.set(i, Value::NULL);
            }
            list.len.set(kept);
            Ok(Value::NONE)
        }
        SubscrOp::Store(value) => {
            // Materialise first, so `l[:] = l` and generators reading `l` see
            // the list as it was.
            let new = new_list(rt, &[])?;
            let items = this(rt, new)?;
            extend_from(rt, items, value)?;
            if r.step != 1 {
                if items.len() != r.len {
                    return Err(rt.value_error(format_args!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        items.len(),
                        r.len
                    )));
                }
                for k in 0..r.len {
                    list.set(r.index(k), items.get(k).unwrap_or(Value::NONE));
                }
                return Ok(Value::NONE);
            }
            // Contiguous: replace `r.len` items at `start` by the new ones.
            let len = list.len();
            let start = (r.start.max(0) as usize).min(len);
            let removed = r.len.min(len - start);
            let added = items.len();
            if added > removed {
                list.reserve(rt, added - removed)?;
            }
            let tail = len - start - removed;
            // SAFETY: after `reserve`, the array holds `len - removed + added`
            // values; the moved tail stays inside it.
            unsafe {
                let p = list.items.get();
                core::ptr::copy(p.add(start + removed), p.add(start + added), tail);
            }
            let new_len = len - removed + added;
            for i in new_len..len {
                list.set(i, Value::NULL);
            }
            list.len.set(new_len);
            for k in 0..added {
                list.set(start + k, items.get(k).unwrap_or(Value::NONE));
            }
            Ok(Value::NONE)
        }
    }
}

fn list_iter(rt: &Rt, l: Value) -> PyResult {
    super::iter::new_index_iter(rt, l, |rt, seq, i| {
        rt.downcast::<List>(seq).and_then(|l| l.get(i))
    })
}

static LIST_SLOTS: Slots = Slots {
    make_new: Some(list_make_new),
    print: Some(list_print),
    unary_op: Some(list_unary),
    binary_op: Some(list_binary),
    subscr: Some(list_subscr),
    iter: Some(list_iter),
    ..Slots::EMPTY
};

static LIST_METHODS: [(Qstr, Value); 11] = [
    rom_method!(append, NativeFn::F2(list_append)),
    rom_method!(clear, NativeFn::F1(list_clear)),
    rom_method!(copy, NativeFn::F1(list_copy)),
    rom_method!(count, NativeFn::F2(list_count)),
    rom_method!(extend, NativeFn::F2(list_extend)),
    rom_method!(
        index,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: list_index
        }
    ),
    rom_method!(insert, NativeFn::F3(list_insert)),
    rom_method!(
        pop,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: list_pop
        }
    ),
    rom_method!(remove, NativeFn::F2(list_remove)),
    rom_method!(reverse, NativeFn::F1(list_reverse)),
    rom_method!(
        sort,
        NativeFn::Kw {
            min: 1,
            f: list_sort
        }
    ),
];
const _: () = assert!(
    methods_sorted(&LIST_METHODS),
    "LIST_METHODS must be sorted by qstr"
);

/// `list`.
pub static LIST_TYPE: Type = super::builtin_type(
    q::list,
    TypeFlags::BASETYPE.union(TypeFlags::UNHASHABLE),
    b'L',
    &LIST_TYPE,
    &LIST_SLOTS,
    &LIST_METHODS,
);
