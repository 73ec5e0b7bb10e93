//! `machine` on the host: `pyrite-hal`'s module over its simulated board
//! (four LEDs, pins `X1`..`X8`, `SW`, a loopback SPI, an EEPROM on I2C 1),
//! so scripts written for a board run unchanged and their pin state can be
//! read back.
//!
//! Interrupt callbacks (pin IRQs, `machine.Timer`) go through the VM's
//! scheduled-callback queue ([`HostScheduler`]), as on a board; the
//! `pyrite` command also runs the simulated timers in real time
//! ([`enable_timer_thread`]).

use std::sync::Once;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::time::{Duration, Instant};

use embedded_hal::delay::DelayNs;
use pyrite_hal::sim::{SIM_TIMERS, SimBoard};
use pyrite_hal::{
    Board, BoardInfo, HalError, I2cBus, PinIo, Scheduler, SpiConfig, SpiIo, Trigger, UartConfig,
    UartIo,
};
use pyrite_obj::{PyResult, Qstr, Value, q};
use pyrite_vm::{ModInit, SchedQueue, Vm};

/// The simulated board every VM of the process drives.
pub static BOARD: SimBoard = SimBoard::new();

/// The queue of the VM registered last (null before any).
static QUEUE: AtomicPtr<SchedQueue> = AtomicPtr::new(std::ptr::null_mut());

/// `pyrite-hal`'s [`Scheduler`] over the registered VM's queue: a soft
/// callback is queued ([`SchedQueue::push`]), a hard one runs at once with
/// the heap locked ([`SchedQueue::call_hard`]).
///
/// Other ports do the same: a `static` [`SchedQueue`] given to the VM in
/// `VmConfig::scheduler`, and a `Scheduler` whose methods call its `push`
/// and `call_hard` from the interrupt handlers.
pub struct HostScheduler;

impl HostScheduler {
    fn queue(&self) -> Option<&'static SchedQueue> {
        let q = QUEUE.load(Ordering::Acquire);
        // SAFETY: `QUEUE` only ever holds queues leaked by `new_queue`,
        // which live for the rest of the process.
        (!q.is_null()).then(|| unsafe { &*q })
    }
}

impl Scheduler for HostScheduler {
    fn schedule(&self, f: Value, arg: Value) -> bool {
        self.queue().is_some_and(|q| q.push(f, arg))
    }

    fn call_hard(&self, f: Value, arg: Value) {
        if let Some(q) = self.queue() {
            q.call_hard(f, arg);
        }
    }
}

static SCHEDULER: HostScheduler = HostScheduler;

/// [`BOARD`] as installed: the simulated board, which also starts the
/// timer thread ([`start_timers`]) when a program first starts a timer
/// while [`enable_timer_thread`] allows it (so programs without timers pay
/// nothing for it).
struct HostBoard;

static TIMER_THREAD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Lets the first `machine.Timer` started start the thread that fires the
/// simulated timers in real time (the `pyrite` command does; in-process
/// tests fire timers with [`SimBoard::fire_timer`] instead).
pub fn enable_timer_thread() {
    TIMER_THREAD.store(true, Ordering::Relaxed);
}

impl Board for HostBoard {
    fn info(&self) -> &BoardInfo {
        BOARD.info()
    }
    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        BOARD.pin(id, f)
    }
    fn i2c(&self, id: u8, f: &mut dyn FnMut(&mut dyn I2cBus)) -> Result<(), HalError> {
        BOARD.i2c(id, f)
    }
    fn spi(&self, id: u8, f: &mut dyn FnMut(&mut dyn SpiIo)) -> Result<(), HalError> {
        BOARD.spi(id, f)
    }
    fn uart(&self, id: u8, f: &mut dyn FnMut(&mut dyn UartIo)) -> Result<(), HalError> {
        BOARD.uart(id, f)
    }
    fn delay(&self, f: &mut dyn FnMut(&mut dyn DelayNs)) -> Result<(), HalError> {
        BOARD.delay(f)
    }
    fn configure_i2c(&self, id: u8, freq_hz: u32) -> Result<(), HalError> {
        BOARD.configure_i2c(id, freq_hz)
    }
    fn configure_spi(&self, id: u8, config: &SpiConfig) -> Result<(), HalError> {
        BOARD.configure_spi(id, config)
    }
    fn configure_uart(&self, id: u8, config: &UartConfig) -> Result<(), HalError> {
        BOARD.configure_uart(id, config)
    }
    fn pin_irq(&self, id: u16, trigger: Trigger) -> Result<(), HalError> {
        BOARD.pin_irq(id, trigger)
    }
    fn timer_start(&self, id: u8, period_us: u64, periodic: bool) -> Result<(), HalError> {
        BOARD.timer_start(id, period_us, periodic)?;
        if TIMER_THREAD.load(Ordering::Relaxed) {
            start_timers();
        }
        Ok(())
    }
    fn timer_stop(&self, id: u8) -> Result<(), HalError> {
        BOARD.timer_stop(id)
    }
    fn set_freq(&self, hz: u32) -> Result<(), HalError> {
        BOARD.set_freq(hz)
    }
    fn reset(&self) {
        BOARD.reset()
    }
    fn idle(&self) {
        BOARD.idle()
    }
}

/// A scheduled-callback queue for one VM (leaked: interrupt sources may
/// still point to it after the VM is gone, and it costs a few words).
pub fn new_queue() -> &'static SchedQueue {
    Box::leak(Box::new(SchedQueue::new()))
}

fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    pyrite_hal::init_machine(vm.rt(), dict)
}

static MODULES: [(Qstr, ModInit); 1] = [(q::machine, init)];

/// Installs the simulated board with [`HostScheduler`] over `vm`'s queue
/// (made by [`new_queue`] and given in `VmConfig::scheduler`) and adds
/// `machine` to `vm`'s built-in modules, with the board's callback table
/// as GC roots.
pub fn register(vm: &Vm) {
    let q: *const SchedQueue = vm.sched_queue();
    QUEUE.store(q.cast_mut(), Ordering::Release);
    pyrite_hal::install(&HostBoard, Some(&SCHEDULER));
    vm.set_port_modules(&MODULES);
    vm.set_port_roots(pyrite_hal::trace_roots);
}

/// Starts (once per process; [`HostBoard`] calls it when a timer starts)
/// a thread that fires the simulated timers at
/// their periods, as a board's timer interrupts would: each expiry queues
/// the timer's callback in the registered VM's queue. For the `pyrite`
/// command (one VM per process); tests fire timers with
/// [`SimBoard::fire_timer`] instead.
pub fn start_timers() {
    static START: Once = Once::new();
    START.call_once(|| {
        std::thread::spawn(run_timers);
    });
}

fn run_timers() {
    // Per timer: its settings when last seen and its next expiry.
    let mut seen: [Option<((u64, bool), Instant)>; SIM_TIMERS] = [None; SIM_TIMERS];
    let mut active = true;
    loop {
        // With no timer running, wake rarely.
        std::thread::sleep(Duration::from_micros(if active { 500 } else { 10_000 }));
        active = false;
        let now = Instant::now();
        for (id, slot) in seen.iter_mut().enumerate() {
            let Some(cfg) = BOARD.timer(id as u8) else {
                *slot = None;
                continue;
            };
            active = true;
            let period = Duration::from_micros(cfg.0.max(1));
            let due = match *slot {
                Some((c, due)) if c == cfg => due,
                _ => {
                    *slot = Some((cfg, now + period));
                    continue;
                }
            };
            if now < due {
                continue;
            }
            // One critical section for the whole firing: the callback
            // moves from the board's table into the queue atomically with
            // respect to the collector, which traces both.
            critical_section::with(|_| BOARD.fire_timer(id as u8));
            let next = if due + period < now {
                now + period
            } else {
                due + period
            };
            *slot = Some((cfg, next));
        }
    }
}
