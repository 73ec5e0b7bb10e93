//! `str` and `bytes` objects, and the builder that makes them.
//!
//! Both share one layout: a header, the cached hash, the length with an
//! "all ASCII" flag, then the bytes inline, so a short string is one heap
//! allocation (a str of up to 4 bytes is one 16-byte block on the boards).
//! Interned strings (qstrs) are `str` values too and live in the word.

use core::cell::Cell;
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;

use crate::error::PyResult;
use crate::object::{ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use crate::qstr::{hash_bytes, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

const ASCII_FLAG: u32 = 1 << 31;
const LEN_MASK: u32 = ASCII_FLAG - 1;

/// A `str` or `bytes` object; the bytes follow the struct.
#[repr(C)]
pub struct Str {
    header: ObjHeader,
    /// The hash, or 0 while not computed (ROM strings carry theirs).
    hash: Cell<u32>,
    /// Byte length; bit 31 set when every byte is ASCII (so indexing by
    /// code point is indexing by byte).
    len_flags: u32,
}

// SAFETY: `#[repr(C)]` with the header first; `STR_TYPE` (and `BYTES_TYPE`,
// checked by callers through `native`) own this layout.
unsafe impl Object for Str {
    const TYPE: &'static Type = &STR_TYPE;
}

impl Str {
    /// Byte length.
    pub fn len(&self) -> usize {
        (self.len_flags & LEN_MASK) as usize
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every byte is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.len_flags & ASCII_FLAG != 0
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the object was allocated with `len` bytes right after the
        // struct, and they never change after construction.
        unsafe {
            let data = (self as *const Str).add(1).cast::<u8>();
            core::slice::from_raw_parts(data, self.len())
        }
    }

    /// The hash of the bytes, computed once.
    pub fn hash(&self) -> u32 {
        let cached = self.hash.get();
        if cached != 0 {
            return cached;
        }
        let hash = hash_bytes(self.bytes());
        self.hash.set(hash);
        hash
    }
}

/// Makes a new `str` (or `bytes`, with `ty = &BYTES_TYPE`) holding `bytes`.
pub fn new_str(rt: &Rt, ty: &'static Type, bytes: &[u8]) -> PyResult {
    let mut builder = StrBuilder::with_capacity(rt, bytes.len())?;
    builder.put(bytes)?;
    builder.finish(ty)
}

/// Builds a `str`/`bytes` in place in the heap: grows by reallocation and
/// becomes the object on [`StrBuilder::finish`], with no copy. It is the
/// [`Sink`] that `str()` and `repr()` print into.
pub struct StrBuilder<'rt> {
    rt: &'rt Rt,
    obj: NonNull<Str>,
    len: usize,
    cap: usize,
}

const HEADER: usize = size_of::<Str>();

impl<'rt> StrBuilder<'rt> {
    /// A builder with room for `cap` bytes.
    pub fn with_capacity(rt: &'rt Rt, cap: usize) -> PyResult<StrBuilder<'rt>> {
        let bytes = HEADER.checked_add(cap).ok_or_else(|| rt.memory_error())?;
        // No-scan: the bytes hold no references, and a builtin type pointer
        // is static. (Instances of `str` subclasses are made elsewhere.)
        let obj = rt.alloc(bytes, AllocFlags::NO_SCAN)?.cast::<Str>();
        Ok(StrBuilder {
            rt,
            obj,
            len: 0,
            cap: rt
                .heap()
                .alloc_size(obj.as_ptr().cast())
                .map_or(cap, |n| n - HEADER),
        })
    }

    /// Bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: the first `len` bytes after the header were written by `put`.
        unsafe { core::slice::from_raw_parts(self.obj.as_ptr().add(1).cast::<u8>(), self.len) }
    }

    /// Turns the bytes into an object of type `ty` (`str` or `bytes`).
    pub fn finish(self, ty: &'static Type) -> PyResult {
        let bytes = self.as_bytes();
        let ascii = if bytes.is_ascii() { ASCII_FLAG } else { 0 };
        let len = u32::try_from(self.len)
            .ok()
            .filter(|&l| l <= LEN_MASK)
            .ok_or_else(|| self.rt.memory_error())?;
        // Give back the unused tail blocks; shrinking never moves.
        let _ = self
            .rt
            .heap()
            .realloc(self.obj.cast(), HEADER + self.len, false);
        // SAFETY: `obj` is our zeroed allocation, large enough for the header.
        unsafe {
            self.obj.as_ptr().write(Str {
                header: ObjHeader::new(ty),
                hash: Cell::new(0),
                len_flags: len | ascii,
            });
            Ok(Value::from_object(self.obj.cast()))
        }
    }
}

impl Sink for StrBuilder<'_> {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        let need = self
            .len
            .checked_add(bytes.len())
            .ok_or_else(|| self.rt.memory_error())?;
        if need > self.cap {
            let cap = need.max(self.cap * 2).max(16);
            let ptr = self
                .rt
                .heap()
                .realloc(self.obj.cast(), HEADER + cap, true)
                .map_err(|_| self.rt.memory_error())?;
            self.obj = ptr.cast();
            self.cap = self
                .rt
                .heap()
                .alloc_size(ptr.as_ptr())
                .map_or(cap, |n| n - HEADER);
        }
        // SAFETY: `len + bytes.len() <= cap`, and the allocation holds the
        // header plus `cap` bytes.
        unsafe {
            let dest = self.obj.as_ptr().add(1).cast::<u8>().add(self.len);
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), dest, bytes.len());
        }
        self.len = need;
        Ok(())
    }
}

/// Writes `bytes` as a Python string literal: quotes chosen as CPython does
/// (single unless the text has a single quote and no double quote), escapes
/// for control characters, and for `bytes` also for every non-ASCII byte.
pub fn write_quoted(out: &mut dyn Sink, bytes: &[u8], is_bytes: bool) -> PyResult<()> {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    if is_bytes {
        out.put(b"b")?;
    }
    out.put(&[quote])?;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: Option<&[u8]> = match b {
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            _ if b == quote => Some(if quote == b'\'' { b"\\'" } else { b"\\\"" }),
            _ => None,
        };
        let hex = b < 0x20 || b == 0x7f || (is_bytes && b >= 0x80);
        if escape.is_some() || hex {
            out.put(&bytes[start..i])?;
            match escape {
                Some(e) => out.put(e)?,
                None => {
                    const DIGITS: &[u8; 16] = b"0123456789abcdef";
                    out.put(&[
                        b'\\',
                        b'x',
                        DIGITS[(b >> 4) as usize],
                        DIGITS[(b & 15) as usize],
                    ])?;
                }
            }
            start = i + 1;
        }
    }
    out.put(&bytes[start..])?;
    out.put(&[quote])
}

fn str_print(rt: &Rt, this: Value, out: &mut dyn Sink, kind: PrintKind) -> PyResult<()> {
    let is_bytes = rt.downcast_native(this, &BYTES_TYPE).is_some();
    let text = rt.str_bytes(this).unwrap_or(b"");
    if kind == PrintKind::Str && !is_bytes {
        out.put(text)
    } else {
        write_quoted(out, text, is_bytes)
    }
}

static STR_SLOTS: Slots = Slots {
    print: Some(str_print),
    ..Slots::EMPTY
};

/// `str`.
pub static STR_TYPE: Type = super::builtin_type(
    q::str,
    TypeFlags::BASETYPE,
    b'S',
    &STR_TYPE,
    &STR_SLOTS,
    &[],
);

/// `bytes`.
pub static BYTES_TYPE: Type = super::builtin_type(
    q::bytes,
    TypeFlags::BASETYPE,
    b'S',
    &BYTES_TYPE,
    &STR_SLOTS,
    &[],
);
