//! `struct` (`ustruct`): packing values into bytes and back.
//!
//! A format is parsed lazily, item by item, straight from the format
//! string: nothing is compiled or cached, so a call allocates only its
//! result. [`Format::layout`] walks it once to validate it and to learn its
//! size and value count; packing and unpacking walk it again.
//!
//! Byte order, size and alignment follow the first character: `@` (or
//! none) native order, native sizes and alignment; `=` native order with
//! standard sizes; `<` little-endian; `>` and `!` big-endian. Native sizes
//! are the target's: on the 32-bit boards `l`, `L` and `P` are 4 bytes, on
//! 64-bit hosts 8 (as CPython on 64-bit Linux). Native alignment is the
//! item's size (8 for `q`, `Q`, `d`, as the Arm EABI lays them out).
//!
//! Errors are CPython 3.11's: `struct.error` (a subclass of `Exception`,
//! not `ValueError`) with CPython's messages, including the ones that
//! depend on whether CPython's native or standard packer handles an item.

use pyrite_obj::object::{ObjHeader, Object, Slots, Type, TypeFlags};
use pyrite_obj::types::bytearray::BYTEARRAY_TYPE;
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::num::{self, IntView};
use pyrite_obj::types::str::{BYTES_TYPE, StrBuilder, new_str, str_text};
use pyrite_obj::types::tuple::{new_tuple, tuple_from_iterable};
use pyrite_obj::{Args, Exc, Float, PyResult, Rt, Sink, Value, q};

use crate::util::{self, bytes_of, int_arg, type_name};

// ----- the format language ----------------------------------------------------------

/// How a format lays out its items.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Order {
    /// Standard sizes and no alignment (every prefix but `@`).
    pub standard: bool,
    /// Little-endian.
    pub little: bool,
}

impl Order {
    /// Whether CPython packs an item of this code with its *native* packer
    /// (which decides the error messages): always in `@` mode, and in a
    /// standard mode whose byte order is the machine's when the standard
    /// size equals the native one (not for `f`, `d`, `?`).
    fn native_packer(self, code: u8) -> bool {
        if !self.standard {
            return true;
        }
        if self.little != cfg!(target_endian = "little") || matches!(code, b'f' | b'd' | b'?') {
            return false;
        }
        size_of_code(code, false) == size_of_code(code, true)
    }
}

/// A format error (raised as `struct.error`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FormatError {
    /// An unknown format character.
    BadChar,
    /// Digits at the end of the format.
    RepeatWithoutCode,
    /// The size overflows.
    TooLong,
}

impl FormatError {
    /// CPython's message.
    pub fn message(self) -> &'static str {
        match self {
            FormatError::BadChar => "bad char in struct format",
            FormatError::RepeatWithoutCode => "repeat count given without format specifier",
            FormatError::TooLong => "total struct size too long",
        }
    }
}

/// Size of one element of `code`, or `None` for a code that the mode does
/// not have.
fn size_of_code(code: u8, standard: bool) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' if standard => 4,
        b'l' | b'L' | b'P' if !standard => size_of::<usize>(),
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

/// One item of a format: a code with its repeat count (for `s` and `p`, the
/// byte length of its single value), at `offset` bytes from the start.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Item {
    /// The format character.
    pub code: u8,
    /// The repeat count.
    pub count: usize,
    /// Byte offset of the first element.
    pub offset: usize,
    /// Size of one element (1 for `s`, `p`, `x`).
    pub size: usize,
}

impl Item {
    /// Number of values this item packs or unpacks.
    pub fn values(&self) -> usize {
        match self.code {
            b'x' => 0,
            b's' | b'p' => 1,
            _ => self.count,
        }
    }

    /// Number of bytes this item occupies.
    pub fn bytes(&self) -> usize {
        self.count * self.size
    }
}

/// A parsed format: its byte order and the items, walked by iteration.
#[derive(Clone, Copy, Debug)]
pub struct Format<'a> {
    /// Byte order, sizes and alignment.
    pub order: Order,
    items: &'a [u8],
}

/// The whole-format facts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Layout {
    /// `calcsize`.
    pub size: usize,
    /// Number of values `pack` takes and `unpack` returns.
    pub values: usize,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

impl<'a> Format<'a> {
    /// Reads the byte-order prefix of `fmt`.
    pub fn new(fmt: &'a [u8]) -> Format<'a> {
        let native_little = cfg!(target_endian = "little");
        let (order, items) = match fmt.first() {
            Some(b'<') => ((true, true), &fmt[1..]),
            Some(b'>' | b'!') => ((true, false), &fmt[1..]),
            Some(b'=') => ((true, native_little), &fmt[1..]),
            Some(b'@') => ((false, native_little), &fmt[1..]),
            _ => ((false, native_little), fmt),
        };
        Format {
            order: Order {
                standard: order.0,
                little: order.1,
            },
            items,
        }
    }

    /// The items in order, with their offsets; an error ends the walk.
    pub fn items(&self) -> Items<'a> {
        Items {
            rest: self.items,
            standard: self.order.standard,
            offset: 0,
        }
    }

    /// Validates the whole format and sums it up.
    pub fn layout(&self) -> Result<Layout, FormatError> {
        let mut layout = Layout { size: 0, values: 0 };
        for item in self.items() {
            let item = item?;
            layout.size = item.offset + item.bytes();
            layout.values += item.values();
        }
        Ok(layout)
    }
}

/// Iterator over a format's items.
#[derive(Clone, Debug)]
pub struct Items<'a> {
    rest: &'a [u8],
    standard: bool,
    offset: usize,
}

impl Iterator for Items<'_> {
    type Item = Result<Item, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        let r = self.step();
        if matches!(r, Some(Err(_))) {
            self.rest = &[];
        }
        r
    }
}

impl Items<'_> {
    fn step(&mut self) -> Option<Result<Item, FormatError>> {
        while let Some((&c, rest)) = self.rest.split_first() {
            if is_space(c) {
                self.rest = rest;
                continue;
            }
            let mut count: Option<usize> = None;
            while let Some((&d, rest)) = self.rest.split_first() {
                if !d.is_ascii_digit() {
                    break;
                }
                let n = count.unwrap_or(0);
                count = match n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((d - b'0') as usize))
                {
                    Some(n) => Some(n),
                    None => return Some(Err(FormatError::TooLong)),
                };
                self.rest = rest;
            }
            let Some((&code, rest)) = self.rest.split_first() else {
                return Some(Err(FormatError::RepeatWithoutCode));
            };
            self.rest = rest;
            let count = count.unwrap_or(1);
            let Some(size) = size_of_code(code, self.standard) else {
                return Some(Err(FormatError::BadChar));
            };
            let mut offset = self.offset;
            if !self.standard && size > 1 {
                offset = match offset.checked_next_multiple_of(size) {
                    Some(o) => o,
                    None => return Some(Err(FormatError::TooLong)),
                };
            }
            let end = count
                .checked_mul(size)
                .and_then(|n| n.checked_add(offset))
                .filter(|&e| e <= isize::MAX as usize);
            let Some(end) = end else {
                return Some(Err(FormatError::TooLong));
            };
            self.offset = end;
            return Some(Ok(Item {
                code,
                count,
                offset,
                size,
            }));
        }
        None
    }
}

// ----- packing ------------------------------------------------------------------------

/// `struct.error`.
pub static STRUCT_ERROR: Type = util::exception_type(q::error, &exc::EXCEPTION);

fn struct_error(rt: &Rt, args: core::fmt::Arguments<'_>) -> Exc {
    rt.error(&STRUCT_ERROR, args)
}

fn format_error(rt: &Rt, e: FormatError) -> Exc {
    struct_error(rt, format_args!("{}", e.message()))
}

/// Writes `x` (two's complement, `size` bytes) in the format's byte order.
fn put_uint(out: &mut [u8], x: u64, little: bool) {
    let n = out.len();
    for (k, b) in out.iter_mut().enumerate() {
        let shift = if little { k } else { n - 1 - k };
        *b = if shift < 8 {
            (x >> (8 * shift)) as u8
        } else {
            0
        };
    }
}

fn get_uint(bytes: &[u8], little: bool) -> u64 {
    let mut x: u64 = 0;
    for k in 0..bytes.len() {
        let b = if little {
            bytes[bytes.len() - 1 - k]
        } else {
            bytes[k]
        };
        x = (x << 8) | b as u64;
    }
    x
}

/// The C `long` range of the target (what CPython's `get_long` accepts).
const LONG_BITS: u32 = usize::BITS;

fn fits_signed(x: i128, bits: u32) -> bool {
    let lim = 1i128 << (bits - 1);
    (-lim..lim).contains(&x)
}

fn fits_unsigned(x: i128, bits: u32) -> bool {
    x >= 0 && x < (1i128 << bits)
}

/// An int as `i128`; `None` beyond (its sign is then in `neg`).
fn int_value(v: IntView<'_>) -> Option<i128> {
    match v {
        IntView::Small(i) => Some(i as i128),
        IntView::Big(b, ..) => pyrite_num::bigint::signed::to_i128(b),
    }
}

/// Checks an int for an integer code and returns its two's complement
/// bits, with CPython 3.11's error for each case.
fn pack_int(rt: &Rt, order: Order, code: u8, size: usize, v: Value) -> PyResult<u64> {
    let Some(view) = num::int_view(rt, v) else {
        return Err(struct_error(
            rt,
            format_args!("required argument is not an integer"),
        ));
    };
    // Beyond i128 is beyond every range: treat as the largest magnitude.
    let x = int_value(view).unwrap_or(if view.is_negative() {
        i128::MIN
    } else {
        i128::MAX
    });
    let bits = size as u32 * 8;
    let out_of_range = || struct_error(rt, format_args!("argument out of range"));
    let native = order.native_packer(code);
    let ok = match code {
        b'b' | b'B' | b'h' | b'H' if native || matches!(code, b'b' | b'B') => {
            if !fits_signed(x, LONG_BITS) {
                return Err(out_of_range());
            }
            let (lo, hi, name): (i32, i32, _) = match code {
                b'b' => (-128, 127, "byte"),
                b'B' => (0, 255, "ubyte"),
                b'h' => (-32768, 32767, "short"),
                _ => (0, 65535, "ushort"),
            };
            if x < lo.into() || x > hi.into() {
                return Err(struct_error(
                    rt,
                    format_args!("{name} format requires {lo} <= number <= {hi}"),
                ));
            }
            true
        }
        b'q' | b'Q' if !native => {
            let fits = if code == b'q' {
                fits_signed(x, 64)
            } else {
                fits_unsigned(x, 64)
            };
            if !fits {
                return Err(struct_error(rt, format_args!("int too large to convert")));
            }
            true
        }
        b'P' => {
            if !(fits_signed(x, usize::BITS) || fits_unsigned(x, usize::BITS)) {
                return Err(struct_error(rt, format_args!("int too large to convert")));
            }
            true
        }
        b'h' | b'i' | b'l' | b'q' => {
            // Signed: first the C long (long long for `q`) conversion, then
            // the item's own range.
            let conv = if code == b'q' { 64 } else { LONG_BITS };
            if !fits_signed(x, conv) {
                return Err(out_of_range());
            }
            fits_signed(x, bits)
        }
        _ => {
            // Unsigned `H I L Q`: the unsigned conversion rejects negatives.
            let conv = if code == b'Q' { 64 } else { LONG_BITS };
            if !fits_unsigned(x, conv) {
                return Err(out_of_range());
            }
            fits_unsigned(x, bits)
        }
    };
    if !ok {
        let c = code as char;
        // The bounds in 64-bit integers (formatting `i128` costs the
        // boards 1.5 KB of flash).
        return Err(if matches!(code, b'h' | b'i' | b'l' | b'q') {
            let hi = i64::MAX >> (64 - bits);
            struct_error(
                rt,
                format_args!("'{c}' format requires {} <= number <= {hi}", -hi - 1),
            )
        } else {
            let hi = u64::MAX >> (64 - bits);
            struct_error(
                rt,
                format_args!("'{c}' format requires 0 <= number <= {hi}"),
            )
        });
    }
    Ok(x as u64)
}

/// A number as `f64` for a float code.
fn pack_float_value(rt: &Rt, v: Value) -> PyResult<f64> {
    let not_float = || struct_error(rt, format_args!("required argument is not a float"));
    if let Some(x) = v.as_float() {
        return Ok(x as f64);
    }
    match num::int_view(rt, v) {
        Some(IntView::Small(i)) => Ok(i as f64),
        Some(IntView::Big(b, ..)) => match pyrite_num::bigint::signed::to_f64(b) {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(not_float()),
        },
        None => Err(not_float()),
    }
}

/// The error for a float beyond the code's range: `OverflowError`, except
/// that CPython reports it as `struct.error` when the value was an int.
fn float_overflow(rt: &Rt, code: u8, v: Value) -> Exc {
    if num::int_view(rt, v).is_some() {
        return struct_error(rt, format_args!("int too large to convert"));
    }
    rt.error(
        &exc::OVERFLOW_ERROR,
        format_args!("float too large to pack with {} format", code as char),
    )
}

/// Rounds `m >> s` to nearest, ties to even.
fn round_shift(m: u64, s: u32) -> u64 {
    if s == 0 {
        return m;
    }
    if s >= 64 {
        return 0;
    }
    let q = m >> s;
    let r = m & ((1u64 << s) - 1);
    let half = 1u64 << (s - 1);
    if r > half || (r == half && q & 1 == 1) {
        q + 1
    } else {
        q
    }
}

/// IEEE 754 binary16 bits of `x`, correctly rounded; `None` when the value
/// rounds beyond the largest half float.
pub fn f64_to_f16(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    let bits = a.to_bits();
    let biased = (bits >> 52) as i32;
    if biased == 0 {
        // Zero or an f64 subnormal: far below the smallest half subnormal.
        return Some(sign);
    }
    let e = biased - 1023;
    let m = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    if e < -14 {
        // Half subnormal: a multiple of 2^-24, `a * 2^24 = m * 2^(e - 28)`.
        let shift = (28 - e) as u32;
        let k = round_shift(m, shift);
        // `k == 1024` is the smallest normal, whose bits are the same.
        return Some(sign | k as u16);
    }
    let mut mant = round_shift(m, 42);
    let mut exp = e + 15;
    if mant == 2048 {
        mant = 1024;
        exp += 1;
    }
    if exp >= 31 {
        return None;
    }
    Some(sign | ((exp as u16) << 10) | (mant as u16 - 1024))
}

/// The value of binary16 bits (exact).
pub fn f16_to_f64(h: u16) -> f64 {
    let sign = ((h as u64) >> 15) << 63;
    let exp = ((h >> 10) & 0x1f) as u64;
    let mant = (h & 0x3ff) as u64;
    let bits = match exp {
        // Subnormal: `mant * 2^-24`, exact in an f64.
        0 => {
            let mag = mant as f64 * f64::from_bits((1023 - 24) << 52);
            return if sign != 0 { -mag } else { mag };
        }
        31 if mant == 0 => sign | (0x7ff << 52),
        31 => sign | (0x7ff << 52) | (1 << 51) | (mant << 42),
        _ => sign | ((exp + 1023 - 15) << 52) | (mant << 42),
    };
    f64::from_bits(bits)
}

/// Packs one value of a non-string code into `out` (its element size).
fn pack_one(rt: &Rt, order: Order, code: u8, v: Value, out: &mut [u8]) -> PyResult<()> {
    let little = order.little;
    match code {
        b'c' => {
            let b = rt
                .downcast_native(v, &BYTES_TYPE)
                .and_then(|_| rt.str_bytes(v))
                .filter(|b| b.len() == 1);
            match b {
                Some(b) => out[0] = b[0],
                None => {
                    return Err(struct_error(
                        rt,
                        format_args!("char format requires a bytes object of length 1"),
                    ));
                }
            }
        }
        b'?' => out[0] = rt.truthy(v)? as u8,
        b'e' => {
            let x = pack_float_value(rt, v)?;
            let h = f64_to_f16(x).ok_or_else(|| float_overflow(rt, code, v))?;
            put_uint(out, h as u64, little);
        }
        b'f' => {
            let x = pack_float_value(rt, v)?;
            let y = x as f32;
            if order.standard && y.is_infinite() && x.is_finite() {
                return Err(float_overflow(rt, code, v));
            }
            put_uint(out, y.to_bits() as u64, little);
        }
        b'd' => {
            let x = pack_float_value(rt, v)?;
            put_uint(out, x.to_bits(), little);
        }
        _ => {
            let x = pack_int(rt, order, code, out.len(), v)?;
            put_uint(out, x, little);
        }
    }
    Ok(())
}

/// The bytes of an `s`/`p` value: `bytes` or `bytearray`.
fn string_value(rt: &Rt, code: u8, v: Value) -> PyResult<&[u8]> {
    if let Some(b) = rt.downcast_native(v, &BYTES_TYPE).and(rt.str_bytes(v)) {
        return Ok(b);
    }
    if rt.downcast_native(v, &BYTEARRAY_TYPE).is_some()
        && let Some(buf) = pyrite_obj::types::buffer::get_buffer(rt, v)
    {
        return Ok(bytes_of(rt, &buf));
    }
    Err(struct_error(
        rt,
        format_args!("argument for '{}' must be a bytes object", code as char),
    ))
}

/// Writes bytes in order, zero-filling up to each item's offset.
struct Writer<'a> {
    out: &'a mut dyn Sink,
    pos: usize,
}

impl Writer<'_> {
    fn pad_to(&mut self, offset: usize) -> PyResult<()> {
        const ZEROS: [u8; 32] = [0; 32];
        while self.pos < offset {
            let n = (offset - self.pos).min(ZEROS.len());
            self.out.put(&ZEROS[..n])?;
            self.pos += n;
        }
        Ok(())
    }

    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        self.out.put(bytes)?;
        self.pos += bytes.len();
        Ok(())
    }
}

/// Packs `values` (as many as the format takes; checked by the caller) by
/// `fmt`, writing `layout.size` bytes to `out`.
fn pack_values(
    rt: &Rt,
    fmt: &Format<'_>,
    layout: Layout,
    values: &[Value],
    out: &mut dyn Sink,
) -> PyResult<()> {
    let mut w = Writer { out, pos: 0 };
    let mut next = 0;
    for item in fmt.items() {
        let item = item.map_err(|e| format_error(rt, e))?;
        w.pad_to(item.offset)?;
        match item.code {
            b'x' => {}
            b's' | b'p' => {
                let v = values[next];
                next += 1;
                let data = string_value(rt, item.code, v)?;
                if item.code == b's' {
                    let n = data.len().min(item.count);
                    w.put(&data[..n])?;
                } else if item.count > 0 {
                    let n = data.len().min(item.count - 1);
                    w.put(&[n.min(255) as u8])?;
                    w.put(&data[..n])?;
                }
            }
            code => {
                let mut elem = [0u8; 8];
                let elem = &mut elem[..item.size];
                for _ in 0..item.count {
                    pack_one(rt, fmt.order, code, values[next], elem)?;
                    next += 1;
                    w.put(elem)?;
                }
            }
        }
        w.pad_to(item.offset + item.bytes())?;
    }
    w.pad_to(layout.size)
}

/// Packs into a new `bytes` object.
fn pack_bytes(rt: &Rt, fmt: &Format<'_>, layout: Layout, values: &[Value]) -> PyResult {
    let mut out = StrBuilder::with_capacity(rt, layout.size)?;
    pack_values(rt, fmt, layout, values, &mut out)?;
    out.finish(&BYTES_TYPE)
}

// ----- unpacking ----------------------------------------------------------------------

/// Decodes one element of a non-string code.
fn unpack_one(rt: &Rt, order: Order, code: u8, bytes: &[u8]) -> PyResult {
    let little = order.little;
    let u = get_uint(bytes, little);
    Ok(match code {
        b'c' => new_str(rt, &BYTES_TYPE, bytes)?,
        b'?' => Value::bool(u != 0),
        b'e' => Value::float(f16_to_f64(u as u16) as Float),
        b'f' => Value::float(f32::from_bits(u as u32) as Float),
        b'd' => Value::float(f64::from_bits(u) as Float),
        b'b' | b'h' | b'i' | b'l' | b'q' => {
            let shift = 64 - 8 * bytes.len() as u32;
            num::int_from_i64(rt, ((u << shift) as i64) >> shift)?
        }
        _ => num::int_from_u64(rt, u)?,
    })
}

/// Builds a tuple of `n` values made by `f`, keeping the made values where
/// the collector sees them (the machine stack, or a list for many).
fn collect_tuple(
    rt: &Rt,
    n: usize,
    mut f: impl FnMut(&mut dyn FnMut(Value) -> PyResult<()>) -> PyResult<()>,
) -> PyResult {
    const SMALL: usize = 16;
    if n <= SMALL {
        let mut items = [Value::NONE; SMALL];
        let mut k = 0;
        f(&mut |v| {
            if k < SMALL {
                items[k] = v;
                k += 1;
            }
            Ok(())
        })?;
        return new_tuple(rt, &items[..k]);
    }
    let list = new_list(rt, &[])?;
    let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    f(&mut |v| l.push(rt, v))?;
    tuple_from_iterable(rt, list)
}

/// Unpacks `bytes` (exactly `layout.size` long) by `fmt` into a tuple.
fn unpack_values(rt: &Rt, fmt: &Format<'_>, layout: Layout, data: &[u8]) -> PyResult {
    collect_tuple(rt, layout.values, |push| {
        for item in fmt.items() {
            let item = item.map_err(|e| format_error(rt, e))?;
            let region = &data[item.offset..item.offset + item.bytes()];
            match item.code {
                b'x' => {}
                b's' => push(new_str(rt, &BYTES_TYPE, region)?)?,
                b'p' => {
                    let n = match region.split_first() {
                        Some((&n, _)) => (n as usize).min(item.count - 1),
                        None => 0,
                    };
                    let s = if item.count > 0 {
                        &region[1..1 + n]
                    } else {
                        &[][..]
                    };
                    push(new_str(rt, &BYTES_TYPE, s)?)?
                }
                code => {
                    for chunk in region.chunks_exact(item.size) {
                        push(unpack_one(rt, fmt.order, code, chunk)?)?;
                    }
                }
            }
        }
        Ok(())
    })
}

// ----- the module functions ------------------------------------------------------------

/// The format argument: a `str` or `bytes`.
fn format_arg(rt: &Rt, v: Value) -> PyResult<&[u8]> {
    if let Some(t) = str_text(rt, v) {
        return Ok(t.bytes);
    }
    if rt.downcast_native(v, &BYTES_TYPE).is_some()
        && let Some(b) = rt.str_bytes(v)
    {
        return Ok(b);
    }
    Err(rt.type_error(format_args!(
        "Struct() argument 1 must be a str or bytes object, not {}",
        type_name(rt, v)
    )))
}

/// Parses and validates a format argument.
fn parse(rt: &Rt, v: Value) -> PyResult<(Format<'_>, Layout)> {
    let f = Format::new(format_arg(rt, v)?);
    let layout = f.layout().map_err(|e| format_error(rt, e))?;
    Ok((f, layout))
}

fn no_keywords(rt: &Rt, name: &str, args: &Args<'_>) -> PyResult<()> {
    if args.kw.is_empty() {
        Ok(())
    } else {
        Err(rt.type_error(format_args!("{name}() takes no keyword arguments")))
    }
}

fn count_error(rt: &Rt, name: &str, expected: usize, got: usize) -> Exc {
    struct_error(
        rt,
        format_args!("{name} expected {expected} items for packing (got {got})"),
    )
}

fn struct_pack(rt: &Rt, args: Args<'_>) -> PyResult {
    no_keywords(rt, "pack", &args)?;
    let Some((&fmt, values)) = args.pos.split_first() else {
        return Err(rt.type_error(format_args!("missing format argument")));
    };
    let (f, layout) = parse(rt, fmt)?;
    if values.len() != layout.values {
        return Err(count_error(rt, "pack", layout.values, values.len()));
    }
    pack_bytes(rt, &f, layout, values)
}

fn struct_pack_into(rt: &Rt, args: Args<'_>) -> PyResult {
    no_keywords(rt, "pack_into", &args)?;
    let Some((&fmt, rest)) = args.pos.split_first() else {
        return Err(rt.type_error(format_args!("missing format argument")));
    };
    let (f, layout) = parse(rt, fmt)?;
    match rest.len() {
        0 => {
            return Err(struct_error(
                rt,
                format_args!("pack_into expected buffer argument"),
            ));
        }
        1 => {
            return Err(struct_error(
                rt,
                format_args!("pack_into expected offset argument"),
            ));
        }
        n if n - 2 != layout.values => {
            return Err(count_error(rt, "pack_into", layout.values, n - 2));
        }
        _ => {}
    }
    let (target, offset, values) = (rest[0], rest[1], &rest[2..]);
    let buf = match pyrite_obj::types::buffer::get_buffer(rt, target) {
        Some(b) if b.writable => b,
        Some(_) | None => {
            return Err(rt.type_error(format_args!(
                "argument must be read-write bytes-like object, not {}",
                type_name(rt, target)
            )));
        }
    };
    let size = layout.size as i64;
    let len = buf.len as i64;
    let mut offset = int_arg(rt, offset)?;
    if offset < 0 {
        if offset + size > 0 {
            return Err(struct_error(
                rt,
                format_args!("no space to pack {size} bytes at offset {offset}"),
            ));
        }
        if offset + len < 0 {
            return Err(struct_error(
                rt,
                format_args!("offset {offset} out of range for {len}-byte buffer"),
            ));
        }
        offset += len;
    }
    if len - offset < size {
        return Err(struct_error(
            rt,
            format_args!(
                "pack_into requires a buffer of at least {} bytes for packing {size} bytes at offset {offset} (actual buffer size is {len})",
                size + offset
            ),
        ));
    }
    // Pack into a scratch `bytes` first (a value may be the target itself,
    // and a failed pack leaves the target unchanged), then copy.
    let packed = pack_bytes(rt, &f, layout, values)?;
    let src = rt.str_bytes(packed).unwrap_or(&[]);
    // The buffer is fetched again: a value's `__bool__` (for `?`) is Python
    // code that could have resized the target.
    let buf = pyrite_obj::types::buffer::get_buffer(rt, target).unwrap_or(buf);
    if buf.writable && (offset as usize) + src.len() <= buf.len {
        // SAFETY: the range is within the writable buffer just exported;
        // `src` is a separate, fresh `bytes` object.
        unsafe {
            core::ptr::copy_nonoverlapping(
                src.as_ptr(),
                buf.ptr.as_ptr().add(offset as usize),
                src.len(),
            );
        }
    }
    Ok(Value::NONE)
}

fn struct_unpack(rt: &Rt, args: Args<'_>) -> PyResult {
    no_keywords(rt, "unpack", &args)?;
    if args.pos.len() != 2 {
        return Err(rt.type_error(format_args!(
            "unpack expected 2 arguments, got {}",
            args.pos.len()
        )));
    }
    let (f, layout) = parse(rt, args.pos[0])?;
    let buf = util::buffer_arg(rt, args.pos[1])?;
    if buf.len != layout.size {
        return Err(struct_error(
            rt,
            format_args!("unpack requires a buffer of {} bytes", layout.size),
        ));
    }
    unpack_buffer(rt, &f, layout, args.pos[1], 0)
}

/// Unpacks from `obj`'s buffer at `offset` (checked by the caller). The
/// buffer is read while the values are made: that allocates but runs no
/// Python code, and allocation never moves or resizes the exporter.
fn unpack_buffer(rt: &Rt, f: &Format<'_>, layout: Layout, obj: Value, offset: usize) -> PyResult {
    let buf = util::buffer_arg(rt, obj)?;
    let data = bytes_of(rt, &buf);
    let data = data.get(offset..offset + layout.size).unwrap_or(&[]);
    if data.len() != layout.size {
        return Err(struct_error(
            rt,
            format_args!("unpack requires a buffer of {} bytes", layout.size),
        ));
    }
    unpack_values(rt, f, layout, data)
}

fn struct_unpack_from(rt: &Rt, args: Args<'_>) -> PyResult {
    let Some((&fmt, _)) = args.pos.split_first() else {
        return Err(rt.type_error(format_args!(
            "unpack_from() missing required argument 'format' (pos 1)"
        )));
    };
    if args.pos.len() + args.kw_len() > 3 {
        return Err(rt.type_error(format_args!(
            "unpack_from() takes at most 3 arguments ({} given)",
            args.pos.len() + args.kw_len()
        )));
    }
    let mut slots = [None; 2];
    let rest = Args {
        pos: &args.pos[1..],
        kw: args.kw,
    };
    util::bind_args(
        rt,
        "unpack_from",
        &rest,
        &["buffer", "offset"],
        0,
        &mut slots,
    )?;
    let Some(obj) = slots[0] else {
        return Err(rt.type_error(format_args!(
            "unpack_from() missing required argument 'buffer' (pos 2)"
        )));
    };
    let (f, layout) = parse(rt, fmt)?;
    let buf = util::buffer_arg(rt, obj)?;
    let size = layout.size as i64;
    let len = buf.len as i64;
    let mut offset = match slots[1] {
        Some(v) => int_arg(rt, v)?,
        None => 0,
    };
    if offset < 0 {
        if offset + len < 0 {
            return Err(struct_error(
                rt,
                format_args!("offset {offset} out of range for {len}-byte buffer"),
            ));
        }
        if offset + size > 0 {
            return Err(struct_error(
                rt,
                format_args!("not enough data to unpack {size} bytes at offset {offset}"),
            ));
        }
        offset += len;
    }
    if len - offset < size {
        return Err(struct_error(
            rt,
            format_args!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {size} bytes at offset {offset} (actual buffer size is {len})",
                size + offset
            ),
        ));
    }
    unpack_buffer(rt, &f, layout, obj, offset as usize)
}

fn struct_calcsize(rt: &Rt, fmt: Value) -> PyResult {
    let (_, layout) = parse(rt, fmt)?;
    num::int_from_u64(rt, layout.size as u64)
}

/// The iterator `iter_unpack` returns: the format, the buffer's object and
/// the next offset.
#[repr(C)]
pub struct UnpackIter {
    header: ObjHeader,
    format: Value,
    buffer: Value,
    offset: core::cell::Cell<usize>,
}

// SAFETY: `#[repr(C)]` with the header first; `UNPACK_ITER_TYPE` owns it.
unsafe impl Object for UnpackIter {
    const TYPE: &'static Type = &UNPACK_ITER_TYPE;
}

fn struct_iter_unpack(rt: &Rt, args: Args<'_>) -> PyResult {
    no_keywords(rt, "iter_unpack", &args)?;
    if args.pos.len() != 2 {
        return Err(rt.type_error(format_args!(
            "iter_unpack expected 2 arguments, got {}",
            args.pos.len()
        )));
    }
    let (fmt, obj) = (args.pos[0], args.pos[1]);
    let (_, layout) = parse(rt, fmt)?;
    let buf = util::buffer_arg(rt, obj)?;
    if layout.size == 0 {
        return Err(struct_error(
            rt,
            format_args!("cannot iteratively unpack with a struct of length 0"),
        ));
    }
    if buf.len % layout.size != 0 {
        return Err(struct_error(
            rt,
            format_args!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                layout.size
            ),
        ));
    }
    let p = rt
        .alloc(size_of::<UnpackIter>(), pyrite_gc::AllocFlags::NONE)?
        .cast::<UnpackIter>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(UnpackIter {
            header: ObjHeader::new(&UNPACK_ITER_TYPE),
            format: fmt,
            buffer: obj,
            offset: core::cell::Cell::new(0),
        });
        Ok(Value::from_object(p.cast()))
    }
}

fn unpack_iter_next(rt: &Rt, it: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<UnpackIter>(it) else {
        return Ok(None);
    };
    let (f, layout) = parse(rt, it.format)?;
    let Some(buf) = pyrite_obj::types::buffer::get_buffer(rt, it.buffer) else {
        return Ok(None);
    };
    let offset = it.offset.get();
    if layout.size == 0 || offset + layout.size > buf.len {
        return Ok(None);
    }
    it.offset.set(offset + layout.size);
    unpack_buffer(rt, &f, layout, it.buffer, offset).map(Some)
}

static UNPACK_ITER_SLOTS: Slots = Slots {
    iternext: Some(unpack_iter_next),
    ..Slots::EMPTY
};

/// The type of `struct.iter_unpack(...)` results.
pub static UNPACK_ITER_TYPE: Type = util::object_type(
    q::unpack_iterator,
    TypeFlags::EQ_IS_IDENTITY,
    &UNPACK_ITER_TYPE,
    &UNPACK_ITER_SLOTS,
    &[],
);

static PACK: BuiltinFn = BuiltinFn::new(
    q::pack,
    NativeFn::Kw {
        min: 0,
        f: struct_pack,
    },
);
static PACK_INTO: BuiltinFn = BuiltinFn::new(
    q::pack_into,
    NativeFn::Kw {
        min: 0,
        f: struct_pack_into,
    },
);
static UNPACK: BuiltinFn = BuiltinFn::new(
    q::unpack,
    NativeFn::Kw {
        min: 0,
        f: struct_unpack,
    },
);
static UNPACK_FROM: BuiltinFn = BuiltinFn::new(
    q::unpack_from,
    NativeFn::Kw {
        min: 0,
        f: struct_unpack_from,
    },
);
static ITER_UNPACK: BuiltinFn = BuiltinFn::new(
    q::iter_unpack,
    NativeFn::Kw {
        min: 0,
        f: struct_iter_unpack,
    },
);
static CALCSIZE: BuiltinFn = BuiltinFn::new(q::calcsize, NativeFn::F1(struct_calcsize));

/// Fills the dict of the `struct` module (`ustruct`): `pack`, `pack_into`,
/// `unpack`, `unpack_from`, `iter_unpack`, `calcsize` and `error`.
pub fn init_struct(rt: &Rt, dict: Value) -> PyResult<()> {
    util::set_fns(
        rt,
        dict,
        &[
            &PACK,
            &PACK_INTO,
            &UNPACK,
            &UNPACK_FROM,
            &ITER_UNPACK,
            &CALCSIZE,
        ],
    )?;
    util::set(rt, dict, q::error, util::type_value(&STRUCT_ERROR))
}
