//! The buffer protocol and its item codecs: what `bytes`, `bytearray`,
//! `array` and `memoryview` share, so that any code taking "a buffer" works
//! whether or not the `memoryview` type is built in.
//!
//! Items are typed by a buffer's typecode (`'B'` for `bytes` and
//! `bytearray`, the array's own for `array`). The item codecs
//! ([`load_item`], [`store_item`]) are public: `array` and `memoryview` use
//! the same ones, so both agree on sizes, ranges and byte order (native).

use crate::error::PyResult;
use crate::object::Buffer;
use crate::rt::Rt;
use crate::value::{Float, Value};

use super::num::{self, IntView};

// ----- item codecs ----------------------------------------------------------------

/// Size in bytes of one item of typecode `tc` (native sizes: `l`, `L` and
/// `P` are a machine word), or `None` for an unknown typecode.
pub const fn typecode_size(tc: u8) -> Option<usize> {
    Some(match tc {
        b'b' | b'B' | b'c' | b'?' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' | b'P' => size_of::<usize>(),
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

/// Why a value cannot be stored as an item.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ItemError {
    /// An integer typecode was given something that is not an int.
    NotInt,
    /// A float typecode was given something that is not a number.
    NotFloat,
    /// The int is above the typecode's range.
    TooBig,
    /// The int is below the typecode's range.
    TooSmall,
    /// The int is too large to become a float.
    FloatOverflow,
}

/// An integer as a signed 128-bit value, or `None` when it does not even
/// fit that (then its sign says which side of any item range it is on).
fn int_i128(v: IntView<'_>) -> Option<i128> {
    match v {
        IntView::Small(i) => Some(i as i128),
        IntView::Big(b, ..) => pyrite_num::bigint::signed::to_i128(b),
    }
}

/// The item range of an integer typecode.
fn int_range(tc: u8) -> Option<(i128, i128)> {
    let bits = typecode_size(tc)? as u32 * 8;
    Some(match tc {
        b'b' | b'h' | b'i' | b'l' | b'q' => (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1),
        b'B' | b'H' | b'I' | b'L' | b'Q' | b'P' => (0, (1i128 << bits) - 1),
        _ => return None,
    })
}

/// Encodes `v` as one item of typecode `tc` into `out` (native byte order;
/// `out` is the item's size). Integer typecodes take ints and bools; float
/// typecodes take floats, ints and bools.
pub fn store_item(rt: &Rt, tc: u8, v: Value, out: &mut [u8]) -> Result<(), ItemError> {
    if let Some((lo, hi)) = int_range(tc) {
        let x = num::int_view(rt, v).ok_or(ItemError::NotInt)?;
        let x = match int_i128(x) {
            Some(x) => x,
            None if x.is_negative() => return Err(ItemError::TooSmall),
            None => return Err(ItemError::TooBig),
        };
        if x < lo {
            return Err(ItemError::TooSmall);
        }
        if x > hi {
            return Err(ItemError::TooBig);
        }
        let bytes = (x as u128).to_ne_bytes();
        let n = out.len().min(16);
        // The low `n` bytes of the value in native order.
        if cfg!(target_endian = "little") {
            out[..n].copy_from_slice(&bytes[..n]);
        } else {
            out[..n].copy_from_slice(&bytes[16 - n..]);
        }
        return Ok(());
    }
    let x = float_of(rt, v)?;
    match tc {
        b'f' if out.len() == 4 => out.copy_from_slice(&(x as f32).to_ne_bytes()),
        b'd' if out.len() == 8 => out.copy_from_slice(&x.to_ne_bytes()),
        _ => return Err(ItemError::NotFloat),
    }
    Ok(())
}

/// A number as `f64` for a float item.
fn float_of(rt: &Rt, v: Value) -> Result<f64, ItemError> {
    if let Some(x) = v.as_float() {
        return Ok(x as f64);
    }
    let i = num::int_view(rt, v).ok_or(ItemError::NotFloat)?;
    match i {
        IntView::Small(i) => Ok(i as f64),
        IntView::Big(b, ..) => {
            let x = pyrite_num::bigint::signed::to_f64(b).map_err(|_| ItemError::FloatOverflow)?;
            if x.is_finite() {
                Ok(x)
            } else {
                Err(ItemError::FloatOverflow)
            }
        }
    }
}

/// Decodes one item of typecode `tc` from `bytes` (native byte order; at
/// least the item's size): an int, or a float for `f`/`d`.
pub fn load_item(rt: &Rt, tc: u8, bytes: &[u8]) -> PyResult {
    let n = typecode_size(tc).unwrap_or(1).min(bytes.len()).min(8);
    let mut raw = [0u8; 8];
    if cfg!(target_endian = "little") {
        raw[..n].copy_from_slice(&bytes[..n]);
    } else {
        raw[8 - n..].copy_from_slice(&bytes[..n]);
    }
    let u = u64::from_ne_bytes(raw);
    match tc {
        b'f' => Ok(Value::float(f32::from_bits(u as u32) as Float)),
        b'd' => Ok(Value::float(f64::from_bits(u) as Float)),
        b'b' | b'h' | b'i' | b'l' | b'q' => {
            // Sign-extend from the item's width.
            let shift = 64 - 8 * n as u32;
            num::int_from_i64(rt, ((u << shift) as i64) >> shift)
        }
        _ => num::int_from_u64(rt, u),
    }
}

// ----- the buffer protocol -----------------------------------------------------------

/// The buffer of any object that exports one (`bytes`, `bytearray`,
/// `array`, `memoryview`, and instances of classes derived from them).
pub fn get_buffer(rt: &Rt, v: Value) -> Option<Buffer> {
    let f = rt.type_of(v).native.slots.buffer?;
    f(rt, v)
}

/// The bytes of a buffer.
///
/// # Safety
/// The buffer must have just been returned by its exporter, and the slice
/// must be dropped before the exporter can change (before Python code runs
/// or the exporting object is resized).
pub unsafe fn buffer_bytes<'a>(buf: &Buffer) -> &'a [u8] {
    // SAFETY: the exporter vouches for `len` readable bytes at `ptr`, valid
    // until it changes (the caller's obligation).
    unsafe { core::slice::from_raw_parts(buf.ptr.as_ptr(), buf.len) }
}
