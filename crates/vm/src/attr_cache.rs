//! Inline caches of `LOAD_ATTR`, `LOAD_METHOD` and `STORE_ATTR`.
//!
//! Direct-mapped by the instruction's address, like the global-lookup
//! cache (bytecode may be in flash, so the entries live in the VM). An entry
//! remembers the receiver's type and how the lookup succeeded there
//! ([`AttrHint`]):
//!
//! - an instance attribute: its slot in the instance's attribute map, checked
//!   on every hit with [`Map::get_at`] (a stale slot simply misses);
//! - a module attribute: its slot in the module's dict, checked the same way;
//! - a class attribute (method or plain value) found on the type or a base:
//!   valid while [`Rt::attr_epoch`] is unchanged (it moves when a class
//!   attribute is stored or deleted and at every collection, which may free
//!   a type and reuse its address) and while the instance's own map lacks
//!   the name, which is checked on every hit.
//!
//! A miss runs the full lookup and refills the entry.

use core::cell::Cell;

use pyrite_obj::map::Map;
use pyrite_obj::object::Type;
use pyrite_obj::protocol::AttrHint;
use pyrite_obj::types::bound::new_bound_method;
use pyrite_obj::{PyResult, Qstr, Rt, TypeFlags, Value};

use crate::vm::Vm;

/// Sets of two entries in each VM's attribute cache (a power of two); an
/// entry is five words, so the smallest chips get a quarter of the boards'
/// (as the global cache).
pub(crate) const ATTR_SETS: usize = if cfg!(target_pointer_width = "64") {
    512
} else if cfg!(target_has_atomic = "ptr") {
    32
} else {
    8
};

/// A set: the entries one instruction may use.
pub(crate) type AttrSet = [Cell<AttrEntry>; 2];

/// What an entry found.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Never filled, or not cacheable.
    Empty,
    /// In the instance map (a module's dict, for a module) at this slot.
    Slot(usize),
    /// A class attribute that binds the instance (`value` is the function).
    Method,
    /// A class attribute used as it is.
    Plain,
}

/// One cache entry; see the module docs.
#[derive(Clone, Copy)]
pub(crate) struct AttrEntry {
    site: usize,
    ty: *const Type,
    epoch: usize,
    value: Value,
    kind: Kind,
}

impl AttrEntry {
    /// An entry no instruction hits.
    pub(crate) const EMPTY: AttrEntry = AttrEntry {
        site: 0,
        ty: core::ptr::null(),
        epoch: 0,
        value: Value::NULL,
        kind: Kind::Empty,
    };
}

/// A fresh cache.
pub(crate) const fn new_attr_cache() -> [AttrSet; ATTR_SETS] {
    [const { [Cell::new(AttrEntry::EMPTY), Cell::new(AttrEntry::EMPTY)] }; ATTR_SETS]
}

/// The instance map of `obj`, whose type is `ty`.
#[inline(always)]
fn own_map<'a>(rt: &'a Rt, obj: Value, ty: &Type) -> Option<&'a Map> {
    if ty.dict_offset == 0 {
        None
    } else {
        rt.instance_map(obj)
    }
}

/// The map a slot entry indexes: the instance map, or a module's dict (a
/// module's attributes are its globals; its type has no others).
#[inline(always)]
fn slot_map<'a>(rt: &'a Rt, obj: Value, ty: &Type) -> Option<&'a Map> {
    if ty.dict_offset != 0 {
        rt.instance_map(obj)
    } else {
        crate::modules::module_dict(rt, obj).map(|d| d.map())
    }
}

impl Vm {
    /// The two entries (a set) that the instruction at `site` may use.
    #[inline(always)]
    fn attr_set(&self, site: usize) -> &AttrSet {
        &self.attr_cache[(site ^ (site >> 7)) & (ATTR_SETS - 1)]
    }

    /// Remembers `entry` as the most recent of its set (the older one moves
    /// to the second way), so a site that sees two types keeps both.
    fn attr_remember(&self, entry: AttrEntry) {
        let set = self.attr_set(entry.site);
        let first = set[0].get();
        if first.site != entry.site || first.kind != entry.kind || first.ty != entry.ty {
            set[1].set(first);
        }
        set[0].set(entry);
    }

    /// `dest` for `obj.name` from the cache: `[value, NULL]` or
    /// `[function, obj]`; `false` on a miss.
    #[cfg_attr(not(feature = "compact"), inline(always))]
    #[cfg_attr(feature = "compact", inline(never))]
    fn attr_hit(&self, site: usize, obj: Value, name: Qstr, dest: &mut [Value; 2]) -> bool {
        let set = self.attr_set(site);
        self.attr_hit_in(set[0].get(), site, obj, name, dest)
            || self.attr_hit_in(set[1].get(), site, obj, name, dest)
    }

    #[inline(always)]
    fn attr_hit_in(
        &self,
        e: AttrEntry,
        site: usize,
        obj: Value,
        name: Qstr,
        dest: &mut [Value; 2],
    ) -> bool {
        if e.site != site {
            return false;
        }
        let rt = self.rt();
        let ty = rt.type_of(obj);
        let key = Value::qstr(name);
        match e.kind {
            // Any object whose map holds the name there: the instance map
            // comes first in every lookup, whatever the type, and a
            // module's dict is all it has.
            Kind::Slot(slot) => match slot_map(rt, obj, ty).and_then(|m| m.get_at(slot, key)) {
                Some(v) => {
                    dest[0] = v;
                    dest[1] = Value::NULL;
                    true
                }
                None => false,
            },
            Kind::Method | Kind::Plain => {
                if !core::ptr::eq(ty, e.ty)
                    || e.epoch != rt.attr_epoch()
                    || own_map(rt, obj, ty).is_some_and(|m| !m.lacks_qstr(rt, key))
                {
                    return false;
                }
                dest[0] = e.value;
                dest[1] = if e.kind == Kind::Method {
                    obj
                } else {
                    Value::NULL
                };
                true
            }
            Kind::Empty => false,
        }
    }

    /// The full lookup, remembering in the entry of `site` how it went.
    #[inline(never)]
    fn attr_fill(
        &self,
        site: usize,
        obj: Value,
        name: Qstr,
        dest: &mut [Value; 2],
    ) -> PyResult<bool> {
        let rt = self.rt();
        let mut hint = AttrHint::None;
        let epoch = rt.attr_epoch();
        if !rt.load_method_hinted(obj, name, dest, &mut hint)? {
            return Ok(false);
        }
        let (kind, value) = match hint {
            AttrHint::None => match self.module_slot(obj, name, dest[0]) {
                Some(slot) => (Kind::Slot(slot), Value::NULL),
                None => return Ok(true),
            },
            AttrHint::InstanceSlot(slot) => (Kind::Slot(slot), Value::NULL),
            AttrHint::Type { value, binds: true } => (Kind::Method, value),
            AttrHint::Type {
                value,
                binds: false,
            } => (Kind::Plain, value),
        };
        self.attr_remember(AttrEntry {
            site,
            ty: rt.type_of(obj),
            epoch,
            value,
            kind,
        });
        Ok(true)
    }

    /// The slot of `name` in `obj`'s dict when `obj` is a module and the
    /// lookup's result `found` came from there.
    fn module_slot(&self, obj: Value, name: Qstr, found: Value) -> Option<usize> {
        let rt = self.rt();
        let dict = crate::modules::module_dict(rt, obj)?;
        match dict.map().get_slot(rt, Value::qstr(name)) {
            Ok(Some((slot, v))) if v == found => Some(slot),
            _ => None,
        }
    }

    /// `LOAD_METHOD`: `dest = [function, obj]` for a method, else
    /// `[value, NULL]`.
    #[inline(always)]
    pub(crate) fn load_method_cached(
        &self,
        site: usize,
        obj: Value,
        name: Qstr,
        dest: &mut [Value; 2],
    ) -> PyResult<()> {
        if self.attr_hit(site, obj, name, dest) || self.attr_fill(site, obj, name, dest)? {
            return Ok(());
        }
        Err(self.rt().attribute_error(obj, name))
    }

    /// `LOAD_ATTR`: a method comes back bound.
    #[inline(always)]
    pub(crate) fn load_attr_cached(&self, site: usize, obj: Value, name: Qstr) -> PyResult {
        let mut dest = [Value::NULL; 2];
        if self.attr_hit(site, obj, name, &mut dest) {
            return self.bind(dest);
        }
        self.load_attr_slow(site, obj, name)
    }

    #[inline(never)]
    fn load_attr_slow(&self, site: usize, obj: Value, name: Qstr) -> PyResult {
        let mut dest = [Value::NULL; 2];
        if self.attr_fill(site, obj, name, &mut dest)? {
            return self.bind(dest);
        }
        // Misses go the long way, for `__getattr__` and special names.
        self.load_attr(obj, name)
    }

    #[inline(always)]
    fn bind(&self, dest: [Value; 2]) -> PyResult {
        if dest[1].is_null() {
            Ok(dest[0])
        } else {
            new_bound_method(self.rt(), dest[0], dest[1])
        }
    }

    /// `STORE_ATTR` (a null `v` deletes: `del obj.name`). On an instance whose type has no
    /// `__setattr__` or properties, a store is an insertion into the
    /// instance map; the entry remembers the slot, so a hit replaces the
    /// value there and a fresh object (its attributes stored in the same
    /// order by `__init__`) appends without the generic path.
    #[inline(always)]
    pub(crate) fn store_attr_cached(
        &self,
        site: usize,
        obj: Value,
        name: Qstr,
        v: Value,
    ) -> PyResult<()> {
        let e = self.attr_set(site)[0].get();
        let rt = self.rt();
        let ty = rt.type_of(obj);
        if v.is_null() {
            return self.store_attr(obj, name, v);
        }
        if e.site == site
            && let Kind::Slot(slot) = e.kind
            && !ty.flags.contains(TypeFlags::CUSTOM_ATTR)
            && let Some(map) = own_map(rt, obj, ty)
        {
            if map.set_at(slot, Value::qstr(name), v) {
                return Ok(());
            }
            map.insert(rt, Value::qstr(name), v)?;
            return Ok(());
        }
        self.store_attr_fill(site, obj, name, v)
    }

    #[inline(never)]
    fn store_attr_fill(&self, site: usize, obj: Value, name: Qstr, v: Value) -> PyResult<()> {
        let rt = self.rt();
        let ty = rt.type_of(obj);
        let Some(map) = own_map(rt, obj, ty).filter(|_| !ty.flags.contains(TypeFlags::CUSTOM_ATTR))
        else {
            return self.store_attr(obj, name, v);
        };
        let (slot, _) = map.insert_slot(rt, Value::qstr(name), v)?;
        self.attr_set(site)[0].set(AttrEntry {
            site,
            ty,
            epoch: 0,
            value: Value::NULL,
            kind: Kind::Slot(slot),
        });
        Ok(())
    }
}
