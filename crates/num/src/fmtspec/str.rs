//! Applying a format spec to a `str`.

use super::parse::{Align, FormatSpec, Sign};
use super::{FormatResult, SpecError, write_fill};
use crate::util::Batch;
use core::fmt::Write;

/// `format(s, spec)` for a `str`: type `s` or none; precision truncates to
/// that many characters; width and fill count characters.
pub fn format_str<W: Write + ?Sized>(w: &mut W, spec: &FormatSpec, s: &str) -> FormatResult {
    let ty = spec.ty.unwrap_or('s');
    spec.check_grouping(Some(ty))?;
    if ty != 's' {
        return Err(SpecError::UnknownCode(ty).into());
    }
    if spec.sign != Sign::Minus {
        return Err(SpecError::SignStr.into());
    }
    if spec.no_neg_zero {
        return Err(SpecError::NegZeroStr.into());
    }
    if spec.alternate {
        return Err(SpecError::AltStr.into());
    }
    if spec.align == Some(Align::AfterSign) {
        return Err(SpecError::EqAlignStr.into());
    }
    let s = match spec.precision {
        Some(p) => match s.char_indices().nth(p) {
            Some((i, _)) => &s[..i],
            None => s,
        },
        None => s,
    };
    write_padded(w, s, spec.str_pad())?;
    Ok(())
}

/// Write `s` padded to `pad.width` characters.
pub(crate) fn write_padded<W: Write + ?Sized>(
    w: &mut W,
    s: &str,
    pad: super::Pad,
) -> core::fmt::Result {
    let n = if pad.width == 0 { 0 } else { s.chars().count() };
    let padding = pad.width.saturating_sub(n);
    let (left, right) = match pad.align {
        Align::Left => (0, padding),
        Align::Right | Align::AfterSign => (padding, 0),
        Align::Center => (padding / 2, padding - padding / 2),
    };
    let mut w = w;
    let mut b = Batch::new(&mut w);
    write_fill(&mut b, pad.fill, left)?;
    b.flush()?;
    b.str(s)?;
    write_fill(&mut b, pad.fill, right)?;
    b.flush()
}
