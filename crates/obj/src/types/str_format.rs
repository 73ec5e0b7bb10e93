//! Formatting: `format(value, spec)` ([`format_value`], also what the VM
//! calls for f-string fields), `str.format` with the full replacement-field
//! grammar, printf-style `%` for `str` and `bytes`, and `ascii()`.
//!
//! Specs are parsed and applied by `pyrite_num::fmtspec`; this module
//! resolves fields and arguments, converts values and maps errors to
//! CPython's exceptions.

use core::fmt;

use pyrite_num::error::{ExcKind, NumError};
use pyrite_num::fmtspec::percent::{self, Count, PercentError, PercentSpec};
use pyrite_num::fmtspec::{self, FormatError, FormatSpec, IntArg};

use crate::args::Args;
use crate::error::{Exc, PyResult};
use crate::object::{PrintKind, TypeFlags};
use crate::qstr::q;
use crate::rt::Rt;
use crate::sink::{FmtSink, Sink};
use crate::value::{Immediate, Value};

use super::dict::Dict;
use super::exc;
use super::str::{
    Kind, Lossy, StrBuilder, bytes_like, char_count, decode_char, new_text, str_text, text,
    type_name,
};
use super::tuple::Tuple;

// ----- plumbing -------------------------------------------------------------------

/// The one `core::fmt::Write` adapter (shared with `repr` and `format()`
/// of numbers, so that `pyrite_num`'s formatters are instantiated once).
type W<'a> = FmtSink<'a>;

/// Text for `pyrite_num` (which takes `&str`): str contents are UTF-8; bytes
/// are cut at their first invalid sequence.
fn as_str(b: &[u8]) -> &str {
    match core::str::from_utf8(b) {
        Ok(s) => s,
        Err(e) => core::str::from_utf8(&b[..e.valid_up_to()]).unwrap_or(""),
    }
}

/// The exception for a numeric error from `pyrite_num`.
pub(crate) fn num_error(rt: &Rt, e: NumError) -> Exc {
    let ty = match e.exception() {
        ExcKind::ZeroDivision => &exc::ZERO_DIVISION_ERROR,
        ExcKind::Overflow => &exc::OVERFLOW_ERROR,
        ExcKind::Value => &exc::VALUE_ERROR,
        ExcKind::Memory => return rt.memory_error(),
    };
    rt.error(ty, format_args!("{}", e.message()))
}

struct SpecMessage<'a>(fmtspec::SpecError, &'a str, &'a str);

impl fmt::Display for SpecMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_message(f, self.1, self.2)
    }
}

fn format_error(rt: &Rt, e: FormatError, w: W<'_>, spec: &str, v: Value) -> Exc {
    match e {
        FormatError::Spec(e) => {
            let name = rt.qstr_text(rt.type_of(v).name);
            rt.value_error(format_args!("{}", SpecMessage(e, spec, as_str(name))))
        }
        FormatError::Num(NumError::Write) => w.into_error().unwrap_or_else(|| rt.memory_error()),
        FormatError::Num(e) => num_error(rt, e),
    }
}

// ----- format() ---------------------------------------------------------------------

/// A number for the format machinery: ints (and bools) and floats held in
/// the value word.
enum Number {
    Int(i64),
    Float(crate::value::Float),
}

fn number(v: Value) -> Option<Number> {
    if let Some(i) = v.as_small_int() {
        return Some(Number::Int(i as i64));
    }
    if let Some(x) = v.as_float() {
        return Some(Number::Float(x));
    }
    match v.as_immediate() {
        Some(Immediate::True) => Some(Number::Int(1)),
        Some(Immediate::False) => Some(Number::Int(0)),
        _ => None,
    }
}

/// `%e %f %g` of a float of this target (`f32` on the boards, whose digits
/// come without `core`'s float formatting).
fn percent_float<Wr: fmt::Write + ?Sized>(
    w: &mut Wr,
    spec: &PercentSpec,
    x: crate::value::Float,
) -> fmtspec::FormatResult {
    #[cfg(target_pointer_width = "64")]
    return percent::percent_float(w, spec, x as f64);
    #[cfg(target_pointer_width = "32")]
    return percent::percent_f32(w, spec, x as f32);
}

/// Calls a Python class's `__format__`, if the value's class defines one.
fn class_format(rt: &Rt, v: Value, spec: &[u8], out: &mut dyn Sink) -> PyResult<bool> {
    let ty = rt.type_of(v);
    if !ty.flags.contains(TypeFlags::HEAP) {
        return Ok(false);
    }
    let Some(f) = rt.lookup_in_type(ty, q::__format__)? else {
        return Ok(false);
    };
    // A `str` subclass inherits `str.__format__`, which comes back here:
    // only a Python-level `__format__` is called.
    if rt
        .downcast::<crate::types::function::BuiltinFn>(f)
        .is_some()
    {
        return Ok(false);
    }
    let spec = new_text(rt, spec)?;
    let r = rt.call(f, Args::positional(&[v, spec]))?;
    match str_text(rt, r) {
        Some(t) => out.put(t.bytes)?,
        None => {
            return Err(rt.type_error(format_args!(
                "__format__ must return a str, not {}",
                type_name(rt, r)
            )));
        }
    }
    Ok(true)
}

/// `format(value, spec)` written to `out`: what the VM calls for an f-string
/// field `{value:spec}` (after applying `!r`/`!s`/`!a` itself, e.g. with
/// [`Rt::repr`] or [`ascii`]) and for the `format()` built-in.
///
/// `str`, `int`, `bool` and `float` apply the format-spec mini-language; a
/// class with `__format__` has it called; any other object prints as
/// `str(value)` with an empty spec and raises `TypeError: unsupported format
/// string passed to T.__format__` otherwise.
pub fn format_value(rt: &Rt, value: Value, spec: &[u8], out: &mut dyn Sink) -> PyResult<()> {
    if let Some(t) = str_text(rt, value)
        && spec.is_empty()
    {
        return out.put(t.bytes);
    }
    if class_format(rt, value, spec, out)? {
        return Ok(());
    }
    if spec.is_empty() {
        return rt.print(value, out, PrintKind::Str);
    }
    let Some(t) = str_text(rt, value) else {
        // Numbers (ints, bools, floats): the numeric tower formats them.
        if super::num::is_number(rt, value) {
            return super::num::format_number(rt, value, spec, out);
        }
        return Err(rt.type_error(format_args!(
            "unsupported format string passed to {}.__format__",
            type_name(rt, value)
        )));
    };
    let spec_str = as_str(spec);
    let parsed = match FormatSpec::parse(spec_str) {
        Ok(s) => s,
        Err(e) => {
            return Err(format_error(
                rt,
                FormatError::Spec(e),
                FmtSink::new(out),
                spec_str,
                value,
            ));
        }
    };
    let mut w = FmtSink::new(out);
    fmtspec::format_str(&mut w, &parsed, as_str(t.bytes))
        .map_err(|e| format_error(rt, e, w, spec_str, value))
}

/// `str.__format__(spec)` (and the `format()` built-in's fallback).
pub fn dunder_format(rt: &Rt, this: Value, spec: Value) -> PyResult {
    let Some(s) = str_text(rt, spec) else {
        return Err(rt.type_error(format_args!(
            "format() argument 2 must be str, not {}",
            type_name(rt, spec)
        )));
    };
    if let Some(t) = str_text(rt, this)
        && s.is_empty()
    {
        return super::str::unchanged(rt, this, Kind::Str, t.bytes);
    }
    let mut b = StrBuilder::with_capacity(rt, 16)?;
    format_value(rt, this, s.bytes, &mut b)?;
    b.finish_kind(Kind::Str)
}

/// `ascii(v)`: `repr(v)` with every non-ASCII character escaped.
pub fn ascii(rt: &Rt, v: Value) -> PyResult {
    let r = rt.repr(v)?;
    let Some(t) = str_text(rt, r) else {
        return Ok(r);
    };
    if t.ascii {
        return Ok(r);
    }
    let mut b = StrBuilder::with_capacity(rt, t.bytes.len() + 8)?;
    write_ascii_escaped(t.bytes, &mut b)?;
    b.finish_kind(Kind::Str)
}

fn write_ascii_escaped(bytes: &[u8], out: &mut dyn Sink) -> PyResult<()> {
    let mut i = 0;
    let mut start = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        out.put(&bytes[start..i])?;
        let (c, w) = decode_char(&bytes[i..]);
        super::str::put_escaped_char(out, c as u32)?;
        i += w;
        start = i;
    }
    out.put(&bytes[start..])
}

// ----- str.format ----------------------------------------------------------------------

/// Automatic/manual field numbering state, shared with nested specs.
#[derive(Default)]
struct Numbering {
    next: usize,
    auto: bool,
    manual: bool,
}

struct FormatArgs<'a> {
    pos: &'a [Value],
    kw: &'a [Value],
}

/// `fmt.format(*args, **kwargs)`.
pub fn str_format_method(rt: &Rt, args: Args<'_>) -> PyResult {
    let this = args.pos[0];
    let Some(t) = str_text(rt, this) else {
        return Err(rt.type_error(format_args!(
            "descriptor 'format' requires a 'str' object but received a '{}'",
            type_name(rt, this)
        )));
    };
    let fa = FormatArgs {
        pos: &args.pos[1..],
        kw: args.kw,
    };
    let mut b = StrBuilder::with_capacity(rt, t.bytes.len() + 16)?;
    vformat(rt, t.bytes, &fa, &mut Numbering::default(), &mut b, 0)?;
    b.finish_kind(Kind::Str)
}

/// Formats `fmt` with `args` into `out` (public for `string.Formatter`-like
/// uses by the VM).
pub fn format_into(
    rt: &Rt,
    fmt: &[u8],
    pos: &[Value],
    kw: &[Value],
    out: &mut dyn Sink,
) -> PyResult<()> {
    vformat(
        rt,
        fmt,
        &FormatArgs { pos, kw },
        &mut Numbering::default(),
        out,
        0,
    )
}

fn vformat(
    rt: &Rt,
    fmt: &[u8],
    args: &FormatArgs<'_>,
    num: &mut Numbering,
    out: &mut dyn Sink,
    depth: u8,
) -> PyResult<()> {
    if depth > 1 {
        return Err(rt.value_error(format_args!("Max string recursion exceeded")));
    }
    let mut i = 0;
    let mut start = 0;
    while i < fmt.len() {
        match fmt[i] {
            b'}' => {
                out.put(&fmt[start..i])?;
                if fmt.get(i + 1) != Some(&b'}') {
                    return Err(
                        rt.value_error(format_args!("Single '}}' encountered in format string"))
                    );
                }
                out.put(b"}")?;
                i += 2;
                start = i;
            }
            b'{' => {
                out.put(&fmt[start..i])?;
                if fmt.get(i + 1) == Some(&b'{') {
                    out.put(b"{")?;
                    i += 2;
                    start = i;
                    continue;
                }
                if i + 1 >= fmt.len() {
                    return Err(
                        rt.value_error(format_args!("Single '{{' encountered in format string"))
                    );
                }
                // Find the matching brace.
                let mut depth_b = 1;
                let mut j = i + 1;
                let mut in_name = true;
                while j < fmt.len() {
                    match fmt[j] {
                        // Brackets in the field name may hold any character.
                        b'[' if in_name => {
                            while j < fmt.len() && fmt[j] != b']' {
                                j += 1;
                            }
                            if j >= fmt.len() {
                                break;
                            }
                        }
                        b'!' | b':' => in_name = false,
                        b'{' => depth_b += 1,
                        b'}' => {
                            depth_b -= 1;
                            if depth_b == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if j >= fmt.len() {
                    let field = &fmt[i + 1..];
                    return Err(if field.contains(&b'!') {
                        rt.value_error(format_args!("unmatched '{{' in format spec"))
                    } else {
                        rt.value_error(format_args!("expected '}}' before end of string"))
                    });
                }
                field(rt, &fmt[i + 1..j], args, num, out, depth)?;
                i = j + 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.put(&fmt[start..])
}

/// One replacement field (the text between the braces).
fn field(
    rt: &Rt,
    f: &[u8],
    args: &FormatArgs<'_>,
    num: &mut Numbering,
    out: &mut dyn Sink,
    depth: u8,
) -> PyResult<()> {
    // The field name ends at '!' or ':' outside brackets.
    let mut k = 0;
    while k < f.len() {
        match f[k] {
            b'[' => {
                while k < f.len() && f[k] != b']' {
                    k += 1;
                }
                if k >= f.len() {
                    break;
                }
            }
            b'!' | b':' => break,
            _ => {}
        }
        k += 1;
    }
    let name = &f[..k.min(f.len())];
    let mut conv = None;
    let mut spec: &[u8] = b"";
    if k < f.len() {
        let mut s = k;
        if f[s] == b'!' {
            let Some(&c) = f.get(s + 1) else {
                return Err(rt.value_error(format_args!("unmatched '{{' in format spec")));
            };
            conv = Some(c);
            s += 2;
            if s < f.len() && f[s] != b':' {
                return Err(rt.value_error(format_args!("expected ':' after conversion specifier")));
            }
        }
        if s < f.len() {
            spec = &f[s + 1..];
        }
    }
    let value = resolve_field(rt, name, args, num)?;
    // Nested fields in the spec are expanded first.
    let mut nested = None;
    if spec.contains(&b'{') {
        let mut b = StrBuilder::with_capacity(rt, spec.len() + 8)?;
        vformat(rt, spec, args, num, &mut b, depth + 1)?;
        nested = Some(b);
    }
    let spec = nested.as_ref().map_or(spec, |b| b.as_bytes());
    let value = match conv {
        None => value,
        Some(b's') => rt.str(value)?,
        Some(b'r') => {
            if spec.is_empty() {
                return rt.print(value, out, PrintKind::Repr);
            }
            rt.repr(value)?
        }
        Some(b'a') => ascii(rt, value)?,
        Some(_) => {
            let (c, _) = decode_char(&f[k + 1..]);
            return Err(rt.value_error(format_args!("Unknown conversion specifier {c}")));
        }
    };
    format_value(rt, value, spec, out)
}

fn parse_usize(b: &[u8]) -> Option<usize> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    b.iter().try_fold(0usize, |n, &d| {
        n.checked_mul(10)?.checked_add((d - b'0') as usize)
    })
}

fn resolve_field(rt: &Rt, name: &[u8], args: &FormatArgs<'_>, num: &mut Numbering) -> PyResult {
    let first_end = name
        .iter()
        .position(|&c| c == b'.' || c == b'[')
        .unwrap_or(name.len());
    let first = &name[..first_end];
    let mut obj = if first.is_empty() {
        if num.manual {
            return Err(rt.value_error(format_args!(
                "cannot switch from manual field specification to automatic field numbering"
            )));
        }
        num.auto = true;
        let i = num.next;
        num.next += 1;
        positional(rt, args, i)?
    } else if let Some(i) = parse_usize(first) {
        if num.auto {
            return Err(rt.value_error(format_args!(
                "cannot switch from automatic field numbering to manual field specification"
            )));
        }
        num.manual = true;
        positional(rt, args, i)?
    } else if first.iter().all(u8::is_ascii_digit) {
        return Err(rt.value_error(format_args!("Too many decimal digits in format string")));
    } else {
        let found = args
            .kw
            .chunks_exact(2)
            .find(|pair| rt.str_bytes(pair[0]) == Some(first))
            .map(|pair| pair[1]);
        match found {
            Some(v) => v,
            None => {
                return Err(rt.error(&exc::KEY_ERROR, format_args!("{}", Lossy(first))));
            }
        }
    };
    let mut i = first_end;
    while i < name.len() {
        if name[i] == b'.' {
            let s = i + 1;
            let mut e = s;
            while e < name.len() && name[e] != b'.' && name[e] != b'[' {
                e += 1;
            }
            if e == s {
                return Err(rt.value_error(format_args!("Empty attribute in format string")));
            }
            let q = rt.intern(&name[s..e]).map_err(|_| rt.memory_error())?;
            obj = rt.load_attr(obj, q)?;
            i = e;
        } else {
            // '['
            let s = i + 1;
            let Some(len) = name[s..].iter().position(|&c| c == b']') else {
                return Err(rt.value_error(format_args!("Missing ']' in format string")));
            };
            let key = &name[s..s + len];
            if key.is_empty() {
                return Err(rt.value_error(format_args!("Empty attribute in format string")));
            }
            let key = match parse_usize(key) {
                Some(n) => Value::small_int(n as i64).ok_or_else(|| rt.memory_error())?,
                None => new_text(rt, key)?,
            };
            obj = rt.subscr(obj, key, crate::object::SubscrOp::Load)?;
            i = s + len + 1;
            if i < name.len() && name[i] != b'.' && name[i] != b'[' {
                return Err(rt.value_error(format_args!(
                    "Only '.' or '[' may follow ']' in format field specifier"
                )));
            }
        }
    }
    Ok(obj)
}

fn positional(rt: &Rt, args: &FormatArgs<'_>, i: usize) -> PyResult {
    args.pos.get(i).copied().ok_or_else(|| {
        rt.error(
            &exc::INDEX_ERROR,
            format_args!("Replacement index {i} out of range for positional args tuple"),
        )
    })
}

// ----- printf-style % -------------------------------------------------------------------

/// The window of text a `%` conversion can span: the optional `(key)`, then
/// flags, digits and modifiers up to and including the conversion character.
fn percent_window(b: &[u8], start: usize) -> &[u8] {
    let mut j = start;
    if b.get(j) == Some(&b'(') {
        let mut depth = 0;
        while j < b.len() {
            match b[j] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
    }
    while j < b.len()
        && (!(b[j].is_ascii_alphabetic() || b[j] == b'%' || b[j] >= 0x80)
            || matches!(b[j], b'h' | b'l' | b'L'))
    {
        j += 1;
    }
    if j < b.len() {
        j += super::str::utf8_len(b[j]);
    }
    &b[start..j.min(b.len())]
}

/// `fmt % args` for a `str` or `bytes` format.
pub fn percent_format(rt: &Rt, fmt_v: Value, args_v: Value) -> PyResult {
    let Some(t) = text(rt, fmt_v) else {
        return Err(rt.type_error(format_args!("format requires a str")));
    };
    let kind = t.kind;
    let is_bytes = !t.is_str();
    let single = [args_v];
    let (pos, mapping): (&[Value], Option<Value>) =
        if let Some(tuple) = rt.downcast::<Tuple>(args_v) {
            (tuple.items(), None)
        } else if rt.downcast::<Dict>(args_v).is_some() {
            (&single, Some(args_v))
        } else {
            (&single, None)
        };
    let b = t.bytes;
    let mut out = StrBuilder::with_capacity(rt, b.len() + 16)?;
    let mut next = 0;
    let mut i = 0;
    let mut start = 0;
    let mut used_key = false;
    while i < b.len() {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        out.put(&b[start..i])?;
        let window = percent_window(b, i + 1);
        let wstr = as_str(window);
        let mut spec = match percent::parse_percent(wstr) {
            Ok(s) => s,
            Err(e) => return Err(percent_parse_error(rt, e, b, i, is_bytes)),
        };
        i += 1 + spec.len;
        start = i;
        if spec.conv == '%' && spec.len == 1 {
            out.put(b"%")?;
            continue;
        }
        let mut take = |rt: &Rt| -> PyResult<Value> {
            let v = pos.get(next).copied().ok_or_else(|| {
                rt.type_error(format_args!("not enough arguments for format string"))
            })?;
            next += 1;
            Ok(v)
        };
        if spec.width == Count::Star {
            let v = take(rt)?;
            let w = v.as_small_int().ok_or_else(|| star_not_int(rt, v))?;
            spec.set_star_width(w as i64);
        }
        if spec.precision == Count::Star {
            let v = take(rt)?;
            let p = v.as_small_int().ok_or_else(|| star_not_int(rt, v))?;
            spec.set_star_precision(p as i64);
        }
        let value = match spec.key {
            Some((k0, k1)) => {
                let Some(map) = mapping else {
                    return Err(rt.type_error(format_args!("format requires a mapping")));
                };
                used_key = true;
                let key_bytes = &window[k0..k1];
                let key = if is_bytes {
                    super::str::new_str(rt, &super::str::BYTES_TYPE, key_bytes)?
                } else {
                    new_text(rt, key_bytes)?
                };
                rt.subscr(map, key, crate::object::SubscrOp::Load)?
            }
            None => take(rt)?,
        };
        percent_one(rt, &spec, value, is_bytes, &mut out)?;
    }
    out.put(&b[start..])?;
    if mapping.is_none() && next < pos.len() {
        return Err(rt.type_error(format_args!(
            "not all arguments converted during string formatting"
        )));
    }
    let _ = used_key;
    out.finish_kind(kind)
}

fn percent_parse_error(rt: &Rt, e: PercentError, b: &[u8], at: usize, is_bytes: bool) -> Exc {
    match e {
        PercentError::Incomplete => rt.value_error(format_args!("incomplete format")),
        PercentError::IncompleteKey => rt.value_error(format_args!("incomplete format key")),
        PercentError::TooBig => rt.value_error(format_args!("width too big")),
        PercentError::Unsupported { ch, offset } => {
            let pos = at + 1 + offset;
            let index = if is_bytes {
                pos
            } else {
                char_count(&b[..pos.min(b.len())], false)
            };
            rt.value_error(format_args!(
                "unsupported format character '{ch}' (0x{:x}) at index {index}",
                ch as u32
            ))
        }
    }
}

/// Writes bytes padded and truncated per a `%s`-style spec (for `bytes`
/// formats, where the text may not be UTF-8).
fn pad_bytes(spec: &PercentSpec, s: &[u8], out: &mut dyn Sink) -> PyResult<()> {
    let s = match spec.precision {
        Count::Value(p) => &s[..p.min(s.len())],
        _ => s,
    };
    let width = match spec.width {
        Count::Value(w) => w,
        _ => 0,
    };
    let pad = width.saturating_sub(s.len());
    if !spec.left {
        for _ in 0..pad {
            out.put(b" ")?;
        }
    }
    out.put(s)?;
    if spec.left {
        for _ in 0..pad {
            out.put(b" ")?;
        }
    }
    Ok(())
}

fn percent_one(
    rt: &Rt,
    spec: &PercentSpec,
    v: Value,
    is_bytes: bool,
    out: &mut StrBuilder<'_>,
) -> PyResult<()> {
    match spec.conv {
        's' | 'r' | 'a' | 'b' => return percent_text(rt, spec, v, is_bytes, out),
        'c' => return percent_c(rt, spec, v, is_bytes, out),
        'd' | 'i' | 'u' | 'x' | 'X' | 'o'
            if number(v).is_none() && super::num::int_view(rt, v).is_some() =>
        {
            return percent_big(rt, spec, v, out);
        }
        _ => {}
    }
    let mut w = FmtSink::new(out);
    let r = match spec.conv {
        'd' | 'i' | 'u' => match number(v) {
            Some(Number::Int(i)) => percent::percent_int(&mut w, spec, IntArg::Small(i), &mut []),
            Some(Number::Float(float)) => {
                let x = float as f64;
                if x.is_nan() {
                    return Err(rt.value_error(format_args!("cannot convert float NaN to integer")));
                }
                if x.is_infinite() {
                    return Err(rt.error(
                        &exc::OVERFLOW_ERROR,
                        format_args!("cannot convert float infinity to integer"),
                    ));
                }
                if x.abs() < 9.0e18 {
                    // `as` truncates toward zero, as `int(x)` does.
                    percent::percent_int(&mut w, spec, IntArg::Small(x as i64), &mut [])
                } else {
                    // An integral float prints exactly with "%.0f".
                    let mut s = *spec;
                    s.conv = 'f';
                    s.precision = Count::Value(0);
                    s.alt = false;
                    percent_float(&mut w, &s, float)
                }
            }
            None => {
                return Err(rt.type_error(format_args!(
                    "%{} format: a real number is required, not {}",
                    spec.conv,
                    type_name(rt, v)
                )));
            }
        },
        'x' | 'X' | 'o' => match number(v) {
            Some(Number::Int(i)) => percent::percent_int(&mut w, spec, IntArg::Small(i), &mut []),
            _ => {
                return Err(rt.type_error(format_args!(
                    "%{} format: an integer is required, not {}",
                    spec.conv,
                    type_name(rt, v)
                )));
            }
        },
        _ => match number(v) {
            Some(Number::Int(i)) => percent_float(&mut w, spec, i as crate::value::Float),
            Some(Number::Float(x)) => percent_float(&mut w, spec, x),
            None => {
                return Err(rt.type_error(format_args!(
                    "must be real number, not {}",
                    type_name(rt, v)
                )));
            }
        },
    };
    r.map_err(|e| percent_error(rt, e, w))
}

/// The exception for a failed `%` conversion of a number: the sink's, a
/// numeric error, or `ValueError` for a spec the conversion rejects.
fn percent_error(rt: &Rt, e: FormatError, w: W<'_>) -> Exc {
    match e {
        FormatError::Num(NumError::Write) => w.into_error().unwrap_or_else(|| rt.memory_error()),
        FormatError::Num(e) => num_error(rt, e),
        FormatError::Spec(_) => rt.value_error(format_args!("invalid format")),
    }
}

fn percent_text(
    rt: &Rt,
    spec: &PercentSpec,
    v: Value,
    is_bytes: bool,
    out: &mut StrBuilder<'_>,
) -> PyResult<()> {
    if is_bytes {
        let s = if matches!(spec.conv, 's' | 'b') {
            let buffer = || rt.type_of(v).slots.buffer.and_then(|f| f(rt, v));
            match bytes_like(rt, v) {
                Some(t) => t.bytes,
                // Other buffers (`memoryview`, `array`).
                // SAFETY: a buffer view is valid while its object is alive
                // and unchanged; `v` is an argument of this call and no
                // Python code runs before the bytes are copied out.
                None if let Some(b) = buffer() => unsafe {
                    core::slice::from_raw_parts(b.ptr.as_ptr(), b.len)
                },
                None => {
                    return Err(rt.type_error(format_args!(
                        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                        type_name(rt, v)
                    )));
                }
            }
        } else {
            let a = ascii(rt, v)?;
            return pad_bytes(spec, rt.str_bytes(a).unwrap_or(b""), out);
        };
        return pad_bytes(spec, s, out);
    }
    let s = match spec.conv {
        's' => rt.str(v)?,
        'r' => rt.repr(v)?,
        'a' => ascii(rt, v)?,
        _ => {
            return Err(rt.value_error(format_args!("unsupported format character 'b' (0x62)")));
        }
    };
    let bytes = rt.str_bytes(s).unwrap_or(b"");
    let mut w = FmtSink::new(out);
    percent::percent_str(&mut w, spec, as_str(bytes)).map_err(|e| match e {
        FormatError::Num(NumError::Write) => w.into_error().unwrap_or_else(|| rt.memory_error()),
        _ => rt.memory_error(),
    })
}

fn percent_c(
    rt: &Rt,
    spec: &PercentSpec,
    v: Value,
    is_bytes: bool,
    out: &mut StrBuilder<'_>,
) -> PyResult<()> {
    if is_bytes {
        let byte = if let Some(Number::Int(i)) = number(v).filter(|_| !v.is_float()) {
            u8::try_from(i).map_err(|_| {
                rt.error(
                    &exc::OVERFLOW_ERROR,
                    format_args!("%c arg not in range(256)"),
                )
            })?
        } else {
            match bytes_like(rt, v) {
                Some(t) if t.bytes.len() == 1 => t.bytes[0],
                _ => {
                    return Err(rt.type_error(format_args!(
                        "%c requires an integer in range(256) or a single byte"
                    )));
                }
            }
        };
        return pad_bytes(spec, &[byte], out);
    }
    let c = if let Some(Number::Int(i)) = number(v).filter(|_| !v.is_float()) {
        percent::char_from_int(IntArg::Small(i)).map_err(|e| num_error(rt, e))?
    } else {
        match str_text(rt, v) {
            Some(t) if t.len() == 1 => decode_char(t.bytes).0,
            _ => return Err(rt.type_error(format_args!("%c requires int or char"))),
        }
    };
    let mut w = FmtSink::new(out);
    percent::percent_char(&mut w, spec, c).map_err(|e| match e {
        FormatError::Num(NumError::Write) => w.into_error().unwrap_or_else(|| rt.memory_error()),
        FormatError::Num(e) => num_error(rt, e),
        FormatError::Spec(_) => rt.memory_error(),
    })
}

/// `%d`/`%x`/`%o` of a big int, with a scratch buffer from the heap.
fn percent_big(rt: &Rt, spec: &PercentSpec, v: Value, out: &mut StrBuilder<'_>) -> PyResult<()> {
    use pyrite_num::bigint::Limb;
    let Some(super::num::IntView::Big(b, ..)) = super::num::int_view(rt, v) else {
        return Ok(());
    };
    let n = fmtspec::int::format_int_scratch_len(IntArg::Big(b));
    let bytes = n
        .checked_mul(size_of::<Limb>())
        .ok_or_else(|| rt.memory_error())?;
    let scratch = rt.alloc(bytes.max(1), pyrite_gc::AllocFlags::NO_SCAN)?;
    // SAFETY: a fresh, zeroed, block-aligned allocation of `n` limbs that
    // nothing else refers to; freed below after its last use.
    let limbs = unsafe { core::slice::from_raw_parts_mut(scratch.as_ptr().cast::<Limb>(), n) };
    let mut w = FmtSink::new(out);
    let r = percent::percent_int(&mut w, spec, IntArg::Big(b), limbs);
    let r = r.map_err(|e| percent_error(rt, e, w));
    rt.heap().free(scratch);
    r
}

/// A `*` width or precision that is not a small int: `TypeError`, or
/// `OverflowError` for a big int (as MicroPython).
#[cold]
fn star_not_int(rt: &Rt, v: Value) -> Exc {
    #[cfg(feature = "bigint")]
    if super::num::int_view(rt, v).is_some() {
        return super::num::word_overflow(rt);
    }
    let _ = v;
    rt.type_error(format_args!("* wants int"))
}
