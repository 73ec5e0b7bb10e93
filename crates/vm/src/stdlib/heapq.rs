//! `heapq` (`uheapq`): a binary min-heap kept in a `list`, `heap[0]` the
//! smallest item. `heappush`, `heappop` and `heapify` as MicroPython has
//! them, plus CPython's `heapreplace` and `heappushpop`; items are
//! compared with `<` only, and the sifting order is CPython's, so a heap
//! prints the same as there.

use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::list::List;
use pyrite_obj::{PyResult, Rt, Value, q};

use super::{set_fns, type_name};
use crate::vm::Vm;

/// The heap argument, which must be a list (or a list subclass);
/// `which` names it in the error (`"argument 1"`, or `"argument"` for a
/// function of one argument).
fn heap_arg<'a>(rt: &'a Rt, v: Value, func: &str, which: &str) -> PyResult<&'a List> {
    rt.downcast::<List>(v).ok_or_else(|| {
        rt.type_error(format_args!(
            "{func}() {which} must be list, not {}",
            type_name(rt, v)
        ))
    })
}

/// `heap[i]`, a `RuntimeError` once a comparison has shrunk the list.
fn item(rt: &Rt, heap: &List, i: usize) -> PyResult {
    heap.get(i).ok_or_else(|| changed(rt))
}

fn changed(rt: &Rt) -> pyrite_obj::Exc {
    rt.error(
        &exc::RUNTIME_ERROR,
        format_args!("list changed size during iteration"),
    )
}

/// `a < b`, then a check that the comparison left the heap's size alone.
fn less(rt: &Rt, heap: &List, len: usize, a: Value, b: Value) -> PyResult<bool> {
    let r = rt.less_than(a, b)?;
    if heap.len() != len {
        return Err(changed(rt));
    }
    Ok(r)
}

/// Moves the item at `pos` up towards `start` while it is smaller than its
/// parent.
fn sift_down(rt: &Rt, heap: &List, start: usize, mut pos: usize) -> PyResult<()> {
    let len = heap.len();
    let new = item(rt, heap, pos)?;
    while pos > start {
        let parent_pos = (pos - 1) / 2;
        let parent = item(rt, heap, parent_pos)?;
        if !less(rt, heap, len, new, parent)? {
            break;
        }
        heap.set(pos, parent);
        pos = parent_pos;
    }
    heap.set(pos, new);
    Ok(())
}

/// Moves the item at `pos` down to a leaf along the smaller children, then
/// back up to its place (fewer comparisons than stopping on the way down).
fn sift_up(rt: &Rt, heap: &List, mut pos: usize) -> PyResult<()> {
    let len = heap.len();
    let start = pos;
    let new = item(rt, heap, pos)?;
    let mut child = 2 * pos + 1;
    while child < len {
        let right = child + 1;
        if right < len {
            let (l, r) = (item(rt, heap, child)?, item(rt, heap, right)?);
            if !less(rt, heap, len, l, r)? {
                child = right;
            }
        }
        heap.set(pos, item(rt, heap, child)?);
        pos = child;
        child = 2 * pos + 1;
    }
    heap.set(pos, new);
    sift_down(rt, heap, start, pos)
}

fn empty(rt: &Rt) -> pyrite_obj::Exc {
    rt.error(&exc::INDEX_ERROR, format_args!("index out of range"))
}

/// `heappush(heap, item)`.
fn heappush(rt: &Rt, heap: Value, v: Value) -> PyResult {
    let h = heap_arg(rt, heap, "heappush", "argument 1")?;
    h.push(rt, v)?;
    sift_down(rt, h, 0, h.len() - 1)?;
    Ok(Value::NONE)
}

/// `heappop(heap)`: the smallest item, removed.
fn heappop(rt: &Rt, heap: Value) -> PyResult {
    let h = heap_arg(rt, heap, "heappop", "argument")?;
    let last = match h.len() {
        0 => return Err(empty(rt)),
        n => h.remove_at(n - 1).ok_or_else(|| empty(rt))?,
    };
    if h.is_empty() {
        return Ok(last);
    }
    let smallest = item(rt, h, 0)?;
    h.set(0, last);
    sift_up(rt, h, 0)?;
    Ok(smallest)
}

/// `heapify(list)`: reorders the list into a heap, in place.
fn heapify(rt: &Rt, heap: Value) -> PyResult {
    let h = heap_arg(rt, heap, "heapify", "argument")?;
    for i in (0..h.len() / 2).rev() {
        sift_up(rt, h, i)?;
    }
    Ok(Value::NONE)
}

/// `heapreplace(heap, item)`: pops the smallest item, then pushes `item`.
fn heapreplace(rt: &Rt, heap: Value, v: Value) -> PyResult {
    let h = heap_arg(rt, heap, "heapreplace", "argument 1")?;
    let smallest = h.get(0).ok_or_else(|| empty(rt))?;
    h.set(0, v);
    sift_up(rt, h, 0)?;
    Ok(smallest)
}

/// `heappushpop(heap, item)`: pushes `item`, then pops the smallest.
fn heappushpop(rt: &Rt, heap: Value, v: Value) -> PyResult {
    let h = heap_arg(rt, heap, "heappushpop", "argument 1")?;
    let Some(top) = h.get(0) else {
        return Ok(v);
    };
    if !less(rt, h, h.len(), top, v)? {
        return Ok(v);
    }
    h.set(0, v);
    sift_up(rt, h, 0)?;
    Ok(top)
}

static HEAPPUSH: BuiltinFn = BuiltinFn::new(q::heappush, NativeFn::F2(heappush));
static HEAPPOP: BuiltinFn = BuiltinFn::new(q::heappop, NativeFn::F1(heappop));
static HEAPIFY: BuiltinFn = BuiltinFn::new(q::heapify, NativeFn::F1(heapify));
static HEAPREPLACE: BuiltinFn = BuiltinFn::new(q::heapreplace, NativeFn::F2(heapreplace));
static HEAPPUSHPOP: BuiltinFn = BuiltinFn::new(q::heappushpop, NativeFn::F2(heappushpop));

/// Fills the `heapq` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    set_fns(
        vm.rt(),
        dict,
        &[&HEAPPUSH, &HEAPPOP, &HEAPIFY, &HEAPREPLACE, &HEAPPUSHPOP],
    )
}
