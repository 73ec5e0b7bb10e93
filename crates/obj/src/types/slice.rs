//! `slice`: the `start:stop:step` object that `BUILD_SLICE` makes, and the
//! resolution of a slice against a sequence length (CPython's
//! `PySlice_AdjustIndices`).
//!
//! Four words: one block on the boards and on hosts.

use pyrite_gc::AllocFlags;

use crate::error::PyResult;
use crate::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::types::function::NativeFn;
use crate::value::{Immediate, Value};

/// A slice object. Missing parts are `None`, as in Python.
#[repr(C)]
pub struct Slice {
    header: ObjHeader,
    /// `start`.
    pub start: Value,
    /// `stop`.
    pub stop: Value,
    /// `step`.
    pub step: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `SLICE_TYPE` owns the layout.
unsafe impl Object for Slice {
    const TYPE: &'static Type = &SLICE_TYPE;
}

/// A slice resolved against a length: the indices it visits are
/// `start + k * step` for `k in 0..len`, each in `0..seq_len`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceIndices {
    /// First index (meaningful only when `len > 0`).
    pub start: i64,
    /// The adjusted stop, as `slice.indices()` reports it.
    pub stop: i64,
    /// Step, never 0.
    pub step: i64,
    /// Number of items selected.
    pub len: usize,
}

impl SliceIndices {
    /// The `k`-th selected index (`k < len`).
    #[inline]
    pub fn index(&self, k: usize) -> usize {
        (self.start + k as i64 * self.step) as usize
    }
}

/// Makes `slice(start, stop, step)`; the VM's `BUILD_SLICE` calls this with
/// `Value::NONE` for omitted parts.
pub fn new_slice(rt: &Rt, start: Value, stop: Value, step: Value) -> PyResult {
    let obj = rt
        .alloc(size_of::<Slice>(), AllocFlags::NONE)?
        .cast::<Slice>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(Slice {
            header: ObjHeader::new(&SLICE_TYPE),
            start,
            stop,
            step,
        });
        Ok(Value::from_object(obj.cast()))
    }
}

/// A slice bound as an `i64`: ints and bools (a big int clamped far
/// beyond any length); `None` for `None`.
pub(crate) fn bound(rt: &Rt, v: Value) -> PyResult<Option<i64>> {
    if let Some(i) = v.as_small_int() {
        return Ok(Some(i as i64));
    }
    match v.as_immediate() {
        Some(Immediate::None) => Ok(None),
        Some(Immediate::True) => Ok(Some(1)),
        Some(Immediate::False) => Ok(Some(0)),
        // A big int is beyond any length: clamp it (resolution clamps to
        // the sequence anyway).
        _ => match super::num::int_view(rt, v) {
            Some(super::num::IntView::Big(b, ..)) => Ok(Some(if b.is_negative() {
                i64::MIN / 4
            } else {
                i64::MAX / 4
            })),
            Some(super::num::IntView::Small(i)) => Ok(Some(i)),
            None => Err(rt.type_error(format_args!(
                "slice indices must be integers or None or have an __index__ method"
            ))),
        },
    }
}

impl Slice {
    /// Resolves the slice against a sequence of `len` items, as
    /// `slice.indices(len)` does. Raises `ValueError` for a zero step and
    /// `TypeError` for non-integer parts.
    pub fn indices(&self, rt: &Rt, len: usize) -> PyResult<SliceIndices> {
        let step = bound(rt, self.step)?.unwrap_or(1);
        if step == 0 {
            return Err(rt.value_error(format_args!("slice step cannot be zero")));
        }
        let start = bound(rt, self.start)?;
        let stop = bound(rt, self.stop)?;
        Ok(resolve(start, stop, step, len))
    }
}

/// A `start` or `stop` resolved against a sequence of `len` items and
/// clamped to `lower..=upper` (`default` when missing). Out of line on
/// 32-bit boards, where its 64-bit compares are long.
#[cfg_attr(feature = "compact", inline(never))]
fn adjust_bound(v: Option<i64>, default: i64, len: i64, lower: i64, upper: i64) -> i64 {
    match v {
        None => default,
        Some(v) if v < 0 => (v.saturating_add(len)).max(lower),
        Some(v) => v.min(upper),
    }
}

/// The pure arithmetic of slice resolution (`step != 0`).
pub fn resolve(start: Option<i64>, stop: Option<i64>, step: i64, len: usize) -> SliceIndices {
    let len_i = len as i64;
    let step = step.clamp(-(i64::MAX / 4), i64::MAX / 4);
    let (lower, upper) = if step < 0 {
        (-1, len_i - 1)
    } else {
        (0, len_i)
    };
    let start = adjust_bound(
        start,
        if step < 0 { upper } else { lower },
        len_i,
        lower,
        upper,
    );
    let stop = adjust_bound(
        stop,
        if step < 0 { lower } else { upper },
        len_i,
        lower,
        upper,
    );
    // Walking from `start` toward `stop` by `|step|`: one division.
    let (from, to, by) = if step < 0 {
        (stop, start, -step)
    } else {
        (start, stop, step)
    };
    let n = if from < to {
        (to - from - 1) / by + 1
    } else {
        0
    };
    SliceIndices {
        start,
        stop,
        step,
        len: n as usize,
    }
}

fn slice_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let Some(s) = rt.downcast::<Slice>(this) else {
        return Ok(());
    };
    out.put(b"slice(")?;
    rt.print(s.start, out, PrintKind::Repr)?;
    out.put(b", ")?;
    rt.print(s.stop, out, PrintKind::Repr)?;
    out.put(b", ")?;
    rt.print(s.step, out, PrintKind::Repr)?;
    out.put(b")")
}

fn slice_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let Some(s) = rt.downcast::<Slice>(this) else {
        return Ok(false);
    };
    let v = match name {
        q::start => s.start,
        q::stop => s.stop,
        q::step => s.step,
        _ => return Ok(false),
    };
    match op {
        AttrOp::Load(dest) => {
            dest[0] = v;
            Ok(true)
        }
        _ => Err(rt.error(
            &super::exc::ATTRIBUTE_ERROR,
            format_args!("readonly attribute"),
        )),
    }
}

fn slice_indices(rt: &Rt, this: Value, len: Value) -> PyResult {
    let Some(s) = rt.downcast::<Slice>(this) else {
        return Err(rt.type_error(format_args!("descriptor requires a 'slice' object")));
    };
    let n = match len.as_small_int() {
        Some(n) if n >= 0 => n as usize,
        Some(_) => return Err(rt.value_error(format_args!("length should not be negative"))),
        None => {
            return Err(crate::types::num::not_an_integer(rt, len));
        }
    };
    let r = s.indices(rt, n)?;
    let int = |i: i64| Value::small_int(i).unwrap_or(Value::NONE);
    super::tuple::new_tuple(rt, &[int(r.start), int(r.stop), int(r.step)])
}

static SLICE_SLOTS: Slots = Slots {
    print: Some(slice_print),
    attr: Some(slice_attr),
    ..Slots::EMPTY
};

static SLICE_METHODS: [(Qstr, Value); 1] = [rom_method!(indices, NativeFn::F2(slice_indices))];

/// `slice`.
pub static SLICE_TYPE: Type = super::builtin_type(
    q::slice,
    // Unhashable as in CPython 3.11 and MicroPython.
    TypeFlags::EQ_IS_IDENTITY.union(TypeFlags::UNHASHABLE),
    b'h',
    &SLICE_TYPE,
    &SLICE_SLOTS,
    &SLICE_METHODS,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_matches_python() {
        // slice(None, None, -1).indices(5) == (4, -1, -1)
        let r = resolve(None, None, -1, 5);
        assert_eq!((r.start, r.stop, r.step, r.len), (4, -1, -1, 5));
        // slice(-100, 100, 2).indices(5) == (0, 5, 2)
        let r = resolve(Some(-100), Some(100), 2, 5);
        assert_eq!((r.start, r.stop, r.len), (0, 5, 3));
        // slice(10, -10, -3).indices(5) == (4, -1, -3)
        let r = resolve(Some(10), Some(-10), -3, 5);
        assert_eq!((r.start, r.stop, r.len), (4, -1, 2));
        let r = resolve(Some(3), Some(1), 1, 5);
        assert_eq!(r.len, 0);
        let r = resolve(Some(i64::MIN), Some(i64::MAX), i64::MAX, 0);
        assert_eq!(r.len, 0);
    }
}
