//! The .mpy v6 opcode set: numbers, names, operand formats, stack effects, and a
//! never-panicking instruction decoder.
//!
//! This module is the single source of truth for the bytecode: the VM matches on
//! the constants in [`op`], the compiler emits them, the verifier and the
//! disassembler use [`decode`] and [`Instr::stack_effect`].

use crate::Error;

/// Opcode numbers, usable as `match` patterns.
///
/// Packed ranges are described by a `*_MULTI` first opcode and a `*_MULTI_LAST`
/// last opcode (inclusive), e.g. `op::LOAD_FAST_MULTI..=op::LOAD_FAST_MULTI_LAST`.
#[allow(missing_docs)]
pub mod op {
    // Format "qstr" (0x1X): operand is a var-uint index into the qstr table.
    pub const LOAD_CONST_STRING: u8 = 0x10;
    pub const LOAD_NAME: u8 = 0x11;
    pub const LOAD_GLOBAL: u8 = 0x12;
    pub const LOAD_ATTR: u8 = 0x13;
    pub const LOAD_METHOD: u8 = 0x14;
    pub const LOAD_SUPER_METHOD: u8 = 0x15;
    pub const STORE_NAME: u8 = 0x16;
    pub const STORE_GLOBAL: u8 = 0x17;
    pub const STORE_ATTR: u8 = 0x18;
    pub const DELETE_NAME: u8 = 0x19;
    pub const DELETE_GLOBAL: u8 = 0x1a;
    pub const IMPORT_NAME: u8 = 0x1b;
    pub const IMPORT_FROM: u8 = 0x1c;

    // Format "var-uint" (0x2X, 0x3X).
    pub const MAKE_CLOSURE: u8 = 0x20;
    pub const MAKE_CLOSURE_DEFARGS: u8 = 0x21;
    pub const LOAD_CONST_SMALL_INT: u8 = 0x22;
    pub const LOAD_CONST_OBJ: u8 = 0x23;
    pub const LOAD_FAST_N: u8 = 0x24;
    pub const LOAD_DEREF: u8 = 0x25;
    pub const STORE_FAST_N: u8 = 0x26;
    pub const STORE_DEREF: u8 = 0x27;
    pub const DELETE_FAST: u8 = 0x28;
    pub const DELETE_DEREF: u8 = 0x29;
    pub const BUILD_TUPLE: u8 = 0x2a;
    pub const BUILD_LIST: u8 = 0x2b;
    pub const BUILD_MAP: u8 = 0x2c;
    pub const BUILD_SET: u8 = 0x2d;
    pub const BUILD_SLICE: u8 = 0x2e;
    pub const STORE_COMP: u8 = 0x2f;
    pub const UNPACK_SEQUENCE: u8 = 0x30;
    pub const UNPACK_EX: u8 = 0x31;
    pub const MAKE_FUNCTION: u8 = 0x32;
    pub const MAKE_FUNCTION_DEFARGS: u8 = 0x33;
    pub const CALL_FUNCTION: u8 = 0x34;
    pub const CALL_FUNCTION_VAR_KW: u8 = 0x35;
    pub const CALL_METHOD: u8 = 0x36;
    pub const CALL_METHOD_VAR_KW: u8 = 0x37;

    // Format "jump offset" (0x4X). 0x40..=0x44 signed, 0x45..=0x4b unsigned.
    pub const UNWIND_JUMP: u8 = 0x40;
    pub const JUMP: u8 = 0x42;
    pub const POP_JUMP_IF_TRUE: u8 = 0x43;
    pub const POP_JUMP_IF_FALSE: u8 = 0x44;
    pub const JUMP_IF_TRUE_OR_POP: u8 = 0x45;
    pub const JUMP_IF_FALSE_OR_POP: u8 = 0x46;
    pub const SETUP_WITH: u8 = 0x47;
    pub const SETUP_EXCEPT: u8 = 0x48;
    pub const SETUP_FINALLY: u8 = 0x49;
    pub const POP_EXCEPT_JUMP: u8 = 0x4a;
    pub const FOR_ITER: u8 = 0x4b;

    // Format "byte" (no operand).
    pub const LOAD_CONST_FALSE: u8 = 0x50;
    pub const LOAD_CONST_NONE: u8 = 0x51;
    pub const LOAD_CONST_TRUE: u8 = 0x52;
    pub const LOAD_NULL: u8 = 0x53;
    pub const LOAD_BUILD_CLASS: u8 = 0x54;
    pub const LOAD_SUBSCR: u8 = 0x55;
    pub const STORE_SUBSCR: u8 = 0x56;
    pub const DUP_TOP: u8 = 0x57;
    pub const DUP_TOP_TWO: u8 = 0x58;
    pub const POP_TOP: u8 = 0x59;
    pub const ROT_TWO: u8 = 0x5a;
    pub const ROT_THREE: u8 = 0x5b;
    pub const WITH_CLEANUP: u8 = 0x5c;
    pub const END_FINALLY: u8 = 0x5d;
    pub const GET_ITER: u8 = 0x5e;
    pub const GET_ITER_STACK: u8 = 0x5f;
    pub const STORE_MAP: u8 = 0x62;
    pub const RETURN_VALUE: u8 = 0x63;
    pub const RAISE_LAST: u8 = 0x64;
    pub const RAISE_OBJ: u8 = 0x65;
    pub const RAISE_FROM: u8 = 0x66;
    pub const YIELD_VALUE: u8 = 0x67;
    pub const YIELD_FROM: u8 = 0x68;
    pub const IMPORT_STAR: u8 = 0x69;

    // Packed ranges.
    /// Push small int `op - 0x80` (-16..=47).
    pub const LOAD_CONST_SMALL_INT_MULTI: u8 = 0x70;
    pub const LOAD_CONST_SMALL_INT_MULTI_LAST: u8 = 0xaf;
    /// Push local `op - 0xb0` (0..=15).
    pub const LOAD_FAST_MULTI: u8 = 0xb0;
    pub const LOAD_FAST_MULTI_LAST: u8 = 0xbf;
    /// Pop into local `op - 0xc0` (0..=15).
    pub const STORE_FAST_MULTI: u8 = 0xc0;
    pub const STORE_FAST_MULTI_LAST: u8 = 0xcf;
    /// Unary op `op - 0xd0`, see [`UnaryOp`](super::UnaryOp).
    pub const UNARY_OP_MULTI: u8 = 0xd0;
    pub const UNARY_OP_MULTI_LAST: u8 = 0xd3;
    /// Binary op `op - 0xd7`, see [`BinaryOp`](super::BinaryOp).
    pub const BINARY_OP_MULTI: u8 = 0xd7;
    pub const BINARY_OP_MULTI_LAST: u8 = 0xf9;
}

/// Value of the first packed small int (`op::LOAD_CONST_SMALL_INT_MULTI` pushes this).
pub const SMALL_INT_MULTI_MIN: i32 = -16;
/// Value of the last packed small int.
pub const SMALL_INT_MULTI_MAX: i32 = 47;
/// Number of stack slots an iterator uses after `GET_ITER_STACK` (`FOR_ITER` pops
/// them all when exhausted).
pub const ITER_BUF_SLOTS: u32 = 4;
/// Bit set in the `UNWIND_JUMP` extra byte when breaking out of a `for` loop
/// (the iterator slots are popped too); the low 7 bits count exception blocks.
pub const UNWIND_FROM_FOR: u8 = 0x80;

/// Operand format of an opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// No operand bytes.
    None,
    /// A var-uint index into the file's qstr table.
    Qstr,
    /// A var-uint (local number, count, constant or child index...).
    VarUint,
    /// A signed var-int (`LOAD_CONST_SMALL_INT` only).
    VarInt,
    /// A signed 1- or 2-byte jump offset.
    SignedJump,
    /// An unsigned (forward) 1- or 2-byte jump offset.
    UnsignedJump,
    /// Packed into the opcode byte itself (the `*_MULTI` ranges).
    Packed,
}

/// Static description of one opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpInfo {
    /// The opcode name, e.g. `"LOAD_FAST_N"`; `*_MULTI` for packed ranges.
    pub name: &'static str,
    /// How the operand is encoded.
    pub format: Format,
    /// Whether one extra raw byte follows the operand (`MAKE_CLOSURE*`: number of
    /// closed-over values; `UNWIND_JUMP`: block count | [`UNWIND_FROM_FOR`]).
    pub extra_byte: bool,
}

const fn oi(name: &'static str, format: Format) -> Option<OpInfo> {
    Some(OpInfo {
        name,
        format,
        extra_byte: false,
    })
}

const fn oix(name: &'static str, format: Format) -> Option<OpInfo> {
    Some(OpInfo {
        name,
        format,
        extra_byte: true,
    })
}

/// Describe opcode `opcode`, or `None` if it is not a valid .mpy v6 opcode.
pub const fn info(opcode: u8) -> Option<OpInfo> {
    use Format::*;
    match opcode {
        op::LOAD_CONST_STRING => oi("LOAD_CONST_STRING", Qstr),
        op::LOAD_NAME => oi("LOAD_NAME", Qstr),
        op::LOAD_GLOBAL => oi("LOAD_GLOBAL", Qstr),
        op::LOAD_ATTR => oi("LOAD_ATTR", Qstr),
        op::LOAD_METHOD => oi("LOAD_METHOD", Qstr),
        op::LOAD_SUPER_METHOD => oi("LOAD_SUPER_METHOD", Qstr),
        op::STORE_NAME => oi("STORE_NAME", Qstr),
        op::STORE_GLOBAL => oi("STORE_GLOBAL", Qstr),
        op::STORE_ATTR => oi("STORE_ATTR", Qstr),
        op::DELETE_NAME => oi("DELETE_NAME", Qstr),
        op::DELETE_GLOBAL => oi("DELETE_GLOBAL", Qstr),
        op::IMPORT_NAME => oi("IMPORT_NAME", Qstr),
        op::IMPORT_FROM => oi("IMPORT_FROM", Qstr),

        op::MAKE_CLOSURE => oix("MAKE_CLOSURE", VarUint),
        op::MAKE_CLOSURE_DEFARGS => oix("MAKE_CLOSURE_DEFARGS", VarUint),
        op::LOAD_CONST_SMALL_INT => oi("LOAD_CONST_SMALL_INT", VarInt),
        op::LOAD_CONST_OBJ => oi("LOAD_CONST_OBJ", VarUint),
        op::LOAD_FAST_N => oi("LOAD_FAST_N", VarUint),
        op::LOAD_DEREF => oi("LOAD_DEREF", VarUint),
        op::STORE_FAST_N => oi("STORE_FAST_N", VarUint),
        op::STORE_DEREF => oi("STORE_DEREF", VarUint),
        op::DELETE_FAST => oi("DELETE_FAST", VarUint),
        op::DELETE_DEREF => oi("DELETE_DEREF", VarUint),
        op::BUILD_TUPLE => oi("BUILD_TUPLE", VarUint),
        op::BUILD_LIST => oi("BUILD_LIST", VarUint),
        op::BUILD_MAP => oi("BUILD_MAP", VarUint),
        op::BUILD_SET => oi("BUILD_SET", VarUint),
        op::BUILD_SLICE => oi("BUILD_SLICE", VarUint),
        op::STORE_COMP => oi("STORE_COMP", VarUint),
        op::UNPACK_SEQUENCE => oi("UNPACK_SEQUENCE", VarUint),
        op::UNPACK_EX => oi("UNPACK_EX", VarUint),
        op::MAKE_FUNCTION => oi("MAKE_FUNCTION", VarUint),
        op::MAKE_FUNCTION_DEFARGS => oi("MAKE_FUNCTION_DEFARGS", VarUint),
        op::CALL_FUNCTION => oi("CALL_FUNCTION", VarUint),
        op::CALL_FUNCTION_VAR_KW => oi("CALL_FUNCTION_VAR_KW", VarUint),
        op::CALL_METHOD => oi("CALL_METHOD", VarUint),
        op::CALL_METHOD_VAR_KW => oi("CALL_METHOD_VAR_KW", VarUint),

        op::UNWIND_JUMP => oix("UNWIND_JUMP", SignedJump),
        op::JUMP => oi("JUMP", SignedJump),
        op::POP_JUMP_IF_TRUE => oi("POP_JUMP_IF_TRUE", SignedJump),
        op::POP_JUMP_IF_FALSE => oi("POP_JUMP_IF_FALSE", SignedJump),
        op::JUMP_IF_TRUE_OR_POP => oi("JUMP_IF_TRUE_OR_POP", UnsignedJump),
        op::JUMP_IF_FALSE_OR_POP => oi("JUMP_IF_FALSE_OR_POP", UnsignedJump),
        op::SETUP_WITH => oi("SETUP_WITH", UnsignedJump),
        op::SETUP_EXCEPT => oi("SETUP_EXCEPT", UnsignedJump),
        op::SETUP_FINALLY => oi("SETUP_FINALLY", UnsignedJump),
        op::POP_EXCEPT_JUMP => oi("POP_EXCEPT_JUMP", UnsignedJump),
        op::FOR_ITER => oi("FOR_ITER", UnsignedJump),

        op::LOAD_CONST_FALSE => oi("LOAD_CONST_FALSE", None),
        op::LOAD_CONST_NONE => oi("LOAD_CONST_NONE", None),
        op::LOAD_CONST_TRUE => oi("LOAD_CONST_TRUE", None),
        op::LOAD_NULL => oi("LOAD_NULL", None),
        op::LOAD_BUILD_CLASS => oi("LOAD_BUILD_CLASS", None),
        op::LOAD_SUBSCR => oi("LOAD_SUBSCR", None),
        op::STORE_SUBSCR => oi("STORE_SUBSCR", None),
        op::DUP_TOP => oi("DUP_TOP", None),
        op::DUP_TOP_TWO => oi("DUP_TOP_TWO", None),
        op::POP_TOP => oi("POP_TOP", None),
        op::ROT_TWO => oi("ROT_TWO", None),
        op::ROT_THREE => oi("ROT_THREE", None),
        op::WITH_CLEANUP => oi("WITH_CLEANUP", None),
        op::END_FINALLY => oi("END_FINALLY", None),
        op::GET_ITER => oi("GET_ITER", None),
        op::GET_ITER_STACK => oi("GET_ITER_STACK", None),
        op::STORE_MAP => oi("STORE_MAP", None),
        op::RETURN_VALUE => oi("RETURN_VALUE", None),
        op::RAISE_LAST => oi("RAISE_LAST", None),
        op::RAISE_OBJ => oi("RAISE_OBJ", None),
        op::RAISE_FROM => oi("RAISE_FROM", None),
        op::YIELD_VALUE => oi("YIELD_VALUE", None),
        op::YIELD_FROM => oi("YIELD_FROM", None),
        op::IMPORT_STAR => oi("IMPORT_STAR", None),

        op::LOAD_CONST_SMALL_INT_MULTI..=op::LOAD_CONST_SMALL_INT_MULTI_LAST => {
            oi("LOAD_CONST_SMALL_INT_MULTI", Packed)
        }
        op::LOAD_FAST_MULTI..=op::LOAD_FAST_MULTI_LAST => oi("LOAD_FAST_MULTI", Packed),
        op::STORE_FAST_MULTI..=op::STORE_FAST_MULTI_LAST => oi("STORE_FAST_MULTI", Packed),
        op::UNARY_OP_MULTI..=op::UNARY_OP_MULTI_LAST => oi("UNARY_OP_MULTI", Packed),
        op::BINARY_OP_MULTI..=op::BINARY_OP_MULTI_LAST => oi("BINARY_OP_MULTI", Packed),
        _ => Option::None,
    }
}

/// The operand format of `opcode` and whether an extra byte follows, as
/// [`info`] gives them, or `None` for an invalid opcode. Computed from the
/// opcode ranges rather than [`info`]'s per-opcode table, so that the
/// decoder costs a few comparisons of code instead of the table (the
/// micro:bit's flash).
pub(crate) const fn format_of(opcode: u8) -> Option<(Format, bool)> {
    use Format::*;
    Some(match opcode {
        op::LOAD_CONST_STRING..=op::IMPORT_FROM => (Qstr, false),
        op::MAKE_CLOSURE | op::MAKE_CLOSURE_DEFARGS => (VarUint, true),
        op::LOAD_CONST_SMALL_INT => (VarInt, false),
        op::LOAD_CONST_OBJ..=op::CALL_METHOD_VAR_KW => (VarUint, false),
        op::UNWIND_JUMP => (SignedJump, true),
        op::JUMP..=op::POP_JUMP_IF_FALSE => (SignedJump, false),
        op::JUMP_IF_TRUE_OR_POP..=op::FOR_ITER => (UnsignedJump, false),
        op::LOAD_CONST_FALSE..=op::GET_ITER_STACK | op::STORE_MAP..=op::IMPORT_STAR => {
            (None, false)
        }
        op::LOAD_CONST_SMALL_INT_MULTI..=op::UNARY_OP_MULTI_LAST
        | op::BINARY_OP_MULTI..=op::BINARY_OP_MULTI_LAST => (Packed, false),
        _ => return Option::None,
    })
}

/// Every valid opcode byte, in increasing order (207 of them).
pub fn all_opcodes() -> impl Iterator<Item = u8> {
    (0u8..=255).filter(|&b| info(b).is_some())
}

macro_rules! op_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $py:expr),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum $name { $($(#[$vm])* $v),* }

        impl $name {
            /// All operators in bytecode order (the opcode offset is the index).
            pub const ALL: &'static [$name] = &[$($name::$v),*];

            /// The operator with bytecode index `i`, if any.
            pub const fn from_index(i: u8) -> Option<Self> {
                if (i as usize) < Self::ALL.len() { Some(Self::ALL[i as usize]) } else { None }
            }

            /// The Python spelling of the operator (for the disassembler).
            pub const fn python(self) -> &'static str {
                match self { $($name::$v => $py),* }
            }
        }
    };
}

op_enum! {
    /// Unary operators that may appear in bytecode, in MicroPython's order
    /// (`UNARY_OP_MULTI + op as u8`).
    UnaryOp {
        /// `+x`
        Positive = "+",
        /// `-x`
        Negative = "-",
        /// `~x`
        Invert = "~",
        /// `not x`
        Not = "not",
    }
}

op_enum! {
    /// Binary operators that may appear in bytecode, in MicroPython's order
    /// (`BINARY_OP_MULTI + op as u8`).
    BinaryOp {
        /// `<`
        Less = "<",
        /// `>`
        More = ">",
        /// `==`
        Equal = "==",
        /// `<=`
        LessEqual = "<=",
        /// `>=`
        MoreEqual = ">=",
        /// `!=`
        NotEqual = "!=",
        /// `in`
        In = "in",
        /// `is`
        Is = "is",
        /// Exception match (used by `except T:`)
        ExceptionMatch = "exception-match",
        /// `|=`
        InplaceOr = "|=",
        /// `^=`
        InplaceXor = "^=",
        /// `&=`
        InplaceAnd = "&=",
        /// `<<=`
        InplaceLshift = "<<=",
        /// `>>=`
        InplaceRshift = ">>=",
        /// `+=`
        InplaceAdd = "+=",
        /// `-=`
        InplaceSubtract = "-=",
        /// `*=`
        InplaceMultiply = "*=",
        /// `@=`
        InplaceMatMultiply = "@=",
        /// `//=`
        InplaceFloorDivide = "//=",
        /// `/=`
        InplaceTrueDivide = "/=",
        /// `%=`
        InplaceModulo = "%=",
        /// `**=`
        InplacePower = "**=",
        /// `|`
        Or = "|",
        /// `^`
        Xor = "^",
        /// `&`
        And = "&",
        /// `<<`
        Lshift = "<<",
        /// `>>`
        Rshift = ">>",
        /// `+`
        Add = "+",
        /// `-`
        Subtract = "-",
        /// `*`
        Multiply = "*",
        /// `@`
        MatMultiply = "@",
        /// `//`
        FloorDivide = "//",
        /// `/`
        TrueDivide = "/",
        /// `%`
        Modulo = "%",
        /// `**`
        Power = "**",
    }
}

impl UnaryOp {
    /// The opcode byte for this operator.
    pub const fn opcode(self) -> u8 {
        op::UNARY_OP_MULTI + self as u8
    }
}

impl BinaryOp {
    /// The opcode byte for this operator.
    pub const fn opcode(self) -> u8 {
        op::BINARY_OP_MULTI + self as u8
    }
}

/// A decoded operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// No operand.
    None,
    /// Index into the file's qstr table.
    Qstr(u32),
    /// An unsigned var-uint operand (meaning depends on the opcode).
    Uint(u32),
    /// A signed small int (`LOAD_CONST_SMALL_INT`, `LOAD_CONST_SMALL_INT_MULTI`).
    SmallInt(i64),
    /// A local number packed in the opcode (`LOAD_FAST_MULTI`, `STORE_FAST_MULTI`).
    Local(u8),
    /// A unary operator packed in the opcode.
    Unary(UnaryOp),
    /// A binary operator packed in the opcode.
    Binary(BinaryOp),
    /// A jump: `offset` is relative to the end of the offset bytes, `target` is
    /// the absolute code offset it lands on (may be out of range: the verifier
    /// checks it).
    Jump {
        /// Relative offset as decoded (bias removed for signed jumps).
        offset: i32,
        /// Absolute target offset within the code slice.
        target: i64,
    },
}

/// One decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instr {
    /// The opcode byte.
    pub opcode: u8,
    /// Offset of the opcode byte within the code slice given to [`decode`].
    pub pc: usize,
    /// Total encoded length in bytes (opcode, operand and extra byte).
    pub len: usize,
    /// The operand.
    pub operand: Operand,
    /// The extra byte of `MAKE_CLOSURE*` and `UNWIND_JUMP`, else 0.
    pub extra: u8,
}

/// Net stack behaviour of an instruction: it needs `pops` values, removes them
/// and pushes `pushes`. For conditional jumps the effect differs per edge, see
/// [`Instr::stack_effect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StackEffect {
    /// Values consumed (the stack must hold at least this many).
    pub pops: u32,
    /// Values produced.
    pub pushes: u32,
}

impl StackEffect {
    const fn new(pops: u32, pushes: u32) -> Self {
        StackEffect { pops, pushes }
    }

    /// `pushes - pops`.
    pub const fn delta(self) -> i64 {
        self.pushes as i64 - self.pops as i64
    }
}

/// Read a var-uint (MSB-first 7-bit groups) at `pos`; returns value and new position.
pub(crate) fn read_var_uint(data: &[u8], mut pos: usize) -> Result<(u32, usize), Error> {
    let mut v: u32 = 0;
    loop {
        let b = *data.get(pos).ok_or(Error::Truncated)?;
        pos += 1;
        if v > (u32::MAX >> 7) {
            return Err(Error::VarUintOverflow);
        }
        v = (v << 7) | u32::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Ok((v, pos));
        }
    }
}

/// Read a signed var-int as used by `LOAD_CONST_SMALL_INT`.
fn read_var_int(data: &[u8], mut pos: usize) -> Result<(i64, usize), Error> {
    let first = *data.get(pos).ok_or(Error::Truncated)?;
    let mut v: i64 = if first & 0x40 != 0 { -1 } else { 0 };
    loop {
        let b = *data.get(pos).ok_or(Error::Truncated)?;
        pos += 1;
        // Refuse values that would not fit in 63 bits after the shift.
        if !(-(1i64 << 55)..(1i64 << 55)).contains(&v) {
            return Err(Error::VarUintOverflow);
        }
        v = (v << 7) | i64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Ok((v, pos));
        }
    }
}

/// Decode the instruction at `pc` in `code` (the opcode area of a raw code).
///
/// Never panics: unknown opcodes give [`Error::UnknownOpcode`], truncated
/// operands [`Error::Truncated`], oversized var-uints [`Error::VarUintOverflow`].
pub fn decode(code: &[u8], pc: usize) -> Result<Instr, Error> {
    let opcode = *code.get(pc).ok_or(Error::Truncated)?;
    let (format, extra_byte) = match format_of(opcode) {
        Some(f) => f,
        None => {
            return Err(Error::UnknownOpcode {
                opcode,
                pc: pc as u32,
            });
        }
    };
    let mut pos = pc + 1;
    let operand = match format {
        Format::None => Operand::None,
        Format::Qstr => {
            let (v, p) = read_var_uint(code, pos)?;
            pos = p;
            Operand::Qstr(v)
        }
        Format::VarUint => {
            let (v, p) = read_var_uint(code, pos)?;
            pos = p;
            Operand::Uint(v)
        }
        Format::VarInt => {
            let (v, p) = read_var_int(code, pos)?;
            pos = p;
            Operand::SmallInt(v)
        }
        Format::SignedJump | Format::UnsignedJump => {
            let b1 = *code.get(pos).ok_or(Error::Truncated)?;
            let (raw, bias, n) = if b1 & 0x80 == 0 {
                (i32::from(b1), 0x40, 1)
            } else {
                let b2 = *code.get(pos + 1).ok_or(Error::Truncated)?;
                (i32::from(b1 & 0x7f) | (i32::from(b2) << 7), 0x4000, 2)
            };
            pos += n;
            let offset = if format == Format::SignedJump {
                raw - bias
            } else {
                raw
            };
            Operand::Jump {
                offset,
                target: pos as i64 + i64::from(offset),
            }
        }
        Format::Packed => match opcode {
            op::LOAD_CONST_SMALL_INT_MULTI..=op::LOAD_CONST_SMALL_INT_MULTI_LAST => {
                Operand::SmallInt(i64::from(opcode) - 0x80)
            }
            op::LOAD_FAST_MULTI..=op::LOAD_FAST_MULTI_LAST => {
                Operand::Local(opcode - op::LOAD_FAST_MULTI)
            }
            op::STORE_FAST_MULTI..=op::STORE_FAST_MULTI_LAST => {
                Operand::Local(opcode - op::STORE_FAST_MULTI)
            }
            op::UNARY_OP_MULTI..=op::UNARY_OP_MULTI_LAST => {
                match UnaryOp::from_index(opcode - op::UNARY_OP_MULTI) {
                    Some(u) => Operand::Unary(u),
                    None => {
                        return Err(Error::UnknownOpcode {
                            opcode,
                            pc: pc as u32,
                        });
                    }
                }
            }
            _ => match BinaryOp::from_index(opcode.wrapping_sub(op::BINARY_OP_MULTI)) {
                Some(b) => Operand::Binary(b),
                None => {
                    return Err(Error::UnknownOpcode {
                        opcode,
                        pc: pc as u32,
                    });
                }
            },
        },
    };
    let mut extra = 0;
    if extra_byte {
        extra = *code.get(pos).ok_or(Error::Truncated)?;
        pos += 1;
    }
    Ok(Instr {
        opcode,
        pc,
        len: pos - pc,
        operand,
        extra,
    })
}

impl Instr {
    /// Static description of the opcode.
    pub fn info(&self) -> OpInfo {
        // `decode` only builds instructions from valid opcodes.
        info(self.opcode).unwrap_or(OpInfo {
            name: "?",
            format: Format::None,
            extra_byte: false,
        })
    }

    /// Offset of the next instruction.
    pub fn next_pc(&self) -> usize {
        self.pc + self.len
    }

    /// The var-uint / qstr operand as a number (0 if there is none).
    pub fn arg(&self) -> u32 {
        match self.operand {
            Operand::Qstr(v) | Operand::Uint(v) => v,
            Operand::Local(v) => u32::from(v),
            _ => 0,
        }
    }

    /// Jump target, for jump-format opcodes.
    pub fn jump_target(&self) -> Option<i64> {
        match self.operand {
            Operand::Jump { target, .. } => Some(target),
            _ => None,
        }
    }

    /// The nominal stack effect on the fall-through path, as MicroPython's
    /// emitter accounts for it.
    ///
    /// Special cases:
    /// - taken branches: `POP_JUMP_IF_*` pop 1 on both edges; `JUMP_IF_*_OR_POP`
    ///   keep the value on the taken edge (pop 1 only when falling through);
    ///   `FOR_ITER` pushes 1 when falling through and pops the
    ///   [`ITER_BUF_SLOTS`] iterator slots on the taken edge.
    /// - `SETUP_WITH` pops the context manager, pushes `__exit__`, its self and
    ///   the `__enter__` result (net +2).
    /// - `WITH_CLEANUP` is modelled as 3 -> 1 and needs 2 scratch slots above.
    /// - `END_FINALLY` pops the reason (None / exception / unwind marker).
    /// - `UNWIND_JUMP` has no effect on the fall-through (it never falls through);
    ///   the verifier models its edge.
    /// - `RETURN_VALUE` pops 1, `RAISE_OBJ` 1, `RAISE_FROM` 2, `RAISE_LAST` 0.
    pub fn stack_effect(&self) -> StackEffect {
        let e = StackEffect::new;
        let n = self.arg();
        let calls = |extra: u32| {
            let npos = n & 0xff;
            let nkw = (n >> 8) & 0xff;
            e(1 + npos + 2 * nkw + extra, 1)
        };
        match self.opcode {
            op::MAKE_CLOSURE => e(u32::from(self.extra), 1),
            op::MAKE_CLOSURE_DEFARGS => e(2 + u32::from(self.extra), 1),
            op::BUILD_TUPLE | op::BUILD_LIST | op::BUILD_SET | op::BUILD_SLICE => e(n, 1),
            op::STORE_COMP => {
                if n & 3 == 1 {
                    e(2, 0)
                } else {
                    e(1, 0)
                }
            }
            op::UNPACK_SEQUENCE => e(1, n),
            op::UNPACK_EX => e(1, (n & 0xff) + ((n >> 8) & 0xff) + 1),
            op::CALL_FUNCTION => calls(0),
            op::CALL_FUNCTION_VAR_KW => calls(1),
            op::CALL_METHOD => calls(1),
            op::CALL_METHOD_VAR_KW => calls(2),
            op::LOAD_CONST_SMALL_INT_MULTI..=op::LOAD_FAST_MULTI_LAST => e(0, 1),
            op::STORE_FAST_MULTI..=op::STORE_FAST_MULTI_LAST => e(1, 0),
            op::UNARY_OP_MULTI..=op::UNARY_OP_MULTI_LAST => e(1, 1),
            op::BINARY_OP_MULTI..=op::BINARY_OP_MULTI_LAST => e(2, 1),
            // The rest have fixed effects: a byte each in a table.
            _ => match FIXED_EFFECTS.get(usize::from(self.opcode)) {
                Some(&b) => e(u32::from(b >> 4), u32::from(b & 0xf)),
                None => e(0, 0),
            },
        }
    }

    /// Extra stack slots the VM uses transiently above `max(before, after)`
    /// while executing this instruction.
    pub fn scratch_slots(&self) -> u32 {
        match self.opcode {
            // __exit__ + self, then __enter__ + self while calling __enter__.
            op::SETUP_WITH => 1,
            // Calls __exit__(None, None, None) in place: two slots above the input.
            op::WITH_CLEANUP => 2,
            // Pushes the destination and the unwind count.
            op::UNWIND_JUMP => 2,
            _ => 0,
        }
    }

    /// Whether execution can continue with the next instruction.
    pub fn falls_through(&self) -> bool {
        !matches!(
            self.opcode,
            op::JUMP
                | op::UNWIND_JUMP
                | op::POP_EXCEPT_JUMP
                | op::RETURN_VALUE
                | op::RAISE_LAST
                | op::RAISE_OBJ
                | op::RAISE_FROM
        )
    }
}

/// The stack effects of the opcodes below the packed ranges whose effect
/// does not depend on the operand: `pops << 4 | pushes` (0 for the others,
/// which [`Instr::stack_effect`] computes, and for invalid opcodes).
static FIXED_EFFECTS: [u8; op::IMPORT_STAR as usize + 1] = {
    const FIXED: [(u8, u8, u8); 52] = [
        (op::LOAD_CONST_STRING, 0, 1),
        (op::LOAD_NAME, 0, 1),
        (op::LOAD_GLOBAL, 0, 1),
        (op::LOAD_ATTR, 1, 1),
        (op::LOAD_METHOD, 1, 2),
        (op::LOAD_SUPER_METHOD, 3, 2),
        (op::STORE_NAME, 1, 0),
        (op::STORE_GLOBAL, 1, 0),
        (op::STORE_ATTR, 2, 0),
        (op::DELETE_NAME, 0, 0),
        (op::DELETE_GLOBAL, 0, 0),
        (op::IMPORT_NAME, 2, 1),
        (op::IMPORT_FROM, 1, 2),
        (op::LOAD_CONST_SMALL_INT, 0, 1),
        (op::LOAD_CONST_OBJ, 0, 1),
        (op::LOAD_FAST_N, 0, 1),
        (op::LOAD_DEREF, 0, 1),
        (op::STORE_FAST_N, 1, 0),
        (op::STORE_DEREF, 1, 0),
        (op::DELETE_FAST, 0, 0),
        (op::DELETE_DEREF, 0, 0),
        (op::BUILD_MAP, 0, 1),
        (op::MAKE_FUNCTION, 0, 1),
        (op::MAKE_FUNCTION_DEFARGS, 2, 1),
        (op::POP_JUMP_IF_TRUE, 1, 0),
        (op::POP_JUMP_IF_FALSE, 1, 0),
        (op::JUMP_IF_TRUE_OR_POP, 1, 0),
        (op::JUMP_IF_FALSE_OR_POP, 1, 0),
        (op::SETUP_WITH, 1, 3),
        (op::FOR_ITER, ITER_BUF_SLOTS as u8, ITER_BUF_SLOTS as u8 + 1),
        (op::LOAD_CONST_FALSE, 0, 1),
        (op::LOAD_CONST_NONE, 0, 1),
        (op::LOAD_CONST_TRUE, 0, 1),
        (op::LOAD_NULL, 0, 1),
        (op::LOAD_BUILD_CLASS, 0, 1),
        (op::LOAD_SUBSCR, 2, 1),
        (op::STORE_SUBSCR, 3, 0),
        (op::DUP_TOP, 1, 2),
        (op::DUP_TOP_TWO, 2, 4),
        (op::POP_TOP, 1, 0),
        (op::ROT_TWO, 2, 2),
        (op::ROT_THREE, 3, 3),
        (op::WITH_CLEANUP, 3, 1),
        (op::END_FINALLY, 1, 0),
        (op::GET_ITER, 1, 1),
        (op::GET_ITER_STACK, 1, ITER_BUF_SLOTS as u8),
        (op::STORE_MAP, 3, 1),
        (op::RETURN_VALUE, 1, 0),
        (op::RAISE_OBJ, 1, 0),
        (op::RAISE_FROM, 2, 0),
        (op::YIELD_VALUE, 1, 1),
        (op::YIELD_FROM, 2, 1),
    ];
    let mut table = [0u8; op::IMPORT_STAR as usize + 1];
    let mut i = 0;
    while i < FIXED.len() {
        let (opcode, pops, pushes) = FIXED[i];
        assert!(pops < 16 && pushes < 16);
        table[opcode as usize] = pops << 4 | pushes;
        i += 1;
    }
    // IMPORT_STAR pops the module.
    table[op::IMPORT_STAR as usize] = 1 << 4;
    table
};

/// An iterator decoding a whole code area instruction by instruction; stops
/// after the first error.
#[derive(Clone, Debug)]
pub struct Instrs<'a> {
    code: &'a [u8],
    pc: usize,
    failed: bool,
}

impl<'a> Instrs<'a> {
    /// Decode `code` from offset 0.
    pub fn new(code: &'a [u8]) -> Self {
        Instrs {
            code,
            pc: 0,
            failed: false,
        }
    }
}

impl Iterator for Instrs<'_> {
    type Item = Result<Instr, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pc >= self.code.len() {
            return None;
        }
        let r = decode(self.code, self.pc);
        match &r {
            Ok(i) => self.pc += i.len,
            Err(_) => self.failed = true,
        }
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_of_agrees_with_info_for_every_byte() {
        for b in 0u8..=255 {
            let expected = info(b).map(|i| (i.format, i.extra_byte));
            assert_eq!(format_of(b), expected, "opcode 0x{b:02x}");
        }
    }

    /// The stack effects as one `match` (the table's specification).
    fn reference_stack_effect(ins: &Instr) -> StackEffect {
        let e = StackEffect::new;
        let n = ins.arg();
        let calls = |extra: u32| {
            let npos = n & 0xff;
            let nkw = (n >> 8) & 0xff;
            e(1 + npos + 2 * nkw + extra, 1)
        };
        match ins.opcode {
            op::LOAD_CONST_STRING | op::LOAD_NAME | op::LOAD_GLOBAL => e(0, 1),
            op::LOAD_ATTR => e(1, 1),
            op::LOAD_METHOD => e(1, 2),
            op::LOAD_SUPER_METHOD => e(3, 2),
            op::STORE_NAME | op::STORE_GLOBAL => e(1, 0),
            op::STORE_ATTR => e(2, 0),
            op::DELETE_NAME | op::DELETE_GLOBAL => e(0, 0),
            op::IMPORT_NAME => e(2, 1),
            op::IMPORT_FROM => e(1, 2),
            op::MAKE_CLOSURE => e(u32::from(ins.extra), 1),
            op::MAKE_CLOSURE_DEFARGS => e(2 + u32::from(ins.extra), 1),
            op::LOAD_CONST_SMALL_INT | op::LOAD_CONST_OBJ | op::LOAD_FAST_N | op::LOAD_DEREF => {
                e(0, 1)
            }
            op::STORE_FAST_N | op::STORE_DEREF => e(1, 0),
            op::DELETE_FAST | op::DELETE_DEREF => e(0, 0),
            op::BUILD_TUPLE | op::BUILD_LIST | op::BUILD_SET | op::BUILD_SLICE => e(n, 1),
            op::BUILD_MAP => e(0, 1),
            op::STORE_COMP => {
                if n & 3 == 1 {
                    e(2, 0)
                } else {
                    e(1, 0)
                }
            }
            op::UNPACK_SEQUENCE => e(1, n),
            op::UNPACK_EX => e(1, (n & 0xff) + ((n >> 8) & 0xff) + 1),
            op::MAKE_FUNCTION => e(0, 1),
            op::MAKE_FUNCTION_DEFARGS => e(2, 1),
            op::CALL_FUNCTION => calls(0),
            op::CALL_FUNCTION_VAR_KW => calls(1),
            op::CALL_METHOD => calls(1),
            op::CALL_METHOD_VAR_KW => calls(2),
            op::UNWIND_JUMP | op::JUMP => e(0, 0),
            op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => e(1, 0),
            op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => e(1, 0),
            op::SETUP_WITH => e(1, 3),
            op::SETUP_EXCEPT | op::SETUP_FINALLY | op::POP_EXCEPT_JUMP => e(0, 0),
            op::FOR_ITER => e(ITER_BUF_SLOTS, ITER_BUF_SLOTS + 1),
            op::LOAD_CONST_FALSE | op::LOAD_CONST_NONE | op::LOAD_CONST_TRUE | op::LOAD_NULL => {
                e(0, 1)
            }
            op::LOAD_BUILD_CLASS => e(0, 1),
            op::LOAD_SUBSCR => e(2, 1),
            op::STORE_SUBSCR => e(3, 0),
            op::DUP_TOP => e(1, 2),
            op::DUP_TOP_TWO => e(2, 4),
            op::POP_TOP => e(1, 0),
            op::ROT_TWO => e(2, 2),
            op::ROT_THREE => e(3, 3),
            op::WITH_CLEANUP => e(3, 1),
            op::END_FINALLY => e(1, 0),
            op::GET_ITER => e(1, 1),
            op::GET_ITER_STACK => e(1, ITER_BUF_SLOTS),
            op::STORE_MAP => e(3, 1),
            op::RETURN_VALUE => e(1, 0),
            op::RAISE_LAST => e(0, 0),
            op::RAISE_OBJ => e(1, 0),
            op::RAISE_FROM => e(2, 0),
            op::YIELD_VALUE => e(1, 1),
            op::YIELD_FROM => e(2, 1),
            op::IMPORT_STAR => e(1, 0),
            op::LOAD_CONST_SMALL_INT_MULTI..=op::LOAD_FAST_MULTI_LAST => e(0, 1),
            op::STORE_FAST_MULTI..=op::STORE_FAST_MULTI_LAST => e(1, 0),
            op::UNARY_OP_MULTI..=op::UNARY_OP_MULTI_LAST => e(1, 1),
            op::BINARY_OP_MULTI..=op::BINARY_OP_MULTI_LAST => e(2, 1),
            _ => e(0, 0),
        }
    }

    #[test]
    fn stack_effect_table_matches_the_specification() {
        for opcode in 0u8..=255 {
            for arg in [0u32, 1, 2, 3, 5, 0x102, 0x3ff, 0xffff] {
                for extra in [0u8, 1, 3] {
                    let ins = Instr {
                        opcode,
                        pc: 0,
                        len: 0,
                        operand: Operand::Uint(arg),
                        extra,
                    };
                    assert_eq!(
                        ins.stack_effect(),
                        reference_stack_effect(&ins),
                        "opcode 0x{opcode:02x} arg {arg} extra {extra}"
                    );
                }
            }
        }
    }
}
