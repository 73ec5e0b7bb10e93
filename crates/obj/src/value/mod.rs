//! [`Value`]: one machine word per Python value.
//!
//! Small ints, floats, interned strings and the immediates (`None`, `False`,
//! `True`, `Ellipsis`, `NotImplemented`) live in the word itself, so none of
//! them ever allocates; everything else is a pointer to an object that starts
//! with an [`ObjHeader`](crate::ObjHeader), in the GC heap or in flash. The
//! encodings are in [`repr32`] (boards) and [`repr64`] (hosts); both are pure
//! bit functions, tested on every host.

pub mod repr32;
pub mod repr64;

#[cfg(target_pointer_width = "32")]
use repr32 as repr;
#[cfg(target_pointer_width = "64")]
use repr64 as repr;

use core::fmt;
use core::ptr::NonNull;

use crate::qstr::Qstr;

/// The float type of this target: `f64` on hosts, `f32` on 32-bit boards
/// (stored with 30 bits in the word; single precision is what their FPUs do).
#[cfg(target_pointer_width = "64")]
pub type Float = f64;
/// The float type of this target: `f64` on hosts, `f32` on 32-bit boards
/// (stored with 30 bits in the word; single precision is what their FPUs do).
#[cfg(target_pointer_width = "32")]
pub type Float = f32;

/// The signed integer type that holds any small int.
#[cfg(target_pointer_width = "64")]
pub type SmallInt = i64;
/// The signed integer type that holds any small int.
#[cfg(target_pointer_width = "32")]
pub type SmallInt = i32;

pub use repr::{SMALL_INT_BITS, SMALL_INT_MAX, SMALL_INT_MIN};

/// The immediates, numbered as the encodings store them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub enum Immediate {
    /// `None`.
    None = 0,
    /// `False`.
    False = 1,
    /// `True`.
    True = 2,
    /// `...`.
    Ellipsis = 3,
    /// `NotImplemented`.
    NotImplemented = 4,
}

/// A Python value in one machine word. `Copy`; valid as long as the object it
/// points to (if any) is reachable by the collector — see `docs/architecture.md`.
///
/// The word is a raw pointer so that a value can name a static object in a
/// `const` (ROM method tables), and so that heap pointers keep their
/// provenance; non-pointer encodings are made with
/// [`core::ptr::without_provenance`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(*const u8);

// SAFETY: a `Value` is a plain word. Objects are only reached through a
// runtime that is used from one thread at a time; statics that hold values
// (ROM tables) are immutable.
unsafe impl Sync for Value {}
// SAFETY: as above; moving the word between threads does not touch the object.
unsafe impl Send for Value {}

/// A value taken apart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decoded {
    /// The null sentinel: "no value" (an empty dict slot, a missing argument).
    Null,
    /// A small int.
    SmallInt(SmallInt),
    /// A float.
    Float(Float),
    /// An interned string.
    Qstr(Qstr),
    /// `None`, `True`, ...
    Immediate(Immediate),
    /// A pointer to an object.
    Object(NonNull<crate::ObjHeader>),
}

impl Value {
    /// The null sentinel. Never visible to Python code.
    pub const NULL: Value = Value(core::ptr::null());
    /// `None`.
    pub const NONE: Value = Value::immediate(Immediate::None);
    /// `False`.
    pub const FALSE: Value = Value::immediate(Immediate::False);
    /// `True`.
    pub const TRUE: Value = Value::immediate(Immediate::True);
    /// `...`.
    pub const ELLIPSIS: Value = Value::immediate(Immediate::Ellipsis);
    /// `NotImplemented`.
    pub const NOT_IMPLEMENTED: Value = Value::immediate(Immediate::NotImplemented);

    #[inline(always)]
    const fn from_word(bits: usize) -> Value {
        Value(core::ptr::without_provenance(bits))
    }

    #[inline(always)]
    fn word(self) -> usize {
        self.0.addr()
    }

    const fn immediate(imm: Immediate) -> Value {
        Value::from_word(repr::immediate(imm as u32) as usize)
    }

    /// The raw word, for identity (`id()`, `is`) and hashing identities.
    #[inline(always)]
    pub fn to_bits(self) -> usize {
        self.word()
    }

    /// `True` or `False`.
    #[inline(always)]
    pub const fn bool(b: bool) -> Value {
        if b { Value::TRUE } else { Value::FALSE }
    }

    /// A small int, or `None` if `i` does not fit in [`SMALL_INT_BITS`].
    /// Inlined on hosts (speed); on 32-bit boards the 64-bit range check
    /// is a call (flash).
    #[cfg_attr(not(feature = "compact"), inline(always))]
    pub fn small_int(i: i64) -> Option<Value> {
        if (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&i) {
            Some(Value::from_word(repr::small_int(i as SmallInt) as usize))
        } else {
            None
        }
    }

    /// A small int from a value already known to fit (checked in debug builds).
    #[inline(always)]
    pub fn small_int_unchecked(i: SmallInt) -> Value {
        debug_assert!((SMALL_INT_MIN..=SMALL_INT_MAX).contains(&(i as i64)));
        Value::from_word(repr::small_int(i) as usize)
    }

    /// A small int in a `const` context, for ROM tables of class constants
    /// (`Pin.OUT`). Panics (at compile time, in a `const`) if `i` does not
    /// fit.
    pub const fn small_int_const(i: SmallInt) -> Value {
        assert!(SMALL_INT_MIN <= i as i64 && i as i64 <= SMALL_INT_MAX);
        Value::from_word(repr::small_int(i) as usize)
    }

    /// A float. Never allocates; `const`, so ROM tables (frozen
    /// constants) can hold floats.
    #[inline(always)]
    pub const fn float(x: Float) -> Value {
        Value::from_word(repr::float(x) as usize)
    }

    /// An interned string.
    #[inline(always)]
    pub const fn qstr(q: Qstr) -> Value {
        Value::from_word(repr::qstr(q.index()) as usize)
    }

    /// A pointer to an object.
    ///
    /// # Safety
    /// `ptr` must point to a live object that starts with an `ObjHeader` and
    /// is aligned to a word (8 bytes on 64-bit targets).
    #[inline(always)]
    pub unsafe fn from_object(ptr: NonNull<crate::ObjHeader>) -> Value {
        Value(ptr.as_ptr().cast_const().cast())
    }

    /// A static object (in flash on the boards). `const`, so ROM tables can
    /// hold values that name other statics.
    #[inline(always)]
    pub const fn from_static<T: crate::Object>(obj: &'static T) -> Value {
        Value((obj as *const T).cast())
    }

    /// A ROM object (`rom::RomStr`, `rom::RomInt`: statics that start with
    /// an `ObjHeader` but are not `Object` types themselves). The pointer is
    /// taken from the whole static so that it covers the inline data.
    #[inline(always)]
    pub(crate) const fn from_rom<T>(obj: &'static T) -> Value {
        Value((obj as *const T).cast())
    }

    /// Whether this is the null sentinel.
    #[inline(always)]
    pub fn is_null(self) -> bool {
        self.0.is_null()
    }

    /// Whether this is `None`.
    #[inline(always)]
    pub fn is_none(self) -> bool {
        self == Value::NONE
    }

    /// Whether this is a small int.
    #[inline(always)]
    pub fn is_small_int(self) -> bool {
        repr::is_small_int(self.word() as _)
    }

    /// The small int, if this is one.
    #[inline(always)]
    pub fn as_small_int(self) -> Option<SmallInt> {
        if self.is_small_int() {
            Some(repr::small_int_value(self.word() as _))
        } else {
            None
        }
    }

    /// Whether this is a float.
    #[inline(always)]
    pub fn is_float(self) -> bool {
        repr::is_float(self.word() as _)
    }

    /// The float, if this is one.
    #[inline(always)]
    pub fn as_float(self) -> Option<Float> {
        if self.is_float() {
            Some(repr::float_value(self.word() as _))
        } else {
            None
        }
    }

    /// Whether this is an interned string.
    #[inline(always)]
    pub fn is_qstr(self) -> bool {
        repr::is_qstr(self.word() as _)
    }

    /// The interned string, if this is one.
    #[inline(always)]
    pub fn as_qstr(self) -> Option<Qstr> {
        if self.is_qstr() {
            Some(Qstr::from_index(repr::qstr_index(self.word() as _)))
        } else {
            None
        }
    }

    /// The immediate, if this is one.
    pub fn as_immediate(self) -> Option<Immediate> {
        if !repr::is_immediate(self.word() as _) {
            return None;
        }
        Some(match repr::immediate_index(self.word() as _) {
            0 => Immediate::None,
            1 => Immediate::False,
            2 => Immediate::True,
            3 => Immediate::Ellipsis,
            _ => Immediate::NotImplemented,
        })
    }

    /// Whether this points to an object (heap or ROM).
    #[inline(always)]
    pub fn is_object(self) -> bool {
        repr::is_ptr(self.word() as _)
    }

    /// The object pointer, if this is one.
    #[inline(always)]
    pub fn as_object(self) -> Option<NonNull<crate::ObjHeader>> {
        if self.is_object() {
            NonNull::new(self.0.cast_mut().cast())
        } else {
            None
        }
    }

    /// Takes the value apart.
    pub fn decode(self) -> Decoded {
        if let Some(i) = self.as_small_int() {
            Decoded::SmallInt(i)
        } else if let Some(x) = self.as_float() {
            Decoded::Float(x)
        } else if let Some(q) = self.as_qstr() {
            Decoded::Qstr(q)
        } else if let Some(imm) = self.as_immediate() {
            Decoded::Immediate(imm)
        } else if let Some(p) = self.as_object() {
            Decoded::Object(p)
        } else {
            Decoded::Null
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.decode() {
            Decoded::Object(p) => write!(f, "Object({p:p})"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_int_range_is_checked() {
        assert_eq!(
            Value::small_int(SMALL_INT_MAX).and_then(Value::as_small_int),
            Some(SMALL_INT_MAX as SmallInt)
        );
        assert_eq!(
            Value::small_int(SMALL_INT_MIN).and_then(Value::as_small_int),
            Some(SMALL_INT_MIN as SmallInt)
        );
        assert!(Value::small_int(SMALL_INT_MAX + 1).is_none());
        assert!(Value::small_int(SMALL_INT_MIN - 1).is_none());
    }

    #[test]
    fn immediates_decode_to_themselves() {
        for (v, imm) in [
            (Value::NONE, Immediate::None),
            (Value::FALSE, Immediate::False),
            (Value::TRUE, Immediate::True),
            (Value::ELLIPSIS, Immediate::Ellipsis),
            (Value::NOT_IMPLEMENTED, Immediate::NotImplemented),
        ] {
            assert_eq!(v.decode(), Decoded::Immediate(imm));
        }
        assert_eq!(Value::NULL.decode(), Decoded::Null);
        assert_eq!(Value::bool(true), Value::TRUE);
    }

    #[test]
    fn floats_and_qstrs_decode() {
        assert_eq!(Value::float(2.5).decode(), Decoded::Float(2.5));
        let q = Qstr::from_index(42);
        assert_eq!(Value::qstr(q).decode(), Decoded::Qstr(q));
    }
}
