//! Unary and binary operators, numbered in the order .mpy v6 bytecode
//! indexes them (the `UNARY_OP_MULTI` and `BINARY_OP_MULTI` opcode ranges), so
//! the VM turns an opcode into an operator with one subtraction.

/// Unary operators. The first four appear in bytecode.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum UnaryOp {
    /// `+x`
    Positive = 0,
    /// `-x`
    Negative,
    /// `~x`
    Invert,
    /// `not x`
    Not,
    /// `bool(x)` / `__bool__`
    Bool,
    /// `len(x)` / `__len__`
    Len,
    /// `hash(x)` / `__hash__`
    Hash,
    /// `abs(x)` / `__abs__`
    Abs,
    /// `int(x)` / `__int__`
    Int,
}

impl UnaryOp {
    /// Number of unary operators that bytecode can name.
    pub const BYTECODE_COUNT: u8 = 4;

    /// The operator that bytecode numbers `n`.
    pub const fn from_bytecode(n: u8) -> Option<UnaryOp> {
        Some(match n {
            0 => UnaryOp::Positive,
            1 => UnaryOp::Negative,
            2 => UnaryOp::Invert,
            3 => UnaryOp::Not,
            _ => return None,
        })
    }

    /// The special method that implements the operator in Python code.
    pub const fn method(self) -> crate::qstr::Qstr {
        use crate::qstr::q;
        match self {
            UnaryOp::Positive => q::__pos__,
            UnaryOp::Negative => q::__neg__,
            UnaryOp::Invert => q::__invert__,
            UnaryOp::Not | UnaryOp::Bool => q::__bool__,
            UnaryOp::Len => q::__len__,
            UnaryOp::Hash => q::__hash__,
            UnaryOp::Abs => q::__abs__,
            UnaryOp::Int => q::__int__,
        }
    }
}

/// Declares `BinaryOp` and its table `BinaryOp::ALL` from one list, so the
/// numbering and the table cannot disagree.
macro_rules! binary_ops {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// Binary operators. `Less..=Power` appear in bytecode (9 relational,
        /// 13 in-place, 13 plain); the rest are runtime-only.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[repr(u8)]
        #[allow(missing_docs)] // the names are the operators
        pub enum BinaryOp {
            $($(#[$doc])* $name),*
        }

        impl BinaryOp {
            const ALL: &'static [BinaryOp] = &[$(BinaryOp::$name),*];
        }
    };
}

binary_ops! {
    Less, More, Equal, LessEqual, MoreEqual, NotEqual, In, Is, ExceptionMatch,
    InplaceOr, InplaceXor, InplaceAnd, InplaceLshift, InplaceRshift, InplaceAdd,
    InplaceSubtract, InplaceMultiply, InplaceMatMultiply, InplaceFloorDivide,
    InplaceTrueDivide, InplaceModulo, InplacePower,
    Or, Xor, And, Lshift, Rshift, Add, Subtract, Multiply, MatMultiply, FloorDivide,
    TrueDivide, Modulo, Power,
    /// `divmod(a, b)`; runtime only.
    Divmod,
    /// `b in a` with the operands swapped; types implement this, not `In`.
    Contains,
}

impl BinaryOp {
    /// Number of binary operators that bytecode can name.
    pub const BYTECODE_COUNT: u8 = BinaryOp::Power as u8 + 1;

    /// The operator that bytecode numbers `n`.
    pub const fn from_bytecode(n: u8) -> Option<BinaryOp> {
        if n < BinaryOp::BYTECODE_COUNT {
            Some(BinaryOp::ALL[n as usize])
        } else {
            None
        }
    }

    /// The plain operator of an in-place one (`+=` -> `+`); others unchanged.
    pub const fn without_inplace(self) -> BinaryOp {
        let n = self as u8;
        if n >= BinaryOp::InplaceOr as u8 && n <= BinaryOp::InplacePower as u8 {
            BinaryOp::ALL[(n - BinaryOp::InplaceOr as u8 + BinaryOp::Or as u8) as usize]
        } else {
            self
        }
    }

    /// Whether this is an in-place operator (`+=` ...).
    pub const fn is_inplace(self) -> bool {
        let n = self as u8;
        n >= BinaryOp::InplaceOr as u8 && n <= BinaryOp::InplacePower as u8
    }

    /// The operator's spelling in Python source, for error messages.
    pub const fn symbol(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Less => "<",
            More => ">",
            Equal => "==",
            LessEqual => "<=",
            MoreEqual => ">=",
            NotEqual => "!=",
            In | Contains => "in",
            Is => "is",
            ExceptionMatch => "except",
            InplaceOr => "|=",
            InplaceXor => "^=",
            InplaceAnd => "&=",
            InplaceLshift => "<<=",
            InplaceRshift => ">>=",
            InplaceAdd => "+=",
            InplaceSubtract => "-=",
            InplaceMultiply => "*=",
            InplaceMatMultiply => "@=",
            InplaceFloorDivide => "//=",
            InplaceTrueDivide => "/=",
            InplaceModulo => "%=",
            InplacePower => "**=",
            Or => "|",
            Xor => "^",
            And => "&",
            Lshift => "<<",
            Rshift => ">>",
            Add => "+",
            Subtract => "-",
            Multiply => "*",
            MatMultiply => "@",
            FloorDivide => "//",
            TrueDivide => "/",
            Modulo => "%",
            Power => "** or pow()",
            Divmod => "divmod()",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytecode_numbering_matches_the_format() {
        assert_eq!(BinaryOp::from_bytecode(0), Some(BinaryOp::Less));
        assert_eq!(BinaryOp::from_bytecode(8), Some(BinaryOp::ExceptionMatch));
        assert_eq!(BinaryOp::from_bytecode(9), Some(BinaryOp::InplaceOr));
        assert_eq!(BinaryOp::from_bytecode(27), Some(BinaryOp::Add));
        assert_eq!(BinaryOp::from_bytecode(34), Some(BinaryOp::Power));
        assert_eq!(BinaryOp::from_bytecode(35), None);
        for n in 0..BinaryOp::ALL.len() {
            assert_eq!(BinaryOp::ALL[n] as usize, n);
        }
        assert_eq!(UnaryOp::from_bytecode(3), Some(UnaryOp::Not));
        assert_eq!(UnaryOp::from_bytecode(4), None);
    }

    #[test]
    fn inplace_maps_to_plain() {
        assert_eq!(BinaryOp::InplaceAdd.without_inplace(), BinaryOp::Add);
        assert_eq!(BinaryOp::InplacePower.without_inplace(), BinaryOp::Power);
        assert_eq!(BinaryOp::Add.without_inplace(), BinaryOp::Add);
        assert!(BinaryOp::InplaceOr.is_inplace() && !BinaryOp::Or.is_inplace());
    }
}
