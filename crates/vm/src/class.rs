//! Classes defined in Python: heap types, instances, special methods.

use alloc::vec::Vec;
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;
use pyrite_obj::map::Map;
use pyrite_obj::object::{AttrOp, Buffer, ObjHeader, PrintKind, Slots, SubscrOp, Type, TypeFlags};
use pyrite_obj::types::bound::call_with_receiver;
use pyrite_obj::types::descriptor::{MethodWrapper, Property, resolve_descriptor};
use pyrite_obj::types::dict::DICT_TYPE;
use pyrite_obj::types::dict::{Dict, new_dict};
use pyrite_obj::types::exc::{self, ExcObj};
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::set::SET_TYPE;
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE};
use pyrite_obj::types::tuple::TUPLE_TYPE;
use pyrite_obj::types::tuple::{Tuple, new_tuple};
use pyrite_obj::types::{
    OBJECT_TYPE, TYPE_TYPE, fixed_instance_size, new_native_instance, new_plain_instance,
};
use pyrite_obj::{Args, BinaryOp, Exc, PyResult, Qstr, Rt, Sink, UnaryOp, Value, q};

use crate::func::{CellObj, FunObj};
use crate::interp::type_to_value;
use crate::vm::Vm;

const WORD: usize = size_of::<usize>();

/// `__build_class__(body, name, *bases, **kw)`: the keywords (but
/// `metaclass`) go to `__init_subclass__`.
pub(crate) fn build_class(vm: &Vm, args: &[Value], kw: &[Value]) -> PyResult {
    let rt = vm.rt();
    if args.len() < 2 {
        return Err(rt.type_error(format_args!("__build_class__: not enough arguments")));
    }
    let metaclass = kw
        .chunks_exact(2)
        .any(|pair| rt.str_bytes(pair[0]) == Some(b"metaclass"));
    if metaclass || (!kw.is_empty() && !cfg!(feature = "class-hooks")) {
        return Err(rt.type_error(format_args!("metaclasses are not supported")));
    }
    let (body, name, bases) = (args[0], args[1], &args[2..]);
    let mut cell = Value::NONE;
    let ty = define_class(vm, name, bases, kw, &mut |locals| {
        cell = vm.call_function(body, &[], &[], locals)?;
        Ok(())
    })?;
    if let Some(c) = rt.downcast::<CellObj>(cell) {
        c.value.set(ty);
    }
    Ok(ty)
}

/// `type(name, bases, dict)`: a class whose namespace is a copy of `dict`.
pub(crate) fn type_new(vm: &Vm, name: Value, bases: Value, dict: Value) -> PyResult {
    let rt = vm.rt();
    let bases = rt
        .downcast::<Tuple>(bases)
        .ok_or_else(|| rt.type_error(format_args!("type() argument 2 must be tuple")))?;
    let source = rt
        .downcast::<Dict>(dict)
        .ok_or_else(|| rt.type_error(format_args!("type() argument 3 must be dict")))?;
    define_class(vm, name, bases.items(), &[], &mut |locals| {
        let ns = rt
            .downcast::<Dict>(locals)
            .ok_or_else(|| rt.memory_error())?;
        let map = source.map();
        for i in 0..map.slots() {
            if let Some((k, v)) = map.entry_at(i) {
                // Attribute lookups find names as qstrs.
                let name = match k.as_qstr() {
                    Some(q) => q,
                    None => match rt
                        .downcast_native(k, &pyrite_obj::types::str::STR_TYPE)
                        .and_then(|_| rt.str_bytes(k))
                    {
                        Some(text) => rt.intern(text).map_err(|_| rt.memory_error())?,
                        None => {
                            return Err(
                                rt.type_error(format_args!("class attribute names must be str"))
                            );
                        }
                    },
                };
                ns.map().insert(rt, Value::qstr(name), v)?;
            }
        }
        Ok(())
    })
}

/// Checks the bases, fills a new namespace with `fill` (the class body,
/// or a copy of `type()`'s dict) and makes the class; `kw` (name, value
/// pairs) are the keywords for `__init_subclass__`.
fn define_class(
    vm: &Vm,
    name: Value,
    bases: &[Value],
    #[cfg_attr(not(feature = "class-hooks"), allow(unused_variables))] kw: &[Value],
    // `dyn`: one copy of this function serves `class` and `type()`.
    fill: &mut dyn FnMut(Value) -> PyResult<()>,
) -> PyResult {
    let rt = vm.rt();
    let name_q = match name.as_qstr() {
        Some(q) => q,
        None => {
            let b = rt
                .str_bytes(name)
                .ok_or_else(|| rt.type_error(format_args!("class name must be a string")))?;
            rt.intern(b).map_err(|_| rt.memory_error())?
        }
    };
    let mut base_types: Vec<&Type> = Vec::with_capacity(bases.len());
    for &b in bases {
        let t = rt
            .downcast::<Type>(b)
            .ok_or_else(|| rt.type_error(format_args!("bases must be types")))?;
        if !t.flags.contains(TypeFlags::BASETYPE) {
            return Err(rt.type_error(format_args!(
                "type '{}' is not an acceptable base type",
                rt.qstr_display(t.name)
            )));
        }
        base_types.push(t);
    }
    let base = layout_base(rt, &base_types)?;
    let native = base.native;
    let is_exc = base.flags.contains(TypeFlags::EXCEPTION);
    if !core::ptr::eq(native, &OBJECT_TYPE) && !is_exc && !native_extensible(native) {
        return Err(rt.error(
            &exc::NOT_IMPLEMENTED_ERROR,
            format_args!(
                "subclassing '{}' is not supported yet",
                rt.qstr_display(native.name)
            ),
        ));
    }
    let mro_order = if base_types.len() > 1 || base_types.iter().any(|b| !b.mro.is_null()) {
        #[cfg(feature = "c3-mro")]
        let order = c3_merge(rt, &base_types)?;
        #[cfg(not(feature = "c3-mro"))]
        let order = depth_first(&base_types);
        Some(order)
    } else {
        None
    };
    let locals = new_dict(rt)?;
    // Root the namespace while it is filled.
    let mark = vm.region_mark();
    let slot = vm.region_alloc(1)?;
    // SAFETY: one reserved word.
    unsafe { slot.write(locals) };
    if let Err(e) = fill(locals) {
        vm.region_release(mark);
        return Err(e);
    }
    let ty = make_class(vm, name_q, base, locals, bases, mro_order.as_deref());
    vm.region_release(mark);
    let ty = ty?;
    #[cfg(feature = "class-hooks")]
    set_names(vm, ty, locals)?;
    #[cfg(feature = "class-hooks")]
    init_subclass(vm, ty, kw)?;
    Ok(ty)
}

/// Calls the nearest base's `__init_subclass__` (an implicit class
/// method) with the new class and the class statement's keywords, as
/// `type.__new__` does.
#[cfg(feature = "class-hooks")]
fn init_subclass(vm: &Vm, cls: Value, kw: &[Value]) -> PyResult<()> {
    let rt = vm.rt();
    let Some(t) = rt.downcast::<Type>(cls) else {
        return Ok(());
    };
    for base in linearisation(t).into_iter().skip(1) {
        if !base.flags.contains(TypeFlags::HEAP) {
            continue;
        }
        if let Some((found, _)) = rt.lookup_in_own(base, q::__init_subclass__)? {
            let mut dest = [Value::NULL; 2];
            if resolve_descriptor(rt, found, cls, true, &mut dest)? {
                if kw.is_empty() {
                    vm.call_method_n(dest[0], dest[1], &[])?;
                } else {
                    vm.call_value(dest[0], &[dest[1]], kw)?;
                }
            } else {
                vm.call_value(found, &[cls], kw)?;
            }
            return Ok(());
        }
    }
    if !kw.is_empty() {
        // `object.__init_subclass__` takes none.
        return Err(rt.type_error(format_args!(
            "__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(())
}

/// Calls `__set_name__(owner, name)` on each class attribute whose class
/// defines it, as `type.__new__` does.
#[cfg(feature = "class-hooks")]
fn set_names(vm: &Vm, owner: Value, locals: Value) -> PyResult<()> {
    let rt = vm.rt();
    let Some(d) = rt.downcast::<Dict>(locals) else {
        return Ok(());
    };
    let map = d.map();
    // By slot: the calls may change the dict.
    let mut i = 0;
    while i < map.slots() {
        if let Some((k, v)) = map.entry_at(i)
            && rt.type_of(v).flags.contains(TypeFlags::HEAP)
            && let Some(f) = rt.lookup_in_type(rt.type_of(v), q::__set_name__)?
        {
            rt.call_positional(f, &[v, owner, k])?;
        }
        i += 1;
    }
    Ok(())
}

/// Makes the bases and MRO tuples (rooted in the VM region while the
/// rest is allocated), then the class.
fn make_class(
    vm: &Vm,
    name: Qstr,
    base: &Type,
    locals: Value,
    bases: &[Value],
    mro_order: Option<&[&Type]>,
) -> PyResult {
    let rt = vm.rt();
    let slots = vm.region_alloc(2)?;
    let bases_tuple = new_tuple(rt, bases)?;
    // SAFETY: two reserved words, released by the caller's region mark.
    unsafe { slots.write(bases_tuple) };
    let mro = match mro_order {
        Some(order) => {
            let items: Vec<Value> = order.iter().map(|t| type_to_value(t)).collect();
            new_tuple(rt, &items)?
        }
        None => Value::NULL,
    };
    // SAFETY: the second reserved word.
    unsafe { slots.add(1).write(mro) };
    new_class(vm, name, base, locals, bases_tuple, mro)
}

/// The base whose instance layout a class extends: the one base that is
/// not a plain `object` class (an exception, say), else the first.
fn layout_base<'a>(rt: &Rt, bases: &[&'a Type]) -> PyResult<&'a Type> {
    let plain =
        |t: &Type| core::ptr::eq(t.native, &OBJECT_TYPE) && !t.flags.contains(TypeFlags::EXCEPTION);
    let mut solid: Option<&Type> = None;
    for &b in bases {
        if plain(b) {
            continue;
        }
        match solid {
            Some(s)
                if !core::ptr::eq(s.native, b.native) || s.instance_words != b.instance_words =>
            {
                return Err(rt.type_error(format_args!(
                    "multiple bases have instance lay-out conflict"
                )));
            }
            Some(_) => {}
            None => solid = Some(b),
        }
    }
    Ok(solid.or(bases.first().copied()).unwrap_or(&OBJECT_TYPE))
}

/// A type's own linearisation: itself, then its MRO (or chain of bases).
fn linearisation(ty: &Type) -> Vec<&Type> {
    let mut out = alloc::vec![ty];
    if let Some(mro) = ty.mro_types() {
        out.extend(mro);
        return out;
    }
    let mut current = ty;
    while let Some(b) = current.base {
        // SAFETY: a type's base outlives it.
        current = unsafe { b.as_ref() };
        out.push(current);
    }
    out
}

/// C3 linearisation of a class's bases: the order after the class itself.
#[cfg(feature = "c3-mro")]
fn c3_merge<'a>(rt: &Rt, bases: &[&'a Type]) -> PyResult<Vec<&'a Type>> {
    let mut seqs: Vec<Vec<&Type>> = bases.iter().map(|b| linearisation(b)).collect();
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        // The first head that is in no other sequence's tail.
        let in_tail = |t: &Type| {
            seqs.iter()
                .any(|s| s[1..].iter().any(|x| core::ptr::eq(*x, t)))
        };
        let Some(next) = seqs.iter().map(|s| s[0]).find(|h| !in_tail(h)) else {
            return Err(rt.type_error(format_args!(
                "Cannot create a consistent method resolution order (MRO)"
            )));
        };
        out.push(next);
        for s in &mut seqs {
            if core::ptr::eq(s[0], next) {
                s.remove(0);
            }
        }
    }
}

/// MicroPython's lookup order for a class's bases (the order after the
/// class itself): each base and then its own order, depth first and left
/// to right, each class once, with `object` last. Without a diamond it is
/// C3's order; with one, a class shared by two bases comes after the
/// first of them (C3 puts it after both), and no order is refused.
#[cfg(not(feature = "c3-mro"))]
fn depth_first<'a>(bases: &[&'a Type]) -> Vec<&'a Type> {
    let mut out: Vec<&Type> = Vec::new();
    let mut has_object = false;
    for base in bases {
        for t in linearisation(base) {
            if core::ptr::eq(t, &OBJECT_TYPE) {
                has_object = true;
            } else if !out.iter().any(|x| core::ptr::eq(*x, t)) {
                out.push(t);
            }
        }
    }
    if has_object {
        out.push(&OBJECT_TYPE);
    }
    out
}

/// Whether instance attribute stores must look for properties: the class
/// defines one, or a base needs it.
fn has_properties(rt: &Rt, locals: Value, base: &Type, mro: Value) -> bool {
    let inherited = |t: &Type| t.flags.contains(TypeFlags::CUSTOM_ATTR);
    if inherited(base) {
        return true;
    }
    if let Some(t) = rt.downcast::<Tuple>(mro)
        && t.items()
            .iter()
            .any(|&v| rt.downcast::<Type>(v).is_some_and(inherited))
    {
        return true;
    }
    let Some(d) = rt.downcast::<Dict>(locals) else {
        return false;
    };
    let map = d.map();
    (0..map.slots()).any(|i| {
        map.entry_at(i).is_some_and(|(k, v)| {
            rt.downcast::<Property>(v).is_some()
                || (cfg!(feature = "class-extras")
                    && (is_user_descriptor(rt, v)
                        || k == Value::qstr(q::__setattr__)
                        || k == Value::qstr(q::__delattr__)))
        })
    })
}

/// An instance of a Python class that defines `__get__`, `__set__` or
/// `__delete__` (flagged `DESCRIPTOR` by `new_class`).
fn is_user_descriptor(rt: &Rt, v: Value) -> bool {
    let ty = rt.type_of(v);
    ty.flags.contains(TypeFlags::HEAP) && ty.flags.contains(TypeFlags::DESCRIPTOR)
}

/// Whether a new class's instances are descriptors: it defines `__get__`,
/// `__set__` or `__delete__`, or a base class does.
fn defines_descriptor(rt: &Rt, locals: Value, base: &Type, mro: Value) -> bool {
    let flagged =
        |t: &Type| t.flags.contains(TypeFlags::HEAP) && t.flags.contains(TypeFlags::DESCRIPTOR);
    if flagged(base)
        || rt.downcast::<Tuple>(mro).is_some_and(|t| {
            t.items()
                .iter()
                .any(|&v| rt.downcast::<Type>(v).is_some_and(flagged))
        })
    {
        return true;
    }
    let Some(d) = rt.downcast::<Dict>(locals) else {
        return false;
    };
    [q::__get__, q::__set__, q::__delete__].iter().any(|&n| {
        d.map()
            .get_qstr(rt, Value::qstr(n))
            .ok()
            .flatten()
            .is_some()
    })
}

fn new_class(
    vm: &Vm,
    name: Qstr,
    base: &Type,
    locals: Value,
    bases: Value,
    mro: Value,
) -> PyResult {
    let rt = vm.rt();
    let is_exc = base.flags.contains(TypeFlags::EXCEPTION);
    let (instance_words, dict_offset) = if base.flags.contains(TypeFlags::HEAP) {
        (base.instance_words as usize, base.dict_offset as usize)
    } else if is_exc {
        let w = size_of::<ExcObj>() / WORD;
        (w + size_of::<Map>() / WORD, w)
    } else if let Some(size) = fixed_instance_size(base.native) {
        let w = size / WORD;
        (w + size_of::<Map>() / WORD, w)
    } else if !core::ptr::eq(base.native, &OBJECT_TYPE) {
        // A variable-sized native (tuple, str, bytes): the map follows the
        // items, in the last words of each instance's block.
        (0, pyrite_obj::object::DICT_AT_END as usize)
    } else {
        (1 + size_of::<Map>() / WORD, 1)
    };
    let mut flags = TypeFlags::HEAP.union(TypeFlags::BASETYPE);
    if is_exc {
        flags = flags.union(TypeFlags::EXCEPTION);
    }
    if has_properties(rt, locals, base, mro) {
        flags = flags.union(TypeFlags::CUSTOM_ATTR);
    }
    // Without `class-extras` a class's `__get__`, `__set__` and
    // `__delete__` are plain methods, as in MicroPython's micro:bit port.
    if cfg!(feature = "class-extras") && defines_descriptor(rt, locals, base, mro) {
        flags = flags.union(TypeFlags::DESCRIPTOR);
    }
    let p = rt
        .alloc(size_of::<Type>(), AllocFlags::NONE)?
        .cast::<Type>();
    // SAFETY: a fresh allocation of the right size; `base` is a live type
    // that the new type keeps alive through its `base` and `bases` words.
    unsafe {
        p.as_ptr().write(Type {
            header: ObjHeader::new(&TYPE_TYPE),
            name,
            flags,
            map_char: b'h',
            native: base.native,
            base: Some(NonNull::from(base)),
            slots: if is_exc {
                &EXC_INSTANCE_SLOTS
            } else {
                &INSTANCE_SLOTS
            },
            methods: &[],
            locals,
            bases,
            mro,
            instance_words: instance_words as u16,
            dict_offset: dict_offset as u16,
        });
        Ok(Value::from_object(p.cast()))
    }
}

/// A Python method of the instance's class, if it defines one.
fn special(rt: &Rt, obj: Value, name: Qstr) -> PyResult<Option<Value>> {
    let ty = rt.type_of(obj);
    if !ty.flags.contains(TypeFlags::HEAP) {
        return Ok(None);
    }
    rt.lookup_in_type(ty, name)
}

fn call_special(rt: &Rt, f: Value, obj: Value, args: &[Value]) -> PyResult {
    call_with_receiver(rt, f, obj, Args::positional(args))
}

/// Whether Python classes may extend a built-in type other than `object`
/// and the exceptions: the fixed-size containers and the immutable
/// variable-sized `tuple`, `str` and `bytes`.
fn native_extensible(native: &Type) -> bool {
    fixed_instance_size(native).is_some()
        || core::ptr::eq(native, &TUPLE_TYPE)
        || core::ptr::eq(native, &STR_TYPE)
        || core::ptr::eq(native, &BYTES_TYPE)
}

/// The native slots a class instance falls back to when its class does not
/// define the special method: those of `list`, `dict`... for classes that
/// extend them.
fn native_slots(ty: &Type) -> Option<&'static Slots> {
    if ty.flags.contains(TypeFlags::EXCEPTION) || core::ptr::eq(ty.native, &OBJECT_TYPE) {
        None
    } else {
        Some(pyrite_obj::types::builtin_base(ty).slots)
    }
}

/// An instance of a class that extends a built-in type
/// ([`new_native_instance`]), with its `__init__` run: the class's own, or
/// the container's, which fills it from the arguments.
fn native_instance(rt: &Rt, ty: &Type, args: Args<'_>) -> PyResult {
    let obj = new_native_instance(rt, ty, args)?;
    let mutable = fixed_instance_size(ty.native).is_some();
    if !mutable {
        // The arguments made the value; a Python `__init__` sees them too.
        run_init(rt, ty, obj, args, true)?;
        return Ok(obj);
    }
    match rt.lookup_in_type(ty, q::__init__)? {
        Some(init) if rt.downcast::<FunObj>(init).is_some() => {
            call_with_receiver(rt, init, obj, args)?;
        }
        _ => native_init_args(rt, obj, args)?,
    }
    Ok(obj)
}

/// `list.__init__` and friends for instances of classes that extend them:
/// `extend` (list, bytearray) or `update` (dict, set) with the arguments.
fn native_init_args(rt: &Rt, obj: Value, args: Args<'_>) -> PyResult<()> {
    if args.pos.is_empty() && args.kw.is_empty() {
        return Ok(());
    }
    let native = rt.type_of(obj).native;
    let name = if core::ptr::eq(native, &DICT_TYPE) || core::ptr::eq(native, &SET_TYPE) {
        q::update
    } else {
        q::extend
    };
    let mut dest = [Value::NULL; 2];
    rt.load_method(obj, name, &mut dest)?;
    if dest[1].is_null() {
        rt.call(dest[0], args)?;
    } else {
        call_with_receiver(rt, dest[0], dest[1], args)?;
    }
    Ok(())
}

fn native_init(rt: &Rt, args: Args<'_>) -> PyResult {
    let Some((&obj, rest)) = args.pos.split_first() else {
        return Err(rt.type_error(format_args!("__init__ needs an argument")));
    };
    native_init_args(
        rt,
        obj,
        Args {
            pos: rest,
            kw: args.kw,
        },
    )?;
    Ok(Value::NONE)
}

static NATIVE_INIT: BuiltinFn = BuiltinFn::new(
    q::__init__,
    NativeFn::Kw {
        min: 1,
        f: native_init,
    },
);

fn instance_make_new(rt: &Rt, ty: &Type, args: Args<'_>) -> PyResult {
    if let Some(new) = class_new(rt, ty)? {
        // The class's own `__new__(cls, ...)`; `__init__` runs when it
        // returns an instance of the class.
        let obj = call_with_receiver(rt, new, type_to_value(ty), args)?;
        if rt.type_of(obj).is_subtype_of(ty) {
            run_init(rt, ty, obj, args, true)?;
        }
        return Ok(obj);
    }
    if native_slots(ty).is_some() {
        return native_instance(rt, ty, args);
    }
    let obj = new_plain_instance(rt, ty)?;
    if ty.flags.contains(TypeFlags::EXCEPTION)
        && let Some(x) = rt.downcast::<ExcObj>(obj)
    {
        x.args.set(new_tuple(rt, args.pos)?);
    }
    run_init(rt, ty, obj, args, false)?;
    Ok(obj)
}

/// The interpreter's constructor fast path: when calling the class `ty`
/// means making a plain instance and running a Python `__init__` on it (no
/// `__new__` of its own, no built-in base, not an exception), the new
/// instance and that `__init__`; otherwise `None` (and nothing made).
#[cfg(not(feature = "compact"))]
pub(crate) fn plain_construct(rt: &Rt, ty: &Type) -> PyResult<Option<(Value, Value)>> {
    if !is_plain_class(ty) || native_slots(ty).is_some() || class_new(rt, ty)?.is_some() {
        return Ok(None);
    }
    match rt.lookup_in_type(ty, q::__init__)? {
        Some(init) if rt.downcast_exact::<FunObj>(init).is_some() => {
            Ok(Some((new_plain_instance(rt, ty)?, init)))
        }
        _ => Ok(None),
    }
}

/// Whether `ty` is a class whose instances are plain ones (not exceptions,
/// not built-in types): the cheap first test of the constructor fast path.
#[cfg(not(feature = "compact"))]
#[inline(always)]
pub(crate) fn is_plain_class(ty: &Type) -> bool {
    core::ptr::eq(ty.slots, &INSTANCE_SLOTS)
}

/// The error for an `__init__` that returned something other than `None`.
pub(crate) fn init_result_error(rt: &Rt, r: Value) -> Exc {
    rt.type_error(format_args!(
        "__init__() should return None, not '{}'",
        rt.qstr_display(rt.type_of(r).name)
    ))
}

/// A `__new__` defined by the class or a base class (not `object`'s).
fn class_new(rt: &Rt, ty: &Type) -> PyResult<Option<Value>> {
    let Some(f) = rt.lookup_in_type(ty, q::__new__)? else {
        return Ok(None);
    };
    if rt.downcast::<BuiltinFn>(f).is_some() {
        return Ok(None);
    }
    // `@staticmethod def __new__` is allowed too.
    Ok(Some(match rt.downcast::<MethodWrapper>(f) {
        Some(w) => w.func,
        None => f,
    }))
}

/// Runs the class's `__init__` on a new instance. Without one, arguments
/// are an error unless the class's `__new__` took them (`from_new`).
fn run_init(rt: &Rt, ty: &Type, obj: Value, args: Args<'_>, from_new: bool) -> PyResult<()> {
    match rt
        .lookup_in_type(ty, q::__init__)?
        .filter(|&f| !is_object_init(f))
    {
        Some(init) if rt.downcast::<FunObj>(init).is_some() => {
            let r = call_with_receiver(rt, init, obj, args)?;
            if !r.is_none() {
                return Err(init_result_error(rt, r));
            }
        }
        Some(init) => {
            call_with_receiver(rt, init, obj, args)?;
        }
        // After a class's `__new__`, a container's own `__init__` fills it.
        None if fixed_instance_size(ty.native).is_some() => native_init_args(rt, obj, args)?,
        None => {
            if !from_new
                && !ty.flags.contains(TypeFlags::EXCEPTION)
                && (!args.pos.is_empty() || !args.kw.is_empty())
            {
                return Err(rt.type_error(format_args!(
                    "{}() takes no arguments",
                    rt.qstr_display(ty.name)
                )));
            }
        }
    }
    Ok(())
}

fn instance_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    match special(rt, this, q::__call__)? {
        Some(f) => call_with_receiver(rt, f, this, args),
        None => Err(rt.type_error(format_args!(
            "'{}' object is not callable",
            rt.qstr_display(rt.type_of(this).name)
        ))),
    }
}

fn instance_print(rt: &Rt, this: Value, out: &mut dyn Sink, kind: PrintKind) -> PyResult<()> {
    let ty = rt.type_of(this);
    let mut f = None;
    if kind == PrintKind::Str {
        f = special(rt, this, q::__str__)?;
        // `str` has its own `__str__`: its text, whatever `__repr__` says.
        if f.is_none() && core::ptr::eq(ty.native, &STR_TYPE) {
            return out.put(rt.str_bytes(this).unwrap_or(b""));
        }
    }
    if f.is_none() {
        f = special(rt, this, q::__repr__)?;
    }
    if let Some(f) = f {
        let s = call_special(rt, f, this, &[])?;
        return match rt.str_bytes(s) {
            Some(b) => out.put(b),
            None => Err(rt.type_error(format_args!("__str__ returned non-string"))),
        };
    }
    if ty.flags.contains(TypeFlags::EXCEPTION) {
        if let Some(print) = exc::BASE_EXCEPTION.slots.print {
            return print(rt, this, out, kind);
        }
        return Ok(());
    }
    if let Some(print) = native_slots(ty).and_then(|s| s.print) {
        return print(rt, this, out, kind);
    }
    out.put(b"<")?;
    if let Some(d) = rt.downcast::<Dict>(ty.locals)
        && let Some(m) = d.map().get(rt, Value::qstr(q::__module__))?
        && let Some(text) = rt.str_bytes(m)
    {
        out.put(text)?;
        out.put(b".")?;
    }
    out.put(rt.qstr_text(ty.name))?;
    out.put(b" object at ")?;
    let mut buf = [0u8; 24];
    out.put(crate::func::hex_addr(&mut buf, rt.id(this)))?;
    out.put(b">")
}

fn unary_name(op: UnaryOp) -> Qstr {
    op.method()
}

fn instance_unary(rt: &Rt, op: UnaryOp, this: Value) -> PyResult<Option<Value>> {
    if op == UnaryOp::Bool {
        if let Some(f) = special(rt, this, q::__bool__)? {
            let r = call_special(rt, f, this, &[])?;
            if r != Value::TRUE && r != Value::FALSE {
                return Err(rt.type_error(format_args!(
                    "__bool__ should return bool, returned {}",
                    rt.qstr_display(rt.type_of(r).name)
                )));
            }
            return Ok(Some(r));
        }
        if let Some(f) = special(rt, this, q::__len__)? {
            let n = call_special(rt, f, this, &[])?;
            return Ok(Some(Value::bool(n.as_small_int() != Some(0))));
        }
    } else if let Some(f) = special(rt, this, unary_name(op))? {
        return call_special(rt, f, this, &[]).map(Some);
    }
    match native_slots(rt.type_of(this)).and_then(|s| s.unary_op) {
        Some(unary) => unary(rt, op, this),
        None => Ok(None),
    }
}

fn binary_name(op: BinaryOp) -> Option<Qstr> {
    use BinaryOp::*;
    Some(match op {
        Less => q::__lt__,
        More => q::__gt__,
        LessEqual => q::__le__,
        MoreEqual => q::__ge__,
        Equal => q::__eq__,
        NotEqual => q::__ne__,
        Contains => q::__contains__,
        Add => q::__add__,
        Subtract => q::__sub__,
        Multiply => q::__mul__,
        TrueDivide => q::__truediv__,
        FloorDivide => q::__floordiv__,
        Modulo => q::__mod__,
        Power => q::__pow__,
        And => q::__and__,
        Or => q::__or__,
        Xor => q::__xor__,
        Lshift => q::__lshift__,
        Rshift => q::__rshift__,
        MatMultiply => q::__matmul__,
        Divmod => q::__divmod__,
        InplaceAdd => q::__iadd__,
        InplaceSubtract => q::__isub__,
        // MicroPython's micro:bit port has only `__iadd__` and `__isub__`:
        // without `class-extras` the others fall back to the plain method.
        #[cfg(feature = "class-extras")]
        InplaceMultiply => q::__imul__,
        #[cfg(feature = "class-extras")]
        InplaceTrueDivide => q::__itruediv__,
        #[cfg(feature = "class-extras")]
        InplaceFloorDivide => q::__ifloordiv__,
        #[cfg(feature = "class-extras")]
        InplaceModulo => q::__imod__,
        #[cfg(feature = "class-extras")]
        InplacePower => q::__ipow__,
        #[cfg(feature = "class-extras")]
        InplaceAnd => q::__iand__,
        #[cfg(feature = "class-extras")]
        InplaceOr => q::__ior__,
        #[cfg(feature = "class-extras")]
        InplaceXor => q::__ixor__,
        #[cfg(feature = "class-extras")]
        InplaceLshift => q::__ilshift__,
        #[cfg(feature = "class-extras")]
        InplaceRshift => q::__irshift__,
        #[cfg(feature = "class-extras")]
        InplaceMatMultiply => q::__imatmul__,
        _ => return None,
    })
}

fn instance_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let Some(name) = binary_name(op) else {
        return Ok(None);
    };
    if let Some(f) = special(rt, a, name)? {
        let r = call_special(rt, f, a, &[b])?;
        if r != Value::NOT_IMPLEMENTED {
            return Ok(Some(r));
        }
    }
    match native_slots(rt.type_of(a)).and_then(|s| s.binary_op) {
        Some(binary) => binary(rt, op, a, b),
        None => Ok(None),
    }
}

fn instance_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let ty = rt.type_of(this);
    if let AttrOp::Load(dest) = op {
        if name == q::__class__ {
            dest[0] = type_to_value(ty);
            return Ok(true);
        }
        // An instance's `__dict__` is MicroPython's CPython-compatibility
        // extra, which its micro:bit port leaves out.
        if cfg!(feature = "class-extras")
            && name == q::__dict__
            && let Some(map) = rt.instance_map(this)
        {
            dest[0] = attributes_snapshot(rt, map)?;
            return Ok(true);
        }
        if ty.flags.contains(TypeFlags::EXCEPTION)
            && let Some(attr) = exc::BASE_EXCEPTION.slots.attr
        {
            return attr(rt, this, name, AttrOp::Load(dest));
        }
        // The built-in base's own attributes (a namedtuple's fields).
        if let Some(attr) = native_slots(ty).and_then(|s| s.attr)
            && attr(rt, this, name, AttrOp::Load(&mut *dest))?
        {
            return Ok(true);
        }
        if name != q::__getattr__
            && let Some(f) = special(rt, this, q::__getattr__)?
        {
            dest[0] = call_special(rt, f, this, &[Value::qstr(name)])?;
            return Ok(true);
        }
        return Ok(false);
    }
    if ty.flags.contains(TypeFlags::EXCEPTION)
        && let Some(attr) = exc::BASE_EXCEPTION.slots.attr
    {
        return attr(rt, this, name, op);
    }
    Ok(false)
}

/// An instance's `__dict__`: a new dict of its attributes. The map lives
/// inside the instance, so the dict is a copy (MicroPython's is read-only).
fn attributes_snapshot(rt: &Rt, map: &pyrite_obj::map::Map) -> PyResult {
    let d = pyrite_obj::types::dict::new_dict(rt)?;
    let dict = rt
        .downcast::<pyrite_obj::types::dict::Dict>(d)
        .ok_or_else(|| rt.memory_error())?;
    for i in 0..map.slots() {
        if let Some((k, v)) = map.entry_at(i) {
            dict.map().insert(rt, k, v)?;
        }
    }
    Ok(d)
}

fn instance_subscr(rt: &Rt, this: Value, index: Value, op: SubscrOp) -> PyResult {
    let (name, args): (Qstr, [Value; 2]) = match op {
        SubscrOp::Load => (q::__getitem__, [index, Value::NULL]),
        SubscrOp::Store(v) => (q::__setitem__, [index, v]),
        SubscrOp::Delete => (q::__delitem__, [index, Value::NULL]),
    };
    let n = if matches!(op, SubscrOp::Store(_)) {
        2
    } else {
        1
    };
    if let Some(f) = special(rt, this, name)? {
        return call_special(rt, f, this, &args[..n]);
    }
    let ty = rt.type_of(this);
    let Some(subscr) = native_slots(ty).and_then(|s| s.subscr) else {
        return Err(rt.type_error(format_args!(
            "'{}' object is not subscriptable",
            rt.qstr_display(ty.name)
        )));
    };
    match subscr(rt, this, index, op) {
        // A dict subclass's `__missing__` supplies absent keys.
        Err(e)
            if matches!(op, SubscrOp::Load)
                && exc::exception_matches(rt, e, &exc::KEY_ERROR)
                && core::ptr::eq(ty.native, &DICT_TYPE) =>
        {
            match special(rt, this, q::__missing__)? {
                Some(f) => call_special(rt, f, this, &[index]),
                None => Err(e),
            }
        }
        r => r,
    }
}

fn instance_iter(rt: &Rt, this: Value) -> PyResult {
    if let Some(f) = special(rt, this, q::__iter__)? {
        let it = call_special(rt, f, this, &[])?;
        if rt.type_of(it).slots.iternext.is_none() {
            return Err(rt.type_error(format_args!(
                "iter() returned non-iterator of type '{}'",
                rt.qstr_display(rt.type_of(it).name)
            )));
        }
        return Ok(it);
    }
    if special(rt, this, q::__next__)?.is_some() {
        return Ok(this);
    }
    // A built-in base's own iteration wins over the `__getitem__`
    // protocol (as `tuple.__iter__` would in CPython).
    if let Some(iter) = native_slots(rt.type_of(this)).and_then(|s| s.iter) {
        return iter(rt, this);
    }
    if special(rt, this, q::__getitem__)?.is_some() {
        return crate::seqiter::new_seq_iter(rt, this);
    }
    Err(rt.type_error(format_args!(
        "'{}' object is not iterable",
        rt.qstr_display(rt.type_of(this).name)
    )))
}

fn instance_iternext(rt: &Rt, this: Value) -> PyResult<Option<Value>> {
    let Some(f) = special(rt, this, q::__next__)? else {
        return Err(rt.type_error(format_args!(
            "'{}' object is not an iterator",
            rt.qstr_display(rt.type_of(this).name)
        )));
    };
    match call_special(rt, f, this, &[]) {
        Ok(v) => Ok(Some(v)),
        Err(e) if exc::exception_matches(rt, e, &exc::STOP_ITERATION) => Ok(None),
        Err(e) => Err(e),
    }
}

static INSTANCE_SLOTS: Slots = Slots {
    make_new: Some(instance_make_new),
    call: Some(instance_call),
    print: Some(instance_print),
    unary_op: Some(instance_unary),
    binary_op: Some(instance_binary),
    attr: Some(instance_attr),
    subscr: Some(instance_subscr),
    iter: Some(instance_iter),
    iternext: Some(instance_iternext),
    buffer: Some(instance_buffer),
};

fn instance_buffer(rt: &Rt, this: Value) -> Option<Buffer> {
    native_slots(rt.type_of(this)).and_then(|s| s.buffer)?(rt, this)
}

static EXC_INSTANCE_SLOTS: Slots = Slots {
    make_new: Some(instance_make_new),
    call: Some(instance_call),
    print: Some(instance_print),
    unary_op: Some(instance_unary),
    binary_op: Some(instance_binary),
    attr: Some(instance_attr),
    subscr: Some(instance_subscr),
    iter: None,
    iternext: None,
    buffer: None,
};

fn object_init(_rt: &Rt, _args: &[Value]) -> PyResult {
    Ok(Value::NONE)
}

fn exception_init(rt: &Rt, args: &[Value]) -> PyResult {
    if let Some(x) = rt.downcast::<ExcObj>(args[0]) {
        x.args.set(new_tuple(rt, &args[1..])?);
    }
    Ok(Value::NONE)
}

static OBJECT_INIT: BuiltinFn = BuiltinFn::new(
    q::__init__,
    NativeFn::Var {
        min: 1,
        max: 255,
        f: object_init,
    },
);

static EXCEPTION_INIT: BuiltinFn = BuiltinFn::new(
    q::__init__,
    NativeFn::Var {
        min: 1,
        max: 255,
        f: exception_init,
    },
);

/// Whether `f` is `object.__init__`, which stands for "no `__init__`".
fn is_object_init(f: Value) -> bool {
    f == Value::from_static(&pyrite_obj::types::OBJECT_INIT_FN)
}

/// `super().name` for a method call: looks `name` up from the base of
/// `cls`; returns `[function, self-or-NULL]`.
pub(crate) fn super_method(vm: &Vm, cls: Value, slf: Value, name: Qstr) -> PyResult<[Value; 2]> {
    super_lookup(vm.rt(), cls, slf, name)
}

/// A `super(cls, obj)` object, made by `super()` outside the
/// `super().method(...)` form the compiler handles directly.
#[repr(C)]
pub(crate) struct SuperObj {
    header: ObjHeader,
    cls: Value,
    obj: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `SUPER_TYPE` owns the layout.
unsafe impl pyrite_obj::object::Object for SuperObj {
    const TYPE: &'static Type = &SUPER_TYPE;
}

/// `super(cls, obj)`.
pub(crate) fn new_super(rt: &Rt, cls: Value, obj: Value) -> PyResult {
    let Some(ty) = rt.downcast::<Type>(cls) else {
        return Err(rt.type_error(format_args!("super() argument 1 must be a type")));
    };
    let obj_ty = match rt.downcast::<Type>(obj) {
        Some(t) if t.is_subtype_of(ty) => t,
        _ => rt.type_of(obj),
    };
    if !obj_ty.is_subtype_of(ty) {
        return Err(rt.type_error(format_args!(
            "super(type, obj): obj must be an instance or subtype of type"
        )));
    }
    let p = rt
        .alloc(size_of::<SuperObj>(), AllocFlags::NONE)?
        .cast::<SuperObj>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(SuperObj {
            header: ObjHeader::new(&SUPER_TYPE),
            cls,
            obj,
        });
        Ok(Value::from_object(p.cast()))
    }
}

fn super_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let (AttrOp::Load(dest), Some(s)) = (op, rt.downcast::<SuperObj>(this)) else {
        return Ok(false);
    };
    // The super object's own class, not one found along the MRO.
    if name == q::__class__ {
        dest[0] = type_to_value(rt.type_of(this));
        return Ok(true);
    }
    let found = super_lookup(rt, s.cls, s.obj, name)?;
    dest[0] = found[0];
    dest[1] = found[1];
    Ok(true)
}

fn super_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let Some(s) = rt.downcast::<SuperObj>(this) else {
        return Ok(());
    };
    out.put(b"<super: ")?;
    rt.print(s.cls, out, PrintKind::Repr)?;
    out.put(b", ")?;
    rt.print(s.obj, out, PrintKind::Repr)?;
    out.put(b">")
}

static SUPER_SLOTS: Slots = Slots {
    attr: Some(super_attr),
    print: Some(super_print),
    ..Slots::EMPTY
};

/// `super`. It has no base, so that every attribute (even `__init__`,
/// which `object` defines) goes to its attribute slot.
pub(crate) static SUPER_TYPE: Type = Type {
    base: None,
    ..crate::func::vm_type(
        q::super_,
        TypeFlags::EQ_IS_IDENTITY,
        &SUPER_TYPE,
        &SUPER_SLOTS,
    )
};

/// The attribute `name` of `super(cls, slf)`: looked up after `cls` in the
/// MRO of `slf`'s class; `[function, self-or-NULL]`.
fn super_lookup(rt: &Rt, cls: Value, slf: Value, name: Qstr) -> PyResult<[Value; 2]> {
    let Some(ty) = rt.downcast::<Type>(cls) else {
        return Err(rt.type_error(format_args!("super() argument 1 must be a type")));
    };
    // The instance's class (or the class itself, for `super()` in a
    // classmethod) gives the MRO; the search starts after `cls` in it.
    let start = match rt.downcast::<Type>(slf) {
        Some(t) if t.is_subtype_of(ty) => t,
        _ => rt.type_of(slf),
    };
    let found = match start.mro_types() {
        Some(mro) => {
            let mut after = core::iter::once(start)
                .chain(mro)
                .skip_while(|t| !core::ptr::eq(*t, ty))
                .skip(1);
            let mut found = None;
            for t in &mut after {
                if let Some((f, _)) = rt.lookup_in_own(t, name)? {
                    found = Some(f);
                    break;
                }
            }
            found
        }
        _ => match ty.base {
            // SAFETY: a type's base outlives it.
            Some(base) => rt.lookup_in_type(unsafe { base.as_ref() }, name)?,
            None => None,
        },
    };
    // `object.__init__` reached from a class extending a built-in
    // container or an exception stands for that type's own initialiser.
    let found = found.filter(|&f| !(is_object_init(f) && name == q::__init__));
    if let Some(f) = found {
        let mut dest = [Value::NULL; 2];
        let slf_is_type = rt.downcast::<Type>(slf).is_some();
        if resolve_descriptor(rt, f, slf, slf_is_type, &mut dest)? {
            return Ok(dest);
        }
    }
    let f = match found {
        Some(f) => f,
        None if name == q::__init__ => {
            if fixed_instance_size(ty.native).is_some() {
                Value::from_static(&NATIVE_INIT)
            } else if ty.flags.contains(TypeFlags::EXCEPTION) {
                Value::from_static(&EXCEPTION_INIT)
            } else {
                Value::from_static(&OBJECT_INIT)
            }
        }
        None if pyrite_obj::protocol::slot_method(ty.native, name).is_some() => {
            // `super().__getitem__(i)` in a class extending a container.
            let f = pyrite_obj::protocol::slot_method(ty.native, name).unwrap_or(Value::NONE);
            return Ok([f, slf]);
        }
        None => {
            return Err(rt.error(
                &exc::ATTRIBUTE_ERROR,
                format_args!(
                    "'super' object has no attribute '{}'",
                    rt.qstr_display(name)
                ),
            ));
        }
    };
    // `__new__` is static: `super().__new__(cls)` passes the class itself.
    let binds = name != q::__new__
        && (rt.type_of(f).flags.contains(TypeFlags::BINDS)
            || rt.downcast::<BuiltinFn>(f).is_some());
    Ok([f, if binds { slf } else { Value::NULL }])
}

/// Attributes the generic lookup does not know: `__class__`.
pub(crate) fn special_attr(vm: &Vm, obj: Value, name: Qstr) -> PyResult {
    let rt = vm.rt();
    if name == q::__class__ {
        return Ok(vm.type_value(obj));
    }
    let _ = (Tuple::items, Exc(Value::NONE));
    Err(rt.attribute_error(obj, name))
}
