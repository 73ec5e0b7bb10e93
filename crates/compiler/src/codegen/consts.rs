//! Compile-time values: number literals, constant folding, `const()`.

use alloc::vec::Vec;

use crate::ast::{BinOp, Const, Expr, ExprKind, UnaryOp};
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
    /// An imaginary literal's normalised text (`2j`).
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
            CVal::Float(_) | CVal::Complex(_) => return None,
        })
    }
}

/// Digits of a literal without underscores.
fn clean(text: &str) -> Vec<u8> {
    text.bytes().filter(|&b| b != b'_').collect()
}

/// Parse an int literal (any radix, underscores allowed).
pub(crate) fn parse_int(text: &str) -> Option<CVal> {
    let t = clean(text);
    let (radix, digits): (u32, &[u8]) = match t.get(..2) {
        Some(p) if p.eq_ignore_ascii_case(b"0x") => (16, &t[2..]),
        Some(p) if p.eq_ignore_ascii_case(b"0o") => (8, &t[2..]),
        Some(p) if p.eq_ignore_ascii_case(b"0b") => (2, &t[2..]),
        _ => (10, &t[..]),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: i128 = 0;
    let mut overflow = false;
    for &d in digits {
        let dv = i128::from(char::from(d).to_digit(radix)?);
        match v
            .checked_mul(i128::from(radix))
            .and_then(|x| x.checked_add(dv))
        {
            Some(x) => v = x,
            None => {
                overflow = true;
                break;
            }
        }
    }
    if !overflow {
        return Some(CVal::Int(v));
    }
    Some(CVal::BigInt(to_decimal(digits, radix)?))
}

/// Convert digits in `radix` to decimal text (schoolbook, base 10^9 limbs).
fn to_decimal(digits: &[u8], radix: u32) -> Option<Vec<u8>> {
    const BASE: u64 = 1_000_000_000;
    // Little-endian base-10^9 limbs.
    let mut limbs: Vec<u32> = alloc::vec![0];
    for &d in digits {
        let mut carry = u64::from(char::from(d).to_digit(radix)?);
        for l in limbs.iter_mut() {
            let x = u64::from(*l) * u64::from(radix) + carry;
            *l = (x % BASE) as u32;
            carry = x / BASE;
        }
        while carry > 0 {
            limbs.push((carry % BASE) as u32);
            carry /= BASE;
        }
    }
    let mut out = Vec::new();
    let mut first = true;
    for &l in limbs.iter().rev() {
        let s = if first {
            alloc::format!("{l}")
        } else {
            alloc::format!("{l:09}")
        };
        first = false;
        out.extend_from_slice(s.as_bytes());
    }
    Some(out)
}

/// Whether `v` fits in a small int of `bits` bits (signed).
pub(crate) fn fits_small(v: i128, bits: u8) -> bool {
    let bits = u32::from(bits.clamp(2, 63));
    let lim = 1i128 << (bits - 1);
    (-lim..lim).contains(&v)
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
        Const::Imag(t) => CVal::Complex(float_text(t)),
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

/// Fold a unary operator on a constant.
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
#[inline(never)]
pub(crate) fn binary(op: BinOp, a: &CVal, b: &CVal) -> Option<CVal> {
    let (CVal::Int(a), CVal::Int(b)) = (a, b) else {
        return None;
    };
    let (a, b) = (*a, *b);
    let r = match op {
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
        BinOp::Pow => {
            if b < 0 {
                return None;
            }
            let e = u32::try_from(b).ok()?;
            a.checked_pow(e)?
        }
        BinOp::Div | BinOp::MatMul => return None,
    };
    Some(CVal::Int(r))
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
/// (consts, `__debug__`), unary/binary int folding and tuples of
/// constants. Each level checks `stack`, the compiler's stack guard; the
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
        ExprKind::Unary(op, x) => {
            let v = eval(x, lookup, depth + 1, stack)?;
            // `not` folds only on literal-like operands (as MicroPython).
            unary(*op, &v).ok_or(NotConst::Dynamic)
        }
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
        assert!(fits_small((1 << 30) - 1, 31));
        assert!(!fits_small(1 << 30, 31));
        assert!(fits_small(-(1 << 30), 31));
    }

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
    }
}
