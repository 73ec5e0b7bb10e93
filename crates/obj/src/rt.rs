//! [`Rt`]: the runtime context every operation receives, and the generic
//! operations on values (type, print, hash, equality, raising).

use core::fmt;
use core::ptr::NonNull;

use pyrite_gc::{AllocFlags, Heap};

use crate::error::{Exc, PyResult};
use crate::map::MapContext;
use crate::object::{ObjHeader, Object, PrintKind, Type};
use crate::qstr::pool::{PoolFull, QstrPool};
use crate::qstr::{Qstr, q};
use crate::sink::{FmtSink, Sink};
use crate::types::exc::{self, MEMORY_ERROR_INSTANCE};
use crate::types::str::{BYTES_TYPE, STR_TYPE, Str, StrBuilder, bytes_like, str_text};
use crate::types::tuple::Tuple;
use crate::types::{self, num};
use crate::value::{Decoded, Immediate, Value};

/// The state shared by every object operation: the GC heap and the interned
/// strings. Passed as `&Rt` to every slot, so a firmware can run several
/// independent interpreters and tests need no globals. Not `Sync`: one
/// interpreter runs on one thread (or core) at a time.
pub struct Rt {
    heap: Heap,
    qstrs: QstrPool,
    /// How deep `equal` (or `hash`) is inside nested containers (bounded,
    /// so that self-containing lists raise `RecursionError` instead of
    /// looping, and deep nesting cannot overflow the machine stack).
    eq_depth: core::cell::Cell<u16>,
    /// The lowest machine-stack address a nesting level may start below
    /// (0: no check): on a board's few KiB of stack, 200 levels of `==`
    /// or `repr` would overflow it long before the depth bound.
    stack_floor: core::cell::Cell<usize>,
    /// Bumped when a class attribute changes (see [`Rt::attr_epoch`]).
    class_version: core::cell::Cell<usize>,
    /// Some class's dict was handed to Python code (`C.__dict__`, `locals()`
    /// in a class body), which may change it behind the runtime's back.
    class_dicts_shared: core::cell::Cell<bool>,
    /// A `MemoryError` for a failed allocation is being made (one that
    /// fails too falls back to the static instance).
    making_memory_error: core::cell::Cell<bool>,
    /// Results of `lookup_in_type` (`type_cache.rs`).
    pub(crate) type_cache:
        [core::cell::Cell<crate::type_cache::TypeEntry>; crate::type_cache::TYPE_CACHE],
}

/// How deep `==` follows nested containers before giving up.
const MAX_EQ_DEPTH: u16 = 200;

/// How deep printing follows nested containers before raising
/// `RecursionError` (about CPython's limit where the stack allows it;
/// a level costs well under 100 bytes of machine stack on the host).
const MAX_PRINT_DEPTH: u16 = if cfg!(target_pointer_width = "64") {
    1000
} else {
    MAX_EQ_DEPTH
};

impl Rt {
    /// A runtime over `heap`.
    pub fn new(heap: Heap) -> Rt {
        Rt {
            heap,
            qstrs: QstrPool::new(),
            eq_depth: core::cell::Cell::new(0),
            stack_floor: core::cell::Cell::new(0),
            class_version: core::cell::Cell::new(0),
            class_dicts_shared: core::cell::Cell::new(false),
            making_memory_error: core::cell::Cell::new(false),
            type_cache: crate::type_cache::new_type_cache(),
        }
    }

    /// The GC heap.
    #[inline(always)]
    pub fn heap(&self) -> &Heap {
        &self.heap
    }

    /// Changes whenever a class attribute lookup may give another result
    /// than before (a class attribute was stored or deleted) and whenever a
    /// collection ran (which may free a type and reuse its address): inline
    /// caches of class lookups are valid while it stays the same.
    #[inline(always)]
    pub fn attr_epoch(&self) -> usize {
        self.class_version
            .get()
            .wrapping_add(self.heap.collections())
    }

    /// Invalidates the inline caches of class lookups (see
    /// [`Rt::attr_epoch`]).
    pub fn class_changed(&self) {
        self.class_version
            .set(self.class_version.get().wrapping_add(1));
    }

    /// Records that a class dict became reachable from Python code: from
    /// now on lookups in classes are not cached.
    pub fn share_class_dict(&self) {
        self.class_dicts_shared.set(true);
        self.class_changed();
    }

    /// Whether [`Rt::share_class_dict`] happened.
    pub fn class_dicts_shared(&self) -> bool {
        self.class_dicts_shared.get()
    }

    /// Stores (`Some`) or deletes (`None`) an attribute of a class in its
    /// dict; `false` when `ty` has no dict (a built-in type).
    pub fn store_class_attr(&self, ty: &Type, name: Qstr, value: Option<Value>) -> PyResult<bool> {
        let Some(d) = self.downcast::<crate::types::dict::Dict>(ty.locals) else {
            return Ok(false);
        };
        self.class_changed();
        match value {
            Some(v) => {
                d.map().insert(self, Value::qstr(name), v)?;
            }
            None => {
                if d.map().remove(self, Value::qstr(name))?.is_none() {
                    return Err(self.attribute_error(ty.to_value(), name));
                }
            }
        }
        Ok(true)
    }

    /// The interned strings.
    #[inline(always)]
    pub fn qstrs(&self) -> &QstrPool {
        &self.qstrs
    }

    /// Interns `bytes`.
    pub fn intern(&self, bytes: &[u8]) -> Result<Qstr, PoolFull> {
        self.qstrs.intern(bytes)
    }

    /// The text of a qstr (empty for an unknown index, which only a forged
    /// qstr can be).
    pub fn qstr_text(&self, q: Qstr) -> &[u8] {
        self.qstrs.text(q).unwrap_or(b"")
    }

    /// A qstr's text for `format_args!`, looked up when it is written (so
    /// that without `error-messages` the lookups go with the messages).
    pub fn qstr_display(&self, q: Qstr) -> impl fmt::Display + '_ {
        QstrDisplay(self, q)
    }

    // ----- allocation -----------------------------------------------------

    /// Allocates `bytes` of zeroed heap memory; exhaustion raises `MemoryError`.
    pub fn alloc(&self, bytes: usize, flags: AllocFlags) -> PyResult<NonNull<u8>> {
        self.heap
            .alloc(bytes, flags)
            .map_err(|_| self.allocation_failed(bytes))
    }

    /// Grows or shrinks the allocation at `ptr` to `bytes` (moving it if
    /// `allow_move`); exhaustion raises `MemoryError` and leaves it as it
    /// was.
    pub fn realloc(
        &self,
        ptr: NonNull<u8>,
        bytes: usize,
        allow_move: bool,
    ) -> PyResult<NonNull<u8>> {
        self.heap
            .realloc(ptr, bytes, allow_move)
            .map_err(|_| self.allocation_failed(bytes))
    }

    /// The `MemoryError` for a failed allocation of `bytes`: a new instance
    /// with MicroPython's message when the heap still has room for one (the
    /// request that failed is usually the big one), so that it carries a
    /// traceback; else [`Rt::memory_error`]'s static one.
    #[cold]
    #[inline(never)]
    fn allocation_failed(&self, bytes: usize) -> Exc {
        if self.making_memory_error.replace(true) {
            return self.memory_error();
        }
        let e = self.error(
            &exc::MEMORY_ERROR,
            format_args!("memory allocation failed, allocating {bytes} bytes"),
        );
        self.making_memory_error.set(false);
        e
    }

    /// The `MemoryError` to raise when the heap is exhausted: a static
    /// instance, since nothing can be allocated for it.
    pub fn memory_error(&self) -> Exc {
        Exc(Value::from_static(&MEMORY_ERROR_INSTANCE))
    }

    // ----- types and downcasts -------------------------------------------

    /// The type of a value. Objects, the common case of attribute lookups
    /// and calls, take one load; the rest are decoded out of line. Inlined
    /// on hosts (speed); a call on 32-bit boards (flash).
    #[cfg_attr(not(feature = "compact"), inline(always))]
    pub fn type_of(&self, v: Value) -> &Type {
        match v.as_object() {
            // SAFETY: as in `type_of_value`.
            Some(p) => unsafe { p.as_ref() }.ty(),
            None => self.type_of_value(v),
        }
    }

    /// The type of any value, decoded: `type_of`'s out-of-line part.
    #[inline(never)]
    fn type_of_value(&self, v: Value) -> &Type {
        match v.decode() {
            Decoded::SmallInt(_) => &num::INT_TYPE,
            Decoded::Float(_) => &num::FLOAT_TYPE,
            Decoded::Qstr(_) => &STR_TYPE,
            Decoded::Immediate(Immediate::None) => &types::NONE_TYPE,
            Decoded::Immediate(Immediate::True | Immediate::False) => &types::BOOL_TYPE,
            Decoded::Immediate(Immediate::Ellipsis) => &types::ELLIPSIS_TYPE,
            Decoded::Immediate(Immediate::NotImplemented) => &types::NOT_IMPLEMENTED_TYPE,
            // SAFETY: an object value points to a live object, which starts
            // with its header (the collector keeps it alive while reachable).
            Decoded::Object(p) => unsafe { p.as_ref() }.ty(),
            // The null sentinel never reaches Python code; answer something
            // harmless rather than crash.
            Decoded::Null => &types::NONE_TYPE,
        }
    }

    /// The object `v` points to as a `T`, if `v` is an instance of `T`'s type
    /// or of a subclass that shares its layout.
    pub fn downcast<T: Object>(&self, v: Value) -> Option<&T> {
        let header = self.downcast_native(v, T::TYPE)?;
        // SAFETY: the object's native type is `T::TYPE`, whose instances have
        // `T`'s layout as their prefix (the `Object` contract).
        Some(unsafe { header.cast::<T>().as_ref() })
    }

    /// The object `v` points to as a `T`, if `v`'s type is exactly `T`'s
    /// (not a subclass): for fast paths that must not bypass a subclass's
    /// special methods. One word compare.
    #[inline(always)]
    pub fn downcast_exact<T: Object>(&self, v: Value) -> Option<&T> {
        let p = v.as_object()?;
        // SAFETY: as in `type_of`.
        let ty = unsafe { p.as_ref() }.type_ptr();
        // SAFETY: the object's type is `T::TYPE`, whose instances have
        // `T`'s layout (the `Object` contract).
        core::ptr::eq(ty, T::TYPE).then(|| unsafe { p.cast::<T>().as_ref() })
    }

    /// The object `v` points to, if its native layout is `native`'s. Out of
    /// line on 32-bit boards: every `downcast::<T>` then shares this body.
    #[cfg_attr(feature = "compact", inline(never))]
    pub fn downcast_native(&self, v: Value, native: &Type) -> Option<NonNull<ObjHeader>> {
        let p = v.as_object()?;
        // SAFETY: as in `type_of`.
        let ty = unsafe { p.as_ref() }.ty();
        core::ptr::eq(ty.native, native).then_some(p)
    }

    /// The bytes of a `str` (interned or not) or `bytes` value.
    pub fn str_bytes(&self, v: Value) -> Option<&[u8]> {
        if let Some(q) = v.as_qstr() {
            return self.qstrs.text(q);
        }
        let header = self
            .downcast_native(v, &STR_TYPE)
            .or_else(|| self.downcast_native(v, &BYTES_TYPE))?;
        // SAFETY: str and bytes share the `Str` layout.
        Some(unsafe { header.cast::<Str>().as_ref() }.bytes())
    }

    // ----- printing -------------------------------------------------------

    /// Prints `v` as `str()` or `repr()` would.
    pub fn print(&self, v: Value, out: &mut dyn Sink, kind: PrintKind) -> PyResult<()> {
        let ty = self.type_of(v);
        match ty.slots.print {
            // Containers print their items through here: bound the nesting.
            Some(print) => self.nested_within(MAX_PRINT_DEPTH, || print(self, v, out, kind)),
            None => {
                let mut fmt = FmtSink::new(out);
                let result = write!(
                    fmt,
                    "<{} object at {:x}>",
                    self.qstr_display(ty.name),
                    v.to_bits()
                );
                fmt.finish(result)
            }
        }
    }

    /// `repr(v)` as a new string.
    pub fn repr(&self, v: Value) -> PyResult {
        let mut out = StrBuilder::with_capacity(self, 16)?;
        self.print(v, &mut out, PrintKind::Repr)?;
        out.finish(&STR_TYPE)
    }

    /// `str(v)` as a new string (or `v` itself when it is a `str`).
    pub fn str(&self, v: Value) -> PyResult {
        if core::ptr::eq(self.type_of(v), &STR_TYPE) {
            return Ok(v);
        }
        let mut out = StrBuilder::with_capacity(self, 16)?;
        self.print(v, &mut out, PrintKind::Str)?;
        out.finish(&STR_TYPE)
    }

    // ----- raising --------------------------------------------------------

    /// An exception of type `ty` whose message is formatted from `args`
    /// (without feature `error-messages`, an exception without arguments).
    /// When the heap cannot hold it, the result is `MemoryError` instead.
    pub fn error(&self, ty: &Type, args: fmt::Arguments<'_>) -> Exc {
        if !cfg!(feature = "error-messages") {
            return match exc::new_exception(self, ty, &[]) {
                Ok(exc) => Exc(exc),
                Err(_) => self.memory_error(),
            };
        }
        let message = (|| {
            let mut out = StrBuilder::with_capacity(self, 32)?;
            let mut fmt = FmtSink::new(&mut out);
            let result = fmt::write(&mut fmt, args);
            fmt.finish(result)?;
            out.finish(&STR_TYPE)
        })();
        match message.and_then(|m| exc::new_exception(self, ty, &[m])) {
            Ok(exc) => Exc(exc),
            Err(_) => self.memory_error(),
        }
    }

    /// A `TypeError`.
    pub fn type_error(&self, args: fmt::Arguments<'_>) -> Exc {
        self.error(&exc::TYPE_ERROR, args)
    }

    /// A `ValueError`.
    pub fn value_error(&self, args: fmt::Arguments<'_>) -> Exc {
        self.error(&exc::VALUE_ERROR, args)
    }

    /// The `TypeError` for a call with the wrong number of positional
    /// arguments.
    pub fn arg_count_error(&self, name: Qstr, expected: usize, given: usize, range: bool) -> Exc {
        let name = self.qstr_display(name);
        if range {
            let bound = if given < expected {
                "at least"
            } else {
                "at most"
            };
            self.type_error(format_args!(
                "{name}() takes {bound} {expected} arguments ({given} given)"
            ))
        } else {
            self.type_error(format_args!(
                "{name}() takes {expected} positional argument{} but {given} {} given",
                if expected == 1 { "" } else { "s" },
                if given == 1 { "was" } else { "were" },
            ))
        }
    }

    // ----- hashing and equality --------------------------------------------

    /// `hash(v)` for the built-in immutable types; other objects hash by
    /// identity (classes with `__hash__`/`__eq__` are dispatched by the VM).
    pub fn hash(&self, v: Value) -> PyResult<u32> {
        use pyrite_num::float::{HASH_BITS, hash_f64};
        // A small int (magnitude at most 2^(SMALL_INT_BITS - 1)) is below
        // the hash modulus, so it is its own hash, except that -1 (reserved)
        // hashes as -2: no division needed.
        const _: () = assert!(crate::value::SMALL_INT_BITS <= HASH_BITS);
        Ok(match v.decode() {
            Decoded::SmallInt(-1) => -2i32 as u32,
            Decoded::SmallInt(i) => i as u32,
            Decoded::Float(x) => match hash_f64(x as f64) {
                Some(h) => h as u32,
                None => identity_hash(v),
            },
            Decoded::Immediate(Immediate::True) => 1,
            Decoded::Immediate(Immediate::False) => 0,
            _ => {
                if let Some(q) = v.as_qstr() {
                    self.qstrs.hash(q).unwrap_or(0)
                } else if let Some(s) = self.downcast::<Str>(v) {
                    s.hash()
                } else if let Some(header) = self.downcast_native(v, &BYTES_TYPE) {
                    // SAFETY: bytes share the `Str` layout.
                    unsafe { header.cast::<Str>().as_ref() }.hash()
                } else if let Some(h) = num::big_hash(self, v) {
                    h
                } else if let Some(t) = self.downcast::<Tuple>(v) {
                    self.nested(|| self.hash_tuple(t))?
                } else if let Some(h) = types::set::hash(self, v) {
                    h?
                } else if let Some(h) = complex_hash(self, v) {
                    h
                } else if self.type_of(v).flags.contains(crate::TypeFlags::UNHASHABLE)
                    // Keys and items views are set-like, so unhashable.
                    || types::dict::is_set_like_view(self, v)
                {
                    return Err(self.type_error(format_args!(
                        "unhashable type: '{}'",
                        self.qstr_display(self.type_of(v).name)
                    )));
                } else if let Some(h) = self.user_hash(v)? {
                    h
                } else {
                    identity_hash(v)
                }
            }
        })
    }

    /// A tuple's hash from its items'.
    fn hash_tuple(&self, t: &Tuple) -> PyResult<u32> {
        let mut h: u32 = 0x345678;
        for &item in t.items() {
            h = (h ^ self.hash(item)?).wrapping_mul(1_000_003);
        }
        Ok(h)
    }

    /// Runs `f` one container level deeper: nesting is bounded as in
    /// `equal`, so a deeply nested tuple or frozenset raises
    /// `RecursionError` instead of overflowing the machine stack.
    pub fn nested<T>(&self, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
        self.nested_within(MAX_EQ_DEPTH, f)
    }

    /// [`Rt::nested`] with its own bound.
    fn nested_within<T>(&self, limit: u16, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
        let depth = self.eq_depth.get();
        if self.too_deep(depth, limit) {
            return Err(self.error(
                &exc::RECURSION_ERROR,
                format_args!("maximum recursion depth exceeded"),
            ));
        }
        self.eq_depth.set(depth + 1);
        let r = f();
        self.eq_depth.set(depth);
        r
    }

    /// Sets the lowest machine-stack address from which a nested
    /// comparison, hash or print may go one container level deeper (stacks
    /// grow down); below it they raise `RecursionError`. The VM sets it
    /// from its port's stack limit, leaving room for one level and what it
    /// calls.
    pub fn set_stack_floor(&self, floor: usize) {
        self.stack_floor.set(floor);
    }

    /// Whether `depth` levels reach `limit` or the machine stack is below
    /// [`Rt::set_stack_floor`]'s floor.
    #[inline]
    fn too_deep(&self, depth: u16, limit: u16) -> bool {
        let floor = self.stack_floor.get();
        depth >= limit || (floor != 0 && stack_position() < floor)
    }

    /// `a == b`: numbers by value, strings and bytes by contents,
    /// containers (tuples, lists, dicts, sets) item by item, class
    /// instances through `__eq__`, the rest by identity.
    pub fn equal(&self, a: Value, b: Value) -> PyResult<bool> {
        if a == b {
            // Identity, except that NaN is not equal to itself.
            return Ok(!a.as_float().is_some_and(|x| x.is_nan()));
        }
        if let (Some(x), Some(y)) = (numeric(a), numeric(b)) {
            return Ok(x == y);
        }
        if let Some(eq) = num::big_equal(self, a, b) {
            return Ok(eq);
        }
        // str equals str; bytes and bytearray equal each other by contents.
        if let (Some(x), Some(y)) = (str_text(self, a), str_text(self, b)) {
            return Ok(x.bytes == y.bytes);
        }
        if let (Some(x), Some(y)) = (bytes_like(self, a), bytes_like(self, b)) {
            return Ok(x.bytes == y.bytes);
        }
        // Other buffer exporters (`memoryview`, `array`) define equality in
        // their operator slot.
        if let Some(eq) = self.buffer_equal(a, b)? {
            return Ok(eq);
        }
        if let Some(eq) = types::dict::view_equal(self, a, b)? {
            return Ok(eq);
        }
        let (ta, tb) = (self.type_of(a), self.type_of(b));
        if ta.flags.contains(crate::TypeFlags::HEAP) || tb.flags.contains(crate::TypeFlags::HEAP) {
            if let Some(eq) = self.user_equal(a, b)? {
                return Ok(eq);
            }
            // Instances of classes that extend a container compare as
            // that container; others by identity.
            if core::ptr::eq(ta.native, &types::OBJECT_TYPE)
                || core::ptr::eq(tb.native, &types::OBJECT_TYPE)
                || ta.flags.contains(crate::TypeFlags::EXCEPTION)
            {
                return Ok(false);
            }
        }
        if !core::ptr::eq(ta.native, tb.native) {
            // Two complex numbers compare in their operator slot, below.
            return Ok(complex_equal(self, a, b).unwrap_or(false));
        }
        let depth = self.eq_depth.get();
        if self.too_deep(depth, MAX_EQ_DEPTH) {
            return Err(self.error(
                &exc::RECURSION_ERROR,
                format_args!("maximum recursion depth exceeded in comparison"),
            ));
        }
        self.eq_depth.set(depth + 1);
        let r = self.container_equal(ta.native, a, b);
        self.eq_depth.set(depth);
        r
    }

    /// `a == b` for two objects of the same native type `native`.
    fn container_equal(&self, native: &Type, a: Value, b: Value) -> PyResult<bool> {
        use types::dict::Dict;
        use types::list::List;
        if let (Some(x), Some(y)) = (self.downcast::<Tuple>(a), self.downcast::<Tuple>(b)) {
            let (x, y) = (x.items(), y.items());
            if x.len() != y.len() {
                return Ok(false);
            }
            for (&p, &q) in x.iter().zip(y) {
                if p != q && !self.equal(p, q)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        if let (Some(x), Some(y)) = (self.downcast::<List>(a), self.downcast::<List>(b)) {
            if x.len() != y.len() {
                return Ok(false);
            }
            // Re-read the items each time: `__eq__` may change the lists.
            let mut i = 0;
            while let (Some(p), Some(q)) = (x.get(i), y.get(i)) {
                if p != q && !self.equal(p, q)? {
                    return Ok(false);
                }
                i += 1;
            }
            return Ok(x.len() == y.len());
        }
        if let (Some(x), Some(y)) = (self.downcast::<Dict>(a), self.downcast::<Dict>(b)) {
            let (x, y) = (x.map(), y.map());
            if x.len() != y.len() {
                return Ok(false);
            }
            let mut i = 0;
            while i < x.slots() {
                if let Some((k, v)) = x.entry_at(i) {
                    match y.get(self, k)? {
                        Some(w) if v == w || self.equal(v, w)? => {}
                        _ => return Ok(false),
                    }
                }
                i += 1;
            }
            return Ok(true);
        }
        if let Some(eq) = types::set::equal(self, a, b) {
            return eq;
        }
        // Other built-in types (`range`, `deque`...) may answer `==` in
        // their operator slot.
        if let Some(binary) = native.slots.binary_op
            && let Some(r) = binary(self, crate::ops::BinaryOp::Equal, a, b)?
        {
            return self.truthy(r);
        }
        Ok(false)
    }

    /// The `__hash__` of a class instance whose class defines one: `None`
    /// for other objects.
    fn user_hash(&self, v: Value) -> PyResult<Option<u32>> {
        let ty = self.type_of(v);
        if !ty.flags.contains(crate::TypeFlags::HEAP) {
            return Ok(None);
        }
        let Some(f) = self.lookup_in_type(ty, q::__hash__)? else {
            // A class that defines `__eq__` without `__hash__` is unhashable.
            if self.lookup_in_type(ty, q::__eq__)?.is_some() {
                return Err(self.type_error(format_args!(
                    "unhashable type: '{}'",
                    self.qstr_display(ty.name)
                )));
            }
            return Ok(None);
        };
        if f.is_none() {
            return Err(self.type_error(format_args!(
                "unhashable type: '{}'",
                self.qstr_display(ty.name)
            )));
        }
        let h = self.call_positional(f, &[v])?;
        if h.as_small_int().is_none() && num::big_hash(self, h).is_none() {
            return Err(self.type_error(format_args!("__hash__ method should return an integer")));
        }
        self.hash(h).map(Some)
    }

    /// `a.__eq__(b)`, then `b.__eq__(a)`, for class instances whose class
    /// defines `__eq__`: `None` when neither does or both say
    /// `NotImplemented`.
    fn user_equal(&self, a: Value, b: Value) -> PyResult<Option<bool>> {
        for (x, y) in [(a, b), (b, a)] {
            let ty = self.type_of(x);
            if !ty.flags.contains(crate::TypeFlags::HEAP) {
                continue;
            }
            if let Some(f) = self.lookup_in_type(ty, q::__eq__)? {
                let r = self.call_positional(f, &[x, y])?;
                if r != Value::NOT_IMPLEMENTED {
                    return self.truthy(r).map(Some);
                }
            }
        }
        Ok(None)
    }
}

impl Rt {
    /// `a == b` when either operand exports a buffer but is not `bytes` or
    /// `bytearray`: asks that operand's operator slot (`None`: neither is
    /// such an object, or it does not answer).
    fn buffer_equal(&self, a: Value, b: Value) -> PyResult<Option<bool>> {
        for (x, y) in [(a, b), (b, a)] {
            let native = self.type_of(x).native;
            if native.slots.buffer.is_none()
                || core::ptr::eq(native, &BYTES_TYPE)
                || core::ptr::eq(native, &types::bytearray::BYTEARRAY_TYPE)
            {
                continue;
            }
            if let Some(binary) = native.slots.binary_op
                && let Some(r) = binary(self, crate::ops::BinaryOp::Equal, x, y)?
            {
                return Ok(Some(self.truthy(r)?));
            }
        }
        Ok(None)
    }
}

impl MapContext for Rt {
    fn heap(&self) -> &Heap {
        &self.heap
    }

    fn out_of_memory(&self) -> Exc {
        self.memory_error()
    }

    fn hash(&self, key: Value) -> PyResult<u32> {
        Rt::hash(self, key)
    }

    fn eq(&self, a: Value, b: Value) -> PyResult<bool> {
        self.equal(a, b)
    }
}

/// A number as `f64` for cross-type comparison (`1 == 1.0 == True`).
pub(crate) fn numeric(v: Value) -> Option<f64> {
    match v.decode() {
        Decoded::SmallInt(i) => Some(i as f64),
        Decoded::Float(x) => Some(x as f64),
        Decoded::Immediate(Immediate::True) => Some(1.0),
        Decoded::Immediate(Immediate::False) => Some(0.0),
        _ => None,
    }
}

/// `hash()` of a complex (`None`: not one, or no `complex` feature).
#[inline(always)]
fn complex_hash(rt: &Rt, v: Value) -> Option<u32> {
    #[cfg(feature = "complex")]
    return num::complex::complex_hash(rt, v);
    #[cfg(not(feature = "complex"))]
    {
        let _ = (rt, v);
        None
    }
}

/// `a == b` when one is a complex and the other another number (`None`:
/// neither is a complex, or no `complex` feature).
#[inline(always)]
fn complex_equal(rt: &Rt, a: Value, b: Value) -> Option<bool> {
    #[cfg(feature = "complex")]
    return num::complex::complex_equal(rt, a, b);
    #[cfg(not(feature = "complex"))]
    {
        let _ = (rt, a, b);
        None
    }
}

fn identity_hash(v: Value) -> u32 {
    // Objects are at least word-aligned; drop the always-zero bits.
    (v.to_bits() >> 3) as u32
}

struct BytesDisplay<'a>(&'a [u8]);

/// [`Rt::qstr_display`]'s value.
struct QstrDisplay<'a>(&'a Rt, Qstr);

impl fmt::Display for QstrDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        BytesDisplay(self.0.qstr_text(self.1)).fmt(f)
    }
}

impl fmt::Display for BytesDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{fffd}")?;
            }
        }
        Ok(())
    }
}

use core::fmt::Write as _;

/// The current machine-stack position: the address of a local in the
/// caller's frame.
#[inline(always)]
fn stack_position() -> usize {
    let marker = 0u8;
    (&raw const *core::hint::black_box(&marker)).addr()
}
