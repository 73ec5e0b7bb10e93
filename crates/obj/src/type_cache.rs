//! A cache of [`Rt::lookup_in_type`]: `(type, name) -> attribute or
//! nothing`, direct-mapped, for the lookups the runtime makes on every
//! instance creation and operator on a class (`__new__`, `__init__`,
//! `__eq__`, `__len__`...), most of which find nothing.
//!
//! Entries are valid while [`Rt::attr_epoch`] is unchanged: it moves on
//! every class attribute store or delete and on every collection (which may
//! free a type, so a stale entry's pointers are never followed). Lookups in
//! classes whose dict reached Python code are not cached (see
//! [`Rt::share_class_dict`]).

use core::cell::Cell;

use crate::object::Type;
use crate::qstr::Qstr;
use crate::rt::Rt;
use crate::value::Value;

/// Entries (a power of two): four words each.
pub(crate) const TYPE_CACHE: usize = if cfg!(target_pointer_width = "64") {
    128
} else if cfg!(target_has_atomic = "ptr") {
    32
} else {
    8
};

/// One entry: the value is NULL for "the type has no such attribute".
#[derive(Clone, Copy)]
pub(crate) struct TypeEntry {
    ty: *const Type,
    name: Qstr,
    epoch: usize,
    value: Value,
}

/// A fresh cache.
pub(crate) const fn new_type_cache() -> [Cell<TypeEntry>; TYPE_CACHE] {
    [const {
        Cell::new(TypeEntry {
            ty: core::ptr::null(),
            name: Qstr::from_index(0),
            epoch: 0,
            value: Value::NULL,
        })
    }; TYPE_CACHE]
}

impl Rt {
    fn type_entry(&self, ty: &Type, name: Qstr) -> &Cell<TypeEntry> {
        let a = core::ptr::from_ref(ty).addr();
        let i = ((a >> 4) ^ (name.index() as usize).wrapping_mul(0x9e37)) & (TYPE_CACHE - 1);
        &self.type_cache[i]
    }

    /// The cached result of looking `name` up in `ty`, if there is one.
    #[inline]
    pub(crate) fn type_cache_get(&self, ty: &Type, name: Qstr) -> Option<Option<Value>> {
        let e = self.type_entry(ty, name).get();
        if core::ptr::eq(e.ty, ty) && e.name == name && e.epoch == self.attr_epoch() {
            Some((!e.value.is_null()).then_some(e.value))
        } else {
            None
        }
    }

    /// Remembers the result of looking `name` up in `ty`.
    pub(crate) fn type_cache_put(&self, ty: &Type, name: Qstr, found: Option<Value>) {
        self.type_entry(ty, name).set(TypeEntry {
            ty,
            name,
            epoch: self.attr_epoch(),
            value: found.unwrap_or(Value::NULL),
        });
    }
}
