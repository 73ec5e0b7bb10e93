//! `machine.Timer(0..3)`: the four alarms of the RP2040's TIMER (the
//! 1 MHz, 64-bit counter behind `time`). Each alarm interrupts when the
//! counter's low 32 bits reach its target; `alarm_plan` says when to set
//! it next (long periods in steps, periodic timers without drift), and the
//! interrupt hands the callback to `pyrite-hal`, which schedules it.

use core::cell::RefCell;

use cortex_m::peripheral::NVIC;
use critical_section::Mutex;
use pyrite_port_cortexm::hal::{self, HalError};
use rp2040_hal::pac::{self, interrupt};
use rp2040_hal::timer::{Alarm, Alarm0, Alarm1, Alarm2, Alarm3, Instant, Timer};

use crate::alarm_plan::Plan;

/// How many timers there are: the TIMER's alarms.
const TIMERS: usize = 4;

/// The alarms, the counter, and the plan of each running timer.
struct Alarms {
    counter: Timer,
    alarm0: Alarm0,
    alarm1: Alarm1,
    alarm2: Alarm2,
    alarm3: Alarm3,
    plans: [Option<Plan>; TIMERS],
}

static ALARMS: Mutex<RefCell<Option<Alarms>>> = Mutex::new(RefCell::new(None));

const INTERRUPTS: [pac::Interrupt; TIMERS] = [
    pac::Interrupt::TIMER_IRQ_0,
    pac::Interrupt::TIMER_IRQ_1,
    pac::Interrupt::TIMER_IRQ_2,
    pac::Interrupt::TIMER_IRQ_3,
];

/// Gives the TIMER's alarms to `machine` (start-up); `counter` reads the
/// time. Alarms something else took are not available (then no timers).
pub fn install(mut counter: Timer) {
    let (Some(alarm0), Some(alarm1), Some(alarm2), Some(alarm3)) = (
        counter.alarm_0(),
        counter.alarm_1(),
        counter.alarm_2(),
        counter.alarm_3(),
    ) else {
        return;
    };
    let alarms = Alarms {
        counter,
        alarm0,
        alarm1,
        alarm2,
        alarm3,
        plans: [None; TIMERS],
    };
    critical_section::with(|cs| ALARMS.borrow(cs).replace(Some(alarms)));
}

impl Alarms {
    fn alarm(&mut self, id: usize) -> &mut dyn Alarm {
        match id {
            0 => &mut self.alarm0,
            1 => &mut self.alarm1,
            2 => &mut self.alarm2,
            _ => &mut self.alarm3,
        }
    }

    fn now(&self) -> u64 {
        self.counter.get_counter().ticks()
    }

    /// Stops timer `id`: no interrupt, no pending one, no plan.
    fn stop(&mut self, id: usize) {
        let alarm = self.alarm(id);
        alarm.disable_interrupt();
        let _ = alarm.cancel();
        alarm.clear_interrupt();
        self.plans[id] = None;
    }
}

/// Runs `f` with the alarms (`Unsupported` if there are none) and timer
/// `id` (`InvalidId` beyond the four).
fn with_alarms<R>(id: u8, f: impl FnOnce(&mut Alarms, usize) -> R) -> Result<R, HalError> {
    let id = usize::from(id);
    if id >= TIMERS {
        return Err(HalError::InvalidId);
    }
    critical_section::with(|cs| {
        let mut alarms = ALARMS.borrow(cs).borrow_mut();
        let alarms = alarms.as_mut().ok_or(HalError::Unsupported)?;
        Ok(f(alarms, id))
    })
}

/// Starts timer `id`: its callback every `period_us` (once unless
/// `periodic`).
pub fn start(id: u8, period_us: u64, periodic: bool) -> Result<(), HalError> {
    with_alarms(id, |alarms, n| {
        alarms.stop(n);
        let now = alarms.now();
        let plan = Plan::start(now, period_us, periodic).ok_or(HalError::Unsupported)?;
        let alarm = alarms.alarm(n);
        alarm.enable_interrupt();
        alarm
            .schedule_at(Instant::from_ticks(plan.alarm_at(now)))
            .map_err(|_| HalError::Unsupported)?;
        alarms.plans[n] = Some(plan);
        // SAFETY: the handler takes the alarms' mutex (a critical section)
        // and only clears, re-arms or stops its own alarm.
        unsafe { NVIC::unmask(INTERRUPTS[n]) };
        Ok(())
    })?
}

/// Stops timer `id`.
pub fn stop(id: u8) -> Result<(), HalError> {
    with_alarms(id, |alarms, n| alarms.stop(n))
}

/// Stops every timer (soft reset).
pub fn stop_all() {
    for id in 0..TIMERS as u8 {
        let _ = stop(id);
    }
}

/// The interrupt of timer `id`: moves its plan on and, when due, hands
/// its callback to `pyrite-hal` (which queues it without allocating).
fn on_alarm(id: usize) {
    let fire = critical_section::with(|cs| {
        let mut alarms = ALARMS.borrow(cs).borrow_mut();
        let Some(alarms) = alarms.as_mut() else {
            return false;
        };
        alarms.alarm(id).clear_interrupt();
        let now = alarms.now();
        let Some(plan) = alarms.plans[id].as_mut() else {
            return false;
        };
        let step = plan.on_alarm(now);
        match step.alarm_at {
            Some(at) => {
                if alarms
                    .alarm(id)
                    .schedule_at(Instant::from_ticks(at))
                    .is_err()
                {
                    alarms.stop(id);
                }
            }
            None => alarms.stop(id),
        }
        step.fire
    });
    if fire {
        hal::timer_fired(id as u8);
    }
}

#[interrupt]
fn TIMER_IRQ_0() {
    on_alarm(0);
}

#[interrupt]
fn TIMER_IRQ_1() {
    on_alarm(1);
}

#[interrupt]
fn TIMER_IRQ_2() {
    on_alarm(2);
}

#[interrupt]
fn TIMER_IRQ_3() {
    on_alarm(3);
}
