//! `collections` (`ucollections`): `namedtuple`, `OrderedDict`,
//! `defaultdict`, `deque` and `MutableMapping`.
//!
//! - A `namedtuple` class is a type made at run time whose instances *are*
//!   tuples (their native layout is `tuple`'s, so indexing, unpacking,
//!   comparison and hashing are the tuple's own); fields are found by name
//!   through the class's `_fields`.
//! - `OrderedDict` is a `dict` (every dict keeps insertion order) with its
//!   own repr, `popitem(last=True)` and `move_to_end(key, last=True)`.
//! - `defaultdict` is a `dict` followed by one more word, the factory that
//!   fills a missing key on `d[key]`.
//! - `MutableMapping` is an empty class, as in MicroPython's `collections`
//!   (micropython-lib): a base for user mappings, with no mixin methods.
//! - `deque` keeps its items in a list plus the index of the first one, so
//!   `append`, `pop` and `popleft` cost O(1) (amortised).

use core::cell::Cell;
use core::ptr::NonNull;

use alloc::vec::Vec;

use pyrite_gc::AllocFlags;
use pyrite_obj::map::Map;
use pyrite_obj::object::{
    AttrOp, ObjHeader, Object, PrintKind, Slots, SubscrOp, Type, TypeFlags, methods_sorted,
};
use pyrite_obj::types::TYPE_TYPE;
use pyrite_obj::types::bound::new_bound_method;
use pyrite_obj::types::dict::{DICT_TYPE, Dict, new_dict};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::tuple::{TUPLE_TYPE, Tuple, new_tuple};
use pyrite_obj::{Args, BinaryOp, PyResult, Qstr, Rt, Sink, UnaryOp, Value, q, rom_method};

use super::{intern, set, set_fns, to_i64, type_name};
use crate::interp::type_to_value;
use crate::load::obj_value;
use crate::vm::Vm;

// ----- namedtuple -------------------------------------------------------------------

/// Whether `name` is a Python identifier (ASCII letters, digits and `_`,
/// not starting with a digit; other non-ASCII text is accepted).
fn is_identifier(name: &[u8]) -> bool {
    match name.first() {
        None => false,
        Some(c) if c.is_ascii_digit() => false,
        Some(_) => name
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80),
    }
}

/// Python keywords cannot be field names.
const KEYWORDS: &[&[u8]] = &[
    b"False",
    b"None",
    b"True",
    b"and",
    b"as",
    b"assert",
    b"async",
    b"await",
    b"break",
    b"class",
    b"continue",
    b"def",
    b"del",
    b"elif",
    b"else",
    b"except",
    b"finally",
    b"for",
    b"from",
    b"global",
    b"if",
    b"import",
    b"in",
    b"is",
    b"lambda",
    b"nonlocal",
    b"not",
    b"or",
    b"pass",
    b"raise",
    b"return",
    b"try",
    b"while",
    b"with",
    b"yield",
];

fn check_name(rt: &Rt, name: &[u8], field: bool) -> PyResult<()> {
    let shown = || core::str::from_utf8(name).unwrap_or("?");
    if !is_identifier(name) {
        return Err(rt.value_error(format_args!(
            "Type names and field names must be valid identifiers: '{}'",
            shown()
        )));
    }
    if KEYWORDS.contains(&name) {
        return Err(rt.value_error(format_args!(
            "Type names and field names cannot be a keyword: '{}'",
            shown()
        )));
    }
    if field && name.starts_with(b"_") {
        return Err(rt.value_error(format_args!(
            "Field names cannot start with an underscore: '{}'",
            shown()
        )));
    }
    Ok(())
}

/// The text of a str argument.
fn str_arg<'a>(rt: &'a Rt, v: Value, what: &str) -> PyResult<&'a [u8]> {
    if let Some(t) = pyrite_obj::types::str::str_text(rt, v) {
        return Ok(t.bytes);
    }
    Err(rt.type_error(format_args!("{what} must be str, not {}", type_name(rt, v))))
}

/// `namedtuple(typename, field_names, *, defaults=None)`.
fn namedtuple(rt: &Rt, args: Args<'_>) -> PyResult {
    if args.pos.len() != 2 {
        return Err(rt.type_error(format_args!(
            "namedtuple() takes 2 positional arguments but {} were given",
            args.pos.len()
        )));
    }
    let defaults = super::kw_arg(
        rt,
        "namedtuple",
        &args,
        &[q::defaults, q::rename, q::module],
        q::defaults,
    )?;
    let name = str_arg(rt, args.pos[0], "typename")?;
    check_name(rt, name, false)?;
    let name = intern(rt, name)?;

    // Field names: a str split on commas and whitespace, or an iterable.
    let mut fields: Vec<Qstr> = Vec::new();
    let spec = args.pos[1];
    if let Some(t) = pyrite_obj::types::str::str_text(rt, spec) {
        let owned: Vec<u8> = t.bytes.to_vec();
        for part in owned.split(|&c| c == b',' || c.is_ascii_whitespace()) {
            if !part.is_empty() {
                check_name(rt, part, true)?;
                fields.push(intern(rt, part)?);
            }
        }
    } else {
        let iter = rt.get_iter(spec)?;
        while let Some(f) = rt.iter_next(iter)? {
            let text = str_arg(rt, f, "field names")?;
            check_name(rt, text, true)?;
            fields.push(intern(rt, text)?);
        }
    }
    for (i, f) in fields.iter().enumerate() {
        if fields[..i].contains(f) {
            return Err(rt.value_error(format_args!(
                "Encountered duplicate field name: '{}'",
                rt.qstr_display(*f)
            )));
        }
    }
    let field_vals: Vec<Value> = fields.iter().map(|&f| Value::qstr(f)).collect();
    let fields_tuple = new_tuple(rt, &field_vals)?;

    let locals = new_dict(rt)?;
    set(rt, locals, q::_fields, fields_tuple)?;
    let field_defaults = new_dict(rt)?;
    if let Some(d) = defaults.filter(|d| !d.is_none()) {
        let list = new_list(rt, &[])?;
        if let Some(l) = rt.downcast::<List>(list) {
            pyrite_obj::types::list::extend_from(rt, l, d)?;
            if l.len() > fields.len() {
                return Err(rt.type_error(format_args!("Got more default values than field names")));
            }
            let first = fields.len() - l.len();
            for i in 0..l.len() {
                let v = l.get(i).unwrap_or(Value::NONE);
                set(rt, field_defaults, fields[first + i], v)?;
            }
        }
    }
    set(rt, locals, q::_field_defaults, field_defaults)?;

    let p = rt
        .alloc(size_of::<Type>(), AllocFlags::NONE)?
        .cast::<Type>();
    // SAFETY: a fresh allocation of the right size; the base is a static
    // type and the locals dict is kept alive by the type's `locals` word
    // (the allocation is scanned).
    unsafe {
        p.as_ptr().write(Type {
            header: ObjHeader::new(&TYPE_TYPE),
            name,
            flags: TypeFlags::BASETYPE,
            map_char: b'T',
            native: &TUPLE_TYPE,
            base: Some(NonNull::from_ref(&NAMEDTUPLE_BASE)),
            slots: &NAMEDTUPLE_SLOTS,
            methods: &[],
            locals,
            bases: Value::NULL,
            mro: Value::NULL,
            instance_words: 0,
            dict_offset: 0,
        });
    }
    let cls = obj_value(p);
    // `_make` is a class method: bound to the class once, in its dict.
    let make = new_bound_method(rt, Value::from_static(&NT_MAKE), cls)?;
    set(rt, locals, q::_make, make)?;
    Ok(cls)
}

/// `Point._make(iterable)`: an instance from the iterable's items.
fn nt_make(rt: &Rt, cls: Value, iterable: Value) -> PyResult {
    let Some(ty) = rt.downcast::<Type>(cls) else {
        return Err(rt.type_error(format_args!("_make() needs a namedtuple class")));
    };
    let items = pyrite_obj::types::tuple::tuple_from_iterable(rt, iterable)?;
    let items = rt.downcast::<Tuple>(items).map_or(&[][..], Tuple::items);
    let n = fields_of(rt, ty).len();
    if items.len() != n {
        return Err(rt.type_error(format_args!("Expected {n} arguments, got {}", items.len())));
    }
    nt_make_new(rt, ty, Args::positional(items))
}

static NT_MAKE: BuiltinFn = BuiltinFn::new(q::_make, NativeFn::F2(nt_make));

/// The namedtuple class that `ty` is or extends.
fn namedtuple_class(ty: &Type) -> Option<&Type> {
    let t = pyrite_obj::types::builtin_base(ty);
    (core::ptr::eq(t.slots, &NAMEDTUPLE_SLOTS) && !t.locals.is_null()).then_some(t)
}

/// The `_fields` of a namedtuple class (or of a class extending one).
fn fields_of<'a>(rt: &'a Rt, ty: &Type) -> &'a [Value] {
    let Some(ty) = namedtuple_class(ty) else {
        return &[];
    };
    rt.downcast::<Dict>(ty.locals)
        .and_then(|d| d.map().get(rt, Value::qstr(q::_fields)).ok().flatten())
        .and_then(|f| rt.downcast::<Tuple>(f))
        .map_or(&[], Tuple::items)
}

fn field_default(rt: &Rt, ty: &Type, field: Value) -> PyResult<Option<Value>> {
    let Some(d) = rt.downcast::<Dict>(ty.locals) else {
        return Ok(None);
    };
    let Some(defaults) = d.map().get(rt, Value::qstr(q::_field_defaults))? else {
        return Ok(None);
    };
    match rt.downcast::<Dict>(defaults) {
        Some(dd) => dd.map().get(rt, field),
        None => Ok(None),
    }
}

/// An instance of the namedtuple class `ty` holding `items`.
fn new_instance(rt: &Rt, ty: &Type, items: &[Value]) -> PyResult {
    let t = new_tuple(rt, items)?;
    if items.is_empty() {
        // The shared empty tuple (in flash) cannot take another type.
        return Ok(t);
    }
    if let Some(p) = t.as_object() {
        // SAFETY: `t` is a tuple made just now, referred to from nowhere
        // else; the class's instances share the tuple layout (its native
        // type is `tuple`), and the new header keeps the class alive.
        unsafe {
            p.as_ptr()
                .write(ObjHeader::with_heap_type(NonNull::from(ty)));
        }
    }
    Ok(t)
}

fn nt_make_new(rt: &Rt, ty: &Type, args: Args<'_>) -> PyResult {
    let fields = fields_of(rt, ty);
    let n = fields.len();
    let name = rt.qstr_display(ty.name);
    if args.pos.len() > n {
        return Err(rt.type_error(format_args!(
            "{name}.__new__() takes {} positional arguments but {} were given",
            n + 1,
            args.pos.len() + 1
        )));
    }
    let mut items: Vec<Value> = alloc::vec![Value::NULL; n];
    items[..args.pos.len()].copy_from_slice(args.pos);
    for (k, v) in args.kw_pairs() {
        let Some(i) = fields.iter().position(|f| rt.equal(*f, k).unwrap_or(false)) else {
            return Err(rt.type_error(format_args!(
                "{name}.__new__() got an unexpected keyword argument '{}'",
                rt.str_bytes(k)
                    .and_then(|b| core::str::from_utf8(b).ok())
                    .unwrap_or("?")
            )));
        };
        if !items[i].is_null() {
            return Err(rt.type_error(format_args!(
                "{name}.__new__() got multiple values for argument '{}'",
                rt.str_bytes(k)
                    .and_then(|b| core::str::from_utf8(b).ok())
                    .unwrap_or("?")
            )));
        }
        items[i] = v;
    }
    for i in 0..n {
        if items[i].is_null() {
            match field_default(rt, ty, fields[i])? {
                Some(d) => items[i] = d,
                None => {
                    let missing = items[i..].iter().filter(|v| v.is_null()).count();
                    return Err(rt.type_error(format_args!(
                        "{name}.__new__() missing {missing} required positional argument{}: '{}'",
                        if missing == 1 { "" } else { "s" },
                        rt.str_bytes(fields[i])
                            .and_then(|b| core::str::from_utf8(b).ok())
                            .unwrap_or("?")
                    )));
                }
            }
        }
    }
    // The items are also on the machine stack (`args`) or reachable from
    // the class, so the collector sees them while the tuple is made.
    new_instance(rt, ty, &items)
}

fn nt_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let ty = rt.type_of(this);
    let fields = fields_of(rt, ty);
    let items = rt.downcast::<Tuple>(this).map_or(&[][..], Tuple::items);
    out.put(rt.qstr_text(ty.name))?;
    out.put(b"(")?;
    for (i, (&f, &v)) in fields.iter().zip(items).enumerate() {
        if i > 0 {
            out.put(b", ")?;
        }
        rt.print(f, out, PrintKind::Str)?;
        out.put(b"=")?;
        rt.print(v, out, PrintKind::Repr)?;
    }
    out.put(b")")
}

fn nt_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let ty = rt.type_of(this);
    let fields = fields_of(rt, ty);
    let Some(i) = fields.iter().position(|f| f.as_qstr() == Some(name)) else {
        return Ok(false);
    };
    match op {
        AttrOp::Load(dest) => {
            let items = rt.downcast::<Tuple>(this).map_or(&[][..], Tuple::items);
            dest[0] = items.get(i).copied().unwrap_or(Value::NONE);
            Ok(true)
        }
        AttrOp::Store(_) | AttrOp::Delete => {
            Err(rt.error(&exc::ATTRIBUTE_ERROR, format_args!("can't set attribute")))
        }
    }
}

fn tuple_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    match TUPLE_TYPE.slots.unary_op {
        Some(f) => f(rt, op, v),
        None => Ok(None),
    }
}

fn tuple_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    match TUPLE_TYPE.slots.binary_op {
        Some(f) => f(rt, op, a, b),
        None => Ok(None),
    }
}

fn tuple_subscr(rt: &Rt, this: Value, index: Value, op: SubscrOp) -> PyResult {
    match (op, TUPLE_TYPE.slots.subscr) {
        (SubscrOp::Load, Some(f)) => f(rt, this, index, op),
        _ => Err(rt.type_error(format_args!(
            "'{}' object does not support item assignment",
            type_name(rt, this)
        ))),
    }
}

fn tuple_iter(rt: &Rt, this: Value) -> PyResult {
    match TUPLE_TYPE.slots.iter {
        Some(f) => f(rt, this),
        None => Err(rt.type_error(format_args!("not iterable"))),
    }
}

/// `p._asdict()`: a dict of field names to values.
fn nt_asdict(rt: &Rt, this: Value) -> PyResult {
    let fields = fields_of(rt, rt.type_of(this));
    let items = rt.downcast::<Tuple>(this).map_or(&[][..], Tuple::items);
    let d = new_dict(rt)?;
    if let Some(dict) = rt.downcast::<Dict>(d) {
        for (&f, &v) in fields.iter().zip(items) {
            dict.map().insert(rt, f, v)?;
        }
    }
    Ok(d)
}

/// `p._replace(**changes)`: a copy with some fields changed.
fn nt_replace(rt: &Rt, args: Args<'_>) -> PyResult {
    if args.pos.len() != 1 {
        return Err(rt.type_error(format_args!(
            "_replace() takes 1 positional argument but {} were given",
            args.pos.len()
        )));
    }
    let this = args.pos[0];
    let ty = rt.type_of(this);
    let fields = fields_of(rt, ty);
    let mut items: Vec<Value> = rt
        .downcast::<Tuple>(this)
        .map_or(&[][..], Tuple::items)
        .to_vec();
    for (k, v) in args.kw_pairs() {
        match fields.iter().position(|f| rt.equal(*f, k).unwrap_or(false)) {
            Some(i) if i < items.len() => items[i] = v,
            _ => {
                return Err(rt.value_error(format_args!(
                    "Got unexpected field names: ['{}']",
                    rt.str_bytes(k)
                        .and_then(|b| core::str::from_utf8(b).ok())
                        .unwrap_or("?")
                )));
            }
        }
    }
    // `this` (on the machine stack) keeps the old items alive; the new ones
    // are in `args`, also on the stack. A class extending the namedtuple
    // lays its instances out differently (with an attribute map).
    if ty.flags.contains(TypeFlags::HEAP) {
        return pyrite_obj::types::new_native_instance(rt, ty, Args::positional(&items));
    }
    new_instance(rt, ty, &items)
}

static NAMEDTUPLE_SLOTS: Slots = Slots {
    make_new: Some(nt_make_new),
    print: Some(nt_print),
    unary_op: Some(tuple_unary),
    binary_op: Some(tuple_binary),
    attr: Some(nt_attr),
    subscr: Some(tuple_subscr),
    iter: Some(tuple_iter),
    ..Slots::EMPTY
};

static NAMEDTUPLE_METHODS: [(Qstr, Value); 2] = super::sort_methods([
    rom_method!(_asdict, NativeFn::F1(nt_asdict)),
    rom_method!(
        _replace,
        NativeFn::Kw {
            min: 1,
            f: nt_replace
        }
    ),
]);
const _: () = assert!(
    methods_sorted(&NAMEDTUPLE_METHODS),
    "NAMEDTUPLE_METHODS must be sorted by qstr"
);

/// The common base of namedtuple classes (a `tuple`): holds `_asdict` and
/// `_replace`.
static NAMEDTUPLE_BASE: Type = Type {
    header: ObjHeader::new(&TYPE_TYPE),
    name: q::namedtuple,
    flags: TypeFlags::NONE,
    map_char: b'T',
    native: &TUPLE_TYPE,
    base: Some(NonNull::from_ref(&TUPLE_TYPE)),
    slots: &NAMEDTUPLE_SLOTS,
    methods: &NAMEDTUPLE_METHODS,
    locals: Value::NULL,
    bases: Value::NULL,
    mro: Value::NULL,
    instance_words: 0,
    dict_offset: 0,
};

// ----- OrderedDict --------------------------------------------------------------------

fn od_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let Some(make_new) = DICT_TYPE.slots.make_new else {
        return Err(rt.type_error(format_args!("cannot create 'OrderedDict' instances")));
    };
    let d = make_new(rt, &DICT_TYPE, args)?;
    if let Some(p) = d.as_object() {
        // SAFETY: `d` is a dict made just now, referred to from nowhere
        // else; `OrderedDict` shares the dict layout (its native type).
        unsafe { p.as_ptr().write(ObjHeader::new(&ORDERED_DICT_TYPE)) };
    }
    Ok(d)
}

fn od_print(rt: &Rt, this: Value, out: &mut dyn Sink, kind: PrintKind) -> PyResult<()> {
    out.put(b"OrderedDict(")?;
    if rt
        .downcast::<Dict>(this)
        .is_some_and(|d| !d.map().is_empty())
        && let Some(print) = DICT_TYPE.slots.print
    {
        print(rt, this, out, kind)?;
    }
    out.put(b")")
}

fn dict_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    match DICT_TYPE.slots.unary_op {
        Some(f) => f(rt, op, v),
        None => Ok(None),
    }
}

fn dict_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    match DICT_TYPE.slots.binary_op {
        Some(f) => f(rt, op, a, b),
        None => Ok(None),
    }
}

fn dict_subscr(rt: &Rt, this: Value, index: Value, op: SubscrOp) -> PyResult {
    match DICT_TYPE.slots.subscr {
        Some(f) => f(rt, this, index, op),
        None => Err(rt.type_error(format_args!("not subscriptable"))),
    }
}

fn dict_iter(rt: &Rt, this: Value) -> PyResult {
    match DICT_TYPE.slots.iter {
        Some(f) => f(rt, this),
        None => Err(rt.type_error(format_args!("not iterable"))),
    }
}

fn od_this(rt: &Rt, v: Value) -> PyResult<&Dict> {
    rt.downcast::<Dict>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 'OrderedDict' object")))
}

/// The live entries of a dict, in order.
fn entries(d: &Dict) -> Vec<(Value, Value)> {
    let map = d.map();
    (0..map.slots()).filter_map(|i| map.entry_at(i)).collect()
}

/// `od.popitem(last=True)`.
fn od_popitem(rt: &Rt, args: Args<'_>) -> PyResult {
    let last = last_arg(rt, &args, 1, "popitem")?;
    let d = od_this(rt, args.pos[0])?;
    let map = d.map();
    let pick = if last {
        (0..map.slots()).rev().find_map(|i| map.entry_at(i))
    } else {
        (0..map.slots()).find_map(|i| map.entry_at(i))
    };
    let Some((k, v)) = pick else {
        return Err(rt.error(&exc::KEY_ERROR, format_args!("dictionary is empty")));
    };
    map.remove(rt, k)?;
    new_tuple(rt, &[k, v])
}

/// The `last` argument (positional at `at`, or keyword), default true.
fn last_arg(rt: &Rt, args: &Args<'_>, at: usize, func: &str) -> PyResult<bool> {
    if args.pos.len() > at + 1 {
        return Err(rt.type_error(format_args!(
            "{func}() takes at most {} arguments ({} given)",
            at,
            args.pos.len() - 1
        )));
    }
    let mut last = args.pos.get(at).copied();
    if let Some(v) = super::kw_arg(rt, func, args, &[q::last], q::last)? {
        last = Some(v);
    }
    match last {
        Some(v) => rt.truthy(v),
        None => Ok(true),
    }
}

/// `od.move_to_end(key, last=True)`.
fn od_move_to_end(rt: &Rt, args: Args<'_>) -> PyResult {
    if args.pos.len() < 2 {
        return Err(rt.type_error(format_args!(
            "move_to_end() missing required argument 'key' (pos 1)"
        )));
    }
    let last = last_arg(rt, &args, 2, "move_to_end")?;
    let d = od_this(rt, args.pos[0])?;
    let key = args.pos[1];
    let Some(v) = d.map().remove(rt, key)? else {
        return Err(pyrite_obj::Exc(exc::new_exception(
            rt,
            &exc::KEY_ERROR,
            &[key],
        )?));
    };
    if last {
        d.map().insert(rt, key, v)?;
        return Ok(Value::NONE);
    }
    // To the front: rebuild the order. The values stay reachable from the
    // machine stack (`args`) and a temporary list while the map is cleared.
    let rest = entries(d);
    let keep = new_list(rt, &[])?;
    if let Some(l) = rt.downcast::<List>(keep) {
        for &(k, val) in &rest {
            l.push(rt, k)?;
            l.push(rt, val)?;
        }
    }
    d.map().clear(rt);
    d.map().insert(rt, key, v)?;
    for (k, val) in rest {
        d.map().insert(rt, k, val)?;
    }
    Ok(Value::NONE)
}

static ORDERED_DICT_SLOTS: Slots = Slots {
    make_new: Some(od_make_new),
    print: Some(od_print),
    unary_op: Some(dict_unary),
    binary_op: Some(dict_binary),
    subscr: Some(dict_subscr),
    iter: Some(dict_iter),
    ..Slots::EMPTY
};

static ORDERED_DICT_METHODS: [(Qstr, Value); 2] = super::sort_methods([
    rom_method!(
        popitem,
        NativeFn::Kw {
            min: 1,
            f: od_popitem
        }
    ),
    rom_method!(
        move_to_end,
        NativeFn::Kw {
            min: 1,
            f: od_move_to_end
        }
    ),
]);

const _: () = assert!(
    methods_sorted(&ORDERED_DICT_METHODS),
    "ORDERED_DICT_METHODS must be sorted by qstr"
);

/// `collections.OrderedDict`: a `dict`.
pub(crate) static ORDERED_DICT_TYPE: Type = Type {
    header: ObjHeader::new(&TYPE_TYPE),
    name: q::OrderedDict,
    flags: TypeFlags::UNHASHABLE,
    map_char: b'D',
    native: &DICT_TYPE,
    base: Some(NonNull::from_ref(&DICT_TYPE)),
    slots: &ORDERED_DICT_SLOTS,
    methods: &ORDERED_DICT_METHODS,
    locals: Value::NULL,
    bases: Value::NULL,
    mro: Value::NULL,
    instance_words: 0,
    dict_offset: 0,
};

// ----- defaultdict ------------------------------------------------------------------

/// A `defaultdict`: a dict's layout (`Dict` is `#[repr(C)]`, a header and a
/// map) followed by the factory, so every dict method and slot works on it.
#[repr(C)]
struct DefaultDict {
    header: ObjHeader,
    map: Map,
    /// `default_factory`: a callable, or `None`.
    factory: Cell<Value>,
}

/// The factory word of `v`, if `v` is exactly a `defaultdict` (the type
/// accepts no Python subclass; anything else with its native `dict`
/// layout has no factory word).
fn factory_of(rt: &Rt, v: Value) -> Option<&Cell<Value>> {
    let p = v.as_object()?;
    if !core::ptr::eq(rt.type_of(v), &DEFAULT_DICT_TYPE) {
        return None;
    }
    // SAFETY: only `dd_new` makes objects of this exact type, each a whole
    // `DefaultDict`.
    Some(&unsafe { p.cast::<DefaultDict>().as_ref() }.factory)
}

/// A new empty `defaultdict` with `factory`.
fn dd_new(rt: &Rt, factory: Value) -> PyResult {
    let p = rt
        .alloc(size_of::<DefaultDict>(), AllocFlags::NONE)?
        .cast::<DefaultDict>();
    // SAFETY: a fresh allocation of the right size; its prefix is a dict
    // (`DefaultDict` starts with `Dict`'s fields in `Dict`'s order, both
    // `#[repr(C)]`), which the type's native `dict` layout promises.
    unsafe {
        p.as_ptr().write(DefaultDict {
            header: ObjHeader::new(&DEFAULT_DICT_TYPE),
            map: Map::new(),
            factory: Cell::new(factory),
        })
    };
    Ok(obj_value(p))
}

/// `defaultdict(default_factory=None, [mapping or pairs], **kw)`.
fn dd_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let factory = args.pos.first().copied().unwrap_or(Value::NONE);
    if !factory.is_none() && !crate::builtins::is_callable(rt, factory)? {
        return Err(rt.type_error(format_args!("first argument must be callable or None")));
    }
    let rest = args.pos.get(1..).unwrap_or(&[]);
    if rest.len() > 1 {
        return Err(rt.type_error(format_args!(
            "dict expected at most 1 argument, got {}",
            rest.len()
        )));
    }
    let d = dd_new(rt, factory)?;
    let dict = od_this(rt, d)?;
    if let Some(&other) = rest.first() {
        pyrite_obj::types::dict::update_from(rt, dict, other)?;
    }
    for (k, v) in args.kw_pairs() {
        dict.map().insert(rt, k, v)?;
    }
    Ok(d)
}

/// `d.__missing__(key)`: the factory's result, stored under `key`; a
/// `KeyError` without a factory.
fn dd_missing(rt: &Rt, this: Value, key: Value) -> PyResult {
    let factory = factory_of(rt, this).map_or(Value::NONE, Cell::get);
    if factory.is_none() {
        return Err(pyrite_obj::Exc(exc::new_exception(
            rt,
            &exc::KEY_ERROR,
            &[key],
        )?));
    }
    let v = rt.call(factory, Args::positional(&[]))?;
    od_this(rt, this)?.map().insert(rt, key, v)?;
    Ok(v)
}

fn dd_subscr(rt: &Rt, this: Value, key: Value, op: SubscrOp) -> PyResult {
    if matches!(op, SubscrOp::Load) {
        if let Some(v) = od_this(rt, this)?.map().get(rt, key)? {
            return Ok(v);
        }
        return dd_missing(rt, this, key);
    }
    dict_subscr(rt, this, key, op)
}

/// `d.copy()`: a `defaultdict` with the same factory and entries.
fn dd_copy(rt: &Rt, this: Value) -> PyResult {
    let factory = factory_of(rt, this).map_or(Value::NONE, Cell::get);
    let copy = dd_new(rt, factory)?;
    pyrite_obj::types::dict::update_from(rt, od_this(rt, copy)?, this)?;
    Ok(copy)
}

/// `defaultdict(<factory repr>, {...})`, as CPython (MicroPython's
/// `defaultdict` is a Python class without a repr of its own).
fn dd_print(rt: &Rt, this: Value, out: &mut dyn Sink, kind: PrintKind) -> PyResult<()> {
    out.put(b"defaultdict(")?;
    let factory = factory_of(rt, this).map_or(Value::NONE, Cell::get);
    rt.print(factory, out, PrintKind::Repr)?;
    out.put(b", ")?;
    if let Some(print) = DICT_TYPE.slots.print {
        print(rt, this, out, kind)?;
    }
    out.put(b")")
}

/// The `default_factory` attribute (readable and writable).
fn dd_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    if name != q::default_factory {
        return Ok(false);
    }
    let Some(factory) = factory_of(rt, this) else {
        return Ok(false);
    };
    match op {
        AttrOp::Load(dest) => dest[0] = factory.get(),
        AttrOp::Store(v) => factory.set(v),
        AttrOp::Delete => factory.set(Value::NONE),
    }
    Ok(true)
}

static DEFAULT_DICT_SLOTS: Slots = Slots {
    make_new: Some(dd_make_new),
    print: Some(dd_print),
    unary_op: Some(dict_unary),
    binary_op: Some(dict_binary),
    attr: Some(dd_attr),
    subscr: Some(dd_subscr),
    iter: Some(dict_iter),
    ..Slots::EMPTY
};

static DEFAULT_DICT_METHODS: [(Qstr, Value); 2] = super::sort_methods([
    rom_method!(__missing__, NativeFn::F2(dd_missing)),
    rom_method!(copy, NativeFn::F1(dd_copy)),
]);

const _: () = assert!(
    methods_sorted(&DEFAULT_DICT_METHODS),
    "DEFAULT_DICT_METHODS must be sorted by qstr"
);

/// `collections.defaultdict`: a `dict`.
pub(crate) static DEFAULT_DICT_TYPE: Type = Type {
    header: ObjHeader::new(&TYPE_TYPE),
    name: q::defaultdict,
    flags: TypeFlags::UNHASHABLE,
    map_char: b'D',
    native: &DICT_TYPE,
    base: Some(NonNull::from_ref(&DICT_TYPE)),
    slots: &DEFAULT_DICT_SLOTS,
    methods: &DEFAULT_DICT_METHODS,
    locals: Value::NULL,
    bases: Value::NULL,
    mro: Value::NULL,
    instance_words: 0,
    dict_offset: 0,
};

// ----- deque ---------------------------------------------------------------------------

/// A double-ended queue: the items are `list[head..]`.
#[repr(C)]
struct Deque {
    header: ObjHeader,
    /// A `list`; slots before `head` are unused (`None`).
    list: Cell<Value>,
    head: Cell<usize>,
    /// The bound, or -1 for none.
    maxlen: isize,
}

// SAFETY: `#[repr(C)]` with the header first; `DEQUE_TYPE` owns it.
unsafe impl Object for Deque {
    const TYPE: &'static Type = &DEQUE_TYPE;
}

impl Deque {
    /// The list holding the items (a deque's list word is always a list).
    fn list<'a>(&self, rt: &'a Rt) -> PyResult<&'a List> {
        rt.downcast::<List>(self.list.get())
            .ok_or_else(|| rt.type_error(format_args!("deque without its list")))
    }

    fn len(&self, rt: &Rt) -> usize {
        self.list(rt).map_or(0, |l| l.len() - self.head.get())
    }

    fn get(&self, rt: &Rt, i: usize) -> Option<Value> {
        self.list(rt).ok()?.get(self.head.get() + i)
    }

    fn push_back(&self, rt: &Rt, v: Value) -> PyResult<()> {
        if self.maxlen == 0 {
            return Ok(());
        }
        if self.maxlen > 0 && self.len(rt) >= self.maxlen as usize {
            self.pop_front(rt)?;
        }
        self.list(rt)?.push(rt, v)
    }

    fn push_front(&self, rt: &Rt, v: Value) -> PyResult<()> {
        if self.maxlen == 0 {
            return Ok(());
        }
        if self.maxlen > 0 && self.len(rt) >= self.maxlen as usize {
            self.pop_back(rt)?;
        }
        let head = self.head.get();
        let l = self.list(rt)?;
        if head > 0 {
            self.head.set(head - 1);
            l.set(head - 1, v);
            Ok(())
        } else {
            l.insert(rt, 0, v)
        }
    }

    fn pop_back(&self, rt: &Rt) -> PyResult<Option<Value>> {
        if self.len(rt) == 0 {
            return Ok(None);
        }
        let l = self.list(rt)?;
        let v = l.remove_at(l.len() - 1);
        if self.len(rt) == 0 {
            self.reset(rt)?;
        }
        Ok(v)
    }

    fn pop_front(&self, rt: &Rt) -> PyResult<Option<Value>> {
        if self.len(rt) == 0 {
            return Ok(None);
        }
        let l = self.list(rt)?;
        let head = self.head.get();
        let v = l.get(head);
        l.set(head, Value::NONE);
        self.head.set(head + 1);
        if self.len(rt) == 0 {
            self.reset(rt)?;
        } else if head + 1 >= 16 && (head + 1) * 2 >= l.len() {
            // Compact: keep only the live items.
            let fresh = new_list(rt, &[])?;
            if let Some(nl) = rt.downcast::<List>(fresh) {
                for i in head + 1..l.len() {
                    nl.push(rt, l.get(i).unwrap_or(Value::NONE))?;
                }
            }
            self.list.set(fresh);
            self.head.set(0);
        }
        Ok(v)
    }

    /// Empties the deque.
    fn reset(&self, rt: &Rt) -> PyResult<()> {
        self.list.set(new_list(rt, &[])?);
        self.head.set(0);
        Ok(())
    }
}

fn deque_this(rt: &Rt, v: Value) -> PyResult<&Deque> {
    rt.downcast::<Deque>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a 'deque' object")))
}

fn deque_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    if args.pos.len() > 3 {
        return Err(rt.type_error(format_args!(
            "deque() takes at most 2 arguments ({} given)",
            args.pos.len()
        )));
    }
    let mut iterable = args.pos.first().copied();
    let mut maxlen = args.pos.get(1).copied();
    for (k, v) in args.kw_pairs() {
        match k.as_qstr() {
            Some(q::iterable) => iterable = Some(v),
            Some(q::maxlen) => maxlen = Some(v),
            _ => {
                return Err(
                    rt.type_error(format_args!("deque() got an unexpected keyword argument"))
                );
            }
        }
    }
    let maxlen = match maxlen {
        None => -1,
        Some(v) if v.is_none() => -1,
        Some(v) => {
            let n = to_i64(rt, v)?;
            if n < 0 {
                return Err(rt.value_error(format_args!("maxlen must be non-negative")));
            }
            n.min(isize::MAX as i64) as isize
        }
    };
    let list = new_list(rt, &[])?;
    let p = rt
        .alloc(size_of::<Deque>(), AllocFlags::NONE)?
        .cast::<Deque>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(Deque {
            header: ObjHeader::new(&DEQUE_TYPE),
            list: Cell::new(list),
            head: Cell::new(0),
            maxlen,
        })
    };
    let d = obj_value(p);
    if let Some(it) = iterable.filter(|v| !v.is_none()) {
        deque_extend(rt, d, it)?;
    }
    Ok(d)
}

fn deque_append(rt: &Rt, this: Value, v: Value) -> PyResult {
    deque_this(rt, this)?.push_back(rt, v)?;
    Ok(Value::NONE)
}

fn deque_appendleft(rt: &Rt, this: Value, v: Value) -> PyResult {
    deque_this(rt, this)?.push_front(rt, v)?;
    Ok(Value::NONE)
}

fn empty_error(rt: &Rt) -> pyrite_obj::Exc {
    rt.error(&exc::INDEX_ERROR, format_args!("pop from an empty deque"))
}

fn deque_pop(rt: &Rt, this: Value) -> PyResult {
    deque_this(rt, this)?
        .pop_back(rt)?
        .ok_or_else(|| empty_error(rt))
}

fn deque_popleft(rt: &Rt, this: Value) -> PyResult {
    deque_this(rt, this)?
        .pop_front(rt)?
        .ok_or_else(|| empty_error(rt))
}

/// Collects an iterable first when it is the deque itself.
fn snapshot(rt: &Rt, this: Value, it: Value) -> PyResult<Value> {
    if it == this {
        let d = deque_this(rt, this)?;
        let items: Vec<Value> = (0..d.len(rt)).filter_map(|i| d.get(rt, i)).collect();
        return new_list(rt, &items);
    }
    Ok(it)
}

fn deque_extend(rt: &Rt, this: Value, it: Value) -> PyResult {
    let d = deque_this(rt, this)?;
    let it = snapshot(rt, this, it)?;
    let iter = rt.get_iter(it)?;
    while let Some(v) = rt.iter_next(iter)? {
        d.push_back(rt, v)?;
    }
    Ok(Value::NONE)
}

fn deque_extendleft(rt: &Rt, this: Value, it: Value) -> PyResult {
    let d = deque_this(rt, this)?;
    let it = snapshot(rt, this, it)?;
    let iter = rt.get_iter(it)?;
    while let Some(v) = rt.iter_next(iter)? {
        d.push_front(rt, v)?;
    }
    Ok(Value::NONE)
}

fn deque_clear(rt: &Rt, this: Value) -> PyResult {
    deque_this(rt, this)?.reset(rt)?;
    Ok(Value::NONE)
}

fn deque_count(rt: &Rt, this: Value, x: Value) -> PyResult {
    let d = deque_this(rt, this)?;
    let mut n = 0;
    for i in 0..d.len(rt) {
        if let Some(v) = d.get(rt, i)
            && rt.equal(v, x)?
        {
            n += 1;
        }
    }
    super::int_value(rt, n)
}

fn deque_rotate(rt: &Rt, args: &[Value]) -> PyResult {
    let d = deque_this(rt, args[0])?;
    let n = match args.get(1) {
        Some(&v) => to_i64(rt, v)?,
        None => 1,
    };
    let len = d.len(rt) as i64;
    if len <= 1 {
        return Ok(Value::NONE);
    }
    let n = n.rem_euclid(len);
    // Rotating right by n: move the last n items to the front.
    for _ in 0..n {
        if let Some(v) = d.pop_back(rt)? {
            d.push_front(rt, v)?;
        }
    }
    Ok(Value::NONE)
}

fn deque_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let d = deque_this(rt, v)?;
    Ok(match op {
        UnaryOp::Len => Some(super::int_value(rt, d.len(rt) as i64)?),
        UnaryOp::Bool => Some(Value::bool(d.len(rt) != 0)),
        _ => None,
    })
}

fn deque_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    if op != BinaryOp::Contains {
        return Ok(None);
    }
    let d = deque_this(rt, a)?;
    for i in 0..d.len(rt) {
        if let Some(v) = d.get(rt, i)
            && rt.equal(v, b)?
        {
            return Ok(Some(Value::TRUE));
        }
    }
    Ok(Some(Value::FALSE))
}

fn deque_subscr(rt: &Rt, this: Value, index: Value, op: SubscrOp) -> PyResult {
    let d = deque_this(rt, this)?;
    let i = pyrite_obj::types::list::resolve_index(rt, index, d.len(rt), "deque")?;
    match op {
        SubscrOp::Load => Ok(d.get(rt, i).unwrap_or(Value::NONE)),
        SubscrOp::Store(v) => {
            d.list(rt)?.set(d.head.get() + i, v);
            Ok(Value::NONE)
        }
        SubscrOp::Delete => {
            d.list(rt)?.remove_at(d.head.get() + i);
            Ok(Value::NONE)
        }
    }
}

fn deque_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let d = deque_this(rt, this)?;
    out.put(b"deque([")?;
    for i in 0..d.len(rt) {
        if i > 0 {
            out.put(b", ")?;
        }
        let v = d.get(rt, i).unwrap_or(Value::NONE);
        if v == this {
            out.put(b"[...]")?;
        } else {
            rt.print(v, out, PrintKind::Repr)?;
        }
    }
    out.put(b"]")?;
    if d.maxlen >= 0 {
        let mut buf = itoa_buf();
        out.put(b", maxlen=")?;
        out.put(fmt_usize(&mut buf, d.maxlen as usize))?;
    }
    out.put(b")")
}

fn itoa_buf() -> [u8; 20] {
    [0; 20]
}

fn fmt_usize(buf: &mut [u8; 20], mut n: usize) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

fn deque_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    if name != q::maxlen {
        return Ok(false);
    }
    let d = deque_this(rt, this)?;
    match op {
        AttrOp::Load(dest) => {
            dest[0] = if d.maxlen < 0 {
                Value::NONE
            } else {
                super::int_value(rt, d.maxlen as i64)?
            };
            Ok(true)
        }
        _ => Err(rt.error(
            &exc::ATTRIBUTE_ERROR,
            format_args!("attribute 'maxlen' of 'collections.deque' objects is not writable"),
        )),
    }
}

/// An iterator over a deque, by position.
#[repr(C)]
struct DequeIter {
    header: ObjHeader,
    deque: Value,
    index: Cell<usize>,
}

// SAFETY: `#[repr(C)]` with the header first; `DEQUE_ITER_TYPE` owns it.
unsafe impl Object for DequeIter {
    const TYPE: &'static Type = &DEQUE_ITER_TYPE;
}

fn deque_iter(rt: &Rt, this: Value) -> PyResult {
    deque_this(rt, this)?;
    let p = rt
        .alloc(size_of::<DequeIter>(), AllocFlags::NONE)?
        .cast::<DequeIter>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(DequeIter {
            header: ObjHeader::new(&DEQUE_ITER_TYPE),
            deque: this,
            index: Cell::new(0),
        })
    };
    Ok(obj_value(p))
}

fn deque_iternext(rt: &Rt, this: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<DequeIter>(this) else {
        return Ok(None);
    };
    let d = deque_this(rt, it.deque)?;
    let i = it.index.get();
    if i >= d.len(rt) {
        return Ok(None);
    }
    it.index.set(i + 1);
    Ok(d.get(rt, i))
}

fn identity_iter(_rt: &Rt, this: Value) -> PyResult {
    Ok(this)
}

static DEQUE_ITER_SLOTS: Slots = Slots {
    iter: Some(identity_iter),
    iternext: Some(deque_iternext),
    ..Slots::EMPTY
};

static DEQUE_ITER_TYPE: Type = crate::func::vm_type(
    q::iterator,
    TypeFlags::EQ_IS_IDENTITY,
    &DEQUE_ITER_TYPE,
    &DEQUE_ITER_SLOTS,
);

static DEQUE_SLOTS: Slots = Slots {
    make_new: Some(deque_make_new),
    print: Some(deque_print),
    unary_op: Some(deque_unary),
    binary_op: Some(deque_binary),
    attr: Some(deque_attr),
    subscr: Some(deque_subscr),
    iter: Some(deque_iter),
    ..Slots::EMPTY
};

static DEQUE_METHODS: [(Qstr, Value); 9] = super::sort_methods([
    rom_method!(append, NativeFn::F2(deque_append)),
    rom_method!(appendleft, NativeFn::F2(deque_appendleft)),
    rom_method!(pop, NativeFn::F1(deque_pop)),
    rom_method!(popleft, NativeFn::F1(deque_popleft)),
    rom_method!(extend, NativeFn::F2(deque_extend)),
    rom_method!(extendleft, NativeFn::F2(deque_extendleft)),
    rom_method!(clear, NativeFn::F1(deque_clear)),
    rom_method!(count, NativeFn::F2(deque_count)),
    rom_method!(
        rotate,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: deque_rotate
        }
    ),
]);
const _: () = assert!(
    methods_sorted(&DEQUE_METHODS),
    "DEQUE_METHODS must be sorted by qstr"
);

/// `collections.deque`.
pub(crate) static DEQUE_TYPE: Type = Type {
    methods: &DEQUE_METHODS,
    flags: TypeFlags::UNHASHABLE.union(TypeFlags::EQ_IS_IDENTITY),
    ..crate::func::vm_type(q::deque, TypeFlags::NONE, &DEQUE_TYPE, &DEQUE_SLOTS)
};

// ----- the module ------------------------------------------------------------------------

static NAMEDTUPLE: BuiltinFn = BuiltinFn::new(
    q::namedtuple,
    NativeFn::Kw {
        min: 0,
        f: namedtuple,
    },
);

/// Fills the `collections` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    set_fns(rt, dict, &[&NAMEDTUPLE])?;
    set(rt, dict, q::OrderedDict, type_to_value(&ORDERED_DICT_TYPE))?;
    set(rt, dict, q::deque, type_to_value(&DEQUE_TYPE))?;
    set(rt, dict, q::defaultdict, type_to_value(&DEFAULT_DICT_TYPE))?;
    // An empty class, as MicroPython's: made like `type(name, (), {})`.
    let mutable_mapping = crate::class::type_new(
        vm,
        Value::qstr(q::MutableMapping),
        new_tuple(rt, &[])?,
        new_dict(rt)?,
    )?;
    set(rt, dict, q::MutableMapping, mutable_mapping)?;
    Ok(())
}
