//! `time` (`utime`): wall-clock time, sleeping, and MicroPython's
//! wrap-around millisecond/microsecond tick counters.
//!
//! The clock is the port's ([`Vm::set_clock`] with [`ClockHooks`]). Without
//! one, a virtual clock stands in: it starts at 0 and advances only when
//! the program sleeps, so code that times itself still runs (and runs
//! deterministically).
//!
//! Ticks wrap at 2**30 on every target (`ticks_add`/`ticks_diff` do the
//! modular arithmetic), so tick values are small ints everywhere.
//! `time()` is a float on 64-bit hosts (as CPython's) and an int on the
//! 32-bit boards (as MicroPython's there: a single-precision float cannot
//! hold seconds since 1970 to the second). `localtime`/`gmtime` return
//! MicroPython's 8-tuple `(year, month, mday, hour, minute, second,
//! weekday, yearday)` in UTC.

use pyrite_obj::types::exc;
use pyrite_obj::types::num;
use pyrite_obj::types::tuple::{Tuple, new_tuple};
use pyrite_obj::{Args, Float, PyResult, Rt, Value, q};

use super::{check_args, int_value, is_int, set_vm_fns, to_float, to_i64, type_name};
use crate::vm::Vm;

/// The port's clock, given to [`Vm::set_clock`].
#[derive(Clone, Copy, Debug)]
pub struct ClockHooks {
    /// A monotonic count of microseconds from an arbitrary start.
    pub ticks_us: fn() -> u64,
    /// Nanoseconds since the Unix epoch (1970-01-01 UTC), if the port has a
    /// wall clock; otherwise time counts from the start of `ticks_us`.
    pub time_ns: Option<fn() -> u64>,
    /// Blocks for about this many microseconds. Long sleeps are split into
    /// slices of at most 10 ms, between which `KeyboardInterrupt` is checked.
    pub sleep_us: fn(u64),
    /// A CPU cycle counter for `ticks_cpu()`, if there is one (otherwise
    /// `ticks_cpu` counts microseconds).
    pub ticks_cpu: Option<fn() -> u64>,
}

impl Vm {
    /// Sets the clock behind the `time` module (and the default seed of
    /// `random`).
    pub fn set_clock(&self, hooks: ClockHooks) {
        self.stdlib.clock.set(Some(hooks));
    }

    /// Monotonic microseconds (the virtual clock without a port clock).
    pub(crate) fn clock_us(&self) -> u64 {
        match self.stdlib.clock.get() {
            Some(c) => (c.ticks_us)(),
            None => self.stdlib.virtual_us.get(),
        }
    }

    /// Nanoseconds since the epoch.
    pub(crate) fn clock_ns(&self) -> u64 {
        match self.stdlib.clock.get() {
            Some(ClockHooks {
                time_ns: Some(f), ..
            }) => f(),
            _ => self.clock_us().saturating_mul(1000),
        }
    }

    /// Sleeps `us` microseconds, raising `KeyboardInterrupt` if the port
    /// signals one meanwhile.
    fn stdlib_sleep_us(&self, us: u64) -> PyResult<()> {
        match self.stdlib.clock.get() {
            Some(c) => {
                let mut left = us;
                loop {
                    // Scheduled callbacks (timers) run while sleeping.
                    if self.pending() {
                        self.handle_pending()?;
                    }
                    if left == 0 {
                        return Ok(());
                    }
                    let step = left.min(10_000);
                    (c.sleep_us)(step);
                    left -= step;
                }
            }
            None => {
                let t = self.stdlib.virtual_us.get();
                self.stdlib.virtual_us.set(t.saturating_add(us));
                if self.pending() {
                    self.handle_pending()?;
                }
                Ok(())
            }
        }
    }
}

/// Ticks wrap at this period (a power of two).
const TICKS_PERIOD: i64 = 1 << 30;
const TICKS_MAX: i64 = TICKS_PERIOD - 1;
const TICKS_HALF: i64 = TICKS_PERIOD / 2;

fn ticks(rt: &Rt, n: u64) -> PyResult {
    int_value(rt, (n & TICKS_MAX as u64) as i64)
}

fn t_time(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "time", &args, 0, 0)?;
    let ns = vm.clock_ns();
    if cfg!(target_pointer_width = "64") {
        Ok(Value::float((ns as f64 / 1e9) as Float))
    } else {
        int_value(rt, (ns / 1_000_000_000) as i64)
    }
}

fn t_time_ns(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "time_ns", &args, 0, 0)?;
    num::int_from_u64(rt, vm.clock_ns())
}

fn t_sleep(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "sleep", &args, 1, 1)?;
    let s = to_float(rt, args.pos[0])?;
    if s.is_nan() {
        return Err(rt.value_error(format_args!("Invalid value NaN (not a number)")));
    }
    if s < 0.0 {
        return Err(rt.value_error(format_args!("sleep length must be non-negative")));
    }
    let us = (s as f64 * 1e6) as u64;
    vm.stdlib_sleep_us(us)?;
    Ok(Value::NONE)
}

/// A non-negative integer count for `sleep_ms`/`sleep_us` (negative sleeps
/// return at once, as in MicroPython).
fn count_arg(rt: &Rt, v: Value) -> PyResult<u64> {
    if !is_int(rt, v) {
        return Err(rt.type_error(format_args!("can't convert {} to int", type_name(rt, v))));
    }
    Ok(to_i64(rt, v)?.max(0) as u64)
}

fn t_sleep_ms(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "sleep_ms", &args, 1, 1)?;
    let ms = count_arg(rt, args.pos[0])?;
    vm.stdlib_sleep_us(ms.saturating_mul(1000))?;
    Ok(Value::NONE)
}

fn t_sleep_us(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "sleep_us", &args, 1, 1)?;
    let us = count_arg(rt, args.pos[0])?;
    vm.stdlib_sleep_us(us)?;
    Ok(Value::NONE)
}

fn t_ticks_ms(vm: &Vm, args: Args<'_>) -> PyResult {
    check_args(vm.rt(), "ticks_ms", &args, 0, 0)?;
    ticks(vm.rt(), vm.clock_us() / 1000)
}

fn t_ticks_us(vm: &Vm, args: Args<'_>) -> PyResult {
    check_args(vm.rt(), "ticks_us", &args, 0, 0)?;
    ticks(vm.rt(), vm.clock_us())
}

fn t_ticks_cpu(vm: &Vm, args: Args<'_>) -> PyResult {
    check_args(vm.rt(), "ticks_cpu", &args, 0, 0)?;
    let n = match vm.stdlib.clock.get() {
        Some(ClockHooks {
            ticks_cpu: Some(f), ..
        }) => f(),
        _ => vm.clock_us(),
    };
    ticks(vm.rt(), n)
}

fn tick_arg(rt: &Rt, v: Value) -> PyResult<i64> {
    if !is_int(rt, v) {
        return Err(rt.type_error(format_args!("can't convert {} to int", type_name(rt, v))));
    }
    to_i64(rt, v)
}

/// `ticks_add(ticks, delta)`: `delta` must lie in `-TICKS_PERIOD/2 ..
/// TICKS_PERIOD/2`.
fn t_ticks_add(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "ticks_add", &args, 2, 2)?;
    let t = tick_arg(rt, args.pos[0])?;
    let delta = tick_arg(rt, args.pos[1]).unwrap_or(i64::MAX);
    if !(-TICKS_HALF..TICKS_HALF).contains(&delta) {
        return Err(rt.error(
            &exc::OVERFLOW_ERROR,
            format_args!("ticks interval overflow"),
        ));
    }
    int_value(rt, t.wrapping_add(delta) & TICKS_MAX)
}

/// `ticks_diff(end, start)`: the signed difference, in
/// `-TICKS_PERIOD/2 .. TICKS_PERIOD/2`.
fn t_ticks_diff(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "ticks_diff", &args, 2, 2)?;
    let end = tick_arg(rt, args.pos[0])?;
    let start = tick_arg(rt, args.pos[1])?;
    let d = (end.wrapping_sub(start).wrapping_add(TICKS_HALF) & TICKS_MAX) - TICKS_HALF;
    int_value(rt, d)
}

// ----- calendar ------------------------------------------------------------------

/// Days from 1970-01-01 to `y-m-d` (proleptic Gregorian; `m` in 1..=12).
fn days_from_civil(y: i64, m: i32, d: i32) -> i64 {
    // Count from March, so the leap day ends the year. Only the era needs
    // 64 bits: within it the numbers are small (32-bit division on the
    // boards).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = (y - era * 400) as i32; // 0..=399
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + i64::from(doe) - 719_468
}

/// `(year, month, day)` of a day counted from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = (z - era * 146_097) as i32; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = i64::from(yoe) + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

#[cfg(test)]
fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// `gmtime(secs)`: MicroPython's 8-tuple.
fn broken_down(rt: &Rt, secs: i64) -> PyResult {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as i32;
    let (y, m, d) = civil_from_days(days);
    // 1970-01-01 was a Thursday (weekday 3, Monday being 0).
    let wday = (days + 3).rem_euclid(7);
    let yday = days - days_from_civil(y, 1, 1) + 1;
    let items = [
        y,
        m.into(),
        d.into(),
        (rem / 3600).into(),
        (rem / 60 % 60).into(),
        (rem % 60).into(),
        wday,
        yday,
    ];
    let mut vals = [Value::NONE; 8];
    for (v, i) in vals.iter_mut().zip(items) {
        *v = int_value(rt, i)?;
    }
    new_tuple(rt, &vals)
}

fn t_gmtime(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "gmtime", &args, 0, 1)?;
    let secs = match args.pos.first() {
        None => (vm.clock_ns() / 1_000_000_000) as i64,
        Some(v) if v.is_none() => (vm.clock_ns() / 1_000_000_000) as i64,
        Some(&v) if is_int(rt, v) => to_i64(rt, v)?,
        Some(&v) => {
            let f = to_float(rt, v)? as f64;
            if !f.is_finite() {
                return Err(rt.error(
                    &exc::OVERFLOW_ERROR,
                    format_args!("timestamp out of range for platform time_t"),
                ));
            }
            libm::floor(f) as i64
        }
    };
    // Keep the year arithmetic far from overflow.
    if secs.unsigned_abs() > 1 << 52 {
        return Err(rt.error(
            &exc::OVERFLOW_ERROR,
            format_args!("timestamp out of range for platform time_t"),
        ));
    }
    broken_down(rt, secs)
}

/// `mktime(tuple)`: the inverse of `localtime` (fields out of range are
/// normalised, as in MicroPython).
fn t_mktime(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "mktime", &args, 1, 1)?;
    let Some(t) = rt.downcast::<Tuple>(args.pos[0]) else {
        return Err(rt.type_error(format_args!(
            "mktime(): argument must be a tuple, not {}",
            type_name(rt, args.pos[0])
        )));
    };
    let items = t.items();
    if items.len() < 8 || items.len() > 9 {
        return Err(rt.type_error(format_args!("mktime needs a tuple of length 8 or 9")));
    }
    let mut f = [0i64; 6];
    for (slot, &v) in f.iter_mut().zip(items) {
        // Far beyond any calendar, but small enough that nothing overflows.
        *slot = tick_arg(rt, v)?.clamp(-(1 << 40), 1 << 40);
    }
    let [y, mo, d, h, mi, s] = f;
    let y = y + (mo - 1).div_euclid(12);
    let mo = (mo - 1).rem_euclid(12) + 1;
    // `mo` is 1..=12.
    // Each field is within 2**40: all but the last product fit `i64`.
    let days = days_from_civil(y, mo as i32, 1) + d - 1;
    let secs = i128::from(days) * 86_400 + i128::from(h * 3600 + mi * 60 + s);
    match i64::try_from(secs) {
        Ok(secs) => int_value(rt, secs),
        Err(_) => Err(rt.error(
            &exc::OVERFLOW_ERROR,
            format_args!("mktime argument out of range"),
        )),
    }
}

/// Fills the `time` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    set_vm_fns(
        vm,
        dict,
        &[
            (q::time, t_time),
            (q::time_ns, t_time_ns),
            (q::sleep, t_sleep),
            (q::sleep_ms, t_sleep_ms),
            (q::sleep_us, t_sleep_us),
            (q::ticks_ms, t_ticks_ms),
            (q::ticks_us, t_ticks_us),
            (q::ticks_cpu, t_ticks_cpu),
            (q::ticks_add, t_ticks_add),
            (q::ticks_diff, t_ticks_diff),
            (q::gmtime, t_gmtime),
            (q::localtime, t_gmtime),
            (q::mktime, t_mktime),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [
            -800_000, -1, 0, 1, 59, 365, 10_957, 11_016, 19_000, 2_000_000,
        ] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(10_957), (2000, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert!(is_leap(2000) && !is_leap(1900));
    }
}
