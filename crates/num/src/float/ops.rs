//! Float arithmetic with Python semantics that `core` does not provide in
//! `no_std`: `trunc`, `floor`, floor division, modulo, `divmod`,
//! `is_integer`, `as_integer_ratio`.

use crate::error::{NumError, NumResult, OverflowKind, ValueKind, ZeroDivKind};

/// Python's float `trunc`, `floor`, `%`, `divmod` and `//` for one float
/// type: `f64` on hosts, `f32` for the boards' floats (computed in `f32`
/// so that their images need no double-precision `fmod` or division).
macro_rules! python_float_ops {
    ($f:ty, $bits:ty, $mant:expr, $bias:expr,
     $trunc:ident, $floor:ident, $modulo:ident, $divmod:ident, $floordiv:ident) => {
        /// Round toward zero (`math.trunc` on the float value).
        pub fn $trunc(x: $f) -> $f {
            let bits = x.to_bits();
            let e = ((bits >> $mant) & ((1 << (<$bits>::BITS - 1 - $mant)) - 1)) as i32 - $bias;
            if e >= $mant {
                return x; // integral, inf or nan
            }
            if e < 0 {
                return (0.0 as $f).copysign(x);
            }
            let mask: $bits = (1 << ($mant - e)) - 1;
            <$f>::from_bits(bits & !mask)
        }

        /// Round toward negative infinity (`math.floor` on the float value).
        pub fn $floor(x: $f) -> $f {
            let t = $trunc(x);
            if t > x { t - 1.0 } else { t }
        }

        /// Python `x % y` for floats: the result has the sign of `y`.
        /// `ZeroDivision(FloatModulo)` if `y == 0`.
        pub fn $modulo(x: $f, y: $f) -> NumResult<$f> {
            if y == 0.0 {
                return Err(NumError::ZeroDivision(ZeroDivKind::FloatModulo));
            }
            let m = x % y; // fmod: exact
            Ok(if m != 0.0 {
                if (y < 0.0) != (m < 0.0) { m + y } else { m }
            } else {
                (0.0 as $f).copysign(y)
            })
        }

        /// Python `divmod(x, y)` for floats: `(floor quotient, remainder)`
        /// with `x == q*y + r` as closely as floats allow and `r` having the
        /// sign of `y`. `ZeroDivision(FloatDivmod)` if `y == 0`.
        pub fn $divmod(x: $f, y: $f) -> NumResult<($f, $f)> {
            if y == 0.0 {
                return Err(NumError::ZeroDivision(ZeroDivKind::FloatDivmod));
            }
            let mut m = x % y;
            let mut div = (x - m) / y;
            if m != 0.0 {
                if (y < 0.0) != (m < 0.0) {
                    m += y;
                    div -= 1.0;
                }
            } else {
                m = (0.0 as $f).copysign(y);
            }
            let q = if div != 0.0 {
                let f = $floor(div);
                if div - f > 0.5 { f + 1.0 } else { f }
            } else {
                (0.0 as $f).copysign(x / y)
            };
            Ok((q, m))
        }

        /// Python `x // y` for floats: `floor(x / y)` computed as `divmod`
        /// does. `ZeroDivision(FloatFloorDivision)` if `y == 0`.
        pub fn $floordiv(x: $f, y: $f) -> NumResult<$f> {
            if y == 0.0 {
                return Err(NumError::ZeroDivision(ZeroDivKind::FloatFloorDivision));
            }
            $divmod(x, y).map(|(q, _)| q)
        }
    };
}

python_float_ops!(f64, u64, 52, 1023, trunc, floor, modulo, divmod, floordiv);
python_float_ops!(
    f32,
    u32,
    23,
    127,
    trunc_f32,
    floor_f32,
    modulo_f32,
    divmod_f32,
    floordiv_f32
);

/// `float.is_integer()`.
pub fn is_integer(x: f64) -> bool {
    x.is_finite() && trunc(x) == x
}

/// `x.as_integer_ratio()` in lowest terms, as `(-1)^neg * mantissa * 2^exp`:
/// the numerator is `mantissa << exp` and the denominator 1 when `exp >= 0`,
/// else the numerator is `mantissa` and the denominator `1 << -exp`.
/// `mantissa` is odd unless the value is zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntegerRatio {
    /// Whether the value is negative.
    pub neg: bool,
    /// Odd mantissa (0 for zero).
    pub mantissa: u64,
    /// Power-of-two exponent.
    pub exp: i32,
}

/// `float.as_integer_ratio()`. Errors: `Overflow(FloatInfinityToInt)`
/// ("cannot convert Infinity to integer ratio" in CPython) and
/// `Value(FloatNanToInt)` ("cannot convert NaN to integer ratio").
pub fn as_integer_ratio(x: f64) -> NumResult<IntegerRatio> {
    if x.is_nan() {
        return Err(NumError::Value(ValueKind::FloatNanToInt));
    }
    if x.is_infinite() {
        return Err(NumError::Overflow(OverflowKind::FloatInfinityToInt));
    }
    let bits = x.to_bits();
    let neg = x < 0.0;
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    if m == 0 {
        return Ok(IntegerRatio {
            neg: false,
            mantissa: 0,
            exp: 0,
        });
    }
    let tz = m.trailing_zeros();
    Ok(IntegerRatio {
        neg,
        mantissa: m >> tz,
        exp: e + tz as i32,
    })
}
