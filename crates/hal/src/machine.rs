//! The `machine` module: its functions and [`init_machine`], which fills the
//! module's dict.

use core::cell::Cell;

use critical_section::{Mutex, RestoreState};
use portable_atomic::{AtomicU32, Ordering};
use pyrite_obj::types::dict::Dict;
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::str::{BYTES_TYPE, new_str};
use pyrite_obj::{Exc, PyResult, Qstr, Rt, Value, q};

use crate::board::{Board, Features};
use crate::irq::installed_board;
use crate::util::{hal_error, int_in, int_value};

/// The installed board, or `RuntimeError` when the port installed none.
pub(crate) fn board(rt: &Rt) -> PyResult<&'static dyn Board> {
    installed_board().ok_or_else(|| {
        rt.error(
            &exc::RUNTIME_ERROR,
            format_args!("no board installed (pyrite_hal::install)"),
        )
    })
}

/// The clock set by `freq(hz)` (0: the board's `cpu_freq_hz`).
pub(crate) static FREQ: AtomicU32 = AtomicU32::new(0);

/// `freq()` / `freq(hz)`.
fn machine_freq(rt: &Rt, args: &[Value]) -> PyResult {
    let b = board(rt)?;
    match args.first() {
        None => {
            let f = match FREQ.load(Ordering::Relaxed) {
                0 => b.info().cpu_freq_hz,
                f => f,
            };
            int_value(rt, f as i64)
        }
        Some(&hz) => {
            let hz = int_in(rt, hz, 1, u32::MAX as i64, "freq")? as u32;
            if !b.info().features.contains(Features::SET_FREQ) {
                return Err(hal_error(
                    rt,
                    crate::board::HalError::Unsupported,
                    format_args!("freq({hz})"),
                ));
            }
            b.set_freq(hz)
                .map_err(|e| hal_error(rt, e, format_args!("freq({hz})")))?;
            FREQ.store(hz, Ordering::Relaxed);
            Ok(Value::NONE)
        }
    }
}

/// `reset()`: the board's hook (does not return on hardware).
fn machine_reset(rt: &Rt) -> PyResult {
    board(rt)?.reset();
    Ok(Value::NONE)
}

/// `soft_reset()`: raises `SystemExit`, which the port's REPL turns into a
/// soft reset (as MicroPython's stm32 port does).
fn machine_soft_reset(rt: &Rt) -> PyResult {
    let e = exc::new_exception(rt, &exc::SYSTEM_EXIT, &[])?;
    Err(Exc(e))
}

/// `unique_id()`: the board's id bytes.
fn machine_unique_id(rt: &Rt) -> PyResult {
    new_str(rt, &BYTES_TYPE, board(rt)?.unique_id())
}

/// `idle()`: the board's hook (`wfi`).
fn machine_idle(rt: &Rt) -> PyResult {
    board(rt)?.idle();
    Ok(Value::NONE)
}

/// How deeply `disable_irq()` calls may nest.
const MAX_IRQ_DEPTH: usize = 8;

/// The restore states of the critical sections `disable_irq()` holds, in
/// order; `len` of them are live.
#[derive(Clone, Copy)]
struct Held {
    states: [RestoreState; MAX_IRQ_DEPTH],
    len: usize,
}

static HELD: Mutex<Cell<Held>> = Mutex::new(Cell::new(Held {
    states: [RestoreState::invalid(); MAX_IRQ_DEPTH],
    len: 0,
}));

/// `disable_irq()`: enters a critical section (interrupts off on a
/// single-core chip) and returns a token for `enable_irq`: the nesting
/// depth before the call.
fn machine_disable_irq(rt: &Rt) -> PyResult {
    let depth = critical_section::with(|cs| HELD.borrow(cs).get().len);
    if depth == MAX_IRQ_DEPTH {
        return Err(rt.error(
            &exc::RUNTIME_ERROR,
            format_args!("disable_irq nested too deeply"),
        ));
    }
    // SAFETY: released by `enable_irq` with this state, in reverse order of
    // acquisition (the stack in `HELD`), as `critical_section` requires.
    let state = unsafe { critical_section::acquire() };
    critical_section::with(|cs| {
        let cell = HELD.borrow(cs);
        let mut held = cell.get();
        held.states[held.len] = state;
        held.len += 1;
        cell.set(held);
    });
    int_value(rt, depth as i64)
}

/// `enable_irq(state)`: leaves the critical sections entered since the
/// `disable_irq()` that returned `state`, innermost first. A stale or
/// unknown state does nothing.
fn machine_enable_irq(rt: &Rt, state: Value) -> PyResult {
    let depth = crate::util::int_arg(rt, state)?;
    loop {
        let top = critical_section::with(|cs| {
            let cell = HELD.borrow(cs);
            let mut held = cell.get();
            if held.len == 0 || (held.len as i64) <= depth {
                return None;
            }
            held.len -= 1;
            cell.set(held);
            Some(held.states[held.len])
        });
        let Some(s) = top else { break };
        // SAFETY: `s` came from the innermost live `acquire` (the top of
        // the stack), which is released exactly once, here.
        unsafe { critical_section::release(s) };
    }
    Ok(Value::NONE)
}

macro_rules! machine_fn {
    ($name:ident, $q:ident, $imp:expr) => {
        static $name: BuiltinFn = BuiltinFn::new(q::$q, $imp);
    };
}

machine_fn!(
    FREQ_FN,
    freq,
    NativeFn::Var {
        min: 0,
        max: 1,
        f: machine_freq
    }
);
machine_fn!(RESET_FN, reset, NativeFn::F0(machine_reset));
machine_fn!(SOFT_RESET_FN, soft_reset, NativeFn::F0(machine_soft_reset));
machine_fn!(UNIQUE_ID_FN, unique_id, NativeFn::F0(machine_unique_id));
machine_fn!(IDLE_FN, idle, NativeFn::F0(machine_idle));
machine_fn!(
    DISABLE_IRQ_FN,
    disable_irq,
    NativeFn::F0(machine_disable_irq)
);
machine_fn!(ENABLE_IRQ_FN, enable_irq, NativeFn::F1(machine_enable_irq));

/// Fills the dict of the `machine` module: its classes (`Pin`, `Signal`,
/// `UART`, `I2C`, `SPI`, `Timer`: each a feature of this crate) and
/// functions. `dict` is the module's
/// globals (a `dict`); the names are static, so this allocates only the
/// dict's entries. The board is looked up at call time, so the module can
/// be made before [`crate::install`] (calls then raise `RuntimeError`).
pub fn init_machine(rt: &Rt, dict: Value) -> PyResult<()> {
    let Some(d) = rt.downcast::<Dict>(dict) else {
        return Err(rt.type_error(format_args!("init_machine needs a dict")));
    };
    let map = d.map();
    let types: &[(Qstr, &'static pyrite_obj::Type)] = &[
        #[cfg(feature = "pin")]
        (q::Pin, &crate::pin::PIN_TYPE),
        #[cfg(feature = "pin")]
        (q::Signal, &crate::pin::SIGNAL_TYPE),
        #[cfg(feature = "uart")]
        (q::UART, &crate::uart::UART_TYPE),
        #[cfg(feature = "i2c")]
        (q::I2C, &crate::i2c::I2C_TYPE),
        #[cfg(feature = "spi")]
        (q::SPI, &crate::spi::SPI_TYPE),
        #[cfg(feature = "timer")]
        (q::Timer, &crate::timer::TIMER_TYPE),
    ];
    for &(name, ty) in types {
        let v = Value::from_static(ty);
        map.insert(rt, Value::qstr(name), v)?;
    }
    for f in [
        &FREQ_FN,
        &RESET_FN,
        &SOFT_RESET_FN,
        &UNIQUE_ID_FN,
        &IDLE_FN,
        &DISABLE_IRQ_FN,
        &ENABLE_IRQ_FN,
    ] {
        map.insert(rt, Value::qstr(f.name), Value::from_static(f))?;
    }
    Ok(())
}
