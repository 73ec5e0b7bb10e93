//! The generic operations the VM drives: calls, attributes, operators,
//! truthiness, iteration and subscripts, dispatched through type slots.

use core::ptr::NonNull;

use crate::args::Args;
use crate::error::PyResult;
use crate::map::Map;
use crate::object::{AttrOp, SubscrOp, Type};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::Qstr;
use crate::rt::Rt;
use crate::types::bound::new_bound_method;
use crate::types::descriptor::{property_store, resolve_descriptor};
use crate::types::exc;
use crate::types::function::BuiltinFn;
use crate::value::{Decoded, Immediate, Value};

/// How [`Rt::load_method_hinted`] found an attribute: what an inline cache
/// at the instruction may remember for the next object of the same type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AttrHint {
    /// Not cacheable (descriptors, type objects, attribute slots, misses).
    None,
    /// In the instance's attribute map, at this slot (a hit is checked
    /// with [`Map::get_at`], so it stays correct as the map changes).
    InstanceSlot(usize),
    /// In the type or a base, not shadowed by the instance map. Valid while
    /// [`Rt::attr_epoch`] is unchanged and the instance map lacks the name.
    Type {
        /// The class attribute.
        value: Value,
        /// Whether it is a method that takes the instance as `self`.
        binds: bool,
    },
}

impl Rt {
    // ----- calls ------------------------------------------------------------

    /// Calls `f` with `args`.
    pub fn call(&self, f: Value, args: Args<'_>) -> PyResult {
        let ty = self.type_of(f);
        match ty.slots.call {
            Some(call) => call(self, f, args),
            None => Err(self.type_error(format_args!(
                "'{}' object is not callable",
                self.qstr_display(ty.name)
            ))),
        }
    }

    /// Calls `f` with positional arguments.
    pub fn call_positional(&self, f: Value, args: &[Value]) -> PyResult {
        self.call(f, Args::positional(args))
    }

    // ----- attributes -------------------------------------------------------

    /// Finds `name` along a type's chain of bases: ROM method tables of
    /// built-ins, dicts of classes.
    /// Cached (`type_cache.rs`): most of these lookups are the runtime's
    /// own, for special methods, made again for every instance.
    pub fn lookup_in_type(&self, ty: &Type, name: Qstr) -> PyResult<Option<Value>> {
        let cacheable = !ty.flags.contains(crate::TypeFlags::HEAP) || !self.class_dicts_shared();
        if cacheable && let Some(found) = self.type_cache_get(ty, name) {
            return Ok(found);
        }
        let found = self.lookup_in_type_origin(ty, name)?.map(|(v, _)| v);
        if cacheable {
            self.type_cache_put(ty, name, found);
        }
        Ok(found)
    }

    /// As [`Rt::lookup_in_type`], also telling whether the value came from a
    /// built-in type's ROM table (whose functions are methods that bind).
    fn lookup_in_type_origin(&self, ty: &Type, name: Qstr) -> PyResult<Option<(Value, bool)>> {
        let mut current: &Type = ty;
        loop {
            if let Some(found) = self.lookup_in_own(current, name)? {
                return Ok(Some(found));
            }
            if let Some(mro) = current.mro_types() {
                for t in mro {
                    if let Some(found) = self.lookup_in_own(t, name)? {
                        return Ok(Some(found));
                    }
                }
                return Ok(None);
            }
            match current.base {
                // SAFETY: a base type is live while the derived type is.
                Some(base) => current = unsafe { base.as_ref() },
                None => return Ok(None),
            }
        }
    }

    /// `name` in one type's own ROM table or class dict (not its bases),
    /// and whether it came from the ROM table.
    pub fn lookup_in_own(&self, ty: &Type, name: Qstr) -> PyResult<Option<(Value, bool)>> {
        if let Some(found) = ty.lookup_method(name) {
            return Ok(Some((found, true)));
        }
        if !ty.locals.is_null()
            && let Some(dict) = self.downcast::<crate::types::dict::Dict>(ty.locals)
            && let Some(found) = dict.map().get_qstr(self, Value::qstr(name))?
        {
            return Ok(Some((found, false)));
        }
        Ok(None)
    }

    /// The attribute map of an instance, if its type gives it one.
    pub fn instance_map(&self, obj: Value) -> Option<&Map> {
        // SAFETY: a type with a dict offset lays a `Map` out there in every
        // instance, written when the instance was made.
        self.instance_map_ptr(obj).map(|m| unsafe { m.as_ref() })
    }

    /// Where the attribute map of an instance is (or is to be written).
    /// Inlined: every attribute access of an instance comes here.
    #[inline]
    pub(crate) fn instance_map_ptr(&self, obj: Value) -> Option<core::ptr::NonNull<Map>> {
        let p = obj.as_object()?;
        let ty = self.type_of(obj);
        let offset = match ty.dict_offset {
            0 => return None,
            crate::object::DICT_AT_END => self.map_at_end(p)?,
            words => words as usize,
        };
        // SAFETY: the offset is inside the instance's block (see above).
        Some(unsafe { p.cast::<usize>().add(offset).cast::<Map>() })
    }

    /// The word offset of the attribute map of a variable-sized instance
    /// (`DICT_AT_END`): the last words of its heap block, which
    /// `new_native_instance` sized for the map. Out of line (rare).
    #[cold]
    #[inline(never)]
    fn map_at_end(&self, p: core::ptr::NonNull<crate::object::ObjHeader>) -> Option<usize> {
        let size = self.heap().alloc_size(p.as_ptr().cast())?;
        Some((size - size_of::<Map>()) / size_of::<usize>())
    }

    /// Loads an attribute for a call. On return, either `dest = [function,
    /// receiver]` (a method to call with the receiver prepended, with no
    /// bound-method object made) or `dest = [value, NULL]`.
    pub fn load_method(&self, obj: Value, name: Qstr, dest: &mut [Value; 2]) -> PyResult<()> {
        if self.find_attr(obj, name, dest, &mut AttrHint::None)? {
            Ok(())
        } else {
            Err(self.attribute_error(obj, name))
        }
    }

    /// Loads an attribute; methods come back as bound methods.
    pub fn load_attr(&self, obj: Value, name: Qstr) -> PyResult {
        match self.try_load_attr(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.attribute_error(obj, name)),
        }
    }

    /// Loads an attribute, or `None` when there is none (for `getattr` with
    /// a default and `hasattr`).
    pub fn try_load_attr(&self, obj: Value, name: Qstr) -> PyResult<Option<Value>> {
        let mut dest = [Value::NULL; 2];
        if !self.find_attr(obj, name, &mut dest, &mut AttrHint::None)? {
            return Ok(None);
        }
        if dest[1].is_null() {
            Ok(Some(dest[0]))
        } else {
            new_bound_method(self, dest[0], dest[1]).map(Some)
        }
    }

    /// As [`Rt::load_method`], also telling through `hint` how the result
    /// was found, for an inline cache (see [`AttrHint`]).
    pub fn load_method_hinted(
        &self,
        obj: Value,
        name: Qstr,
        dest: &mut [Value; 2],
        hint: &mut AttrHint,
    ) -> PyResult<bool> {
        self.find_attr(obj, name, dest, hint)
    }

    fn find_attr(
        &self,
        obj: Value,
        name: Qstr,
        dest: &mut [Value; 2],
        hint: &mut AttrHint,
    ) -> PyResult<bool> {
        dest[1] = Value::NULL;
        if let Some(map) = self.instance_map(obj)
            && let Some((slot, v)) = map.get_slot(self, Value::qstr(name))?
        {
            dest[0] = v;
            *hint = AttrHint::InstanceSlot(slot);
            return Ok(true);
        }
        let ty = self.type_of(obj);
        if core::ptr::eq(ty, &crate::types::TYPE_TYPE) {
            return self.find_type_attr(obj, name, dest);
        }
        if let Some((found, from_rom)) = self.lookup_in_type_origin(ty, name)? {
            dest[0] = found;
            let binds = if from_rom {
                if self.downcast::<BuiltinFn>(found).is_some() {
                    true
                } else {
                    // A ROM class method (`dict.fromkeys`).
                    resolve_descriptor(self, found, obj, false, dest)?;
                    return Ok(true);
                }
            } else {
                let flags = self.type_of(found).flags;
                // A class-made descriptor without `__get__` (only `__set__`)
                // reads as itself.
                if flags.contains(crate::TypeFlags::DESCRIPTOR)
                    && resolve_descriptor(self, found, obj, false, dest)?
                {
                    return Ok(true);
                }
                flags.contains(crate::TypeFlags::BINDS)
            };
            if binds {
                dest[1] = obj;
            }
            // A class's dict reachable from Python (`C.__dict__`) can change
            // without a store through `setattr`, so only lookups in types
            // whose dicts never left the runtime are cacheable.
            if !ty.flags.contains(crate::TypeFlags::HEAP) || !self.class_dicts_shared() {
                *hint = AttrHint::Type {
                    value: found,
                    binds,
                };
            }
            return Ok(true);
        }
        if let Some(attr) = ty.slots.attr {
            let mut load = [Value::NULL; 2];
            if attr(self, obj, name, AttrOp::Load(&mut load))? {
                dest[0] = load[0];
                dest[1] = load[1];
                return Ok(true);
            }
        }
        if let Some(as_type) = self.downcast::<Type>(obj)
            && let Some(found) = self.lookup_in_type(as_type, name)?
        {
            if !resolve_descriptor(self, found, obj, true, dest)? {
                dest[0] = found;
            }
            return Ok(true);
        }
        if name == crate::qstr::q::__class__ {
            dest[0] = ty.to_value();
            return Ok(true);
        }
        if let Some(f) = slot_method(ty.native, name) {
            dest[0] = f;
            dest[1] = obj;
            return Ok(true);
        }
        Ok(false)
    }

    /// An attribute of a type object: `type`'s own attributes (`__name__`,
    /// `__dict__`...), then the type's MRO (where functions stay plain
    /// functions), then the methods of `type` itself.
    fn find_type_attr(&self, obj: Value, name: Qstr, dest: &mut [Value; 2]) -> PyResult<bool> {
        let meta = &crate::types::TYPE_TYPE;
        if let Some(attr) = meta.slots.attr {
            let mut load = [Value::NULL; 2];
            if attr(self, obj, name, AttrOp::Load(&mut load))? {
                dest[0] = load[0];
                dest[1] = load[1];
                return Ok(true);
            }
        }
        if let Some(as_type) = self.downcast::<Type>(obj)
            && let Some(found) = self.lookup_in_type(as_type, name)?
        {
            if !resolve_descriptor(self, found, obj, true, dest)? {
                dest[0] = found;
            }
            return Ok(true);
        }
        if let Some(found) = meta.lookup_method(name) {
            dest[0] = found;
            dest[1] = obj;
            return Ok(true);
        }
        if let Some(as_type) = self.downcast::<Type>(obj)
            && let Some(f) = slot_method(as_type.native, name)
        {
            dest[0] = f;
            return Ok(true);
        }
        if name == crate::qstr::q::__class__ {
            dest[0] = meta.to_value();
            return Ok(true);
        }
        Ok(false)
    }

    /// Stores an attribute (through the class's `__setattr__`, if it
    /// defines one).
    pub fn store_attr(&self, obj: Value, name: Qstr, value: Value) -> PyResult<()> {
        if self.call_user_setattr(obj, name, Some(value))? {
            return Ok(());
        }
        self.store_attr_default(obj, name, Some(value))
    }

    /// Stores (`Some`) or deletes (`None`) an attribute the default way,
    /// as `object.__setattr__`/`object.__delattr__` do: properties, then
    /// the instance's attribute map, then the type's attribute slot.
    pub fn store_attr_default(&self, obj: Value, name: Qstr, value: Option<Value>) -> PyResult<()> {
        match value {
            Some(value) => self.store_attr_plain(obj, name, value),
            None => self.delete_attr_plain(obj, name),
        }
    }

    /// Calls the `__setattr__` (`value` `Some`) or `__delattr__` of `obj`'s
    /// class, if the class (flagged `CUSTOM_ATTR`) defines one in Python:
    /// `false` when it does not.
    fn call_user_setattr(&self, obj: Value, name: Qstr, value: Option<Value>) -> PyResult<bool> {
        let ty = self.type_of(obj);
        if !ty.flags.contains(crate::TypeFlags::CUSTOM_ATTR)
            || !ty.flags.contains(crate::TypeFlags::HEAP)
        {
            return Ok(false);
        }
        let method = if value.is_some() {
            crate::qstr::q::__setattr__
        } else {
            crate::qstr::q::__delattr__
        };
        match self.lookup_in_type_origin(ty, method)? {
            Some((f, false)) => {
                match value {
                    Some(v) => self.call_positional(f, &[obj, Value::qstr(name), v])?,
                    None => self.call_positional(f, &[obj, Value::qstr(name)])?,
                };
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn store_attr_plain(&self, obj: Value, name: Qstr, value: Value) -> PyResult<()> {
        if self.store_through_property(obj, name, Some(value))? {
            return Ok(());
        }
        if let Some(map) = self.instance_map(obj) {
            map.insert(self, Value::qstr(name), value)?;
            return Ok(());
        }
        if let Some(class) = self.downcast::<Type>(obj)
            && self.store_class_attr(class, name, Some(value))?
        {
            return Ok(());
        }
        let ty = self.type_of(obj);
        if let Some(attr) = ty.slots.attr
            && attr(self, obj, name, AttrOp::Store(value))?
        {
            return Ok(());
        }
        Err(self.attribute_error(obj, name))
    }

    /// Deletes an attribute (through the class's `__delattr__`, if it
    /// defines one).
    pub fn delete_attr(&self, obj: Value, name: Qstr) -> PyResult<()> {
        if self.call_user_setattr(obj, name, None)? {
            return Ok(());
        }
        self.delete_attr_plain(obj, name)
    }

    fn delete_attr_plain(&self, obj: Value, name: Qstr) -> PyResult<()> {
        if self.store_through_property(obj, name, None)? {
            return Ok(());
        }
        if let Some(map) = self.instance_map(obj)
            && map.remove(self, Value::qstr(name))?.is_some()
        {
            return Ok(());
        }
        if let Some(class) = self.downcast::<Type>(obj)
            && self.store_class_attr(class, name, None)?
        {
            return Ok(());
        }
        let ty = self.type_of(obj);
        if let Some(attr) = ty.slots.attr
            && attr(self, obj, name, AttrOp::Delete)?
        {
            return Ok(());
        }
        Err(self.attribute_error(obj, name))
    }

    /// A store or delete (`value` `None`) through a property of `obj`'s
    /// class; only classes flagged `CUSTOM_ATTR` are searched.
    fn store_through_property(
        &self,
        obj: Value,
        name: Qstr,
        value: Option<Value>,
    ) -> PyResult<bool> {
        let ty = self.type_of(obj);
        if !ty.flags.contains(crate::TypeFlags::CUSTOM_ATTR) {
            return Ok(false);
        }
        match self.lookup_in_type_origin(ty, name)? {
            Some((found, false)) => property_store(self, found, obj, value),
            _ => Ok(false),
        }
    }

    /// `AttributeError: 'T' object has no attribute 'name'`.
    pub fn attribute_error(&self, obj: Value, name: Qstr) -> crate::Exc {
        let name = self.qstr_display(name);
        if let Some(ty) = self.downcast::<Type>(obj) {
            self.error(
                &exc::ATTRIBUTE_ERROR,
                format_args!(
                    "type object '{}' has no attribute '{name}'",
                    self.qstr_display(ty.name)
                ),
            )
        } else {
            let ty = self.type_of(obj);
            self.error(
                &exc::ATTRIBUTE_ERROR,
                format_args!(
                    "'{}' object has no attribute '{name}'",
                    self.qstr_display(ty.name)
                ),
            )
        }
    }

    // ----- operators --------------------------------------------------------

    /// `bool(v)`.
    pub fn truthy(&self, v: Value) -> PyResult<bool> {
        match v.decode() {
            Decoded::Immediate(Immediate::True) => Ok(true),
            Decoded::Immediate(Immediate::False | Immediate::None) | Decoded::Null => Ok(false),
            Decoded::SmallInt(i) => Ok(i != 0),
            Decoded::Float(x) => Ok(x != 0.0),
            Decoded::Qstr(q) => Ok(!self.qstr_text(q).is_empty()),
            _ => {
                let ty = self.type_of(v);
                if let Some(unary) = ty.slots.unary_op {
                    if let Some(r) = unary(self, UnaryOp::Bool, v)? {
                        return self.truthy(r);
                    }
                    if let Some(r) = unary(self, UnaryOp::Len, v)? {
                        return Ok(r.as_small_int() != Some(0));
                    }
                }
                Ok(true)
            }
        }
    }

    /// A unary operator.
    pub fn unary_op(&self, op: UnaryOp, v: Value) -> PyResult {
        if op == UnaryOp::Not {
            return Ok(Value::bool(!self.truthy(v)?));
        }
        if op == UnaryOp::Bool {
            return Ok(Value::bool(self.truthy(v)?));
        }
        if op == UnaryOp::Hash {
            return Ok(Value::small_int(self.hash(v)? as i64 & 0x3fff_ffff).unwrap_or(Value::NONE));
        }
        let ty = self.type_of(v);
        if let Some(unary) = ty.slots.unary_op
            && let Some(r) = unary(self, op, v)?
        {
            return Ok(r);
        }
        let what = match op {
            UnaryOp::Len => {
                return Err(self.type_error(format_args!(
                    "object of type '{}' has no len()",
                    self.qstr_display(ty.name)
                )));
            }
            UnaryOp::Positive => "+",
            UnaryOp::Negative => "-",
            UnaryOp::Invert => "~",
            _ => "abs()",
        };
        Err(self.type_error(format_args!(
            "bad operand type for unary {what}: '{}'",
            self.qstr_display(ty.name)
        )))
    }

    /// `len(v)` as a Rust number. What `__len__` returns must be a
    /// non-negative int (`ValueError` if negative, `OverflowError` if too
    /// big for a machine word, `TypeError` if no int), as in CPython.
    pub fn len(&self, v: Value) -> PyResult<usize> {
        let r = self.unary_op(UnaryOp::Len, v)?;
        match r.as_small_int().map(usize::try_from) {
            Some(Ok(n)) => Ok(n),
            _ => self.len_of_other(r),
        }
    }

    /// [`Rt::len`] for a `__len__` result that is not a small int: a bool,
    /// or an error.
    #[cold]
    #[inline(never)]
    fn len_of_other(&self, r: Value) -> PyResult<usize> {
        use crate::types::num::{IntView, int_view};
        match int_view(self, r) {
            Some(i) if i.is_negative() => {
                Err(self.value_error(format_args!("__len__() should return >= 0")))
            }
            Some(IntView::Small(n)) => Ok(n as usize),
            Some(_) => Err(self.error(
                &crate::types::exc::OVERFLOW_ERROR,
                format_args!("cannot fit 'int' into an index-sized integer"),
            )),
            None => Err(self.type_error(format_args!(
                "'{}' object cannot be interpreted as an integer",
                crate::types::str::type_name(self, r)
            ))),
        }
    }

    /// A binary operator, including comparisons, `in`, `is` and
    /// exception matching.
    pub fn binary_op(&self, op: BinaryOp, a: Value, b: Value) -> PyResult {
        match op {
            BinaryOp::Is => return Ok(Value::bool(a == b)),
            BinaryOp::Equal | BinaryOp::NotEqual => {
                if let Some(r) = self.user_compare_raw(op, a, b)? {
                    return Ok(r);
                }
                let eq = self.equal(a, b)?;
                return Ok(Value::bool(eq == (op == BinaryOp::Equal)));
            }
            BinaryOp::In => return self.contains(b, a).map(Value::bool),
            BinaryOp::ExceptionMatch => return self.exception_match(a, b).map(Value::bool),
            _ => {}
        }
        let ta = self.type_of(a);
        if let Some(binary) = ta.slots.binary_op
            && let Some(r) = binary(self, op, a, b)?
        {
            return Ok(r);
        }
        // An in-place operator falls back to the plain one.
        if op.is_inplace() {
            return self.binary_op(op.without_inplace(), a, b);
        }
        let tb = self.type_of(b);
        // Comparisons reflect even between two operands of one type
        // (`a > b` asks `b.__lt__(a)`); arithmetic only across types.
        let comparison = matches!(
            op,
            BinaryOp::Less | BinaryOp::More | BinaryOp::LessEqual | BinaryOp::MoreEqual
        );
        if comparison || !core::ptr::eq(ta, tb) {
            let reflected_method = match reflected_name(op) {
                Some(name) if tb.flags.contains(crate::TypeFlags::HEAP) => Some(name),
                _ => None,
            };
            if let Some(name) = reflected_method {
                // A class's `__radd__` and friends.
                if let Some(f) = self.lookup_in_type(tb, name)? {
                    let r = self.call_positional(f, &[b, a])?;
                    if r != Value::NOT_IMPLEMENTED {
                        return Ok(r);
                    }
                }
            } else if let Some(binary) = tb.slots.binary_op {
                match binary(self, reflected(op), b, a) {
                    Ok(Some(r)) => return Ok(r),
                    Ok(None) => {}
                    // Asked with the operands swapped, the slot words its
                    // refusal for that order (`1 + 'a'` is not "can only
                    // concatenate str"): report this order below.
                    Err(e) if !comparison && core::ptr::eq(self.type_of(e.0), &exc::TYPE_ERROR) => {
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Err(self.type_error(format_args!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            self.qstr_display(ta.name),
            self.qstr_display(tb.name)
        )))
    }

    /// `a == b` or `a != b` through a class's `__eq__` or `__ne__`, whose
    /// result is returned as it is (it need not be a bool), then the
    /// reflected method of the other operand; `None` when neither operand's
    /// class answers (without `__ne__`, `!=` negates `==`).
    fn user_compare_raw(&self, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
        let heap = |v: Value| self.type_of(v).flags.contains(crate::TypeFlags::HEAP);
        if !heap(a) && !heap(b) {
            return Ok(None);
        }
        let name = if op == BinaryOp::Equal {
            crate::qstr::q::__eq__
        } else {
            crate::qstr::q::__ne__
        };
        for (x, y) in [(a, b), (b, a)] {
            if heap(x)
                && let Some(f) = self.lookup_in_type(self.type_of(x), name)?
            {
                let r = self.call_positional(f, &[x, y])?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(Some(r));
                }
            }
        }
        Ok(None)
    }

    /// `a < b`, the comparison sorting uses: numbers and strings directly,
    /// anything else through the `<` operator.
    pub fn less_than(&self, a: Value, b: Value) -> PyResult<bool> {
        if let (Some(x), Some(y)) = (a.as_small_int(), b.as_small_int()) {
            return Ok(x < y);
        }
        if let (Some(x), Some(y)) = (crate::rt::numeric(a), crate::rt::numeric(b)) {
            return Ok(x < y);
        }
        let (ta, tb) = (self.type_of(a), self.type_of(b));
        if core::ptr::eq(ta.native, tb.native)
            && (core::ptr::eq(ta.native, &crate::types::str::STR_TYPE)
                || core::ptr::eq(ta.native, &crate::types::str::BYTES_TYPE))
        {
            // UTF-8 byte order is code point order.
            return Ok(self.str_bytes(a) < self.str_bytes(b));
        }
        let r = self.binary_op(BinaryOp::Less, a, b)?;
        self.truthy(r)
    }

    /// `item in container`.
    pub fn contains(&self, container: Value, item: Value) -> PyResult<bool> {
        let ty = self.type_of(container);
        if let Some(binary) = ty.slots.binary_op
            && let Some(r) = binary(self, BinaryOp::Contains, container, item)?
        {
            return self.truthy(r);
        }
        // Fall back to iterating.
        let iter = self.get_iter(container)?;
        while let Some(x) = self.iter_next(iter)? {
            if x == item || self.equal(x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether exception `exc` matches `pattern` (a type, or a tuple of types).
    pub fn exception_match(&self, exc: Value, pattern: Value) -> PyResult<bool> {
        let ty = if let Some(t) = self.downcast::<Type>(exc) {
            t
        } else {
            self.type_of(exc)
        };
        let is_match = |p: Value| match self.downcast::<Type>(p) {
            Some(p) if p.flags.contains(crate::TypeFlags::EXCEPTION) => Ok(ty.is_subtype_of(p)),
            _ => Err(self.type_error(format_args!(
                "catching classes that do not inherit from BaseException is not allowed"
            ))),
        };
        // One level of tuple, as in CPython (a nested tuple is an error).
        if let Some(types) = self.downcast::<crate::types::tuple::Tuple>(pattern) {
            for &t in types.items() {
                if is_match(t)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        is_match(pattern)
    }

    // ----- iteration and subscripts -------------------------------------------

    /// `iter(v)`.
    pub fn get_iter(&self, v: Value) -> PyResult {
        let ty = self.type_of(v);
        if let Some(iter) = ty.slots.iter {
            return iter(self, v);
        }
        if ty.slots.iternext.is_some() {
            return Ok(v);
        }
        Err(self.type_error(format_args!(
            "'{}' object is not iterable",
            self.qstr_display(ty.name)
        )))
    }

    /// `next(it)`, with `None` at the end (no `StopIteration` allocated).
    pub fn iter_next(&self, it: Value) -> PyResult<Option<Value>> {
        let ty = self.type_of(it);
        match ty.slots.iternext {
            Some(next) => next(self, it),
            None => Err(self.type_error(format_args!(
                "'{}' object is not an iterator",
                self.qstr_display(ty.name)
            ))),
        }
    }

    /// `obj[index]`, `obj[index] = value`, `del obj[index]`.
    pub fn subscr(&self, obj: Value, index: Value, op: SubscrOp) -> PyResult {
        let ty = self.type_of(obj);
        if let Some(subscr) = ty.slots.subscr {
            return subscr(self, obj, index, op);
        }
        let what = match op {
            SubscrOp::Load => "is not subscriptable",
            SubscrOp::Store(_) => "does not support item assignment",
            SubscrOp::Delete => "does not support item deletion",
        };
        Err(self.type_error(format_args!(
            "'{}' object {what}",
            self.qstr_display(ty.name)
        )))
    }

    /// The address of an object, for `id()` and the default `repr`.
    pub fn id(&self, v: Value) -> usize {
        v.as_object()
            .map_or(v.to_bits(), |p: NonNull<_>| p.as_ptr() as usize)
    }
}

/// The reflected operator a right operand is asked for (`a + b` ->
/// `b.__radd__(a)`); comparisons swap direction.
/// The reflected special method of an arithmetic operator (`__radd__`
/// for `+`), which a class on the right-hand side may define.
fn reflected_name(op: BinaryOp) -> Option<Qstr> {
    use crate::qstr::q;
    Some(match op {
        BinaryOp::Add => q::__radd__,
        BinaryOp::Subtract => q::__rsub__,
        BinaryOp::Multiply => q::__rmul__,
        BinaryOp::TrueDivide => q::__rtruediv__,
        BinaryOp::FloorDivide => q::__rfloordiv__,
        BinaryOp::Modulo => q::__rmod__,
        BinaryOp::Power => q::__rpow__,
        BinaryOp::And => q::__rand__,
        BinaryOp::Or => q::__ror__,
        BinaryOp::Xor => q::__rxor__,
        BinaryOp::Lshift => q::__rlshift__,
        BinaryOp::Rshift => q::__rrshift__,
        BinaryOp::MatMultiply => q::__rmatmul__,
        _ => return None,
    })
}

fn reflected(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Less => BinaryOp::More,
        BinaryOp::More => BinaryOp::Less,
        BinaryOp::LessEqual => BinaryOp::MoreEqual,
        BinaryOp::MoreEqual => BinaryOp::LessEqual,
        other => other,
    }
}

// ----- special methods of built-in types ----------------------------------------

/// The special method `name` (`__getitem__`, `__len__`, `__iter__`,
/// `__next__`...) of the built-in type `native`, when the type fills the
/// slot behind it: a built-in function that takes the receiver first and
/// calls the slot of the receiver's native type (so `list.__getitem__(self,
/// i)` in a subclass's override reaches the list's own indexing).
pub fn slot_method(native: &Type, name: Qstr) -> Option<Value> {
    use crate::qstr::q;
    let slots = native.slots;
    let f: &'static BuiltinFn = match name {
        q::__getitem__ if slots.subscr.is_some() => &GETITEM_FN,
        q::__setitem__ if slots.subscr.is_some() => &SETITEM_FN,
        q::__delitem__ if slots.subscr.is_some() => &DELITEM_FN,
        q::__len__ if slots.unary_op.is_some() => &LEN_FN,
        q::__contains__ if slots.binary_op.is_some() => &CONTAINS_FN,
        q::__iter__ if slots.iter.is_some() || slots.iternext.is_some() => &ITER_FN,
        q::__next__ if slots.iternext.is_some() => &NEXT_FN,
        _ => return None,
    };
    Some(Value::from_static(f))
}

/// The native slots of a receiver of a slot method.
fn native_slots(rt: &Rt, v: Value) -> &'static crate::object::Slots {
    rt.type_of(v).native.slots
}

fn slot_getitem(rt: &Rt, this: Value, index: Value) -> PyResult {
    match native_slots(rt, this).subscr {
        Some(subscr) => subscr(rt, this, index, SubscrOp::Load),
        None => rt.subscr(this, index, SubscrOp::Load),
    }
}

fn slot_setitem(rt: &Rt, this: Value, index: Value, value: Value) -> PyResult {
    match native_slots(rt, this).subscr {
        Some(subscr) => subscr(rt, this, index, SubscrOp::Store(value)).map(|_| Value::NONE),
        None => rt
            .subscr(this, index, SubscrOp::Store(value))
            .map(|_| Value::NONE),
    }
}

fn slot_delitem(rt: &Rt, this: Value, index: Value) -> PyResult {
    match native_slots(rt, this).subscr {
        Some(subscr) => subscr(rt, this, index, SubscrOp::Delete).map(|_| Value::NONE),
        None => rt
            .subscr(this, index, SubscrOp::Delete)
            .map(|_| Value::NONE),
    }
}

fn slot_len(rt: &Rt, this: Value) -> PyResult {
    if let Some(unary) = native_slots(rt, this).unary_op
        && let Some(r) = unary(rt, UnaryOp::Len, this)?
    {
        return Ok(r);
    }
    rt.unary_op(UnaryOp::Len, this)
}

fn slot_contains(rt: &Rt, this: Value, item: Value) -> PyResult {
    if let Some(binary) = native_slots(rt, this).binary_op
        && let Some(r) = binary(rt, BinaryOp::Contains, this, item)?
    {
        return Ok(Value::bool(rt.truthy(r)?));
    }
    rt.contains(this, item).map(Value::bool)
}

fn slot_iter(rt: &Rt, this: Value) -> PyResult {
    match native_slots(rt, this).iter {
        Some(iter) => iter(rt, this),
        None => rt.get_iter(this),
    }
}

fn slot_next(rt: &Rt, this: Value) -> PyResult {
    let next = match native_slots(rt, this).iternext {
        Some(next) => next(rt, this)?,
        None => rt.iter_next(this)?,
    };
    match next {
        Some(v) => Ok(v),
        None => Err(crate::Exc(exc::new_exception(
            rt,
            &exc::STOP_ITERATION,
            &[],
        )?)),
    }
}

use crate::types::function::NativeFn;

static GETITEM_FN: BuiltinFn =
    BuiltinFn::method(crate::qstr::q::__getitem__, NativeFn::F2(slot_getitem));
static SETITEM_FN: BuiltinFn =
    BuiltinFn::method(crate::qstr::q::__setitem__, NativeFn::F3(slot_setitem));
static DELITEM_FN: BuiltinFn =
    BuiltinFn::method(crate::qstr::q::__delitem__, NativeFn::F2(slot_delitem));
static LEN_FN: BuiltinFn = BuiltinFn::method(crate::qstr::q::__len__, NativeFn::F1(slot_len));
static CONTAINS_FN: BuiltinFn =
    BuiltinFn::method(crate::qstr::q::__contains__, NativeFn::F2(slot_contains));
static ITER_FN: BuiltinFn = BuiltinFn::method(crate::qstr::q::__iter__, NativeFn::F1(slot_iter));
static NEXT_FN: BuiltinFn = BuiltinFn::method(crate::qstr::q::__next__, NativeFn::F1(slot_next));
