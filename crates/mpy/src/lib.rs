#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod dis;
pub mod opcodes;
pub mod reader;
mod static_qstrs;
pub mod verify;
#[cfg(feature = "alloc")]
pub mod writer;

pub use opcodes::{
    BinaryOp, Format, Instr, Instrs, OpInfo, Operand, StackEffect, UnaryOp, decode, op,
};
pub use reader::{
    CodeKind, Const, Consts, Header, LineEntry, Lines, MpyFile, Prelude, Qstr, Qstrs, RawCode,
    RawCodes,
};
pub use static_qstrs::STATIC_QSTRS;
#[cfg(feature = "alloc")]
pub use verify::verify;
pub use verify::{PcState, verify_with};

/// The .mpy major version this crate reads and writes.
pub const MPY_VERSION: u8 = 6;
/// The sub-version written in the header of files holding native code.
pub const MPY_SUB_VERSION: u8 = 3;
/// Deepest nesting accepted for raw codes (functions inside functions) and for
/// constant tuples. Deeper files are rejected with [`Error::NestingTooDeep`].
pub const MAX_NESTING: usize = 32;

/// Look up built-in qstr number `n` (as encoded in a qstr table entry `v` with
/// `n = v >> 1`). Number 0 ("no string") and numbers past the table give `None`.
pub fn static_qstr(n: u32) -> Option<&'static str> {
    // The texts were `str`s, cut at their boundaries.
    core::str::from_utf8(static_qstr_bytes(n)?).ok()
}

/// The bytes of [`static_qstr`]`(n)`.
pub(crate) fn static_qstr_bytes(n: u32) -> Option<&'static [u8]> {
    let i = (n as usize).checked_sub(1)?;
    let start = *STATIC_QSTR_ENDS.get(i)? as usize;
    let end = *STATIC_QSTR_ENDS.get(i + 1)? as usize;
    STATIC_QSTR_TEXT.get(start..end)
}

/// The built-in qstr number of `s`, if `s` is one of the [`STATIC_QSTRS`].
pub fn static_qstr_index(s: &[u8]) -> Option<u32> {
    (1..=STATIC_QSTRS.len() as u32).find(|&n| static_qstr_bytes(n) == Some(s))
}

// The lookups above read [`STATIC_QSTRS`] packed at compile time into one
// text and 16-bit offsets: a third of the table of string slices (which the
// boards' images then leave out).

/// Bytes of all the static qstrs' texts.
const STATIC_QSTR_TEXT_LEN: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < STATIC_QSTRS.len() {
        n += STATIC_QSTRS[i].len();
        i += 1;
    }
    n
};

/// The static qstrs' texts, one after another.
const STATIC_QSTR_TEXT: &[u8; STATIC_QSTR_TEXT_LEN] = &{
    let mut text = [0u8; STATIC_QSTR_TEXT_LEN];
    let (mut i, mut at) = (0, 0);
    while i < STATIC_QSTRS.len() {
        let q = STATIC_QSTRS[i].as_bytes();
        let mut j = 0;
        while j < q.len() {
            text[at] = q[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    text
};

/// Where each static qstr's text starts in [`STATIC_QSTR_TEXT`], then the
/// end of the last.
static STATIC_QSTR_ENDS: [u16; STATIC_QSTRS.len() + 1] = {
    assert!(STATIC_QSTR_TEXT_LEN <= u16::MAX as usize);
    let mut ends = [0u16; STATIC_QSTRS.len() + 1];
    let mut i = 0;
    while i < STATIC_QSTRS.len() {
        ends[i + 1] = ends[i] + STATIC_QSTRS[i].len() as u16;
        i += 1;
    }
    ends
};

/// Everything that can be wrong with a .mpy file.
///
/// `Display` gives a short message; the VM raises it as `ValueError`. Offsets
/// (`pc`) are byte offsets within the opcode area of the offending raw code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Bad magic, major version or small-int width.
    Incompatible,
    /// The file holds native, viper or inline-assembler code, or names a native
    /// architecture.
    NativeCode,
    /// The data ends in the middle of something.
    Truncated,
    /// A var-uint does not fit in 32 bits (or a small int in 63).
    VarUintOverflow,
    /// An unknown constant type byte.
    BadConstType(u8),
    /// A string that is not UTF-8, or a number whose text is empty or not ASCII.
    BadConstant,
    /// Functions or constant tuples nest deeper than [`MAX_NESTING`].
    NestingTooDeep,
    /// Bytes left over after the outermost raw code.
    TrailingData,
    /// The function prelude is inconsistent (sizes, argument counts, cells).
    BadPrelude,
    /// Unknown opcode byte `opcode` at `pc`.
    UnknownOpcode {
        /// The opcode byte.
        opcode: u8,
        /// Where it is.
        pc: u32,
    },
    /// A qstr operand or prelude name indexes past the qstr table.
    BadQstrIndex {
        /// Where it is (0 for prelude names).
        pc: u32,
    },
    /// `LOAD_CONST_OBJ` indexes past the constant table.
    BadConstIndex {
        /// Where it is.
        pc: u32,
    },
    /// `MAKE_FUNCTION`/`MAKE_CLOSURE` indexes past the raw code's children.
    BadChildIndex {
        /// Where it is.
        pc: u32,
    },
    /// A local-variable number is out of range.
    BadLocal {
        /// Where it is.
        pc: u32,
    },
    /// An operand value the VM cannot handle (e.g. call counts over 8 bits,
    /// a slice of 5 items, a small int wider than the header allows).
    BadOperand {
        /// Where it is.
        pc: u32,
    },
    /// A jump leaves the function or lands inside an instruction.
    BadJump {
        /// The jump instruction.
        pc: u32,
    },
    /// Execution can run past the last instruction.
    FallsOffEnd,
    /// An instruction needs more values than the stack holds.
    StackUnderflow {
        /// The instruction.
        pc: u32,
    },
    /// The stack would grow into the local variables.
    StackOverflow {
        /// The instruction.
        pc: u32,
    },
    /// Two paths reach an instruction with different stack depths or
    /// exception-block nesting.
    StackMismatch {
        /// The instruction reached.
        pc: u32,
    },
    /// More nested exception blocks than the prelude declares, or a block popped
    /// that was never pushed.
    BadExceptionBlock {
        /// The instruction.
        pc: u32,
    },
    /// A function is too large for the verifier (64 KiB of opcodes), or the
    /// scratch buffer given to [`verify_with`] is too small.
    TooLarge,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            Error::Incompatible => f.write_str("incompatible .mpy file"),
            Error::NativeCode => f.write_str("native code in .mpy unsupported"),
            Error::Truncated => f.write_str("invalid .mpy file: truncated"),
            Error::VarUintOverflow => f.write_str("invalid .mpy file: integer overflow"),
            Error::BadConstType(t) => write!(f, "invalid .mpy file: bad constant type {t}"),
            Error::BadConstant => f.write_str("invalid .mpy file: bad constant"),
            Error::NestingTooDeep => f.write_str("invalid .mpy file: nesting too deep"),
            Error::TrailingData => f.write_str("invalid .mpy file: trailing data"),
            Error::BadPrelude => f.write_str("invalid .mpy file: bad function prelude"),
            Error::UnknownOpcode { opcode, pc } => {
                write!(
                    f,
                    "invalid .mpy file: unknown opcode 0x{opcode:02x} at {pc}"
                )
            }
            Error::BadQstrIndex { pc } => write!(f, "invalid .mpy file: bad qstr index at {pc}"),
            Error::BadConstIndex { pc } => {
                write!(f, "invalid .mpy file: bad constant index at {pc}")
            }
            Error::BadChildIndex { pc } => {
                write!(f, "invalid .mpy file: bad function index at {pc}")
            }
            Error::BadLocal { pc } => write!(f, "invalid .mpy file: bad local variable at {pc}"),
            Error::BadOperand { pc } => write!(f, "invalid .mpy file: bad operand at {pc}"),
            Error::BadJump { pc } => write!(f, "invalid .mpy file: bad jump at {pc}"),
            Error::FallsOffEnd => f.write_str("invalid .mpy file: code falls off the end"),
            Error::StackUnderflow { pc } => write!(f, "invalid .mpy file: stack underflow at {pc}"),
            Error::StackOverflow { pc } => write!(f, "invalid .mpy file: stack overflow at {pc}"),
            Error::StackMismatch { pc } => {
                write!(f, "invalid .mpy file: inconsistent stack at {pc}")
            }
            Error::BadExceptionBlock { pc } => {
                write!(f, "invalid .mpy file: bad exception block at {pc}")
            }
            Error::TooLarge => f.write_str("invalid .mpy file: function too large"),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_static_qstrs_match_the_table() {
        assert_eq!(static_qstr(0), None);
        assert_eq!(static_qstr(STATIC_QSTRS.len() as u32 + 1), None);
        for (i, &text) in STATIC_QSTRS.iter().enumerate() {
            let n = i as u32 + 1;
            assert_eq!(static_qstr(n), Some(text));
            assert_eq!(static_qstr_index(text.as_bytes()), Some(n));
        }
        assert_eq!(static_qstr_index(b"not a static qstr"), None);
    }
}
