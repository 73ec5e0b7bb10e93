//! `time` on the micro:bit: TIMER0 counting microseconds.
//!
//! TIMER0 runs in 32-bit timer mode on the 16 MHz clock divided by 16, so
//! one count is one microsecond (one thousand instructions of virtual time
//! under `qemu -icount shift=0`). The count is extended to 64 bits on every
//! read; a compare interrupt at each wrap (every 71 minutes) makes sure a
//! wrap is never missed by a program that does not read the clock.

use nrf51_hal::pac::{self, TIMER0, interrupt};
use pyrite_port_cortexm::clock::{Counter64, busy_wait_us};
use pyrite_vm::ClockHooks;

/// TIMER0's count, extended.
static COUNT: Counter64 = Counter64::new();

/// Starts TIMER0 and its wrap interrupt.
pub fn init(timer: TIMER0) {
    // SAFETY: a task register accepts any value; writing 1 triggers the
    // task (here and in the task writes below).
    timer.tasks_stop.write(|w| unsafe { w.bits(1) });
    timer.mode.write(|w| w.mode().timer());
    timer.bitmode.write(|w| w.bitmode()._32bit());
    // 16 MHz / 2**4 = 1 MHz.
    // SAFETY: 4 is within the register's 0..=9 range.
    timer.prescaler.write(|w| unsafe { w.prescaler().bits(4) });
    // SAFETY: any 32-bit compare value is valid; 0 matches at each wrap.
    timer.cc[1].write(|w| unsafe { w.bits(0) });
    timer.events_compare[1].reset();
    timer.intenset.write(|w| w.compare1().set_bit());
    // SAFETY: as above.
    timer.tasks_clear.write(|w| unsafe { w.bits(1) });
    // SAFETY: as above.
    timer.tasks_start.write(|w| unsafe { w.bits(1) });
    // SAFETY: the handler only reads the timer through `count`, which
    // takes a critical section.
    unsafe { cortex_m::peripheral::NVIC::unmask(pac::Interrupt::TIMER0) };
}

/// Microseconds since start-up.
pub fn ticks_us() -> u64 {
    // SAFETY: capture and CC[0] are used only here, inside the counter's
    // critical section; TIMER0 was set up by `init`.
    let timer = unsafe { &*TIMER0::ptr() };
    COUNT.read(|| {
        // SAFETY: a task register accepts any value; 1 captures the count.
        timer.tasks_capture[0].write(|w| unsafe { w.bits(1) });
        timer.cc[0].read().bits()
    })
}

/// Waits `us` microseconds (busy: the interrupts stay on).
pub fn sleep_us(us: u64) {
    busy_wait_us(ticks_us, us);
}

/// The hooks `time` uses.
pub const HOOKS: ClockHooks = ClockHooks {
    ticks_us,
    time_ns: None,
    sleep_us,
    ticks_cpu: None,
};

#[interrupt]
fn TIMER0() {
    // SAFETY: the compare event is cleared only here.
    let timer = unsafe { &*TIMER0::ptr() };
    timer.events_compare[1].reset();
    // Extends the count right after the wrap.
    let _ = ticks_us();
}
