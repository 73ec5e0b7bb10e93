//! Big ints: the object layout, the builder that computes straight into a
//! new object, scratch buffers, and constructors.
//!
//! An [`Int`] is a header, one word holding the limb count and the sign,
//! then the little-endian `u32` limbs inline: one allocation, no-scan (limbs
//! are not references, and the header's type is a static). A 2-limb big int
//! is one 16-byte block on the boards.

use core::ptr::NonNull;

use pyrite_gc::AllocFlags;
use pyrite_num::NumError;
use pyrite_num::bigint::{BigRef, Limb, Written, signed, text};

use super::int::INT_TYPE;
use super::{Lossy, num_error};
use crate::error::PyResult;
use crate::object::{ObjHeader, Object, Type};
use crate::rt::Rt;
use crate::types::exc;
use crate::value::Value;

const SIGN: usize = 1 << (usize::BITS - 1);
#[cfg_attr(not(feature = "bigint"), allow(dead_code))]
const HEADER: usize = size_of::<Int>();
const LIMB: usize = size_of::<Limb>();

/// The most limbs a big int may have (16 GiB on hosts, 256 MiB on the
/// boards): beyond, `MemoryError` without trying, so `1 << 10**12` fails
/// fast.
pub const MAX_LIMBS: usize = if usize::BITS >= 64 { 1 << 32 } else { 1 << 26 };

/// Scratch of up to this many limbs lives on the machine stack.
const STACK_LIMBS: usize = 32;

/// A big int object; `len` limbs follow the struct.
#[repr(C)]
pub struct Int {
    header: ObjHeader,
    /// Number of limbs; the top bit is the sign.
    len_sign: usize,
}

// SAFETY: `#[repr(C)]` with the header first; `INT_TYPE` owns this layout
// (small ints never point at memory).
unsafe impl Object for Int {
    const TYPE: &'static Type = &INT_TYPE;
}

impl Int {
    /// Whether the value is negative.
    pub fn is_negative(&self) -> bool {
        self.len_sign & SIGN != 0
    }

    /// The magnitude, little-endian, normalised (no high zero limb).
    pub fn limbs(&self) -> &[Limb] {
        // SAFETY: the object was allocated with room for `len` limbs right
        // after the struct (see `IntBuilder`), written before `len` was set,
        // and never changed after.
        unsafe {
            let data = (self as *const Int).add(1).cast::<Limb>();
            core::slice::from_raw_parts(data, self.len_sign & !SIGN)
        }
    }

    /// The value as a [`BigRef`].
    pub fn as_big(&self) -> BigRef<'_> {
        BigRef::new(self.is_negative(), self.limbs())
    }
}

/// A big int being computed in place: an allocation with room for `cap`
/// limbs. [`IntBuilder::finish`] turns it into a value (a small int when
/// the result fits, freeing the allocation); dropping it frees it.
/// Without the `bigint` feature it is never made.
#[cfg_attr(not(feature = "bigint"), allow(dead_code))]
pub(crate) struct IntBuilder<'rt> {
    rt: &'rt Rt,
    obj: NonNull<Int>,
    cap: usize,
}

#[cfg_attr(not(feature = "bigint"), allow(dead_code))]
impl<'rt> IntBuilder<'rt> {
    /// Room for `cap` limbs; `MemoryError` if the heap cannot hold it.
    pub(crate) fn new(rt: &'rt Rt, cap: usize) -> PyResult<IntBuilder<'rt>> {
        if !cfg!(feature = "bigint") {
            return Err(small_int_overflow(rt));
        }
        if cap > MAX_LIMBS {
            return Err(rt.memory_error());
        }
        let obj = rt
            .alloc(HEADER + cap * LIMB, AllocFlags::NO_SCAN)?
            .cast::<Int>();
        // SAFETY: a fresh allocation large enough for the struct.
        unsafe {
            obj.as_ptr().write(Int {
                header: ObjHeader::new(&INT_TYPE),
                len_sign: 0,
            })
        };
        Ok(IntBuilder { rt, obj, cap })
    }

    /// The limbs to write the result into.
    pub(crate) fn limbs_mut(&mut self) -> &mut [Limb] {
        // SAFETY: the allocation holds `cap` limbs after the struct, zeroed
        // by the heap; `&mut self` makes this the only view of them.
        unsafe {
            let data = self.obj.as_ptr().add(1).cast::<Limb>();
            core::slice::from_raw_parts_mut(data, self.cap)
        }
    }

    /// Makes the value from the result `w` written into the limbs.
    pub(crate) fn finish(self, w: Written) -> Value {
        let len = w.len.min(self.cap);
        let value = {
            // SAFETY: as in `limbs_mut`; read-only now.
            let limbs = unsafe {
                core::slice::from_raw_parts(self.obj.as_ptr().add(1).cast::<Limb>(), len)
            };
            let r = BigRef::new(w.neg, limbs).norm();
            if r.mag.len() <= 2
                && let Some(small) = signed::to_i64(r).and_then(Value::small_int)
            {
                Some(small)
            } else {
                None
            }
        };
        let rt = self.rt;
        let obj = self.obj;
        core::mem::forget(self);
        if let Some(small) = value {
            rt.heap().free(obj.cast());
            return small;
        }
        // SAFETY: the header was written in `new`; `len <= cap` limbs hold
        // the normalised result (pyrite-num reports normalised lengths).
        unsafe {
            (*obj.as_ptr()).len_sign = len | if w.neg { SIGN } else { 0 };
        }
        // Give back the unused tail; shrinking never moves.
        let _ = rt.heap().realloc(obj.cast(), HEADER + len * LIMB, false);
        // SAFETY: a live object starting with its header.
        unsafe { Value::from_object(obj.cast()) }
    }
}

impl Drop for IntBuilder<'_> {
    fn drop(&mut self) {
        self.rt.heap().free(self.obj.cast());
    }
}

/// Computes a big-int result into a new object of `cap` limbs with `f`.
pub(crate) fn build(
    rt: &Rt,
    cap: usize,
    f: impl FnOnce(&mut [Limb]) -> Result<Written, NumError>,
) -> PyResult {
    #[cfg(not(feature = "bigint"))]
    {
        // Callers come here only for results beyond a small int: `f` is
        // never called, so the big-int algorithm stays out of the image.
        let _ = (cap, f);
        Err(small_int_overflow(rt))
    }
    #[cfg(feature = "bigint")]
    {
        let mut b = IntBuilder::new(rt, cap)?;
        let w = f(b.limbs_mut()).map_err(|e| num_error(rt, e))?;
        Ok(b.finish(w))
    }
}

/// An int computed by `f` into `cap` limbs, for a result that may still be
/// small although `cap` is large (text or bytes with leading zeros). With
/// big ints it is [`build`]; without, `f` writes into scratch space and
/// the result must fit a small int.
pub(crate) fn build_maybe_small(
    rt: &Rt,
    cap: usize,
    f: impl FnOnce(&mut [Limb]) -> Result<Written, NumError>,
) -> PyResult {
    #[cfg(feature = "bigint")]
    return build(rt, cap, f);
    #[cfg(not(feature = "bigint"))]
    with_scratch(rt, cap, |out| {
        let w = f(out).map_err(|e| num_error(rt, e))?;
        int_from_big(rt, w.as_ref(out))
    })?
}

/// `OverflowError: small int overflow`: an integer result beyond the small
/// ints, in a build without the `bigint` feature (MicroPython's message).
#[cold]
#[inline(never)]
pub(crate) fn small_int_overflow(rt: &Rt) -> crate::Exc {
    overflow_error(rt, "small int overflow")
}

/// Runs `f` with `n` limbs of scratch space: on the stack when small, else
/// a no-scan heap buffer freed afterwards.
pub(crate) fn with_scratch<R>(rt: &Rt, n: usize, f: impl FnOnce(&mut [Limb]) -> R) -> PyResult<R> {
    if n <= STACK_LIMBS {
        let mut buf: [Limb; STACK_LIMBS] = [0; STACK_LIMBS];
        return Ok(f(&mut buf[..n]));
    }
    if n > MAX_LIMBS {
        return Err(rt.memory_error());
    }
    let p = rt.alloc(n * LIMB, AllocFlags::NO_SCAN)?;
    // SAFETY: a fresh, zeroed, suitably aligned (block-aligned) allocation
    // of `n` limbs, used only through this slice until it is freed below.
    let scratch = unsafe { core::slice::from_raw_parts_mut(p.as_ptr().cast::<Limb>(), n) };
    let r = f(scratch);
    rt.heap().free(p);
    Ok(r)
}

/// An `int` from an `i64`: a small int when it fits.
pub fn int_from_i64(rt: &Rt, i: i64) -> PyResult {
    match Value::small_int(i) {
        Some(v) => Ok(v),
        None => build(rt, signed::I64_LEN, |out| signed::from_i64(i, out)),
    }
}

/// An `int` from a `u64`.
pub fn int_from_u64(rt: &Rt, u: u64) -> PyResult {
    match i64::try_from(u).ok().and_then(Value::small_int) {
        Some(v) => Ok(v),
        None => build(rt, signed::I64_LEN, |out| signed::from_u64(u, out)),
    }
}

/// An `int` from an `i128`.
pub fn int_from_i128(rt: &Rt, i: i128) -> PyResult {
    match i64::try_from(i).ok().and_then(Value::small_int) {
        Some(v) => Ok(v),
        None => build(rt, signed::I128_LEN, |out| signed::from_i128(i, out)),
    }
}

/// An `int` from a `u128`.
pub fn int_from_u128(rt: &Rt, u: u128) -> PyResult {
    match i64::try_from(u).ok().and_then(Value::small_int) {
        Some(v) => Ok(v),
        None => build(rt, signed::I128_LEN, |out| signed::from_u128(u, out)),
    }
}

/// An `int` equal to `b` (copied; a small int when it fits).
pub fn int_from_big(rt: &Rt, b: BigRef<'_>) -> PyResult {
    let b = b.norm();
    if let Some(v) = signed::to_i64(b).and_then(Value::small_int) {
        return Ok(v);
    }
    build(rt, b.mag.len(), |out| {
        out[..b.mag.len()].copy_from_slice(b.mag);
        Ok(Written::new(b.neg, b.mag.len()))
    })
}

/// Parses `text` with `parse` into limbs: on the stack when short (the
/// common case: no allocation for a small result), else into a new object.
fn parse_into(
    rt: &Rt,
    cap: usize,
    parse: impl FnOnce(&mut [Limb]) -> Result<Written, NumError>,
) -> Result<PyResult, NumError> {
    if cap <= 4 {
        let mut buf: [Limb; 4] = [0; 4];
        let w = parse(&mut buf)?;
        return Ok(int_from_big(rt, w.as_ref(&buf)));
    }
    #[cfg(not(feature = "bigint"))]
    return match with_scratch(rt, cap, |out| {
        parse(out).map(|w| int_from_big(rt, w.as_ref(out)))
    }) {
        Ok(r) => r,
        Err(e) => Ok(Err(e)),
    };
    #[cfg(feature = "bigint")]
    {
        let mut b = match IntBuilder::new(rt, cap) {
            Ok(b) => b,
            Err(e) => return Ok(Err(e)),
        };
        let w = parse(b.limbs_mut())?;
        Ok(Ok(b.finish(w)))
    }
}

/// An integer literal as the compiler writes it for `LOAD_CONST` (ASCII, no
/// sign: `123456789012345678901234567890`, `0xDEADBEEF0000DEADBEEF`,
/// `0o17`, `0b1`, underscores allowed). A malformed literal raises
/// `ValueError`.
pub fn parse_int_literal(rt: &Rt, text: &[u8]) -> PyResult {
    let invalid = || {
        rt.value_error(format_args!(
            "invalid literal for int() with base 0: '{}'",
            Lossy(text)
        ))
    };
    let s = core::str::from_utf8(text).map_err(|_| invalid())?;
    let cap = text::parse_int_len(s.len(), 0);
    parse_into(rt, cap, |out| {
        text::parse_int_literal(s, out).map(|n| Written::new(false, n))
    })
    .map_err(|e| match e {
        NumError::Value(_) => invalid(),
        e => num_error(rt, e),
    })?
}

/// `int(s, base)` for a `str` or `bytes` value `s` (base 0 or 2..=36),
/// with CPython's messages: `invalid literal for int() with base 10: '12a'`,
/// `int() base must be >= 2 and <= 36, or 0`.
pub fn int_from_str(rt: &Rt, s: Value, base: i64) -> PyResult {
    if base != 0 && !(2..=36).contains(&base) {
        return Err(rt.value_error(format_args!("int() base must be >= 2 and <= 36, or 0")));
    }
    let Some(bytes) = rt.str_bytes(s) else {
        return Err(rt.type_error(format_args!(
            "int() can't convert non-string with explicit base"
        )));
    };
    let invalid = || match rt.repr(s) {
        Ok(r) => rt.value_error(format_args!(
            "invalid literal for int() with base {base}: {}",
            Lossy(rt.str_bytes(r).unwrap_or(b""))
        )),
        Err(e) => e,
    };
    let Ok(text) = core::str::from_utf8(bytes) else {
        return Err(invalid());
    };
    let base = base as u32;
    let cap = text::parse_int_len(text.len(), base);
    parse_into(rt, cap, |out| text::parse_int(text, base, out)).map_err(|e| match e {
        NumError::Value(_) => invalid(),
        e => num_error(rt, e),
    })?
}

/// `ValueError` with the text of another exception type: for callers that
/// need a specific class.
pub(crate) fn error_of(rt: &Rt, ty: &Type, msg: &str) -> crate::Exc {
    rt.error(ty, format_args!("{msg}"))
}

/// `OverflowError` with `msg`.
pub(crate) fn overflow_error(rt: &Rt, msg: &str) -> crate::Exc {
    error_of(rt, &exc::OVERFLOW_ERROR, msg)
}
