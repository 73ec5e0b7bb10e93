//! `str` and `bytes` objects, the builder that makes them, and their
//! slots (construction, operators, indexing and slicing, iteration).
//!
//! Both share one layout: a header, the cached hash, the length with an
//! "all ASCII" flag, then the bytes inline, so a short string is one heap
//! allocation (a str of up to 4 bytes is one 16-byte block on the boards).
//! Interned strings (qstrs) are `str` values too and live in the word.
//!
//! A `str` holds UTF-8; `len`, indexing and slicing count code points. The
//! ASCII flag makes those byte operations for the common case; non-ASCII
//! strings are walked (as MicroPython does: no index tables). Methods are in
//! [`super::str_methods`], formatting in [`super::str_format`].

use core::cell::Cell;
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::PyResult;
use crate::object::{
    Buffer, ObjHeader, Object, PrintKind, Slots, SubscrOp, Type, TypeFlags, methods_sorted,
};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, hash_bytes, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::{Immediate, Value};

use super::bytearray::ByteArray;
use super::function::NativeFn;
use super::slice::Slice;
use super::str_methods as m;

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
            let ptr = self.rt.realloc(self.obj.cast(), HEADER + cap, true)?;
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

// ----- quoting ---------------------------------------------------------------

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Writes `bytes` as a Python string literal: quotes chosen as CPython does
/// (single unless the text has a single quote and no double quote), escapes
/// for control characters, and for `bytes` also for every non-ASCII byte.
pub fn write_quoted(out: &mut dyn Sink, bytes: &[u8], is_bytes: bool) -> PyResult<()> {
    write_literal(out, bytes, is_bytes, false)
}

/// Writes code point `cp` as `\\xhh`, `\\uhhhh` or `\\Uhhhhhhhh` (the
/// shortest that holds it), as `repr` and `ascii()` escape characters.
pub(crate) fn put_escaped_char(out: &mut dyn Sink, cp: u32) -> PyResult<()> {
    let mut buf = [0u8; 10];
    let len = if cp <= 0xff {
        buf[..2].copy_from_slice(b"\\x");
        2
    } else if cp <= 0xffff {
        buf[..2].copy_from_slice(b"\\u");
        4
    } else {
        buf[..2].copy_from_slice(b"\\U");
        8
    };
    for k in 0..len {
        buf[2 + k] = HEX[((cp >> (4 * (len - 1 - k))) & 15) as usize];
    }
    out.put(&buf[..2 + len])
}

/// Whether `repr` shows the non-ASCII character `cp` as itself: CPython
/// escapes controls, format characters, separators other than the ASCII
/// space, private-use characters, noncharacters and unassigned planes (a
/// compact approximation of its Unicode tables; other unassigned code points
/// print as themselves).
fn printable(cp: u32) -> bool {
    !matches!(cp,
        0x80..=0xa0
            | 0xad
            | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x8e2
            | 0x1680
            | 0x180e
            | 0x2000..=0x200f
            | 0x2028..=0x202f
            | 0x205f..=0x206f
            | 0x3000
            | 0xd800..=0xf8ff
            | 0xfeff
            | 0xfff0..=0xfffb
            | 0x40000..=0xe00ff
            | 0xe01f0..=0x10ffff)
        && cp & 0xfffe != 0xfffe
}

/// As [`write_quoted`]; with `ascii_only`, every non-ASCII character of a
/// `str` is escaped (`\xe9`, `\u20ac`, `\U0001f600`), as `ascii()` does.
/// Non-printable characters of a `str` that CPython escapes (C1 controls,
/// no-break and zero-width spaces, line separators, BOM) are escaped too.
pub fn write_literal(
    out: &mut dyn Sink,
    bytes: &[u8],
    is_bytes: bool,
    ascii_only: bool,
) -> PyResult<()> {
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
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80 && !is_bytes {
            let (c, n) = decode_char(&bytes[i..]);
            let cp = c as u32;
            let escape = ascii_only || !printable(cp);
            if escape {
                out.put(&bytes[start..i])?;
                put_escaped_char(out, cp)?;
                start = i + n;
            }
            i += n;
            continue;
        }
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
                None => out.put(&[b'\\', b'x', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]])?,
            }
            start = i + 1;
        }
        i += 1;
    }
    out.put(&bytes[start..])?;
    out.put(&[quote])
}

// ----- UTF-8 helpers ------------------------------------------------------------

/// Decodes the character at the start of `b` (valid UTF-8 expected; a
/// malformed sequence decodes as U+FFFD of one byte, never panicking).
#[cfg_attr(not(feature = "compact"), inline)]
#[cfg_attr(feature = "compact", inline(never))]
pub(crate) fn decode_char(b: &[u8]) -> (char, usize) {
    let Some(&b0) = b.first() else {
        return ('\u{fffd}', 1);
    };
    if b0 < 0x80 {
        return (b0 as char, 1);
    }
    let n = utf8_len(b0);
    let cp = match (n, b.get(1..n)) {
        (2, Some(r)) => ((b0 as u32 & 0x1f) << 6) | (r[0] as u32 & 0x3f),
        (3, Some(r)) => {
            ((b0 as u32 & 0x0f) << 12) | ((r[0] as u32 & 0x3f) << 6) | (r[1] as u32 & 0x3f)
        }
        (4, Some(r)) => {
            ((b0 as u32 & 0x07) << 18)
                | ((r[0] as u32 & 0x3f) << 12)
                | ((r[1] as u32 & 0x3f) << 6)
                | (r[2] as u32 & 0x3f)
        }
        _ => return ('\u{fffd}', 1),
    };
    (char::from_u32(cp).unwrap_or('\u{fffd}'), n)
}

/// Length of the UTF-8 sequence that starts with `b0`.
#[inline]
pub(crate) fn utf8_len(b0: u8) -> usize {
    match b0 {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xff => 4,
        _ => 1,
    }
}

/// Number of code points in UTF-8 `b`.
#[cfg_attr(not(feature = "compact"), inline)]
#[cfg_attr(feature = "compact", inline(never))]
pub(crate) fn char_count(b: &[u8], ascii: bool) -> usize {
    if ascii {
        b.len()
    } else {
        b.iter().filter(|&&c| c & 0xc0 != 0x80).count()
    }
}

/// Byte offset of code point `cp` in UTF-8 `b` (the length when `cp` is at
/// or past the end).
#[cfg_attr(not(feature = "compact"), inline)]
#[cfg_attr(feature = "compact", inline(never))]
pub(crate) fn cp_offset(b: &[u8], ascii: bool, cp: usize) -> usize {
    if ascii {
        return cp.min(b.len());
    }
    let mut seen = 0;
    for (i, &c) in b.iter().enumerate() {
        if c & 0xc0 != 0x80 {
            if seen == cp {
                return i;
            }
            seen += 1;
        }
    }
    b.len()
}

// ----- views of string-like values ------------------------------------------------

/// Which string-like type a value is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `str` (UTF-8, indexed by code point).
    Str,
    /// `bytes`.
    Bytes,
    /// `bytearray`.
    ByteArray,
}

/// The contents of a `str`, `bytes` or `bytearray` value.
///
/// For a `bytearray` the slice is only valid until Python code runs or the
/// array is resized; callers re-fetch it after any such call.
#[derive(Clone, Copy)]
pub struct Text<'a> {
    /// The bytes (UTF-8 for `str`).
    pub bytes: &'a [u8],
    /// Whether every byte is ASCII (always `true` for byte types, whose
    /// indices are byte indices).
    pub ascii: bool,
    /// The type.
    pub kind: Kind,
}

impl Text<'_> {
    /// Whether this is a `str`.
    pub fn is_str(&self) -> bool {
        self.kind == Kind::Str
    }

    /// Length in items (code points for `str`).
    pub fn len(&self) -> usize {
        char_count(self.bytes, self.ascii)
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

fn str_obj(rt: &Rt, v: Value, native: &Type) -> Option<&'static Str> {
    let header = rt.downcast_native(v, native)?;
    // SAFETY: str and bytes share the `Str` layout; the object lives while
    // reachable, which the caller's value keeps it.
    Some(unsafe { header.cast::<Str>().as_ref() })
}

/// The text of a `str` value (interned or not).
pub fn str_text(rt: &Rt, v: Value) -> Option<Text<'_>> {
    if let Some(q) = v.as_qstr() {
        let bytes = rt.qstr_text(q);
        return Some(Text {
            bytes,
            ascii: bytes.is_ascii(),
            kind: Kind::Str,
        });
    }
    let s = str_obj(rt, v, &STR_TYPE)?;
    Some(Text {
        bytes: s.bytes(),
        ascii: s.is_ascii(),
        kind: Kind::Str,
    })
}

/// The contents of a `bytes` or `bytearray` value (a "bytes-like object").
pub fn bytes_like(rt: &Rt, v: Value) -> Option<Text<'_>> {
    if let Some(s) = str_obj(rt, v, &BYTES_TYPE) {
        return Some(Text {
            bytes: s.bytes(),
            ascii: true,
            kind: Kind::Bytes,
        });
    }
    let ba = rt.downcast::<ByteArray>(v)?;
    Some(Text {
        bytes: ba.bytes(),
        ascii: true,
        kind: Kind::ByteArray,
    })
}

/// The contents of any string-like value.
pub fn text(rt: &Rt, v: Value) -> Option<Text<'_>> {
    str_text(rt, v).or_else(|| bytes_like(rt, v))
}

/// Makes a `str` from UTF-8 `bytes`: the empty string and strings already
/// interned come back as qstrs (no allocation; single ASCII characters are
/// interned on first use, so iterating and indexing ASCII text never
/// allocates after warm-up); others are new heap strings.
pub fn new_text(rt: &Rt, bytes: &[u8]) -> PyResult {
    if bytes.len() <= 1 {
        if let Ok(q) = rt.intern(bytes) {
            return Ok(Value::qstr(q));
        }
    } else if bytes.len() <= 8
        && let Some(q) = rt.qstrs().find(bytes)
    {
        return Ok(Value::qstr(q));
    }
    new_str(rt, &STR_TYPE, bytes)
}

/// A method's result when the text is unchanged: `this` itself for `str`
/// and `bytes`, a copy for a `bytearray` (mutable) or an instance of a
/// subclass (methods return the base type, as in CPython).
pub(crate) fn unchanged(rt: &Rt, this: Value, kind: Kind, bytes: &[u8]) -> PyResult {
    if kind == Kind::ByteArray || rt.type_of(this).flags.contains(TypeFlags::HEAP) {
        new_of_kind(rt, kind, bytes)
    } else {
        Ok(this)
    }
}

/// Makes a string-like value of `kind` from `bytes`.
pub fn new_of_kind(rt: &Rt, kind: Kind, bytes: &[u8]) -> PyResult {
    match kind {
        Kind::Str => new_text(rt, bytes),
        Kind::Bytes => new_str(rt, &BYTES_TYPE, bytes),
        Kind::ByteArray => super::bytearray::new_bytearray(rt, bytes),
    }
}

impl StrBuilder<'_> {
    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Finishes as a string-like value of `kind`. A `str` that turns out to
    /// be empty or a single character becomes a qstr and the buffer is
    /// freed.
    pub fn finish_kind(self, kind: Kind) -> PyResult {
        match kind {
            Kind::Str => {
                if self.len <= 1 {
                    let v = new_text(self.rt, self.as_bytes());
                    self.rt.heap().free(self.obj.cast());
                    v
                } else {
                    self.finish(&STR_TYPE)
                }
            }
            Kind::Bytes => self.finish(&BYTES_TYPE),
            Kind::ByteArray => {
                let v = super::bytearray::new_bytearray(self.rt, self.as_bytes());
                self.rt.heap().free(self.obj.cast());
                v
            }
        }
    }
}

/// Bytes shown as text in messages (invalid UTF-8 as U+FFFD).
pub(crate) struct Lossy<'a>(pub &'a [u8]);

impl core::fmt::Display for Lossy<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{fffd}")?;
            }
        }
        Ok(())
    }
}

/// The name of a value's type, for messages. It is looked up when the
/// message is written, so that a build without `error-messages` (which
/// writes none) drops the lookups along with the messages.
pub(crate) fn type_name(rt: &Rt, v: Value) -> impl core::fmt::Display + '_ {
    TypeName(rt, v)
}

/// [`type_name`]'s value.
struct TypeName<'a>(&'a Rt, Value);

impl core::fmt::Display for TypeName<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let rt = self.0;
        core::fmt::Display::fmt(&rt.qstr_display(rt.type_of(self.1).name), f)
    }
}

/// An integer argument (int or bool) as `i64`.
pub(crate) fn int_arg(rt: &Rt, v: Value) -> PyResult<i64> {
    if let Some(i) = v.as_small_int() {
        return Ok(i as i64);
    }
    match v.as_immediate() {
        Some(Immediate::True) => Ok(1),
        Some(Immediate::False) => Ok(0),
        _ => Err(crate::types::num::not_an_integer(rt, v)),
    }
}

pub(crate) fn int_value(i: usize) -> Value {
    Value::small_int(i as i64).unwrap_or(Value::NONE)
}

// ----- construction ------------------------------------------------------------------

/// Text of an `encoding`/`errors` argument.
fn name_arg<'a>(rt: &'a Rt, v: Value, what: &str) -> PyResult<&'a [u8]> {
    match str_text(rt, v) {
        Some(t) => Ok(t.bytes),
        None => Err(rt.type_error(format_args!(
            "{what}() argument must be str, not {}",
            type_name(rt, v)
        ))),
    }
}

/// Splits `(object, encoding, errors)` arguments of `str()`/`bytes()`.
pub(crate) fn construct_args<'a>(
    rt: &Rt,
    name: &str,
    args: &Args<'a>,
) -> PyResult<(Option<Value>, Option<Value>, Option<Value>)> {
    if args.pos.len() > 3 {
        return Err(rt.type_error(format_args!(
            "{name}() takes at most 3 arguments ({} given)",
            args.pos.len()
        )));
    }
    let mut slots = [None; 3];
    for (i, &v) in args.pos.iter().enumerate() {
        slots[i] = Some(v);
    }
    for (k, v) in args.kw_pairs() {
        let i = match k.as_qstr() {
            Some(q::object) if name == "str" => 0,
            Some(q::source) if name != "str" => 0,
            Some(q::encoding) => 1,
            Some(q::errors) => 2,
            _ => {
                return Err(
                    rt.type_error(format_args!("{name}() got an unexpected keyword argument"))
                );
            }
        };
        slots[i] = Some(v);
    }
    Ok((slots[0], slots[1], slots[2]))
}

fn str_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let (obj, encoding, errors) = construct_args(rt, "str", &args)?;
    let Some(obj) = obj else {
        return Ok(Value::qstr(q::EMPTY));
    };
    if encoding.is_none() && errors.is_none() {
        return rt.str(obj);
    }
    let Some(t) = bytes_like(rt, obj) else {
        if str_text(rt, obj).is_some() {
            return Err(rt.type_error(format_args!("decoding str is not supported")));
        }
        return Err(rt.type_error(format_args!(
            "decoding to str: need a bytes-like object, {} found",
            type_name(rt, obj)
        )));
    };
    let enc = match encoding {
        Some(e) => name_arg(rt, e, "str")?,
        None => b"utf-8",
    };
    let errs = match errors {
        Some(e) => name_arg(rt, e, "str")?,
        None => b"strict",
    };
    m::decode_bytes(rt, t.bytes, enc, errs)
}

fn bytes_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let (obj, encoding, errors) = construct_args(rt, "bytes", &args)?;
    let Some(obj) = obj else {
        if encoding.is_some() || errors.is_some() {
            return Err(rt.type_error(format_args!("encoding without a string argument")));
        }
        return new_str(rt, &BYTES_TYPE, b"");
    };
    bytes_from(rt, obj, encoding, errors, Kind::Bytes)
}

/// `bytes(x)` / `bytearray(x)` construction from one object (with optional
/// encoding and errors for a `str`).
pub(crate) fn bytes_from(
    rt: &Rt,
    obj: Value,
    encoding: Option<Value>,
    errors: Option<Value>,
    kind: Kind,
) -> PyResult {
    let name = if kind == Kind::Bytes {
        "bytes"
    } else {
        "bytearray"
    };
    if let Some(t) = str_text(rt, obj) {
        let Some(enc) = encoding else {
            return Err(rt.type_error(format_args!("string argument without an encoding")));
        };
        let enc = name_arg(rt, enc, name)?;
        let errs = match errors {
            Some(e) => name_arg(rt, e, name)?,
            None => b"strict",
        };
        return m::encode_text(rt, t, enc, errs, kind);
    }
    if encoding.is_some() {
        return Err(rt.type_error(format_args!("encoding without a string argument")));
    }
    if errors.is_some() {
        return Err(rt.type_error(format_args!("errors without a string argument")));
    }
    if let Some(t) = bytes_like(rt, obj) {
        // `bytes(b)` is `b` itself, unless `b` is an instance of a subclass.
        if t.kind == Kind::Bytes
            && kind == Kind::Bytes
            && !rt.type_of(obj).flags.contains(TypeFlags::HEAP)
        {
            return Ok(obj);
        }
        return new_of_kind(rt, kind, t.bytes);
    }
    // Any other buffer exporter (`memoryview`, `array`): its bytes.
    if let Some(buf) = super::buffer::get_buffer(rt, obj) {
        // SAFETY: just exported; the copy below runs no Python code and the
        // exporter (`obj`, held by the caller) cannot change meanwhile.
        let bytes = unsafe { super::buffer::buffer_bytes(&buf) };
        return new_of_kind(rt, kind, bytes);
    }
    if super::num::int_view(rt, obj).is_some() {
        // A big int raises `OverflowError` here.
        let n = int_arg(rt, obj)?;
        if n < 0 {
            return Err(rt.value_error(format_args!("negative count")));
        }
        let n = usize::try_from(n).map_err(|_| rt.memory_error())?;
        if kind == Kind::ByteArray {
            return super::bytearray::new_bytearray_zeroed(rt, n);
        }
        let mut b = StrBuilder::with_capacity(rt, n)?;
        // The allocation is zeroed and holds at least `n` bytes: claim them
        // without writing.
        b.len = n.min(b.cap);
        return b.finish(&BYTES_TYPE);
    }
    let ty = rt.type_of(obj);
    if ty.slots.iter.is_none() && ty.slots.iternext.is_none() {
        return Err(rt.type_error(format_args!(
            "cannot convert '{}' object to {name}",
            type_name(rt, obj)
        )));
    }
    let mut b = StrBuilder::with_capacity(rt, 8)?;
    let it = rt.get_iter(obj)?;
    while let Some(item) = rt.iter_next(it)? {
        let byte = int_arg(rt, item)?;
        let byte = u8::try_from(byte).map_err(|_| {
            if kind == Kind::Bytes {
                rt.value_error(format_args!("bytes must be in range(0, 256)"))
            } else {
                rt.value_error(format_args!("byte must be in range(0, 256)"))
            }
        })?;
        b.put(&[byte])?;
    }
    b.finish_kind(kind)
}

/// An int in `range(256)`, for bytes items.
pub(crate) fn byte_value(rt: &Rt, v: Value) -> PyResult<u8> {
    let i = int_arg(rt, v)?;
    u8::try_from(i).map_err(|_| rt.value_error(format_args!("byte must be in range(0, 256)")))
}

// ----- slots -------------------------------------------------------------------------

fn str_print(rt: &Rt, this: Value, out: &mut dyn Sink, kind: PrintKind) -> PyResult<()> {
    let is_bytes = rt.downcast_native(this, &BYTES_TYPE).is_some();
    let text = rt.str_bytes(this).unwrap_or(b"");
    if kind == PrintKind::Str && !is_bytes {
        out.put(text)
    } else {
        write_quoted(out, text, is_bytes)
    }
}

fn str_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let Some(t) = text(rt, v) else {
        return Ok(None);
    };
    Ok(match op {
        UnaryOp::Len => Some(int_value(t.len())),
        UnaryOp::Bool => Some(Value::bool(!t.is_empty())),
        UnaryOp::Hash => Value::small_int((rt.hash(v)? & 0x3fff_ffff) as i64),
        _ => None,
    })
}

/// The repeat count of `seq * n`, or `None` when `n` is not an int.
fn repeat_count(v: Value) -> Option<usize> {
    let n = match v.as_immediate() {
        Some(Immediate::True) => 1,
        Some(Immediate::False) => 0,
        _ => v.as_small_int()? as i64,
    };
    Some(n.max(0) as usize)
}

/// `seq * n` for any string-like.
pub(crate) fn repeat(rt: &Rt, t: Text<'_>, n: usize) -> PyResult {
    // An empty string repeated is empty, however large the count: no
    // loop of `n` empty copies (`'' * 2**62` would never end).
    let n = if t.bytes.is_empty() { 0 } else { n };
    let total = t
        .bytes
        .len()
        .checked_mul(n)
        .ok_or_else(|| rt.memory_error())?;
    let mut b = StrBuilder::with_capacity(rt, total)?;
    for _ in 0..n {
        b.put(t.bytes)?;
    }
    b.finish_kind(t.kind)
}

/// Concatenation of two string-likes into `kind`.
pub(crate) fn concat(rt: &Rt, kind: Kind, a: &[u8], b: &[u8]) -> PyResult {
    let total = a
        .len()
        .checked_add(b.len())
        .ok_or_else(|| rt.memory_error())?;
    let mut out = StrBuilder::with_capacity(rt, total)?;
    out.put(a)?;
    out.put(b)?;
    out.finish_kind(kind)
}

/// Comparison of byte strings (UTF-8 byte order is code point order).
pub(crate) fn compare(op: BinaryOp, a: &[u8], b: &[u8]) -> Option<Value> {
    let r = match op {
        BinaryOp::Equal => a == b,
        BinaryOp::NotEqual => a != b,
        // One three-way compare for the orderings.
        _ => super::num::compare_result(op, Some(a.cmp(b)))?,
    };
    Some(Value::bool(r))
}

/// Whether `sub` occurs in `hay` (byte search; valid for UTF-8 too).
pub(crate) fn contains_bytes(hay: &[u8], sub: &[u8]) -> bool {
    m::find_bytes(hay, sub, 0).is_some()
}

/// The shared operator slot of the string-likes (`str`, `bytes`,
/// `bytearray` for its non-mutating operators).
pub(crate) fn text_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let Some(ta) = text(rt, a) else {
        return Ok(None);
    };
    let heap_other = rt.type_of(b).flags.contains(TypeFlags::HEAP);
    match op {
        BinaryOp::Add | BinaryOp::InplaceAdd => {
            if ta.is_str() {
                return match str_text(rt, b) {
                    Some(tb) => {
                        if tb.is_empty() {
                            return unchanged(rt, a, Kind::Str, ta.bytes).map(Some);
                        }
                        if ta.is_empty() {
                            return unchanged(rt, b, Kind::Str, tb.bytes).map(Some);
                        }
                        concat(rt, Kind::Str, ta.bytes, tb.bytes).map(Some)
                    }
                    None if heap_other => Ok(None),
                    None => Err(rt.type_error(format_args!(
                        "can only concatenate str (not \"{}\") to str",
                        type_name(rt, b)
                    ))),
                };
            }
            match bytes_like(rt, b) {
                Some(tb) => concat(rt, ta.kind, ta.bytes, tb.bytes).map(Some),
                None if heap_other => Ok(None),
                None => Err(rt.type_error(format_args!(
                    "can't concat {} to {}",
                    type_name(rt, b),
                    type_name(rt, a)
                ))),
            }
        }
        BinaryOp::Multiply | BinaryOp::InplaceMultiply => match repeat_count(b) {
            Some(1) => unchanged(rt, a, ta.kind, ta.bytes).map(Some),
            Some(n) => repeat(rt, ta, n).map(Some),
            None if heap_other => Ok(None),
            None => {
                super::num::no_repeat_count(rt, b)?;
                Err(rt.type_error(format_args!(
                    "can't multiply sequence by non-int of type '{}'",
                    type_name(rt, b)
                )))
            }
        },
        BinaryOp::Modulo | BinaryOp::InplaceModulo if ta.kind != Kind::ByteArray => {
            super::str_format::percent_format(rt, a, b).map(Some)
        }
        BinaryOp::Less
        | BinaryOp::LessEqual
        | BinaryOp::More
        | BinaryOp::MoreEqual
        | BinaryOp::Equal
        | BinaryOp::NotEqual => {
            let tb = if ta.is_str() {
                str_text(rt, b)
            } else {
                bytes_like(rt, b)
            };
            Ok(tb.and_then(|tb| compare(op, ta.bytes, tb.bytes)))
        }
        BinaryOp::Contains => {
            if ta.is_str() {
                return match str_text(rt, b) {
                    Some(tb) => Ok(Some(Value::bool(contains_bytes(ta.bytes, tb.bytes)))),
                    None => Err(rt.type_error(format_args!(
                        "'in <string>' requires string as left operand, not {}",
                        type_name(rt, b)
                    ))),
                };
            }
            if let Some(tb) = bytes_like(rt, b) {
                return Ok(Some(Value::bool(contains_bytes(ta.bytes, tb.bytes))));
            }
            if str_text(rt, b).is_some() {
                return Err(
                    rt.type_error(format_args!("a bytes-like object is required, not 'str'"))
                );
            }
            let byte = byte_value(rt, b)?;
            Ok(Some(Value::bool(ta.bytes.contains(&byte))))
        }
        _ => Ok(None),
    }
}

/// The items `s[sl]` selects, as a new string-like of the same kind.
pub(crate) fn slice_text(rt: &Rt, this: Value, t: Text<'_>, sl: &Slice) -> PyResult {
    let n = t.len();
    let r = sl.indices(rt, n)?;
    if r.len == n && r.step == 1 {
        return unchanged(rt, this, t.kind, t.bytes);
    }
    if t.ascii {
        if r.step == 1 {
            let s = r.start as usize;
            return new_of_kind(rt, t.kind, &t.bytes[s..s + r.len]);
        }
        let mut b = StrBuilder::with_capacity(rt, r.len)?;
        for k in 0..r.len {
            b.put(&[t.bytes[r.index(k)]])?;
        }
        return b.finish_kind(t.kind);
    }
    if r.len == 0 {
        return Ok(Value::qstr(q::EMPTY));
    }
    if r.step == 1 {
        let s = cp_offset(t.bytes, false, r.start as usize);
        let e = s + cp_offset(&t.bytes[s..], false, r.len);
        return new_text(rt, &t.bytes[s..e]);
    }
    // Walk the code points in the slice's direction once.
    let mut b = StrBuilder::with_capacity(rt, r.len)?;
    let (first, last) = (r.start, r.index(r.len - 1) as i64);
    if r.step > 0 {
        let mut cp = 0i64;
        let mut i = 0;
        while i < t.bytes.len() && cp <= last {
            let w = utf8_len(t.bytes[i]).min(t.bytes.len() - i);
            if cp >= first && (cp - first) % r.step == 0 {
                b.put(&t.bytes[i..i + w])?;
            }
            cp += 1;
            i += w;
        }
    } else {
        let mut cp = n as i64;
        let mut end = t.bytes.len();
        while end > 0 && cp > last {
            let mut start = end - 1;
            while start > 0 && t.bytes[start] & 0xc0 == 0x80 {
                start -= 1;
            }
            cp -= 1;
            if cp <= first && (first - cp) % (-r.step) == 0 {
                b.put(&t.bytes[start..end])?;
            }
            end = start;
        }
    }
    b.finish_kind(Kind::Str)
}

/// Resolves an item index of a string-like.
pub(crate) fn item_index(rt: &Rt, t: &Text<'_>, index: Value) -> PyResult<usize> {
    // A big int is out of range (IndexError), not of the wrong type.
    let Some(i) = super::slice::bound(rt, index).ok().flatten() else {
        return Err(if t.is_str() {
            rt.type_error(format_args!(
                "string indices must be integers, not '{}'",
                type_name(rt, index)
            ))
        } else {
            rt.type_error(format_args!(
                "byte indices must be integers or slices, not {}",
                type_name(rt, index)
            ))
        });
    };
    let n = t.len() as i64;
    let r = if i < 0 { i + n } else { i };
    if r < 0 || r >= n {
        return Err(if t.is_str() {
            rt.error(
                &super::exc::INDEX_ERROR,
                format_args!("string index out of range"),
            )
        } else {
            rt.error(&super::exc::INDEX_ERROR, format_args!("index out of range"))
        });
    }
    Ok(r as usize)
}

fn str_subscr(rt: &Rt, this: Value, index: Value, op: SubscrOp) -> PyResult {
    let Some(t) = text(rt, this) else {
        return Err(rt.type_error(format_args!("not a string")));
    };
    match op {
        SubscrOp::Load => {}
        SubscrOp::Store(_) => {
            return Err(rt.type_error(format_args!(
                "'{}' object does not support item assignment",
                type_name(rt, this)
            )));
        }
        SubscrOp::Delete => {
            return Err(rt.type_error(format_args!(
                "'{}' object doesn't support item deletion",
                type_name(rt, this)
            )));
        }
    }
    if let Some(sl) = rt.downcast::<Slice>(index) {
        return slice_text(rt, this, t, sl);
    }
    let i = item_index(rt, &t, index)?;
    if !t.is_str() {
        return Ok(int_value(t.bytes[i] as usize));
    }
    let s = cp_offset(t.bytes, t.ascii, i);
    let w = utf8_len(t.bytes[s]).min(t.bytes.len() - s);
    new_text(rt, &t.bytes[s..s + w])
}

/// An iterator over a `str` by code point: the string and a byte offset.
#[repr(C)]
pub struct StrIter {
    header: ObjHeader,
    s: Value,
    pos: Cell<usize>,
}

// SAFETY: `#[repr(C)]` with the header first; `STR_ITER_TYPE` owns it.
unsafe impl Object for StrIter {
    const TYPE: &'static Type = &STR_ITER_TYPE;
}

fn str_iter(rt: &Rt, this: Value) -> PyResult {
    if str_text(rt, this).is_none() {
        return super::iter::new_index_iter(rt, this, |rt, seq, i| {
            let t = bytes_like(rt, seq)?;
            t.bytes.get(i).map(|&b| int_value(b as usize))
        });
    }
    let obj = rt
        .alloc(size_of::<StrIter>(), AllocFlags::NONE)?
        .cast::<StrIter>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(StrIter {
            header: ObjHeader::new(&STR_ITER_TYPE),
            s: this,
            pos: Cell::new(0),
        });
        Ok(Value::from_object(obj.cast()))
    }
}

fn str_iter_next(rt: &Rt, it: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<StrIter>(it) else {
        return Ok(None);
    };
    let Some(t) = str_text(rt, it.s) else {
        return Ok(None);
    };
    let pos = it.pos.get();
    let Some(&b0) = t.bytes.get(pos) else {
        return Ok(None);
    };
    let w = utf8_len(b0).min(t.bytes.len() - pos);
    it.pos.set(pos + w);
    new_text(rt, &t.bytes[pos..pos + w]).map(Some)
}

fn bytes_buffer(rt: &Rt, this: Value) -> Option<Buffer> {
    let s = str_obj(rt, this, &BYTES_TYPE)?;
    let bytes = s.bytes();
    Some(Buffer {
        ptr: NonNull::from(bytes).cast(),
        len: bytes.len(),
        writable: false,
        typecode: b'B',
    })
}

static STR_ITER_SLOTS: Slots = Slots {
    iternext: Some(str_iter_next),
    ..Slots::EMPTY
};

/// The type of `iter(str)`.
pub static STR_ITER_TYPE: Type = super::builtin_type(
    q::iterator,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &STR_ITER_TYPE,
    &STR_ITER_SLOTS,
    &[],
);

static STR_SLOTS: Slots = Slots {
    make_new: Some(str_make_new),
    print: Some(str_print),
    unary_op: Some(str_unary),
    binary_op: Some(text_binary),
    subscr: Some(str_subscr),
    iter: Some(str_iter),
    ..Slots::EMPTY
};

static BYTES_SLOTS: Slots = Slots {
    make_new: Some(bytes_make_new),
    print: Some(str_print),
    unary_op: Some(str_unary),
    binary_op: Some(text_binary),
    subscr: Some(str_subscr),
    iter: Some(str_iter),
    buffer: Some(bytes_buffer),
    ..Slots::EMPTY
};

/// Sorts a ROM method table by qstr index at compile time, so tables can be
/// written alphabetically whatever order `qstrs.txt` gives the names.
pub(crate) const fn sort_methods<const N: usize>(mut t: [(Qstr, Value); N]) -> [(Qstr, Value); N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && t[j - 1].0.index() > t[j].0.index() {
            let tmp = t[j];
            t[j] = t[j - 1];
            t[j - 1] = tmp;
            j -= 1;
        }
        i += 1;
    }
    t
}

// Only `str-extras` methods take a variable number of arguments here.
#[cfg(feature = "str-extras")]
macro_rules! var {
    ($name:ident, $min:expr, $max:expr, $f:expr) => {
        rom_method!(
            $name,
            NativeFn::Var {
                min: $min,
                max: $max,
                f: $f
            }
        )
    };
}
macro_rules! kw {
    ($name:ident, $min:expr, $f:expr) => {
        rom_method!($name, NativeFn::Kw { min: $min, f: $f })
    };
}
#[cfg(feature = "str-extras")]
pub(crate) use var;

/// The methods `str`, `bytes` and `bytearray` have in common (same name,
/// same implementation): one object each, which all three tables hold (as
/// MicroPython's shared table does) instead of a copy each.
pub(crate) mod text_methods {
    use super::m;
    use crate::qstr::q;
    use crate::types::function::{BuiltinFn, NativeFn};

    #[cfg(feature = "str-extras")]
    pub(crate) static CAPITALIZE: BuiltinFn =
        BuiltinFn::method(q::capitalize, NativeFn::F1(m::capitalize));
    #[cfg(feature = "str-extras")]
    pub(crate) static CENTER: BuiltinFn = BuiltinFn::method(
        q::center,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: m::center,
        },
    );
    pub(crate) static COUNT: BuiltinFn = BuiltinFn::method(
        q::count,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: m::count,
        },
    );
    #[cfg(feature = "cpython-compat")]
    pub(crate) static DECODE: BuiltinFn = BuiltinFn::method(
        q::decode,
        NativeFn::Kw {
            min: 1,
            f: m::decode,
        },
    );
    pub(crate) static ENDSWITH: BuiltinFn = BuiltinFn::method(
        q::endswith,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: m::endswith,
        },
    );
    #[cfg(feature = "str-extras")]
    pub(crate) static EXPANDTABS: BuiltinFn = BuiltinFn::method(
        q::expandtabs,
        NativeFn::Kw {
            min: 1,
            f: m::expandtabs,
        },
    );
    pub(crate) static FIND: BuiltinFn = BuiltinFn::method(
        q::find,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: m::find,
        },
    );
    #[cfg(feature = "str-extras")]
    pub(crate) static HEX: BuiltinFn = BuiltinFn::method(
        q::hex,
        NativeFn::Var {
            min: 1,
            max: 3,
            f: m::hex,
        },
    );
    pub(crate) static INDEX: BuiltinFn = BuiltinFn::method(
        q::index,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: m::index,
        },
    );
    #[cfg(feature = "str-extras")]
    pub(crate) static ISALNUM: BuiltinFn = BuiltinFn::method(q::isalnum, NativeFn::F1(m::isalnum));
    pub(crate) static ISALPHA: BuiltinFn = BuiltinFn::method(q::isalpha, NativeFn::F1(m::isalpha));
    #[cfg(feature = "str-extras")]
    pub(crate) static ISASCII: BuiltinFn = BuiltinFn::method(q::isascii, NativeFn::F1(m::isascii));
    pub(crate) static ISDIGIT: BuiltinFn = BuiltinFn::method(q::isdigit, NativeFn::F1(m::isdigit));
    pub(crate) static ISLOWER: BuiltinFn = BuiltinFn::method(q::islower, NativeFn::F1(m::islower));
    pub(crate) static ISSPACE: BuiltinFn = BuiltinFn::method(q::isspace, NativeFn::F1(m::isspace));
    #[cfg(feature = "str-extras")]
    pub(crate) static ISTITLE: BuiltinFn = BuiltinFn::method(q::istitle, NativeFn::F1(m::istitle));
    pub(crate) static ISUPPER: BuiltinFn = BuiltinFn::method(q::isupper, NativeFn::F1(m::isupper));
    pub(crate) static JOIN: BuiltinFn = BuiltinFn::method(q::join, NativeFn::F2(m::join));
    #[cfg(feature = "str-extras")]
    pub(crate) static LJUST: BuiltinFn = BuiltinFn::method(
        q::ljust,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: m::ljust,
        },
    );
    pub(crate) static LOWER: BuiltinFn = BuiltinFn::method(q::lower, NativeFn::F1(m::lower));
    pub(crate) static LSTRIP: BuiltinFn = BuiltinFn::method(
        q::lstrip,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: m::lstrip,
        },
    );
    #[cfg(feature = "str-extras")]
    pub(crate) static PARTITION: BuiltinFn =
        BuiltinFn::method(q::partition, NativeFn::F2(m::partition));
    #[cfg(feature = "str-extras")]
    pub(crate) static REMOVEPREFIX: BuiltinFn =
        BuiltinFn::method(q::removeprefix, NativeFn::F2(m::removeprefix));
    #[cfg(feature = "str-extras")]
    pub(crate) static REMOVESUFFIX: BuiltinFn =
        BuiltinFn::method(q::removesuffix, NativeFn::F2(m::removesuffix));
    pub(crate) static REPLACE: BuiltinFn = BuiltinFn::method(
        q::replace,
        NativeFn::Var {
            min: 3,
            max: 4,
            f: m::replace,
        },
    );
    pub(crate) static RFIND: BuiltinFn = BuiltinFn::method(
        q::rfind,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: m::rfind,
        },
    );
    pub(crate) static RINDEX: BuiltinFn = BuiltinFn::method(
        q::rindex,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: m::rindex,
        },
    );
    #[cfg(feature = "str-extras")]
    pub(crate) static RJUST: BuiltinFn = BuiltinFn::method(
        q::rjust,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: m::rjust,
        },
    );
    #[cfg(feature = "str-extras")]
    pub(crate) static RPARTITION: BuiltinFn =
        BuiltinFn::method(q::rpartition, NativeFn::F2(m::rpartition));
    pub(crate) static RSPLIT: BuiltinFn = BuiltinFn::method(
        q::rsplit,
        NativeFn::Kw {
            min: 1,
            f: m::rsplit,
        },
    );
    pub(crate) static RSTRIP: BuiltinFn = BuiltinFn::method(
        q::rstrip,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: m::rstrip,
        },
    );
    pub(crate) static SPLIT: BuiltinFn = BuiltinFn::method(
        q::split,
        NativeFn::Kw {
            min: 1,
            f: m::split,
        },
    );
    #[cfg(feature = "str-extras")]
    pub(crate) static SPLITLINES: BuiltinFn = BuiltinFn::method(
        q::splitlines,
        NativeFn::Kw {
            min: 1,
            f: m::splitlines,
        },
    );
    pub(crate) static STARTSWITH: BuiltinFn = BuiltinFn::method(
        q::startswith,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: m::startswith,
        },
    );
    pub(crate) static STRIP: BuiltinFn = BuiltinFn::method(
        q::strip,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: m::strip,
        },
    );
    #[cfg(feature = "str-extras")]
    pub(crate) static SWAPCASE: BuiltinFn =
        BuiltinFn::method(q::swapcase, NativeFn::F1(m::swapcase));
    #[cfg(feature = "str-extras")]
    pub(crate) static TITLE: BuiltinFn = BuiltinFn::method(q::title, NativeFn::F1(m::title));
    pub(crate) static UPPER: BuiltinFn = BuiltinFn::method(q::upper, NativeFn::F1(m::upper));
    #[cfg(feature = "str-extras")]
    pub(crate) static ZFILL: BuiltinFn = BuiltinFn::method(q::zfill, NativeFn::F2(m::zfill));
}

/// 1 when the `str-extras` methods are built in, else 0: the method tables'
/// lengths count them with it.
pub(crate) const STR_EXTRAS: usize = cfg!(feature = "str-extras") as usize;
/// 1 with `cpython-compat` (`str.encode`, `bytes.decode`), else 0.
pub(crate) const CPYTHON_COMPAT: usize = cfg!(feature = "cpython-compat") as usize;

/// A method table entry for a shared method object.
pub(crate) const fn shared(f: &'static super::function::BuiltinFn) -> (Qstr, Value) {
    (f.name, Value::from_static(f))
}

static STR_METHODS: [(Qstr, Value); 23 + CPYTHON_COMPAT + STR_EXTRAS * 17] = sort_methods([
    #[cfg(feature = "str-extras")]
    shared(&text_methods::CAPITALIZE),
    #[cfg(feature = "str-extras")]
    rom_method!(casefold, NativeFn::F1(m::lower)),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::CENTER),
    shared(&text_methods::COUNT),
    #[cfg(feature = "cpython-compat")]
    kw!(encode, 1, m::encode),
    shared(&text_methods::ENDSWITH),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::EXPANDTABS),
    shared(&text_methods::FIND),
    kw!(format, 1, super::str_format::str_format_method),
    shared(&text_methods::INDEX),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISALNUM),
    shared(&text_methods::ISALPHA),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISASCII),
    shared(&text_methods::ISDIGIT),
    shared(&text_methods::ISLOWER),
    shared(&text_methods::ISSPACE),
    shared(&text_methods::ISUPPER),
    shared(&text_methods::JOIN),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::LJUST),
    shared(&text_methods::LOWER),
    shared(&text_methods::LSTRIP),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::PARTITION),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::REMOVEPREFIX),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::REMOVESUFFIX),
    shared(&text_methods::REPLACE),
    shared(&text_methods::RFIND),
    shared(&text_methods::RINDEX),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::RJUST),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::RPARTITION),
    shared(&text_methods::RSPLIT),
    shared(&text_methods::RSTRIP),
    shared(&text_methods::SPLIT),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::SPLITLINES),
    shared(&text_methods::STARTSWITH),
    shared(&text_methods::STRIP),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::SWAPCASE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::TITLE),
    shared(&text_methods::UPPER),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ZFILL),
    rom_method!(__format__, NativeFn::F2(super::str_format::dunder_format)),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISTITLE),
]);
const _: () = assert!(
    methods_sorted(&STR_METHODS),
    "STR_METHODS must be sorted by qstr"
);

static BYTES_METHODS: [(Qstr, Value); 21 + CPYTHON_COMPAT + STR_EXTRAS * 18] = sort_methods([
    #[cfg(feature = "str-extras")]
    shared(&text_methods::CAPITALIZE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::EXPANDTABS),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISTITLE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::SWAPCASE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::TITLE),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ZFILL),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::CENTER),
    shared(&text_methods::COUNT),
    #[cfg(feature = "cpython-compat")]
    shared(&text_methods::DECODE),
    shared(&text_methods::ENDSWITH),
    shared(&text_methods::FIND),
    #[cfg(feature = "str-extras")]
    var!(fromhex, 1, 2, m::bytes_fromhex),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::HEX),
    shared(&text_methods::INDEX),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISALNUM),
    shared(&text_methods::ISALPHA),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::ISASCII),
    shared(&text_methods::ISDIGIT),
    shared(&text_methods::ISLOWER),
    shared(&text_methods::ISSPACE),
    shared(&text_methods::ISUPPER),
    shared(&text_methods::JOIN),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::LJUST),
    shared(&text_methods::LOWER),
    shared(&text_methods::LSTRIP),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::PARTITION),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::REMOVEPREFIX),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::REMOVESUFFIX),
    shared(&text_methods::REPLACE),
    shared(&text_methods::RFIND),
    shared(&text_methods::RINDEX),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::RJUST),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::RPARTITION),
    shared(&text_methods::RSPLIT),
    shared(&text_methods::RSTRIP),
    shared(&text_methods::SPLIT),
    #[cfg(feature = "str-extras")]
    shared(&text_methods::SPLITLINES),
    shared(&text_methods::STARTSWITH),
    shared(&text_methods::STRIP),
    shared(&text_methods::UPPER),
]);
const _: () = assert!(
    methods_sorted(&BYTES_METHODS),
    "BYTES_METHODS must be sorted by qstr"
);

/// `str`.
pub static STR_TYPE: Type = super::builtin_type(
    q::str,
    TypeFlags::BASETYPE,
    b'S',
    &STR_TYPE,
    &STR_SLOTS,
    &STR_METHODS,
);

/// `bytes`. `bytes.fromhex(s)` is in its method table: loaded from the type
/// it is a plain function of one argument; loaded from an instance it binds
/// and ignores the receiver, as a classmethod would.
pub static BYTES_TYPE: Type = super::builtin_type(
    q::bytes,
    TypeFlags::BASETYPE,
    b'S',
    &BYTES_TYPE,
    &BYTES_SLOTS,
    &BYTES_METHODS,
);
