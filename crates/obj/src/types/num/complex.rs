//! `complex` (feature `complex`): a heap object holding two of the build's
//! `Float`s (`f64` on hosts, `f32` on the boards: one heap block either
//! way). Operators mix with ints, bools and floats on either side (the
//! int and float slots hand a complex right operand to [`complex_arith`]);
//! `==` and `hash` agree with ints and floats (`1+0j == 1`); ordering is a
//! `TypeError`. Text comes from `pyrite-num` (`complex::write_complex_repr`,
//! `parse_complex_*`), so `repr` is MicroPython's (`-1j`, `(1.5-2.25j)`).
//!
//! Where MicroPython and CPython compute differently, Pyrite takes
//! CPython's more exact algorithms: division scales by the larger part of
//! the divisor (`(1e200+1e200j)/(1e200+1e200j)` is `(1+0j)`), and an
//! integral exponent up to 100 multiplies out (`(1+2j)**2 == (-3+4j)`).

use core::cmp::Ordering;

use pyrite_gc::AllocFlags;
use pyrite_num::complex::write_complex_repr;

use super::{cmp_int_float, int_to_float, int_view};
use crate::args::Args;
use crate::error::{Exc, PyResult};
use crate::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::{FmtSink, Sink};
use crate::types::exc;
use crate::types::function::NativeFn;
use crate::value::{Float, Value};

/// The `libm` functions for this target's `Float`.
#[cfg(target_pointer_width = "64")]
mod fops {
    pub(super) use libm::{atan2, cos, exp, hypot, log, pow, sin, trunc};
}
#[cfg(not(target_pointer_width = "64"))]
mod fops {
    pub(super) use libm::{hypotf as hypot, truncf as trunc};
    pub(super) use pyrite_num::float::atrig32::atan2;
    pub(super) use pyrite_num::float::explog32::{exp, ln as log, pow};
    pub(super) use pyrite_num::float::trig32::{cos, sin};
}

/// A complex number.
#[repr(C)]
pub struct Complex {
    header: ObjHeader,
    /// The real part.
    pub real: Float,
    /// The imaginary part.
    pub imag: Float,
}

// SAFETY: `#[repr(C)]` with the header first; `COMPLEX_TYPE` owns the layout.
unsafe impl Object for Complex {
    const TYPE: &'static Type = &COMPLEX_TYPE;
}

/// A complex value's two parts.
pub type Parts = (Float, Float);

/// Makes `complex(real, imag)`.
pub fn new_complex(rt: &Rt, real: Float, imag: Float) -> PyResult {
    // Holds no pointers: the collector need not read it.
    let obj = rt
        .alloc(size_of::<Complex>(), AllocFlags::NO_SCAN)?
        .cast::<Complex>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(Complex {
            header: ObjHeader::new(&COMPLEX_TYPE),
            real,
            imag,
        });
        Ok(Value::from_object(obj.cast()))
    }
}

fn make(rt: &Rt, (re, im): Parts) -> PyResult {
    new_complex(rt, re, im)
}

/// The parts of a `complex` object.
pub fn complex_parts(rt: &Rt, v: Value) -> Option<Parts> {
    rt.downcast::<Complex>(v).map(|c| (c.real, c.imag))
}

/// The parts of any number (`int`, `bool`, `float`, `complex`); `None`
/// for other values. `OverflowError` for an int beyond the float range.
pub fn number_parts(rt: &Rt, v: Value) -> PyResult<Option<Parts>> {
    if let Some(x) = v.as_float() {
        return Ok(Some((x, 0.0)));
    }
    if let Some(i) = int_view(rt, v) {
        return Ok(Some((int_to_float(rt, i)?, 0.0)));
    }
    Ok(complex_parts(rt, v))
}

fn zero_division(rt: &Rt, what: &str) -> Exc {
    rt.error(&exc::ZERO_DIVISION_ERROR, format_args!("{what}"))
}

/// `x * y`.
fn mul((a, b): Parts, (c, d): Parts) -> Parts {
    (a * c - b * d, a * d + b * c)
}

/// `x / y`, scaled by the divisor's larger part so that neither the
/// divisor's square nor the products overflow early; `None` when `y` is
/// zero.
pub fn div((a, b): Parts, (c, d): Parts) -> Option<Parts> {
    let (abs_c, abs_d) = (c.abs(), d.abs());
    if abs_c >= abs_d {
        if abs_c == 0.0 {
            return None;
        }
        let ratio = d / c;
        let denom = c + d * ratio;
        Some(((a + b * ratio) / denom, (b - a * ratio) / denom))
    } else if abs_d >= abs_c {
        let ratio = c / d;
        let denom = c * ratio + d;
        Some(((a * ratio + b) / denom, (b * ratio - a) / denom))
    } else {
        // A NaN part: neither comparison holds.
        Some((Float::NAN, Float::NAN))
    }
}

/// `x ** y`; `None` for zero to a negative or complex power.
pub fn pow(x: Parts, y: Parts) -> Option<Parts> {
    if y == (0.0, 0.0) {
        return Some((1.0, 0.0));
    }
    if x == (0.0, 0.0) {
        return if y.1 != 0.0 || y.0 < 0.0 {
            None
        } else {
            Some((0.0, 0.0))
        };
    }
    let n = y.0;
    if y.1 == 0.0 && fops::trunc(n) == n && n.abs() <= 100.0 {
        // Exact for small integral powers: square and multiply.
        let mut e = n.abs() as u32;
        let (mut acc, mut base) = ((1.0, 0.0), x);
        while e > 0 {
            if e & 1 == 1 {
                acc = mul(acc, base);
            }
            base = mul(base, base);
            e >>= 1;
        }
        return if n < 0.0 {
            div((1.0, 0.0), acc).or(Some((Float::INFINITY, Float::INFINITY)))
        } else {
            Some(acc)
        };
    }
    let r = fops::hypot(x.0, x.1);
    let theta = fops::atan2(x.1, x.0);
    let mut len = fops::pow(r, y.0);
    let mut phase = theta * y.0;
    if y.1 != 0.0 {
        len /= fops::exp(theta * y.1);
        phase += y.1 * fops::log(r);
    }
    Some((len * fops::cos(phase), len * fops::sin(phase)))
}

/// `x op y` for two complex values (either may have come from an int or a
/// float); `Ok(None)` for an operator complex numbers do not have.
pub(crate) fn complex_arith(rt: &Rt, op: BinaryOp, x: Parts, y: Parts) -> PyResult<Option<Value>> {
    let r = match op.without_inplace() {
        BinaryOp::Add => (x.0 + y.0, x.1 + y.1),
        BinaryOp::Subtract => (x.0 - y.0, x.1 - y.1),
        BinaryOp::Multiply => mul(x, y),
        BinaryOp::TrueDivide => {
            div(x, y).ok_or_else(|| zero_division(rt, "complex division by zero"))?
        }
        BinaryOp::Power => {
            pow(x, y).ok_or_else(|| zero_division(rt, "0.0 to a negative or complex power"))?
        }
        // What `Rt::equal` asks of two complex numbers.
        BinaryOp::Equal => return Ok(Some(Value::bool(x == y))),
        _ => return Ok(None),
    };
    make(rt, r).map(Some)
}

/// `a op b` when `a` is an int or a float and `b` may be a complex: what
/// the int and float slots call for an operand they do not know.
pub(crate) fn real_op_complex(
    rt: &Rt,
    op: BinaryOp,
    a: Parts,
    b: Value,
) -> PyResult<Option<Value>> {
    match complex_parts(rt, b) {
        Some(y) => complex_arith(rt, op, a, y),
        None => Ok(None),
    }
}

/// `a == b` when either is a complex (`None`: neither is).
pub(crate) fn complex_equal(rt: &Rt, a: Value, b: Value) -> Option<bool> {
    let (c, other) = match (complex_parts(rt, a), complex_parts(rt, b)) {
        (Some(x), Some(y)) => return Some(x == y),
        (Some(x), None) => (x, b),
        (None, Some(y)) => (y, a),
        (None, None) => return None,
    };
    if c.1 != 0.0 {
        return Some(false);
    }
    if let Some(f) = other.as_float() {
        return Some(f == c.0);
    }
    // Exact against ints of any size.
    Some(int_view(rt, other).is_some_and(|i| cmp_int_float(i, c.0 as f64) == Some(Ordering::Equal)))
}

/// `hash()` of a complex, equal to the real part's when the imaginary part
/// is zero (so `hash(1+0j) == hash(1)`), as CPython combines them.
pub(crate) fn complex_hash(rt: &Rt, v: Value) -> Option<u32> {
    let (re, im) = complex_parts(rt, v)?;
    let part = |x: Float| pyrite_num::float::hash_f64(x as f64).unwrap_or(0);
    let h = part(re).wrapping_add(part(im).wrapping_mul(1_000_003));
    Some(if h as i32 == -1 {
        -2i32 as u32
    } else {
        h as u32
    })
}

fn complex_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let Some(x) = complex_parts(rt, a) else {
        return Ok(None);
    };
    match number_parts(rt, b)? {
        Some(y) => complex_arith(rt, op, x, y),
        None => Ok(None),
    }
}

fn complex_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let Some((re, im)) = complex_parts(rt, v) else {
        return Ok(None);
    };
    Ok(Some(match op {
        UnaryOp::Positive => v,
        UnaryOp::Negative => new_complex(rt, -re, -im)?,
        UnaryOp::Abs => Value::float(fops::hypot(re, im)),
        UnaryOp::Bool => Value::bool(re != 0.0 || im != 0.0),
        _ => return Ok(None),
    }))
}

/// Writes `repr(z)` (the same as `str(z)`).
pub(crate) fn write_complex(re: Float, im: Float, out: &mut dyn Sink) -> PyResult<()> {
    let mut fmt = FmtSink::new(out);
    #[cfg(target_pointer_width = "64")]
    let result = write_complex_repr(&mut fmt, re, im);
    #[cfg(target_pointer_width = "32")]
    let result = {
        use super::float::stored_f32;
        write_complex_repr(&mut fmt, stored_f32(re), stored_f32(im))
    };
    fmt.finish(result)
}

fn complex_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    match complex_parts(rt, this) {
        Some((re, im)) => write_complex(re, im, out),
        None => Ok(()),
    }
}

/// Parses complex text (`complex('1+2j')`, a .mpy file's complex
/// constant) in this target's float precision.
pub fn parse_complex(text: &[u8]) -> Option<Parts> {
    let text = core::str::from_utf8(text).ok()?;
    #[cfg(target_pointer_width = "64")]
    return pyrite_num::complex::parse_complex_f64(text).ok();
    #[cfg(target_pointer_width = "32")]
    return pyrite_num::complex::parse_complex_f32(text).ok();
}

/// One argument of `complex()`: a number, or (first argument only) text.
fn argument(rt: &Rt, v: Value, first: bool) -> PyResult<Parts> {
    if let Some(p) = number_parts(rt, v)? {
        return Ok(p);
    }
    if let Some(text) = rt.str_bytes(v) {
        if !first {
            return Err(rt.type_error(format_args!("complex() second arg can't be a string")));
        }
        return parse_complex(text)
            .ok_or_else(|| rt.value_error(format_args!("complex() arg is a malformed string")));
    }
    Err(rt.type_error(format_args!(
        "complex() {} must be {}a number, not '{}'",
        if first {
            "first argument"
        } else {
            "second argument"
        },
        if first { "a string or " } else { "" },
        crate::types::str::type_name(rt, v)
    )))
}

/// `complex(real=0, imag=0)`.
fn complex_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let mut given: [Option<Value>; 2] = [args.pos.first().copied(), args.pos.get(1).copied()];
    if args.pos.len() > 2 {
        return Err(rt.type_error(format_args!(
            "complex() takes at most 2 arguments ({} given)",
            args.pos.len() + args.kw_len()
        )));
    }
    for (name, v) in args.kw_pairs() {
        let slot = match name.as_qstr() {
            Some(q::real) => 0,
            Some(q::imag) => 1,
            _ => {
                return Err(
                    rt.type_error(format_args!("complex() got an unexpected keyword argument"))
                );
            }
        };
        if given[slot].replace(v).is_some() {
            return Err(rt.type_error(format_args!(
                "complex() got multiple values for an argument"
            )));
        }
    }
    match given {
        [None, None] => new_complex(rt, 0.0, 0.0),
        // `complex(z)` of a complex is `z` itself, as for other immutables.
        [Some(z), None] if complex_parts(rt, z).is_some() => Ok(z),
        [re_arg, im] => {
            let re = re_arg;
            let is_text = |v: Option<Value>| v.is_some_and(|v| rt.str_bytes(v).is_some());
            if is_text(re) && im.is_some() {
                return Err(rt.type_error(format_args!(
                    "complex() can't take second arg if first is a string"
                )));
            }
            let (a, b) = match re {
                Some(v) => argument(rt, v, true)?,
                None => (0.0, 0.0),
            };
            let Some(im) = im else {
                return new_complex(rt, a, b);
            };
            let (c, d) = argument(rt, im, false)?;
            // (a + bj) + (c + dj)j, adding only the parts a complex
            // argument has, so that `complex(1, -0.0)` keeps its signed
            // zero.
            let is_complex = |v: Option<Value>| v.is_some_and(|v| complex_parts(rt, v).is_some());
            let re = if is_complex(Some(im)) { a - d } else { a };
            let im = if is_complex(re_arg) { b + c } else { c };
            new_complex(rt, re, im)
        }
    }
}

fn complex_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let Some((re, im)) = complex_parts(rt, this) else {
        return Ok(false);
    };
    let v = match name {
        q::real => re,
        q::imag => im,
        _ => return Ok(false),
    };
    match op {
        AttrOp::Load(dest) => {
            dest[0] = Value::float(v);
            Ok(true)
        }
        _ => Err(rt.error(&exc::ATTRIBUTE_ERROR, format_args!("readonly attribute"))),
    }
}

fn complex_conjugate(rt: &Rt, this: Value) -> PyResult {
    match complex_parts(rt, this) {
        Some((re, im)) => new_complex(rt, re, -im),
        None => Err(rt.type_error(format_args!("descriptor requires a 'complex' object"))),
    }
}

static COMPLEX_METHODS: [(Qstr, Value); 1] =
    [rom_method!(conjugate, NativeFn::F1(complex_conjugate))];

static COMPLEX_SLOTS: Slots = Slots {
    make_new: Some(complex_make_new),
    print: Some(complex_print),
    unary_op: Some(complex_unary),
    binary_op: Some(complex_binary),
    attr: Some(complex_attr),
    ..Slots::EMPTY
};

/// `complex`.
pub static COMPLEX_TYPE: Type = crate::types::builtin_type(
    q::complex,
    TypeFlags::NONE,
    b'h',
    &COMPLEX_TYPE,
    &COMPLEX_SLOTS,
    &COMPLEX_METHODS,
);

#[cfg(test)]
mod tests {
    use super::{div, pow};

    #[test]
    fn division_scales_by_the_larger_part() {
        assert_eq!(div((1.0, 2.0), (3.0, 4.0)), Some((0.44, 0.08)));
        assert_eq!(div((1e200, 1e200), (1e200, 1e200)), Some((1.0, 0.0)));
        assert_eq!(div((1.0, 0.0), (0.0, 0.0)), None);
        assert_eq!(div((1.0, 1.0), (0.0, -0.0)), None);
        let (re, im) = div((1.0, 0.0), (f64::NAN as _, 1.0)).unwrap();
        assert!(re.is_nan() && im.is_nan());
    }

    #[test]
    fn integral_powers_multiply_out() {
        assert_eq!(pow((1.0, 2.0), (2.0, 0.0)), Some((-3.0, 4.0)));
        assert_eq!(pow((0.0, 2.0), (2.0, 0.0)), Some((-4.0, 0.0)));
        assert_eq!(pow((1.0, 2.0), (-1.0, 0.0)), Some((0.2, -0.4)));
        assert_eq!(pow((1.0, 2.0), (0.0, 0.0)), Some((1.0, 0.0)));
        assert_eq!(pow((0.0, 0.0), (0.0, 0.0)), Some((1.0, 0.0)));
        assert_eq!(pow((0.0, 0.0), (2.0, 0.0)), Some((0.0, 0.0)));
        assert_eq!(pow((0.0, 0.0), (-1.0, 0.0)), None);
        assert_eq!(pow((0.0, 0.0), (1.0, 1.0)), None);
        // i ** i = e ** (-pi / 2), through the polar form.
        let (re, im) = pow((0.0, 1.0), (0.0, 1.0)).unwrap();
        assert!((re - 0.20787957635076193).abs() < 1e-6 && im.abs() < 1e-6);
    }
}
