//! `machine.Pin` and `machine.Signal`.

use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, Type};
use pyrite_obj::types::function::NativeFn;
use pyrite_obj::{Args, PyResult, Rt, Sink, Value, q, rom_method};

use crate::board::{Board, HalError, PinMode, Pull, Trigger};
use crate::irq::{self, Callback, Source};
use crate::machine::board;
use crate::util::{
    Bytes, constant, given, hal_error, hal_type, int_arg, new_obj, parse_args, print_fmt, sorted,
};

/// A `Pin`: the board that lent it and the board's pin id. Pins are small
/// (four words, no heap references) and made per call: `Pin('X1') ==
/// Pin('X1')` is by id only through `value()`, as the objects differ.
/// Holding the board saves every method a lookup of the installed one.
#[repr(C)]
pub(crate) struct PinObj {
    header: ObjHeader,
    board: &'static dyn Board,
    pub id: u16,
}

// SAFETY: `#[repr(C)]` with the header first; `PIN_TYPE` owns the layout.
unsafe impl Object for PinObj {
    const TYPE: &'static Type = &PIN_TYPE;
}

/// Runs `f` on pin `id`.
pub(crate) fn with_pin<R>(
    b: &dyn Board,
    id: u16,
    f: impl FnOnce(&mut dyn crate::io::PinIo) -> Result<R, HalError>,
) -> Result<R, HalError> {
    let mut f = Some(f);
    let mut out = None;
    b.pin(id, &mut |p| {
        if let Some(f) = f.take() {
            out = Some(f(p));
        }
    })?;
    out.unwrap_or(Err(HalError::InvalidId))
}

/// The pin `this` is, with its board (`Pin` has no subclasses, so one type
/// compare).
#[inline(always)]
fn pin_obj(rt: &Rt, this: Value) -> PyResult<(&'static dyn Board, u16)> {
    match rt.downcast_exact::<PinObj>(this) {
        Some(p) => Ok((p.board, p.id)),
        None => Err(not_a_pin(rt)),
    }
}

#[cold]
fn not_a_pin(rt: &Rt) -> pyrite_obj::Exc {
    rt.type_error(format_args!("expecting a Pin"))
}

fn pin_err(rt: &Rt, b: &dyn Board, id: u16, e: HalError) -> pyrite_obj::Exc {
    match b.info().pin_name(id) {
        Some(name) => hal_error(rt, e, format_args!("Pin({name})")),
        None => hal_error(rt, e, format_args!("Pin({id})")),
    }
}

/// The pin id named by a Python value: a name from the board's table, a
/// number, or a `Pin`.
fn resolve_id(rt: &Rt, b: &dyn Board, v: Value) -> PyResult<u16> {
    if let Some(p) = rt.downcast_exact::<PinObj>(v) {
        return Ok(p.id);
    }
    if let Some(name) = rt.str_bytes(v) {
        return b
            .info()
            .pin_id(name)
            .ok_or_else(|| rt.value_error(format_args!("Pin({}) doesn't exist", Bytes(name))));
    }
    let n = int_arg(rt, v)?;
    let id =
        u16::try_from(n).map_err(|_| rt.value_error(format_args!("Pin({n}) doesn't exist")))?;
    // Existence: the board lends it.
    with_pin(b, id, |_| Ok(())).map_err(|e| pin_err(rt, b, id, e))?;
    Ok(id)
}

fn mode_arg(rt: &Rt, v: Value) -> PyResult<Option<PinMode>> {
    if !given(v) || v.is_none() {
        return Ok(None);
    }
    let n = int_arg(rt, v)?;
    if n == -1 {
        return Ok(None);
    }
    PinMode::from_code(n)
        .map(Some)
        .ok_or_else(|| rt.value_error(format_args!("invalid pin mode: {n}")))
}

/// `pull`: not given or -1 leaves it, `None` is no pull.
fn pull_arg(rt: &Rt, v: Value) -> PyResult<Option<Pull>> {
    if !given(v) {
        return Ok(None);
    }
    if v.is_none() {
        return Ok(Some(Pull::None));
    }
    match int_arg(rt, v)? {
        -1 => Ok(None),
        0 => Ok(Some(Pull::None)),
        1 => Ok(Some(Pull::Up)),
        2 => Ok(Some(Pull::Down)),
        n => Err(rt.value_error(format_args!("invalid pull value: {n}"))),
    }
}

/// `init(mode, pull, *, value)` on pin `id`: the value is written first so
/// an output starts at it.
fn init_pin(
    rt: &Rt,
    b: &dyn Board,
    id: u16,
    mode: Value,
    pull: Value,
    value: Value,
) -> PyResult<()> {
    let mode = mode_arg(rt, mode)?;
    let pull = pull_arg(rt, pull)?;
    let level = if given(value) && !value.is_none() {
        Some(rt.truthy(value)?)
    } else {
        None
    };
    with_pin(b, id, |p| {
        if let Some(l) = level {
            p.write(l)?;
        }
        match (mode, pull) {
            (None, None) => Ok(()),
            (Some(m), pull) => p.configure(m, pull),
            (None, Some(pull)) => p.set_pull(pull),
        }
    })
    .map_err(|e| pin_err(rt, b, id, e))
}

fn pin_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let [id, mode, pull, value, _alt] = parse_args(
        rt,
        args.pos,
        args.kw,
        [q::id, q::mode, q::pull, q::value, q::alt],
        3,
        1,
    )?;
    let id = resolve_id(rt, b, id)?;
    init_pin(rt, b, id, mode, pull, value)?;
    new_obj(
        rt,
        PinObj {
            header: ObjHeader::new(&PIN_TYPE),
            board: b,
            id,
        },
        false,
    )
}

/// `pin.value()` / `pin.value(x)`.
fn pin_value_impl(rt: &Rt, this: Value, x: Option<Value>) -> PyResult {
    match x {
        None => {
            let (b, id) = pin_obj(rt, this)?;
            let high = b.pin_read(id).map_err(|e| pin_err(rt, b, id, e))?;
            Ok(Value::small_int_const(high as _))
        }
        Some(x) => {
            let high = rt.truthy(x)?;
            pin_drive(rt, this, high)
        }
    }
}

/// Drives pin `this` high or low: `on()`, `off()`, `value(x)`.
#[inline]
fn pin_drive(rt: &Rt, this: Value, high: bool) -> PyResult {
    let (b, id) = pin_obj(rt, this)?;
    match b.pin_write(id, high) {
        Ok(()) => Ok(Value::NONE),
        Err(e) => Err(pin_err(rt, b, id, e)),
    }
}

fn pin_value(rt: &Rt, args: &[Value]) -> PyResult {
    pin_value_impl(rt, args[0], args.get(1).copied())
}

fn pin_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() || args.pos.len() > 1 {
        return Err(rt.type_error(format_args!("Pin() takes at most 1 argument")));
    }
    pin_value_impl(rt, this, args.pos.first().copied())
}

fn pin_on(rt: &Rt, this: Value) -> PyResult {
    pin_drive(rt, this, true)
}

fn pin_off(rt: &Rt, this: Value) -> PyResult {
    pin_drive(rt, this, false)
}

fn pin_toggle(rt: &Rt, this: Value) -> PyResult {
    let (b, id) = pin_obj(rt, this)?;
    with_pin(b, id, |p| p.toggle()).map_err(|e| pin_err(rt, b, id, e))?;
    Ok(Value::NONE)
}

fn pin_init(rt: &Rt, args: Args<'_>) -> PyResult {
    let (b, id) = pin_obj(rt, args.pos[0])?;
    let [mode, pull, value, _alt] = parse_args(
        rt,
        &args.pos[1..],
        args.kw,
        [q::mode, q::pull, q::value, q::alt],
        2,
        0,
    )?;
    init_pin(rt, b, id, mode, pull, value)?;
    Ok(Value::NONE)
}

/// `pin.irq(handler=None, trigger=IRQ_FALLING|IRQ_RISING, *, hard=False)`.
fn pin_irq(rt: &Rt, args: Args<'_>) -> PyResult {
    let this = args.pos[0];
    let (b, id) = pin_obj(rt, this)?;
    let [handler, trigger, _priority, _wake, hard] = parse_args(
        rt,
        &args.pos[1..],
        args.kw,
        [q::handler, q::trigger, q::priority, q::wake, q::hard],
        4,
        0,
    )?;
    let trigger = if given(trigger) {
        let n = int_arg(rt, trigger)?;
        Trigger::from_bits(u8::try_from(n).unwrap_or(0xff))
            .ok_or_else(|| rt.value_error(format_args!("invalid trigger: {n}")))?
    } else {
        Trigger::FALLING | Trigger::RISING
    };
    let hard = given(hard) && rt.truthy(hard)?;
    let handler = if given(handler) { handler } else { Value::NONE };
    if handler.is_none() || trigger.is_empty() {
        b.pin_irq(id, Trigger::empty())
            .or_else(|e| {
                if e == HalError::Unsupported {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .map_err(|e| pin_err(rt, b, id, e))?;
        let _ = irq::set_callback(Source::Pin(id), None);
        return Ok(Value::NONE);
    }
    if irq::scheduler().is_none() {
        return Err(rt.error(
            &pyrite_obj::types::exc::RUNTIME_ERROR,
            format_args!("no scheduler for interrupt callbacks"),
        ));
    }
    let cb = Callback {
        source: Source::Pin(id),
        handler,
        arg: this,
        hard,
        once: false,
    };
    irq::set_callback(Source::Pin(id), Some(cb)).map_err(|()| {
        rt.error(
            &pyrite_obj::types::exc::RUNTIME_ERROR,
            format_args!("too many IRQ handlers"),
        )
    })?;
    if let Err(e) = b.pin_irq(id, trigger) {
        let _ = irq::set_callback(Source::Pin(id), None);
        return Err(pin_err(rt, b, id, e));
    }
    Ok(Value::NONE)
}

fn pin_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let (b, id) = pin_obj(rt, this)?;
    match b.info().pin_name(id) {
        Some(name) => print_fmt(out, format_args!("Pin({name})")),
        None => print_fmt(out, format_args!("Pin({id})")),
    }
}

static PIN_SLOTS: Slots = Slots {
    make_new: Some(pin_make_new),
    call: Some(pin_call),
    print: Some(pin_print),
    ..Slots::EMPTY
};

static PIN_METHODS: [(pyrite_obj::Qstr, Value); 21] = sorted([
    rom_method!(on, NativeFn::F1(pin_on)),
    rom_method!(off, NativeFn::F1(pin_off)),
    rom_method!(
        value,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: pin_value
        }
    ),
    rom_method!(toggle, NativeFn::F1(pin_toggle)),
    rom_method!(
        init,
        NativeFn::Kw {
            min: 1,
            f: pin_init
        }
    ),
    rom_method!(irq, NativeFn::Kw { min: 1, f: pin_irq }),
    constant(q::IN, PinMode::In.code()),
    constant(q::OUT, PinMode::Out.code()),
    constant(q::OPEN_DRAIN, PinMode::OpenDrain.code()),
    constant(q::ALT, PinMode::Alt.code()),
    constant(q::ALT_OPEN_DRAIN, PinMode::AltOpenDrain.code()),
    constant(q::ANALOG, PinMode::Analog.code()),
    constant(q::PULL_UP, Pull::Up.code()),
    constant(q::PULL_DOWN, Pull::Down.code()),
    constant(q::PULL_NONE, Pull::None.code()),
    constant(q::IRQ_FALLING, Trigger::FALLING.bits() as i32),
    constant(q::IRQ_RISING, Trigger::RISING.bits() as i32),
    constant(q::IRQ_LOW_LEVEL, Trigger::LOW_LEVEL.bits() as i32),
    constant(q::IRQ_HIGH_LEVEL, Trigger::HIGH_LEVEL.bits() as i32),
    rom_method!(low, NativeFn::F1(pin_off)),
    rom_method!(high, NativeFn::F1(pin_on)),
]);
const _: () = assert!(pyrite_obj::object::methods_sorted(&PIN_METHODS));

/// `machine.Pin`.
pub static PIN_TYPE: Type = hal_type(q::Pin, &PIN_TYPE, &PIN_SLOTS, &PIN_METHODS);

// ----- Signal ---------------------------------------------------------------------

/// A `Signal`: a pin seen through an optional inversion.
#[repr(C)]
pub(crate) struct SignalObj {
    header: ObjHeader,
    pin: Value,
    invert: bool,
}

// SAFETY: `#[repr(C)]` with the header first; `SIGNAL_TYPE` owns the layout.
unsafe impl Object for SignalObj {
    const TYPE: &'static Type = &SIGNAL_TYPE;
}

/// `Signal(pin, *, invert=False)` or `Signal(pin_args..., invert=False)`:
/// the second form makes the `Pin` from the other arguments.
fn signal_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let mut invert = false;
    // Keywords other than `invert` go to the Pin; at most 4 others.
    let mut kw_buf = [Value::NULL; 8];
    let mut n_kw = 0;
    for pair in args.kw.chunks_exact(2) {
        if pair[0].as_qstr() == Some(q::invert) || rt.str_bytes(pair[0]) == Some(b"invert") {
            invert = rt.truthy(pair[1])?;
        } else if n_kw + 2 <= kw_buf.len() {
            kw_buf[n_kw] = pair[0];
            kw_buf[n_kw + 1] = pair[1];
            n_kw += 2;
        } else {
            return Err(rt.type_error(format_args!("too many arguments")));
        }
    }
    let Some(&first) = args.pos.first() else {
        return Err(rt.type_error(format_args!("Signal() missing required argument")));
    };
    let pin = if rt.downcast_exact::<PinObj>(first).is_some() && args.pos.len() == 1 && n_kw == 0 {
        first
    } else {
        pin_make_new(
            rt,
            &PIN_TYPE,
            Args {
                pos: args.pos,
                kw: &kw_buf[..n_kw],
            },
        )?
    };
    new_obj(
        rt,
        SignalObj {
            header: ObjHeader::new(&SIGNAL_TYPE),
            pin,
            invert,
        },
        true,
    )
}

fn signal(rt: &Rt, this: Value) -> PyResult<&SignalObj> {
    rt.downcast::<SignalObj>(this)
        .ok_or_else(|| rt.type_error(format_args!("expecting a Signal")))
}

fn signal_value_impl(rt: &Rt, this: Value, x: Option<Value>) -> PyResult {
    let s = signal(rt, this)?;
    let (pin, invert) = (s.pin, s.invert);
    match x {
        None => {
            let v = pin_value_impl(rt, pin, None)?;
            let high = v.as_small_int() == Some(1);
            Ok(Value::small_int_const((high != invert) as _))
        }
        Some(x) => {
            let on = rt.truthy(x)?;
            pin_value_impl(rt, pin, Some(Value::bool(on != invert)))
        }
    }
}

fn signal_value(rt: &Rt, args: &[Value]) -> PyResult {
    signal_value_impl(rt, args[0], args.get(1).copied())
}

fn signal_on(rt: &Rt, this: Value) -> PyResult {
    signal_value_impl(rt, this, Some(Value::TRUE))
}

fn signal_off(rt: &Rt, this: Value) -> PyResult {
    signal_value_impl(rt, this, Some(Value::FALSE))
}

fn signal_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() || args.pos.len() > 1 {
        return Err(rt.type_error(format_args!("Signal() takes at most 1 argument")));
    }
    signal_value_impl(rt, this, args.pos.first().copied())
}

fn signal_print(rt: &Rt, this: Value, out: &mut dyn Sink, kind: PrintKind) -> PyResult<()> {
    let s = signal(rt, this)?;
    let (pin, invert) = (s.pin, s.invert);
    out.put(b"Signal(")?;
    rt.print(pin, out, kind)?;
    out.put(if invert { b", invert=True)" } else { b")" })
}

static SIGNAL_SLOTS: Slots = Slots {
    make_new: Some(signal_make_new),
    call: Some(signal_call),
    print: Some(signal_print),
    ..Slots::EMPTY
};

static SIGNAL_METHODS: [(pyrite_obj::Qstr, Value); 3] = sorted([
    rom_method!(on, NativeFn::F1(signal_on)),
    rom_method!(off, NativeFn::F1(signal_off)),
    rom_method!(
        value,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: signal_value
        }
    ),
]);
const _: () = assert!(pyrite_obj::object::methods_sorted(&SIGNAL_METHODS));

/// `machine.Signal`.
pub static SIGNAL_TYPE: Type = hal_type(q::Signal, &SIGNAL_TYPE, &SIGNAL_SLOTS, &SIGNAL_METHODS);
