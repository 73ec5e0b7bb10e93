//! Shared helpers of the `machine` classes: argument parsing, conversions,
//! errors, buffers, object allocation and ROM tables.

use core::fmt::{self, Write as _};

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{ObjHeader, Object, Slots, Type, TypeFlags};
use pyrite_obj::types::exc;
use pyrite_obj::types::num::int_to_i64;
use pyrite_obj::types::str::{BYTES_TYPE, StrBuilder};
use pyrite_obj::types::{OBJECT_TYPE, TYPE_TYPE};
use pyrite_obj::{Exc, PyResult, Qstr, Rt, Sink, Value};

use crate::board::{BusName, HalError};

// ----- types and objects ----------------------------------------------------------

/// A `machine` class: a built-in type whose base is `object`.
pub(crate) const fn hal_type(
    name: Qstr,
    native: &'static Type,
    slots: &'static Slots,
    methods: &'static [(Qstr, Value)],
) -> Type {
    Type {
        header: ObjHeader::new(&TYPE_TYPE),
        name,
        flags: TypeFlags::EQ_IS_IDENTITY,
        map_char: b'h',
        native,
        base: Some(core::ptr::NonNull::from_ref(&OBJECT_TYPE)),
        slots,
        methods,
        locals: Value::NULL,
        bases: Value::NULL,
        mro: Value::NULL,
        instance_words: 0,
        dict_offset: 0,
    }
}

/// Sorts a ROM table by qstr index at compile time (the indices depend on
/// the order of `qstrs.txt`, which other crates append to), so the tables
/// can be written in a readable order.
pub(crate) const fn sorted<const N: usize>(mut t: [(Qstr, Value); N]) -> [(Qstr, Value); N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && t[j - 1].0.index() > t[j].0.index() {
            let tmp = t[j - 1];
            t[j - 1] = t[j];
            t[j] = tmp;
            j -= 1;
        }
        i += 1;
    }
    t
}

/// A class constant for a ROM table.
pub(crate) const fn constant(name: Qstr, v: i32) -> (Qstr, Value) {
    (name, Value::small_int_const(v as _))
}

/// Moves `obj` into a new heap object. `scan`: whether the object holds
/// `Value`s the collector must follow.
pub(crate) fn new_obj<T: Object>(rt: &Rt, obj: T, scan: bool) -> PyResult {
    let flags = if scan {
        AllocFlags::NONE
    } else {
        AllocFlags::NO_SCAN
    };
    let p = rt.alloc(size_of::<T>(), flags)?.cast::<T>();
    // SAFETY: a fresh heap allocation of `size_of::<T>()` bytes, aligned to
    // a block (more than any `T` here needs); `T` starts with its header
    // (the `Object` contract), so the pointer is an object pointer. The
    // types used here hold no `Drop` fields, so never dropping is fine.
    unsafe {
        p.as_ptr().write(obj);
        Ok(Value::from_object(p.cast()))
    }
}

// ----- arguments ---------------------------------------------------------------------

/// Binds positional and keyword arguments to `names` (the first `max_pos`
/// may be positional, the rest are keyword-only; the first `required` must
/// be given). Missing optional ones are `Value::NULL`.
pub(crate) fn parse_args<const N: usize>(
    rt: &Rt,
    pos: &[Value],
    kw: &[Value],
    names: [Qstr; N],
    max_pos: usize,
    required: usize,
) -> PyResult<[Value; N]> {
    let mut out = [Value::NULL; N];
    if pos.len() > max_pos.min(N) {
        return Err(rt.type_error(format_args!(
            "function takes at most {} positional arguments but {} were given",
            max_pos.min(N),
            pos.len()
        )));
    }
    out[..pos.len()].copy_from_slice(pos);
    for pair in kw.chunks_exact(2) {
        let key = pair[0];
        let text = rt.str_bytes(key).unwrap_or(b"");
        let at = names
            .iter()
            .position(|&n| key.as_qstr() == Some(n) || rt.qstr_text(n) == text);
        match at {
            Some(i) if out[i].is_null() => out[i] = pair[1],
            Some(_) => {
                return Err(rt.type_error(format_args!("argument '{}' given twice", Bytes(text))));
            }
            None => {
                return Err(rt.type_error(format_args!(
                    "unexpected keyword argument '{}'",
                    Bytes(text)
                )));
            }
        }
    }
    if let Some(i) = out[..required.min(N)].iter().position(|v| v.is_null()) {
        return Err(rt.type_error(format_args!(
            "missing required argument '{}'",
            rt.qstr_display(names[i])
        )));
    }
    Ok(out)
}

/// Whether an optional argument was given.
pub(crate) fn given(v: Value) -> bool {
    !v.is_null()
}

/// An int argument (bools count, as in Python).
pub(crate) fn int_arg(rt: &Rt, v: Value) -> PyResult<i64> {
    int_to_i64(rt, v).ok_or_else(|| {
        rt.type_error(format_args!(
            "can't convert {} to int",
            rt.qstr_display(rt.type_of(v).name)
        ))
    })
}

/// An int argument in `lo..=hi`.
pub(crate) fn int_in(rt: &Rt, v: Value, lo: i64, hi: i64, what: &str) -> PyResult<i64> {
    let n = int_arg(rt, v)?;
    if n < lo || n > hi {
        return Err(rt.value_error(format_args!("{what} out of range")));
    }
    Ok(n)
}

/// An int argument, or `default` when not given.
pub(crate) fn int_or(rt: &Rt, v: Value, default: i64) -> PyResult<i64> {
    if given(v) {
        int_arg(rt, v)
    } else {
        Ok(default)
    }
}

/// A Python int for `n`.
pub(crate) fn int_value(rt: &Rt, n: i64) -> PyResult {
    match Value::small_int(n) {
        Some(v) => Ok(v),
        None => pyrite_obj::types::num::int_from_i64(rt, n),
    }
}

// ----- errors ------------------------------------------------------------------------

/// The MicroPython errno for a device error (`None` for the errors that
/// raise `ValueError`).
pub(crate) fn errno(e: HalError) -> Option<i64> {
    match e {
        HalError::InvalidId | HalError::Unsupported => None,
        HalError::NoDevice => Some(19),
        HalError::Timeout => Some(110),
        HalError::Nack | HalError::Bus | HalError::Io => Some(5),
    }
}

/// The Python exception for a device error; `what` names the device
/// (`"UART(3)"`).
pub(crate) fn hal_error(rt: &Rt, e: HalError, what: fmt::Arguments<'_>) -> Exc {
    match errno(e) {
        None if e == HalError::InvalidId => rt.value_error(format_args!("{what} doesn't exist")),
        None => rt.value_error(format_args!("{what}: not supported")),
        Some(n) => os_error(rt, n),
    }
}

/// `OSError(n)`.
pub(crate) fn os_error(rt: &Rt, n: i64) -> Exc {
    let arg = Value::small_int(n).unwrap_or(Value::NONE);
    match exc::new_exception(rt, &exc::OS_ERROR, &[arg]) {
        Ok(e) => Exc(e),
        Err(e) => e,
    }
}

/// Bytes shown as text in messages.
pub(crate) struct Bytes<'a>(pub &'a [u8]);

impl fmt::Display for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_char(char::REPLACEMENT_CHARACTER)?;
            }
        }
        Ok(())
    }
}

/// Formats into a print sink.
pub(crate) fn print_fmt(out: &mut dyn Sink, args: fmt::Arguments<'_>) -> PyResult<()> {
    let mut w = pyrite_obj::sink::FmtSink::new(out);
    let r = w.write_fmt(args);
    w.finish(r)
}

// ----- buffers -------------------------------------------------------------------------

/// The bytes of a `str`, `bytes`, `bytearray` or other buffer-protocol
/// object. The slice is valid until Python code runs or the heap is
/// collected while the object is unreachable: callers use it within one
/// native call, with the object held by the call's arguments.
pub(crate) fn bytes_of(rt: &Rt, v: Value) -> PyResult<&[u8]> {
    if let Some(b) = rt.str_bytes(v) {
        return Ok(b);
    }
    match rt.type_of(v).slots.buffer.and_then(|f| f(rt, v)) {
        // SAFETY: a buffer view points to `len` live bytes of the object,
        // which the caller's arguments keep alive; no Python code runs (so
        // nothing resizes it) while the slice is used.
        Some(b) => Ok(unsafe { core::slice::from_raw_parts(b.ptr.as_ptr(), b.len) }),
        None => Err(rt.type_error(format_args!("object with buffer protocol required"))),
    }
}

/// The raw view of a buffer-protocol object (or of a `str`/`bytes`, when
/// not `writable`), without making a reference to its bytes.
pub(crate) fn raw_buffer(rt: &Rt, v: Value, writable: bool) -> PyResult<(*mut u8, usize)> {
    match rt.type_of(v).slots.buffer.and_then(|f| f(rt, v)) {
        Some(b) if b.writable || !writable => Ok((b.ptr.as_ptr(), b.len)),
        Some(_) => Err(rt.type_error(format_args!("buffer is read-only"))),
        None if !writable => match rt.str_bytes(v) {
            Some(b) => Ok((b.as_ptr().cast_mut(), b.len())),
            None => Err(rt.type_error(format_args!("object with buffer protocol required"))),
        },
        None => Err(rt.type_error(format_args!("object with buffer protocol required"))),
    }
}

/// A writable buffer (`bytearray`, `memoryview`, `array`), for `readinto`:
/// the caller's memory, so reading allocates nothing. Valid as for
/// [`bytes_of`]; the caller must not hold another slice of the same object.
#[allow(clippy::mut_from_ref)]
pub(crate) fn bytes_mut_of(rt: &Rt, v: Value) -> PyResult<&mut [u8]> {
    let (ptr, len) = raw_buffer(rt, v, true)?;
    // SAFETY: as in `bytes_of`, and the view is writable; callers hold no
    // other reference to these bytes while they use the slice (SPI's
    // `write_readinto` copies between overlapping buffers with raw pointers
    // before making this one).
    Ok(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
}

/// Bytes read into a fresh `bytes` object: `fill` gets an `n`-byte zeroed
/// buffer and returns how many it filled. Buffers up to 256 bytes are on
/// the stack; larger ones are a heap scratch `bytearray`.
pub(crate) fn new_bytes_with(
    rt: &Rt,
    n: usize,
    fill: impl FnOnce(&mut [u8]) -> PyResult<usize>,
) -> PyResult {
    const STACK: usize = 256;
    if n <= STACK {
        let mut buf = [0u8; STACK];
        let got = fill(&mut buf[..n])?.min(n);
        return pyrite_obj::types::str::new_str(rt, &BYTES_TYPE, &buf[..got]);
    }
    // The result first, then the scratch: nothing allocates between filling
    // the scratch and copying it out.
    let mut out = StrBuilder::with_capacity(rt, n)?;
    let scratch = pyrite_obj::types::bytearray::new_bytearray_zeroed(rt, n)?;
    let buf = bytes_mut_of(rt, scratch)?;
    let got = fill(buf)?.min(n);
    out.put(&buf[..got])?;
    out.finish(&BYTES_TYPE)
}

/// A bus id: a number, or a name from the board's table.
pub(crate) fn bus_id(rt: &Rt, v: Value, names: &[BusName], kind: &str) -> PyResult<u8> {
    if let Some(name) = rt.str_bytes(v) {
        return names
            .iter()
            .find(|n| n.name.as_bytes() == name)
            .map(|n| n.id)
            .ok_or_else(|| rt.value_error(format_args!("{kind}({}) doesn't exist", Bytes(name))));
    }
    let n = int_arg(rt, v)?;
    u8::try_from(n).map_err(|_| rt.value_error(format_args!("{kind}({n}) doesn't exist")))
}
