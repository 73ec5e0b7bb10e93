//! Object headers and type objects.
//!
//! Every object starts with an [`ObjHeader`], one word pointing at its
//! [`Type`]. Built-in types are `static`s (in flash on the boards); classes
//! made at run time are heap objects with the same layout. A type's behaviour
//! is a table of function pointers ([`Slots`]) plus a dict of attributes.

use core::ptr::NonNull;

use crate::args::Args;
use crate::error::PyResult;
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::Qstr;
use crate::rt::Rt;
use crate::sink::Sink;
use crate::value::Value;

/// The first word of every object: its type.
#[repr(C)]
pub struct ObjHeader {
    ty: NonNull<Type>,
}

// SAFETY: the header is written once when the object is made; types are
// immutable statics or heap objects reached only from the runtime's thread.
unsafe impl Sync for ObjHeader {}

impl ObjHeader {
    /// A header for an object of the built-in type `ty`.
    pub const fn new(ty: &'static Type) -> ObjHeader {
        // `NonNull::from` is not `const`; a reference is never null.
        ObjHeader {
            ty: NonNull::from_ref(ty),
        }
    }

    /// A header for an instance of a heap-allocated class.
    ///
    /// # Safety
    /// `ty` must point to a live `Type`; the instance's header then keeps it
    /// alive, since the collector scans the header word.
    pub const unsafe fn with_heap_type(ty: NonNull<Type>) -> ObjHeader {
        ObjHeader { ty }
    }

    /// The object's type.
    #[inline(always)]
    pub fn ty(&self) -> &Type {
        // SAFETY: a header always points to a live type: statics live
        // forever, and a heap type is reachable from every instance's header.
        unsafe { self.ty.as_ref() }
    }

    /// The object's type as a pointer, for identity comparisons.
    #[inline(always)]
    pub fn type_ptr(&self) -> *const Type {
        self.ty.as_ptr()
    }
}

/// An object layout: a `#[repr(C)]` struct whose first field is an
/// [`ObjHeader`].
///
/// # Safety
/// Implementors must be `#[repr(C)]` with an `ObjHeader` first, and `TYPE`
/// must be the built-in type whose instances (and whose subclasses'
/// instances) have exactly this layout as their prefix.
pub unsafe trait Object: Sized {
    /// The built-in type that owns this layout.
    const TYPE: &'static Type;
}

/// Flags of a type.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct TypeFlags(u16);

impl TypeFlags {
    /// No flags.
    pub const NONE: TypeFlags = TypeFlags(0);
    /// Python code may subclass the type.
    pub const BASETYPE: TypeFlags = TypeFlags(1 << 0);
    /// The type is a class made at run time (in the heap).
    pub const HEAP: TypeFlags = TypeFlags(1 << 1);
    /// The type derives from `BaseException`.
    pub const EXCEPTION: TypeFlags = TypeFlags(1 << 2);
    /// Instances are equal only when identical (no `__eq__` to call), so
    /// dict lookups may compare words.
    pub const EQ_IS_IDENTITY: TypeFlags = TypeFlags(1 << 3);
    /// The class (or a base) defines `__getattr__`/`__setattr__`/`__delattr__`
    /// or descriptors, so the attribute fast paths must not be used.
    pub const CUSTOM_ATTR: TypeFlags = TypeFlags(1 << 4);
    /// Instances found in a class bind to the instance when loaded as an
    /// attribute (functions defined in Python).
    pub const BINDS: TypeFlags = TypeFlags(1 << 5);
    /// Instances are mutable containers: `hash()` raises `TypeError`.
    pub const UNHASHABLE: TypeFlags = TypeFlags(1 << 6);
    /// Instances are descriptors (`staticmethod`, `classmethod`,
    /// `property`): found in a class's dict, they are resolved rather than
    /// returned.
    pub const DESCRIPTOR: TypeFlags = TypeFlags(1 << 7);

    /// Both sets of flags.
    pub const fn union(self, other: TypeFlags) -> TypeFlags {
        TypeFlags(self.0 | other.0)
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: TypeFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

/// What an attribute slot is asked to do.
pub enum AttrOp<'a> {
    /// Load: write the attribute to `dest[0]`, or, when `dest[1]` is
    /// `Value::NULL` on entry and the attribute is a method, write the
    /// function to `dest[0]` and the receiver to `dest[1]` so the caller can
    /// call it without allocating a bound method.
    Load(&'a mut [Value; 2]),
    /// Store the value.
    Store(Value),
    /// Delete the attribute.
    Delete,
}

/// What a subscript slot is asked to do.
#[derive(Clone, Copy)]
pub enum SubscrOp {
    /// `obj[index]`
    Load,
    /// `obj[index] = value`
    Store(Value),
    /// `del obj[index]`
    Delete,
}

/// How an object is printed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PrintKind {
    /// `str(x)` / `print(x)`.
    Str,
    /// `repr(x)`.
    Repr,
}

/// A view of an object's bytes (the buffer protocol).
#[derive(Clone, Copy)]
pub struct Buffer {
    /// Start of the bytes.
    pub ptr: NonNull<u8>,
    /// Number of bytes.
    pub len: usize,
    /// Whether writing through the view is allowed.
    pub writable: bool,
    /// The element typecode (`b'B'` for bytes), as `array`/`memoryview` see it.
    pub typecode: u8,
}

/// The behaviour of a type: one function pointer per protocol, `None` where
/// the type does not take part. Built-in types point to a `static` table;
/// classes made at run time share one table that dispatches to their
/// special methods.
#[allow(clippy::type_complexity)]
pub struct Slots {
    /// Calling the type: make an instance.
    pub make_new: Option<fn(&Rt, &Type, Args<'_>) -> PyResult>,
    /// Calling an instance.
    pub call: Option<fn(&Rt, Value, Args<'_>) -> PyResult>,
    /// `str()` / `repr()`.
    pub print: Option<fn(&Rt, Value, &mut dyn Sink, PrintKind) -> PyResult<()>>,
    /// Unary operators; `Ok(None)` means "not supported".
    pub unary_op: Option<fn(&Rt, UnaryOp, Value) -> PyResult<Option<Value>>>,
    /// Binary operators with this object on the left (or, for `Contains`,
    /// as the container); `Ok(None)` means "not supported".
    pub binary_op: Option<fn(&Rt, BinaryOp, Value, Value) -> PyResult<Option<Value>>>,
    /// Attribute access beyond the type's dict; `Ok(false)` means "not found".
    pub attr: Option<fn(&Rt, Value, Qstr, AttrOp<'_>) -> PyResult<bool>>,
    /// Subscripts.
    pub subscr: Option<fn(&Rt, Value, Value, SubscrOp) -> PyResult>,
    /// `iter(x)`.
    pub iter: Option<fn(&Rt, Value) -> PyResult>,
    /// `next(it)`: `Ok(None)` when exhausted (no `StopIteration` allocated).
    pub iternext: Option<fn(&Rt, Value) -> PyResult<Option<Value>>>,
    /// The buffer protocol.
    pub buffer: Option<fn(&Rt, Value) -> Option<Buffer>>,
}

impl Slots {
    /// A table with every slot empty, to build others from with `..`.
    pub const EMPTY: Slots = Slots {
        make_new: None,
        call: None,
        print: None,
        unary_op: None,
        binary_op: None,
        attr: None,
        subscr: None,
        iter: None,
        iternext: None,
        buffer: None,
    };
}

/// A type object. Built-ins are `static`; classes are heap objects.
#[repr(C)]
pub struct Type {
    /// The type's own header (its type is `type`).
    pub header: ObjHeader,
    /// `__name__`.
    pub name: Qstr,
    /// Flags.
    pub flags: TypeFlags,
    /// The character `micropython.mem_info(1)` shows for a heap block that
    /// holds an instance (`b'h'` for "other").
    pub map_char: u8,
    /// The built-in type whose instance layout this type's instances share
    /// (itself, for built-ins; the nearest built-in base, for classes).
    pub native: &'static Type,
    /// The first base (`object` has none).
    pub base: Option<NonNull<Type>>,
    /// Behaviour.
    pub slots: &'static Slots,
    /// Methods and class attributes of a built-in type: a table in flash,
    /// sorted by qstr index (checked at compile time by [`methods_sorted`]).
    pub methods: &'static [(Qstr, Value)],
    /// Attributes and methods of a class made at run time: a dict;
    /// `Value::NULL` for built-ins.
    pub locals: Value,
    /// For classes: the tuple of bases; `Value::NULL` for built-ins.
    pub bases: Value,
    /// For a class with several bases in its ancestry: the tuple of types
    /// of its method resolution order after itself; `Value::NULL` when the
    /// chain of `base` links is the order (built-ins, single inheritance).
    pub mro: Value,
    /// Size of an instance in words (for classes: the native layout plus the
    /// attribute map).
    pub instance_words: u16,
    /// Word offset of the instance attribute map, or 0 for none, or
    /// [`DICT_AT_END`] for a variable-sized instance.
    pub dict_offset: u16,
}

/// The [`Type::dict_offset`] of classes that extend a variable-sized
/// built-in (`tuple`, `str`, `bytes`): the attribute map is in the last
/// words of the instance's heap block, after the built-in's items.
pub const DICT_AT_END: u16 = u16::MAX;

// SAFETY: built-in types are immutable statics; heap types are only reached
// from the runtime's thread.
unsafe impl Sync for Type {}

/// Whether a ROM method table is sorted by qstr index without duplicates,
/// as [`Type::lookup_method`]'s binary search needs; use in a `const`
/// assertion next to each table.
pub const fn methods_sorted(methods: &[(Qstr, Value)]) -> bool {
    let mut i = 1;
    while i < methods.len() {
        if methods[i - 1].0.index() >= methods[i].0.index() {
            return false;
        }
        i += 1;
    }
    true
}

impl Type {
    /// The type as a value.
    pub fn to_value(&self) -> Value {
        // SAFETY: a type is an object (its header comes first) that lives as
        // long as anything refers to it.
        unsafe { Value::from_object(NonNull::from(self).cast()) }
    }

    /// Finds `name` in this type's own ROM method table (not its bases).
    pub fn lookup_method(&self, name: Qstr) -> Option<Value> {
        self.methods
            .binary_search_by_key(&name.index(), |(q, _)| q.index())
            .ok()
            .map(|i| self.methods[i].1)
    }

    /// Whether `self` is `other` or derives from it (walks the bases, or
    /// the MRO of a class with several bases in its ancestry).
    pub fn is_subtype_of(&self, other: &Type) -> bool {
        let mut ty: &Type = self;
        loop {
            if core::ptr::eq(ty, other) {
                return true;
            }
            if let Some(mut mro) = ty.mro_types() {
                return mro.any(|t| core::ptr::eq(t, other));
            }
            match ty.base {
                // SAFETY: a type's base is a live type (static, or kept alive
                // by the derived type that points to it).
                Some(base) => ty = unsafe { base.as_ref() },
                None => return false,
            }
        }
    }

    /// The method resolution order after the type itself (`object` last)
    /// of a class that has several bases in its ancestry; `None` when the
    /// chain of `base` links is the order.
    pub fn mro_types(&self) -> Option<impl Iterator<Item = &Type>> {
        let p = self.mro.as_object()?;
        // SAFETY: `mro` is only ever set (by the class machinery) to a tuple
        // of types, which this type keeps alive.
        let tuple = unsafe { p.cast::<crate::types::tuple::Tuple>().as_ref() };
        Some(tuple.items().iter().filter_map(|v| {
            // SAFETY: every item of an MRO tuple is a live type object.
            v.as_object().map(|t| unsafe { t.cast::<Type>().as_ref() })
        }))
    }
}
