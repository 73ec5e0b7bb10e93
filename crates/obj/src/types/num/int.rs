//! `int` and `bool`: operators (small-int fast paths first, big ints through
//! `pyrite-num`), `int()`, `bool()`, printing and methods.

use core::cmp::Ordering;
use core::fmt::Write as _;

#[cfg(feature = "bigint")]
use pyrite_num::NumResult;
#[cfg(feature = "num-extras")]
use pyrite_num::bigint::mag;
use pyrite_num::bigint::{BigRef, signed, text};
#[cfg(feature = "bigint")]
use pyrite_num::bigint::{Limb, Written};
use pyrite_num::{NumError, ZeroDivKind};

#[cfg(feature = "bigint")]
use super::bigint::IntBuilder;
use super::bigint::{
    build, build_maybe_small, int_from_big, int_from_i64, int_from_i128, with_scratch,
};
use super::float::{float_arith, float_to_int};
use super::{IntView, cmp_int_float, compare_result, int_to_float, int_view, num_error};
use crate::args::Args;
use crate::error::PyResult;
use crate::object::{PrintKind, Slots, Type, TypeFlags, methods_sorted};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::{FmtSink, Sink};
use crate::types::function::NativeFn;
use crate::types::str::{BYTES_TYPE, STR_TYPE, new_str};
use crate::types::tuple::new_tuple;
use crate::value::{Float, Value};

/// The value of an int-like value as `i64`, if it is an int (or bool) that
/// fits.
pub fn int_to_i64(rt: &Rt, v: Value) -> Option<i64> {
    int_view(rt, v)?.to_i64()
}

fn zero_div(rt: &Rt, kind: ZeroDivKind) -> crate::Exc {
    num_error(rt, NumError::ZeroDivision(kind))
}

fn negative_shift(rt: &Rt) -> crate::Exc {
    rt.value_error(format_args!("negative shift count"))
}

// ----- operators on two small ints -------------------------------------------

/// `a * b` if it fits `i64`. Out of line on 32-bit targets, where the
/// overflow check is a long run of 64-bit multiplications.
#[cfg_attr(feature = "compact", inline(never))]
fn mul_i64(a: i64, b: i64) -> Option<i64> {
    a.checked_mul(b)
}

/// The product of two small ints (or bools), if it fits `i64`: always on
/// 32-bit targets, whose 31-bit small ints need no overflow check.
#[inline(always)]
fn mul_small(x: i64, y: i64) -> Option<i64> {
    if cfg!(target_pointer_width = "32") {
        Some(x * y)
    } else {
        x.checked_mul(y)
    }
}

/// Arithmetic type of [`small_op`]: `i64` on hosts; on 32-bit boards
/// `i32`, which holds any sum, difference, quotient or remainder of two
/// 31-bit small ints (and 64-bit arithmetic there is long).
#[cfg(target_pointer_width = "64")]
type SmallWide = i64;
#[cfg(not(target_pointer_width = "64"))]
type SmallWide = i32;

/// `x op y` for two small ints (or bools). `Ok(None)`: not an int operator.
#[inline]
fn small_op(rt: &Rt, op: BinaryOp, x: SmallWide, y: SmallWide) -> PyResult<Option<Value>> {
    use BinaryOp::*;
    let int = |i: SmallWide| int_from_i64(rt, i as i64);
    // Small ints have at most 51 bits (31 on 32-bit boards), so sums and
    // differences fit `SmallWide`.
    Ok(Some(match op {
        Add => int(x + y)?,
        Subtract => int(x - y)?,
        Multiply => {
            let (x, y) = (x as i64, y as i64);
            match mul_small(x, y) {
                Some(p) => int_from_i64(rt, p)?,
                // Only 64-bit targets get here: 31-bit small ints' products
                // fit `i64`, and a 32-bit image then has no `i128`
                // multiplication.
                None if cfg!(target_pointer_width = "64") => {
                    int_from_i128(rt, x as i128 * y as i128)?
                }
                None => return big_op(rt, op, IntView::Small(x), IntView::Small(y)),
            }
        }
        FloorDivide | Modulo | Divmod => {
            if y == 0 {
                return Err(zero_div(
                    rt,
                    if op == Modulo {
                        ZeroDivKind::IntModulo
                    } else {
                        ZeroDivKind::IntDivision
                    },
                ));
            }
            let (mut q, mut r) = (x / y, x % y);
            if r != 0 && ((r < 0) != (y < 0)) {
                q -= 1;
                r += y;
            }
            match op {
                FloorDivide => int(q)?,
                Modulo => int(r)?,
                _ => {
                    let q = int(q)?;
                    new_tuple(rt, &[q, int(r)?])?
                }
            }
        }
        TrueDivide => {
            if y == 0 {
                return Err(zero_div(rt, ZeroDivKind::Division));
            }
            // Both fit 53 bits: one correctly rounded division.
            Value::float((x as f64 / y as f64) as Float)
        }
        Power => return small_pow(rt, x as i64, y as i64).map(Some),
        Lshift => {
            let (x, y) = (x as i64, y as i64);
            if y < 0 {
                return Err(negative_shift(rt));
            }
            if x == 0 {
                Value::small_int_unchecked(0)
            } else if cfg!(target_pointer_width = "32") && y <= 32 {
                // A 31-bit small int shifted by at most 32 fits `i64`.
                int_from_i64(rt, x << y)?
            } else if cfg!(target_pointer_width = "64") && y < 64 {
                int_from_i128(rt, (x as i128) << y)?
            } else {
                return big_op(rt, op, IntView::Small(x), IntView::Small(y));
            }
        }
        Rshift => {
            if y < 0 {
                return Err(negative_shift(rt));
            }
            int(x >> y.min(SmallWide::BITS as SmallWide - 1))?
        }
        And => int(x & y)?,
        Or => int(x | y)?,
        Xor => int(x ^ y)?,
        Less | More | LessEqual | MoreEqual | Equal | NotEqual => {
            // One three-way compare (64-bit compares are long on 32-bit
            // targets); the interpreter compares small ints itself.
            Value::bool(compare_result(op, Some(x.cmp(&y))).unwrap_or(false))
        }
        _ => return Ok(None),
    }))
}

fn small_pow(rt: &Rt, x: i64, y: i64) -> PyResult {
    if y < 0 {
        return negative_power(rt, IntView::Small(x), IntView::Small(y));
    }
    let mut acc: i64 = 1;
    let mut base = x;
    let mut e = y;
    loop {
        if e & 1 == 1 {
            match mul_i64(acc, base) {
                Some(p) => acc = p,
                None => break,
            }
        }
        e >>= 1;
        if e == 0 {
            return int_from_i64(rt, acc);
        }
        match mul_i64(base, base) {
            Some(b) => base = b,
            None => break,
        }
    }
    big_pow(rt, IntView::Small(x), IntView::Small(y))
}

/// `x ** y` for a negative int exponent: a float, as CPython does.
fn negative_power(rt: &Rt, x: IntView<'_>, y: IntView<'_>) -> PyResult {
    let (fx, fy) = (int_to_float(rt, x)?, int_to_float(rt, y)?);
    super::float::float_pow(rt, fx, fy)
}

// ----- operators on big ints ---------------------------------------------------

/// Without big ints, the small-int paths call these only for a result
/// beyond the small ints.
#[cfg(not(feature = "bigint"))]
fn big_pow(rt: &Rt, _x: IntView<'_>, _y: IntView<'_>) -> PyResult {
    Err(super::bigint::small_int_overflow(rt))
}

#[cfg(not(feature = "bigint"))]
fn big_op(rt: &Rt, _op: BinaryOp, _x: IntView<'_>, _y: IntView<'_>) -> PyResult<Option<Value>> {
    Err(super::bigint::small_int_overflow(rt))
}

#[cfg(feature = "bigint")]
fn big_pow(rt: &Rt, x: IntView<'_>, y: IntView<'_>) -> PyResult {
    if y.is_negative() {
        return negative_power(rt, x, y);
    }
    let (mut xbuf, mut ybuf) = ([0; signed::I64_LEN], [0; signed::I64_LEN]);
    let (b, yb) = (x.as_big(&mut xbuf), y.as_big(&mut ybuf));
    let Some(e) = signed::to_u64(yb) else {
        // Only 0, 1 and -1 have representable powers this large.
        return match x.to_i64() {
            Some(0) => Ok(Value::small_int_unchecked(0)),
            Some(1) => Ok(Value::small_int_unchecked(1)),
            Some(-1) => {
                let odd = yb.mag.first().is_some_and(|l| l & 1 == 1);
                Ok(Value::small_int_unchecked(if odd { -1 } else { 1 }))
            }
            _ => Err(rt.memory_error()),
        };
    };
    let Some(n) = pyrite_num::bigint::pow::pow_len(b.mag, e) else {
        return Err(rt.memory_error());
    };
    let mut out = IntBuilder::new(rt, n)?;
    let w = with_scratch(rt, n, |scratch| {
        pyrite_num::bigint::pow::pow(b, e, out.limbs_mut(), scratch)
    })?
    .map_err(|e| num_error(rt, e))?;
    Ok(out.finish(w))
}

/// A new int `f(a, b)` of at most `cap` limbs: the shape of most big-int
/// operators, kept out of line so that they share one copy.
#[cfg(feature = "bigint")]
#[inline(never)]
fn build_binary(
    rt: &Rt,
    cap: usize,
    a: BigRef<'_>,
    b: BigRef<'_>,
    f: fn(BigRef<'_>, BigRef<'_>, &mut [Limb]) -> NumResult<Written>,
) -> PyResult {
    build(rt, cap, |o| f(a, b, o))
}

/// `x op y` for ints of any size. `Ok(None)`: not an int operator.
#[cfg(feature = "bigint")]
fn big_op(rt: &Rt, op: BinaryOp, x: IntView<'_>, y: IntView<'_>) -> PyResult<Option<Value>> {
    use BinaryOp::*;
    let (xl, yl) = (x.limb_len(), y.limb_len());
    let (mut xbuf, mut ybuf) = ([0; signed::I64_LEN], [0; signed::I64_LEN]);
    let (a, b) = (x.as_big(&mut xbuf), y.as_big(&mut ybuf));
    Ok(Some(match op {
        Add | Subtract => {
            let f = if op == Add { signed::add } else { signed::sub };
            build_binary(rt, signed::add_len(xl, yl), a, b, f)?
        }
        Multiply => build_binary(rt, signed::mul_len(xl, yl), a, b, signed::mul)?,
        FloorDivide | Modulo | Divmod => {
            if y.is_zero() {
                return Err(zero_div(
                    rt,
                    if op == Modulo {
                        ZeroDivKind::IntModulo
                    } else {
                        ZeroDivKind::IntDivision
                    },
                ));
            }
            let b = b.norm();
            let (ql, rl) = (
                signed::divmod_q_len(a.mag.len(), b.mag.len()),
                signed::divmod_r_len(a.mag.len(), b.mag.len()),
            );
            match op {
                Modulo => build_binary(rt, rl, a, b, signed::modulo)?,
                FloorDivide => {
                    let mut q = IntBuilder::new(rt, ql)?;
                    let w = with_scratch(rt, rl, |r| signed::floordiv(a, b, q.limbs_mut(), r))?
                        .map_err(|e| num_error(rt, e))?;
                    q.finish(w)
                }
                _ => {
                    let mut q = IntBuilder::new(rt, ql)?;
                    let mut r = IntBuilder::new(rt, rl)?;
                    let (wq, wr) = signed::divmod(a, b, q.limbs_mut(), r.limbs_mut())
                        .map_err(|e| num_error(rt, e))?;
                    let (q, r) = (q.finish(wq), r.finish(wr));
                    new_tuple(rt, &[q, r])?
                }
            }
        }
        TrueDivide => {
            if y.is_zero() {
                return Err(zero_div(rt, ZeroDivKind::Division));
            }
            let f = with_scratch(rt, signed::truediv_scratch_len(xl, yl), |s| {
                signed::truediv(a, b, s)
            })?
            .map_err(|e| num_error(rt, e))?;
            let f = f as Float;
            if f.is_infinite() {
                return Err(num_error(
                    rt,
                    NumError::Overflow(pyrite_num::OverflowKind::IntDivisionResult),
                ));
            }
            Value::float(f)
        }
        Power => big_pow(rt, x, y)?,
        Lshift | Rshift => {
            if y.is_negative() {
                return Err(negative_shift(rt));
            }
            if x.is_zero() {
                return Ok(Some(Value::small_int_unchecked(0)));
            }
            let count = y.to_i64();
            if op == Rshift {
                let Some(count) = count else {
                    return Ok(Some(Value::small_int_unchecked(if x.is_negative() {
                        -1
                    } else {
                        0
                    })));
                };
                build(rt, signed::shr_len(xl, count as u64), |o| {
                    signed::shr(a, count, o)
                })?
            } else {
                let Some(n) = count.and_then(|c| signed::shl_len(xl, c as u64)) else {
                    return Err(rt.memory_error());
                };
                let count = count.unwrap_or(0);
                build(rt, n, |o| signed::shl(a, count, o))?
            }
        }
        And | Or | Xor => {
            let f = match op {
                And => signed::and,
                Or => signed::or,
                _ => signed::xor,
            };
            build_binary(rt, signed::bitwise_len(xl, yl), a, b, f)?
        }
        Less | More | LessEqual | MoreEqual | Equal | NotEqual => {
            let ord = signed::cmp(a, b);
            Value::bool(compare_result(op, Some(ord)).unwrap_or(false))
        }
        _ => return Ok(None),
    }))
}

/// `x op y` with an int on the left and anything on the right.
// Without big ints both views are always small.
#[cfg_attr(not(feature = "bigint"), allow(irrefutable_let_patterns))]
fn int_op(rt: &Rt, op: BinaryOp, x: IntView<'_>, b: Value) -> PyResult<Option<Value>> {
    if let Some(y) = int_view(rt, b) {
        if let (IntView::Small(i), IntView::Small(j)) = (x, y) {
            // Small views hold small ints and bools: they fit `SmallWide`.
            return small_op(rt, op, i as SmallWide, j as SmallWide);
        }
        return big_op(rt, op, x, y);
    }
    if let Some(f) = b.as_float() {
        if let Some(r) = compare_result(op, cmp_int_float(x, f as f64)) {
            return Ok(Some(Value::bool(r)));
        }
        if !is_float_operator(op) {
            return Ok(None);
        }
        let xf = int_to_float(rt, x)?;
        return float_arith(rt, op, xf, f);
    }
    #[cfg(feature = "complex")]
    if is_float_operator(op) && rt.downcast::<super::Complex>(b).is_some() {
        let xf = int_to_float(rt, x)?;
        return super::complex::real_op_complex(rt, op, (xf, 0.0), b);
    }
    Ok(None)
}

/// Whether a float operand joins `op` (arithmetic, not bitwise).
pub(crate) fn is_float_operator(op: BinaryOp) -> bool {
    use BinaryOp::*;
    matches!(
        op,
        Add | Subtract | Multiply | TrueDivide | FloorDivide | Modulo | Divmod | Power
    )
}

fn int_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let op = op.without_inplace();
    if let (Some(x), Some(y)) = (a.as_small_int(), b.as_small_int()) {
        return small_op(rt, op, x as SmallWide, y as SmallWide);
    }
    match int_view(rt, a) {
        Some(x) => int_op(rt, op, x, b),
        None => Ok(None),
    }
}

fn int_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let Some(x) = int_view(rt, v) else {
        return Ok(None);
    };
    Ok(Some(match (op, x) {
        (UnaryOp::Bool, _) => Value::bool(!x.is_zero()),
        (UnaryOp::Positive | UnaryOp::Int, IntView::Small(i)) => Value::small_int_unchecked(i as _),
        (UnaryOp::Positive | UnaryOp::Int, IntView::Big(..)) => v,
        (UnaryOp::Negative, IntView::Small(i)) => int_from_i64(rt, -i)?,
        (UnaryOp::Abs, IntView::Small(i)) => int_from_i64(rt, i.abs())?,
        (UnaryOp::Invert, IntView::Small(i)) => int_from_i64(rt, !i)?,
        (UnaryOp::Negative, IntView::Big(b, ..)) => int_from_big(rt, b.negate())?,
        (UnaryOp::Abs, IntView::Big(b, ..)) => {
            if b.is_negative() {
                int_from_big(rt, b.abs())?
            } else {
                v
            }
        }
        (UnaryOp::Invert, IntView::Big(b, ..)) => {
            build(rt, signed::invert_len(b.mag.len()), |o| {
                signed::invert(b, o)
            })?
        }
        _ => return Ok(None),
    }))
}

// ----- printing ------------------------------------------------------------------

/// Writes an int in `base` (2..=36) with an optional prefix after the sign.
pub(crate) fn write_int_base(
    rt: &Rt,
    x: IntView<'_>,
    base: u32,
    prefix: &str,
    out: &mut dyn Sink,
) -> PyResult<()> {
    if x.is_negative() {
        out.put(b"-")?;
    }
    out.put(prefix.as_bytes())?;
    let mut fmt = FmtSink::new(out);
    let result = match x {
        // Decimal small ints (what `print` and `str` see) take `core`'s
        // formatter; other bases share the big-int digit writer.
        IntView::Small(i) if base == 10 => {
            write!(fmt, "{}", i.unsigned_abs()).map_err(|_| NumError::Write)
        }
        _ => {
            let mut buf = [0; signed::I64_LEN];
            let b = x.as_big(&mut buf);
            with_scratch(rt, text::to_str_scratch_len(b.mag.len(), base), |s| {
                text::write_int(&mut fmt, b.abs(), base, false, s)
            })?
        }
    };
    match result {
        Ok(()) => fmt.finish(Ok(())),
        Err(NumError::Write) => fmt.finish(Err(core::fmt::Error)),
        Err(e) => Err(num_error(rt, e)),
    }
}

fn int_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    match int_view(rt, this) {
        Some(x) => write_int_base(rt, x, 10, "", out),
        None => Ok(()),
    }
}

// ----- constructors --------------------------------------------------------------

/// `int(x)` for one argument.
pub(crate) fn int_of(rt: &Rt, x: Value) -> PyResult {
    if let Some(v) = int_view(rt, x) {
        return Ok(match v {
            IntView::Small(i) => Value::small_int_unchecked(i as _),
            IntView::Big(..) => x,
        });
    }
    if let Some(f) = x.as_float() {
        return float_to_int(rt, f as f64);
    }
    if rt.str_bytes(x).is_some() {
        return super::int_from_str(rt, x, 10);
    }
    if let Some(b) = super::buffer_as_bytes(rt, x)? {
        return super::int_from_str(rt, b, 10);
    }
    let ty = rt.type_of(x);
    if let Some(unary) = ty.slots.unary_op
        && let Some(r) = unary(rt, UnaryOp::Int, x)?
    {
        return Ok(r);
    }
    Err(rt.type_error(format_args!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        rt.qstr_display(ty.name)
    )))
}

fn int_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let mut base = None;
    for (name, value) in args.kw_pairs() {
        if name.as_qstr() == Some(q::base) {
            base = Some(value);
        } else {
            return Err(rt.type_error(format_args!(
                "'{}' is an invalid keyword argument for int()",
                rt.qstr_display(name.as_qstr().unwrap_or(Qstr::from_index(0)))
            )));
        }
    }
    match (args.pos, base) {
        ([], None) => Ok(Value::small_int_unchecked(0)),
        ([x], None) => int_of(rt, *x),
        ([x], Some(base)) => int_with_base(rt, *x, base),
        ([x, base], None) => int_with_base(rt, *x, *base),
        ([], Some(_)) => Err(rt.type_error(format_args!("int() missing string argument"))),
        _ => Err(rt.type_error(format_args!(
            "int() takes at most 2 arguments ({} given)",
            args.pos.len() + args.kw_len()
        ))),
    }
}

fn int_with_base(rt: &Rt, x: Value, base: Value) -> PyResult {
    let Some(b) = int_view(rt, base) else {
        return Err(crate::types::num::not_an_integer(rt, base));
    };
    let x = super::buffer_as_bytes(rt, x)?.unwrap_or(x);
    int_from_str(rt, x, b.to_i64().unwrap_or(i64::MAX))
}

use super::int_from_str;

// ----- methods -------------------------------------------------------------------

#[cfg(feature = "num-extras")]
fn int_bit_length(rt: &Rt, this: Value) -> PyResult {
    let Some(x) = int_view(rt, this) else {
        return Err(rt.type_error(format_args!("descriptor requires an 'int' object")));
    };
    let n = match x {
        IntView::Small(i) => 64 - i.unsigned_abs().leading_zeros() as u64,
        IntView::Big(b, ..) => mag::bit_length(b.mag),
    };
    int_from_i64(rt, n as i64)
}

/// `'little'`/`'big'` as "is little".
fn byteorder(rt: &Rt, v: Value) -> PyResult<bool> {
    // The text of a `str` (or subclass); `bytes` are refused as non-str.
    let text = rt
        .str_bytes(v)
        .filter(|_| v.is_qstr() || core::ptr::eq(rt.type_of(v).native, &STR_TYPE));
    match text {
        Some(b"little") => Ok(true),
        Some(b"big") => Ok(false),
        Some(_) => Err(rt.value_error(format_args!("byteorder must be either 'little' or 'big'"))),
        None => Err(rt.type_error(format_args!(
            "argument 'byteorder' must be str, not {}",
            crate::types::str::type_name(rt, v)
        ))),
    }
}

/// Keyword arguments of `to_bytes`/`from_bytes`: fills `slots` (positional
/// names in order) and returns `signed`.
fn bytes_args(
    rt: &Rt,
    name: &str,
    args: Args<'_>,
    first: usize,
    names: [Qstr; 2],
    slots: &mut [Option<Value>; 2],
) -> PyResult<bool> {
    let pos = &args.pos[first..];
    if pos.len() > 2 {
        return Err(rt.type_error(format_args!(
            "{name}() takes at most 2 positional arguments ({} given)",
            pos.len()
        )));
    }
    for (slot, &v) in slots.iter_mut().zip(pos) {
        *slot = Some(v);
    }
    let mut is_signed = false;
    for (k, v) in args.kw_pairs() {
        let k = k.as_qstr().unwrap_or(Qstr::from_index(0));
        if k == q::signed {
            is_signed = rt.truthy(v)?;
        } else if let Some(i) = names.iter().position(|&n| n == k) {
            if slots[i].is_some() {
                return Err(rt.type_error(format_args!(
                    "argument for {name}() given by name ('{}') and position",
                    rt.qstr_display(k)
                )));
            }
            slots[i] = Some(v);
        } else {
            return Err(rt.type_error(format_args!(
                "{name}() got an unexpected keyword argument '{}'",
                rt.qstr_display(k)
            )));
        }
    }
    Ok(is_signed)
}

fn int_to_bytes(rt: &Rt, args: Args<'_>) -> PyResult {
    let Some(x) = int_view(rt, args.pos[0]) else {
        return Err(rt.type_error(format_args!("descriptor requires an 'int' object")));
    };
    let mut slots = [None; 2];
    let is_signed = bytes_args(
        rt,
        "to_bytes",
        args,
        1,
        [q::length, q::byteorder],
        &mut slots,
    )?;
    let length = match slots[0] {
        None => 1,
        Some(v) => match int_view(rt, v) {
            Some(n) if n.is_negative() => {
                return Err(rt.value_error(format_args!("length argument must be non-negative")));
            }
            Some(n) => match n.to_i64().and_then(|n| usize::try_from(n).ok()) {
                Some(n) => n,
                // Beyond a machine word: only a big int gets here.
                #[cfg(feature = "bigint")]
                None => return Err(crate::types::num::word_overflow(rt)),
                #[cfg(not(feature = "bigint"))]
                None => return Err(rt.memory_error()),
            },
            None => {
                return Err(crate::types::num::not_an_integer(rt, v));
            }
        },
    };
    let little = match slots[1] {
        None => false,
        Some(v) => byteorder(rt, v)?,
    };
    let words = length.div_ceil(size_of::<pyrite_num::Limb>());
    with_scratch(rt, words, |s| {
        // SAFETY: reinterpreting initialised `u32`s as bytes: same memory,
        // `length <= 4 * words`, alignment 1.
        let bytes = unsafe { core::slice::from_raw_parts_mut(s.as_mut_ptr().cast::<u8>(), length) };
        x.with_big(|b| pyrite_num::bigint::bytes::to_bytes(b, bytes, little, is_signed))
            .map_err(|e| num_error(rt, e))?;
        new_str(rt, &BYTES_TYPE, bytes)
    })?
}

fn int_from_bytes(rt: &Rt, args: Args<'_>) -> PyResult {
    // Called as `int.from_bytes(...)` (no receiver) or on an int or a
    // type (a receiver to skip): bytes are never ints.
    let first = match args.pos.first() {
        Some(&v) if int_view(rt, v).is_some() || rt.downcast::<Type>(v).is_some() => 1,
        _ => 0,
    };
    let mut slots = [None; 2];
    let is_signed = bytes_args(
        rt,
        "from_bytes",
        args,
        first,
        [q::bytes, q::byteorder],
        &mut slots,
    )?;
    let Some(data) = slots[0] else {
        return Err(rt.type_error(format_args!(
            "from_bytes() missing required argument 'bytes' (pos 1)"
        )));
    };
    let little = match slots[1] {
        None => false,
        Some(v) => byteorder(rt, v)?,
    };
    let ty = rt.type_of(data);
    let is_str = data.is_qstr() || core::ptr::eq(ty.native, &STR_TYPE);
    // Any other iterable of ints converts as `bytes(data)` would (the new
    // object stays on this stack while its bytes are read).
    let data = if !is_str
        && rt.str_bytes(data).is_none()
        && ty.slots.buffer.is_none()
        && (ty.slots.iter.is_some() || ty.slots.iternext.is_some())
    {
        rt.call(
            Value::from_static(&BYTES_TYPE),
            Args::positional(core::slice::from_ref(&data)),
        )?
    } else {
        data
    };
    let bytes: &[u8] = if is_str {
        None
    } else if let Some(b) = rt.str_bytes(data) {
        Some(b)
    } else if let Some(buffer) = rt.type_of(data).slots.buffer.and_then(|f| f(rt, data)) {
        // SAFETY: a buffer view is valid while its object is alive and
        // unchanged; `data` stays on our caller's stack and nothing runs
        // Python code before the bytes are read.
        Some(unsafe { core::slice::from_raw_parts(buffer.ptr.as_ptr(), buffer.len) })
    } else {
        None
    }
    .ok_or_else(|| {
        rt.type_error(format_args!(
            "cannot convert '{}' object to bytes",
            crate::types::str::type_name(rt, data)
        ))
    })?;
    let cap = pyrite_num::bigint::bytes::from_bytes_len(bytes.len());
    if cap <= 4 {
        let mut buf = [0; 4];
        let w = pyrite_num::bigint::bytes::from_bytes(bytes, little, is_signed, &mut buf)
            .map_err(|e| num_error(rt, e))?;
        return int_from_big(rt, w.as_ref(&buf));
    }
    build_maybe_small(rt, cap, |o| {
        pyrite_num::bigint::bytes::from_bytes(bytes, little, is_signed, o)
    })
}

static INT_METHODS: [(Qstr, Value); 2 + super::NUM_EXTRAS] = [
    rom_method!(
        from_bytes,
        NativeFn::Kw {
            min: 0,
            f: int_from_bytes
        }
    ),
    rom_method!(
        to_bytes,
        NativeFn::Kw {
            min: 1,
            f: int_to_bytes
        }
    ),
    #[cfg(feature = "num-extras")]
    rom_method!(bit_length, NativeFn::F1(int_bit_length)),
];
const _: () = assert!(
    methods_sorted(&INT_METHODS),
    "INT_METHODS must be sorted by qstr"
);

static INT_SLOTS: Slots = Slots {
    make_new: Some(int_make_new),
    print: Some(int_print),
    unary_op: Some(int_unary),
    binary_op: Some(int_binary),
    ..Slots::EMPTY
};

/// `int`: small ints in the word, big ints as [`super::Int`] objects.
pub static INT_TYPE: Type = crate::types::builtin_type(
    q::int,
    TypeFlags::BASETYPE,
    b'h',
    &INT_TYPE,
    &INT_SLOTS,
    &INT_METHODS,
);

// ----- bool -------------------------------------------------------------------------

fn bool_print(_rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    out.put(if this == Value::TRUE {
        b"True"
    } else {
        b"False"
    })
}

fn bool_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!("bool() takes no keyword arguments")));
    }
    match args.pos {
        [] => Ok(Value::FALSE),
        [x] => Ok(Value::bool(rt.truthy(*x)?)),
        _ => Err(rt.type_error(format_args!(
            "bool expected at most 1 argument, got {}",
            args.pos.len()
        ))),
    }
}

fn bool_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let op = op.without_inplace();
    // `&`, `|`, `^` of two bools stay bools.
    if matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor)
        && let (Some(x), Some(y)) = (a.as_immediate(), b.as_immediate())
        && matches!(
            (x, y),
            (
                crate::value::Immediate::True | crate::value::Immediate::False,
                crate::value::Immediate::True | crate::value::Immediate::False
            )
        )
    {
        let (x, y) = (a == Value::TRUE, b == Value::TRUE);
        return Ok(Some(Value::bool(match op {
            BinaryOp::And => x & y,
            BinaryOp::Or => x | y,
            _ => x ^ y,
        })));
    }
    int_binary(rt, op, a, b)
}

/// The slots of `bool`: prints `True`/`False`, computes as `1`/`0`.
pub(crate) static BOOL_SLOTS: Slots = Slots {
    make_new: Some(bool_make_new),
    print: Some(bool_print),
    unary_op: Some(int_unary),
    binary_op: Some(bool_binary),
    ..Slots::EMPTY
};

/// Three-way comparison of two ints (for callers that sort or clamp).
pub fn int_cmp(rt: &Rt, a: Value, b: Value) -> Option<Ordering> {
    let (x, y) = (int_view(rt, a)?, int_view(rt, b)?);
    Some(super::big_cmp(x, y))
}

/// A big int's magnitude as a [`BigRef`] for callers outside this module.
pub fn as_big_ref(rt: &Rt, v: Value) -> Option<BigRef<'_>> {
    rt.downcast::<super::Int>(v).map(|i| i.as_big())
}
