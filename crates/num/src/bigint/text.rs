//! Text conversion: `int(str, base)` parsing and formatting in bases 2..=36.
//!
//! Only ASCII digits are accepted (CPython also accepts other Unicode decimal
//! digits); whitespace stripping follows Python's `str.strip()`.

use super::{BigRef, LIMB_BITS, Limb, Written, mag};
use crate::error::{NumError, NumResult, ValueKind};
use crate::util::{Batch, SliceWriter, py_strip};
use core::fmt::{self, Write};

const DIGITS_LOWER: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const DIGITS_UPPER: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// log2(base) if base is a power of two.
const fn pow2_bits(base: u32) -> Option<u32> {
    if base.is_power_of_two() {
        Some(base.trailing_zeros())
    } else {
        None
    }
}

/// Ceil of log2(base) (bits one digit can contribute); base 0 counts as 4.
const fn digit_bits(base: u32) -> usize {
    if base == 0 {
        4
    } else {
        (32 - (base - 1).leading_zeros()) as usize
    }
}

/// The largest `k` with `base^k < 2^32`, and `base^k`.
const fn chunk_of(base: u32) -> (u32, u32) {
    let mut k = 0;
    let mut p: u64 = 1;
    while p * base as u64 <= u32::MAX as u64 {
        p *= base as u64;
        k += 1;
    }
    (k, p as u32)
}

/// Output bound for [`parse_int`]: limbs needed for a string of `s_len` bytes.
pub const fn parse_int_len(s_len: usize, base: u32) -> usize {
    (s_len.saturating_mul(digit_bits(base))) / LIMB_BITS as usize + 1
}

fn invalid() -> NumError {
    NumError::Value(ValueKind::InvalidIntLiteral)
}

/// Python `int(s, base)` for `base` 0 or 2..=36 (base 0 reads a prefix
/// `0x`/`0o`/`0b` and otherwise rejects leading zeros such as `010`).
/// Accepts surrounding whitespace, one sign, underscores between digits
/// (and right after a prefix). `out.len() >= parse_int_len(s.len(), base)`.
///
/// Errors: `Value(InvalidBase)`, `Value(InvalidIntLiteral)` (the caller builds
/// `invalid literal for int() with base N: '...'`).
pub fn parse_int(s: &str, base: u32, out: &mut [Limb]) -> NumResult<Written> {
    if base == 1 || base > 36 {
        return Err(NumError::Value(ValueKind::InvalidBase));
    }
    let t = py_strip(s).as_bytes();
    let (neg, t) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let n = parse_unsigned(t, base, out)?;
    Ok(Written::new(neg, n))
}

/// A Python integer literal as the compiler sees it (no sign, no whitespace):
/// `123`, `0x1F`, `0o17`, `0b101`, `1_000`, `00`; rejects `012`.
/// `out.len() >= parse_int_len(s.len(), 0)`.
pub fn parse_int_literal(s: &str, out: &mut [Limb]) -> NumResult<usize> {
    parse_unsigned(s.as_bytes(), 0, out)
}

fn parse_unsigned(t: &[u8], base: u32, out: &mut [Limb]) -> NumResult<usize> {
    let mut base = base;
    let mut t = t;
    let mut after_prefix = false;
    if t.len() >= 2 && t[0] == b'0' {
        let p = match t[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if p != 0 && (base == 0 || base == p) {
            base = p;
            t = &t[2..];
            after_prefix = true;
        }
    }
    let check_leading_zero = base == 0;
    if base == 0 {
        base = 10;
    }
    // Validate: digits with single underscores between them.
    let mut ndigits = 0usize;
    let mut prev_digit = after_prefix; // '_' allowed right after a prefix
    let mut nonzero = false;
    let mut first_zero = false;
    for &c in t {
        if c == b'_' {
            if !prev_digit {
                return Err(invalid());
            }
            prev_digit = false;
            continue;
        }
        let d = digit_value(c).filter(|&d| d < base).ok_or_else(invalid)?;
        if ndigits == 0 {
            first_zero = d == 0;
        }
        nonzero |= d != 0;
        ndigits += 1;
        prev_digit = true;
    }
    if ndigits == 0 || !prev_digit {
        return Err(invalid());
    }
    if check_leading_zero && !after_prefix && first_zero && nonzero {
        return Err(invalid());
    }
    let digits = t
        .iter()
        .filter(|&&c| c != b'_')
        .map(|&c| digit_value(c).unwrap_or(0));
    if out.len() < parse_int_len(ndigits, base) {
        return Err(NumError::BufferTooSmall);
    }
    // Hosts read power-of-two bases bit by bit; 32-bit boards use the
    // general loop for them too (flash).
    if cfg!(not(feature = "compact"))
        && let Some(bits) = pow2_bits(base)
    {
        // Fill from the least significant digit.
        let total_bits = ndigits * bits as usize;
        let n = total_bits.div_ceil(LIMB_BITS as usize);
        out[..n].fill(0);
        let mut pos = total_bits;
        for d in digits {
            pos -= bits as usize;
            let (li, sh) = (pos / LIMB_BITS as usize, (pos % LIMB_BITS as usize) as u32);
            out[li] |= d << sh;
            if sh + bits > LIMB_BITS {
                out[li + 1] |= d >> (LIMB_BITS - sh);
            }
        }
        return Ok(mag::normalized_len(&out[..n]));
    }
    let (k, _) = chunk_of(base);
    let mut len = 0;
    let mut acc: u32 = 0;
    let mut mult: u32 = 1;
    let mut in_chunk = 0;
    for d in digits {
        acc = acc * base + d;
        mult *= base;
        in_chunk += 1;
        if in_chunk == k {
            len = push_chunk(out, len, mult, acc);
            acc = 0;
            mult = 1;
            in_chunk = 0;
        }
    }
    if in_chunk > 0 {
        len = push_chunk(out, len, mult, acc);
    }
    Ok(len)
}

/// `out[..len] = out[..len] * mult + add`, returning the new length.
fn push_chunk(out: &mut [Limb], len: usize, mult: u32, add: u32) -> usize {
    let carry = mag::mul_small_add_assign(&mut out[..len], mult, add);
    if carry != 0 {
        out[len] = carry;
        len + 1
    } else {
        len
    }
}

fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'a'..=b'z' => Some((c - b'a') as u32 + 10),
        b'A'..=b'Z' => Some((c - b'A') as u32 + 10),
        _ => None,
    }
}

/// Most digits one limb can need in `base`.
const fn digits_per_limb(base: u32) -> usize {
    // smallest d with base^d >= 2^32
    let mut d = 0;
    let mut p: u128 = 1;
    while p < (1u128 << 32) {
        p *= base as u128;
        d += 1;
    }
    d
}

/// Output bound (bytes, including a `-` sign) for formatting a magnitude of
/// `mag_len` limbs in `base` (2..=36).
pub const fn to_str_len(mag_len: usize, base: u32) -> usize {
    let b = if base < 2 {
        2
    } else if base > 36 {
        36
    } else {
        base
    };
    mag_len.saturating_mul(digits_per_limb(b)) + 2
}

/// Scratch bound (limbs) for formatting a magnitude of `mag_len` limbs in
/// `base`: 0 for values of at most 2 limbs and (on 64-bit hosts, which
/// read them straight from the limbs) power-of-two bases, else
/// `mag_len + mag_len / 6 + 3`.
pub const fn to_str_scratch_len(mag_len: usize, base: u32) -> usize {
    if (cfg!(not(feature = "compact")) && base.is_power_of_two()) || mag_len <= 2 {
        0
    } else {
        mag_len + mag_len / 6 + 3
    }
}

/// The digits of a magnitude in some base, most significant first; knows its
/// length before producing them (for padding and grouping).
pub(crate) enum Digits<'a> {
    /// Values that fit `u64`: pre-rendered ASCII in `buf[start..]`.
    Small { buf: [u8; 64], start: usize },
    /// Power-of-two bases: read straight from the magnitude (64-bit
    /// hosts; boards convert them in chunks as other bases, saving flash).
    #[cfg(not(feature = "compact"))]
    Pow2 {
        mag: &'a [Limb],
        bits: u32,
        count: usize,
        table: &'static [u8; 36],
    },
    /// Other bases: little-endian chunks of `per` digits each.
    Chunks {
        chunks: &'a [Limb],
        per: u32,
        base: u32,
        count: usize,
        table: &'static [u8; 36],
    },
}

impl<'a> Digits<'a> {
    /// Prepare the digits of `m` in `base` (2..=36); `scratch` as
    /// [`to_str_scratch_len`].
    pub(crate) fn new(
        m: &'a [Limb],
        base: u32,
        upper: bool,
        scratch: &'a mut [Limb],
    ) -> NumResult<Self> {
        let m = mag::normalize(m);
        if !(2..=36).contains(&base) {
            return Err(NumError::Value(ValueKind::InvalidBase));
        }
        let table = if upper { DIGITS_UPPER } else { DIGITS_LOWER };
        if m.len() <= 2 {
            let mut v = m
                .iter()
                .rev()
                .fold(0u64, |a, &l| (a << LIMB_BITS) | l as u64);
            return Ok(Self::small(&mut v, base, table));
        }
        #[cfg(not(feature = "compact"))]
        if let Some(bits) = pow2_bits(base) {
            let count = mag::bit_length(m).div_ceil(bits as u64) as usize;
            return Ok(Digits::Pow2 {
                mag: m,
                bits,
                count,
                table,
            });
        }
        let (per, div) = chunk_of(base);
        let n = m.len();
        if scratch.len() < to_str_scratch_len(n, base) {
            return Err(NumError::BufferTooSmall);
        }
        let s = scratch.len();
        scratch[..n].copy_from_slice(m);
        let mut len = n;
        let mut pos = s; // chunks live in scratch[pos..s], most significant first
        while len > 0 {
            let r = mag::divrem_small_in_place(&mut scratch[..len], div);
            len = mag::normalized_len(&scratch[..len]);
            if pos <= len {
                return Err(NumError::BufferTooSmall);
            }
            pos -= 1;
            scratch[pos] = r;
        }
        let chunks: &'a [Limb] = &scratch[pos..];
        let top = chunks[0];
        let mut top_digits = 0;
        let mut t = top;
        while t > 0 {
            t /= base;
            top_digits += 1;
        }
        let count = top_digits + per as usize * (chunks.len() - 1);
        Ok(Digits::Chunks {
            chunks,
            per,
            base,
            count,
            table,
        })
    }

    fn small(v: &mut u64, base: u32, table: &'static [u8; 36]) -> Self {
        let mut buf = [0u8; 64];
        let mut start = 64;
        loop {
            start -= 1;
            buf[start] = table[(*v % base as u64) as usize];
            *v /= base as u64;
            if *v == 0 {
                break;
            }
        }
        Digits::Small { buf, start }
    }

    /// Digits of a `u64`.
    pub(crate) fn from_u64(v: u64, base: u32, upper: bool) -> Self {
        let table = if upper { DIGITS_UPPER } else { DIGITS_LOWER };
        let mut v = v;
        Self::small(&mut v, base.clamp(2, 36), table)
    }

    /// Number of digits (at least 1: zero prints as `0`).
    pub(crate) fn len(&self) -> usize {
        match self {
            Digits::Small { start, .. } => 64 - start,
            #[cfg(not(feature = "compact"))]
            Digits::Pow2 { count, .. } => *count,
            Digits::Chunks { count, .. } => *count,
        }
    }

    /// Call `f` with each ASCII digit, most significant first.
    pub(crate) fn for_each(&self, mut f: impl FnMut(u8) -> fmt::Result) -> fmt::Result {
        match self {
            Digits::Small { buf, start } => buf[*start..].iter().try_for_each(|&b| f(b)),
            #[cfg(not(feature = "compact"))]
            Digits::Pow2 {
                mag,
                bits,
                count,
                table,
            } => {
                for i in (0..*count).rev() {
                    let pos = i as u64 * *bits as u64;
                    let li = (pos / LIMB_BITS as u64) as usize;
                    let two = mag.get(li).copied().unwrap_or(0) as u64
                        | (mag.get(li + 1).copied().unwrap_or(0) as u64) << LIMB_BITS;
                    let d = (two >> (pos % LIMB_BITS as u64)) & ((1 << *bits) - 1);
                    f(table[d as usize])?;
                }
                Ok(())
            }
            Digits::Chunks {
                chunks,
                per,
                base,
                table,
                ..
            } => {
                let mut tmp = [0u8; 32];
                for (i, &c) in chunks.iter().enumerate() {
                    let mut c = c;
                    let mut n = 0;
                    while c > 0 || (i > 0 && n < *per as usize) {
                        tmp[n] = table[(c % base) as usize];
                        c /= base;
                        n += 1;
                    }
                    for &b in tmp[..n].iter().rev() {
                        f(b)?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Write `x` in `base` (2..=36) to `w`: a `-` sign if negative, then the
/// digits (no prefix). `scratch.len() >= to_str_scratch_len(x.len(), base)`.
pub fn write_int<W: Write + ?Sized>(
    w: &mut W,
    x: BigRef<'_>,
    base: u32,
    upper: bool,
    scratch: &mut [Limb],
) -> NumResult<()> {
    let digits = Digits::new(x.mag, base, upper, scratch)?;
    let mut w = w;
    let mut b = Batch::new(&mut w);
    if x.is_negative() {
        b.push(b'-')?;
    }
    // The formatter's digit writer (ungrouped): one copy of the digit loops.
    crate::fmtspec::int::write_digits(&mut b, &digits, None)?;
    b.flush()?;
    Ok(())
}

/// Format `x` in `base` into `buf`, returning the number of bytes written
/// (ASCII). `buf.len() >= to_str_len(x.len(), base)`,
/// `scratch.len() >= to_str_scratch_len(x.len(), base)`.
pub fn to_str(
    x: BigRef<'_>,
    base: u32,
    upper: bool,
    buf: &mut [u8],
    scratch: &mut [Limb],
) -> NumResult<usize> {
    let mut w = SliceWriter::new(buf);
    write_int(&mut w, x, base, upper, scratch).map_err(|e| match e {
        NumError::Write => NumError::BufferTooSmall,
        e => e,
    })?;
    Ok(w.len())
}
