//! Operators with fast paths (small ints, floats) and the VM's fallbacks
//! around `Rt`'s generic protocol (tuples, classes).

use pyrite_obj::object::SubscrOp;
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::tuple::{Tuple, new_tuple};
use pyrite_obj::types::{exc, iter::new_index_iter};
use pyrite_obj::value::{SMALL_INT_MAX, SMALL_INT_MIN, SmallInt};
use pyrite_obj::{BinaryOp, Exc, Float, PyResult, Value};

use crate::vm::Vm;

// Binary operator numbers, as bytecode encodes them.
const LESS: u8 = BinaryOp::Less as u8;
const MORE: u8 = BinaryOp::More as u8;
const EQUAL: u8 = BinaryOp::Equal as u8;
const LESS_EQUAL: u8 = BinaryOp::LessEqual as u8;
const MORE_EQUAL: u8 = BinaryOp::MoreEqual as u8;
const NOT_EQUAL: u8 = BinaryOp::NotEqual as u8;
const IS: u8 = BinaryOp::Is as u8;
const I_OR: u8 = BinaryOp::InplaceOr as u8;
const I_XOR: u8 = BinaryOp::InplaceXor as u8;
const I_AND: u8 = BinaryOp::InplaceAnd as u8;
const I_LSHIFT: u8 = BinaryOp::InplaceLshift as u8;
const I_RSHIFT: u8 = BinaryOp::InplaceRshift as u8;
const I_ADD: u8 = BinaryOp::InplaceAdd as u8;
const I_SUB: u8 = BinaryOp::InplaceSubtract as u8;
const I_MUL: u8 = BinaryOp::InplaceMultiply as u8;
const I_FLOORDIV: u8 = BinaryOp::InplaceFloorDivide as u8;
const I_TRUEDIV: u8 = BinaryOp::InplaceTrueDivide as u8;
const I_MOD: u8 = BinaryOp::InplaceModulo as u8;
const I_POW: u8 = BinaryOp::InplacePower as u8;
const OR: u8 = BinaryOp::Or as u8;
const XOR: u8 = BinaryOp::Xor as u8;
const AND: u8 = BinaryOp::And as u8;
const LSHIFT: u8 = BinaryOp::Lshift as u8;
const RSHIFT: u8 = BinaryOp::Rshift as u8;
const ADD: u8 = BinaryOp::Add as u8;
const SUB: u8 = BinaryOp::Subtract as u8;
const MUL: u8 = BinaryOp::Multiply as u8;
const FLOORDIV: u8 = BinaryOp::FloorDivide as u8;
const TRUEDIV: u8 = BinaryOp::TrueDivide as u8;
const MOD: u8 = BinaryOp::Modulo as u8;
const POW: u8 = BinaryOp::Power as u8;

/// `a op b` on two small ints, when the result is a small int, a bool or a
/// float that needs no error; `None` sends the operation to the general path
/// (overflow into big ints, division by zero, negative shifts...).
///
/// The arithmetic is in `SmallInt` (`i32` on the boards, whose small ints
/// have 31 bits; `i64` on hosts, 51 bits): sums, differences, quotients and
/// remainders of two small ints fit it, and a product or power that
/// overflows it is no small int either, so the results are those of wider
/// arithmetic, without 64-bit code on the boards.
#[inline(always)]
pub(crate) fn small_int_binop(op: u8, a: SmallInt, b: SmallInt) -> Option<Value> {
    match op {
        LESS => Some(Value::bool(a < b)),
        MORE => Some(Value::bool(a > b)),
        EQUAL | IS => Some(Value::bool(a == b)),
        LESS_EQUAL => Some(Value::bool(a <= b)),
        MORE_EQUAL => Some(Value::bool(a >= b)),
        NOT_EQUAL => Some(Value::bool(a != b)),
        ADD | I_ADD => small_int_value(a + b),
        SUB | I_SUB => small_int_value(a - b),
        MUL | I_MUL => a.checked_mul(b).and_then(small_int_value),
        AND | I_AND => small_int_value(a & b),
        OR | I_OR => small_int_value(a | b),
        XOR | I_XOR => small_int_value(a ^ b),
        _ => small_int_binop_rare(op, a, b),
    }
}

/// The operators of [`small_int_binop`] that loops use less (division,
/// remainder, shifts, powers). On 32-bit targets they stay out of the
/// interpreter loop, whose layout they would cost the common operators
/// (pyboard loops -2.2 %, mandelbrot -1.5 %); the 64-bit hosts' loop
/// is faster with them inside (loops +2.3 % out of it, callgrind).
#[cfg_attr(target_pointer_width = "64", inline(always))]
#[cfg_attr(not(target_pointer_width = "64"), inline(never))]
fn small_int_binop_rare(op: u8, a: SmallInt, b: SmallInt) -> Option<Value> {
    match op {
        FLOORDIV | I_FLOORDIV => {
            if b == 0 {
                return None;
            }
            small_int_value(floor_div(a, b))
        }
        MOD | I_MOD => {
            if b == 0 {
                return None;
            }
            let r = a % b;
            let r = if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            };
            small_int_value(r)
        }
        TRUEDIV | I_TRUEDIV => {
            if b == 0 {
                return None;
            }
            Some(true_div(a, b))
        }
        LSHIFT | I_LSHIFT => {
            let a = a as i64;
            if cfg!(target_pointer_width = "32") {
                // 31-bit small ints: shifts up to 32 fit `i64` (no `i128`
                // code in the boards' images); longer ones take the slow path.
                if !(0..=32).contains(&b) {
                    return None;
                }
                return Value::small_int(a << b);
            }
            if !(0..64).contains(&b) {
                return None;
            }
            let r = (a as i128) << b;
            i64::try_from(r).ok().and_then(Value::small_int)
        }
        RSHIFT | I_RSHIFT => {
            if b < 0 {
                return None;
            }
            // Shifting by the width less one leaves the sign, as any
            // longer shift would.
            small_int_value(a >> b.min(SmallInt::BITS as SmallInt - 1))
        }
        POW | I_POW => {
            if b < 0 {
                return None;
            }
            let e = u32::try_from(b).ok()?;
            a.checked_pow(e).and_then(small_int_value)
        }
        _ => None,
    }
}

/// `r` as a small int, if it is in range (compared in `SmallInt`, so
/// without 64-bit code on the boards).
#[inline(always)]
pub(crate) fn small_int_value(r: SmallInt) -> Option<Value> {
    if (SMALL_INT_MIN as SmallInt..=SMALL_INT_MAX as SmallInt).contains(&r) {
        Some(Value::small_int_unchecked(r))
    } else {
        None
    }
}

/// `a / b` (`b` is not 0), out of the interpreter loop: division is slow
/// anyway, and its code there would cost the other operators.
#[inline(never)]
fn true_div(a: SmallInt, b: SmallInt) -> Value {
    if exact_in_float(a) && exact_in_float(b) {
        // One rounding of the exact quotient either way (`f64` then `f32`
        // rounds twice, which for a quotient of 24-bit operands gives the
        // same `f32`): on the boards the FPU's single-precision division,
        // not software.
        Value::float(a as Float / b as Float)
    } else {
        // Both fit the 53 bits of `f64`: one correctly rounded division.
        Value::float((a as f64 / b as f64) as Float)
    }
}

fn floor_div(a: SmallInt, b: SmallInt) -> SmallInt {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

/// `a op b` on floats (or a float and a small int) for the operators that
/// cannot fail; `None` for the rest.
///
/// Arithmetic is done in `Float` after converting a small int to it, as
/// the runtime's generic path does: on the boards `Float` is `f32`, which
/// the Cortex-M4F computes in hardware (widening to `f64` would be
/// software), and for `+ - * /` of two `f32`s the `f32` result is the
/// `f64` result rounded. A comparison with an int is exact: in `Float`
/// when the int converts to it exactly, else in `f64`.
#[inline(always)]
pub(crate) fn float_binop(op: u8, a: Value, b: Value) -> Option<Value> {
    let (x, y) = match (a.as_float(), b.as_float()) {
        (Some(x), Some(y)) => (x, y),
        (Some(x), None) => return float_int_binop(op, x, b.as_small_int()?, false),
        (None, Some(y)) => return float_int_binop(op, y, a.as_small_int()?, true),
        (None, None) => return None,
    };
    float_arith(op, x, y)
}

#[inline(always)]
fn float_arith(op: u8, x: Float, y: Float) -> Option<Value> {
    let f = |r: Float| Some(Value::float(r));
    match op {
        ADD | I_ADD => f(x + y),
        SUB | I_SUB => f(x - y),
        MUL | I_MUL => f(x * y),
        TRUEDIV | I_TRUEDIV if y != 0.0 => f(x / y),
        _ => compare(op, x, y),
    }
}

/// [`float_binop`] of a float `x` and a small int `n` (`n op x` when
/// `reversed`), out of the interpreter loop so that two floats keep it
/// short.
#[inline(never)]
fn float_int_binop(op: u8, x: Float, n: SmallInt, reversed: bool) -> Option<Value> {
    if is_comparison(op) {
        return compare_int(op, x, n, reversed);
    }
    let (a, b) = in_order(x, n as Float, reversed);
    float_arith(op, a, b)
}

/// `(x, y)`, or `(y, x)` when `reversed`: the operands of a float and an
/// int in the order the operator takes them.
#[inline(always)]
fn in_order<F>(x: F, y: F, reversed: bool) -> (F, F) {
    if reversed { (y, x) } else { (x, y) }
}

/// Whether the small int `n` converts to `Float` exactly. Under `compact`
/// (the micro:bit, which has no FPU) always `false`: `f64` alone is less
/// code.
#[inline(always)]
fn exact_in_float(n: SmallInt) -> bool {
    const LIMIT: SmallInt = 1 << Float::MANTISSA_DIGITS;
    !cfg!(feature = "compact") && (-LIMIT..=LIMIT).contains(&n)
}

/// `x op n` (or `n op x` when `reversed`) for a comparison operator:
/// in `Float` when `n` converts to it exactly (the FPU's on the boards),
/// else in `f64`.
#[inline(always)]
fn compare_int(op: u8, x: Float, n: SmallInt, reversed: bool) -> Option<Value> {
    if !exact_in_float(n) {
        return compare_wide_int(op, x, n, reversed);
    }
    let (a, b) = in_order(x, n as Float, reversed);
    compare(op, a, b)
}

/// [`compare_int`] for an int `Float` cannot hold exactly: in `f64`.
#[cold]
fn compare_wide_int(op: u8, x: Float, n: SmallInt, reversed: bool) -> Option<Value> {
    let (a, b) = in_order(x as f64, n as f64, reversed);
    compare(op, a, b)
}

fn is_comparison(op: u8) -> bool {
    matches!(
        op,
        LESS | MORE | EQUAL | LESS_EQUAL | MORE_EQUAL | NOT_EQUAL
    )
}

/// `x op y` for a comparison operator, in whichever float type is exact
/// for the operands; `None` for any other operator.
#[inline(always)]
fn compare<F: PartialOrd>(op: u8, x: F, y: F) -> Option<Value> {
    Some(Value::bool(match op {
        LESS => x < y,
        MORE => x > y,
        EQUAL => x == y,
        LESS_EQUAL => x <= y,
        MORE_EQUAL => x >= y,
        NOT_EQUAL => x != y,
        _ => return None,
    }))
}

impl Vm {
    /// A binary operator the fast paths did not handle, through the
    /// runtime's generic protocol.
    pub(crate) fn binary_op_slow(&self, op: u8, a: Value, b: Value) -> PyResult {
        let rt = self.rt();
        let Some(bop) = BinaryOp::from_bytecode(op) else {
            return Err(rt.type_error(format_args!("bad operator")));
        };
        rt.binary_op(bop, a, b)
    }

    /// A tuple with a list's items.
    pub(crate) fn list_to_tuple(&self, list: Value) -> PyResult {
        let rt = self.rt();
        let Some(l) = rt.downcast::<List>(list) else {
            return Err(rt.type_error(format_args!("expected a list")));
        };
        let n = l.len();
        let mark = self.region_mark();
        let buf = self.region_alloc(n)?;
        for i in 0..n {
            // SAFETY: `i < n`, inside the reserved words.
            unsafe { buf.add(i).write(l.get(i).unwrap_or(Value::NONE)) };
        }
        // SAFETY: all `n` words written.
        let r = new_tuple(rt, unsafe { core::slice::from_raw_parts(buf, n) });
        self.region_release(mark);
        r
    }

    /// `obj[index]`, with fast paths for lists and tuples.
    #[inline]
    pub(crate) fn subscr_load(&self, obj: Value, index: Value) -> PyResult {
        let rt = self.rt();
        if let Some(i) = index.as_small_int() {
            if let Some(l) = rt.downcast_exact::<List>(obj) {
                // `isize`: the width of `SmallInt`, no 64-bit code on the
                // boards.
                let n = l.len() as isize;
                let j = if (i as isize) < 0 {
                    i as isize + n
                } else {
                    i as isize
                };
                if (0..n).contains(&j)
                    && let Some(v) = l.get(j as usize)
                {
                    return Ok(v);
                }
            } else if let Some(t) = rt.downcast_exact::<Tuple>(obj) {
                let items = t.items();
                let n = items.len() as isize;
                let j = if (i as isize) < 0 {
                    i as isize + n
                } else {
                    i as isize
                };
                if (0..n).contains(&j) {
                    return Ok(items[j as usize]);
                }
                return Err(rt.error(&exc::INDEX_ERROR, format_args!("tuple index out of range")));
            }
        } else if let Some(t) = rt.downcast_exact::<Tuple>(obj)
            && let Some(s) = rt.downcast::<pyrite_obj::types::slice::Slice>(index)
        {
            let items = t.items();
            let ind = s.indices(rt, items.len())?;
            let list = new_list(rt, &[])?;
            if let Some(l) = rt.downcast::<List>(list) {
                for k in 0..ind.len {
                    let idx = ind.index(k);
                    if let Some(&v) = rt.downcast::<Tuple>(obj).and_then(|t| t.items().get(idx)) {
                        l.push(rt, v)?;
                    }
                }
            }
            return self.list_to_tuple(list);
        }
        rt.subscr(obj, index, SubscrOp::Load)
    }

    /// `iter(v)`, with the VM's iterators for tuples.
    pub(crate) fn get_iter(&self, v: Value) -> PyResult {
        let rt = self.rt();
        if rt.downcast_exact::<Tuple>(v).is_some() {
            return new_index_iter(rt, v, |rt, seq, i| {
                rt.downcast::<Tuple>(seq)
                    .and_then(|t| t.items().get(i).copied())
            });
        }
        rt.get_iter(v)
    }

    /// Unpacks `seq` into exactly `n` values written to `out[0..n]` in
    /// order (`out` points into the VM stack).
    pub(crate) fn unpack_into(&self, seq: Value, n: usize, out: *mut Value) -> PyResult<()> {
        let rt = self.rt();
        let write = |i: usize, v: Value| {
            // SAFETY: callers reserve `n` slots at `out`; `i < n`.
            unsafe { out.add(i).write(v) }
        };
        if let Some(t) = rt.downcast_exact::<Tuple>(seq) {
            let items = t.items();
            if items.len() != n {
                return Err(unpack_error(self, n, items.len()));
            }
            for (i, &v) in items.iter().enumerate() {
                write(i, v);
            }
            return Ok(());
        }
        if let Some(l) = rt.downcast_exact::<List>(seq) {
            if l.len() != n {
                return Err(unpack_error(self, n, l.len()));
            }
            for i in 0..n {
                write(i, l.get(i).unwrap_or(Value::NONE));
            }
            return Ok(());
        }
        let it = self.get_iter(seq)?;
        for i in 0..n {
            match rt.iter_next(it)? {
                Some(v) => write(i, v),
                None => return Err(unpack_error(self, n, i)),
            }
        }
        if rt.iter_next(it)?.is_some() {
            return Err(rt.value_error(format_args!("too many values to unpack (expected {n})")));
        }
        Ok(())
    }

    /// All items of an iterable, as a new list.
    pub(crate) fn to_list(&self, v: Value) -> PyResult {
        let rt = self.rt();
        let list = new_list(rt, &[])?;
        let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
        if let Some(t) = rt.downcast_exact::<Tuple>(v) {
            for &x in t.items() {
                l.push(rt, x)?;
            }
            return Ok(list);
        }
        let it = self.get_iter(v)?;
        while let Some(x) = rt.iter_next(it)? {
            l.push(rt, x)?;
        }
        Ok(list)
    }
}

fn unpack_error(vm: &Vm, expected: usize, got: usize) -> Exc {
    let rt = vm.rt();
    if got < expected {
        rt.value_error(format_args!(
            "not enough values to unpack (expected {expected}, got {got})"
        ))
    } else {
        rt.value_error(format_args!(
            "too many values to unpack (expected {expected})"
        ))
    }
}
