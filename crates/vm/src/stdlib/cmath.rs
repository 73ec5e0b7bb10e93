//! `cmath` (feature `complex`): MicroPython's set, `e`, `pi`, `phase`,
//! `polar`, `rect`, `exp`, `log`, `log10`, `sqrt`, `cos` and `sin`, over
//! `libm` in this target's `Float`.
//!
//! As in MicroPython, the functions follow their formulas without domain
//! checks (`log(0)` is `(-inf+0j)`, not CPython's `ValueError`); `sqrt`
//! takes the half-angle form CPython uses, so `sqrt(-1)` is exactly `1j`.

use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::num::complex::{Parts, new_complex, number_parts};
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{Float, PyResult, Rt, Value, q};

use super::{set, set_fns, to_float, type_name};
use crate::vm::Vm;

/// The `libm` functions for this target's `Float`.
#[cfg(target_pointer_width = "64")]
mod fl {
    pub(super) use libm::{atan2, copysign, cos, cosh, exp, hypot, log, log10, sin, sinh, sqrt};
}
#[cfg(not(target_pointer_width = "64"))]
mod fl {
    pub(super) use libm::{
        copysignf as copysign, coshf as cosh, hypotf as hypot, log10f as log10, sinhf as sinh,
        sqrtf as sqrt,
    };
    pub(super) use pyrite_num::float::atrig32::atan2;
    pub(super) use pyrite_num::float::explog32::{exp, ln as log};
    pub(super) use pyrite_num::float::trig32::{cos, sin};
}

const LN_10: Float = core::f64::consts::LN_10 as Float;

/// A number argument as complex parts, or `TypeError`.
fn parts(rt: &Rt, v: Value) -> PyResult<Parts> {
    number_parts(rt, v)?.ok_or_else(|| {
        rt.type_error(format_args!(
            "must be real number, not {}",
            type_name(rt, v)
        ))
    })
}

fn complex(rt: &Rt, (re, im): Parts) -> PyResult {
    new_complex(rt, re, im)
}

fn c_phase(rt: &Rt, z: Value) -> PyResult {
    let (re, im) = parts(rt, z)?;
    Ok(Value::float(fl::atan2(im, re)))
}

fn c_polar(rt: &Rt, z: Value) -> PyResult {
    let (re, im) = parts(rt, z)?;
    new_tuple(
        rt,
        &[
            Value::float(fl::hypot(re, im)),
            Value::float(fl::atan2(im, re)),
        ],
    )
}

fn c_rect(rt: &Rt, r: Value, phi: Value) -> PyResult {
    let (r, phi) = (to_float(rt, r)?, to_float(rt, phi)?);
    complex(rt, (r * fl::cos(phi), r * fl::sin(phi)))
}

fn c_exp(rt: &Rt, z: Value) -> PyResult {
    let (re, im) = parts(rt, z)?;
    let m = fl::exp(re);
    complex(rt, (m * fl::cos(im), m * fl::sin(im)))
}

fn c_log(rt: &Rt, z: Value) -> PyResult {
    let (re, im) = parts(rt, z)?;
    complex(rt, (fl::log(fl::hypot(re, im)), fl::atan2(im, re)))
}

fn c_log10(rt: &Rt, z: Value) -> PyResult {
    let (re, im) = parts(rt, z)?;
    complex(
        rt,
        (fl::log10(fl::hypot(re, im)), fl::atan2(im, re) / LN_10),
    )
}

fn c_sqrt(rt: &Rt, z: Value) -> PyResult {
    let (re, im) = parts(rt, z)?;
    if re == 0.0 && im == 0.0 {
        return complex(rt, (0.0, im));
    }
    // The root of the larger of (|re| + |z|) / 2 and its partner, whose
    // sum never cancels; the other part follows from 2 * a * b = im.
    let t = fl::sqrt((re.abs() + fl::hypot(re, im)) / 2.0);
    complex(
        rt,
        if re >= 0.0 {
            (t, im / (2.0 * t))
        } else {
            (im.abs() / (2.0 * t), fl::copysign(t, im))
        },
    )
}

fn c_cos(rt: &Rt, z: Value) -> PyResult {
    let (re, im) = parts(rt, z)?;
    complex(
        rt,
        (fl::cos(re) * fl::cosh(im), -fl::sin(re) * fl::sinh(im)),
    )
}

fn c_sin(rt: &Rt, z: Value) -> PyResult {
    let (re, im) = parts(rt, z)?;
    complex(rt, (fl::sin(re) * fl::cosh(im), fl::cos(re) * fl::sinh(im)))
}

static PHASE: BuiltinFn = BuiltinFn::new(q::phase, NativeFn::F1(c_phase));
static POLAR: BuiltinFn = BuiltinFn::new(q::polar, NativeFn::F1(c_polar));
static RECT: BuiltinFn = BuiltinFn::new(q::rect, NativeFn::F2(c_rect));
static EXP: BuiltinFn = BuiltinFn::new(q::exp, NativeFn::F1(c_exp));
static LOG: BuiltinFn = BuiltinFn::new(q::log, NativeFn::F1(c_log));
static LOG10: BuiltinFn = BuiltinFn::new(q::log10, NativeFn::F1(c_log10));
static SQRT: BuiltinFn = BuiltinFn::new(q::sqrt, NativeFn::F1(c_sqrt));
static COS: BuiltinFn = BuiltinFn::new(q::cos, NativeFn::F1(c_cos));
static SIN: BuiltinFn = BuiltinFn::new(q::sin, NativeFn::F1(c_sin));

static FNS: [&BuiltinFn; 9] = [&PHASE, &POLAR, &RECT, &EXP, &LOG, &LOG10, &SQRT, &COS, &SIN];

/// Fills the `cmath` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    set(rt, dict, q::e, Value::float(core::f64::consts::E as Float))?;
    set(
        rt,
        dict,
        q::pi,
        Value::float(core::f64::consts::PI as Float),
    )?;
    set_fns(rt, dict, &FNS)
}
