//! The wall-clock calendar of `time`: `gmtime`/`localtime` (UTC) and
//! `mktime`, in the proleptic Gregorian calendar. The `time-calendar`
//! feature (MicroPython's micro:bit port has none of it).

use pyrite_obj::types::exc;
use pyrite_obj::types::tuple::{Tuple, new_tuple};
use pyrite_obj::{Args, PyResult, Rt, Value};

use super::tick_arg;
use crate::stdlib::{check_args, int_value, is_int, to_float, to_i64, type_name};
use crate::vm::Vm;

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

pub(super) fn t_gmtime(vm: &Vm, args: Args<'_>) -> PyResult {
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
pub(super) fn t_mktime(vm: &Vm, args: Args<'_>) -> PyResult {
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
