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
//!
//! The wall-clock part (`time`, `time_ns`, `gmtime`, `localtime`,
//! `mktime`) is the `time-calendar` feature: MicroPython's micro:bit port
//! has only sleeping and ticks, and so has a board built without it.
//! `time()` is a float on 64-bit hosts (as CPython's) and an int on the
//! 32-bit boards (as MicroPython's there: a single-precision float cannot
//! hold seconds since 1970 to the second). `localtime`/`gmtime` return
//! MicroPython's 8-tuple `(year, month, mday, hour, minute, second,
//! weekday, yearday)` in UTC.

#[cfg(feature = "time-calendar")]
use pyrite_obj::Float;
use pyrite_obj::types::exc;
#[cfg(feature = "time-calendar")]
use pyrite_obj::types::num;
use pyrite_obj::{Args, PyResult, Rt, Value, q};

use super::{check_args, int_value, is_int, set_vm_fns, to_float, to_i64, type_name};
use crate::vm::Vm;

#[cfg(feature = "time-calendar")]
mod calendar;
#[cfg(feature = "time-calendar")]
use calendar::{t_gmtime, t_mktime};

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

#[cfg(feature = "time-calendar")]
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

#[cfg(feature = "time-calendar")]
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
    // In the build's own float type: single precision on the boards, whose
    // error (under a microsecond per second) does not matter to a sleep,
    // and no double-precision library code.
    let us = (s * 1e6) as u64;
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

/// `ticks_add(ticks, delta)`: `delta` must lie strictly between
/// `-TICKS_PERIOD/2` and `TICKS_PERIOD/2`, as MicroPython's, so that
/// `ticks_diff` gives back both `delta` and `-delta`.
fn t_ticks_add(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "ticks_add", &args, 2, 2)?;
    let t = tick_arg(rt, args.pos[0])?;
    let delta = tick_arg(rt, args.pos[1]).unwrap_or(i64::MAX);
    if !(1 - TICKS_HALF..TICKS_HALF).contains(&delta) {
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

/// Fills the `time` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    set_vm_fns(
        vm,
        dict,
        &[
            #[cfg(feature = "time-calendar")]
            (q::time, t_time),
            #[cfg(feature = "time-calendar")]
            (q::time_ns, t_time_ns),
            (q::sleep, t_sleep),
            (q::sleep_ms, t_sleep_ms),
            (q::sleep_us, t_sleep_us),
            (q::ticks_ms, t_ticks_ms),
            (q::ticks_us, t_ticks_us),
            (q::ticks_cpu, t_ticks_cpu),
            (q::ticks_add, t_ticks_add),
            (q::ticks_diff, t_ticks_diff),
            #[cfg(feature = "time-calendar")]
            (q::gmtime, t_gmtime),
            #[cfg(feature = "time-calendar")]
            (q::localtime, t_gmtime),
            #[cfg(feature = "time-calendar")]
            (q::mktime, t_mktime),
        ],
    )
}
