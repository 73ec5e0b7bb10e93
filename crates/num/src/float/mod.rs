//! Python `float` semantics: `repr`, parsing, `round`, floor division and
//! modulo, the numeric hash, and correctly rounded `exp`/`log`/`pow`
//! (`accurate`), and `sin`/`cos`/`tan` (`trig32`), `exp`/`log`/`pow`
//! (`explog32`) and `atan`/`atan2`/`asin`/`acos` (`atrig32`) of an `f32`.
//!
//! Floats are `f64` on hosts. 32-bit boards store a 30-bit float (an `f32`
//! with its 2 lowest mantissa bits dropped); they parse at `f32` precision
//! with the `_f32` variants here, and print the shortest digits that read
//! back as the stored value ([`StoredF32`], which the caller builds from
//! its storing rule). Those are exact and use integer arithmetic only
//! (`digits32`, `parse32`), never `core`'s float formatting or parsing, so a
//! board image links none of it; they exist on every target (the caller
//! picks them where its float is `f32`). The `f64` functions use `core`.

pub mod accurate;
pub mod atrig32;
mod digits32;
pub mod explog32;
pub mod hash;
pub mod ops;
pub mod parse;
mod parse32;
pub mod repr;
pub mod round;
mod series;
mod small;
pub mod sqrt32;
pub mod trig32;

pub(crate) use digits32::Exact;
pub use hash::{HASH_BITS, HASH_INF, HASH_MODULUS, hash_bigint, hash_f64, hash_i64};
pub use ops::{
    IntegerRatio, as_integer_ratio, divmod, divmod_f32, floor, floor_f32, floordiv, floordiv_f32,
    is_integer, modulo, modulo_f32, trunc, trunc_f32,
};
pub use parse::{parse_f32, parse_f64, parse_f64_literal};
pub use repr::{StoredF32, write_repr_f32, write_repr_f64, write_repr_stored_f32};
pub use round::{round_digits, round_digits_f32, round_half_even};

use crate::util::SliceWriter;
use core::fmt::Write;

/// Significant decimal digits of a finite, non-negative float:
/// `d1.d2d3... * 10^exp`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Decimal {
    pub(crate) digits: [u8; 40],
    pub(crate) len: usize,
    pub(crate) exp: i32,
}

impl Decimal {
    /// Parse core's `{:e}` output (`"1.2345e-5"`, `"5e-324"`, no sign).
    pub(crate) fn from_sci(s: &str) -> Decimal {
        let mut d = Decimal {
            digits: [b'0'; 40],
            len: 0,
            exp: 0,
        };
        let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
        for &b in mant.as_bytes() {
            if b.is_ascii_digit() && d.len < d.digits.len() {
                d.digits[d.len] = b;
                d.len += 1;
            }
        }
        if d.len == 0 {
            d.len = 1;
        }
        d.exp = exp.parse().unwrap_or(0);
        d
    }

    /// Shortest round-tripping digits of `|x|` at `f64` precision.
    pub(crate) fn shortest_f64(x: f64) -> Decimal {
        let mut buf = [0u8; 48];
        let mut w = SliceWriter::new(&mut buf);
        let _ = write!(w, "{:e}", x.abs());
        let d = Decimal::from_sci(w.as_str());
        d.tie_to_even(
            |w, prec| write!(w, "{:.*e}", prec, x.abs()),
            |s| s.parse::<f64>() == Ok(x.abs()),
        )
    }

    /// Core's shortest digits break an exact tie between two shortest
    /// candidates upward; CPython takes the even one. A tie resolved upward
    /// ends in an odd digit, so only then: format the value correctly
    /// rounded (half-even, exact) to the same number of digits and keep that
    /// when it also round-trips.
    fn tie_to_even(
        self,
        exact: impl Fn(&mut SliceWriter<'_>, usize) -> core::fmt::Result,
        round_trips: impl Fn(&str) -> bool,
    ) -> Decimal {
        if self.len < 2 || self.digits[self.len - 1].is_multiple_of(2) {
            return self;
        }
        let mut buf = [0u8; 48];
        let mut w = SliceWriter::new(&mut buf);
        if exact(&mut w, self.len - 1).is_err() {
            return self;
        }
        let text = w.as_str();
        if !round_trips(text) {
            return self;
        }
        let even = Decimal::from_sci(text);
        if even.len == self.len { even } else { self }
    }

    pub(crate) fn digits(&self) -> &[u8] {
        &self.digits[..self.len]
    }
}
