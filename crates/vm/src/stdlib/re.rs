//! `re` (`ure`): regular expressions, the Python side of the engine in
//! `regex.rs`.
//!
//! The module has `compile`, `match`, `search`, `sub` and `split`; a
//! compiled pattern (type `re`) has `match`, `search`, `sub` and `split`;
//! a match object (type `match`, printed `<match num=N>` as in
//! MicroPython) has `group`, `groups`, `start`, `end` and `span`. Flags
//! are accepted and ignored, as in MicroPython. Empty matches in `sub` and
//! `split` and captured groups in `split` follow CPython.

use alloc::vec::Vec;
use core::fmt::Write;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use pyrite_obj::sink::FmtSink;
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::str::{BYTES_TYPE, Kind, STR_TYPE, Text, bytes_like, new_str, str_text};
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Sink, Value, q, rom_method};

use super::{int_value, set_fns, to_i64, type_name};
use crate::load::obj_value;
use crate::regex::{self, CompileError, MatchError, Matcher, UNSET};
use crate::vm::Vm;

/// A compiled pattern: the engine's program in a no-scan heap block.
#[repr(C)]
struct RegexObj {
    header: ObjHeader,
    code: *const u32,
    len: usize,
}

// SAFETY: `#[repr(C)]` with the header first; `REGEX_TYPE` owns it.
unsafe impl Object for RegexObj {
    const TYPE: &'static Type = &REGEX_TYPE;
}

impl RegexObj {
    fn prog(&self) -> &[u32] {
        // SAFETY: `code` holds `len` words written at compile time and is
        // kept alive by this object, which the caller holds.
        unsafe { core::slice::from_raw_parts(self.code, self.len) }
    }
}

/// A match: the subject and the groups' byte positions (a no-scan block
/// of `2 * groups` words, `UNSET` for a group that did not take part).
#[repr(C)]
struct MatchObj {
    header: ObjHeader,
    subject: Value,
    spans: *const usize,
    groups: usize,
}

// SAFETY: `#[repr(C)]` with the header first; `MATCH_TYPE` owns it.
unsafe impl Object for MatchObj {
    const TYPE: &'static Type = &MATCH_TYPE;
}

impl MatchObj {
    fn spans(&self) -> &[usize] {
        // SAFETY: `spans` holds `2 * groups` words, kept alive by this object.
        unsafe { core::slice::from_raw_parts(self.spans, 2 * self.groups) }
    }
}

/// The text of a `str`, `bytes` or `bytearray` argument.
fn text_arg(rt: &Rt, v: Value) -> PyResult<Text<'_>> {
    str_text(rt, v)
        .or_else(|| bytes_like(rt, v))
        .ok_or_else(|| {
            rt.type_error(format_args!(
                "expected string or bytes-like object, got '{}'",
                type_name(rt, v)
            ))
        })
}

fn match_error(rt: &Rt, e: MatchError) -> Exc {
    match e {
        MatchError::TooDeep => rt.error(
            &exc::RUNTIME_ERROR,
            format_args!("maximum recursion depth exceeded"),
        ),
        MatchError::NoMemory => rt.memory_error(),
    }
}

/// Copies `words` into a fresh no-scan heap block.
fn heap_copy<T: Copy>(rt: &Rt, words: &[T]) -> PyResult<*const T> {
    let bytes = core::mem::size_of_val(words).max(1);
    let p = rt.alloc(bytes, AllocFlags::NO_SCAN)?.cast::<T>();
    // SAFETY: a fresh block of `bytes` bytes, which holds `words`.
    unsafe { core::ptr::copy_nonoverlapping(words.as_ptr(), p.as_ptr(), words.len()) };
    Ok(p.as_ptr())
}

/// `pattern` compiled (or itself, when already compiled).
fn compiled(rt: &Rt, pattern: Value) -> PyResult {
    if rt.downcast::<RegexObj>(pattern).is_some() {
        return Ok(pattern);
    }
    let text = text_arg(rt, pattern)?;
    let prog = regex::compile(text.bytes, text.is_str()).map_err(|e| match e {
        CompileError::NoMemory => rt.memory_error(),
        CompileError::Syntax | CompileError::TooComplex => {
            rt.value_error(format_args!("error in regex"))
        }
    })?;
    let code = heap_copy(rt, &prog)?;
    let p = rt
        .alloc(size_of::<RegexObj>(), AllocFlags::NONE)?
        .cast::<RegexObj>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(RegexObj {
            header: ObjHeader::new(&REGEX_TYPE),
            code,
            len: prog.len(),
        })
    };
    Ok(obj_value(p))
}

fn regex_of(rt: &Rt, v: Value) -> PyResult<&RegexObj> {
    rt.downcast::<RegexObj>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 're' object")))
}

/// The arguments of a call by position or keyword, in the order of
/// `names`; the first `required` must be given.
fn params<const N: usize>(
    rt: &Rt,
    func: &str,
    pos: &[Value],
    args: &Args<'_>,
    names: [Qstr; N],
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    let mut out = [None; N];
    fill_params(rt, func, pos, args, &names, required, &mut out)?;
    Ok(out)
}

/// The body of [`params`], once for every arity.
#[inline(never)]
fn fill_params(
    rt: &Rt,
    func: &str,
    pos: &[Value],
    args: &Args<'_>,
    names: &[Qstr],
    required: usize,
    out: &mut [Option<Value>],
) -> PyResult<()> {
    if pos.len() > names.len() {
        return Err(rt.type_error(format_args!(
            "{func}() takes at most {} arguments ({} given)",
            names.len(),
            pos.len()
        )));
    }
    for (slot, &v) in out.iter_mut().zip(pos) {
        *slot = Some(v);
    }
    for (k, v) in args.kw_pairs() {
        let i = k
            .as_qstr()
            .and_then(|kq| names.iter().position(|&n| n == kq))
            .ok_or_else(|| {
                rt.type_error(format_args!("{func}() got an unexpected keyword argument"))
            })?;
        if out[i].replace(v).is_some() {
            return Err(rt.type_error(format_args!(
                "{func}() got multiple values for argument '{}'",
                rt.qstr_display(names[i])
            )));
        }
    }
    if out[..required].iter().any(Option::is_none) {
        return Err(rt.type_error(format_args!("{func}() missing required argument")));
    }
    Ok(())
}

/// An optional integer argument (default 0).
fn int_or_zero(rt: &Rt, v: Option<Value>) -> PyResult<i64> {
    v.map_or(Ok(0), |v| to_i64(rt, v))
}

/// A new `str` or `bytes` (by `kind`) of `bytes`.
fn text_value(rt: &Rt, kind: Kind, bytes: &[u8]) -> PyResult {
    let ty = if kind == Kind::Str {
        &STR_TYPE
    } else {
        &BYTES_TYPE
    };
    new_str(rt, ty, bytes)
}

/// A match object for the positions the matcher holds.
fn new_match(rt: &Rt, subject: Value, groups: usize, slots: &[usize]) -> PyResult {
    let spans = heap_copy(rt, &slots[..2 * groups])?;
    let p = rt
        .alloc(size_of::<MatchObj>(), AllocFlags::NONE)?
        .cast::<MatchObj>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(MatchObj {
            header: ObjHeader::new(&MATCH_TYPE),
            subject,
            spans,
            groups,
        })
    };
    Ok(obj_value(p))
}

/// `match`/`search` of a compiled pattern on `subject`.
fn exec(rt: &Rt, regex: Value, subject: Value, anchored: bool) -> PyResult {
    let prog = regex_of(rt, regex)?.prog();
    let text = text_arg(rt, subject)?;
    let mut m = Matcher::new();
    if !m
        .search(prog, text.bytes, text.is_str(), 0, anchored)
        .map_err(|e| match_error(rt, e))?
    {
        return Ok(Value::NONE);
    }
    new_match(rt, subject, regex::group_count(prog), &m.slots)
}

/// Appends the expansion of a `sub` template: `\1`..`\99` and `\g<n>` are
/// groups (empty when unmatched), `\n \t \r \\` the usual characters;
/// another escape stays as written.
fn expand(
    rt: &Rt,
    tmpl: &[u8],
    subject: &[u8],
    slots: &[usize],
    groups: usize,
    out: &mut Vec<u8>,
) -> PyResult<()> {
    let mut i = 0;
    while i < tmpl.len() {
        let c = tmpl[i];
        i += 1;
        if c != b'\\' || i == tmpl.len() {
            append(rt, out, &[c])?;
            continue;
        }
        let e = tmpl[i];
        i += 1;
        let group = match e {
            b'0'..=b'9' => {
                let mut n = usize::from(e - b'0');
                if let Some(d @ b'0'..=b'9') = tmpl.get(i) {
                    n = n * 10 + usize::from(d - b'0');
                    i += 1;
                }
                n
            }
            b'g' if tmpl.get(i) == Some(&b'<') => {
                let close = tmpl[i..].iter().position(|&b| b == b'>');
                let digits = close.map(|end| &tmpl[i + 1..i + end]);
                let n = digits
                    .filter(|d| !d.is_empty() && d.iter().all(u8::is_ascii_digit))
                    .map(|d| {
                        d.iter().fold(0usize, |n, &b| {
                            n.saturating_mul(10).saturating_add(usize::from(b - b'0'))
                        })
                    })
                    .ok_or_else(|| rt.error(&exc::INDEX_ERROR, format_args!("bad group name")))?;
                i += close.unwrap_or(0) + 1;
                n
            }
            _ => {
                let escaped: &[u8] = match e {
                    b'n' => b"\n",
                    b't' => b"\t",
                    b'r' => b"\r",
                    b'\\' => b"\\",
                    _ => &[b'\\', e],
                };
                append(rt, out, escaped)?;
                continue;
            }
        };
        if group >= groups {
            return Err(no_such_group(rt));
        }
        let (a, b) = (slots[2 * group], slots[2 * group + 1]);
        if a != UNSET && b != UNSET {
            append(rt, out, subject.get(a..b).unwrap_or(&[]))?;
        }
    }
    Ok(())
}

/// `out += bytes`, or `MemoryError`.
fn append(rt: &Rt, out: &mut Vec<u8>, bytes: &[u8]) -> PyResult<()> {
    out.try_reserve(bytes.len())
        .map_err(|_| rt.memory_error())?;
    out.extend_from_slice(bytes);
    Ok(())
}

fn no_such_group(rt: &Rt) -> Exc {
    rt.error(&exc::INDEX_ERROR, format_args!("no such group"))
}

/// The next search position after a match `[start, end)`: an empty match
/// moves on one character, so that the next one is elsewhere.
fn next_pos(s: &[u8], start: usize, end: usize, unicode: bool) -> Option<usize> {
    if end > start {
        Some(end)
    } else if end >= s.len() {
        None
    } else {
        Some(end + regex::char_len(s, end, unicode))
    }
}

/// `sub` of a compiled pattern: `repl` is a template string or a function
/// of the match object.
fn do_sub(rt: &Rt, regex: Value, repl: Value, subject: Value, count: i64) -> PyResult {
    let prog = regex_of(rt, regex)?.prog();
    let groups = regex::group_count(prog);
    let text = text_arg(rt, subject)?;
    let (kind, unicode) = (text.kind, text.is_str());
    // A copy: a function repl could resize a `bytearray` subject.
    let mut s = Vec::new();
    append(rt, &mut s, text.bytes)?;
    let template = str_text(rt, repl).or_else(|| bytes_like(rt, repl));
    if template.is_none() && !crate::builtins::is_callable(rt, repl)? {
        return Err(rt.type_error(format_args!("repl must be str or callable")));
    }
    let mut out = Vec::new();
    let mut m = Matcher::new();
    let (mut pos, mut copied, mut done) = (0, 0, 0i64);
    while count <= 0 || done < count {
        if !m
            .search(prog, &s, unicode, pos, false)
            .map_err(|e| match_error(rt, e))?
        {
            break;
        }
        let (start, end) = (m.slots[0], m.slots[1]);
        append(rt, &mut out, &s[copied..start])?;
        match &template {
            Some(t) => expand(rt, t.bytes, &s, &m.slots, groups, &mut out)?,
            None => {
                let mv = new_match(rt, subject, groups, &m.slots)?;
                let r = rt.call_positional(repl, &[mv])?;
                let rt_text = str_text(rt, r)
                    .or_else(|| bytes_like(rt, r))
                    .ok_or_else(|| {
                        rt.type_error(format_args!(
                            "can't convert '{}' object to str implicitly",
                            type_name(rt, r)
                        ))
                    })?;
                append(rt, &mut out, rt_text.bytes)?;
            }
        }
        copied = end;
        done += 1;
        match next_pos(&s, start, end, unicode) {
            Some(p) => pos = p,
            None => break,
        }
    }
    append(rt, &mut out, &s[copied..])?;
    text_value(rt, kind, &out)
}

/// `split` of a compiled pattern: the pieces between matches, each
/// followed by the match's groups (`None` when unmatched).
fn do_split(rt: &Rt, regex: Value, subject: Value, maxsplit: i64) -> PyResult {
    let prog = regex_of(rt, regex)?.prog();
    let groups = regex::group_count(prog);
    let text = text_arg(rt, subject)?;
    let (kind, unicode, s) = (text.kind, text.is_str(), text.bytes);
    let list = new_list(rt, &[])?;
    let pieces = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    let mut m = Matcher::new();
    let (mut pos, mut copied, mut done) = (0, 0, 0i64);
    while maxsplit <= 0 || done < maxsplit {
        if !m
            .search(prog, s, unicode, pos, false)
            .map_err(|e| match_error(rt, e))?
        {
            break;
        }
        let (start, end) = (m.slots[0], m.slots[1]);
        pieces.push(rt, text_value(rt, kind, &s[copied..start])?)?;
        for g in 1..groups {
            let (a, b) = (m.slots[2 * g], m.slots[2 * g + 1]);
            let v = if a == UNSET || b == UNSET {
                Value::NONE
            } else {
                text_value(rt, kind, &s[a..b])?
            };
            pieces.push(rt, v)?;
        }
        copied = end;
        done += 1;
        match next_pos(s, start, end, unicode) {
            Some(p) => pos = p,
            None => break,
        }
    }
    pieces.push(rt, text_value(rt, kind, &s[copied..])?)?;
    Ok(list)
}

// ----- the module's functions ---------------------------------------------

/// `re.compile(pattern, flags=0)`.
fn re_compile(rt: &Rt, args: Args<'_>) -> PyResult {
    let [pattern, flags] = params(rt, "compile", args.pos, &args, [q::pattern, q::flags], 1)?;
    int_or_zero(rt, flags)?;
    compiled(rt, pattern.unwrap_or(Value::NONE))
}

/// `re.match`/`re.search(pattern, string, flags=0)`.
fn module_exec(rt: &Rt, args: &Args<'_>, func: &str, anchored: bool) -> PyResult {
    let [pattern, string, flags] = params(
        rt,
        func,
        args.pos,
        args,
        [q::pattern, q::string, q::flags],
        2,
    )?;
    int_or_zero(rt, flags)?;
    let regex = compiled(rt, pattern.unwrap_or(Value::NONE))?;
    exec(rt, regex, string.unwrap_or(Value::NONE), anchored)
}

fn re_match(rt: &Rt, args: Args<'_>) -> PyResult {
    module_exec(rt, &args, "match", true)
}

fn re_search(rt: &Rt, args: Args<'_>) -> PyResult {
    module_exec(rt, &args, "search", false)
}

/// `re.sub(pattern, repl, string, count=0, flags=0)`.
fn re_sub(rt: &Rt, args: Args<'_>) -> PyResult {
    let [pattern, repl, string, count, flags] = params(
        rt,
        "sub",
        args.pos,
        &args,
        [q::pattern, q::repl, q::string, q::count, q::flags],
        3,
    )?;
    int_or_zero(rt, flags)?;
    let count = int_or_zero(rt, count)?;
    let regex = compiled(rt, pattern.unwrap_or(Value::NONE))?;
    do_sub(
        rt,
        regex,
        repl.unwrap_or(Value::NONE),
        string.unwrap_or(Value::NONE),
        count,
    )
}

/// `re.split(pattern, string, maxsplit=0, flags=0)`.
fn re_split(rt: &Rt, args: Args<'_>) -> PyResult {
    let [pattern, string, maxsplit, flags] = params(
        rt,
        "split",
        args.pos,
        &args,
        [q::pattern, q::string, q::maxsplit, q::flags],
        2,
    )?;
    int_or_zero(rt, flags)?;
    let maxsplit = int_or_zero(rt, maxsplit)?;
    let regex = compiled(rt, pattern.unwrap_or(Value::NONE))?;
    do_split(rt, regex, string.unwrap_or(Value::NONE), maxsplit)
}

// ----- compiled patterns ----------------------------------------------------

fn regex_match(rt: &Rt, this: Value, string: Value) -> PyResult {
    exec(rt, this, string, true)
}

fn regex_search(rt: &Rt, this: Value, string: Value) -> PyResult {
    exec(rt, this, string, false)
}

/// `regex.sub(repl, string, count=0)`.
fn regex_sub(rt: &Rt, args: Args<'_>) -> PyResult {
    let [repl, string, count] = params(
        rt,
        "sub",
        &args.pos[1..],
        &args,
        [q::repl, q::string, q::count],
        2,
    )?;
    let count = int_or_zero(rt, count)?;
    do_sub(
        rt,
        args.pos[0],
        repl.unwrap_or(Value::NONE),
        string.unwrap_or(Value::NONE),
        count,
    )
}

/// `regex.split(string, maxsplit=0)`.
fn regex_split(rt: &Rt, args: Args<'_>) -> PyResult {
    let [string, maxsplit] = params(
        rt,
        "split",
        &args.pos[1..],
        &args,
        [q::string, q::maxsplit],
        1,
    )?;
    let maxsplit = int_or_zero(rt, maxsplit)?;
    do_split(rt, args.pos[0], string.unwrap_or(Value::NONE), maxsplit)
}

fn regex_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let addr = rt
        .downcast::<RegexObj>(this)
        .map_or(0, |r| r as *const RegexObj as usize);
    let mut f = FmtSink::new(out);
    let r = write!(f, "<re {addr:x}>");
    f.finish(r)
}

static REGEX_SLOTS: Slots = Slots {
    print: Some(regex_print),
    ..Slots::EMPTY
};

static REGEX_METHODS: [(Qstr, Value); 4] = super::sort_methods([
    rom_method!(r#match, NativeFn::F2(regex_match)),
    rom_method!(search, NativeFn::F2(regex_search)),
    rom_method!(
        sub,
        NativeFn::Kw {
            min: 1,
            f: regex_sub
        }
    ),
    rom_method!(
        split,
        NativeFn::Kw {
            min: 1,
            f: regex_split
        }
    ),
]);
const _: () = assert!(
    pyrite_obj::object::methods_sorted(&REGEX_METHODS),
    "REGEX_METHODS must be sorted by qstr"
);

/// The type of a compiled pattern (named `re`, as in MicroPython).
static REGEX_TYPE: Type = Type {
    methods: &REGEX_METHODS,
    ..crate::func::vm_type(q::re, TypeFlags::EQ_IS_IDENTITY, &REGEX_TYPE, &REGEX_SLOTS)
};

// ----- match objects ----------------------------------------------------------

fn match_of(rt: &Rt, v: Value) -> PyResult<&MatchObj> {
    rt.downcast::<MatchObj>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 'match' object")))
}

/// The group number of an argument (0 when absent).
fn group_index(rt: &Rt, m: &MatchObj, v: Option<Value>) -> PyResult<usize> {
    let n = int_or_zero(rt, v)?;
    usize::try_from(n)
        .ok()
        .filter(|&n| n < m.groups)
        .ok_or_else(|| no_such_group(rt))
}

/// The character position of byte offset `at` of the subject (the same
/// for `bytes` and ASCII text).
fn char_pos(rt: &Rt, subject: Value, at: usize) -> usize {
    match str_text(rt, subject) {
        Some(t) if !t.ascii => {
            let head = t.bytes.get(..at).unwrap_or(t.bytes);
            head.iter().filter(|&&b| b & 0xC0 != 0x80).count()
        }
        _ => at,
    }
}

/// A group's text, or `default` when it did not take part.
fn group_value(rt: &Rt, m: &MatchObj, g: usize, default: Value) -> PyResult {
    let (a, b) = (m.spans()[2 * g], m.spans()[2 * g + 1]);
    if a == UNSET || b == UNSET {
        return Ok(default);
    }
    let text = text_arg(rt, m.subject)?;
    text_value(rt, text.kind, text.bytes.get(a..b).unwrap_or(&[]))
}

/// `match.group(n=0, ...)`: one group's text, or a tuple for several.
fn match_group(rt: &Rt, args: &[Value]) -> PyResult {
    let m = match_of(rt, args[0])?;
    if args.len() <= 2 {
        let g = group_index(rt, m, args.get(1).copied())?;
        return group_value(rt, m, g, Value::NONE);
    }
    let mut items = Vec::new();
    for &a in &args[1..] {
        let g = group_index(rt, m, Some(a))?;
        items.push(g);
    }
    let list = new_list(rt, &[])?;
    let values = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    for g in items {
        values.push(rt, group_value(rt, m, g, Value::NONE)?)?;
    }
    let held: Vec<Value> = (0..values.len()).filter_map(|i| values.get(i)).collect();
    new_tuple(rt, &held)
}

/// `match.groups(default=None)`: the texts of groups 1 and up.
fn match_groups(rt: &Rt, args: &[Value]) -> PyResult {
    let m = match_of(rt, args[0])?;
    let default = args.get(1).copied().unwrap_or(Value::NONE);
    let list = new_list(rt, &[])?;
    let values = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    for g in 1..m.groups {
        values.push(rt, group_value(rt, m, g, default)?)?;
    }
    let held: Vec<Value> = (0..values.len()).filter_map(|i| values.get(i)).collect();
    new_tuple(rt, &held)
}

/// A group's `(start, end)` in characters, `(-1, -1)` when it did not
/// take part.
fn span_of(rt: &Rt, args: &[Value]) -> PyResult<(i64, i64)> {
    let m = match_of(rt, args[0])?;
    let g = group_index(rt, m, args.get(1).copied())?;
    let (a, b) = (m.spans()[2 * g], m.spans()[2 * g + 1]);
    if a == UNSET || b == UNSET {
        return Ok((-1, -1));
    }
    Ok((
        char_pos(rt, m.subject, a) as i64,
        char_pos(rt, m.subject, b) as i64,
    ))
}

fn match_start(rt: &Rt, args: &[Value]) -> PyResult {
    int_value(rt, span_of(rt, args)?.0)
}

fn match_end(rt: &Rt, args: &[Value]) -> PyResult {
    int_value(rt, span_of(rt, args)?.1)
}

fn match_span(rt: &Rt, args: &[Value]) -> PyResult {
    let (a, b) = span_of(rt, args)?;
    new_tuple(rt, &[int_value(rt, a)?, int_value(rt, b)?])
}

fn match_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let groups = rt.downcast::<MatchObj>(this).map_or(0, |m| m.groups);
    let mut f = FmtSink::new(out);
    let r = write!(f, "<match num={groups}>");
    f.finish(r)
}

static MATCH_SLOTS: Slots = Slots {
    print: Some(match_print),
    ..Slots::EMPTY
};

static MATCH_METHODS: [(Qstr, Value); 5] = super::sort_methods([
    rom_method!(
        group,
        NativeFn::Var {
            min: 1,
            max: 255,
            f: match_group
        }
    ),
    rom_method!(
        groups,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: match_groups
        }
    ),
    rom_method!(
        start,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: match_start
        }
    ),
    rom_method!(
        end,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: match_end
        }
    ),
    rom_method!(
        span,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: match_span
        }
    ),
]);
const _: () = assert!(
    pyrite_obj::object::methods_sorted(&MATCH_METHODS),
    "MATCH_METHODS must be sorted by qstr"
);

/// The type of a match object.
static MATCH_TYPE: Type = Type {
    methods: &MATCH_METHODS,
    ..crate::func::vm_type(
        q::r#match,
        TypeFlags::EQ_IS_IDENTITY,
        &MATCH_TYPE,
        &MATCH_SLOTS,
    )
};

/// A module function taking its arguments by position or keyword (`params`
/// checks them).
const fn module_fn(name: Qstr, f: fn(&Rt, Args<'_>) -> PyResult) -> BuiltinFn {
    BuiltinFn::new(name, NativeFn::Kw { min: 0, f })
}

static COMPILE: BuiltinFn = module_fn(q::compile, re_compile);
static MATCH: BuiltinFn = module_fn(q::r#match, re_match);
static SEARCH: BuiltinFn = module_fn(q::search, re_search);
static SUB: BuiltinFn = module_fn(q::sub, re_sub);
static SPLIT: BuiltinFn = module_fn(q::split, re_split);

/// Fills the `re` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    set_fns(vm.rt(), dict, &[&COMPILE, &MATCH, &SEARCH, &SUB, &SPLIT])
}
