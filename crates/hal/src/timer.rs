//! `machine.Timer`: a hardware timer whose callback is scheduled (run by the
//! VM between bytecodes, with the heap usable), never run in the interrupt.

use core::cell::Cell;

use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, Type};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::NativeFn;
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Sink, Value, q, rom_method};

use crate::board::{Board, Features, HalError};
use crate::irq::{self, Callback, Source};
use crate::machine::board;
use crate::util::{
    constant, given, hal_error, hal_type, int_arg, int_in, new_obj, parse_args, print_fmt, sorted,
};

/// `Timer.ONE_SHOT` / `Timer.PERIODIC`.
const ONE_SHOT: i32 = 0;
const PERIODIC: i32 = 1;

#[repr(C)]
pub(crate) struct TimerObj {
    header: ObjHeader,
    id: usize,
    /// The callback (`None` when unset); also in the interrupt table.
    callback: Cell<Value>,
    period_us: Cell<u64>,
    periodic: Cell<bool>,
}

// SAFETY: `#[repr(C)]` with the header first; `TIMER_TYPE` owns the layout.
unsafe impl Object for TimerObj {
    const TYPE: &'static Type = &TIMER_TYPE;
}

fn err(rt: &Rt, id: usize, e: HalError) -> Exc {
    hal_error(rt, e, format_args!("Timer({id})"))
}

fn timer_obj(rt: &Rt, this: Value) -> PyResult<&TimerObj> {
    rt.downcast::<TimerObj>(this)
        .ok_or_else(|| rt.type_error(format_args!("expecting a Timer")))
}

const INIT_NAMES: [Qstr; 5] = [q::mode, q::freq, q::period, q::callback, q::tick_hz];

/// A frequency in Hz (int or float) as a period in microseconds.
fn freq_period_us(rt: &Rt, v: Value) -> PyResult<u64> {
    let hz = match v.as_float() {
        Some(f) => f as f64,
        None => int_arg(rt, v)? as f64,
    };
    if hz.is_nan() || hz <= 0.0 || hz > 1_000_000.0 {
        return Err(rt.value_error(format_args!("freq out of range")));
    }
    Ok((1_000_000.0 / hz + 0.5) as u64)
}

/// `init(*, mode=PERIODIC, freq=-1, period=-1, callback=None, tick_hz=1000)`.
fn init_timer(rt: &Rt, b: &dyn Board, this: Value, vals: [Value; 5]) -> PyResult<()> {
    let t = timer_obj(rt, this)?;
    let [mode, freq, period, callback, tick_hz] = vals;
    let periodic = !given(mode) || int_in(rt, mode, 0, 1, "mode")? as i32 == PERIODIC;
    let period_us = if given(freq) && int_arg(rt, freq).ok() != Some(-1) {
        freq_period_us(rt, freq)?
    } else if given(period) {
        let ticks = int_in(rt, period, 0, i64::MAX, "period")? as u64;
        let hz = if given(tick_hz) {
            int_in(rt, tick_hz, 1, 1_000_000, "tick_hz")? as u64
        } else {
            1000
        };
        ticks.saturating_mul(1_000_000) / hz
    } else {
        return Err(rt.value_error(format_args!("need freq or period")));
    };
    if !b.info().features.contains(Features::TIMER) {
        return Err(err(rt, t.id, HalError::Unsupported));
    }
    let id = t.id as u8;
    let _ = b.timer_stop(id);
    let callback = if given(callback) {
        callback
    } else {
        Value::NONE
    };
    if callback.is_none() {
        let _ = irq::set_callback(Source::Timer(id), None);
    } else {
        if irq::scheduler().is_none() {
            return Err(rt.error(
                &exc::RUNTIME_ERROR,
                format_args!("no scheduler for interrupt callbacks"),
            ));
        }
        let cb = Callback {
            source: Source::Timer(id),
            handler: callback,
            arg: this,
            hard: false,
            once: !periodic,
        };
        irq::set_callback(Source::Timer(id), Some(cb))
            .map_err(|()| rt.error(&exc::RUNTIME_ERROR, format_args!("too many callbacks")))?;
    }
    t.callback.set(callback);
    t.period_us.set(period_us);
    t.periodic.set(periodic);
    if let Err(e) = b.timer_start(id, period_us, periodic) {
        let _ = irq::set_callback(Source::Timer(id), None);
        return Err(err(rt, t.id, e));
    }
    Ok(())
}

/// `Timer(id, *, mode=PERIODIC, freq=-1, period=-1, callback=None)`.
fn timer_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let Some(&id) = args.pos.first() else {
        return Err(rt.type_error(format_args!("Timer() missing required argument 'id'")));
    };
    let id = int_in(rt, id, 0, 255, "timer id")? as usize;
    let obj = new_obj(
        rt,
        TimerObj {
            header: ObjHeader::new(&TIMER_TYPE),
            id,
            callback: Cell::new(Value::NONE),
            period_us: Cell::new(0),
            periodic: Cell::new(true),
        },
        true,
    )?;
    if args.pos.len() > 1 || !args.kw.is_empty() {
        let vals = parse_args(rt, &args.pos[1..], args.kw, INIT_NAMES, 0, 0)?;
        init_timer(rt, b, obj, vals)?;
    }
    Ok(obj)
}

fn timer_init(rt: &Rt, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let vals = parse_args(rt, &args.pos[1..], args.kw, INIT_NAMES, 0, 0)?;
    init_timer(rt, b, args.pos[0], vals)?;
    Ok(Value::NONE)
}

/// `deinit()`: stops the timer and forgets its callback.
fn timer_deinit(rt: &Rt, this: Value) -> PyResult {
    let b = board(rt)?;
    let t = timer_obj(rt, this)?;
    let id = t.id as u8;
    b.timer_stop(id).map_err(|e| err(rt, t.id, e))?;
    let _ = irq::set_callback(Source::Timer(id), None);
    t.callback.set(Value::NONE);
    Ok(Value::NONE)
}

fn timer_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let t = timer_obj(rt, this)?;
    print_fmt(
        out,
        format_args!(
            "Timer({}, mode={}, period={}us)",
            t.id,
            if t.periodic.get() {
                "PERIODIC"
            } else {
                "ONE_SHOT"
            },
            t.period_us.get()
        ),
    )
}

static TIMER_SLOTS: Slots = Slots {
    make_new: Some(timer_make_new),
    print: Some(timer_print),
    ..Slots::EMPTY
};

static TIMER_METHODS: [(Qstr, Value); 4] = sorted([
    rom_method!(
        init,
        NativeFn::Kw {
            min: 1,
            f: timer_init
        }
    ),
    rom_method!(deinit, NativeFn::F1(timer_deinit)),
    constant(q::ONE_SHOT, ONE_SHOT),
    constant(q::PERIODIC, PERIODIC),
]);
const _: () = assert!(pyrite_obj::object::methods_sorted(&TIMER_METHODS));

/// `machine.Timer`.
pub static TIMER_TYPE: Type = hal_type(q::Timer, &TIMER_TYPE, &TIMER_SLOTS, &TIMER_METHODS);
