//! ROM objects: `const`-constructible statics with exactly the heap layouts
//! of `str`, `bytes`, big `int`, `complex` and `tuple`, so that the VM uses them in
//! place (frozen modules' constants: they stay in flash and cost no RAM).
//!
//! ```
//! use pyrite_obj::Value;
//! use pyrite_obj::rom::{RomInt, RomStr, RomTuple};
//!
//! static GREETING: RomStr<5> = RomStr::str(*b"hello");
//! static DATA: RomStr<3> = RomStr::bytes(*b"\x00\x01\x02");
//! static ITEMS: RomTuple<3> = RomTuple::new([
//!     GREETING.value(),
//!     Value::small_int_const(7),
//!     Value::float(1.5),
//! ]);
//! // 0xDEADBEEF0000DEADBEEF, little-endian 32-bit limbs: a build error
//! // without the `bigint` feature.
//! #[cfg(feature = "bigint")]
//! static BIG: RomInt<3> = RomInt::new(false, [0xDEADBEEF, 0xBEEF0000, 0xDEAD]);
//! ```
//!
//! Small ints, floats, qstrs and the immediates are words already
//! (`Value::small_int_const`, `Value::float`, `Value::qstr`, `Value::NONE`);
//! `float` is `const`, so it needs no ROM object on any target.
//!
//! A ROM object lies outside the GC heap, so the collector never traces
//! through it: its items must themselves be ROM objects or words (which is
//! all a `const` can name). Every field a heap object may cache lazily is
//! precomputed here (a string's hash), so nothing ever writes to a ROM
//! object and the statics hold no interior mutability: they are placed in
//! flash.

use pyrite_num::bigint::Limb;

use crate::object::{ObjHeader, Type};
use crate::qstr::hash_bytes;
use crate::types::num::INT_TYPE;
use crate::types::num::bigint::Int;
use crate::types::str::{BYTES_TYPE, STR_TYPE, Str};
use crate::types::tuple::Tuple;
use crate::value::{Float, SMALL_INT_MAX, SMALL_INT_MIN, Value};

pub use crate::types::tuple::RomTuple;

/// The "all ASCII" bit of a string's length word (as in `types::str`).
const ASCII_FLAG: u32 = 1 << 31;
/// The sign bit of a big int's length word (as in `types::num::bigint`).
const SIGN: usize = 1 << (usize::BITS - 1);

/// A `str` or `bytes` in flash: [`Str`]'s layout (header, hash, length with
/// the ASCII flag) with the bytes inline, the hash and flag computed at
/// compile time.
#[repr(C)]
pub struct RomStr<const N: usize> {
    header: ObjHeader,
    /// Never 0 (`hash_bytes` never returns 0), so `Str::hash` never writes.
    hash: u32,
    len_flags: u32,
    data: [u8; N],
}

impl<const N: usize> RomStr<N> {
    const fn make(ty: &'static crate::Type, data: [u8; N]) -> RomStr<N> {
        assert!(N < ASCII_FLAG as usize, "string too long");
        let ascii = if data.as_slice().is_ascii() {
            ASCII_FLAG
        } else {
            0
        };
        RomStr {
            header: ObjHeader::new(ty),
            hash: hash_bytes(data.as_slice()),
            len_flags: N as u32 | ascii,
            data,
        }
    }

    /// A `str` of the UTF-8 bytes `data` (checked at compile time in a
    /// `static`).
    pub const fn str(data: [u8; N]) -> RomStr<N> {
        assert!(
            core::str::from_utf8(data.as_slice()).is_ok(),
            "a str must be UTF-8"
        );
        RomStr::make(&STR_TYPE, data)
    }

    /// A `bytes` object of `data`.
    pub const fn bytes(data: [u8; N]) -> RomStr<N> {
        RomStr::make(&BYTES_TYPE, data)
    }

    /// The object as a value.
    pub const fn value(&'static self) -> Value {
        Value::from_rom(self)
    }
}

/// A big `int` in flash: [`Int`]'s layout (header, limb count with the sign
/// bit) with the little-endian 32-bit limbs inline.
#[repr(C)]
pub struct RomInt<const N: usize> {
    header: ObjHeader,
    len_sign: usize,
    limbs: [Limb; N],
}

impl<const N: usize> RomInt<N> {
    /// The int `(-1 if negative else 1) * sum(limbs[i] << 32 * i)`. The
    /// limbs must be normalised (the top one non-zero) and the value must
    /// not fit a small int on this target: ints that do are words
    /// (`Value::small_int_const`), and the arithmetic relies on that. Both
    /// are checked at compile time in a `static`, and so is the `bigint`
    /// feature: without it a frozen module's big constant is a build error.
    pub const fn new(negative: bool, limbs: [Limb; N]) -> RomInt<N> {
        if !cfg!(feature = "bigint") {
            panic!("an int beyond the small ints needs pyrite-obj's `bigint` feature");
        }
        assert!(
            N > 0 && limbs[N - 1] != 0,
            "big int limbs must be normalised"
        );
        assert!(!fits_small(negative, &limbs), "this int is a small int");
        RomInt {
            header: ObjHeader::new(&INT_TYPE),
            len_sign: N | if negative { SIGN } else { 0 },
            limbs,
        }
    }

    /// The object as a value.
    pub const fn value(&'static self) -> Value {
        Value::from_rom(self)
    }
}

/// A `complex` in flash: the heap object's layout (header, real part,
/// imaginary part), the parts rounded to this target's `Float`.
#[repr(C)]
pub struct RomComplex {
    header: ObjHeader,
    real: Float,
    imag: Float,
}

impl RomComplex {
    /// `complex(real, imag)`. Without pyrite-obj's `complex` feature a
    /// frozen module's complex constant is a build error (checked at
    /// compile time in a `static`).
    pub const fn new(real: f64, imag: f64) -> RomComplex {
        if !cfg!(feature = "complex") {
            panic!("a complex constant needs pyrite-obj's `complex` feature");
        }
        RomComplex {
            header: ObjHeader::new(COMPLEX_TYPE),
            real: real as Float,
            imag: imag as Float,
        }
    }

    /// The object as a value.
    pub const fn value(&'static self) -> Value {
        Value::from_rom(self)
    }
}

/// The type of [`RomComplex`] (without `complex`, a stand-in no value
/// is ever made with).
#[cfg(feature = "complex")]
const COMPLEX_TYPE: &Type = &crate::types::num::COMPLEX_TYPE;
#[cfg(not(feature = "complex"))]
const COMPLEX_TYPE: &Type = &crate::types::num::FLOAT_TYPE;

#[cfg(feature = "complex")]
const _: () = {
    use crate::types::num::Complex;
    assert!(size_of::<RomComplex>() == size_of::<Complex>());
};

/// Whether the int given by sign and limbs is a small int on this target.
pub const fn fits_small(negative: bool, limbs: &[Limb]) -> bool {
    if limbs.len() > 2 {
        return false;
    }
    let mut mag: i128 = 0;
    let mut i = limbs.len();
    while i > 0 {
        i -= 1;
        mag = (mag << 32) | limbs[i] as i128;
    }
    let v = if negative { -mag } else { mag };
    SMALL_INT_MIN as i128 <= v && v <= SMALL_INT_MAX as i128
}

impl<const N: usize> RomTuple<N> {
    /// The object as a value.
    pub const fn value(&'static self) -> Value {
        Value::from_static(self)
    }
}

// The ROM layouts are the heap layouts: same size of the fixed part, and
// the inline data right after it, at the same alignment.
const _: () = {
    assert!(core::mem::offset_of!(RomStr<1>, data) == size_of::<Str>());
    assert!(align_of::<RomStr<1>>() == align_of::<Str>());
    assert!(core::mem::offset_of!(RomStr<1>, hash) == size_of::<ObjHeader>());
    assert!(core::mem::offset_of!(RomInt<1>, limbs) == size_of::<Int>());
    assert!(align_of::<RomInt<1>>() == align_of::<Int>());
    assert!(size_of::<RomTuple<0>>() == size_of::<Tuple>());
};
