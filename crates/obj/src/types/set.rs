//! `set` and `frozenset`: a header and a [`Map`] whose keys are the
//! elements.
//!
//! Storage reuses the dict's insertion-ordered map, so sets iterate and
//! print in insertion order (CPython's order is by hash; programs that need
//! a fixed order sort). Every entry stores `Value::NONE` as its value. That
//! costs one word per entry over a keys-only table: on the boards a table
//! is `1 + 2 * cap` words (plus the index past 8 entries), so a 4-element
//! set takes 16 (object) + 48 (table, 3 blocks) bytes where a keys-only
//! table would take 32. The price buys one map implementation for dicts,
//! attributes and sets, with the same linear fast path for small sets and
//! no extra branch in the dict's hot loops. `None` is an immediate, so the
//! collector never follows the value words.
//!
//! The object is four words (one block on the boards), as a dict. `set` and
//! `frozenset` share the layout: `frozenset`'s native type is `set`, so
//! [`Rt::downcast::<Set>`](Rt::downcast) accepts both, and mutation checks
//! the type.

use core::cell::Cell;

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::{Exc, PyResult};
use crate::map::Map;
use crate::object::{ObjHeader, Object, PrintKind, Slots, Type, TypeFlags, methods_sorted};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

use super::function::{BuiltinFn, NativeFn};
use super::list::List;
use super::str::shared;
use super::tuple::Tuple;

/// A set or frozenset.
#[repr(C)]
pub struct Set {
    header: ObjHeader,
    map: Map,
}

// SAFETY: `#[repr(C)]` with the header first; `SET_TYPE` owns the layout
// (and is `FROZENSET_TYPE`'s native type).
unsafe impl Object for Set {
    const TYPE: &'static Type = &SET_TYPE;
}

#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<Set>() == 16, "a set is one 16-byte block");

impl Set {
    /// The elements, as the keys of a map (every value is `None`).
    pub fn map(&self) -> &Map {
        &self.map
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// `key in self` (`key` must be hashable).
    pub fn contains(&self, rt: &Rt, key: Value) -> PyResult<bool> {
        Ok(self.map.get(rt, key)?.is_some())
    }

    /// Adds an element (an equal element already present is kept).
    pub fn add(&self, rt: &Rt, key: Value) -> PyResult<()> {
        self.map.insert(rt, key, Value::NONE)?;
        Ok(())
    }

    /// The element in map slot `i`, if live.
    fn item(&self, i: usize) -> Option<Value> {
        self.map.entry_at(i).map(|(k, _)| k)
    }
}

/// Whether `v`'s type is `frozenset` or derives from it.
fn is_frozen(rt: &Rt, v: Value) -> bool {
    let ty = rt.type_of(v);
    core::ptr::eq(ty, &FROZENSET_TYPE) || ty.is_subtype_of(&FROZENSET_TYPE)
}

/// The built-in type of results computed from `v` (`set` or `frozenset`,
/// also for instances of subclasses, as in CPython).
fn result_type(rt: &Rt, v: Value) -> &'static Type {
    if is_frozen(rt, v) {
        &FROZENSET_TYPE
    } else {
        &SET_TYPE
    }
}

fn alloc_set(rt: &Rt, ty: &'static Type) -> PyResult {
    let obj = rt.alloc(size_of::<Set>(), AllocFlags::NONE)?.cast::<Set>();
    // SAFETY: a fresh allocation of the right size; the value points to the
    // object's start, which begins with its header.
    unsafe {
        obj.as_ptr().write(Set {
            header: ObjHeader::new(ty),
            map: Map::new(),
        });
        Ok(Value::from_object(obj.cast()))
    }
}

/// Makes a `set` of `items` (the VM's `BUILD_SET`).
pub fn new_set(rt: &Rt, items: &[Value]) -> PyResult {
    let v = alloc_set(rt, &SET_TYPE)?;
    let s = this(rt, v)?;
    for &item in items {
        s.add(rt, item)?;
    }
    Ok(v)
}

/// Makes a `frozenset` of `items`.
pub fn new_frozenset(rt: &Rt, items: &[Value]) -> PyResult {
    let v = alloc_set(rt, &FROZENSET_TYPE)?;
    let s = this(rt, v)?;
    for &item in items {
        s.add(rt, item)?;
    }
    Ok(v)
}

/// `set.add(item)` on a value made by [`new_set`] (the VM's set
/// comprehensions).
pub fn set_add(rt: &Rt, set: Value, item: Value) -> PyResult<()> {
    this_mut(rt, set, "add")?.add(rt, item)
}

fn this(rt: &Rt, v: Value) -> PyResult<&Set> {
    rt.downcast::<Set>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 'set' object")))
}

fn this_mut<'a>(rt: &'a Rt, v: Value, method: &str) -> PyResult<&'a Set> {
    let s = this(rt, v)?;
    if is_frozen(rt, v) {
        return Err(rt.type_error(format_args!(
            "descriptor '{method}' for 'set' objects doesn't apply to a 'frozenset' object"
        )));
    }
    Ok(s)
}

fn key_error(rt: &Rt, key: Value) -> Exc {
    match super::exc::new_exception(rt, &super::exc::KEY_ERROR, &[key]) {
        Ok(e) => Exc(e),
        Err(e) => e,
    }
}

/// The key to look `v` up by: a mutable set is looked up as the frozenset
/// of its elements (`{1} in {frozenset({1})}`), as CPython does.
fn lookup_key(rt: &Rt, v: Value) -> PyResult {
    if rt.downcast::<Set>(v).is_some() && !is_frozen(rt, v) {
        let f = alloc_set(rt, &FROZENSET_TYPE)?;
        add_all(rt, this(rt, f)?, v)?;
        return Ok(f);
    }
    Ok(v)
}

/// Adds every element of an iterable. Items are fetched by index or slot,
/// so Python code run by `__eq__`/`__hash__` cannot invalidate anything.
fn add_all(rt: &Rt, dst: &Set, iterable: Value) -> PyResult<()> {
    if let Some(src) = rt.downcast::<Set>(iterable) {
        let mut i = 0;
        while i < src.map.slots() {
            if let Some(k) = src.item(i) {
                dst.add(rt, k)?;
            }
            i += 1;
        }
        return Ok(());
    }
    if let Some(t) = rt.downcast_exact::<Tuple>(iterable) {
        // A tuple never changes; the slice stays valid.
        for &item in t.items() {
            dst.add(rt, item)?;
        }
        return Ok(());
    }
    if let Some(l) = rt.downcast_exact::<List>(iterable) {
        let mut i = 0;
        while let Some(item) = l.get(i) {
            dst.add(rt, item)?;
            i += 1;
        }
        return Ok(());
    }
    let it = rt.get_iter(iterable)?;
    while let Some(x) = rt.iter_next(it)? {
        dst.add(rt, x)?;
    }
    Ok(())
}

/// `other` as a set: itself when it is one, else a new set of its elements.
fn as_set(rt: &Rt, other: Value) -> PyResult<(Value, &Set)> {
    if let Some(s) = rt.downcast::<Set>(other) {
        return Ok((other, s));
    }
    let v = alloc_set(rt, &SET_TYPE)?;
    let s = this(rt, v)?;
    add_all(rt, s, other)?;
    Ok((v, s))
}

/// A new `set` of the elements of an iterable.
pub fn set_of(rt: &Rt, iterable: Value) -> PyResult {
    copy_as(rt, iterable, &SET_TYPE)
}

/// A new set of type `ty` with `src`'s elements.
fn copy_as(rt: &Rt, src: Value, ty: &'static Type) -> PyResult {
    let v = alloc_set(rt, ty)?;
    add_all(rt, this(rt, v)?, src)?;
    Ok(v)
}

/// Whether every element of `a` is in `b`.
fn is_subset(rt: &Rt, a: &Set, b: &Set) -> PyResult<bool> {
    if a.len() > b.len() {
        return Ok(false);
    }
    let mut i = 0;
    while i < a.map.slots() {
        if let Some(k) = a.item(i)
            && !b.contains(rt, k)?
        {
            return Ok(false);
        }
        i += 1;
    }
    Ok(true)
}

/// `a & other` as a new set of type `ty`.
fn intersect(rt: &Rt, a: Value, other: Value, ty: &'static Type) -> PyResult {
    let result = alloc_set(rt, ty)?;
    let r = this(rt, result)?;
    let sa = this(rt, a)?;
    if let Some(sb) = rt.downcast::<Set>(other) {
        // Walk the smaller set, probe the larger.
        let (small, large) = if sb.len() < sa.len() {
            (sb, sa)
        } else {
            (sa, sb)
        };
        let mut i = 0;
        while i < small.map.slots() {
            if let Some(k) = small.item(i)
                && large.contains(rt, k)?
            {
                r.add(rt, k)?;
            }
            i += 1;
        }
        return Ok(result);
    }
    let it = rt.get_iter(other)?;
    while let Some(x) = rt.iter_next(it)? {
        if sa.contains(rt, x)? {
            r.add(rt, x)?;
        }
    }
    Ok(result)
}

/// Removes from `dst` every element of `other`.
fn remove_all(rt: &Rt, dst: Value, other: Value) -> PyResult<()> {
    let d = this(rt, dst)?;
    if dst == other {
        d.map.clear(rt);
        return Ok(());
    }
    if let Some(o) = rt.downcast::<Set>(other) {
        if o.len() > d.len() {
            // Fewer probes: walk `dst` and drop what `other` holds.
            return retain(rt, d, o, false);
        }
        let mut i = 0;
        while i < o.map.slots() {
            if let Some(k) = o.item(i) {
                d.map.remove(rt, k)?;
            }
            i += 1;
        }
        return Ok(());
    }
    let it = rt.get_iter(other)?;
    while let Some(x) = rt.iter_next(it)? {
        d.map.remove(rt, x)?;
    }
    Ok(())
}

/// Keeps only the elements that `other` holds (`in_other`) or does not
/// hold. Removal leaves a deleted slot in place (no compaction), so walking
/// slots stays valid.
fn retain(rt: &Rt, s: &Set, other: &Set, in_other: bool) -> PyResult<()> {
    let mut i = 0;
    while i < s.map.slots() {
        if let Some(k) = s.item(i)
            && other.contains(rt, k)? != in_other
        {
            s.map.remove(rt, k)?;
        }
        i += 1;
    }
    Ok(())
}

/// `dst ^= other` in place.
fn symmetric_update(rt: &Rt, dst: Value, other: Value) -> PyResult<()> {
    let d = this(rt, dst)?;
    if dst == other {
        d.map.clear(rt);
        return Ok(());
    }
    // Duplicates in a non-set iterable must toggle once: make it a set.
    let (_keep, o) = as_set(rt, other)?;
    let mut i = 0;
    while i < o.map.slots() {
        if let Some(k) = o.item(i)
            && d.map.remove(rt, k)?.is_none()
        {
            d.add(rt, k)?;
        }
        i += 1;
    }
    Ok(())
}

/// `hash(frozenset)`: independent of order (a wrapping sum of mixed element
/// hashes), or `TypeError` for a mutable set; `None` for non-sets.
pub(crate) fn hash(rt: &Rt, v: Value) -> Option<PyResult<u32>> {
    let s = rt.downcast::<Set>(v)?;
    if !is_frozen(rt, v) {
        return Some(Err(rt.type_error(format_args!(
            "unhashable type: '{}'",
            crate::types::str::type_name(rt, v)
        ))));
    }
    // A finaliser-style avalanche, so that similar element hashes (small
    // ints hash to themselves) do not cancel out in the sum.
    fn mix(mut h: u32) -> u32 {
        h ^= h >> 16;
        h = h.wrapping_mul(0x7feb_352d);
        h ^= h >> 15;
        h = h.wrapping_mul(0x846c_a68b);
        h ^ (h >> 16)
    }
    // Nesting is bounded (see `Rt::nested`): frozensets of frozensets.
    let acc = rt.nested(|| {
        let mut acc: u32 = 0;
        let mut i = 0;
        while i < s.map.slots() {
            if let Some(k) = s.item(i) {
                acc = acc.wrapping_add(mix(rt.hash(k)?));
            }
            i += 1;
        }
        Ok(acc)
    });
    Some(acc.map(|acc| mix(acc ^ (s.len() as u32).wrapping_mul(0x9e37_79b9))))
}

/// `a == b` when both are sets or frozensets (in any mix); `None`
/// otherwise.
pub(crate) fn equal(rt: &Rt, a: Value, b: Value) -> Option<PyResult<bool>> {
    let x = rt.downcast::<Set>(a)?;
    let y = rt.downcast::<Set>(b)?;
    Some(if x.len() != y.len() {
        Ok(false)
    } else {
        is_subset(rt, x, y)
    })
}

// ----- methods --------------------------------------------------------------

fn set_add_method(rt: &Rt, s: Value, item: Value) -> PyResult {
    this_mut(rt, s, "add")?.add(rt, item)?;
    Ok(Value::NONE)
}

fn set_remove(rt: &Rt, s: Value, item: Value) -> PyResult {
    let set = this_mut(rt, s, "remove")?;
    let key = lookup_key(rt, item)?;
    match set.map.remove(rt, key)? {
        Some(_) => Ok(Value::NONE),
        None => Err(key_error(rt, item)),
    }
}

fn set_discard(rt: &Rt, s: Value, item: Value) -> PyResult {
    let set = this_mut(rt, s, "discard")?;
    let key = lookup_key(rt, item)?;
    set.map.remove(rt, key)?;
    Ok(Value::NONE)
}

fn set_pop(rt: &Rt, s: Value) -> PyResult {
    let set = this_mut(rt, s, "pop")?;
    // The oldest element. Deleted slots ahead of it are skipped until the
    // next insertion that resizes the table compacts them.
    let first = (0..set.map.slots()).find_map(|i| set.item(i));
    let Some(k) = first else {
        return Err(rt.error(
            &super::exc::KEY_ERROR,
            format_args!("pop from an empty set"),
        ));
    };
    set.map.remove(rt, k)?;
    Ok(k)
}

fn set_clear(rt: &Rt, s: Value) -> PyResult {
    this_mut(rt, s, "clear")?.map.clear(rt);
    Ok(Value::NONE)
}

fn set_copy(rt: &Rt, s: Value) -> PyResult {
    this(rt, s)?;
    if core::ptr::eq(rt.type_of(s), &FROZENSET_TYPE) {
        // Immutable: the copy is the object itself.
        return Ok(s);
    }
    copy_as(rt, s, result_type(rt, s))
}

fn set_update(rt: &Rt, args: &[Value]) -> PyResult {
    let set = this_mut(rt, args[0], "update")?;
    for &other in &args[1..] {
        add_all(rt, set, other)?;
    }
    Ok(Value::NONE)
}

/// `a | o1 | o2 ...` (`op` is `Or`), `&` (`And`), `-` (`Subtract`) or `^`
/// (`Xor`) over any iterables `others`, as a new set of `a`'s result type:
/// the one body of the operators and of the methods that make a new set.
fn combine(rt: &Rt, op: BinaryOp, a: Value, others: &[Value]) -> PyResult {
    this(rt, a)?;
    let ty = result_type(rt, a);
    if op == BinaryOp::And
        && let Some((&first, rest)) = others.split_first()
    {
        let mut result = intersect(rt, a, first, ty)?;
        for &other in rest {
            result = intersect(rt, result, other, ty)?;
        }
        return Ok(result);
    }
    let result = copy_as(rt, a, ty)?;
    for &other in others {
        // `other` may be `a`, never the fresh `result`: no aliasing.
        match op {
            BinaryOp::Or => add_all(rt, this(rt, result)?, other)?,
            BinaryOp::Subtract => remove_all(rt, result, other)?,
            BinaryOp::Xor => symmetric_update(rt, result, other)?,
            // `a.intersection()`: the copy.
            _ => {}
        }
    }
    Ok(result)
}

fn set_union(rt: &Rt, args: &[Value]) -> PyResult {
    combine(rt, BinaryOp::Or, args[0], &args[1..])
}

fn set_intersection(rt: &Rt, args: &[Value]) -> PyResult {
    combine(rt, BinaryOp::And, args[0], &args[1..])
}

fn set_intersection_update(rt: &Rt, args: &[Value]) -> PyResult {
    let set = this_mut(rt, args[0], "intersection_update")?;
    for &other in &args[1..] {
        if other == args[0] {
            continue;
        }
        let (_keep, o) = as_set(rt, other)?;
        retain(rt, set, o, true)?;
    }
    Ok(Value::NONE)
}

fn set_difference(rt: &Rt, args: &[Value]) -> PyResult {
    combine(rt, BinaryOp::Subtract, args[0], &args[1..])
}

fn set_difference_update(rt: &Rt, args: &[Value]) -> PyResult {
    this_mut(rt, args[0], "difference_update")?;
    for &other in &args[1..] {
        remove_all(rt, args[0], other)?;
    }
    Ok(Value::NONE)
}

fn set_symmetric_difference(rt: &Rt, a: Value, other: Value) -> PyResult {
    combine(rt, BinaryOp::Xor, a, &[other])
}

fn set_symmetric_difference_update(rt: &Rt, s: Value, other: Value) -> PyResult {
    this_mut(rt, s, "symmetric_difference_update")?;
    symmetric_update(rt, s, other)?;
    Ok(Value::NONE)
}

fn set_issubset(rt: &Rt, a: Value, other: Value) -> PyResult {
    let sa = this(rt, a)?;
    let (_keep, o) = as_set(rt, other)?;
    Ok(Value::bool(is_subset(rt, sa, o)?))
}

fn set_issuperset(rt: &Rt, a: Value, other: Value) -> PyResult {
    let sa = this(rt, a)?;
    if let Some(o) = rt.downcast::<Set>(other) {
        return Ok(Value::bool(is_subset(rt, o, sa)?));
    }
    let it = rt.get_iter(other)?;
    while let Some(x) = rt.iter_next(it)? {
        if !sa.contains(rt, x)? {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

fn set_isdisjoint(rt: &Rt, a: Value, other: Value) -> PyResult {
    let sa = this(rt, a)?;
    if let Some(o) = rt.downcast::<Set>(other) {
        let (small, large) = if o.len() < sa.len() { (o, sa) } else { (sa, o) };
        let mut i = 0;
        while i < small.map.slots() {
            if let Some(k) = small.item(i)
                && large.contains(rt, k)?
            {
                return Ok(Value::FALSE);
            }
            i += 1;
        }
        return Ok(Value::TRUE);
    }
    let it = rt.get_iter(other)?;
    while let Some(x) = rt.iter_next(it)? {
        if sa.contains(rt, x)? {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

// ----- slots ----------------------------------------------------------------

fn set_make_new(rt: &Rt, ty: &Type, args: Args<'_>) -> PyResult {
    let frozen = ty.is_subtype_of(&FROZENSET_TYPE);
    let name = if frozen { "frozenset" } else { "set" };
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!("{name}() takes no keyword arguments")));
    }
    if args.pos.len() > 1 {
        return Err(rt.type_error(format_args!(
            "{name} expected at most 1 argument, got {}",
            args.pos.len()
        )));
    }
    let first = args.pos.first().copied();
    if frozen
        && let Some(x) = first
        && core::ptr::eq(ty, &FROZENSET_TYPE)
        && core::ptr::eq(rt.type_of(x), &FROZENSET_TYPE)
    {
        // `frozenset(fs)` is `fs`: it cannot change.
        return Ok(x);
    }
    let v = alloc_set(rt, if frozen { &FROZENSET_TYPE } else { &SET_TYPE })?;
    if let Some(x) = first {
        add_all(rt, this(rt, v)?, x)?;
    }
    Ok(v)
}

fn set_print(rt: &Rt, v: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let s = this(rt, v)?;
    let ty = rt.type_of(v);
    let plain = core::ptr::eq(ty, &SET_TYPE);
    if !plain || s.is_empty() {
        out.put(rt.qstr_text(ty.name))?;
        out.put(b"(")?;
    }
    if !s.is_empty() {
        out.put(b"{")?;
        let mut first = true;
        let mut i = 0;
        while i < s.map.slots() {
            if let Some(k) = s.item(i) {
                if !first {
                    out.put(b", ")?;
                }
                first = false;
                rt.print(k, out, PrintKind::Repr)?;
            }
            i += 1;
        }
        out.put(b"}")?;
    }
    if !plain || s.is_empty() {
        out.put(b")")?;
    }
    Ok(())
}

fn set_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let len = this(rt, v)?.len();
    Ok(super::len_unary(op, len))
}

fn set_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let sa = this(rt, a)?;
    if op == BinaryOp::Contains {
        let key = lookup_key(rt, b)?;
        return Ok(Some(Value::bool(sa.contains(rt, key)?)));
    }
    // Operators take sets only (methods take any iterable), and the
    // set-like dict views (`keys()`, `items()`) as CPython's do.
    let Some(sb) = rt.downcast::<Set>(b) else {
        if super::dict::is_set_like_view(rt, b) {
            let b = copy_as(rt, b, &SET_TYPE)?;
            return set_binary(rt, op, a, b);
        }
        return Ok(None);
    };
    // In-place forms on a frozenset fall back to the plain operator (a new
    // frozenset), as `Rt::binary_op` does for `None`.
    let mutable = !is_frozen(rt, a);
    Ok(Some(match op {
        BinaryOp::Or | BinaryOp::And | BinaryOp::Subtract | BinaryOp::Xor => {
            combine(rt, op, a, &[b])?
        }
        BinaryOp::InplaceOr if mutable => {
            add_all(rt, sa, b)?;
            a
        }
        BinaryOp::InplaceAnd if mutable => {
            if a != b {
                retain(rt, sa, sb, true)?;
            }
            a
        }
        BinaryOp::InplaceSubtract if mutable => {
            remove_all(rt, a, b)?;
            a
        }
        BinaryOp::InplaceXor if mutable => {
            symmetric_update(rt, a, b)?;
            a
        }
        BinaryOp::LessEqual => Value::bool(is_subset(rt, sa, sb)?),
        BinaryOp::Less => Value::bool(sa.len() < sb.len() && is_subset(rt, sa, sb)?),
        BinaryOp::MoreEqual => Value::bool(is_subset(rt, sb, sa)?),
        BinaryOp::More => Value::bool(sa.len() > sb.len() && is_subset(rt, sb, sa)?),
        _ => return Ok(None),
    }))
}

/// An iterator over a set's elements in insertion order.
#[repr(C)]
pub struct SetIter {
    header: ObjHeader,
    set: Value,
    /// Next map slot.
    slot: Cell<usize>,
    /// Size when iteration started, to detect a set changing size.
    len: usize,
}

// SAFETY: `#[repr(C)]` with the header first; `SET_ITER_TYPE` owns it.
unsafe impl Object for SetIter {
    const TYPE: &'static Type = &SET_ITER_TYPE;
}

fn set_iter(rt: &Rt, v: Value) -> PyResult {
    let len = this(rt, v)?.len();
    let obj = rt
        .alloc(size_of::<SetIter>(), AllocFlags::NONE)?
        .cast::<SetIter>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(SetIter {
            header: ObjHeader::new(&SET_ITER_TYPE),
            set: v,
            slot: Cell::new(0),
            len,
        });
        Ok(Value::from_object(obj.cast()))
    }
}

fn set_iter_next(rt: &Rt, it: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<SetIter>(it) else {
        return Ok(None);
    };
    let set = this(rt, it.set)?;
    if set.len() != it.len {
        return Err(rt.error(
            &super::exc::RUNTIME_ERROR,
            format_args!("Set changed size during iteration"),
        ));
    }
    let mut slot = it.slot.get();
    while slot < set.map.slots() {
        let item = set.item(slot);
        slot += 1;
        if item.is_some() {
            it.slot.set(slot);
            return Ok(item);
        }
    }
    it.slot.set(slot);
    Ok(None)
}

static SET_ITER_SLOTS: Slots = Slots {
    iternext: Some(set_iter_next),
    ..Slots::EMPTY
};

/// The type of set iterators.
pub static SET_ITER_TYPE: Type = super::builtin_type(
    q::set_iterator,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &SET_ITER_TYPE,
    &SET_ITER_SLOTS,
    &[],
);

static SET_SLOTS: Slots = Slots {
    make_new: Some(set_make_new),
    print: Some(set_print),
    unary_op: Some(set_unary),
    binary_op: Some(set_binary),
    iter: Some(set_iter),
    ..Slots::EMPTY
};

const ANY_ARGS: u8 = u8::MAX;

// The methods `set` and `frozenset` share: one function object each, in
// both method tables.
static COPY: BuiltinFn = BuiltinFn::method(q::copy, NativeFn::F1(set_copy));
static DIFFERENCE: BuiltinFn = BuiltinFn::method(
    q::difference,
    NativeFn::Var {
        min: 1,
        max: ANY_ARGS,
        f: set_difference,
    },
);
static INTERSECTION: BuiltinFn = BuiltinFn::method(
    q::intersection,
    NativeFn::Var {
        min: 1,
        max: ANY_ARGS,
        f: set_intersection,
    },
);
static ISDISJOINT: BuiltinFn = BuiltinFn::method(q::isdisjoint, NativeFn::F2(set_isdisjoint));
static ISSUBSET: BuiltinFn = BuiltinFn::method(q::issubset, NativeFn::F2(set_issubset));
static ISSUPERSET: BuiltinFn = BuiltinFn::method(q::issuperset, NativeFn::F2(set_issuperset));
static SYMMETRIC_DIFFERENCE: BuiltinFn = BuiltinFn::method(
    q::symmetric_difference,
    NativeFn::F2(set_symmetric_difference),
);
static UNION: BuiltinFn = BuiltinFn::method(
    q::union,
    NativeFn::Var {
        min: 1,
        max: ANY_ARGS,
        f: set_union,
    },
);

static SET_METHODS: [(Qstr, Value); 17] = [
    rom_method!(clear, NativeFn::F1(set_clear)),
    shared(&COPY),
    rom_method!(pop, NativeFn::F1(set_pop)),
    rom_method!(remove, NativeFn::F2(set_remove)),
    rom_method!(
        update,
        NativeFn::Var {
            min: 1,
            max: ANY_ARGS,
            f: set_update
        }
    ),
    rom_method!(add, NativeFn::F2(set_add_method)),
    shared(&DIFFERENCE),
    rom_method!(
        difference_update,
        NativeFn::Var {
            min: 1,
            max: ANY_ARGS,
            f: set_difference_update
        }
    ),
    rom_method!(discard, NativeFn::F2(set_discard)),
    shared(&INTERSECTION),
    rom_method!(
        intersection_update,
        NativeFn::Var {
            min: 1,
            max: ANY_ARGS,
            f: set_intersection_update
        }
    ),
    shared(&ISDISJOINT),
    shared(&ISSUBSET),
    shared(&ISSUPERSET),
    shared(&SYMMETRIC_DIFFERENCE),
    rom_method!(
        symmetric_difference_update,
        NativeFn::F2(set_symmetric_difference_update)
    ),
    shared(&UNION),
];
const _: () = assert!(
    methods_sorted(&SET_METHODS),
    "SET_METHODS must be sorted by qstr"
);

static FROZENSET_METHODS: [(Qstr, Value); 8] = [
    shared(&COPY),
    shared(&DIFFERENCE),
    shared(&INTERSECTION),
    shared(&ISDISJOINT),
    shared(&ISSUBSET),
    shared(&ISSUPERSET),
    shared(&SYMMETRIC_DIFFERENCE),
    shared(&UNION),
];
const _: () = assert!(
    methods_sorted(&FROZENSET_METHODS),
    "FROZENSET_METHODS must be sorted by qstr"
);

/// `set`.
pub static SET_TYPE: Type = super::builtin_type(
    q::set,
    TypeFlags::BASETYPE.union(TypeFlags::UNHASHABLE),
    b'S',
    &SET_TYPE,
    &SET_SLOTS,
    &SET_METHODS,
);

/// `frozenset`: the `set` layout, hashable, without mutating methods.
pub static FROZENSET_TYPE: Type = super::builtin_type(
    q::frozenset,
    TypeFlags::BASETYPE,
    b'S',
    &SET_TYPE,
    &SET_SLOTS,
    &FROZENSET_METHODS,
);
