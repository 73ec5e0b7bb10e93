//! Applying a format spec to a `float`.
//!
//! Digits come from `core::fmt`, which is exact (`{:.N}` and `{:.Ne}` print
//! the correctly rounded decimal value, ties to even, for any `N`) and
//! shortest-round-trip for `{:e}`. Its output is streamed twice: once into a
//! scanner that measures it (for padding, grouping and trailing-zero
//! removal), then through a filter into the destination, so arbitrarily
//! large precisions need no buffer.

use super::int::sign_str;
use super::parse::FormatSpec;
use super::{FormatResult, Grouper, NumberLayout, SpecError};
use crate::float::Decimal;
use crate::float::repr::{decimal_repr_len, write_decimal_repr, write_exponent};
use crate::util::{Batch, SliceWriter};
use core::fmt::{self, Write};

/// Where the mantissa text comes from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// `{:.N}` of the value.
    Fixed(usize, f64),
    /// `{:.Ne}` of the value.
    Sci(usize, f64),
    /// Pre-rendered text (shortest repr).
    Text(&'a str),
}

impl Source<'_> {
    fn emit<W: Write>(&self, w: &mut W) -> fmt::Result {
        match *self {
            Source::Fixed(p, v) => write!(w, "{v:.p$}"),
            Source::Sci(p, v) => write!(w, "{v:.p$e}"),
            Source::Text(s) => w.write_str(s),
        }
    }
}

/// Measures a mantissa (and reads the exponent after `e`).
#[derive(Default)]
struct Scan {
    n: usize,
    int_len: Option<usize>,
    point: bool,
    frac_nz_end: usize,
    nonzero: bool,
    in_exp: bool,
    exp_neg: bool,
    exp: i32,
}

impl Write for Scan {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.bytes() {
            if self.in_exp {
                match c {
                    b'-' => self.exp_neg = true,
                    b'0'..=b'9' => {
                        self.exp = self
                            .exp
                            .saturating_mul(10)
                            .saturating_add((c - b'0') as i32)
                    }
                    _ => {}
                }
                continue;
            }
            match c {
                b'e' | b'E' => {
                    self.in_exp = true;
                    self.int_len.get_or_insert(self.n);
                }
                b'.' => {
                    self.point = true;
                    self.int_len = Some(self.n);
                    self.n += 1;
                }
                _ => {
                    if c != b'0' {
                        self.nonzero = true;
                        if self.point {
                            self.frac_nz_end = self.n + 1;
                        }
                    }
                    self.n += 1;
                }
            }
        }
        Ok(())
    }
}

impl Scan {
    fn of(src: Source<'_>) -> Scan {
        let mut s = Scan::default();
        let _ = src.emit(&mut s);
        s
    }
    fn int_len(&self) -> usize {
        self.int_len.unwrap_or(self.n)
    }
    fn exponent(&self) -> i32 {
        if self.exp_neg { -self.exp } else { self.exp }
    }
    /// Mantissa characters to emit: all, or without trailing fractional
    /// zeros (and a bare point).
    fn limit(&self, strip: bool) -> usize {
        if !strip || !self.point {
            self.n
        } else if self.frac_nz_end > self.int_len() {
            self.frac_nz_end
        } else {
            self.int_len()
        }
    }
}

/// Streams the mantissa into a batch: groups integer digits, stops at
/// `limit` or at the exponent.
struct Filter<'x, 'b, W: Write + ?Sized> {
    b: &'x mut Batch<'b, W>,
    i: usize,
    limit: usize,
    int_len: usize,
    group: Grouper,
    in_exp: bool,
}

impl<W: Write + ?Sized> Write for Filter<'_, '_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.bytes() {
            if self.in_exp || c == b'e' || c == b'E' {
                self.in_exp = true;
                continue;
            }
            if self.i < self.limit {
                if self.i < self.int_len {
                    self.group.push(self.b, c)?;
                } else {
                    self.b.push(c)?;
                }
            }
            self.i += 1;
        }
        Ok(())
    }
}

/// Length of `e+XX` for an exponent.
fn exp_len(e: i32) -> usize {
    if e.unsigned_abs() >= 100 { 5 } else { 4 }
}

/// `format(x, spec)` for a `float`: types `e E f F g G n %` and none.
pub fn format_float<W: Write + ?Sized>(w: &mut W, spec: &FormatSpec, x: f64) -> FormatResult {
    format_impl(w, spec, x, false)
}

/// `format(x, spec)` for an `f32`-precision float (32-bit boards): like
/// [`format_float`] on the exact value, except that the default (no type,
/// no precision) form uses the shortest digits that round-trip at `f32`
/// precision.
pub fn format_f32<W: Write + ?Sized>(w: &mut W, spec: &FormatSpec, x: f32) -> FormatResult {
    format_impl(w, spec, x as f64, true)
}

fn format_impl<W: Write + ?Sized>(
    w: &mut W,
    spec: &FormatSpec,
    x: f64,
    is_f32: bool,
) -> FormatResult {
    spec.check_grouping(spec.ty)?;
    let ty = spec.ty;
    if let Some(c) = ty
        && !matches!(c, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')
    {
        return Err(SpecError::UnknownCode(c).into());
    }
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let pct = ty == Some('%');
    let pad = spec.number_pad();
    let mut neg = x.is_sign_negative() && !x.is_nan();
    let v = if pct { x.abs() * 100.0 } else { x.abs() };
    if !v.is_finite() {
        let text = match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        };
        let layout = NumberLayout {
            sign: sign_str(neg, spec.sign),
            prefix: "",
            n_int: 0,
            min_digits: 0,
            group: None,
            rest_len: text.len() + pct as usize,
        };
        layout.write(w, pad, |b| {
            b.str(text)?;
            if pct { b.push(b'%') } else { Ok(()) }
        })?;
        return Ok(());
    }
    let alt = spec.alternate;
    // Decide the mantissa source and its treatment.
    let mut repr_buf = [0u8; 48];
    let (src, sci, strip, add_dot0): (Source<'_>, bool, bool, bool) = match ty {
        None if spec.precision.is_none() => {
            let d = if is_f32 {
                Decimal::shortest_f32(v as f32)
            } else {
                Decimal::shortest_f64(v)
            };
            let mut sw = SliceWriter::new(&mut repr_buf);
            {
                let mut b = Batch::new(&mut sw);
                write_decimal_repr(&mut b, &d)?;
                b.flush()?;
            }
            let n = sw.len();
            debug_assert_eq!(n, decimal_repr_len(&d));
            let sci = !(-4..16).contains(&d.exp);
            let text = core::str::from_utf8(&repr_buf[..n]).map_err(|_| fmt::Error)?;
            (Source::Text(text), sci, false, false)
        }
        Some('e' | 'E') => (
            Source::Sci(spec.precision.unwrap_or(6), v),
            true,
            false,
            false,
        ),
        Some('f' | 'F' | '%') => (
            Source::Fixed(spec.precision.unwrap_or(6), v),
            false,
            false,
            false,
        ),
        _ => {
            // 'g', 'G', 'n', or no type with a precision.
            let none = ty.is_none();
            let p = spec.precision.unwrap_or(6).max(1);
            let x_exp = Scan::of(Source::Sci(p - 1, v)).exponent();
            let switch = if none { p as i64 - 1 } else { p as i64 };
            if x_exp < -4 || x_exp as i64 >= switch {
                (Source::Sci(p - 1, v), true, !alt, false)
            } else {
                (
                    Source::Fixed((p as i64 - 1 - x_exp as i64) as usize, v),
                    false,
                    !alt,
                    none,
                )
            }
        }
    };
    let scan = Scan::of(src);
    if spec.no_neg_zero && !scan.nonzero {
        neg = false;
    }
    let int_len = scan.int_len();
    let limit = scan.limit(strip);
    let has_point = limit > int_len;
    let extra_point = alt && !has_point;
    let dot0 = add_dot0 && !has_point && !sci;
    let exp = scan.exponent();
    let rest_len = (limit - int_len)
        + extra_point as usize
        + 2 * dot0 as usize
        + if sci { exp_len(exp) } else { 0 }
        + pct as usize;
    let group = spec.grouping.map(|g| (g.char(), 3));
    let layout = NumberLayout {
        sign: sign_str(neg, spec.sign),
        prefix: "",
        n_int: int_len,
        min_digits: 0,
        group,
        rest_len,
    };
    layout.write(w, pad, |b| {
        let mut f = Filter {
            b,
            i: 0,
            limit,
            int_len,
            group: Grouper::new(int_len, group),
            in_exp: false,
        };
        src.emit(&mut f)?;
        let b = f.b;
        if extra_point {
            b.push(b'.')?;
        }
        if dot0 {
            b.str(".0")?;
        }
        if sci {
            write_exponent(b, exp, if upper { b'E' } else { b'e' })?;
        }
        if pct {
            b.push(b'%')?;
        }
        Ok(())
    })?;
    Ok(())
}
