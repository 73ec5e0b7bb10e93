//! `binascii` (`ubinascii`): hex, base64 and CRC-32 over bytes-like data.
//!
//! Every function takes any buffer exporter (`bytes`, `bytearray`, `array`,
//! `memoryview`); the decoding functions (`unhexlify`, `a2b_base64`) also
//! take an ASCII `str`, as CPython's do. Bad input raises `binascii.Error`,
//! a subclass of `ValueError` as in CPython (so MicroPython code that catches
//! `ValueError` keeps working).
//!
//! The pure algorithms ([`hex_encode`], [`hex_decode`], [`base64_encode`],
//! [`base64_decode`], [`crc32`]) are public and need no runtime.

use pyrite_obj::object::Type;
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::num;
use pyrite_obj::types::str::{BYTES_TYPE, StrBuilder, text};
use pyrite_obj::{Args, Exc, PyResult, Rt, Sink, Value, q};

use crate::util::{self, ascii_data_arg, bytes_of, type_name};

/// `binascii.Error`.
pub static BINASCII_ERROR: Type = util::exception_type(q::Error, &exc::VALUE_ERROR);

fn binascii_error(rt: &Rt, args: core::fmt::Arguments<'_>) -> Exc {
    rt.error(&BINASCII_ERROR, args)
}

// ----- the algorithms ------------------------------------------------------------------

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Writes `data` as lowercase hex, with `sep` between groups of
/// `|per_sep|` bytes (counted from the right when `per_sep > 0`, from the
/// left when negative, as CPython's `bytes.hex`).
pub fn hex_encode(
    data: &[u8],
    sep: Option<u8>,
    per_sep: i64,
    out: &mut dyn FnMut(&[u8]) -> PyResult<()>,
) -> PyResult<()> {
    let group = per_sep.unsigned_abs() as usize;
    let n = data.len();
    for (i, &b) in data.iter().enumerate() {
        if let Some(s) = sep
            && i > 0
            && group > 0
        {
            // A separator goes before byte `i` when a group boundary falls
            // there: from the left, after every `group` bytes; from the
            // right, when the bytes after it are a whole number of groups.
            let boundary = if per_sep > 0 {
                (n - i).is_multiple_of(group)
            } else {
                i.is_multiple_of(group)
            };
            if boundary {
                out(&[s])?;
            }
        }
        out(&[HEX[(b >> 4) as usize], HEX[(b & 15) as usize]])?;
    }
    Ok(())
}

/// A hex decoding error.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HexError {
    /// An odd number of digits.
    OddLength,
    /// A byte that is not a hex digit.
    NonHexDigit,
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decodes hex digit pairs.
pub fn hex_decode(
    digits: &[u8],
    out: &mut dyn FnMut(u8) -> PyResult<()>,
) -> PyResult<Result<(), HexError>> {
    if !digits.len().is_multiple_of(2) {
        return Ok(Err(HexError::OddLength));
    }
    for pair in digits.chunks_exact(2) {
        match (hex_digit(pair[0]), hex_digit(pair[1])) {
            (Some(h), Some(l)) => out((h << 4) | l)?,
            _ => return Ok(Err(HexError::NonHexDigit)),
        }
    }
    Ok(Ok(()))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes `data` as base64 (with `=` padding), plus a newline when asked.
pub fn base64_encode(
    data: &[u8],
    newline: bool,
    out: &mut dyn FnMut(&[u8]) -> PyResult<()>,
) -> PyResult<()> {
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        let mut quad = [
            B64[(n >> 18) as usize & 63],
            B64[(n >> 12) as usize & 63],
            B64[(n >> 6) as usize & 63],
            B64[n as usize & 63],
        ];
        if chunk.len() < 3 {
            quad[3] = b'=';
        }
        if chunk.len() < 2 {
            quad[2] = b'=';
        }
        out(&quad)?;
    }
    if newline {
        out(b"\n")?;
    }
    Ok(())
}

/// A base64 decoding error.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Base64Error {
    /// The data ended inside a group, after the given number of data
    /// characters (one more than a multiple of 4).
    Length(usize),
    /// The data ended inside a group without enough `=` padding.
    Padding,
}

fn b64_value(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

/// Decodes base64 leniently, as CPython's default (non-strict) mode:
/// characters outside the alphabet are skipped, and a group ends at enough
/// `=` padding (the rest of the input is then ignored).
pub fn base64_decode(
    data: &[u8],
    out: &mut dyn FnMut(u8) -> PyResult<()>,
) -> PyResult<Result<(), Base64Error>> {
    let mut quad_pos = 0;
    let mut left: u32 = 0;
    let mut pads = 0;
    let mut written = 0usize;
    for &c in data {
        if c == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(Ok(()));
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            continue;
        };
        let v = v as u32;
        pads = 0;
        match quad_pos {
            0 => {
                left = v;
                quad_pos = 1;
            }
            1 => {
                out(((left << 2) | (v >> 4)) as u8)?;
                written += 1;
                left = v & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out(((left << 4) | (v >> 2)) as u8)?;
                written += 1;
                left = v & 0x03;
                quad_pos = 3;
            }
            _ => {
                out(((left << 6) | v) as u8)?;
                written += 1;
                left = 0;
                quad_pos = 0;
            }
        }
    }
    Ok(match quad_pos {
        0 => Ok(()),
        1 => Err(Base64Error::Length(written / 3 * 4 + 1)),
        _ => Err(Base64Error::Padding),
    })
}

/// The CRC-32 table (IEEE 802.3 polynomial, reflected), made at compile
/// time into flash.
const CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// CRC-32 of `data`, continuing from `crc` (0 to start), as zlib computes it.
pub fn crc32(data: &[u8], crc: u32) -> u32 {
    let mut c = !crc;
    for &b in data {
        c = CRC_TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

// ----- the module functions ------------------------------------------------------------

fn hexlify(rt: &Rt, args: Args<'_>) -> PyResult {
    let mut slots = [None; 3];
    util::bind_args(
        rt,
        "hexlify",
        &args,
        &["data", "sep", "bytes_per_sep"],
        0,
        &mut slots,
    )?;
    let Some(data) = slots[0] else {
        return Err(rt.type_error(format_args!(
            "hexlify() missing required argument 'data' (pos 1)"
        )));
    };
    let sep = match slots[1] {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => {
            let Some(t) = text(rt, v) else {
                return Err(rt.type_error(format_args!(
                    "sep must be str or bytes, not {}",
                    type_name(rt, v)
                )));
            };
            if t.bytes.len() != 1 {
                return Err(rt.value_error(format_args!("sep must be length 1.")));
            }
            Some(t.bytes[0])
        }
    };
    let per_sep = match slots[2] {
        Some(v) => util::int_arg(rt, v)?,
        None => 1,
    };
    let buf = util::buffer_arg(rt, data)?;
    let data = bytes_of(rt, &buf);
    let mut out = StrBuilder::with_capacity(rt, data.len() * 2)?;
    hex_encode(data, sep, per_sep, &mut |b| out.put(b))?;
    out.finish(&BYTES_TYPE)
}

fn unhexlify(rt: &Rt, data: Value) -> PyResult {
    let digits = ascii_data_arg(rt, data)?;
    let mut out = StrBuilder::with_capacity(rt, digits.len() / 2)?;
    match hex_decode(digits, &mut |b| out.put(&[b]))? {
        Ok(()) => out.finish(&BYTES_TYPE),
        Err(HexError::OddLength) => Err(binascii_error(rt, format_args!("Odd-length string"))),
        Err(HexError::NonHexDigit) => Err(binascii_error(
            rt,
            format_args!("Non-hexadecimal digit found"),
        )),
    }
}

fn b2a_base64(rt: &Rt, args: Args<'_>) -> PyResult {
    let mut slots = [None; 2];
    util::bind_args(rt, "b2a_base64", &args, &["data", "newline"], 1, &mut slots)?;
    let Some(data) = slots[0] else {
        return Err(rt.type_error(format_args!(
            "b2a_base64() missing required argument 'data' (pos 1)"
        )));
    };
    let newline = match slots[1] {
        Some(v) => rt.truthy(v)?,
        None => true,
    };
    let buf = util::buffer_arg(rt, data)?;
    let data = bytes_of(rt, &buf);
    let mut out = StrBuilder::with_capacity(rt, data.len().div_ceil(3) * 4 + 1)?;
    base64_encode(data, newline, &mut |b| out.put(b))?;
    out.finish(&BYTES_TYPE)
}

fn a2b_base64(rt: &Rt, data: Value) -> PyResult {
    let data = ascii_data_arg(rt, data)?;
    let mut out = StrBuilder::with_capacity(rt, data.len() / 4 * 3)?;
    match base64_decode(data, &mut |b| out.put(&[b]))? {
        Ok(()) => out.finish(&BYTES_TYPE),
        Err(Base64Error::Length(n)) => Err(binascii_error(
            rt,
            format_args!(
                "Invalid base64-encoded string: number of data characters ({n}) cannot be 1 more than a multiple of 4"
            ),
        )),
        Err(Base64Error::Padding) => Err(binascii_error(rt, format_args!("Incorrect padding"))),
    }
}

fn crc32_fn(rt: &Rt, args: &[Value]) -> PyResult {
    let buf = util::buffer_arg(rt, args[0])?;
    let start = match args.get(1) {
        Some(&v) => match num::int_view(rt, v) {
            Some(i) => util::int_wrapping_u64(i) as u32,
            None => {
                return Err(rt.type_error(format_args!(
                    "'{}' object cannot be interpreted as an integer",
                    type_name(rt, v)
                )));
            }
        },
        None => 0,
    };
    let crc = crc32(bytes_of(rt, &buf), start);
    num::int_from_u64(rt, crc as u64)
}

static HEXLIFY: BuiltinFn = BuiltinFn::new(q::hexlify, NativeFn::Kw { min: 0, f: hexlify });
static B2A_HEX: BuiltinFn = BuiltinFn::new(q::b2a_hex, NativeFn::Kw { min: 0, f: hexlify });
static UNHEXLIFY: BuiltinFn = BuiltinFn::new(q::unhexlify, NativeFn::F1(unhexlify));
static A2B_HEX: BuiltinFn = BuiltinFn::new(q::a2b_hex, NativeFn::F1(unhexlify));
static B2A_BASE64: BuiltinFn = BuiltinFn::new(
    q::b2a_base64,
    NativeFn::Kw {
        min: 0,
        f: b2a_base64,
    },
);
static A2B_BASE64: BuiltinFn = BuiltinFn::new(q::a2b_base64, NativeFn::F1(a2b_base64));
static CRC32: BuiltinFn = BuiltinFn::new(
    q::crc32,
    NativeFn::Var {
        min: 1,
        max: 2,
        f: crc32_fn,
    },
);

/// Fills the dict of the `binascii` module (`ubinascii`): `hexlify`,
/// `unhexlify`, `b2a_hex`, `a2b_hex`, `b2a_base64`, `a2b_base64`, `crc32`
/// and `Error`.
pub fn init_binascii(rt: &Rt, dict: Value) -> PyResult<()> {
    util::set_fns(
        rt,
        dict,
        &[
            &HEXLIFY,
            &B2A_HEX,
            &UNHEXLIFY,
            &A2B_HEX,
            &B2A_BASE64,
            &A2B_BASE64,
            &CRC32,
        ],
    )?;
    util::set(rt, dict, q::Error, util::type_value(&BINASCII_ERROR))
}
