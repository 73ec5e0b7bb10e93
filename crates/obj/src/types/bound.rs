//! Bound methods: a function with its receiver, made when a method is
//! loaded as a value (`f = obj.method`). Calls through `obj.method(...)`
//! never make one: the VM uses `Rt::load_method`.

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::PyResult;
use crate::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

/// A bound method.
#[repr(C)]
pub struct BoundMethod {
    header: ObjHeader,
    /// The function.
    pub func: Value,
    /// The receiver, passed as the first argument.
    pub receiver: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `BOUND_METHOD_TYPE` owns it.
unsafe impl Object for BoundMethod {
    const TYPE: &'static Type = &BOUND_METHOD_TYPE;
}

/// Makes a bound method.
pub fn new_bound_method(rt: &Rt, func: Value, receiver: Value) -> PyResult {
    let obj = rt
        .alloc(size_of::<BoundMethod>(), AllocFlags::NONE)?
        .cast::<BoundMethod>();
    // SAFETY: fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(BoundMethod {
            header: ObjHeader::new(&BOUND_METHOD_TYPE),
            func,
            receiver,
        });
        Ok(Value::from_object(obj.cast()))
    }
}

/// Calls `func` with `receiver` before the positional arguments, without
/// allocating for up to 7 arguments.
pub fn call_with_receiver(rt: &Rt, func: Value, receiver: Value, args: Args<'_>) -> PyResult {
    const ON_STACK: usize = 8;
    let n = args.pos.len() + 1;
    if n <= ON_STACK {
        let mut buf = [Value::NULL; ON_STACK];
        buf[0] = receiver;
        buf[1..n].copy_from_slice(args.pos);
        return rt.call(
            func,
            Args {
                pos: &buf[..n],
                kw: args.kw,
            },
        );
    }
    // A scanned heap buffer (reachable from this frame through the machine
    // stack) holds longer argument lists; freed right after the call.
    let bytes = n
        .checked_mul(size_of::<Value>())
        .ok_or_else(|| rt.memory_error())?;
    let buf = rt.alloc(bytes, AllocFlags::NONE)?;
    // SAFETY: the allocation holds `n` values; it is ours alone until freed.
    let slice = unsafe {
        let data = buf.cast::<Value>().as_ptr();
        data.write(receiver);
        core::ptr::copy_nonoverlapping(args.pos.as_ptr(), data.add(1), n - 1);
        core::slice::from_raw_parts(data, n)
    };
    let result = rt.call(
        func,
        Args {
            pos: slice,
            kw: args.kw,
        },
    );
    rt.heap().free(buf);
    result
}

fn bound_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    let Some(m) = rt.downcast::<BoundMethod>(this) else {
        return Err(rt.type_error(format_args!("not a bound method")));
    };
    call_with_receiver(rt, m.func, m.receiver, args)
}

fn bound_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let Some(m) = rt.downcast::<BoundMethod>(this) else {
        return Ok(());
    };
    out.put(b"<bound_method ")?;
    rt.print(m.func, out, PrintKind::Repr)?;
    out.put(b" of ")?;
    rt.print(m.receiver, out, PrintKind::Repr)?;
    out.put(b">")
}

/// `__name__` (the function's, as MicroPython) and `__func__` (CPython's),
/// read-only.
fn bound_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let (AttrOp::Load(dest), Some(m)) = (op, rt.downcast::<BoundMethod>(this)) else {
        return Ok(false);
    };
    let found = match name {
        q::__func__ => Some(m.func),
        q::__name__ => rt.try_load_attr(m.func, name)?,
        _ => None,
    };
    if let Some(v) = found {
        dest[0] = v;
    }
    Ok(found.is_some())
}

static BOUND_SLOTS: Slots = Slots {
    call: Some(bound_call),
    print: Some(bound_print),
    attr: Some(bound_attr),
    ..Slots::EMPTY
};

/// The type of bound methods.
pub static BOUND_METHOD_TYPE: Type = super::builtin_type(
    q::bound_method,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &BOUND_METHOD_TYPE,
    &BOUND_SLOTS,
    &[],
);
