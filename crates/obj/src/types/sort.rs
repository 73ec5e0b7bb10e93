//! Ordering: lexicographic comparison of sequences and the stable sort of
//! `list.sort` / `sorted`.

use core::ptr::NonNull;

use pyrite_gc::AllocFlags;

use crate::error::PyResult;
use crate::ops::BinaryOp;
use crate::rt::Rt;
use crate::value::Value;

use super::list::List;

/// Compares two sequences lexicographically with `op` (`<`, `<=`, `>`,
/// `>=`), fetching items by index (so Python code run by comparisons cannot
/// invalidate anything).
pub fn compare_sequences(
    rt: &Rt,
    op: BinaryOp,
    a: impl Fn(usize) -> Option<Value>,
    b: impl Fn(usize) -> Option<Value>,
) -> PyResult<Value> {
    compare_dyn(rt, op, &a, &b)
}

/// [`compare_sequences`] without type parameters: one copy in the image.
#[inline(never)]
fn compare_dyn(
    rt: &Rt,
    op: BinaryOp,
    a: &dyn Fn(usize) -> Option<Value>,
    b: &dyn Fn(usize) -> Option<Value>,
) -> PyResult<Value> {
    let mut i = 0;
    loop {
        match (a(i), b(i)) {
            (Some(x), Some(y)) => {
                if x == y || rt.equal(x, y)? {
                    i += 1;
                    continue;
                }
                return rt.binary_op(op, x, y);
            }
            (x, y) => {
                // One ran out: compare lengths.
                let (la, lb) = (x.is_some() as u8, y.is_some() as u8);
                let result = match op {
                    BinaryOp::Less => la < lb,
                    BinaryOp::LessEqual => la <= lb,
                    BinaryOp::More => la > lb,
                    _ => la >= lb,
                };
                return Ok(Value::bool(result));
            }
        }
    }
}

/// A scanned scratch array in the heap, freed on drop.
struct Scratch<'rt> {
    rt: &'rt Rt,
    ptr: NonNull<Value>,
    len: usize,
}

impl<'rt> Scratch<'rt> {
    fn new(rt: &'rt Rt, len: usize) -> PyResult<Scratch<'rt>> {
        let bytes = len
            .max(1)
            .checked_mul(size_of::<Value>())
            .ok_or_else(|| rt.memory_error())?;
        let ptr = rt.alloc(bytes, AllocFlags::NONE)?.cast::<Value>();
        Ok(Scratch { rt, ptr, len })
    }

    fn slice(&mut self) -> &mut [Value] {
        // SAFETY: the allocation holds `len` values (zeroed = NULL values),
        // and only this struct refers to it.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Scratch<'_> {
    fn drop(&mut self) {
        self.rt.heap().free(self.ptr.cast());
    }
}

/// Sorts a list in place: stable, with an optional key function and
/// `reverse`. The items are sorted in a copy and written back only when
/// every comparison succeeded, so a raising comparison leaves the list as
/// it was; a list changed during the sort raises `ValueError`.
pub fn sort_list(rt: &Rt, list: &List, key: Value, reverse: bool) -> PyResult<()> {
    let n = list.len();
    if n < 2 {
        return Ok(());
    }
    // Pairs of (sort key, item), so keys are computed once each.
    let mut pairs = Scratch::new(rt, 2 * n)?;
    for i in 0..n {
        let item = list.get(i).unwrap_or(Value::NONE);
        let k = if key.is_none() {
            item
        } else {
            rt.call_positional(key, &[item])?
        };
        let p = pairs.slice();
        p[2 * i] = k;
        p[2 * i + 1] = item;
    }
    let mut aux = Scratch::new(rt, 2 * n)?;
    let less = |x: Value, y: Value| -> PyResult<bool> {
        if reverse {
            rt.less_than(y, x)
        } else {
            rt.less_than(x, y)
        }
    };
    // Bottom-up merge sort over pairs; stable because ties take the left run.
    let mut width = 1;
    let (mut src, mut dst) = (pairs.slice() as *mut [Value], aux.slice() as *mut [Value]);
    while width < n {
        // SAFETY: `src` and `dst` are the two distinct scratch arrays, both
        // alive for the whole loop; no other reference to them exists here.
        let (s, d) = unsafe { (&*src, &mut *dst) };
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if less(s[2 * j], s[2 * i])? {
                    d[2 * k] = s[2 * j];
                    d[2 * k + 1] = s[2 * j + 1];
                    j += 1;
                } else {
                    d[2 * k] = s[2 * i];
                    d[2 * k + 1] = s[2 * i + 1];
                    i += 1;
                }
                k += 1;
            }
            d[2 * k..2 * end].copy_from_slice(if i < mid {
                &s[2 * i..2 * mid]
            } else {
                &s[2 * j..2 * end]
            });
            start = end;
        }
        core::mem::swap(&mut src, &mut dst);
        width *= 2;
    }
    if list.len() != n {
        return Err(rt.value_error(format_args!("list modified during sort")));
    }
    // SAFETY: as above; the sorted data is in `src` after the last swap.
    let sorted = unsafe { &*src };
    for i in 0..n {
        list.set(i, sorted[2 * i + 1]);
    }
    Ok(())
}
