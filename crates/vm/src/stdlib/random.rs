//! `random` (`urandom`): a small pseudo-random generator (SplitMix64: one
//! 64-bit word of state) with MicroPython's functions — `getrandbits`,
//! `seed`, `random`, `uniform`, `randrange`, `randint`, `choice` — plus
//! CPython's `shuffle`.
//!
//! Until `seed()` is called the generator is seeded from the port's clock
//! (see [`Vm::set_clock`]); `seed(n)` makes the sequence repeatable (it is
//! not CPython's Mersenne Twister sequence).

use pyrite_obj::types::exc;
use pyrite_obj::types::list::List;
use pyrite_obj::{Args, BinaryOp, Float, PyResult, Rt, Value, q};

use super::{check_args, int_value, is_int, set_vm_fns, to_float, to_i64};
use crate::vm::Vm;

/// Added to the state at every step (the golden ratio in fixed point).
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// Scrambles a seed so that nearby seeds give unrelated sequences.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Vm {
    /// The next 64 random bits (seeding from the clock on first use).
    fn rand_u64(&self) -> u64 {
        let mut s = self.stdlib.rng.get();
        if s == 0 {
            s = mix(self.clock_ns() ^ self.clock_us().rotate_left(32) ^ GAMMA);
        }
        s = s.wrapping_add(GAMMA);
        self.stdlib.rng.set(s);
        mix(s)
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias.
    fn rand_below(&self, n: u64) -> u64 {
        // Reject the top partial copy of `0..n` in the 64-bit range.
        let zone = u64::MAX - (u64::MAX - n + 1) % n;
        loop {
            let r = self.rand_u64();
            if r <= zone {
                return r % n;
            }
        }
    }

    /// A float in `[0, 1)` with as many random bits as a float value holds
    /// (53 on hosts; 22 on the boards, whose floats keep 21 stored mantissa
    /// bits, so that the result never rounds up to 1.0).
    fn rand_float(&self) -> Float {
        let bits: u32 = if cfg!(target_pointer_width = "64") {
            53
        } else {
            22
        };
        let r = self.rand_u64() >> (64 - bits);
        (r as f64 / (1u64 << bits) as f64) as Float
    }
}

fn r_seed(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "seed", &args, 0, 1)?;
    let s = match args.pos.first() {
        None => vm.clock_ns() ^ vm.clock_us().rotate_left(32),
        Some(v) if v.is_none() => vm.clock_ns() ^ vm.clock_us().rotate_left(32),
        Some(&v) if is_int(rt, v) => match to_i64(rt, v) {
            Ok(i) => i as u64,
            Err(_) => rt.hash(v)? as u64,
        },
        Some(&v) => rt.hash(v)? as u64,
    };
    // Never 0, which means "not seeded yet".
    vm.stdlib.rng.set(mix(s ^ GAMMA) | 1);
    Ok(Value::NONE)
}

fn r_getrandbits(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "getrandbits", &args, 1, 1)?;
    let k = to_i64(rt, args.pos[0])?;
    if k < 0 {
        return Err(rt.value_error(format_args!("number of bits must be non-negative")));
    }
    if k <= 62 {
        let r = if k == 0 { 0 } else { vm.rand_u64() >> (64 - k) };
        return int_value(rt, r as i64);
    }
    // Wider: 32 bits at a time, most significant first.
    let mut acc = Value::small_int_unchecked(0);
    let mut left = k;
    while left > 0 {
        let take = left.min(32);
        let chunk = int_value(rt, (vm.rand_u64() >> (64 - take)) as i64)?;
        acc = rt.binary_op(BinaryOp::Lshift, acc, int_value(rt, take)?)?;
        acc = rt.binary_op(BinaryOp::Or, acc, chunk)?;
        left -= take;
    }
    Ok(acc)
}

fn r_random(vm: &Vm, args: Args<'_>) -> PyResult {
    check_args(vm.rt(), "random", &args, 0, 0)?;
    Ok(Value::float(vm.rand_float()))
}

fn r_uniform(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "uniform", &args, 2, 2)?;
    let a = to_float(rt, args.pos[0])?;
    let b = to_float(rt, args.pos[1])?;
    Ok(Value::float(a + (b - a) * vm.rand_float()))
}

/// An integer argument of `randrange` (CPython's message for others).
fn range_arg(rt: &Rt, v: Value, which: usize) -> PyResult<i64> {
    if !is_int(rt, v) {
        return Err(rt.value_error(format_args!("non-integer arg {which} for randrange()")));
    }
    to_i64(rt, v)
}

/// `randrange(start, stop, step)` over i64.
fn randrange(vm: &Vm, start: i64, stop: i64, step: i64) -> PyResult {
    let rt = vm.rt();
    if step == 0 {
        return Err(rt.value_error(format_args!("zero step for randrange()")));
    }
    // In `i64` when the bounds allow (always for the boards' 31-bit small
    // ints, and then their images have no 128-bit division); 64-bit hosts
    // take wider bounds in `i128`.
    let toward = if step > 0 { step - 1 } else { step + 1 };
    let fast = stop
        .checked_sub(start)
        .and_then(|width| width.checked_add(toward))
        .and_then(|w| w.checked_div_euclid(step));
    let n = match fast {
        Some(n) => n as i128,
        None if cfg!(target_pointer_width = "64") => {
            let width = stop as i128 - start as i128;
            (width + toward as i128).div_euclid(step as i128)
        }
        None => {
            return Err(rt.error(
                &exc::OVERFLOW_ERROR,
                format_args!("randrange() range too wide"),
            ));
        }
    };
    if n <= 0 {
        // The width in `i128` only where it can exceed `i64`: the boards'
        // images then link no 128-bit integer formatting.
        #[cfg(target_pointer_width = "64")]
        let width = stop as i128 - start as i128;
        #[cfg(not(target_pointer_width = "64"))]
        let width = stop.saturating_sub(start);
        return Err(rt.value_error(format_args!(
            "empty range for randrange() ({start}, {stop}, {width})"
        )));
    }
    let n = u64::try_from(n).unwrap_or(u64::MAX);
    let k = vm.rand_below(n);
    // `start + k * step` lies in the range, so it fits `i64`.
    int_value(rt, start.wrapping_add((k as i64).wrapping_mul(step)))
}

fn r_randrange(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "randrange", &args, 1, 3)?;
    let p = args.pos;
    match p.len() {
        1 => {
            let stop = range_arg(rt, p[0], 1)?;
            if stop <= 0 {
                return Err(rt.value_error(format_args!("empty range for randrange()")));
            }
            randrange(vm, 0, stop, 1)
        }
        2 => randrange(vm, range_arg(rt, p[0], 1)?, range_arg(rt, p[1], 2)?, 1),
        _ => randrange(
            vm,
            range_arg(rt, p[0], 1)?,
            range_arg(rt, p[1], 2)?,
            range_arg(rt, p[2], 3)?,
        ),
    }
}

fn r_randint(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "randint", &args, 2, 2)?;
    let a = range_arg(rt, args.pos[0], 1)?;
    let b = range_arg(rt, args.pos[1], 2)?;
    randrange(vm, a, b.saturating_add(1), 1)
}

fn r_choice(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "choice", &args, 1, 1)?;
    let seq = args.pos[0];
    let n = rt.len(seq)?;
    if n == 0 {
        return Err(rt.error(
            &exc::INDEX_ERROR,
            format_args!("Cannot choose from an empty sequence"),
        ));
    }
    let i = vm.rand_below(n as u64) as i64;
    rt.subscr(seq, int_value(rt, i)?, pyrite_obj::object::SubscrOp::Load)
}

/// `shuffle(list)`: Fisher–Yates, in place.
fn r_shuffle(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    check_args(rt, "shuffle", &args, 1, 1)?;
    let Some(l) = rt.downcast::<List>(args.pos[0]) else {
        return Err(rt.type_error(format_args!(
            "shuffle() argument must be a list, not {}",
            super::type_name(rt, args.pos[0])
        )));
    };
    let n = l.len();
    for i in (1..n).rev() {
        let j = vm.rand_below(i as u64 + 1) as usize;
        if let (Some(a), Some(b)) = (l.get(i), l.get(j)) {
            l.set(i, b);
            l.set(j, a);
        }
    }
    Ok(Value::NONE)
}

/// Fills the `random` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    set_vm_fns(
        vm,
        dict,
        &[
            (q::seed, r_seed),
            (q::getrandbits, r_getrandbits),
            (q::random, r_random),
            (q::uniform, r_uniform),
            (q::randrange, r_randrange),
            (q::randint, r_randint),
            (q::choice, r_choice),
            (q::shuffle, r_shuffle),
        ],
    )
}
