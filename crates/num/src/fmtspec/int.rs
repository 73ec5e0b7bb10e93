//! Applying a format spec to an `int`.

use super::parse::{FormatSpec, Sign};
use super::{FormatResult, Grouper, NumberLayout, SpecError};
use crate::bigint::text::Digits;
use crate::bigint::{BigRef, Limb, signed};
use crate::error::{NumError, OverflowKind};
use crate::util::Batch;
use core::fmt::Write;

/// An integer value to format: a machine int or a big int.
#[derive(Clone, Copy, Debug)]
pub enum IntArg<'a> {
    /// A small int.
    Small(i64),
    /// A big int.
    Big(BigRef<'a>),
}

impl IntArg<'_> {
    pub(crate) fn is_negative(&self) -> bool {
        match self {
            IntArg::Small(v) => *v < 0,
            IntArg::Big(b) => b.is_negative(),
        }
    }

    /// The value as `f64` (`Overflow(IntToFloat)` if too large).
    pub(crate) fn to_f64(self) -> Result<f64, NumError> {
        match self {
            IntArg::Small(v) => Ok(v as f64),
            IntArg::Big(b) => signed::to_f64(b),
        }
    }

    /// Digits of the magnitude.
    pub(crate) fn digits<'s>(
        &'s self,
        base: u32,
        upper: bool,
        scratch: &'s mut [Limb],
    ) -> Result<Digits<'s>, NumError> {
        match self {
            IntArg::Small(v) => Ok(Digits::from_u64(v.unsigned_abs(), base, upper)),
            IntArg::Big(b) => Digits::new(b.mag, base, upper, scratch),
        }
    }

    /// The value as a `char` for the `c` type; `huge` is the error for
    /// values beyond `i64`.
    pub(crate) fn to_char(self, huge: OverflowKind) -> Result<char, NumError> {
        let v = match self {
            IntArg::Small(v) => v,
            IntArg::Big(b) => signed::to_i64(b).ok_or(NumError::Overflow(huge))?,
        };
        u32::try_from(v)
            .ok()
            .and_then(char::from_u32)
            // Lone surrogates are valid Python chars but not Rust chars.
            .ok_or(NumError::Overflow(OverflowKind::CharRange))
    }
}

/// Scratch limbs needed to format `x` in any base: see
/// [`to_str_scratch_len`](crate::bigint::text::to_str_scratch_len). Small ints need none.
pub fn format_int_scratch_len(x: IntArg<'_>) -> usize {
    match x {
        IntArg::Small(_) => 0,
        IntArg::Big(b) => crate::bigint::text::to_str_scratch_len(b.mag.len(), 10),
    }
}

pub(crate) fn sign_str(neg: bool, sign: Sign) -> &'static str {
    match (neg, sign) {
        (true, _) => "-",
        (false, Sign::Plus) => "+",
        (false, Sign::Space) => " ",
        (false, Sign::Minus) => "",
    }
}

/// An int with a float presentation type: converted to this target's
/// Python float first, as `float(x)` would (`f32` where pointers are 32-bit,
/// as `pyrite-obj` stores floats there; `f64` elsewhere), so a board links
/// only the `f32` formatter.
fn format_as_float<W: Write + ?Sized>(w: &mut W, spec: &FormatSpec, x: IntArg<'_>) -> FormatResult {
    #[cfg(target_pointer_width = "32")]
    {
        let v = match x {
            IntArg::Small(i) => i as f32,
            IntArg::Big(_) => x.to_f64()? as f32,
        };
        if v.is_infinite() {
            return Err(NumError::Overflow(OverflowKind::IntToFloat).into());
        }
        super::float::format_f32(w, spec, v)
    }
    #[cfg(not(target_pointer_width = "32"))]
    super::float::format_float(w, spec, x.to_f64()?)
}

/// `format(x, spec)` for an `int`. Types `b c d o x X n` and none format the
/// integer; `e E f F g G %` convert it to float first (CPython does too).
/// `scratch.len() >= format_int_scratch_len(x)`.
pub fn format_int<W: Write + ?Sized>(
    w: &mut W,
    spec: &FormatSpec,
    x: IntArg<'_>,
    scratch: &mut [Limb],
) -> FormatResult {
    let ty = spec.ty.unwrap_or('d');
    spec.check_grouping(Some(ty))?;
    let (base, upper, prefix) = match ty {
        'd' | 'n' => (10, false, ""),
        'b' => (2, false, "0b"),
        'o' => (8, false, "0o"),
        'x' => (16, false, "0x"),
        'X' => (16, true, "0X"),
        'c' => (10, false, ""),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => return format_as_float(w, spec, x),
        c => return Err(SpecError::UnknownCode(c).into()),
    };
    if spec.precision.is_some() {
        return Err(SpecError::PrecisionNotAllowedInt.into());
    }
    if spec.no_neg_zero {
        return Err(SpecError::NegZeroInt.into());
    }
    let pad = spec.number_pad();
    if ty == 'c' {
        if spec.sign != Sign::Minus {
            return Err(SpecError::SignWithC.into());
        }
        if spec.alternate {
            return Err(SpecError::AltWithC.into());
        }
        let c = x.to_char(OverflowKind::IntToCLong)?;
        let layout = NumberLayout {
            sign: "",
            prefix: "",
            n_int: 0,
            min_digits: 0,
            group: None,
            rest_len: 1,
        };
        layout.write(w, pad, |b| b.repeat(c, 1))?;
        return Ok(());
    }
    let neg = x.is_negative();
    let digits = x.digits(base, upper, scratch)?;
    let group = spec
        .grouping
        .map(|g| (g.char(), if base == 10 { 3 } else { 4 }));
    let layout = NumberLayout {
        sign: sign_str(neg, spec.sign),
        prefix: if spec.alternate { prefix } else { "" },
        n_int: digits.len(),
        min_digits: 0,
        group,
        rest_len: 0,
    };
    layout.write(w, pad, |b| write_digits(b, &digits, group))?;
    Ok(())
}

/// Writes `digits`, with a separator every `group.1` digits when grouped.
pub(crate) fn write_digits(
    b: &mut Batch<'_>,
    digits: &Digits<'_>,
    group: Option<(char, usize)>,
) -> core::fmt::Result {
    let mut g = Grouper::new(digits.len(), group);
    digits.for_each(|d| g.push(b, d))
}
