//! The installed board and scheduler, and the table of Python callbacks
//! that interrupts raise (pin IRQs, timers).
//!
//! The table lives outside the GC heap, so the collector cannot see it: the
//! port's root source must call [`trace_roots`] (as MicroPython registers
//! root pointers). Interrupt handlers read it inside a critical section and
//! never allocate.

use core::cell::{Cell, RefCell};

use critical_section::Mutex;
use portable_atomic::{AtomicU32, Ordering};
use pyrite_gc::Marker;
use pyrite_obj::{PyResult, Rt, Value};

use crate::board::{Board, Scheduler};

static BOARD: Mutex<Cell<Option<&'static dyn Board>>> = Mutex::new(Cell::new(None));
static SCHEDULER: Mutex<Cell<Option<&'static dyn Scheduler>>> = Mutex::new(Cell::new(None));
static DROPPED: AtomicU32 = AtomicU32::new(0);

/// Makes `board` the one `machine` drives, with `scheduler` running the
/// callbacks of interrupts (`None`: `Pin.irq` and `Timer` callbacks raise
/// when set). Call once at start-up, before `import machine`; calling again
/// replaces both (and forgets every registered callback).
pub fn install(board: &'static dyn Board, scheduler: Option<&'static dyn Scheduler>) {
    critical_section::with(|cs| {
        BOARD.borrow(cs).set(Some(board));
        SCHEDULER.borrow(cs).set(scheduler);
        *CALLBACKS.borrow_ref_mut(cs) = Table::EMPTY;
    });
    DROPPED.store(0, Ordering::Relaxed);
    crate::machine::FREQ.store(0, Ordering::Relaxed);
}

/// The installed board.
pub fn installed_board() -> Option<&'static dyn Board> {
    critical_section::with(|cs| BOARD.borrow(cs).get())
}

pub(crate) fn scheduler() -> Option<&'static dyn Scheduler> {
    critical_section::with(|cs| SCHEDULER.borrow(cs).get())
}

/// How many interrupt callbacks were dropped because the scheduler's queue
/// was full (or no scheduler was installed) since [`install`].
pub fn dropped_events() -> u32 {
    DROPPED.load(Ordering::Relaxed)
}

/// What raised a callback.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Pin(u16),
    Timer(u8),
}

#[derive(Clone, Copy)]
pub(crate) struct Callback {
    pub source: Source,
    pub handler: Value,
    /// The argument the handler gets: the `Pin` or `Timer` object.
    pub arg: Value,
    /// Run at once with the heap locked, instead of scheduled.
    pub hard: bool,
    /// Fires once, then is removed (one-shot timers).
    pub once: bool,
}

/// Pin IRQs and timers a program can have at once (none in a build with
/// neither class: the table then takes no RAM).
pub const MAX_CALLBACKS: usize = if cfg!(any(feature = "pin", feature = "timer")) {
    16
} else {
    0
};

struct Table([Option<Callback>; MAX_CALLBACKS]);

impl Table {
    const EMPTY: Table = Table([None; MAX_CALLBACKS]);
}

// SAFETY: the `Value`s in the table are only followed by the interpreter
// (on its thread or in interrupts of its core), never dereferenced here;
// `Send` only lets the table sit in a `critical_section::Mutex` static.
unsafe impl Send for Table {}

static CALLBACKS: Mutex<RefCell<Table>> = Mutex::new(RefCell::new(Table::EMPTY));

/// Registers (or with `None` removes) the callback for `source`; `Err(())`
/// when the table is full.
pub(crate) fn set_callback(source: Source, cb: Option<Callback>) -> Result<(), ()> {
    critical_section::with(|cs| {
        let mut t = CALLBACKS.borrow_ref_mut(cs);
        let at =
            t.0.iter()
                .position(|c| c.is_some_and(|c| c.source == source));
        match (at, cb) {
            (Some(i), cb) => t.0[i] = cb,
            (None, None) => {}
            (None, Some(cb)) => match t.0.iter().position(Option::is_none) {
                Some(i) => t.0[i] = Some(cb),
                None => return Err(()),
            },
        }
        Ok(())
    })
}

fn fire(source: Source) {
    let cb = critical_section::with(|cs| {
        let mut t = CALLBACKS.borrow_ref_mut(cs);
        let slot =
            t.0.iter_mut()
                .find(|c| c.is_some_and(|c| c.source == source))?;
        let cb = (*slot)?;
        if cb.once {
            *slot = None;
        }
        Some(cb)
    });
    let Some(cb) = cb else { return };
    match scheduler() {
        Some(s) if cb.hard => s.call_hard(cb.handler, cb.arg),
        Some(s) if s.schedule(cb.handler, cb.arg) => {}
        _ => {
            DROPPED.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Called by the port's interrupt handler when pin `id`'s interrupt fires:
/// schedules the pin's handler (or, for `hard=True`, runs it through
/// [`Scheduler::call_hard`]). Allocates nothing; does nothing when no
/// handler is set.
pub fn pin_irq_fired(id: u16) {
    fire(Source::Pin(id));
}

/// Called by the port's interrupt handler when timer `id` expires:
/// schedules the timer's callback. A one-shot timer's callback is removed
/// as it fires. Allocates nothing.
pub fn timer_fired(id: u8) {
    fire(Source::Timer(id));
}

/// Marks the callbacks and their arguments: the port's (or VM's)
/// [`pyrite_gc::RootSource`] must call this, or a handler whose `Pin` was
/// dropped by the program could be collected while its interrupt is live.
pub fn trace_roots(marker: &mut Marker<'_>) {
    critical_section::with(|cs| {
        let t = CALLBACKS.borrow_ref(cs);
        for cb in t.0.iter().flatten() {
            marker.mark_word(cb.handler.to_bits());
            marker.mark_word(cb.arg.to_bits());
        }
    });
}

/// Runs `f(arg)` as a hard interrupt handler: with the heap locked, so
/// allocating raises `MemoryError` instead of running the collector in the
/// middle of the interrupted program. For [`Scheduler::call_hard`]
/// implementations; the caller reports (prints) an exception.
pub fn run_hard(rt: &Rt, f: Value, arg: Value) -> PyResult {
    let heap = rt.heap();
    heap.lock();
    let r = rt.call_positional(f, &[arg]);
    heap.unlock();
    r
}
