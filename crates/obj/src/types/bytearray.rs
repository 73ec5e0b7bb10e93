//! `bytearray`: a mutable byte buffer.
//!
//! Four words (one block) pointing to a separately allocated **no-scan**
//! buffer, so a large `bytearray(10000)` costs the collector nothing to
//! mark, and the buffer protocol hands its bytes to `readinto` without
//! allocating.
//!
//! Every mutation goes through [`ByteArray`]'s methods, which never hold a
//! borrowed view of the buffer across a resize; operations that take another
//! bytes-like value (possibly this same array) copy it first when it could
//! alias.

use core::cell::Cell;
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::PyResult;
use crate::object::{
    Buffer, ObjHeader, Object, PrintKind, Slots, SubscrOp, Type, TypeFlags, methods_sorted,
};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

use super::function::NativeFn;
use super::slice::Slice;
use super::str::{
    BYTES_TYPE, Kind, Text, byte_value, bytes_from, bytes_like, construct_args, int_arg, int_value,
    item_index, shared, slice_text, sort_methods, text, text_binary, text_methods, type_name,
    write_quoted,
};
#[cfg(feature = "str-extras")]
use super::{str::var, str_methods as m};

/// A bytearray.
#[repr(C)]
pub struct ByteArray {
    header: ObjHeader,
    len: Cell<usize>,
    cap: Cell<usize>,
    data: Cell<*mut u8>,
}

// SAFETY: `#[repr(C)]` with the header first; `BYTEARRAY_TYPE` owns it.
unsafe impl Object for ByteArray {
    const TYPE: &'static Type = &BYTEARRAY_TYPE;
}

impl ByteArray {
    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.len.get()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    /// The bytes. Valid until the array is next changed: callers must not
    /// hold the slice across a mutation or a call into Python code.
    pub fn bytes(&self) -> &[u8] {
        let p = self.data.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: `data` holds `cap >= len` bytes, allocated by `reserve`.
        unsafe { core::slice::from_raw_parts(p, self.len.get()) }
    }

    fn data_mut(&self) -> *mut u8 {
        self.data.get()
    }

    /// Makes room for `extra` more bytes.
    pub fn reserve(&self, rt: &Rt, extra: usize) -> PyResult<()> {
        let need = self
            .len
            .get()
            .checked_add(extra)
            .ok_or_else(|| rt.memory_error())?;
        if need <= self.cap.get() {
            return Ok(());
        }
        let cap = if self.cap.get() == 0 {
            need
        } else {
            need.max(self.cap.get() + self.cap.get() / 2).max(8)
        };
        let data = match NonNull::new(self.data.get()) {
            Some(old) => rt.realloc(old, cap, true)?,
            None => rt.alloc(cap, AllocFlags::NO_SCAN)?,
        };
        self.data.set(data.as_ptr());
        self.cap
            .set(rt.heap().alloc_size(data.as_ptr()).unwrap_or(cap));
        Ok(())
    }

    /// Appends `bytes`, which must not point into this array.
    fn push_slice(&self, rt: &Rt, bytes: &[u8]) -> PyResult<()> {
        self.reserve(rt, bytes.len())?;
        let len = self.len.get();
        // SAFETY: `reserve` made room for `len + bytes.len()` bytes; the
        // source is a different allocation (callers copy aliasing sources).
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.data_mut().add(len), bytes.len());
        }
        self.len.set(len + bytes.len());
        Ok(())
    }

    /// Appends one byte.
    pub fn push(&self, rt: &Rt, b: u8) -> PyResult<()> {
        self.push_slice(rt, &[b])
    }

    /// Appends the contents of a bytes-like value (possibly this array).
    pub fn extend_from_value(&self, rt: &Rt, v: Value) -> PyResult<bool> {
        let Some(n) = bytes_like(rt, v).map(|t| t.bytes.len()) else {
            return Ok(false);
        };
        self.reserve(rt, n)?;
        // Re-read the source after `reserve`: it may be this array, whose
        // buffer may have moved.
        let src = bytes_like(rt, v).map_or(&[][..], |t| t.bytes);
        let n = n.min(src.len());
        let len = self.len.get();
        // SAFETY: room for `len + n` bytes; `copy` allows the source to be
        // the first `len` bytes of this same buffer (disjoint from the
        // destination range, which starts at `len`).
        unsafe { core::ptr::copy(src.as_ptr(), self.data_mut().add(len), n) };
        self.len.set(len + n);
        Ok(true)
    }

    /// Replaces bytes `start..end` with `new` (which must not alias).
    fn splice(&self, rt: &Rt, start: usize, end: usize, new: &[u8]) -> PyResult<()> {
        let len = self.len.get();
        let (start, end) = (start.min(len), end.min(len).max(start.min(len)));
        let removed = end - start;
        if new.len() > removed {
            self.reserve(rt, new.len() - removed)?;
        }
        let p = self.data_mut();
        if p.is_null() {
            return Ok(());
        }
        // SAFETY: every range below lies within the `cap` bytes of the
        // buffer: the tail `end..len` moves to `start + new.len()`, which
        // fits after `reserve`; `new` is a different allocation.
        unsafe {
            core::ptr::copy(p.add(end), p.add(start + new.len()), len - end);
            core::ptr::copy_nonoverlapping(new.as_ptr(), p.add(start), new.len());
        }
        self.len.set(len - removed + new.len());
        Ok(())
    }

    fn set_byte(&self, i: usize, b: u8) {
        if i < self.len.get() {
            // SAFETY: `i < len <= cap`.
            unsafe { *self.data_mut().add(i) = b };
        }
    }

    fn remove_range_step(&self, r: &super::slice::SliceIndices) {
        // Delete the selected indices, keeping the others in order.
        let len = self.len.get();
        let p = self.data_mut();
        if r.len == 0 || p.is_null() {
            return;
        }
        let (lo, step) = if r.step > 0 {
            (r.start as usize, r.step as usize)
        } else {
            (r.index(r.len - 1), (-r.step) as usize)
        };
        let mut w = lo;
        for i in lo..len {
            let selected = i >= lo && (i - lo).is_multiple_of(step) && (i - lo) / step < r.len;
            if !selected {
                // SAFETY: `w <= i < len`.
                unsafe { *p.add(w) = *p.add(i) };
                w += 1;
            }
        }
        self.len.set(w);
    }
}

/// Makes a bytearray holding a copy of `bytes`.
pub fn new_bytearray(rt: &Rt, bytes: &[u8]) -> PyResult {
    let v = alloc_bytearray(rt)?;
    if let Some(ba) = rt.downcast::<ByteArray>(v) {
        ba.push_slice(rt, bytes)?;
    }
    Ok(v)
}

/// Makes a bytearray of `n` zero bytes (`bytearray(n)`).
pub fn new_bytearray_zeroed(rt: &Rt, n: usize) -> PyResult {
    let v = alloc_bytearray(rt)?;
    if let Some(ba) = rt.downcast::<ByteArray>(v) {
        // Fresh allocations are zeroed.
        ba.reserve(rt, n)?;
        ba.len.set(n);
    }
    Ok(v)
}

fn alloc_bytearray(rt: &Rt) -> PyResult {
    let obj = rt
        .alloc(size_of::<ByteArray>(), AllocFlags::NONE)?
        .cast::<ByteArray>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(ByteArray {
            header: ObjHeader::new(&BYTEARRAY_TYPE),
            len: Cell::new(0),
            cap: Cell::new(0),
            data: Cell::new(core::ptr::null_mut()),
        });
        Ok(Value::from_object(obj.cast()))
    }
}

fn this(rt: &Rt, v: Value) -> PyResult<&ByteArray> {
    rt.downcast::<ByteArray>(v).ok_or_else(|| {
        rt.type_error(format_args!(
            "descriptor requires a 'bytearray' object but received a '{}'",
            type_name(rt, v)
        ))
    })
}

/// The bytes of an assigned value as an immutable `bytes` (copied when it
/// could alias the array, or built from an iterable of ints).
fn immutable_bytes(rt: &Rt, v: Value) -> PyResult<Value> {
    if rt.downcast_native(v, &BYTES_TYPE).is_some() {
        return Ok(v);
    }
    if v.is_small_int() || text(rt, v).is_some_and(|t| t.is_str()) {
        return Err(rt.type_error(format_args!(
            "can assign only bytes, buffers, or iterables of ints in range(0, 256)"
        )));
    }
    bytes_from(rt, v, None, None, Kind::Bytes)
}

fn ba_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let (obj, encoding, errors) = construct_args(rt, "bytearray", &args)?;
    match obj {
        None if encoding.is_some() || errors.is_some() => {
            Err(rt.type_error(format_args!("encoding without a string argument")))
        }
        None => new_bytearray(rt, b""),
        Some(obj) => bytes_from(rt, obj, encoding, errors, Kind::ByteArray),
    }
}

fn ba_print(rt: &Rt, v: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let ba = this(rt, v)?;
    out.put(b"bytearray(")?;
    write_quoted(out, ba.bytes(), true)?;
    out.put(b")")
}

fn ba_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let ba = this(rt, v)?;
    Ok(match op {
        UnaryOp::Len => Some(int_value(ba.len())),
        UnaryOp::Bool => Some(Value::bool(!ba.is_empty())),
        _ => None,
    })
}

fn ba_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let ba = this(rt, a)?;
    match op {
        BinaryOp::InplaceAdd => {
            if ba.extend_from_value(rt, b)? {
                Ok(Some(a))
            } else {
                Err(rt.type_error(format_args!(
                    "can't concat {} to bytearray",
                    type_name(rt, b)
                )))
            }
        }
        BinaryOp::InplaceMultiply => {
            let Ok(n) = int_arg(rt, b) else {
                return Ok(None);
            };
            let n = n.max(0) as usize;
            let len = ba.len();
            if n == 0 {
                ba.len.set(0);
                return Ok(Some(a));
            }
            if len == 0 {
                // Nothing to copy, however large the count.
                return Ok(Some(a));
            }
            ba.reserve(rt, len.checked_mul(n - 1).ok_or_else(|| rt.memory_error())?)?;
            let p = ba.data_mut();
            for k in 1..n {
                // SAFETY: room for `len * n` bytes; the source (the first
                // `len` bytes) and destination ranges are disjoint.
                unsafe { core::ptr::copy_nonoverlapping(p, p.add(k * len), len) };
            }
            ba.len.set(len * n);
            Ok(Some(a))
        }
        _ => text_binary(rt, op, a, b),
    }
}

fn ba_subscr(rt: &Rt, v: Value, index: Value, op: SubscrOp) -> PyResult {
    let ba = this(rt, v)?;
    let t = Text {
        bytes: ba.bytes(),
        ascii: true,
        kind: Kind::ByteArray,
    };
    if let Some(sl) = rt.downcast::<Slice>(index) {
        return match op {
            SubscrOp::Load => slice_text(rt, v, t, sl),
            SubscrOp::Delete => {
                let r = sl.indices(rt, ba.len())?;
                if r.step == 1 {
                    let s = r.start as usize;
                    ba.splice(rt, s, s + r.len, &[])?;
                } else {
                    ba.remove_range_step(&r);
                }
                Ok(Value::NONE)
            }
            SubscrOp::Store(value) => {
                let src = immutable_bytes(rt, value)?;
                let new = bytes_like(rt, src).map_or(&[][..], |t| t.bytes);
                let r = sl.indices(rt, ba.len())?;
                if r.step == 1 {
                    let s = r.start as usize;
                    ba.splice(rt, s, s + r.len, new)?;
                } else {
                    if new.len() != r.len {
                        return Err(rt.value_error(format_args!(
                            "attempt to assign bytes of size {} to extended slice of size {}",
                            new.len(),
                            r.len
                        )));
                    }
                    for (k, &b) in new.iter().enumerate() {
                        ba.set_byte(r.index(k), b);
                    }
                }
                Ok(Value::NONE)
            }
        };
    }
    let i = item_index(rt, &t, index)?;
    match op {
        SubscrOp::Load => Ok(int_value(t.bytes[i] as usize)),
        SubscrOp::Store(value) => {
            let b = byte_value(rt, value)?;
            ba.set_byte(i, b);
            Ok(Value::NONE)
        }
        SubscrOp::Delete => {
            ba.splice(rt, i, i + 1, &[])?;
            Ok(Value::NONE)
        }
    }
}

fn ba_iter(rt: &Rt, v: Value) -> PyResult {
    super::iter::new_index_iter(rt, v, |rt, seq, i| {
        let ba = rt.downcast::<ByteArray>(seq)?;
        ba.bytes().get(i).map(|&b| int_value(b as usize))
    })
}

fn ba_buffer(rt: &Rt, v: Value) -> Option<Buffer> {
    let ba = rt.downcast::<ByteArray>(v)?;
    Some(Buffer {
        ptr: NonNull::new(ba.data_mut()).unwrap_or(NonNull::dangling()),
        len: ba.len(),
        writable: true,
        typecode: b'B',
    })
}

fn ba_append(rt: &Rt, v: Value, x: Value) -> PyResult {
    let ba = this(rt, v)?;
    ba.push(rt, byte_value(rt, x)?)?;
    Ok(Value::NONE)
}

fn ba_extend(rt: &Rt, v: Value, iterable: Value) -> PyResult {
    let ba = this(rt, v)?;
    if ba.extend_from_value(rt, iterable)? {
        return Ok(Value::NONE);
    }
    if text(rt, iterable).is_some() || iterable.is_small_int() {
        return Err(rt.type_error(format_args!(
            "can't extend bytearray with {}",
            type_name(rt, iterable)
        )));
    }
    let it = rt.get_iter(iterable)?;
    while let Some(x) = rt.iter_next(it)? {
        ba.push(rt, byte_value(rt, x)?)?;
    }
    Ok(Value::NONE)
}

#[cfg(feature = "str-extras")]
fn ba_pop(rt: &Rt, args: &[Value]) -> PyResult {
    let ba = this(rt, args[0])?;
    if ba.is_empty() {
        return Err(rt.error(
            &super::exc::INDEX_ERROR,
            format_args!("pop from empty bytearray"),
        ));
    }
    let n = ba.len() as i64;
    let i = match args.get(1) {
        Some(&v) => int_arg(rt, v)?,
        None => -1,
    };
    let r = if i < 0 { i + n } else { i };
    if r < 0 || r >= n {
        return Err(rt.error(
            &super::exc::INDEX_ERROR,
            format_args!("pop index out of range"),
        ));
    }
    let r = r as usize;
    let b = ba.bytes()[r];
    ba.splice(rt, r, r + 1, &[])?;
    Ok(int_value(b as usize))
}

#[cfg(feature = "str-extras")]
fn ba_insert(rt: &Rt, v: Value, at: Value, x: Value) -> PyResult {
    let ba = this(rt, v)?;
    let n = ba.len() as i64;
    let i = int_arg(rt, at)?;
    let b = byte_value(rt, x)?;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    ba.splice(rt, at, at, &[b])?;
    Ok(Value::NONE)
}

#[cfg(feature = "str-extras")]
fn ba_remove(rt: &Rt, v: Value, x: Value) -> PyResult {
    let ba = this(rt, v)?;
    let b = byte_value(rt, x)?;
    match ba.bytes().iter().position(|&c| c == b) {
        Some(i) => {
            ba.splice(rt, i, i + 1, &[])?;
            Ok(Value::NONE)
        }
        None => Err(rt.value_error(format_args!("value not found in bytearray"))),
    }
}

#[cfg(feature = "str-extras")]
fn ba_clear(rt: &Rt, v: Value) -> PyResult {
    let ba = this(rt, v)?;
    ba.len.set(0);
    Ok(Value::NONE)
}

#[cfg(feature = "str-extras")]
fn ba_copy(rt: &Rt, v: Value) -> PyResult {
    let ba = this(rt, v)?;
    let copy = alloc_bytearray(rt)?;
    if let Some(c) = rt.downcast::<ByteArray>(copy) {
        c.extend_from_value(rt, v)?;
    }
    let _ = ba;
    Ok(copy)
}

#[cfg(feature = "str-extras")]
fn ba_reverse(rt: &Rt, v: Value) -> PyResult {
    let ba = this(rt, v)?;
    let n = ba.len();
    let p = ba.data_mut();
    if !p.is_null() {
        // SAFETY: `p` holds `n` initialised bytes and no other reference to
        // them is alive during this call.
        unsafe { core::slice::from_raw_parts_mut(p, n) }.reverse();
    }
    Ok(Value::NONE)
}

static BYTEARRAY_SLOTS: Slots = Slots {
    make_new: Some(ba_make_new),
    print: Some(ba_print),
    unary_op: Some(ba_unary),
    binary_op: Some(ba_binary),
    subscr: Some(ba_subscr),
    iter: Some(ba_iter),
    buffer: Some(ba_buffer),
    ..Slots::EMPTY
};

static BYTEARRAY_METHODS: [(Qstr, Value);
    23 + super::str::CPYTHON_COMPAT + super::str::STR_EXTRAS * 24] = sort_methods([
    #[cfg(feature = "str-extras")]
    shared(&text_methods::CAPITALIZE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::CENTER),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::EXPANDTABS),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISALNUM),
    shared(&text_methods::ISALPHA),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISASCII),
    shared(&text_methods::ISDIGIT),
    shared(&text_methods::ISLOWER),
    shared(&text_methods::ISSPACE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISTITLE),
    shared(&text_methods::ISUPPER),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::LJUST),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::REMOVEPREFIX),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::REMOVESUFFIX),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::RJUST),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::SPLITLINES),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::SWAPCASE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::TITLE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ZFILL),
    rom_method!(append, NativeFn::F2(ba_append)),
    #[cfg(feature = "str-extras")]
    rom_method!(clear, NativeFn::F1(ba_clear)),
    #[cfg(feature = "str-extras")]
    rom_method!(copy, NativeFn::F1(ba_copy)),
    shared(&text_methods::COUNT),
    #[cfg(feature = "cpython-compat")]
    shared(&text_methods::DECODE),
    shared(&text_methods::ENDSWITH),
    rom_method!(extend, NativeFn::F2(ba_extend)),
    shared(&text_methods::FIND),
    #[cfg(feature = "str-extras")]
    var!(fromhex, 1, 2, m::bytearray_fromhex),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::HEX),
    shared(&text_methods::INDEX),
    #[cfg(feature = "str-extras")]
    rom_method!(insert, NativeFn::F3(ba_insert)),
    shared(&text_methods::JOIN),
    shared(&text_methods::LOWER),
    shared(&text_methods::LSTRIP),
    #[cfg(feature = "str-extras")]
    var!(pop, 1, 2, ba_pop),
    #[cfg(feature = "str-extras")]
    rom_method!(remove, NativeFn::F2(ba_remove)),
    shared(&text_methods::REPLACE),
    #[cfg(feature = "str-extras")]
    rom_method!(reverse, NativeFn::F1(ba_reverse)),
    shared(&text_methods::RFIND),
    shared(&text_methods::RINDEX),
    shared(&text_methods::RSPLIT),
    shared(&text_methods::RSTRIP),
    shared(&text_methods::SPLIT),
    shared(&text_methods::STARTSWITH),
    shared(&text_methods::STRIP),
    shared(&text_methods::UPPER),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::PARTITION),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::RPARTITION),
]);
const _: () = assert!(
    methods_sorted(&BYTEARRAY_METHODS),
    "BYTEARRAY_METHODS must be sorted by qstr"
);

/// `bytearray`.
pub static BYTEARRAY_TYPE: Type = super::builtin_type(
    q::bytearray,
    TypeFlags::BASETYPE.union(TypeFlags::UNHASHABLE),
    b'h',
    &BYTEARRAY_TYPE,
    &BYTEARRAY_SLOTS,
    &BYTEARRAY_METHODS,
);
