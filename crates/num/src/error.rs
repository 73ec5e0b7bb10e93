//! The error type shared by every module of this crate.
//!
//! Errors are plain data: the caller (the object model) maps each one to a
//! Python exception. [`NumError::exception`] names the exception class and
//! [`NumError::message`] gives CPython's message where it is a fixed string.
//! Messages that quote the input (for example `invalid literal for int() with
//! base 10: '12a'`) are built by the caller, which still has the input.

use core::fmt;

/// Which Python exception class an error maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExcKind {
    /// `ZeroDivisionError`.
    ZeroDivision,
    /// `OverflowError`.
    Overflow,
    /// `ValueError`.
    Value,
    /// `MemoryError` (a caller buffer or output sink was too small / failed).
    Memory,
}

/// Why a division-like operation failed with `ZeroDivisionError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZeroDivKind {
    /// `integer division or modulo by zero` (`//` and `divmod` on ints).
    IntDivision,
    /// `integer modulo by zero` (`%` on ints).
    IntModulo,
    /// `division by zero` (`/` on ints).
    Division,
    /// `float division by zero` (`/` on floats).
    FloatDivision,
    /// `float floor division by zero`.
    FloatFloorDivision,
    /// `float modulo`.
    FloatModulo,
    /// `float divmod()`.
    FloatDivmod,
    /// `0.0 cannot be raised to a negative power` (`pow(0, -1)`).
    NegativePower,
}

/// Why an operation failed with `OverflowError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverflowKind {
    /// `int too large to convert to float`.
    IntToFloat,
    /// `integer division result too large for a float`.
    IntDivisionResult,
    /// `int too big to convert` (`int.to_bytes`).
    IntTooBig,
    /// `can't convert negative int to unsigned` (`int.to_bytes`).
    NegativeToUnsigned,
    /// `cannot convert float infinity to integer`.
    FloatInfinityToInt,
    /// `rounded value too large to represent` (`round(x, n)`).
    RoundedValue,
    /// `%c arg not in range(0x110000)` (format type `c`).
    CharRange,
    /// `Python int too large to convert to C int` (an int used as a count).
    IntToMachine,
    /// `Python int too large to convert to C long` (format type `c` of a
    /// huge int).
    IntToCLong,
    /// `int too large to format` (output length does not fit `usize`).
    TooLargeToFormat,
}

/// Why an operation failed with `ValueError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// `negative shift count`.
    NegativeShiftCount,
    /// `base is not invertible for the given modulus` (`pow(a, -n, m)`).
    NotInvertible,
    /// `pow() 3rd argument cannot be 0`.
    PowModulusZero,
    /// `invalid literal for int() with base N: '...'`: the caller quotes
    /// the text and base.
    InvalidIntLiteral,
    /// `int() base must be >= 2 and <= 36, or 0`.
    InvalidBase,
    /// `could not convert string to float: '...'`: the caller quotes the text.
    InvalidFloatLiteral,
    /// `cannot convert float NaN to integer`.
    FloatNanToInt,
}

/// An error from any function of this crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumError {
    /// Maps to `ZeroDivisionError`.
    ZeroDivision(ZeroDivKind),
    /// Maps to `OverflowError`.
    Overflow(OverflowKind),
    /// Maps to `ValueError`.
    Value(ValueKind),
    /// A caller-provided output or scratch slice was shorter than the
    /// documented bound. This is a caller bug, reported instead of panicking.
    BufferTooSmall,
    /// The `core::fmt::Write` sink failed: by convention it ran out of memory.
    Write,
}

impl NumError {
    /// The Python exception class this error maps to.
    pub const fn exception(self) -> ExcKind {
        match self {
            NumError::ZeroDivision(_) => ExcKind::ZeroDivision,
            NumError::Overflow(_) => ExcKind::Overflow,
            NumError::Value(_) => ExcKind::Value,
            NumError::BufferTooSmall | NumError::Write => ExcKind::Memory,
        }
    }

    /// CPython's message for this error. For the two literal errors this is
    /// only the fixed prefix (the caller appends the base and quoted text).
    pub const fn message(self) -> &'static str {
        match self {
            NumError::ZeroDivision(k) => match k {
                ZeroDivKind::IntDivision => "integer division or modulo by zero",
                ZeroDivKind::IntModulo => "integer modulo by zero",
                ZeroDivKind::Division => "division by zero",
                ZeroDivKind::FloatDivision => "float division by zero",
                ZeroDivKind::FloatFloorDivision => "float floor division by zero",
                ZeroDivKind::FloatModulo => "float modulo",
                ZeroDivKind::FloatDivmod => "float divmod()",
                ZeroDivKind::NegativePower => "0.0 cannot be raised to a negative power",
            },
            NumError::Overflow(k) => match k {
                OverflowKind::IntToFloat => "int too large to convert to float",
                OverflowKind::IntDivisionResult => "integer division result too large for a float",
                OverflowKind::IntTooBig => "int too big to convert",
                OverflowKind::NegativeToUnsigned => "can't convert negative int to unsigned",
                OverflowKind::FloatInfinityToInt => "cannot convert float infinity to integer",
                OverflowKind::RoundedValue => "rounded value too large to represent",
                OverflowKind::CharRange => "%c arg not in range(0x110000)",
                OverflowKind::IntToMachine => "Python int too large to convert to C int",
                OverflowKind::IntToCLong => "Python int too large to convert to C long",
                OverflowKind::TooLargeToFormat => "int too large to format",
            },
            NumError::Value(k) => match k {
                ValueKind::NegativeShiftCount => "negative shift count",
                ValueKind::NotInvertible => "base is not invertible for the given modulus",
                ValueKind::PowModulusZero => "pow() 3rd argument cannot be 0",
                ValueKind::InvalidIntLiteral => "invalid literal for int() with base ",
                ValueKind::InvalidBase => "int() base must be >= 2 and <= 36, or 0",
                ValueKind::InvalidFloatLiteral => "could not convert string to float: ",
                ValueKind::FloatNanToInt => "cannot convert float NaN to integer",
            },
            NumError::BufferTooSmall => "buffer too small",
            NumError::Write => "out of memory",
        }
    }
}

impl From<fmt::Error> for NumError {
    fn from(_: fmt::Error) -> Self {
        NumError::Write
    }
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// Shorthand for results of this crate.
pub type NumResult<T> = Result<T, NumError>;
