//! `int` and `float`. Small ints and floats live in the value word; big ints
//! (arbitrary precision, over `pyrite-num`) join `int` with the numeric
//! operations.

use core::fmt::Write as _;

use crate::error::PyResult;
use crate::object::{PrintKind, Slots, Type, TypeFlags};
use crate::qstr::q;
use crate::rt::Rt;
use crate::sink::{FmtSink, Sink};
use crate::value::Value;

fn int_print(_rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    match this.as_small_int() {
        Some(i) => {
            let mut fmt = FmtSink::new(out);
            let result = write!(fmt, "{i}");
            fmt.finish(result)
        }
        None => Ok(()),
    }
}

fn float_print(_rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let Some(x) = this.as_float() else {
        return Ok(());
    };
    let mut fmt = FmtSink::new(out);
    #[cfg(target_pointer_width = "64")]
    let result = pyrite_num::float::write_repr_f64(&mut fmt, x);
    #[cfg(target_pointer_width = "32")]
    let result = pyrite_num::float::write_repr_f32(&mut fmt, x);
    fmt.finish(result)
}

static INT_SLOTS: Slots = Slots {
    print: Some(int_print),
    ..Slots::EMPTY
};
static FLOAT_SLOTS: Slots = Slots {
    print: Some(float_print),
    ..Slots::EMPTY
};

/// `int`.
pub static INT_TYPE: Type = super::builtin_type(
    q::int,
    TypeFlags::BASETYPE,
    b'h',
    &INT_TYPE,
    &INT_SLOTS,
    &[],
);

/// `float`.
pub static FLOAT_TYPE: Type = super::builtin_type(
    q::float,
    TypeFlags::BASETYPE,
    b'F',
    &FLOAT_TYPE,
    &FLOAT_SLOTS,
    &[],
);
