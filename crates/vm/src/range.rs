//! `range`: start, stop and step as small ints. `for` loops over a range
//! iterate in the frame's iterator slots without allocating.

use core::cell::Cell;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, SubscrOp, Type, TypeFlags};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::value::SmallInt;
use pyrite_obj::{Args, BinaryOp, PyResult, Rt, Sink, UnaryOp, Value, q};

use crate::func::vm_type;
use crate::load::obj_value;

/// A `range` object.
#[repr(C)]
pub struct RangeObj {
    header: ObjHeader,
    /// First value (a small int).
    pub start: Value,
    /// Bound, excluded (a small int).
    pub stop: Value,
    /// Step, never zero (a small int).
    pub step: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `RANGE_TYPE` owns the layout.
unsafe impl Object for RangeObj {
    const TYPE: &'static Type = &RANGE_TYPE;
}

impl RangeObj {
    fn parts(&self) -> (i64, i64, i64) {
        (
            self.start.as_small_int().unwrap_or(0) as i64,
            self.stop.as_small_int().unwrap_or(0) as i64,
            self.step.as_small_int().unwrap_or(1) as i64,
        )
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        let (start, stop, step) = self.parts();
        range_len(start, stop, step)
    }

    /// Whether the range is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn range_len(start: i64, stop: i64, step: i64) -> usize {
    if step > 0 && start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else if step < 0 && start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    }
}

fn int_arg(rt: &Rt, v: Value) -> PyResult<i64> {
    if let Some(i) = v.as_small_int() {
        return Ok(i as i64);
    }
    if v == Value::TRUE || v == Value::FALSE {
        return Ok((v == Value::TRUE) as i64);
    }
    // A big int: `OverflowError`, as MicroPython.
    Err(pyrite_obj::types::num::not_an_integer(rt, v))
}

fn new_range(rt: &Rt, start: i64, stop: i64, step: i64) -> PyResult {
    let v = |i: i64| {
        Value::small_int(i)
            .ok_or_else(|| rt.error(&exc::OVERFLOW_ERROR, format_args!("range bounds too large")))
    };
    let (start, stop, step) = (v(start)?, v(stop)?, v(step)?);
    let p = rt
        .alloc(size_of::<RangeObj>(), AllocFlags::NONE)?
        .cast::<RangeObj>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(RangeObj {
            header: ObjHeader::new(&RANGE_TYPE),
            start,
            stop,
            step,
        })
    };
    Ok(obj_value(p))
}

fn range_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!("range() takes no keyword arguments")));
    }
    let (start, stop, step) = match *args.pos {
        [stop] => (0, int_arg(rt, stop)?, 1),
        [start, stop] => (int_arg(rt, start)?, int_arg(rt, stop)?, 1),
        [start, stop, step] => (int_arg(rt, start)?, int_arg(rt, stop)?, int_arg(rt, step)?),
        _ => {
            return Err(rt.type_error(format_args!(
                "range expected at most 3 arguments, got {}",
                args.pos.len()
            )));
        }
    };
    if step == 0 {
        return Err(rt.value_error(format_args!("range() arg 3 must not be zero")));
    }
    new_range(rt, start, stop, step)
}

fn this(rt: &Rt, v: Value) -> PyResult<&RangeObj> {
    rt.downcast::<RangeObj>(v)
        .ok_or_else(|| rt.type_error(format_args!("expected a range")))
}

fn range_print(rt: &Rt, v: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let r = this(rt, v)?;
    out.put(b"range(")?;
    rt.print(r.start, out, PrintKind::Repr)?;
    out.put(b", ")?;
    rt.print(r.stop, out, PrintKind::Repr)?;
    if r.step.as_small_int() != Some(1) {
        out.put(b", ")?;
        rt.print(r.step, out, PrintKind::Repr)?;
    }
    out.put(b")")
}

fn range_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let r = this(rt, v)?;
    Ok(match op {
        UnaryOp::Len => Value::small_int(r.len() as i64),
        UnaryOp::Bool => Some(Value::bool(!r.is_empty())),
        _ => None,
    })
}

fn range_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let r = this(rt, a)?;
    match op {
        BinaryOp::Contains => Ok(Some(Value::bool(find(rt, r, b)?.is_some()))),
        BinaryOp::Equal => Ok(range_equal(rt, a, b).map(Value::bool)),
        _ => Ok(None),
    }
}

/// Whether two ranges yield the same values (CPython's `range.__eq__`).
fn range_equal(rt: &Rt, a: Value, b: Value) -> Option<bool> {
    let (x, y) = (rt.downcast::<RangeObj>(a)?, rt.downcast::<RangeObj>(b)?);
    let (n, m) = (x.len(), y.len());
    let (xs, _, xstep) = x.parts();
    let (ys, _, ystep) = y.parts();
    Some(n == m && (n == 0 || (xs == ys && (n == 1 || xstep == ystep))))
}

/// `start`, `stop`, `step`.
fn range_attr(rt: &Rt, this_v: Value, name: pyrite_obj::Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let AttrOp::Load(dest) = op else {
        return Ok(false);
    };
    let r = this(rt, this_v)?;
    dest[0] = match name {
        q::start => r.start,
        q::stop => r.stop,
        q::step => r.step,
        _ => return Ok(false),
    };
    Ok(true)
}

fn range_subscr(rt: &Rt, v: Value, index: Value, op: SubscrOp) -> PyResult {
    let r = this(rt, v)?;
    if !matches!(op, SubscrOp::Load) {
        return Err(rt.type_error(format_args!(
            "'range' object does not support item assignment"
        )));
    }
    let len = r.len();
    let (start, _, step) = r.parts();
    if let Some(s) = rt.downcast::<pyrite_obj::types::slice::Slice>(index) {
        // `range(...)[a:b:c]` is a range too.
        let ix = s.indices(rt, len)?;
        // As CPython: the bounds are the slice's adjusted indices mapped
        // through the range, so `range(10)[::-3]` is `range(9, -1, -3)`.
        let map = |i: i64| i.checked_mul(step).and_then(|o| start.checked_add(o));
        let parts = (map(ix.start), map(ix.stop), step.checked_mul(ix.step));
        let (Some(new_start), Some(new_stop), Some(new_step)) = parts else {
            return Err(rt.error(&exc::OVERFLOW_ERROR, format_args!("range bounds too large")));
        };
        return new_range(rt, new_start, new_stop, new_step);
    }
    let i = pyrite_obj::types::list::resolve_index(rt, index, len, "range object")?;
    Ok(Value::small_int_unchecked(
        (start + i as i64 * step) as SmallInt,
    ))
}

/// A range iterator (for `iter(range(...))`; `for` loops need none).
#[repr(C)]
pub(crate) struct RangeIter {
    header: ObjHeader,
    cur: Cell<Value>,
    stop: Value,
    step: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `RANGE_ITER_TYPE` owns it.
unsafe impl Object for RangeIter {
    const TYPE: &'static Type = &RANGE_ITER_TYPE;
}

fn range_iter(rt: &Rt, v: Value) -> PyResult {
    let r = this(rt, v)?;
    let p = rt
        .alloc(size_of::<RangeIter>(), AllocFlags::NONE)?
        .cast::<RangeIter>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(RangeIter {
            header: ObjHeader::new(&RANGE_ITER_TYPE),
            cur: Cell::new(r.start),
            stop: r.stop,
            step: r.step,
        })
    };
    Ok(obj_value(p))
}

fn range_iternext(rt: &Rt, v: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<RangeIter>(v) else {
        return Ok(None);
    };
    let cur = it.cur.get().as_small_int().unwrap_or(0) as i64;
    let stop = it.stop.as_small_int().unwrap_or(0) as i64;
    let step = it.step.as_small_int().unwrap_or(1) as i64;
    if (step > 0 && cur < stop) || (step < 0 && cur > stop) {
        it.cur.set(Value::small_int(cur + step).unwrap_or(it.stop));
        Ok(Some(Value::small_int_unchecked(cur as SmallInt)))
    } else {
        Ok(None)
    }
}

static RANGE_SLOTS: Slots = Slots {
    make_new: Some(range_make_new),
    print: Some(range_print),
    unary_op: Some(range_unary),
    binary_op: Some(range_binary),
    subscr: Some(range_subscr),
    iter: Some(range_iter),
    attr: Some(range_attr),
    ..Slots::EMPTY
};

/// `x - start` if `x` is one of the range's values (one copy of the test
/// serves `in`, `index` and `count`). Values are compared as `==` does:
/// `True` and `1.0` are found where `1` is; an instance of a class is
/// compared with each value in turn (its `__eq__` decides).
fn find(rt: &Rt, r: &RangeObj, x: Value) -> PyResult<Option<i64>> {
    if rt.type_of(x).flags.contains(TypeFlags::HEAP) {
        let (start, _, step) = r.parts();
        for k in 0..r.len() as i64 {
            let item = Value::small_int_unchecked((start + k * step) as SmallInt);
            if rt.equal(item, x)? {
                return Ok(Some(k * step));
            }
        }
        return Ok(None);
    }
    let whole = match x.as_float() {
        // The cast saturates, and beyond 2^62 no value is a range's.
        Some(f) => Some(f as i64).filter(|&w| w as pyrite_obj::Float == f),
        None if x == Value::TRUE => Some(1),
        None if x == Value::FALSE => Some(0),
        None => x.as_small_int().map(|i| i as i64),
    };
    Ok(whole.and_then(|w| offset(r, w)))
}

/// `x - start` if the integer `x` is one of the range's values.
fn offset(r: &RangeObj, x: i64) -> Option<i64> {
    let (start, stop, step) = r.parts();
    let inside = if step > 0 {
        x >= start && x < stop
    } else {
        x <= start && x > stop
    };
    (inside && (x - start) % step == 0).then_some(x - start)
}

/// `range.index(x)`.
fn range_index(rt: &Rt, this_v: Value, x: Value) -> PyResult {
    let r = this(rt, this_v)?;
    match find(rt, r, x)? {
        Some(d) => Ok(Value::small_int_unchecked((d / r.parts().2) as SmallInt)),
        None => Err(rt.value_error(format_args!("value not in range"))),
    }
}

/// `range.count(x)`.
fn range_count(rt: &Rt, this_v: Value, x: Value) -> PyResult {
    let n = find(rt, this(rt, this_v)?, x)?.is_some() as SmallInt;
    Ok(Value::small_int_unchecked(n))
}

static RANGE_INDEX: BuiltinFn = BuiltinFn::method(q::index, NativeFn::F2(range_index));
static RANGE_COUNT: BuiltinFn = BuiltinFn::method(q::count, NativeFn::F2(range_count));
static RANGE_METHODS: [(pyrite_obj::Qstr, Value); 2] = [
    (q::count, Value::from_static(&RANGE_COUNT)),
    (q::index, Value::from_static(&RANGE_INDEX)),
];

const _: () = assert!(pyrite_obj::object::methods_sorted(&RANGE_METHODS));

/// `range`.
pub static RANGE_TYPE: Type = Type {
    methods: &RANGE_METHODS,
    ..vm_type(q::range, TypeFlags::NONE, &RANGE_TYPE, &RANGE_SLOTS)
};

static RANGE_ITER_SLOTS: Slots = Slots {
    iternext: Some(range_iternext),
    ..Slots::EMPTY
};

static RANGE_ITER_TYPE: Type = vm_type(
    q::iterator,
    TypeFlags::EQ_IS_IDENTITY,
    &RANGE_ITER_TYPE,
    &RANGE_ITER_SLOTS,
);
