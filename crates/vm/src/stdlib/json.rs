//! `json` (`ujson`): `dumps`/`dump` and `loads`/`load`.
//!
//! Output follows CPython's defaults (`", "` and `": "` separators, the
//! `separators` argument to change them, `indent` for one item a line
//! (then `","` between items), non-str keys of the JSON types
//! converted to strings, `Infinity`/`NaN` for non-finite floats) except
//! that non-ASCII text is written as UTF-8 rather than `\uXXXX` escapes,
//! as MicroPython does. Input is standard JSON plus `NaN`, `Infinity` and
//! `-Infinity`; malformed input raises `ValueError`.

use alloc::vec::Vec;

use pyrite_obj::object::PrintKind;
use pyrite_obj::types::dict::{Dict, new_dict};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::num;
use pyrite_obj::types::str::{STR_TYPE, StrBuilder, bytes_like, str_text};
use pyrite_obj::types::tuple::Tuple;
use pyrite_obj::value::{Decoded, Immediate};
use pyrite_obj::{Args, Exc, Float, PyResult, Rt, Sink, Value, q};

use super::{kw_arg, set_fns, type_name};
use crate::vm::Vm;

/// How deep containers may nest (each level costs machine stack).
const MAX_DEPTH: usize = if cfg!(target_pointer_width = "64") {
    200
} else {
    32
};

// ----- encoding ---------------------------------------------------------------------

struct Encoder<'a> {
    rt: &'a Rt,
    item_sep: &'a [u8],
    key_sep: &'a [u8],
    /// `indent`: each item on its own line, indented by this per level.
    indent: Option<&'a [u8]>,
    /// The containers being written (to detect cycles); they are reachable
    /// from the object being encoded, which the caller holds.
    stack: Vec<Value>,
}

fn write_string(out: &mut dyn Sink, bytes: &[u8]) -> PyResult<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.put(b"\"")?;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..0x20 => b"",
            _ => continue,
        };
        out.put(&bytes[start..i])?;
        if esc.is_empty() {
            out.put(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 15) as usize],
            ])?;
        } else {
            out.put(esc)?;
        }
        start = i + 1;
    }
    out.put(&bytes[start..])?;
    out.put(b"\"")
}

/// A float as JSON (CPython's spellings for the non-finite values).
fn write_float(rt: &Rt, out: &mut dyn Sink, v: Value, x: Float) -> PyResult<()> {
    if x.is_nan() {
        out.put(b"NaN")
    } else if x.is_infinite() {
        out.put(if x > 0.0 { b"Infinity" } else { b"-Infinity" })
    } else {
        rt.print(v, out, PrintKind::Repr)
    }
}

impl Encoder<'_> {
    fn enter(&mut self, v: Value) -> PyResult<()> {
        if self.stack.contains(&v) {
            return Err(self
                .rt
                .value_error(format_args!("Circular reference detected")));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.rt.error(
                &exc::RECURSION_ERROR,
                format_args!("maximum recursion depth exceeded while encoding a JSON object"),
            ));
        }
        self.stack.push(v);
        Ok(())
    }

    /// With `indent`, a line break and the indentation of the current
    /// nesting level (`depth` levels of the containers being written).
    fn newline(&self, out: &mut dyn Sink, depth: usize) -> PyResult<()> {
        if let Some(ind) = self.indent {
            out.put(b"\n")?;
            for _ in 0..depth {
                out.put(ind)?;
            }
        }
        Ok(())
    }

    fn encode(&mut self, v: Value, out: &mut dyn Sink) -> PyResult<()> {
        let rt = self.rt;
        match v.decode() {
            Decoded::Immediate(Immediate::None) => return out.put(b"null"),
            Decoded::Immediate(Immediate::True) => return out.put(b"true"),
            Decoded::Immediate(Immediate::False) => return out.put(b"false"),
            Decoded::SmallInt(_) => return rt.print(v, out, PrintKind::Repr),
            Decoded::Float(x) => return write_float(rt, out, v, x),
            _ => {}
        }
        if let Some(t) = str_text(rt, v) {
            return write_string(out, t.bytes);
        }
        if num::int_view(rt, v).is_some() {
            return rt.print(v, out, PrintKind::Repr);
        }
        if let Some(d) = rt.downcast::<Dict>(v) {
            self.enter(v)?;
            out.put(b"{")?;
            let map = d.map();
            let mut first = true;
            let mut i = 0;
            while i < map.slots() {
                if let Some((k, val)) = map.entry_at(i) {
                    if !first {
                        out.put(self.item_sep)?;
                    }
                    first = false;
                    self.newline(out, self.stack.len())?;
                    self.encode_key(k, out)?;
                    out.put(self.key_sep)?;
                    self.encode(val, out)?;
                }
                i += 1;
            }
            self.stack.pop();
            if !first {
                self.newline(out, self.stack.len())?;
            }
            return out.put(b"}");
        }
        let items: Option<Vec<Value>> = if let Some(l) = rt.downcast::<List>(v) {
            Some((0..l.len()).filter_map(|i| l.get(i)).collect())
        } else {
            rt.downcast::<Tuple>(v).map(|t| t.items().to_vec())
        };
        if let Some(items) = items {
            self.enter(v)?;
            out.put(b"[")?;
            for (i, &item) in items.iter().enumerate() {
                if i > 0 {
                    out.put(self.item_sep)?;
                }
                self.newline(out, self.stack.len())?;
                self.encode(item, out)?;
            }
            self.stack.pop();
            if !items.is_empty() {
                self.newline(out, self.stack.len())?;
            }
            return out.put(b"]");
        }
        Err(rt.type_error(format_args!(
            "Object of type {} is not JSON serializable",
            type_name(rt, v)
        )))
    }

    /// A dict key: strings as they are; numbers, booleans and `None` as
    /// their JSON text in quotes.
    fn encode_key(&mut self, k: Value, out: &mut dyn Sink) -> PyResult<()> {
        let rt = self.rt;
        if let Some(t) = str_text(rt, k) {
            return write_string(out, t.bytes);
        }
        let is_scalar = matches!(
            k.decode(),
            Decoded::SmallInt(_) | Decoded::Float(_) | Decoded::Immediate(_)
        ) || num::int_view(rt, k).is_some();
        if !is_scalar || k == Value::ELLIPSIS {
            return Err(rt.type_error(format_args!(
                "keys must be str, int, float, bool or None, not {}",
                type_name(rt, k)
            )));
        }
        let mut text = StrBuilder::with_capacity(rt, 16)?;
        self.encode(k, &mut text)?;
        let s = text.finish(&STR_TYPE)?;
        write_string(out, rt.str_bytes(s).unwrap_or(b""))
    }
}

/// `dumps(obj, separators=None, indent=None)` into a new str.
fn dumps_impl(rt: &Rt, obj: Value, separators: Option<Value>, indent: Option<Value>) -> PyResult {
    // `indent`: a number of spaces or a string.
    let spaces;
    let indent: Option<&[u8]> = match indent.filter(|i| !i.is_none()) {
        None => None,
        Some(i) => match (i.as_small_int(), str_text(rt, i)) {
            (Some(n), _) => {
                spaces = alloc::vec![b' '; n.clamp(0, 1 << 16) as usize];
                Some(&spaces[..])
            }
            (None, Some(t)) => Some(t.bytes),
            _ => return Err(rt.type_error(format_args!("indent must be an int or a str"))),
        },
    };
    let item_default: &[u8] = if indent.is_some() { b"," } else { b", " };
    let (mut item_sep, mut key_sep): (&[u8], &[u8]) = (item_default, b": ");
    if let Some(s) = separators.filter(|s| !s.is_none()) {
        let parts: Vec<Value> = match (rt.downcast::<Tuple>(s), rt.downcast::<List>(s)) {
            (Some(t), _) => t.items().to_vec(),
            (None, Some(l)) => (0..l.len()).filter_map(|i| l.get(i)).collect(),
            _ => Vec::new(),
        };
        let texts: Vec<&[u8]> = parts
            .iter()
            .filter_map(|&p| str_text(rt, p).map(|t| t.bytes))
            .collect();
        if texts.len() != 2 || parts.len() != 2 {
            return Err(rt.value_error(format_args!("separators must be a pair of strings")));
        }
        item_sep = texts[0];
        key_sep = texts[1];
    }
    let mut enc = Encoder {
        rt,
        item_sep,
        key_sep,
        indent,
        stack: Vec::new(),
    };
    let mut out = StrBuilder::with_capacity(rt, 32)?;
    enc.encode(obj, &mut out)?;
    out.finish(&STR_TYPE)
}

fn j_dumps(rt: &Rt, args: Args<'_>) -> PyResult {
    if args.pos.is_empty() || args.pos.len() > 2 {
        return Err(rt.type_error(format_args!(
            "dumps() takes from 1 to 2 positional arguments but {} were given",
            args.pos.len()
        )));
    }
    let mut seps = args.pos.get(1).copied();
    let allowed = [q::separators, q::indent];
    if let Some(s) = kw_arg(rt, "dumps", &args, &allowed, q::separators)? {
        seps = Some(s);
    }
    let indent = kw_arg(rt, "dumps", &args, &allowed, q::indent)?;
    dumps_impl(rt, args.pos[0], seps, indent)
}

fn j_dump(rt: &Rt, args: Args<'_>) -> PyResult {
    if args.pos.len() < 2 || args.pos.len() > 3 {
        return Err(rt.type_error(format_args!(
            "dump() takes from 2 to 3 positional arguments but {} were given",
            args.pos.len()
        )));
    }
    let mut seps = args.pos.get(2).copied();
    let allowed = [q::separators, q::indent];
    if let Some(s) = kw_arg(rt, "dump", &args, &allowed, q::separators)? {
        seps = Some(s);
    }
    let indent = kw_arg(rt, "dump", &args, &allowed, q::indent)?;
    let s = dumps_impl(rt, args.pos[0], seps, indent)?;
    let write = rt.load_attr(args.pos[1], q::write)?;
    rt.call_positional(write, &[s])?;
    Ok(Value::NONE)
}

// ----- decoding -----------------------------------------------------------------------

struct Parser<'a> {
    rt: &'a Rt,
    s: &'a [u8],
    i: usize,
    depth: usize,
}

fn syntax_error(rt: &Rt) -> Exc {
    rt.value_error(format_args!("syntax error in JSON"))
}

impl Parser<'_> {
    fn err(&self) -> Exc {
        syntax_error(self.rt)
    }

    fn skip_ws(&mut self) {
        while self
            .s
            .get(self.i)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, word: &[u8]) -> bool {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> PyResult {
        self.skip_ws();
        let rt = self.rt;
        match self.peek() {
            None => Err(self.err()),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let bytes = self.string()?;
                super::new_str(rt, &bytes)
            }
            Some(b't') if self.eat(b"true") => Ok(Value::TRUE),
            Some(b'f') if self.eat(b"false") => Ok(Value::FALSE),
            Some(b'n') if self.eat(b"null") => Ok(Value::NONE),
            Some(b'N') if self.eat(b"NaN") => Ok(Value::float(Float::NAN)),
            Some(b'I') if self.eat(b"Infinity") => Ok(Value::float(Float::INFINITY)),
            Some(b'-') if self.s[self.i..].starts_with(b"-Infinity") => {
                self.i += 9;
                Ok(Value::float(Float::NEG_INFINITY))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err()),
        }
    }

    fn nest(&mut self) -> PyResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.rt.error(
                &exc::RECURSION_ERROR,
                format_args!("maximum recursion depth exceeded while decoding a JSON document"),
            ));
        }
        self.i += 1;
        Ok(())
    }

    fn object(&mut self) -> PyResult {
        let rt = self.rt;
        self.nest()?;
        let d = new_dict(rt)?;
        let dict = rt.downcast::<Dict>(d).ok_or_else(|| rt.memory_error())?;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(d);
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err());
            }
            let key = self.string()?;
            let key = super::new_str(rt, &key)?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.err());
            }
            self.i += 1;
            let v = self.value()?;
            dict.map().insert(rt, key, v)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(d);
                }
                _ => return Err(self.err()),
            }
        }
    }

    fn array(&mut self) -> PyResult {
        let rt = self.rt;
        self.nest()?;
        let l = new_list(rt, &[])?;
        let list = rt.downcast::<List>(l).ok_or_else(|| rt.memory_error())?;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(l);
        }
        loop {
            let v = self.value()?;
            list.push(rt, v)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(l);
                }
                _ => return Err(self.err()),
            }
        }
    }

    fn hex4(&mut self) -> PyResult<u32> {
        let digits = self.s.get(self.i..self.i + 4).ok_or_else(|| self.err())?;
        let mut n = 0;
        for &c in digits {
            let d = (c as char).to_digit(16).ok_or_else(|| self.err())?;
            n = n * 16 + d;
        }
        self.i += 4;
        Ok(n)
    }

    /// A string's contents (the position is at its opening quote).
    fn string(&mut self) -> PyResult<Vec<u8>> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err());
            };
            self.i += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.err());
                    };
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut cp = self.hex4()?;
                            // A surrogate pair spells one character.
                            if (0xd800..0xdc00).contains(&cp)
                                && self.s[self.i..].starts_with(b"\\u")
                            {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xdc00..0xe000).contains(&lo) {
                                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                                } else {
                                    self.i = save;
                                }
                            }
                            char::from_u32(cp).unwrap_or('\u{fffd}')
                        }
                        _ => return Err(self.err()),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(c),
            }
        }
    }

    fn number(&mut self) -> PyResult {
        let rt = self.rt;
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            p.i > s
        };
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        if !digits(self) {
            return Err(self.err());
        }
        if self.s[int_start] == b'0' && self.i - int_start > 1 {
            return Err(self.err());
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.err());
            }
            is_float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err());
            }
            is_float = true;
        }
        let text = core::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.err())?;
        if is_float {
            // pyrite-num's parsers, not `str::parse` (whose tables would
            // cost the boards 13 KB of flash for this one caller).
            #[cfg(target_pointer_width = "64")]
            let x = pyrite_num::float::parse_f64(text);
            #[cfg(target_pointer_width = "32")]
            let x = pyrite_num::float::parse_f32(text);
            let x = x.map_err(|_| self.err())?;
            return Ok(Value::float(x as Float));
        }
        if let Ok(i) = text.parse::<i64>() {
            return super::int_value(rt, i);
        }
        let magnitude = num::parse_int_literal(rt, &self.s[int_start..self.i])?;
        if self.s[start] == b'-' {
            rt.unary_op(pyrite_obj::UnaryOp::Negative, magnitude)
        } else {
            Ok(magnitude)
        }
    }
}

fn j_loads(rt: &Rt, s: Value) -> PyResult {
    let Some(text) = str_text(rt, s).or_else(|| bytes_like(rt, s)) else {
        return Err(rt.type_error(format_args!(
            "the JSON object must be str, bytes or bytearray, not {}",
            type_name(rt, s)
        )));
    };
    // Parsing runs no Python code, so the text cannot change meanwhile.
    let mut p = Parser {
        rt,
        s: text.bytes,
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.skip_ws();
    if p.i != p.s.len() {
        return Err(syntax_error(rt));
    }
    Ok(v)
}

fn j_load(rt: &Rt, stream: Value) -> PyResult {
    let read = rt.load_attr(stream, q::read)?;
    let s = rt.call_positional(read, &[])?;
    j_loads(rt, s)
}

static DUMPS: BuiltinFn = BuiltinFn::new(q::dumps, NativeFn::Kw { min: 0, f: j_dumps });
static DUMP: BuiltinFn = BuiltinFn::new(q::dump, NativeFn::Kw { min: 0, f: j_dump });
static LOADS: BuiltinFn = BuiltinFn::new(q::loads, NativeFn::F1(j_loads));
static LOAD: BuiltinFn = BuiltinFn::new(q::load, NativeFn::F1(j_load));

/// Fills the `json` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    set_fns(vm.rt(), dict, &[&DUMPS, &DUMP, &LOADS, &LOAD])
}
