//! `time` on the AN386: CMSDK APB timer 0 counting the 25 MHz peripheral
//! clock.
//!
//! The timer counts down from `u32::MAX` and reloads; its elapsed count is
//! extended to 64 bits on every read, and its underflow interrupt (every
//! 171 s) reads it too, so a wrap is never missed. Under `qemu -icount
//! shift=0` one microsecond is one thousand instructions.

use core::ptr::{read_volatile, write_volatile};

use pyrite_port_cortexm::clock::{Counter64, busy_wait_us};
use pyrite_port_cortexm::vm::ClockHooks;

/// CMSDK APB timer 0.
const TIMER0_BASE: usize = 0x4000_0000;
const CTRL: usize = 0x00;
const VALUE: usize = 0x04;
const RELOAD: usize = 0x08;
const INTCLEAR: usize = 0x0c;
/// `CTRL`: enable, interrupt enable.
const CTRL_ENABLE: u32 = 1 << 0;
const CTRL_IRQ: u32 = 1 << 3;
/// Its interrupt number.
pub const TIMER0_IRQ: u16 = 8;
/// Counts per microsecond (the 25 MHz peripheral clock).
const COUNTS_PER_US: u64 = 25;

/// The elapsed count (the timer counts down), extended.
static COUNT: Counter64 = Counter64::new();

fn reg(offset: usize) -> *mut u32 {
    (TIMER0_BASE + offset) as *mut u32
}

/// Starts the timer (its interrupt is unmasked by the caller).
pub fn init() {
    // SAFETY: timer 0's registers on the AN386; nothing else uses it.
    unsafe {
        write_volatile(reg(CTRL), 0);
        write_volatile(reg(RELOAD), u32::MAX);
        write_volatile(reg(VALUE), u32::MAX);
        write_volatile(reg(INTCLEAR), 1);
        write_volatile(reg(CTRL), CTRL_ENABLE | CTRL_IRQ);
    }
}

/// Peripheral-clock counts since `init`.
fn count() -> u64 {
    // SAFETY: a read of the count register, which has no side effect.
    COUNT.read(|| !unsafe { read_volatile(reg(VALUE)) })
}

/// Microseconds since start-up.
pub fn ticks_us() -> u64 {
    count() / COUNTS_PER_US
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

/// The underflow interrupt: extends the count right after the wrap.
pub fn on_interrupt() {
    // SAFETY: writing 1 clears the timer's interrupt; only this handler
    // does.
    unsafe { write_volatile(reg(INTCLEAR), 1) };
    let _ = count();
}
