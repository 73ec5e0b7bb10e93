//! Arbitrary-precision integers with Python `int` semantics, over
//! caller-provided limb slices.
//!
//! # Representation
//!
//! A magnitude is a little-endian slice of [`Limb`]s (`u32` on every target,
//! with `u64` intermediates: simple, portable, and fast enough on 32-bit
//! microcontrollers, which have a 32x32->64 multiply). A signed value is a
//! [`BigRef`]: a sign flag plus a magnitude. Zero is the empty magnitude and is
//! never negative in outputs.
//!
//! # Buffers
//!
//! Nothing here allocates. Every operation writes into `&mut [Limb]` slices the
//! caller obtained (typically from the GC heap) after asking a `*_len` bound
//! function how large they must be. Bounds take the *slice lengths* of the
//! inputs (high zero limbs in inputs are allowed and ignored). Results are
//! normalised and the functions report the number of limbs used, as a
//! [`Written`] for signed results. A slice shorter than its bound gives
//! [`NumError::BufferTooSmall`](crate::NumError::BufferTooSmall): no function
//! panics on any input.
//!
//! Some operations also need a `scratch` slice whose length comes from a
//! `*_scratch_len` function; its contents on return are unspecified.
//!
//! # Modules
//!
//! - [`mag`]: unsigned algorithms (compare, add, sub, mul, divrem, shifts).
//! - [`signed`]: Python semantics on signed values (floor division, bitwise
//!   ops on negatives, shifts, conversions to/from machine ints and `f64`).
//! - [`pow`]: `pow(a, b)`, `pow(a, b, m)`, gcd.
//! - [`text`]: `int(str, base)` and formatting in any base 2..=36.
//! - [`bytes`]: `int.to_bytes` / `int.from_bytes`.

pub mod bytes;
pub mod mag;
pub mod pow;
pub mod signed;
pub mod text;

/// One limb of a magnitude: `u32` on all targets.
pub type Limb = u32;
/// Double-width intermediate for limb arithmetic.
pub type DLimb = u64;
/// Bits per limb.
pub const LIMB_BITS: u32 = 32;

/// A borrowed signed big integer: `neg` and a little-endian magnitude.
///
/// The magnitude may have high zero limbs; a zero magnitude with `neg` set is
/// treated as zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BigRef<'a> {
    /// Whether the value is negative.
    pub neg: bool,
    /// Little-endian magnitude limbs.
    pub mag: &'a [Limb],
}

impl<'a> BigRef<'a> {
    /// A non-negative value.
    pub const fn pos(mag: &'a [Limb]) -> Self {
        BigRef { neg: false, mag }
    }

    /// A value with the given sign.
    pub const fn new(neg: bool, mag: &'a [Limb]) -> Self {
        BigRef { neg, mag }
    }

    /// The magnitude without high zero limbs.
    pub fn norm(self) -> BigRef<'a> {
        let mag = mag::normalize(self.mag);
        BigRef {
            neg: self.neg && !mag.is_empty(),
            mag,
        }
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        mag::is_zero(self.mag)
    }

    /// Whether the value is strictly negative.
    pub fn is_negative(self) -> bool {
        self.neg && !self.is_zero()
    }

    /// The value with its sign flipped.
    pub fn negate(self) -> BigRef<'a> {
        BigRef {
            neg: !self.neg,
            mag: self.mag,
        }
    }

    /// The absolute value.
    pub fn abs(self) -> BigRef<'a> {
        BigRef {
            neg: false,
            mag: self.mag,
        }
    }

    /// The number of limbs of the (un-normalised) magnitude slice.
    pub fn len(self) -> usize {
        self.mag.len()
    }

    /// Whether the magnitude slice is empty (the value is then zero).
    pub fn is_empty(self) -> bool {
        self.mag.is_empty()
    }
}

/// A signed result written into a caller buffer: the sign and the number of
/// limbs used (normalised; zero is `{ neg: false, len: 0 }`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Written {
    /// Whether the result is negative (never set for zero).
    pub neg: bool,
    /// Number of limbs used at the start of the output buffer.
    pub len: usize,
}

impl Written {
    /// A result of `len` limbs with sign `neg` (cleared if `len == 0`).
    pub const fn new(neg: bool, len: usize) -> Self {
        Written {
            neg: neg && len != 0,
            len,
        }
    }

    /// View the result inside the buffer it was written to.
    pub fn as_ref<'a>(&self, buf: &'a [Limb]) -> BigRef<'a> {
        BigRef {
            neg: self.neg,
            mag: &buf[..self.len.min(buf.len())],
        }
    }
}
