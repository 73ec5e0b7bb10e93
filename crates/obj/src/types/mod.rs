//! The built-in types.
//!
//! Each type is a `static Type` built with [`builtin_type`] or
//! [`derived_type`], a `static Slots` table, and (for methods) a ROM table of
//! `(Qstr, Value)` pairs sorted by qstr index, made with [`rom_method!`] and
//! checked by a `const` assertion with `methods_sorted`.

/// One entry of a ROM method table: `rom_method!(append, NativeFn::F2(f))`
/// makes a static built-in function named `append` and pairs it with its
/// qstr.
#[macro_export]
macro_rules! rom_method {
    ($name:ident, $imp:expr) => {{
        static F: $crate::types::function::BuiltinFn =
            $crate::types::function::BuiltinFn::method($crate::qstr::q::$name, $imp);
        (
            $crate::qstr::q::$name,
            $crate::value::Value::from_static(&F),
        )
    }};
}

pub mod bound;
pub mod buffer;
pub mod bytearray;
pub mod descriptor;
pub mod dict;
pub mod exc;
pub mod function;
pub mod iter;
pub mod list;
#[cfg(feature = "memoryview")]
pub mod memoryview;
pub mod num;
pub mod set;
pub mod slice;
pub mod sort;
pub mod str;
pub mod str_format;
pub mod str_methods;
pub mod tuple;

use core::ptr::NonNull;

use crate::args::Args;
use crate::error::PyResult;
use crate::object::{AttrOp, ObjHeader, PrintKind, Slots, Type, TypeFlags};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::{Immediate, Value};

/// `len(x)` and `bool(x)` for a container of `len` items; `None` for the
/// other unary operators. Shared by the containers' `unary_op` slots.
pub(crate) fn len_unary(op: crate::ops::UnaryOp, len: usize) -> Option<Value> {
    match op {
        crate::ops::UnaryOp::Len => Value::small_int(len as i64),
        crate::ops::UnaryOp::Bool => Some(Value::bool(len != 0)),
        _ => None,
    }
}

/// A built-in type whose base is `object`, for `static` declarations.
pub(crate) const fn builtin_type(
    name: Qstr,
    flags: TypeFlags,
    map_char: u8,
    native: &'static Type,
    slots: &'static Slots,
    methods: &'static [(Qstr, Value)],
) -> Type {
    derived_type(name, flags, map_char, native, &OBJECT_TYPE, slots, methods)
}

/// A built-in type with the given base, for `static` declarations.
pub(crate) const fn derived_type(
    name: Qstr,
    flags: TypeFlags,
    map_char: u8,
    native: &'static Type,
    base: &'static Type,
    slots: &'static Slots,
    methods: &'static [(Qstr, Value)],
) -> Type {
    Type {
        header: ObjHeader::new(&TYPE_TYPE),
        name,
        flags,
        map_char,
        native,
        base: Some(NonNull::from_ref(base)),
        slots,
        methods,
        locals: Value::NULL,
        bases: Value::NULL,
        mro: Value::NULL,
        instance_words: 0,
        dict_offset: 0,
    }
}

fn type_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let name = rt.downcast::<Type>(this).map_or(q::r#type, |t| t.name);
    out.put(b"<class '")?;
    out.put(rt.qstr_text(name))?;
    out.put(b"'>")
}

fn type_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    let Some(ty) = rt.downcast::<Type>(this) else {
        return Err(rt.type_error(format_args!("not a type")));
    };
    match ty.slots.make_new {
        Some(make_new) => make_new(rt, ty, args),
        None => Err(rt.type_error(format_args!(
            "cannot create '{}' instances",
            rt.qstr_display(ty.name)
        ))),
    }
}

/// The attributes every type has: `__name__`, `__qualname__`,
/// `__bases__`, `__mro__` and (for classes) `__dict__`.
fn type_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let (AttrOp::Load(dest), Some(ty)) = (op, rt.downcast::<Type>(this)) else {
        return Ok(false);
    };
    let bases_chain = || {
        let mut current = ty;
        core::iter::from_fn(move || {
            // SAFETY: a type's base outlives it.
            current = unsafe { current.base?.as_ref() };
            Some(current)
        })
    };
    dest[0] = match name {
        q::__name__ | q::__qualname__ => Value::qstr(ty.name),
        q::__dict__ if !ty.locals.is_null() => {
            rt.share_class_dict();
            ty.locals
        }
        q::__bases__
            if !ty.bases.is_null()
                && rt
                    .downcast::<tuple::Tuple>(ty.bases)
                    .is_none_or(|t| !t.items().is_empty()) =>
        {
            ty.bases
        }
        q::__bases__ => {
            // A class with no bases given has `object`'s; `object` none.
            let first = bases_chain()
                .next()
                .or_else(|| (!core::ptr::eq(ty, &OBJECT_TYPE)).then_some(&OBJECT_TYPE));
            tuple::new_tuple_with(rt, usize::from(first.is_some()), |_| {
                first.map_or(Value::NONE, Type::to_value)
            })?
        }
        q::__mro__ => {
            let len = 1 + match ty.mro_types() {
                Some(mro) => mro.count(),
                None => bases_chain().count(),
            };
            let mut mro = ty.mro_types();
            let mut chain = bases_chain();
            tuple::new_tuple_with(rt, len, |i| {
                let t = if i == 0 {
                    Some(ty)
                } else {
                    match &mut mro {
                        Some(m) => m.next(),
                        None => chain.next(),
                    }
                };
                t.map_or(Value::NONE, Type::to_value)
            })?
        }
        _ => return Ok(false),
    };
    Ok(true)
}

/// The instance size in bytes of a built-in type that a Python class may
/// extend with an attribute map after it: the fixed-size mutable
/// containers (`list`, `dict`, `set`, `bytearray`). `None` for other types.
pub fn fixed_instance_size(native: &Type) -> Option<usize> {
    let table: [(&Type, usize); 4] = [
        (&list::LIST_TYPE, size_of::<list::List>()),
        (&dict::DICT_TYPE, size_of::<dict::Dict>()),
        (&set::SET_TYPE, size_of::<set::Set>()),
        (
            &bytearray::BYTEARRAY_TYPE,
            size_of::<bytearray::ByteArray>(),
        ),
    ];
    table
        .iter()
        .find(|(t, _)| core::ptr::eq(*t, native))
        .map(|&(_, size)| size)
}

static TYPE_SLOTS: Slots = Slots {
    print: Some(type_print),
    call: Some(type_call),
    attr: Some(type_attr),
    ..Slots::EMPTY
};

/// `type`.
pub static TYPE_TYPE: Type = builtin_type(
    q::r#type,
    TypeFlags::BASETYPE.union(TypeFlags::EQ_IS_IDENTITY),
    b'h',
    &TYPE_TYPE,
    &TYPE_SLOTS,
    &[],
);

// SAFETY: `Type` is `#[repr(C)]` with its header first, and its type is `type`.
unsafe impl crate::object::Object for Type {
    const TYPE: &'static Type = &TYPE_TYPE;
}

static OBJECT_SLOTS: Slots = Slots::EMPTY;

/// The interned name an attribute function was given (`setattr(o, name,
/// v)`, `object.__setattr__(o, name, v)`).
pub fn attr_name(rt: &Rt, name: Value) -> PyResult<Qstr> {
    if let Some(q) = name.as_qstr() {
        return Ok(q);
    }
    match rt.downcast::<str::Str>(name) {
        Some(s) => rt.intern(s.bytes()).map_err(|_| rt.memory_error()),
        None => Err(rt.type_error(format_args!("attribute name must be string"))),
    }
}

/// A bare instance of a class whose instances are plain objects (the
/// header, then the attribute map at `dict_offset`), with no `__init__`
/// run: what `object.__new__(cls)` and class calls make.
pub fn new_plain_instance(rt: &Rt, ty: &Type) -> PyResult {
    let words = (ty.instance_words as usize).max(1);
    let p = rt.alloc(words * size_of::<usize>(), pyrite_gc::AllocFlags::NONE)?;
    // SAFETY: a fresh zeroed allocation of `instance_words` words, laid out
    // as the native type's instance (an `ObjHeader` first), with the
    // attribute map at `dict_offset` when there is one; the header keeps
    // the class alive.
    unsafe {
        p.cast::<ObjHeader>()
            .as_ptr()
            .write(ObjHeader::with_heap_type(NonNull::from(ty)));
        if ty.dict_offset != 0 {
            p.cast::<usize>()
                .as_ptr()
                .add(ty.dict_offset as usize)
                .cast::<crate::map::Map>()
                .write(crate::map::Map::new());
        }
        Ok(Value::from_object(p.cast()))
    }
}

/// The built-in type a class's instances are made and handled by: the
/// first non-class type along its first bases (a `namedtuple` class is one,
/// with `tuple`'s layout), or else its native type.
pub fn builtin_base(ty: &Type) -> &Type {
    let mut t = ty;
    while t.flags.contains(TypeFlags::HEAP) {
        match t.base {
            // SAFETY: a type's base outlives it.
            Some(b) => t = unsafe { b.as_ref() },
            None => return ty.native,
        }
    }
    if core::ptr::eq(t.native, ty.native) {
        t
    } else {
        ty.native
    }
}

/// A bare instance of a class that extends a built-in type (no `__init__`
/// run): the native object is made (empty for the mutable containers,
/// which `__init__` fills; from `args` for `tuple`, `str` and `bytes`),
/// then copied into an object of the class's size whose header names the
/// class. What `object.__new__(cls, ...)` and class calls make.
pub fn new_native_instance(rt: &Rt, ty: &Type, args: Args<'_>) -> PyResult {
    let native = ty.native;
    let maker = builtin_base(ty);
    let Some(make_new) = maker.slots.make_new else {
        return Err(rt.type_error(format_args!("cannot create instances")));
    };
    let mutable = fixed_instance_size(native).is_some();
    let inner = if mutable {
        make_new(rt, maker, Args::default())?
    } else {
        make_new(rt, maker, args)?
    };
    // An interned or flash string has no heap block to copy: make one.
    let in_heap = |v: Value| {
        v.as_object()
            .is_some_and(|p| rt.heap().contains(p.as_ptr().cast()))
    };
    let inner = match rt.str_bytes(inner) {
        Some(text)
            if !in_heap(inner)
                && (core::ptr::eq(native, &str::STR_TYPE)
                    || core::ptr::eq(native, &str::BYTES_TYPE)) =>
        {
            str::new_str(rt, native, text)?
        }
        _ => inner,
    };
    let (src, src_bytes) = match inner.as_object() {
        Some(p) if rt.heap().contains(p.as_ptr().cast()) => {
            let size = rt.heap().alloc_size(p.as_ptr().cast());
            (p, size.unwrap_or(size_of::<tuple::Tuple>()))
        }
        // The shared empty tuple lives in flash: an empty tuple is its
        // header and length.
        Some(p) => (p, size_of::<tuple::Tuple>()),
        None => return Err(rt.type_error(format_args!("cannot extend this type"))),
    };
    let map_at_end = ty.dict_offset == crate::object::DICT_AT_END;
    let bytes = if mutable {
        ty.instance_words as usize * size_of::<usize>()
    } else if map_at_end {
        // Word-aligned items, then room for the attribute map.
        src_bytes.next_multiple_of(size_of::<usize>()) + size_of::<crate::map::Map>()
    } else {
        src_bytes
    };
    let copy_bytes = if mutable {
        ty.dict_offset as usize * size_of::<usize>()
    } else {
        src_bytes
    };
    let p = rt.alloc(bytes, pyrite_gc::AllocFlags::NONE)?;
    // SAFETY: a fresh allocation of `bytes` bytes, at least the native
    // object's size; the native object is live (a local, found by the
    // conservative stack scan) and laid out with its header first. The copy
    // takes over the native object's buffers; a fresh original is freed
    // before anything else can see it. The attribute map's place is inside
    // the block (for `DICT_AT_END`, after the items, as sized above).
    let obj = unsafe {
        core::ptr::copy_nonoverlapping(src.as_ptr().cast::<u8>(), p.as_ptr(), copy_bytes);
        p.cast::<ObjHeader>()
            .as_ptr()
            .write(ObjHeader::with_heap_type(NonNull::from(ty)));
        let obj = Value::from_object(p.cast());
        if let Some(map) = rt.instance_map_ptr(obj) {
            map.as_ptr().write(crate::map::Map::new());
        }
        obj
    };
    // A tuple's `make_new` may hand back its argument (`T((1, 2))`), which
    // others still refer to: only the fresh empty containers are freed.
    if mutable && rt.heap().contains(src.as_ptr().cast()) {
        rt.heap().free(src.cast());
    }
    Ok(obj)
}

/// `object.__new__(cls, ...)`: a bare instance of `cls` (the other
/// arguments are for `__init__`).
fn object_new(rt: &Rt, args: &[Value]) -> PyResult {
    let Some(ty) = args.first().and_then(|&c| rt.downcast::<Type>(c)) else {
        return Err(rt.type_error(format_args!("object.__new__(X): X is not a type object")));
    };
    let plain = core::ptr::eq(ty.native, &OBJECT_TYPE) && !ty.flags.contains(TypeFlags::EXCEPTION);
    if ty.flags.contains(TypeFlags::HEAP) && plain {
        return new_plain_instance(rt, ty);
    }
    // `tuple.__new__(cls, x)`, `super().__new__(cls, x)` in a class that
    // extends a built-in: the built-in's value, without the class's own
    // `__new__` (which is the caller) or `__init__`.
    if ty.flags.contains(TypeFlags::HEAP) && !ty.flags.contains(TypeFlags::EXCEPTION) {
        return new_native_instance(rt, ty, Args::positional(&args[1..]));
    }
    match ty.slots.make_new {
        Some(make_new) => make_new(rt, ty, Args::default()),
        None => Err(rt.type_error(format_args!(
            "cannot create '{}' instances",
            rt.qstr_display(ty.name)
        ))),
    }
}

/// `object.__new__`: static (not bound to the instance or class).
pub static OBJECT_NEW_FN: function::BuiltinFn = function::BuiltinFn::new(
    q::__new__,
    function::NativeFn::Var {
        min: 1,
        max: 255,
        f: object_new,
    },
);

/// `object.__init__(self, ...)`: accepts and ignores its arguments.
fn object_init(_rt: &Rt, _args: &[Value]) -> PyResult {
    Ok(Value::NONE)
}

fn object_setattr(rt: &Rt, obj: Value, name: Value, value: Value) -> PyResult {
    let name = attr_name(rt, name)?;
    rt.store_attr_default(obj, name, Some(value))?;
    Ok(Value::NONE)
}

fn object_delattr(rt: &Rt, obj: Value, name: Value) -> PyResult {
    let name = attr_name(rt, name)?;
    rt.store_attr_default(obj, name, None)?;
    Ok(Value::NONE)
}

/// `object.__init__`: classes whose `__init__` resolves to it take no
/// arguments when made.
pub static OBJECT_INIT_FN: function::BuiltinFn = function::BuiltinFn::method(
    q::__init__,
    function::NativeFn::Var {
        min: 1,
        max: 255,
        f: object_init,
    },
);

/// `object.__init_subclass__`: does nothing (a class's own, called when a
/// subclass is made, may call it through `super()`).
pub static OBJECT_INIT_SUBCLASS_FN: function::BuiltinFn = function::BuiltinFn::method(
    q::__init_subclass__,
    function::NativeFn::Var {
        min: 1,
        max: 1,
        f: object_init,
    },
);

/// `object.__setattr__`: the default attribute store, which a class's own
/// `__setattr__` calls to store for real.
pub static OBJECT_SETATTR_FN: function::BuiltinFn =
    function::BuiltinFn::method(q::__setattr__, function::NativeFn::F3(object_setattr));

/// `object.__delattr__`: the default attribute delete.
pub static OBJECT_DELATTR_FN: function::BuiltinFn =
    function::BuiltinFn::method(q::__delattr__, function::NativeFn::F2(object_delattr));

static OBJECT_METHODS: [(Qstr, Value); 5] = str::sort_methods([
    (q::__init__, Value::from_static(&OBJECT_INIT_FN)),
    (q::__new__, Value::from_static(&OBJECT_NEW_FN)),
    (q::__delattr__, Value::from_static(&OBJECT_DELATTR_FN)),
    (
        q::__init_subclass__,
        Value::from_static(&OBJECT_INIT_SUBCLASS_FN),
    ),
    (q::__setattr__, Value::from_static(&OBJECT_SETATTR_FN)),
]);
const _: () = assert!(crate::object::methods_sorted(&OBJECT_METHODS));

/// `object`, the root of every hierarchy.
pub static OBJECT_TYPE: Type = Type {
    base: None,
    ..builtin_type(
        q::object,
        TypeFlags::BASETYPE.union(TypeFlags::EQ_IS_IDENTITY),
        b'h',
        &OBJECT_TYPE,
        &OBJECT_SLOTS,
        &OBJECT_METHODS,
    )
};

fn immediate_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let _ = rt;
    out.put(match this.as_immediate() {
        Some(Immediate::None) => b"None",
        Some(Immediate::False) => b"False",
        Some(Immediate::True) => b"True",
        Some(Immediate::Ellipsis) => b"Ellipsis",
        _ => b"NotImplemented",
    })
}

static IMMEDIATE_SLOTS: Slots = Slots {
    print: Some(immediate_print),
    ..Slots::EMPTY
};

/// `NoneType`.
pub static NONE_TYPE: Type = builtin_type(
    q::NoneType,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &NONE_TYPE,
    &IMMEDIATE_SLOTS,
    &[],
);

/// `ellipsis`.
pub static ELLIPSIS_TYPE: Type = builtin_type(
    q::ellipsis,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &ELLIPSIS_TYPE,
    &IMMEDIATE_SLOTS,
    &[],
);

/// `NotImplementedType`.
pub static NOT_IMPLEMENTED_TYPE: Type = builtin_type(
    q::NotImplementedType,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &NOT_IMPLEMENTED_TYPE,
    &IMMEDIATE_SLOTS,
    &[],
);

/// `bool`, a subclass of `int` whose instances are the immediates `True`
/// and `False`.
pub static BOOL_TYPE: Type = derived_type(
    q::bool,
    TypeFlags::EQ_IS_IDENTITY,
    b'h',
    &BOOL_TYPE,
    &num::INT_TYPE,
    &num::int::BOOL_SLOTS,
    &[],
);
