//! Compile-time values: number literals, constant folding, `const()`.

use alloc::vec::Vec;

use pyrite_num::bigint::{BigRef, Limb, mag, signed, text as bigtext};

#[cfg(feature = "const-fold")]
use crate::ast::{BinOp, UnaryOp};
use crate::ast::{Const, Expr, ExprKind};
use crate::stack::StackGuard;

/// A value known at compile time.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CVal {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// `...`
    Ellipsis,
    /// An int that fits in 128 bits.
    Int(i128),
    /// An int too big for 128 bits, as decimal text (no folding on it).
    BigInt(Vec<u8>),
    /// A float literal's normalised text.
    Float(Vec<u8>),
    /// An imaginary literal as `mpy-cross` writes it: the repr of the
    /// complex number (`2j`, `1000j` for `1e3j`).
    #[cfg(feature = "complex")]
    Complex(Vec<u8>),
    /// A `str`.
    Str(Vec<u8>),
    /// A `bytes`.
    Bytes(Vec<u8>),
    /// A tuple of constants.
    Tuple(Vec<CVal>),
}

impl CVal {
    /// Truth value, if known.
    pub(crate) fn truth(&self) -> Option<bool> {
        Some(match self {
            CVal::None => false,
            CVal::Bool(b) => *b,
            CVal::Ellipsis => true,
            CVal::Int(v) => *v != 0,
            CVal::BigInt(_) => true,
            CVal::Str(s) | CVal::Bytes(s) => !s.is_empty(),
            CVal::Tuple(t) => !t.is_empty(),
            CVal::Float(_) => return None,
            #[cfg(feature = "complex")]
            CVal::Complex(_) => return None,
        })
    }
}

/// Digits of a literal without underscores.
fn clean(text: &str) -> Vec<u8> {
    text.bytes().filter(|&b| b != b'_').collect()
}

/// Parse an int literal (any radix, underscores allowed) with
/// `pyrite-num`'s parser, the one `int()` uses. Literals of up to 64
/// characters need no heap block (on a board's small heap, the
/// compiler's passing blocks fragment it).
pub(crate) fn parse_int(text: &str) -> Option<CVal> {
    let need = bigtext::parse_int_len(text.len(), 0);
    let mut short = [0; 9];
    let mut long = Vec::new();
    let limbs = match short.get_mut(..need) {
        Some(limbs) => limbs,
        None => {
            long.resize(need, 0);
            &mut long[..]
        }
    };
    let n = bigtext::parse_int_literal(text, limbs).ok()?;
    let v = BigRef::pos(&limbs[..n]);
    Some(match signed::to_i128(v) {
        Some(i) => CVal::Int(i),
        None => {
            let mut quot = alloc::vec![0; n];
            let mut digits = alloc::vec![0; 10 * n + 1];
            let at = decimal_digits(&mut limbs[..n], &mut quot, &mut digits);
            digits.drain(..at);
            CVal::BigInt(digits)
        }
    })
}

/// An int's decimal text, as a .mpy int constant holds it (worked out on
/// the stack: one heap block, the text's).
pub(crate) fn int_text(v: i128) -> Vec<u8> {
    const N: usize = signed::I128_LEN;
    let (mut rest, mut quot) = ([0; N], [0; N]);
    let Ok(w) = signed::from_i128(v, &mut rest) else {
        return Vec::new();
    };
    let mut text = [0; 41];
    let mut at = decimal_digits(&mut rest[..w.len], &mut quot, &mut text);
    if w.neg {
        at -= 1;
        text[at] = b'-';
    }
    text[at..].to_vec()
}

/// Writes the decimal digits of the magnitude `rest` (consumed) at the
/// end of `text`, a digit per pass of `pyrite-num`'s short division, and
/// returns where they start. `quot` is as long as `rest`; `text` has room
/// for ten digits a limb (zero is `0`).
fn decimal_digits(rest: &mut [Limb], quot: &mut [Limb], text: &mut [u8]) -> usize {
    let mut len = rest.len();
    let mut at = text.len();
    while let Ok((n, digit)) = mag::divrem_small(&rest[..len], 10, quot) {
        at -= 1;
        text[at] = b'0' + digit as u8;
        rest[..n].copy_from_slice(&quot[..n]);
        len = n;
        if n == 0 {
            break;
        }
    }
    at
}

/// Whether `v` fits in a small int of `bits` bits (signed).
pub(crate) fn fits_small(v: i128, bits: u8) -> bool {
    // `bits` is at most 63, so only values that fit an `i64` can fit.
    let shift = u32::from(bits.clamp(2, 63)) - 1;
    i64::try_from(v).is_ok_and(|v| matches!(v >> shift, 0 | -1))
}

/// A literal's value.
#[inline(never)]
pub(crate) fn literal(c: &Const<'_>) -> Option<CVal> {
    Some(match c {
        Const::None => CVal::None,
        Const::True => CVal::Bool(true),
        Const::False => CVal::Bool(false),
        Const::Ellipsis => CVal::Ellipsis,
        Const::Int(t) => return parse_int(t),
        Const::Float(t) => CVal::Float(float_text(t)),
        #[cfg(feature = "complex")]
        Const::Imag(t) => CVal::Complex(imag_text(t)?),
        Const::Str(s) => CVal::Str(s.to_vec()),
        Const::Bytes(s) => CVal::Bytes(s.to_vec()),
    })
}

/// A float literal's text as the .mpy loader parses it: underscores removed,
/// a leading `.` given a `0`.
fn float_text(t: &str) -> Vec<u8> {
    let mut v = clean(t);
    if v.first() == Some(&b'.') {
        v.insert(0, b'0');
    }
    v
}

/// An imaginary literal's constant text: the repr of the complex number,
/// which is what `mpy-cross` writes (`1e3j` is `1000j`, `1_0j` is `10j`),
/// so that the files match byte for byte.
#[cfg(all(feature = "complex", target_pointer_width = "64"))]
fn imag_text(t: &str) -> Option<Vec<u8>> {
    let digits = t.strip_suffix(['j', 'J'])?;
    let x = pyrite_num::float::parse_f64_literal(digits).ok()?;
    let mut text = alloc::string::String::new();
    pyrite_num::complex::write_complex_repr(&mut text, 0.0, x).ok()?;
    Some(text.into_bytes())
}

/// An imaginary literal's constant text on the 32-bit boards: the literal
/// normalised as float literals are (`1e3j`, `0.5j`), which the VM reads
/// as it reads `mpy-cross`'s text. Double-precision parsing and printing
/// would cost the board's image 20 KB.
#[cfg(all(feature = "complex", not(target_pointer_width = "64")))]
fn imag_text(t: &str) -> Option<Vec<u8>> {
    let mut text = float_text(t.strip_suffix(['j', 'J'])?);
    text.push(b'j');
    Some(text)
}

/// Fold a unary operator on a constant.
#[cfg(feature = "const-fold")]
#[inline(never)]
pub(crate) fn unary(op: UnaryOp, v: &CVal) -> Option<CVal> {
    match (op, v) {
        (UnaryOp::Not, v) => Some(CVal::Bool(!v.truth()?)),
        (UnaryOp::Neg, CVal::Int(x)) => x.checked_neg().map(CVal::Int),
        (UnaryOp::Pos, CVal::Int(x)) => Some(CVal::Int(*x)),
        (UnaryOp::Invert, CVal::Int(x)) => Some(CVal::Int(!*x)),
        _ => None,
    }
}

/// Fold a binary operator on two int constants (None when MicroPython
/// would not fold it, or the result does not fit in 128 bits).
#[cfg(feature = "const-fold")]
#[inline(never)]
pub(crate) fn binary(op: BinOp, a: &CVal, b: &CVal) -> Option<CVal> {
    let (CVal::Int(a), CVal::Int(b)) = (a, b) else {
        return None;
    };
    let (a, b) = (*a, *b);
    let r = match op {
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::RShift if b < 0 => return None,
        BinOp::RShift => a >> b.min(127),
        // `i128::checked_rem` refuses the one quotient that overflows.
        BinOp::Mod if a == i128::MIN && b == -1 => return None,
        BinOp::LShift if !(0..128).contains(&b) => return None,
        BinOp::Pow => {
            let e = u32::try_from(b).ok()?;
            match a {
                0 | 1 if e == 0 => 1,
                0 | 1 => a,
                -1 => 1 - 2 * i128::from(e & 1),
                // |a| >= 2: anything past the 127th power overflows, and
                // the powers grow, so an overflow on the way is final.
                _ if e > 127 => return None,
                _ => {
                    let mut acc = 1;
                    for _ in 0..e {
                        acc = fold_big(BinOp::Mul, acc, a)?;
                    }
                    acc
                }
            }
        }
        BinOp::Div | BinOp::MatMul => return None,
        _ => fold_big(op, a, b)?,
    };
    Some(CVal::Int(r))
}

/// An arithmetic operator or shift on two ints through `pyrite-num`'s
/// big-int routines (which the VM's int type already carries), so that
/// the firmware holds one implementation of wide arithmetic: the exact
/// result, when it fits in 128 bits. `<<` wants `0 <= b < 128`.
#[cfg(feature = "const-fold")]
#[inline(never)]
fn fold_big(op: BinOp, a: i128, b: i128) -> Option<i128> {
    const N: usize = signed::I128_LEN;
    let (mut la, mut lb) = ([0; N], [0; N]);
    let x = signed::from_i128(a, &mut la).ok()?.as_ref(&la);
    let y = signed::from_i128(b, &mut lb).ok()?.as_ref(&lb);
    // Big enough for a product, a quotient or `a << 127` of 128-bit values.
    let (mut out, mut rem) = ([0; 2 * N + 1], [0; 2 * N + 1]);
    let w = match op {
        BinOp::Add => signed::add(x, y, &mut out),
        BinOp::Sub => signed::sub(x, y, &mut out),
        BinOp::Mul => signed::mul(x, y, &mut out),
        BinOp::FloorDiv => signed::floordiv(x, y, &mut out, &mut rem),
        BinOp::Mod => signed::modulo(x, y, &mut out),
        BinOp::LShift => signed::shl(x, b as i64, &mut out),
        _ => return None,
    };
    signed::to_i128(w.ok()?.as_ref(&out))
}

/// Why [`eval`] found no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotConst {
    /// The expression is not a compile-time constant.
    Dynamic,
    /// The machine stack ran short while folding it.
    Stack,
}

/// Evaluate `e` at compile time: literals, names given by `lookup`
/// (consts, `__debug__`), unary/binary int folding (feature
/// `const-fold`) and tuples of constants. Each level checks `stack`, the compiler's stack guard; the
/// operations themselves (128-bit arithmetic) are in functions that are
/// never inlined here, so that a level of folding costs little stack.
pub(crate) fn eval(
    e: &Expr<'_>,
    lookup: &dyn Fn(&str) -> Option<CVal>,
    depth: u32,
    stack: StackGuard,
) -> Result<CVal, NotConst> {
    if depth > 64 {
        return Err(NotConst::Dynamic);
    }
    if stack.exhausted() {
        return Err(NotConst::Stack);
    }
    let dynamic = Err(NotConst::Dynamic);
    match &e.kind {
        ExprKind::Const(c) => literal(c).ok_or(NotConst::Dynamic),
        ExprKind::Name(n) => lookup(n).ok_or(NotConst::Dynamic),
        #[cfg(feature = "const-fold")]
        ExprKind::Unary(op, x) => {
            let v = eval(x, lookup, depth + 1, stack)?;
            // `not` folds only on literal-like operands (as MicroPython).
            unary(*op, &v).ok_or(NotConst::Dynamic)
        }
        #[cfg(feature = "const-fold")]
        ExprKind::Binary(op, a, b) => {
            let a = eval(a, lookup, depth + 1, stack)?;
            let b = eval(b, lookup, depth + 1, stack)?;
            binary(*op, &a, &b).ok_or(NotConst::Dynamic)
        }
        ExprKind::Tuple(items) if !items.is_empty() => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                if matches!(i.kind, ExprKind::Starred(_)) {
                    return dynamic;
                }
                out.push(eval(i, lookup, depth + 1, stack)?);
            }
            Ok(CVal::Tuple(out))
        }
        _ => dynamic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(parse_int("0x_ff"), Some(CVal::Int(255)));
        assert_eq!(parse_int("1_000"), Some(CVal::Int(1000)));
        assert_eq!(parse_int("0b101"), Some(CVal::Int(5)));
        assert_eq!(parse_int("0o17"), Some(CVal::Int(15)));
        assert_eq!(
            parse_int("0xffffffffffffffffffffffffffffffffff"),
            Some(CVal::BigInt(
                b"87112285931760246646623899502532662132735".to_vec()
            ))
        );
        assert_eq!(
            parse_int("123456789012345678901234567890123456789012345"),
            Some(CVal::BigInt(
                b"123456789012345678901234567890123456789012345".to_vec()
            ))
        );
        assert_eq!(parse_int("00"), Some(CVal::Int(0)));
        for v in [0, 7, -7, 1 << 40, -(1 << 90) + 3, i128::MAX, i128::MIN] {
            assert_eq!(int_text(v), alloc::format!("{v}").into_bytes());
        }
        assert!(fits_small((1 << 30) - 1, 31));
        assert!(!fits_small(1 << 30, 31));
        assert!(fits_small(-(1 << 30), 31));
        assert!(!fits_small(-(1 << 30) - 1, 31));
        assert!(fits_small(-(1 << 62), 63) && fits_small((1 << 62) - 1, 63));
        assert!(!fits_small(1 << 62, 63) && !fits_small(-(1 << 62) - 1, 63));
        assert!(!fits_small(i128::MIN, 63) && !fits_small(1 << 70, 31));
        assert!(fits_small(1, 0) && fits_small(-2, 0) && !fits_small(2, 0));
    }

    #[cfg(feature = "const-fold")]
    #[test]
    fn folding() {
        let i = |v| CVal::Int(v);
        assert_eq!(binary(BinOp::FloorDiv, &i(-3), &i(4)), Some(i(-1)));
        assert_eq!(binary(BinOp::Mod, &i(7), &i(-3)), Some(i(-2)));
        assert_eq!(binary(BinOp::Mod, &i(-7), &i(3)), Some(i(2)));
        assert_eq!(binary(BinOp::Pow, &i(2), &i(100)), Some(i(1 << 100)));
        assert_eq!(binary(BinOp::Pow, &i(2), &i(200)), None);
        assert_eq!(binary(BinOp::Pow, &i(2), &i(-1)), None);
        assert_eq!(binary(BinOp::LShift, &i(1), &i(127)), None);
        assert_eq!(binary(BinOp::Div, &i(1), &i(2)), None);
        assert_eq!(binary(BinOp::FloorDiv, &i(1), &i(0)), None);
        assert_eq!(unary(UnaryOp::Not, &i(1)), Some(CVal::Bool(false)));
        assert_eq!(binary(BinOp::Mod, &i(i128::MIN), &i(-1)), None);
        assert_eq!(binary(BinOp::FloorDiv, &i(i128::MIN), &i(-1)), None);
        assert_eq!(binary(BinOp::Pow, &i(-2), &i(127)), Some(i(i128::MIN)));
        assert_eq!(binary(BinOp::Pow, &i(-1), &i(u32::MAX.into())), Some(i(-1)));
        assert_eq!(binary(BinOp::Pow, &i(0), &i(0)), Some(i(1)));
    }

    #[cfg(feature = "const-fold")]
    /// Folding as plain `i128` arithmetic says it: the result when every
    /// step fits in 128 bits, else nothing.
    fn folded_natively(op: BinOp, a: i128, b: i128) -> Option<i128> {
        Some(match op {
            BinOp::Add => a.checked_add(b)?,
            BinOp::Sub => a.checked_sub(b)?,
            BinOp::Mul => a.checked_mul(b)?,
            BinOp::FloorDiv => {
                if b == 0 {
                    return None;
                }
                let q = a.checked_div(b)?;
                if (a % b != 0) && ((a < 0) != (b < 0)) {
                    q - 1
                } else {
                    q
                }
            }
            BinOp::Mod => {
                if b == 0 {
                    return None;
                }
                let r = a.checked_rem(b)?;
                if r != 0 && ((r < 0) != (b < 0)) {
                    r + b
                } else {
                    r
                }
            }
            BinOp::LShift => {
                if !(0..128).contains(&b) {
                    return None;
                }
                let r = a.checked_shl(b as u32)?;
                if r >> b != a {
                    return None;
                }
                r
            }
            BinOp::RShift => {
                if b < 0 {
                    return None;
                }
                a >> b.min(127)
            }
            BinOp::BitAnd => a & b,
            BinOp::BitOr => a | b,
            BinOp::BitXor => a ^ b,
            BinOp::Pow => a.checked_pow(u32::try_from(b).ok()?)?,
            BinOp::Div | BinOp::MatMul => return None,
        })
    }

    #[cfg(feature = "const-fold")]
    const OPS: [BinOp; 14] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::LShift,
        BinOp::RShift,
        BinOp::BitAnd,
        BinOp::BitOr,
        BinOp::BitXor,
        BinOp::Pow,
        BinOp::Div,
        BinOp::MatMul,
        BinOp::Add,
    ];

    #[cfg(feature = "const-fold")]
    /// Ints of every width, with the edges of `i128` and small values
    /// (shift counts, exponents, divisors) likely.
    fn any_int() -> impl proptest::strategy::Strategy<Value = i128> {
        use proptest::prelude::*;
        prop_oneof![
            -300i128..300,
            any::<i8>().prop_map(i128::from),
            any::<i32>().prop_map(i128::from),
            any::<i64>().prop_map(i128::from),
            any::<i128>(),
            (0u32..128, any::<bool>()).prop_map(|(k, n)| {
                let v = 1i128.checked_shl(k).unwrap_or(i128::MIN);
                if n {
                    v.wrapping_neg()
                } else {
                    v.wrapping_sub(1)
                }
            }),
            Just(i128::MIN),
            Just(i128::MAX),
        ]
    }

    #[cfg(feature = "const-fold")]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn folding_matches_i128_arithmetic(op in 0..OPS.len(), a in any_int(), b in any_int()) {
            let op = OPS[op];
            let want = folded_natively(op, a, b).map(CVal::Int);
            proptest::prop_assert_eq!(binary(op, &CVal::Int(a), &CVal::Int(b)), want, "{:?} {} {}", op, a, b);
        }
    }
}
