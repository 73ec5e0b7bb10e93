//! The methods of `str`, `bytes` and `bytearray`: one implementation each,
//! dispatching on the receiver's [`Kind`] for result types and argument
//! checks. Every index a `str` method takes or returns counts code points;
//! the searching itself is on UTF-8 bytes (valid because UTF-8 is
//! self-synchronising).
//!
//! Case mapping and the character classes (`isalpha`, `upper`, ...) are
//! ASCII-only, as in MicroPython: non-ASCII characters are left unchanged
//! and count as neither letters nor digits (`title` treats them as cased
//! letters so that `'héllo'.title()` is right). Whitespace (`split()`,
//! `strip()`, `isspace`) is full Unicode.

use crate::args::Args;
use crate::error::PyResult;
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

use super::exc;
use super::list::{List, new_list};
use super::str::{
    Kind, StrBuilder, Text, bytes_like, char_count, cp_offset, decode_char, int_arg, int_value,
    new_of_kind, new_text, str_text, text, type_name, unchanged, utf8_len,
};
use super::tuple::Tuple;
#[cfg(feature = "str-extras")]
use super::tuple::new_tuple;

// ----- arguments ------------------------------------------------------------------

fn recv(rt: &Rt, v: Value) -> PyResult<Text<'_>> {
    text(rt, v).ok_or_else(|| {
        rt.type_error(format_args!(
            "descriptor requires a 'str' object but received a '{}'",
            type_name(rt, v)
        ))
    })
}

/// A substring argument: same family as the receiver (bytes-likes for the
/// byte types).
fn sub_arg<'a>(rt: &'a Rt, r: &Text<'_>, v: Value) -> PyResult<Text<'a>> {
    if r.is_str() {
        str_text(rt, v)
            .ok_or_else(|| rt.type_error(format_args!("must be str, not {}", type_name(rt, v))))
    } else {
        bytes_like(rt, v).ok_or_else(|| {
            rt.type_error(format_args!(
                "a bytes-like object is required, not '{}'",
                type_name(rt, v)
            ))
        })
    }
}

/// A search needle: bytes methods also take an int.
enum Needle<'a> {
    Slice(&'a [u8]),
    Byte([u8; 1]),
}

impl Needle<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Needle::Slice(s) => s,
            Needle::Byte(b) => b,
        }
    }
}

fn needle<'a>(rt: &'a Rt, r: &Text<'_>, v: Value) -> PyResult<Needle<'a>> {
    if r.is_str() {
        return Ok(Needle::Slice(sub_arg(rt, r, v)?.bytes));
    }
    if let Some(t) = bytes_like(rt, v) {
        return Ok(Needle::Slice(t.bytes));
    }
    if int_arg(rt, v).is_ok() {
        return Ok(Needle::Byte([super::str::byte_value(rt, v)?]));
    }
    Err(rt.type_error(format_args!(
        "argument should be integer or bytes-like object, not '{}'",
        type_name(rt, v)
    )))
}

/// An optional slice bound (`start`/`end` arguments): int, bool or None.
fn opt_index(rt: &Rt, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None => Ok(None),
        // Big ints clamp, as in slices.
        Some(&v) => super::slice::bound(rt, v),
    }
}

/// Resolves `start`/`end` arguments (in items) to a byte range, or `None`
/// when `start > end` after adjustment (nothing can match there).
fn span(rt: &Rt, t: &Text<'_>, rest: &[Value]) -> PyResult<Option<(usize, usize)>> {
    let start = opt_index(rt, rest.first())?;
    let end = opt_index(rt, rest.get(1))?;
    if start.is_none() && end.is_none() {
        return Ok(Some((0, t.bytes.len())));
    }
    let n = t.len() as i64;
    let adjust = |v: i64| if v < 0 { (v + n).max(0) } else { v.min(n) };
    let s = start.map_or(0, |v| if v < 0 { (v + n).max(0) } else { v });
    let e = end.map_or(n, adjust);
    if s > e {
        return Ok(None);
    }
    let bs = cp_offset(t.bytes, t.ascii, s as usize);
    let be = bs + cp_offset(&t.bytes[bs..], t.ascii, (e - s) as usize);
    Ok(Some((bs, be)))
}

/// Item index of byte offset `off`.
fn item_of(t: &Text<'_>, off: usize) -> usize {
    char_count(&t.bytes[..off], t.ascii)
}

/// Positional-or-keyword arguments: fills `out` from `args.pos[1..]` and
/// the keywords named in `names`.
fn parse_kw(
    rt: &Rt,
    args: &Args<'_>,
    fname: &str,
    names: &[Qstr],
    out: &mut [Option<Value>],
) -> PyResult<()> {
    let pos = &args.pos[1..];
    if pos.len() > names.len() {
        return Err(rt.type_error(format_args!(
            "{fname}() takes at most {} arguments ({} given)",
            names.len(),
            pos.len()
        )));
    }
    for (i, &v) in pos.iter().enumerate() {
        out[i] = Some(v);
    }
    for (k, v) in args.kw_pairs() {
        match names.iter().position(|&n| Some(n) == k.as_qstr()) {
            Some(i) if out[i].is_none() => out[i] = Some(v),
            Some(_) => {
                return Err(rt.type_error(format_args!(
                    "argument for {fname}() given by name and position"
                )));
            }
            None => {
                return Err(rt.type_error(format_args!(
                    "{fname}() got an unexpected keyword argument '{}'",
                    k.as_qstr()
                        .map_or(rt.qstr_display(q::EMPTY), |q| rt.qstr_display(q))
                )));
            }
        }
    }
    Ok(())
}

// ----- searching ---------------------------------------------------------------------

/// First occurrence of `sub` in `hay` at or after `from`.
pub(crate) fn find_bytes(hay: &[u8], sub: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    let Some((&first, rest)) = sub.split_first() else {
        return Some(from);
    };
    if sub.len() > hay.len() - from {
        return None;
    }
    let last_start = hay.len() - sub.len();
    let mut i = from;
    while i <= last_start {
        match hay[i..=last_start].iter().position(|&b| b == first) {
            None => return None,
            Some(p) => {
                i += p;
                if &hay[i + 1..i + sub.len()] == rest {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// Last occurrence of `sub` in `hay` ending at or before `end`.
pub(crate) fn rfind_bytes(hay: &[u8], sub: &[u8], end: usize) -> Option<usize> {
    let end = end.min(hay.len());
    if sub.len() > end {
        return None;
    }
    let mut i = end - sub.len();
    loop {
        if &hay[i..i + sub.len()] == sub {
            return Some(i);
        }
        if i == 0 {
            return None;
        }
        i -= 1;
    }
}

fn find_impl(rt: &Rt, args: &[Value], rev: bool) -> PyResult<Option<usize>> {
    let t = recv(rt, args[0])?;
    let sub = needle(rt, &t, args[1])?;
    let Some((bs, be)) = span(rt, &t, &args[2..])? else {
        return Ok(None);
    };
    let hay = &t.bytes[bs..be];
    let found = if rev {
        rfind_bytes(hay, sub.bytes(), hay.len())
    } else {
        find_bytes(hay, sub.bytes(), 0)
    };
    Ok(found.map(|p| item_of(&t, bs + p)))
}

fn found_or_minus_one(r: Option<usize>) -> Value {
    match r {
        Some(i) => int_value(i),
        None => Value::small_int_unchecked(-1),
    }
}

fn not_found(rt: &Rt, this: Value) -> crate::Exc {
    if str_text(rt, this).is_some() {
        rt.value_error(format_args!("substring not found"))
    } else {
        rt.value_error(format_args!("subsection not found"))
    }
}

/// `find(sub[, start[, end]])`.
pub fn find(rt: &Rt, args: &[Value]) -> PyResult {
    find_impl(rt, args, false).map(found_or_minus_one)
}

/// `rfind(sub[, start[, end]])`.
pub fn rfind(rt: &Rt, args: &[Value]) -> PyResult {
    find_impl(rt, args, true).map(found_or_minus_one)
}

/// `index(sub[, start[, end]])`.
pub fn index(rt: &Rt, args: &[Value]) -> PyResult {
    find_impl(rt, args, false)?
        .map(int_value)
        .ok_or_else(|| not_found(rt, args[0]))
}

/// `rindex(sub[, start[, end]])`.
pub fn rindex(rt: &Rt, args: &[Value]) -> PyResult {
    find_impl(rt, args, true)?
        .map(int_value)
        .ok_or_else(|| not_found(rt, args[0]))
}

/// `count(sub[, start[, end]])`: non-overlapping occurrences.
pub fn count(rt: &Rt, args: &[Value]) -> PyResult {
    let t = recv(rt, args[0])?;
    let sub = needle(rt, &t, args[1])?;
    let Some((bs, be)) = span(rt, &t, &args[2..])? else {
        return Ok(int_value(0));
    };
    let hay = &t.bytes[bs..be];
    let sub = sub.bytes();
    if sub.is_empty() {
        return Ok(int_value(char_count(hay, t.ascii) + 1));
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(p) = find_bytes(hay, sub, i) {
        n += 1;
        i = p + sub.len();
    }
    Ok(int_value(n))
}

fn affix_match(rt: &Rt, args: &[Value], end: bool, fname: &str) -> PyResult {
    let t = recv(rt, args[0])?;
    let Some((bs, be)) = span(rt, &t, &args[2..])? else {
        return Ok(Value::FALSE);
    };
    let hay = &t.bytes[bs..be];
    let test = |p: &[u8]| {
        if end {
            hay.ends_with(p)
        } else {
            hay.starts_with(p)
        }
    };
    let bad = |v: Value| {
        let (want, _) = if t.is_str() { ("str", 0) } else { ("bytes", 0) };
        rt.type_error(format_args!(
            "{fname} first arg must be {want} or a tuple of {want}, not {}",
            type_name(rt, v)
        ))
    };
    let one = |v: Value| -> PyResult<bool> {
        let p = if t.is_str() {
            str_text(rt, v)
        } else {
            bytes_like(rt, v)
        };
        p.map(|p| test(p.bytes)).ok_or_else(|| bad(v))
    };
    if let Some(tuple) = rt.downcast::<Tuple>(args[1]) {
        for &item in tuple.items() {
            if one(item)? {
                return Ok(Value::TRUE);
            }
        }
        return Ok(Value::FALSE);
    }
    one(args[1]).map(Value::bool)
}

/// `startswith(prefix[, start[, end]])`.
pub fn startswith(rt: &Rt, args: &[Value]) -> PyResult {
    affix_match(rt, args, false, "startswith")
}

/// `endswith(suffix[, start[, end]])`.
pub fn endswith(rt: &Rt, args: &[Value]) -> PyResult {
    affix_match(rt, args, true, "endswith")
}

// ----- character classes and case ------------------------------------------------

fn all_bytes(rt: &Rt, this: Value, f: fn(u8) -> bool) -> PyResult {
    let t = recv(rt, this)?;
    Ok(Value::bool(!t.is_empty() && t.bytes.iter().all(|&b| f(b))))
}

/// `isalpha()` (ASCII letters, and the cased letters of the alphabets
/// the case mapping covers).
pub fn isalpha(rt: &Rt, this: Value) -> PyResult {
    let t = recv(rt, this)?;
    if !t.ascii {
        return Ok(Value::bool(
            !t.is_empty() && chars(t.bytes).all(|c| is_lower_char(c) || is_upper_char(c)),
        ));
    }
    all_bytes(rt, this, |b| b.is_ascii_alphabetic())
}

/// `isdigit()` (ASCII digits).
pub fn isdigit(rt: &Rt, this: Value) -> PyResult {
    all_bytes(rt, this, |b| b.is_ascii_digit())
}

/// `isalnum()`.
#[cfg(feature = "str-extras")]
pub fn isalnum(rt: &Rt, this: Value) -> PyResult {
    all_bytes(rt, this, |b| b.is_ascii_alphanumeric())
}

/// `isascii()` (true for the empty string).
#[cfg(feature = "str-extras")]
pub fn isascii(rt: &Rt, this: Value) -> PyResult {
    let t = recv(rt, this)?;
    Ok(Value::bool(t.bytes.is_ascii()))
}

/// `isspace()`.
pub fn isspace(rt: &Rt, this: Value) -> PyResult {
    let t = recv(rt, this)?;
    let mut i = 0;
    while i < t.bytes.len() {
        let w = space_at(t.bytes, i, t.is_str());
        if w == 0 {
            return Ok(Value::FALSE);
        }
        i += w;
    }
    Ok(Value::bool(!t.is_empty()))
}

fn case_test(rt: &Rt, this: Value, want_lower: bool) -> PyResult {
    let t = recv(rt, this)?;
    let mut cased = false;
    if !t.ascii {
        for c in chars(t.bytes) {
            if is_lower_char(c) {
                if !want_lower {
                    return Ok(Value::FALSE);
                }
                cased = true;
            } else if is_upper_char(c) {
                if want_lower {
                    return Ok(Value::FALSE);
                }
                cased = true;
            }
        }
        return Ok(Value::bool(cased));
    }
    for &b in t.bytes {
        if b.is_ascii_lowercase() {
            if !want_lower {
                return Ok(Value::FALSE);
            }
            cased = true;
        } else if b.is_ascii_uppercase() {
            if want_lower {
                return Ok(Value::FALSE);
            }
            cased = true;
        }
    }
    Ok(Value::bool(cased))
}

/// `islower()`.
pub fn islower(rt: &Rt, this: Value) -> PyResult {
    case_test(rt, this, true)
}

/// `isupper()`.
pub fn isupper(rt: &Rt, this: Value) -> PyResult {
    case_test(rt, this, false)
}

/// `istitle()`.
#[cfg(feature = "str-extras")]
pub fn istitle(rt: &Rt, this: Value) -> PyResult {
    let t = recv(rt, this)?;
    let (mut prev_cased, mut any) = (false, false);
    if !t.ascii {
        for c in chars(t.bytes) {
            if is_upper_char(c) {
                if prev_cased {
                    return Ok(Value::FALSE);
                }
                prev_cased = true;
                any = true;
            } else if is_lower_char(c) {
                if !prev_cased {
                    return Ok(Value::FALSE);
                }
                any = true;
            } else {
                prev_cased = false;
            }
        }
        return Ok(Value::bool(any));
    }
    for &b in t.bytes {
        if b.is_ascii_uppercase() {
            if prev_cased {
                return Ok(Value::FALSE);
            }
            prev_cased = true;
            any = true;
        } else if b.is_ascii_lowercase() {
            if !prev_cased {
                return Ok(Value::FALSE);
            }
            prev_cased = true;
            any = true;
        } else if b >= 0x80 && t.is_str() {
            // Part of a non-ASCII character: treated as a cased letter.
            if b & 0xc0 != 0x80 {
                prev_cased = true;
            }
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::bool(any))
}

// Case mapping beyond ASCII covers the alphabets with simple one-to-one
// pairs (Latin-1, Latin Extended-A, Greek, Cyrillic) plus `ß`, in a few
// lines of code instead of the full Unicode tables.

/// The characters of valid UTF-8 text.
fn chars(bytes: &[u8]) -> impl Iterator<Item = char> + '_ {
    bytes.utf8_chunks().flat_map(|c| c.valid().chars())
}

/// A simple case mapping rule `(lo, delta, span, parity)`: the code points
/// `lo..=lo + span` (all of them, or only the odd or the even ones for
/// `parity` 1 or 2) map to `cp + delta`. Six bytes a rule.
type CaseRule = (u16, i16, u8, u8);

/// Upper-case rules, first match wins. Tables rather than `match`es: a
/// quarter of the code.
static UPPER_RULES: [CaseRule; 20] = [
    (0x61, -32, 25, 0),
    (0xb5, 0x39c - 0xb5, 0, 0),
    (0xe0, -32, 22, 0),
    (0xf8, -32, 6, 0),
    (0xff, 0x178 - 0xff, 0, 0),
    (0x131, 0x49 - 0x131, 0, 0),
    (0x100, -1, 55, 1),
    (0x14a, -1, 45, 1),
    (0x139, -1, 15, 2),
    (0x179, -1, 5, 2),
    (0x17f, 0x53 - 0x17f, 0, 0),
    (0x3ac, 0x386 - 0x3ac, 0, 0),
    (0x3ad, -37, 2, 0),
    (0x3b1, -32, 16, 0),
    (0x3c3, -32, 8, 0),
    (0x3c2, 0x3a3 - 0x3c2, 0, 0),
    (0x3cc, 0x38c - 0x3cc, 0, 0),
    (0x3cd, -63, 1, 0),
    (0x430, -32, 31, 0),
    (0x450, -80, 15, 0),
];

/// Lower-case rules, first match wins.
static LOWER_RULES: [CaseRule; 17] = [
    (0x41, 32, 25, 0),
    (0xc0, 32, 22, 0),
    (0xd8, 32, 6, 0),
    (0x178, 0xff - 0x178, 0, 0),
    (0x130, 0x69 - 0x130, 0, 0),
    (0x100, 1, 55, 2),
    (0x14a, 1, 45, 2),
    (0x139, 1, 15, 1),
    (0x179, 1, 5, 1),
    (0x386, 0x3ac - 0x386, 0, 0),
    (0x388, 37, 2, 0),
    (0x38c, 0x3cc - 0x38c, 0, 0),
    (0x38e, 63, 1, 0),
    (0x391, 32, 16, 0),
    (0x3a3, 32, 8, 0),
    (0x410, 32, 31, 0),
    (0x400, 80, 15, 0),
];

/// `c` mapped by the first rule that covers it, or `c`.
fn map_case(rules: &[CaseRule], c: char) -> char {
    let u = c as u32;
    for &(lo, delta, span, parity) in rules {
        let lo = lo as u32;
        if (lo..=lo + span as u32).contains(&u) && (parity == 0 || u & 1 == (parity & 1) as u32) {
            return char::from_u32(u.wrapping_add_signed(delta as i32)).unwrap_or(c);
        }
    }
    c
}

/// The upper-case partner of `c`, or `c`.
fn upper_char(c: char) -> char {
    map_case(&UPPER_RULES, c)
}

/// The lower-case partner of `c`, or `c`.
fn lower_char(c: char) -> char {
    map_case(&LOWER_RULES, c)
}

fn is_lower_char(c: char) -> bool {
    upper_char(c) != c || c == 'ß'
}

fn is_upper_char(c: char) -> bool {
    lower_char(c) != c
}

/// Writes the upper case of `c` (`ß` becomes `SS`).
fn put_upper(out: &mut StrBuilder<'_>, c: char) -> PyResult<()> {
    if c == 'ß' {
        return out.put(b"SS");
    }
    put_char(out, upper_char(c))
}

fn put_char(out: &mut StrBuilder<'_>, c: char) -> PyResult<()> {
    let mut buf = [0u8; 4];
    out.put(c.encode_utf8(&mut buf).as_bytes())
}

/// A case mapping: which characters go upper case (the rest go lower case).
#[derive(Clone, Copy)]
enum Case {
    /// `lower()`, `casefold()`.
    Lower,
    /// `upper()`.
    Upper,
    /// `swapcase()`: lower case characters go upper, the rest lower.
    #[cfg(feature = "str-extras")]
    Swap,
    /// `capitalize()`: the first character goes upper.
    #[cfg(feature = "str-extras")]
    Capitalize,
    /// `title()`: a character after an uncased one goes upper.
    #[cfg(feature = "str-extras")]
    Title,
}

impl Case {
    /// Whether character number `i` goes upper case, given whether it is
    /// lower case and whether the previous character was cased.
    #[cfg_attr(not(feature = "str-extras"), allow(unused_variables))]
    fn upper(self, i: usize, is_lower: bool, prev_cased: bool) -> bool {
        match self {
            Case::Lower => false,
            Case::Upper => true,
            #[cfg(feature = "str-extras")]
            Case::Swap => is_lower,
            #[cfg(feature = "str-extras")]
            Case::Capitalize => i == 0,
            #[cfg(feature = "str-extras")]
            Case::Title => !prev_cased,
        }
    }
}

/// Applies a case mapping. A `str` with non-ASCII characters maps by
/// character; ASCII text and the byte types map byte by byte and return the
/// receiver itself when nothing changes (immutable types only). One body
/// for all five methods, so that the image holds one copy.
fn case_map(rt: &Rt, this: Value, case: Case) -> PyResult {
    let t = recv(rt, this)?;
    if !t.ascii && t.is_str() {
        let mut out = StrBuilder::with_capacity(rt, t.bytes.len())?;
        let mut prev_cased = false;
        for (i, c) in chars(t.bytes).enumerate() {
            let is_lower = is_lower_char(c);
            if case.upper(i, is_lower, prev_cased) {
                put_upper(&mut out, c)?;
            } else {
                put_char(&mut out, lower_char(c))?;
            }
            prev_cased = is_lower || is_upper_char(c);
        }
        return out.finish_kind(t.kind);
    }
    let mut out: Option<StrBuilder<'_>> = None;
    let mut prev_cased = false;
    for (i, &c) in t.bytes.iter().enumerate() {
        let m = if case.upper(i, c.is_ascii_lowercase(), prev_cased) {
            c.to_ascii_uppercase()
        } else {
            c.to_ascii_lowercase()
        };
        // Only ASCII letters are cased here: an ASCII `str` has no other
        // bytes, and the byte types treat bytes >= 0x80 as uncased.
        prev_cased = c.is_ascii_alphabetic();
        match out.as_mut() {
            Some(b) => b.put(&[m])?,
            None if m != c => {
                let mut b = StrBuilder::with_capacity(rt, t.bytes.len())?;
                b.put(&t.bytes[..i])?;
                b.put(&[m])?;
                out = Some(b);
            }
            None => {}
        }
    }
    match out {
        Some(b) => b.finish_kind(t.kind),
        None => unchanged(rt, this, t.kind, t.bytes),
    }
}

/// `lower()` (and `casefold()`).
pub fn lower(rt: &Rt, this: Value) -> PyResult {
    case_map(rt, this, Case::Lower)
}

/// `upper()`.
pub fn upper(rt: &Rt, this: Value) -> PyResult {
    case_map(rt, this, Case::Upper)
}

/// `swapcase()`.
#[cfg(feature = "str-extras")]
pub fn swapcase(rt: &Rt, this: Value) -> PyResult {
    case_map(rt, this, Case::Swap)
}

/// `capitalize()`: first character upper case, the rest lower case.
#[cfg(feature = "str-extras")]
pub fn capitalize(rt: &Rt, this: Value) -> PyResult {
    case_map(rt, this, Case::Capitalize)
}

/// `title()`.
#[cfg(feature = "str-extras")]
pub fn title(rt: &Rt, this: Value) -> PyResult {
    case_map(rt, this, Case::Title)
}

// ----- whitespace, strip ---------------------------------------------------------------

/// Width of the whitespace character at `i`, or 0.
#[inline]
fn space_at(b: &[u8], i: usize, is_str: bool) -> usize {
    let c = b[i];
    if c < 0x80 {
        let ws = matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
            || (is_str && (0x1c..=0x1f).contains(&c));
        return ws as usize;
    }
    if !is_str {
        return 0;
    }
    let (ch, w) = decode_char(&b[i..]);
    if ch.is_whitespace() { w } else { 0 }
}

/// Width of the whitespace character ending at `end`, or 0.
#[inline]
fn space_before(b: &[u8], end: usize, is_str: bool) -> usize {
    let mut start = end - 1;
    if is_str {
        while start > 0 && b[start] & 0xc0 == 0x80 {
            start -= 1;
        }
    }
    if space_at(b, start, is_str) == end - start {
        end - start
    } else {
        0
    }
}

/// Width of the character at `i` if it is one of `chars`, or 0.
fn char_in(b: &[u8], i: usize, is_str: bool, chars: &[u8]) -> usize {
    if !is_str || b[i] < 0x80 {
        return chars.contains(&b[i]) as usize;
    }
    let w = utf8_len(b[i]).min(b.len() - i);
    (find_bytes(chars, &b[i..i + w], 0).is_some() as usize) * w
}

fn strip_impl(rt: &Rt, args: &[Value], left: bool, right: bool, fname: &str) -> PyResult {
    let this = args[0];
    let t = recv(rt, this)?;
    let chars = match args.get(1) {
        None => None,
        Some(v) if v.is_none() => None,
        Some(&v) => Some(
            (if t.is_str() {
                str_text(rt, v)
            } else {
                bytes_like(rt, v)
            })
            .ok_or_else(|| {
                if t.is_str() {
                    rt.type_error(format_args!("{fname} arg must be None or str"))
                } else {
                    rt.type_error(format_args!(
                        "a bytes-like object is required, not '{}'",
                        type_name(rt, v)
                    ))
                }
            })?
            .bytes,
        ),
    };
    let b = t.bytes;
    let is_str = t.is_str();
    let (mut s, mut e) = (0, b.len());
    if left {
        while s < e {
            let w = match chars {
                None => space_at(b, s, is_str),
                Some(c) => char_in(b, s, is_str, c),
            };
            if w == 0 {
                break;
            }
            s += w;
        }
    }
    if right {
        while e > s {
            let w = match chars {
                None => space_before(b, e, is_str),
                Some(c) => {
                    let mut start = e - 1;
                    if is_str {
                        while start > s && b[start] & 0xc0 == 0x80 {
                            start -= 1;
                        }
                    }
                    if char_in(b, start, is_str, c) == e - start {
                        e - start
                    } else {
                        0
                    }
                }
            };
            if w == 0 {
                break;
            }
            e -= w;
        }
    }
    if s == 0 && e == b.len() {
        return unchanged(rt, this, t.kind, b);
    }
    new_of_kind(rt, t.kind, &b[s..e])
}

/// `strip([chars])`.
pub fn strip(rt: &Rt, args: &[Value]) -> PyResult {
    strip_impl(rt, args, true, true, "strip")
}

/// `lstrip([chars])`.
pub fn lstrip(rt: &Rt, args: &[Value]) -> PyResult {
    strip_impl(rt, args, true, false, "lstrip")
}

/// `rstrip([chars])`.
pub fn rstrip(rt: &Rt, args: &[Value]) -> PyResult {
    strip_impl(rt, args, false, true, "rstrip")
}

// ----- split, partition, join -----------------------------------------------------------

fn split_args(rt: &Rt, args: &Args<'_>, fname: &str) -> PyResult<(Option<Value>, i64)> {
    let mut out = [None; 2];
    parse_kw(rt, args, fname, &[q::sep, q::maxsplit], &mut out)?;
    let sep = out[0].filter(|v| !v.is_none());
    let max = match out[1] {
        Some(v) => int_arg(rt, v)?,
        None => -1,
    };
    Ok((sep, max))
}

fn sep_arg<'a>(rt: &'a Rt, t: &Text<'_>, v: Value) -> PyResult<&'a [u8]> {
    let s = if t.is_str() {
        str_text(rt, v).ok_or_else(|| {
            rt.type_error(format_args!(
                "must be str or None, not {}",
                type_name(rt, v)
            ))
        })?
    } else {
        sub_arg(rt, t, v)?
    };
    if s.is_empty() {
        return Err(rt.value_error(format_args!("empty separator")));
    }
    Ok(s.bytes)
}

fn push_part(rt: &Rt, list: &List, kind: Kind, bytes: &[u8]) -> PyResult<()> {
    let v = new_of_kind(rt, kind, bytes)?;
    list.push(rt, v)
}

fn list_of(rt: &Rt, v: Value) -> PyResult<&List> {
    rt.downcast::<List>(v)
        .ok_or_else(|| rt.type_error(format_args!("list expected")))
}

/// `split` and `rsplit` (`rev`): parts are cut from the front or the back
/// of the unsplit rest `b[lo..hi]`; `rsplit` reverses its list at the end.
fn split_impl(rt: &Rt, args: Args<'_>, rev: bool) -> PyResult {
    let t = recv(rt, args.pos[0])?;
    let (sep, max) = split_args(rt, &args, if rev { "rsplit" } else { "split" })?;
    let out = new_list(rt, &[])?;
    let list = list_of(rt, out)?;
    let b = t.bytes;
    let mut splits = 0i64;
    let (mut lo, mut hi) = (0, b.len());
    match sep {
        None => {
            let is_str = t.is_str();
            // Width of the whitespace character at the cutting end, or 0.
            let space = |lo: usize, hi: usize| {
                if rev {
                    space_before(b, hi, is_str)
                } else {
                    space_at(b, lo, is_str)
                }
            };
            loop {
                while lo < hi {
                    let w = space(lo, hi);
                    if w == 0 {
                        break;
                    }
                    if rev {
                        hi -= w;
                    } else {
                        lo += w;
                    }
                }
                if lo >= hi {
                    break;
                }
                if max >= 0 && splits >= max {
                    push_part(rt, list, t.kind, &b[lo..hi])?;
                    break;
                }
                let (mut i, mut j) = (lo, hi);
                if rev {
                    while j > lo && space(lo, j) == 0 {
                        j -= 1;
                    }
                    push_part(rt, list, t.kind, &b[j..hi])?;
                    hi = j;
                } else {
                    while i < hi && space(i, hi) == 0 {
                        i += 1;
                    }
                    push_part(rt, list, t.kind, &b[lo..i])?;
                    lo = i;
                }
                splits += 1;
            }
        }
        Some(sep) => {
            let sep = sep_arg(rt, &t, sep)?;
            while max < 0 || splits < max {
                let found = if rev {
                    rfind_bytes(b, sep, hi)
                } else {
                    find_bytes(b, sep, lo)
                };
                let Some(p) = found else {
                    break;
                };
                if rev {
                    push_part(rt, list, t.kind, &b[p + sep.len()..hi])?;
                    hi = p;
                } else {
                    push_part(rt, list, t.kind, &b[lo..p])?;
                    lo = p + sep.len();
                }
                splits += 1;
            }
            push_part(rt, list, t.kind, &b[lo..hi])?;
        }
    }
    if rev {
        reverse_list(list);
    }
    Ok(out)
}

/// `split(sep=None, maxsplit=-1)`.
pub fn split(rt: &Rt, args: Args<'_>) -> PyResult {
    split_impl(rt, args, false)
}

fn reverse_list(list: &List) {
    let n = list.len();
    for i in 0..n / 2 {
        if let (Some(a), Some(b)) = (list.get(i), list.get(n - 1 - i)) {
            list.set(i, b);
            list.set(n - 1 - i, a);
        }
    }
}

/// `rsplit(sep=None, maxsplit=-1)`.
pub fn rsplit(rt: &Rt, args: Args<'_>) -> PyResult {
    split_impl(rt, args, true)
}

/// `splitlines(keepends=False)`.
#[cfg(feature = "str-extras")]
pub fn splitlines(rt: &Rt, args: Args<'_>) -> PyResult {
    let t = recv(rt, args.pos[0])?;
    let mut out = [None];
    parse_kw(rt, &args, "splitlines", &[q::keepends], &mut out)?;
    let keep = match out[0] {
        Some(v) => rt.truthy(v)?,
        None => false,
    };
    let result = new_list(rt, &[])?;
    let list = list_of(rt, result)?;
    let b = t.bytes;
    let (mut i, mut start) = (0, 0);
    while i < b.len() {
        let c = b[i];
        // Width of the line break at `i` (0 when none).
        let w = match c {
            b'\r' if b.get(i + 1) == Some(&b'\n') => 2,
            b'\n' | b'\r' => 1,
            0x0b | 0x0c | 0x1c..=0x1e if t.is_str() => 1,
            0xc2 if t.is_str() && b.get(i + 1) == Some(&0x85) => 2,
            0xe2 if t.is_str()
                && b.get(i + 1) == Some(&0x80)
                && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) =>
            {
                3
            }
            _ => 0,
        };
        if w == 0 {
            i += 1;
            continue;
        }
        let end = if keep { i + w } else { i };
        push_part(rt, list, t.kind, &b[start..end])?;
        i += w;
        start = i;
    }
    if start < b.len() {
        push_part(rt, list, t.kind, &b[start..])?;
    }
    Ok(result)
}

#[cfg(feature = "str-extras")]
fn partition_impl(rt: &Rt, this: Value, sep: Value, rev: bool) -> PyResult {
    let t = recv(rt, this)?;
    let s = sub_arg(rt, &t, sep)?;
    if s.is_empty() {
        return Err(rt.value_error(format_args!("empty separator")));
    }
    let b = t.bytes;
    let found = if rev {
        rfind_bytes(b, s.bytes, b.len())
    } else {
        find_bytes(b, s.bytes, 0)
    };
    let empty = new_of_kind(rt, t.kind, b"")?;
    let whole = |rt: &Rt| unchanged(rt, this, t.kind, b);
    let parts = match found {
        None if rev => [empty, new_of_kind(rt, t.kind, b"")?, whole(rt)?],
        None => [whole(rt)?, empty, new_of_kind(rt, t.kind, b"")?],
        Some(p) => [
            new_of_kind(rt, t.kind, &b[..p])?,
            if s.kind == t.kind && t.kind != Kind::ByteArray {
                sep
            } else {
                new_of_kind(rt, t.kind, s.bytes)?
            },
            new_of_kind(rt, t.kind, &b[p + s.bytes.len()..])?,
        ],
    };
    new_tuple(rt, &parts)
}

/// `partition(sep)`.
#[cfg(feature = "str-extras")]
pub fn partition(rt: &Rt, this: Value, sep: Value) -> PyResult {
    partition_impl(rt, this, sep, false)
}

/// `rpartition(sep)`.
#[cfg(feature = "str-extras")]
pub fn rpartition(rt: &Rt, this: Value, sep: Value) -> PyResult {
    partition_impl(rt, this, sep, true)
}

/// The bytes of a `join` item, or the CPython error.
fn join_item(rt: &Rt, is_str: bool, i: usize, v: Value) -> PyResult<&[u8]> {
    if is_str {
        str_text(rt, v).map(|t| t.bytes).ok_or_else(|| {
            rt.type_error(format_args!(
                "sequence item {i}: expected str instance, {} found",
                type_name(rt, v)
            ))
        })
    } else {
        bytes_like(rt, v).map(|t| t.bytes).ok_or_else(|| {
            rt.type_error(format_args!(
                "sequence item {i}: expected a bytes-like object, {} found",
                type_name(rt, v)
            ))
        })
    }
}

/// Item `i` of a list or tuple being joined.
type ItemFn<'a> = &'a dyn Fn(usize) -> Option<Value>;

/// `sep.join(iterable)`.
pub fn join(rt: &Rt, this: Value, iterable: Value) -> PyResult {
    let t = recv(rt, this)?;
    let (kind, is_str) = (t.kind, t.is_str());
    // Lists and tuples: size the result first, then copy once.
    let items: Option<(usize, ItemFn<'_>)> =
        if let Some(tuple) = rt.downcast_exact::<Tuple>(iterable) {
            Some((tuple.items().len(), &|i| tuple.items().get(i).copied()))
        } else if let Some(list) = rt.downcast_exact::<List>(iterable) {
            Some((list.len(), &|i| list.get(i)))
        } else {
            None
        };
    if let Some((n, get)) = items {
        let mut total = t.bytes.len().saturating_mul(n.saturating_sub(1));
        for i in 0..n {
            let item = get(i).unwrap_or(Value::NONE);
            total = total.saturating_add(join_item(rt, is_str, i, item)?.len());
        }
        if n == 1 && kind != Kind::ByteArray {
            let item = get(0).unwrap_or(Value::NONE);
            if core::ptr::eq(rt.type_of(item).native, rt.type_of(this).native) {
                let text = rt.str_bytes(item).unwrap_or(b"");
                return unchanged(rt, item, kind, text);
            }
        }
        let mut b = StrBuilder::with_capacity(rt, total)?;
        for i in 0..n {
            if i > 0 {
                b.put(recv(rt, this)?.bytes)?;
            }
            let item = get(i).unwrap_or(Value::NONE);
            b.put(join_item(rt, is_str, i, item)?)?;
        }
        return b.finish_kind(kind);
    }
    let mut b = StrBuilder::with_capacity(rt, 16)?;
    let it = rt.get_iter(iterable)?;
    let mut i = 0;
    while let Some(item) = rt.iter_next(it)? {
        if i > 0 {
            // Re-fetched: a bytearray separator may change under Python code.
            b.put(recv(rt, this)?.bytes)?;
        }
        b.put(join_item(rt, is_str, i, item)?)?;
        i += 1;
    }
    b.finish_kind(kind)
}

// ----- replace, affixes, padding -------------------------------------------------------

/// `replace(old, new[, count])`.
pub fn replace(rt: &Rt, args: &[Value]) -> PyResult {
    let this = args[0];
    let t = recv(rt, this)?;
    let arg = |i: usize| -> PyResult<&[u8]> {
        let v = args[i];
        let ok = if t.is_str() {
            str_text(rt, v)
        } else {
            bytes_like(rt, v)
        };
        ok.map(|x| x.bytes).ok_or_else(|| {
            if t.is_str() {
                rt.type_error(format_args!(
                    "replace() argument {i} must be str, not {}",
                    type_name(rt, v)
                ))
            } else {
                rt.type_error(format_args!(
                    "a bytes-like object is required, not '{}'",
                    type_name(rt, v)
                ))
            }
        })
    };
    let old = arg(1)?;
    let new = arg(2)?;
    let max = match args.get(3) {
        Some(&v) => int_arg(rt, v)?,
        None => -1,
    };
    let max = if max < 0 { usize::MAX } else { max as usize };
    let b = t.bytes;
    let same = |rt: &Rt| unchanged(rt, this, t.kind, b);
    if max == 0 {
        return same(rt);
    }
    if !old.is_empty() && find_bytes(b, old, 0).is_none() {
        return same(rt);
    }
    let mut out = StrBuilder::with_capacity(rt, b.len())?;
    if old.is_empty() {
        // Insert `new` before every item and at the end.
        let mut done = 0;
        let mut i = 0;
        while done < max {
            out.put(new)?;
            done += 1;
            if i >= b.len() {
                break;
            }
            let w = if t.ascii {
                1
            } else {
                utf8_len(b[i]).min(b.len() - i)
            };
            out.put(&b[i..i + w])?;
            i += w;
        }
        out.put(&b[i.min(b.len())..])?;
        return out.finish_kind(t.kind);
    }
    let (mut start, mut done) = (0, 0);
    while done < max {
        let Some(p) = find_bytes(b, old, start) else {
            break;
        };
        out.put(&b[start..p])?;
        out.put(new)?;
        start = p + old.len();
        done += 1;
    }
    out.put(&b[start..])?;
    out.finish_kind(t.kind)
}

#[cfg(feature = "str-extras")]
fn affix_remove(rt: &Rt, this: Value, affix: Value, suffix: bool) -> PyResult {
    let t = recv(rt, this)?;
    let Some(a) = (if t.is_str() {
        str_text(rt, affix)
    } else {
        bytes_like(rt, affix)
    }) else {
        let fname = if suffix {
            "removesuffix"
        } else {
            "removeprefix"
        };
        return Err(if t.is_str() {
            rt.type_error(format_args!(
                "{fname}() argument must be str, not {}",
                type_name(rt, affix)
            ))
        } else {
            rt.type_error(format_args!(
                "a bytes-like object is required, not '{}'",
                type_name(rt, affix)
            ))
        });
    };
    let b = t.bytes;
    let a = a.bytes;
    let rest = if a.is_empty() {
        None
    } else if suffix {
        b.strip_suffix(a)
    } else {
        b.strip_prefix(a)
    };
    match rest {
        Some(rest) => new_of_kind(rt, t.kind, rest),
        None => unchanged(rt, this, t.kind, b),
    }
}

/// `removeprefix(prefix)`.
#[cfg(feature = "str-extras")]
pub fn removeprefix(rt: &Rt, this: Value, prefix: Value) -> PyResult {
    affix_remove(rt, this, prefix, false)
}

/// `removesuffix(suffix)`.
#[cfg(feature = "str-extras")]
pub fn removesuffix(rt: &Rt, this: Value, suffix: Value) -> PyResult {
    affix_remove(rt, this, suffix, true)
}

/// The fill character argument of the justify methods, as its bytes.
#[cfg(feature = "str-extras")]
fn fill_arg<'a>(rt: &'a Rt, t: &Text<'_>, v: Option<&Value>, fname: &str) -> PyResult<&'a [u8]> {
    let Some(&v) = v else {
        return Ok(b" ");
    };
    if t.is_str() {
        let Some(f) = str_text(rt, v) else {
            return Err(rt.type_error(format_args!(
                "The fill character must be a unicode character, not {}",
                type_name(rt, v)
            )));
        };
        if f.len() != 1 {
            return Err(rt.type_error(format_args!(
                "The fill character must be exactly one character long"
            )));
        }
        Ok(f.bytes)
    } else {
        match bytes_like(rt, v) {
            Some(f) if f.bytes.len() == 1 => Ok(f.bytes),
            _ => Err(rt.type_error(format_args!(
                "{fname}() argument 2 must be a byte string of length 1, not {}",
                type_name(rt, v)
            ))),
        }
    }
}

#[cfg(feature = "str-extras")]
fn justify(rt: &Rt, args: &[Value], fname: &str, align: u8) -> PyResult {
    let this = args[0];
    let t = recv(rt, this)?;
    let width = int_arg(rt, args[1])?;
    let fill = fill_arg(rt, &t, args.get(2), fname)?;
    let n = t.len() as i64;
    if width <= n {
        return unchanged(rt, this, t.kind, t.bytes);
    }
    let pad = (width - n) as usize;
    let (left, right) = match align {
        b'<' => (0, pad),
        b'>' => (pad, 0),
        _ => {
            // CPython's rounding: the odd extra goes left when width is odd.
            let left = pad / 2 + (pad & width as usize & 1);
            (left, pad - left)
        }
    };
    let total = fill
        .len()
        .checked_mul(pad)
        .and_then(|x| x.checked_add(t.bytes.len()))
        .ok_or_else(|| rt.memory_error())?;
    let mut b = StrBuilder::with_capacity(rt, total)?;
    for _ in 0..left {
        b.put(fill)?;
    }
    b.put(t.bytes)?;
    for _ in 0..right {
        b.put(fill)?;
    }
    b.finish_kind(t.kind)
}

/// `center(width[, fillchar])`.
#[cfg(feature = "str-extras")]
pub fn center(rt: &Rt, args: &[Value]) -> PyResult {
    justify(rt, args, "center", b'^')
}

/// `ljust(width[, fillchar])`.
#[cfg(feature = "str-extras")]
pub fn ljust(rt: &Rt, args: &[Value]) -> PyResult {
    justify(rt, args, "ljust", b'<')
}

/// `rjust(width[, fillchar])`.
#[cfg(feature = "str-extras")]
pub fn rjust(rt: &Rt, args: &[Value]) -> PyResult {
    justify(rt, args, "rjust", b'>')
}

/// `zfill(width)`.
#[cfg(feature = "str-extras")]
pub fn zfill(rt: &Rt, this: Value, width: Value) -> PyResult {
    let t = recv(rt, this)?;
    let width = int_arg(rt, width)?;
    let n = t.len() as i64;
    if width <= n {
        return unchanged(rt, this, t.kind, t.bytes);
    }
    let pad = (width - n) as usize;
    let mut b = StrBuilder::with_capacity(rt, t.bytes.len() + pad)?;
    let (sign, rest) = match t.bytes.first() {
        Some(&c @ (b'+' | b'-')) => (Some(c), &t.bytes[1..]),
        _ => (None, t.bytes),
    };
    if let Some(c) = sign {
        b.put(&[c])?;
    }
    for _ in 0..pad {
        b.put(b"0")?;
    }
    b.put(rest)?;
    b.finish_kind(t.kind)
}

/// `expandtabs(tabsize=8)`.
#[cfg(feature = "str-extras")]
pub fn expandtabs(rt: &Rt, args: Args<'_>) -> PyResult {
    let this = args.pos[0];
    let t = recv(rt, this)?;
    let mut out = [None];
    parse_kw(rt, &args, "expandtabs", &[q::tabsize], &mut out)?;
    let size = match out[0] {
        Some(v) => int_arg(rt, v)?,
        None => 8,
    };
    if !t.bytes.contains(&b'\t') {
        return unchanged(rt, this, t.kind, t.bytes);
    }
    let mut b = StrBuilder::with_capacity(rt, t.bytes.len() + 8)?;
    let mut col: i64 = 0;
    let mut start = 0;
    for (i, &c) in t.bytes.iter().enumerate() {
        match c {
            b'\t' => {
                b.put(&t.bytes[start..i])?;
                start = i + 1;
                if size > 0 {
                    let n = size - col % size;
                    for _ in 0..n {
                        b.put(b" ")?;
                    }
                    col += n;
                }
            }
            b'\n' | b'\r' => col = 0,
            // Continuation bytes of a character do not advance the column.
            _ if c & 0xc0 == 0x80 && t.is_str() => {}
            _ => col += 1,
        }
    }
    b.put(&t.bytes[start..])?;
    b.finish_kind(t.kind)
}

// ----- encodings -------------------------------------------------------------------------

/// The text encodings `encode`/`decode` know. Without `str-extras` only
/// UTF-8, and every encoding name means it, as in MicroPython.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    #[cfg(feature = "str-extras")]
    Ascii,
    #[cfg(feature = "str-extras")]
    Latin1,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Errors {
    Strict,
    Ignore,
    Replace,
}

#[cfg(feature = "str-extras")]
fn encoding(rt: &Rt, name: &[u8]) -> PyResult<Encoding> {
    let mut norm = [0u8; 16];
    let mut n = 0;
    for &c in name {
        if n == norm.len() {
            n = 0;
            break;
        }
        norm[n] = match c {
            b'_' | b' ' => b'-',
            c => c.to_ascii_lowercase(),
        };
        n += 1;
    }
    // A table, not a `match` on the names: a match on byte strings compiles
    // to a tree of compares several times its size.
    match ENCODING_NAMES
        .iter()
        .find(|(alias, _)| *alias == &norm[..n])
    {
        Some(&(_, enc)) => Ok(enc),
        None => Err(rt.error(
            &exc::LOOKUP_ERROR,
            format_args!("unknown encoding: {}", super::str::Lossy(name)),
        )),
    }
}

#[cfg(not(feature = "str-extras"))]
fn encoding(_rt: &Rt, _name: &[u8]) -> PyResult<Encoding> {
    Ok(Encoding::Utf8)
}

/// The encoding names `encode`/`decode` accept (lower case, `-` for `_`
/// and space).
#[cfg(feature = "str-extras")]
static ENCODING_NAMES: [(&[u8], Encoding); 10] = [
    (b"utf-8", Encoding::Utf8),
    (b"utf8", Encoding::Utf8),
    (b"u8", Encoding::Utf8),
    (b"ascii", Encoding::Ascii),
    (b"us-ascii", Encoding::Ascii),
    (b"latin-1", Encoding::Latin1),
    (b"latin1", Encoding::Latin1),
    (b"iso-8859-1", Encoding::Latin1),
    (b"iso8859-1", Encoding::Latin1),
    (b"l1", Encoding::Latin1),
];

fn errors(name: &[u8]) -> Errors {
    match name {
        b"ignore" => Errors::Ignore,
        b"replace" => Errors::Replace,
        _ => Errors::Strict,
    }
}

/// `str.encode` into `kind` (bytes or bytearray): a copy of the UTF-8
/// bytes, whatever the encoding's name.
#[cfg(not(feature = "str-extras"))]
pub(crate) fn encode_text(rt: &Rt, t: Text<'_>, _enc: &[u8], _errs: &[u8], kind: Kind) -> PyResult {
    new_of_kind(rt, kind, t.bytes)
}

/// `str.encode` into `kind` (bytes or bytearray).
#[cfg(feature = "str-extras")]
pub(crate) fn encode_text(rt: &Rt, t: Text<'_>, enc: &[u8], errs: &[u8], kind: Kind) -> PyResult {
    let enc = encoding(rt, enc)?;
    if enc == Encoding::Utf8 || t.ascii {
        return new_of_kind(rt, kind, t.bytes);
    }
    let errs = errors(errs);
    let (name, limit) = match enc {
        Encoding::Ascii => ("ascii", 0x80),
        _ => ("latin-1", 0x100),
    };
    let mut b = StrBuilder::with_capacity(rt, t.bytes.len())?;
    let (mut i, mut pos) = (0, 0);
    while i < t.bytes.len() {
        let (c, w) = decode_char(&t.bytes[i..]);
        let cp = c as u32;
        if cp < limit {
            b.put(&[cp as u8])?;
        } else {
            match errs {
                Errors::Ignore => {}
                Errors::Replace => b.put(b"?")?,
                Errors::Strict => {
                    // CPython reports the whole run of unencodable characters.
                    let mut run = 1;
                    let mut j = i + w;
                    while j < t.bytes.len() {
                        let (c2, w2) = decode_char(&t.bytes[j..]);
                        if (c2 as u32) < limit {
                            break;
                        }
                        run += 1;
                        j += w2;
                    }
                    if run > 1 {
                        return Err(rt.error(
                            &exc::UNICODE_ENCODE_ERROR,
                            format_args!(
                                "'{name}' codec can't encode characters in position {pos}-{}: ordinal not in range({limit})",
                                pos + run - 1
                            ),
                        ));
                    }
                    let mut esc = EscapeBuf::default();
                    esc.escape(cp);
                    return Err(rt.error(
                        &exc::UNICODE_ENCODE_ERROR,
                        format_args!(
                            "'{name}' codec can't encode character '{}' in position {pos}: ordinal not in range({limit})",
                            super::str::Lossy(esc.as_bytes())
                        ),
                    ));
                }
            }
        }
        i += w;
        pos += 1;
    }
    b.finish_kind(kind)
}

/// `\xNN`, `\uNNNN` or `\UNNNNNNNN` for a code point.
#[cfg(feature = "str-extras")]
#[derive(Default)]
struct EscapeBuf {
    buf: [u8; 10],
    len: usize,
}

#[cfg(feature = "str-extras")]
impl EscapeBuf {
    fn escape(&mut self, cp: u32) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let (prefix, digits): (&[u8], usize) = if cp <= 0xff {
            (b"\\x", 2)
        } else if cp <= 0xffff {
            (b"\\u", 4)
        } else {
            (b"\\U", 8)
        };
        self.buf[..2].copy_from_slice(prefix);
        for k in 0..digits {
            self.buf[2 + k] = HEX[((cp >> (4 * (digits - 1 - k))) & 15) as usize];
        }
        self.len = 2 + digits;
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Decodes `bytes` to a `str` (`bytes.decode`, `str(b, encoding)`).
pub(crate) fn decode_bytes(rt: &Rt, bytes: &[u8], enc: &[u8], errs: &[u8]) -> PyResult {
    let enc = encoding(rt, enc)?;
    if bytes.is_ascii() {
        return new_text(rt, bytes);
    }
    let errs = errors(errs);
    match enc {
        Encoding::Utf8 => {
            if core::str::from_utf8(bytes).is_ok() {
                return new_text(rt, bytes);
            }
            if errs == Errors::Strict {
                let Err(e) = core::str::from_utf8(bytes) else {
                    return new_text(rt, bytes);
                };
                let p = e.valid_up_to();
                let b0 = bytes[p];
                return Err(match e.error_len() {
                    None if bytes.len() - p > 1 => rt.error(
                        &exc::UNICODE_DECODE_ERROR,
                        format_args!(
                            "'utf-8' codec can't decode bytes in position {p}-{}: unexpected end of data",
                            bytes.len() - 1
                        ),
                    ),
                    None => rt.error(
                        &exc::UNICODE_DECODE_ERROR,
                        format_args!(
                            "'utf-8' codec can't decode byte 0x{b0:02x} in position {p}: unexpected end of data"
                        ),
                    ),
                    Some(_) => {
                        let why = if (0xc2..=0xf4).contains(&b0) {
                            "invalid continuation byte"
                        } else {
                            "invalid start byte"
                        };
                        rt.error(
                            &exc::UNICODE_DECODE_ERROR,
                            format_args!(
                                "'utf-8' codec can't decode byte 0x{b0:02x} in position {p}: {why}"
                            ),
                        )
                    }
                });
            }
            let mut b = StrBuilder::with_capacity(rt, bytes.len())?;
            for chunk in bytes.utf8_chunks() {
                b.put(chunk.valid().as_bytes())?;
                if !chunk.invalid().is_empty() && errs == Errors::Replace {
                    b.put("\u{fffd}".as_bytes())?;
                }
            }
            b.finish_kind(Kind::Str)
        }
        #[cfg(feature = "str-extras")]
        Encoding::Ascii => {
            let mut b = StrBuilder::with_capacity(rt, bytes.len())?;
            for (i, &c) in bytes.iter().enumerate() {
                if c < 0x80 {
                    b.put(&[c])?;
                } else {
                    match errs {
                        Errors::Ignore => {}
                        Errors::Replace => b.put("\u{fffd}".as_bytes())?,
                        Errors::Strict => {
                            return Err(rt.error(
                                &exc::UNICODE_DECODE_ERROR,
                                format_args!(
                                    "'ascii' codec can't decode byte 0x{c:02x} in position {i}: ordinal not in range(128)"
                                ),
                            ));
                        }
                    }
                }
            }
            b.finish_kind(Kind::Str)
        }
        #[cfg(feature = "str-extras")]
        Encoding::Latin1 => {
            let mut b = StrBuilder::with_capacity(rt, bytes.len() * 2)?;
            for &c in bytes {
                let mut buf = [0u8; 4];
                b.put((c as char).encode_utf8(&mut buf).as_bytes())?;
            }
            b.finish_kind(Kind::Str)
        }
    }
}

/// The text of an `encoding`/`errors` argument of `func`, or `default`.
#[cfg(feature = "cpython-compat")]
fn codec_name<'a>(
    rt: &'a Rt,
    v: Option<Value>,
    default: &'static [u8],
    func: &str,
    what: &str,
) -> PyResult<&'a [u8]> {
    match v {
        None => Ok(default),
        Some(v) => str_text(rt, v).map(|t| t.bytes).ok_or_else(|| {
            rt.type_error(format_args!(
                "{func}() argument '{what}' must be str, not {}",
                type_name(rt, v)
            ))
        }),
    }
}

/// `str.encode(encoding='utf-8', errors='strict')`.
#[cfg(feature = "cpython-compat")]
pub fn encode(rt: &Rt, args: Args<'_>) -> PyResult {
    let t = recv(rt, args.pos[0])?;
    if !t.is_str() {
        return Err(rt.type_error(format_args!("descriptor 'encode' requires a 'str' object")));
    }
    let mut out = [None; 2];
    parse_kw(rt, &args, "encode", &[q::encoding, q::errors], &mut out)?;
    let enc = codec_name(rt, out[0], b"utf-8", "encode", "encoding")?;
    let errs = codec_name(rt, out[1], b"strict", "encode", "errors")?;
    encode_text(rt, t, enc, errs, Kind::Bytes)
}

/// `bytes.decode(encoding='utf-8', errors='strict')` (and bytearray's).
#[cfg(feature = "cpython-compat")]
pub fn decode(rt: &Rt, args: Args<'_>) -> PyResult {
    let this = args.pos[0];
    let Some(t) = bytes_like(rt, this) else {
        return Err(rt.type_error(format_args!(
            "descriptor 'decode' requires a 'bytes' object but received a '{}'",
            type_name(rt, this)
        )));
    };
    let mut out = [None; 2];
    parse_kw(rt, &args, "decode", &[q::encoding, q::errors], &mut out)?;
    let enc = codec_name(rt, out[0], b"utf-8", "decode", "encoding")?;
    let errs = codec_name(rt, out[1], b"strict", "decode", "errors")?;
    decode_bytes(rt, t.bytes, enc, errs)
}

// ----- hex -------------------------------------------------------------------------------

// `hex`/`fromhex` are `str-extras`: MicroPython leaves them out by default
// (`MICROPY_PY_BUILTINS_BYTES_HEX`).

/// `bytes.hex([sep[, bytes_per_sep]])`.
#[cfg(feature = "str-extras")]
pub fn hex(rt: &Rt, args: &[Value]) -> PyResult {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let t = recv(rt, args[0])?;
    let sep = match args.get(1) {
        None => None,
        Some(&v) => {
            let s = text(rt, v).map(|t| t.bytes).ok_or_else(|| {
                rt.type_error(format_args!(
                    "sep must be str or bytes, not {}",
                    type_name(rt, v)
                ))
            })?;
            if s.len() != 1 || !s.is_ascii() {
                return Err(rt.value_error(format_args!("sep must be length 1.")));
            }
            Some(s[0])
        }
    };
    let per = match args.get(2) {
        Some(&v) => int_arg(rt, v)?,
        None => 1,
    };
    let b = t.bytes;
    let mut out = StrBuilder::with_capacity(rt, b.len() * 3)?;
    let group = per.unsigned_abs() as usize;
    for (i, &c) in b.iter().enumerate() {
        if let Some(s) = sep
            && i > 0
            && group > 0
        {
            // Groups count from the right for a positive size, from the
            // left for a negative one.
            let boundary = if per > 0 {
                (b.len() - i).is_multiple_of(group)
            } else {
                i.is_multiple_of(group)
            };
            if boundary {
                out.put(&[s])?;
            }
        }
        out.put(&[HEX[(c >> 4) as usize], HEX[(c & 15) as usize]])?;
    }
    out.finish_kind(Kind::Str)
}

/// Parses hex text into `out` (`bytes.fromhex` and `bytearray.fromhex`).
#[cfg(feature = "str-extras")]
pub(crate) fn parse_hex(rt: &Rt, s: &[u8], out: &mut dyn Sink) -> PyResult<()> {
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut i = 0;
    while i < s.len() {
        if s[i].is_ascii_whitespace() || s[i] == 0x0b {
            i += 1;
            continue;
        }
        let bad = |at: usize| {
            rt.value_error(format_args!(
                "non-hexadecimal number found in fromhex() arg at position {at}"
            ))
        };
        let hi = digit(s[i]).ok_or_else(|| bad(char_count(&s[..i], false)))?;
        let lo = s
            .get(i + 1)
            .and_then(|&c| digit(c))
            .ok_or_else(|| bad(char_count(&s[..i + 1], false)))?;
        out.put(&[hi << 4 | lo])?;
        i += 2;
    }
    Ok(())
}

/// `bytes.fromhex(string)`: called through the type with one argument, or
/// through an instance with the receiver first (ignored).
#[cfg(feature = "str-extras")]
pub fn bytes_fromhex(rt: &Rt, args: &[Value]) -> PyResult {
    fromhex_of_kind(rt, args[args.len() - 1], Kind::Bytes)
}

/// `bytearray.fromhex(s)`, from the type or an instance.
#[cfg(feature = "str-extras")]
pub fn bytearray_fromhex(rt: &Rt, args: &[Value]) -> PyResult {
    fromhex_of_kind(rt, args[args.len() - 1], Kind::ByteArray)
}

#[cfg(feature = "str-extras")]
fn fromhex_of_kind(rt: &Rt, v: Value, kind: Kind) -> PyResult {
    let Some(s) = str_text(rt, v) else {
        return Err(rt.type_error(format_args!(
            "fromhex() argument must be str, not {}",
            type_name(rt, v)
        )));
    };
    let mut b = StrBuilder::with_capacity(rt, s.bytes.len() / 2)?;
    parse_hex(rt, s.bytes, &mut b)?;
    b.finish_kind(kind)
}
