//! `staticmethod`, `classmethod` and `property`: the descriptors a class
//! body makes with decorators.
//!
//! Their types carry [`TypeFlags::DESCRIPTOR`]; attribute lookup
//! ([`Rt::load_method`] and friends) checks that flag on values found in a
//! class's dict and resolves them with [`resolve_descriptor`]; stores and
//! deletes on instances of classes flagged [`TypeFlags::CUSTOM_ATTR`] go
//! through a property's setter or deleter. Instances of Python classes that
//! define `__get__`, `__set__` or `__delete__` are descriptors too (the VM
//! flags such classes), resolved through those methods.

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::PyResult;
use crate::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::Sink;
use crate::types::exc;
use crate::types::function::NativeFn;
use crate::value::Value;

/// A `staticmethod` or `classmethod` wrapper (the type tells which).
#[repr(C)]
pub struct MethodWrapper {
    header: ObjHeader,
    /// The wrapped callable.
    pub func: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `STATICMETHOD_TYPE` owns the
// layout (`CLASSMETHOD_TYPE` shares it with this as its native type).
unsafe impl Object for MethodWrapper {
    const TYPE: &'static Type = &STATICMETHOD_TYPE;
}

/// A `property`.
#[repr(C)]
pub struct Property {
    header: ObjHeader,
    /// Getter, or `None`.
    pub fget: Value,
    /// Setter, or `None`.
    pub fset: Value,
    /// Deleter, or `None`.
    pub fdel: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `PROPERTY_TYPE` owns it.
unsafe impl Object for Property {
    const TYPE: &'static Type = &PROPERTY_TYPE;
}

impl MethodWrapper {
    /// A `classmethod` around a built-in function, for ROM method tables
    /// (`dict.fromkeys`): found through the type or an instance, it binds
    /// to the class.
    pub const fn static_classmethod(func: &'static super::function::BuiltinFn) -> MethodWrapper {
        MethodWrapper {
            header: ObjHeader::new(&CLASSMETHOD_TYPE),
            func: Value::from_static(func),
        }
    }
}

fn new_wrapper(rt: &Rt, ty: &'static Type, func: Value) -> PyResult {
    let p = rt
        .alloc(size_of::<MethodWrapper>(), AllocFlags::NONE)?
        .cast::<MethodWrapper>();
    // SAFETY: a fresh allocation of the right size, initialised before it
    // becomes a value.
    unsafe {
        p.as_ptr().write(MethodWrapper {
            header: ObjHeader::new(ty),
            func,
        });
        Ok(Value::from_object(p.cast()))
    }
}

fn new_property(rt: &Rt, fget: Value, fset: Value, fdel: Value) -> PyResult {
    let p = rt
        .alloc(size_of::<Property>(), AllocFlags::NONE)?
        .cast::<Property>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(Property {
            header: ObjHeader::new(&PROPERTY_TYPE),
            fget,
            fset,
            fdel,
        });
        Ok(Value::from_object(p.cast()))
    }
}

fn wrapper_make_new(rt: &Rt, ty: &Type, args: Args<'_>) -> PyResult {
    if args.pos.len() != 1 || !args.kw.is_empty() {
        return Err(rt.arg_count_error(ty.name, 1, args.pos.len(), false));
    }
    let ty: &'static Type = if core::ptr::eq(ty, &CLASSMETHOD_TYPE) {
        &CLASSMETHOD_TYPE
    } else {
        &STATICMETHOD_TYPE
    };
    new_wrapper(rt, ty, args.pos[0])
}

fn wrapper_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    if let AttrOp::Load(dest) = op
        && name == q::__func__
        && let Some(w) = wrapper_of(rt, this)
    {
        dest[0] = w.func;
        return Ok(true);
    }
    Ok(false)
}

fn wrapper_of(rt: &Rt, v: Value) -> Option<&MethodWrapper> {
    let ty = rt.type_of(v);
    if core::ptr::eq(ty, &STATICMETHOD_TYPE) || core::ptr::eq(ty, &CLASSMETHOD_TYPE) {
        // SAFETY: both types lay their instances out as `MethodWrapper`.
        v.as_object()
            .map(|p| unsafe { p.cast::<MethodWrapper>().as_ref() })
    } else {
        None
    }
}

static WRAPPER_SLOTS: Slots = Slots {
    make_new: Some(wrapper_make_new),
    attr: Some(wrapper_attr),
    ..Slots::EMPTY
};

/// `staticmethod`.
pub static STATICMETHOD_TYPE: Type = super::builtin_type(
    q::staticmethod,
    TypeFlags::DESCRIPTOR.union(TypeFlags::EQ_IS_IDENTITY),
    b'h',
    &STATICMETHOD_TYPE,
    &WRAPPER_SLOTS,
    &[],
);

/// `classmethod`.
pub static CLASSMETHOD_TYPE: Type = super::builtin_type(
    q::classmethod,
    TypeFlags::DESCRIPTOR.union(TypeFlags::EQ_IS_IDENTITY),
    b'h',
    &STATICMETHOD_TYPE,
    &WRAPPER_SLOTS,
    &[],
);

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
fn property_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let mut slots = [Value::NONE; 3];
    if args.pos.len() > 4 {
        return Err(rt.arg_count_error(q::property, 4, args.pos.len(), true));
    }
    for (slot, &v) in slots.iter_mut().zip(args.pos) {
        *slot = v;
    }
    for (name, value) in args.kw_pairs() {
        match name.as_qstr() {
            Some(q::fget) => slots[0] = value,
            Some(q::fset) => slots[1] = value,
            Some(q::fdel) => slots[2] = value,
            Some(q::doc) => {}
            _ => {
                return Err(rt.type_error(format_args!(
                    "'{}' is an invalid keyword argument for property()",
                    rt.qstr_display(name.as_qstr().unwrap_or(q::EMPTY))
                )));
            }
        }
    }
    new_property(rt, slots[0], slots[1], slots[2])
}

fn property_of(rt: &Rt, v: Value) -> PyResult<&Property> {
    rt.downcast::<Property>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor needs a 'property'")))
}

fn property_getter(rt: &Rt, this: Value, f: Value) -> PyResult {
    let p = property_of(rt, this)?;
    new_property(rt, f, p.fset, p.fdel)
}

fn property_setter(rt: &Rt, this: Value, f: Value) -> PyResult {
    let p = property_of(rt, this)?;
    new_property(rt, p.fget, f, p.fdel)
}

fn property_deleter(rt: &Rt, this: Value, f: Value) -> PyResult {
    let p = property_of(rt, this)?;
    new_property(rt, p.fget, p.fset, f)
}

fn property_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let AttrOp::Load(dest) = op else {
        return Ok(false);
    };
    let p = property_of(rt, this)?;
    dest[0] = match name {
        q::fget => p.fget,
        q::fset => p.fset,
        q::fdel => p.fdel,
        _ => return Ok(false),
    };
    Ok(true)
}

fn descriptor_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let name = rt.type_of(this).name;
    out.put(b"<")?;
    out.put(rt.qstr_text(name))?;
    out.put(b">")
}

static PROPERTY_SLOTS: Slots = Slots {
    make_new: Some(property_make_new),
    attr: Some(property_attr),
    print: Some(descriptor_print),
    ..Slots::EMPTY
};

static PROPERTY_METHODS: [(Qstr, Value); 3] = [
    crate::rom_method!(getter, NativeFn::F2(property_getter)),
    crate::rom_method!(setter, NativeFn::F2(property_setter)),
    crate::rom_method!(deleter, NativeFn::F2(property_deleter)),
];
const _: () = assert!(crate::object::methods_sorted(&PROPERTY_METHODS));

/// `property`.
pub static PROPERTY_TYPE: Type = super::builtin_type(
    q::property,
    TypeFlags::DESCRIPTOR.union(TypeFlags::EQ_IS_IDENTITY),
    b'h',
    &PROPERTY_TYPE,
    &PROPERTY_SLOTS,
    &PROPERTY_METHODS,
);

/// Resolves a descriptor `found` in a class's dict for a load through
/// `obj` (an instance, or the class itself when `obj_is_type`): writes
/// `dest` as [`Rt::load_method`] does. Returns `false` when `found` is not a
/// descriptor.
pub fn resolve_descriptor(
    rt: &Rt,
    found: Value,
    obj: Value,
    obj_is_type: bool,
    dest: &mut [Value; 2],
) -> PyResult<bool> {
    let ty = rt.type_of(found);
    if !ty.flags.contains(TypeFlags::DESCRIPTOR) {
        return Ok(false);
    }
    if let Some(w) = wrapper_of(rt, found) {
        dest[0] = w.func;
        dest[1] = if core::ptr::eq(ty, &CLASSMETHOD_TYPE) {
            if obj_is_type {
                obj
            } else {
                rt.type_of(obj).to_value()
            }
        } else {
            Value::NULL
        };
        return Ok(true);
    }
    if let Some(p) = rt.downcast::<Property>(found) {
        dest[1] = Value::NULL;
        if obj_is_type {
            dest[0] = found;
        } else if p.fget.is_none() {
            return Err(rt.error(&exc::ATTRIBUTE_ERROR, format_args!("unreadable attribute")));
        } else {
            dest[0] = rt.call_positional(p.fget, &[obj])?;
        }
        return Ok(true);
    }
    if ty.flags.contains(TypeFlags::HEAP)
        && let Some(get) = rt.lookup_in_type(ty, q::__get__)?
    {
        // `__get__(self, instance, owner)`; through the class, `instance`
        // is `None`.
        let (instance, owner) = if obj_is_type {
            (Value::NONE, obj)
        } else {
            (obj, rt.type_of(obj).to_value())
        };
        dest[0] = rt.call_positional(get, &[found, instance, owner])?;
        dest[1] = Value::NULL;
        return Ok(true);
    }
    Ok(false)
}

/// A store (`value` is `Some`) or delete through a property found in the
/// class of `obj`; `false` when `found` is not a property.
pub fn property_store(rt: &Rt, found: Value, obj: Value, value: Option<Value>) -> PyResult<bool> {
    let Some(p) = rt.downcast::<Property>(found) else {
        return descriptor_store(rt, found, obj, value);
    };
    let f = if value.is_some() { p.fset } else { p.fdel };
    if f.is_none() {
        let what = if value.is_some() { "set" } else { "delete" };
        return Err(rt.error(
            &exc::ATTRIBUTE_ERROR,
            format_args!("can't {what} attribute"),
        ));
    }
    match value {
        Some(v) => rt.call_positional(f, &[obj, v])?,
        None => rt.call_positional(f, &[obj])?,
    };
    Ok(true)
}

/// A store through a Python descriptor's `__set__(self, instance, value)`
/// or a delete through its `__delete__(self, instance)`; `false` when
/// `found` has no such method.
fn descriptor_store(rt: &Rt, found: Value, obj: Value, value: Option<Value>) -> PyResult<bool> {
    let ty = rt.type_of(found);
    if !ty.flags.contains(TypeFlags::DESCRIPTOR) || !ty.flags.contains(TypeFlags::HEAP) {
        return Ok(false);
    }
    let name = if value.is_some() {
        q::__set__
    } else {
        q::__delete__
    };
    let Some(f) = rt.lookup_in_type(ty, name)? else {
        return Ok(false);
    };
    match value {
        Some(v) => rt.call_positional(f, &[found, obj, v])?,
        None => rt.call_positional(f, &[found, obj])?,
    };
    Ok(true)
}
