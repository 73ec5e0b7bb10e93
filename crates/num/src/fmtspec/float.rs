//! Applying a format spec to a `float`.
//!
//! Digits are exact: `{:.N}` and `{:.Ne}` print the correctly rounded
//! decimal value (ties to even on the exact binary value) for any `N`, and
//! the default form uses the shortest digits that round-trip (for the
//! boards' 30-bit floats: that read back as the stored value, see
//! [`StoredF32`]). For `f64` they come from `core::fmt`; for `f32` (the
//! boards' float) from the crate's own integer-only code
//! ([`crate::float::Exact`]), so that a board image links none of `core`'s
//! float formatting. The mantissa text is streamed twice: once into a
//! scanner that measures it (for padding, grouping and trailing-zero
//! removal), then through a filter into the destination, so arbitrarily
//! large precisions need no buffer.

use super::int::sign_str;
use super::parse::FormatSpec;
use super::{FormatResult, Grouper, NumberLayout, SpecError};
use crate::float::repr::{decimal_repr_len, write_decimal_repr, write_exponent};
use crate::float::{Decimal, Exact, StoredF32};
use crate::util::{Batch, SliceWriter};
use core::fmt::{self, Write};

/// A float width the formatter handles: its sign and class, the shortest
/// digits, and exact fixed and scientific text in `core`'s layout
/// (`123.450`, `1.2345e-7`).
trait FloatText: Copy {
    /// What the exact digits are made from, computed once per format.
    type Exact: Copy;
    fn is_nan(self) -> bool;
    fn is_finite(self) -> bool;
    fn is_sign_negative(self) -> bool;
    /// `|x|`, times 100 for `%`.
    fn magnitude(self, percent: bool) -> Self;
    fn shortest(self) -> Decimal;
    fn exact(self) -> Self::Exact;
    fn write_fixed(e: &Self::Exact, w: &mut dyn Write, precision: usize) -> fmt::Result;
    fn write_sci(e: &Self::Exact, w: &mut dyn Write, precision: usize) -> fmt::Result;
}

impl FloatText for f64 {
    type Exact = f64;
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
    fn is_sign_negative(self) -> bool {
        f64::is_sign_negative(self)
    }
    fn magnitude(self, percent: bool) -> f64 {
        if percent {
            self.abs() * 100.0
        } else {
            self.abs()
        }
    }
    fn shortest(self) -> Decimal {
        Decimal::shortest_f64(self)
    }
    fn exact(self) -> f64 {
        self
    }
    fn write_fixed(v: &f64, w: &mut dyn Write, p: usize) -> fmt::Result {
        write!(w, "{v:.p$}")
    }
    fn write_sci(v: &f64, w: &mut dyn Write, p: usize) -> fmt::Result {
        write!(w, "{v:.p$e}")
    }
}

/// The boards' floats: an `f32` value whose shortest digits are those that
/// read back as the same stored value (see [`StoredF32`]).
impl FloatText for StoredF32 {
    type Exact = Exact;
    fn is_nan(self) -> bool {
        self.value().is_nan()
    }
    fn is_finite(self) -> bool {
        self.value().is_finite()
    }
    fn is_sign_negative(self) -> bool {
        self.value().is_sign_negative()
    }
    fn magnitude(self, percent: bool) -> StoredF32 {
        if percent {
            // A new f32, not a stored one (only its exact digits are used).
            StoredF32::exact(self.value().abs() * 100.0)
        } else {
            self.abs()
        }
    }
    fn shortest(self) -> Decimal {
        StoredF32::shortest(self)
    }
    fn exact(self) -> Exact {
        Exact::of(self.value())
    }
    fn write_fixed(e: &Exact, w: &mut dyn Write, p: usize) -> fmt::Result {
        e.write_fixed(w, p)
    }
    fn write_sci(e: &Exact, w: &mut dyn Write, p: usize) -> fmt::Result {
        e.write_sci(w, p)
    }
}

/// Where the mantissa text comes from.
enum Source<'a, F: FloatText> {
    /// `{:.N}` of the value.
    Fixed(usize, &'a F::Exact),
    /// `{:.Ne}` of the value.
    Sci(usize, &'a F::Exact),
    /// Pre-rendered text (shortest repr).
    Text(&'a str),
}

impl<F: FloatText> Clone for Source<'_, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: FloatText> Copy for Source<'_, F> {}

/// Precision beyond which every further digit of a float's exact decimal
/// value is zero: an `f64` has at most 1074 fractional digits (767
/// significant), an `f32` 149. `core::fmt` panics on a precision above
/// `u16::MAX`, so larger ones are written as this many digits and then a
/// run of zeros.
const EXACT_DIGITS: usize = 1100;

/// A destination of mantissa text that takes a run of zeros at once, so
/// that a huge precision (`{:.2000000000f}`) costs no time where only its
/// length matters.
trait MantissaSink: Write {
    /// Writes `n` fractional zeros.
    fn zero_run(&mut self, n: usize) -> fmt::Result;
}

/// Passes scientific text through, inserting a run of zeros before the
/// exponent.
struct ZerosBeforeExponent<'w> {
    w: &'w mut dyn MantissaSink,
    zeros: usize,
}

impl Write for ZerosBeforeExponent<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match s.find(['e', 'E']) {
            Some(at) if self.zeros > 0 => {
                self.w.write_str(&s[..at])?;
                self.w.zero_run(core::mem::take(&mut self.zeros))?;
                self.w.write_str(&s[at..])
            }
            _ => self.w.write_str(s),
        }
    }
}

impl<F: FloatText> Source<'_, F> {
    fn emit(&self, w: &mut dyn MantissaSink) -> fmt::Result {
        match *self {
            Source::Fixed(p, e) => {
                F::write_fixed(e, w, p.min(EXACT_DIGITS))?;
                w.zero_run(p.saturating_sub(EXACT_DIGITS))
            }
            Source::Sci(p, e) => {
                let mut split = ZerosBeforeExponent {
                    w,
                    zeros: p.saturating_sub(EXACT_DIGITS),
                };
                F::write_sci(e, &mut split, p.min(EXACT_DIGITS))
            }
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

impl MantissaSink for Scan {
    fn zero_run(&mut self, n: usize) -> fmt::Result {
        self.n = self.n.saturating_add(n);
        Ok(())
    }
}

impl Scan {
    fn of<F: FloatText>(src: Source<'_, F>) -> Scan {
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
struct Filter<'x, 'b> {
    b: &'x mut Batch<'b>,
    i: usize,
    limit: usize,
    int_len: usize,
    group: Grouper,
    in_exp: bool,
}

impl Write for Filter<'_, '_> {
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

impl MantissaSink for Filter<'_, '_> {
    fn zero_run(&mut self, n: usize) -> fmt::Result {
        // Only fractional zeros come in runs: no grouping. Past `limit`
        // they are dropped, as single ones are.
        let shown = n.min(self.limit.saturating_sub(self.i));
        self.b.repeat('0', shown)?;
        self.i = self.i.saturating_add(n);
        Ok(())
    }
}

/// Length of `e+XX` for an exponent.
fn exp_len(e: i32) -> usize {
    if e.unsigned_abs() >= 100 { 5 } else { 4 }
}

/// `format(x, spec)` for a `float`: types `e E f F g G n %` and none.
pub fn format_float<W: Write + ?Sized>(w: &mut W, spec: &FormatSpec, x: f64) -> FormatResult {
    format_impl(w, spec, x)
}

/// `format(x, spec)` for an `f32`-precision float (32-bit boards): like
/// [`format_float`] on the exact value, except that the default (no type,
/// no precision) form uses the shortest digits that round-trip at `f32`
/// precision, and `%` multiplies by 100 in `f32`. Integer arithmetic only:
/// no `core` float formatting is linked.
pub fn format_f32<W: Write + ?Sized>(w: &mut W, spec: &FormatSpec, x: f32) -> FormatResult {
    format_impl(w, spec, StoredF32::exact(x))
}

/// [`format_f32`] for a float stored with fewer bits than an `f32` (the
/// boards' 30-bit floats): the default form uses the shortest digits that
/// read back as the same stored value, as [`write_repr_stored_f32`] does;
/// the other forms use the exact value.
///
/// [`write_repr_stored_f32`]: crate::float::write_repr_stored_f32
pub fn format_stored_f32<W: Write + ?Sized>(
    w: &mut W,
    spec: &FormatSpec,
    x: StoredF32,
) -> FormatResult {
    format_impl(w, spec, x)
}

fn format_impl<W: Write + ?Sized, F: FloatText>(
    w: &mut W,
    spec: &FormatSpec,
    x: F,
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
    let v = x.magnitude(pct);
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
    // Exact digits only when a precision asks for them (the f32 ones cost a
    // big-integer expansion).
    let exact;
    let (src, sci, strip, add_dot0): (Source<'_, F>, bool, bool, bool) = match ty {
        None if spec.precision.is_none() => {
            let d = v.shortest();
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
        Some('e' | 'E') => {
            exact = v.exact();
            (
                Source::Sci(spec.precision.unwrap_or(6), &exact),
                true,
                false,
                false,
            )
        }
        Some('f' | 'F' | '%') => {
            exact = v.exact();
            (
                Source::Fixed(spec.precision.unwrap_or(6), &exact),
                false,
                false,
                false,
            )
        }
        _ => {
            exact = v.exact();
            // 'g', 'G', 'n', or no type with a precision.
            let none = ty.is_none();
            let p = spec.precision.unwrap_or(6).max(1);
            let x_exp = Scan::of(Source::<F>::Sci(p - 1, &exact)).exponent();
            let switch = if none { p as i64 - 1 } else { p as i64 };
            if x_exp < -4 || x_exp as i64 >= switch {
                (Source::Sci(p - 1, &exact), true, !alt, false)
            } else {
                (
                    Source::Fixed((p as i64 - 1 - x_exp as i64) as usize, &exact),
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
