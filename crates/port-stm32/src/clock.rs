//! The microsecond clock behind `time` (`ticks_us`, `sleep_ms`) and
//! `machine`'s waits: TIM5, a 32-bit timer, counts freely and its count is
//! extended to 64 bits in software. Every read extends it, and so does the
//! SysTick interrupt (at least once a second), so no wrap of the counter
//! goes unseen however long the program leaves the clock unread.
//!
//! On the chip TIM5 counts microseconds (its prescaler divides the APB1
//! timer clock). In qemu, whose netduinoplus2 has no RCC, the timers count
//! at `[qemu] timer_hz` of virtual time, and a write to the prescaler (or
//! the counter, or an update event) shifts qemu's counter base, so the
//! counter is left as it is and its counts are divided by 1000 instead.

use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use cortex_m::peripheral::SYST;
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m_rt::exception;
use pyrite_port_cortexm::clock::{Counter64, busy_wait_us};
use pyrite_port_cortexm::vm::ClockHooks;
use stm32f4xx_hal::pac::{self, TIM5};
use stm32f4xx_hal::rcc::{BusTimerClock, Enable, Rcc};

/// Whether the chip has no RCC model (qemu): found at start-up.
static EMULATED: AtomicBool = AtomicBool::new(false);

/// Counts of TIM5 per microsecond.
static COUNTS_PER_US: AtomicU32 = AtomicU32::new(1);

/// TIM5's count, extended.
static COUNT: Counter64 = Counter64::new();

/// Whether the firmware runs in qemu: the RCC reads as all zeros, which a
/// running chip's cannot (the clock it runs from shows as ready). Checked
/// once, before the clocks are set up.
pub fn detect_emulation(rcc: &pac::RCC) {
    EMULATED.store(rcc.cr().read().bits() == 0, Ordering::Relaxed);
}

/// Whether [`detect_emulation`] found qemu.
pub fn emulated() -> bool {
    EMULATED.load(Ordering::Relaxed)
}

/// The input clock of the timers on `T`'s bus, in Hz: the RCC's figure on
/// the chip, qemu's in qemu.
pub fn timer_clock<T: BusTimerClock>(rcc: &Rcc) -> u32 {
    if emulated() {
        crate::buses::QEMU_TIMER_HZ
    } else {
        T::timer_clock(&rcc.clocks).raw()
    }
}

/// Starts TIM5 counting and SysTick interrupting (reload 2**24 - 1: at
/// most about a second between interrupts at 16 MHz).
pub fn init(tim5: TIM5, syst: &mut SYST, rcc: &mut Rcc) {
    TIM5::enable(rcc);
    let hz = timer_clock::<TIM5>(rcc);
    if emulated() {
        COUNTS_PER_US.store((hz / 1_000_000).max(1), Ordering::Relaxed);
    } else {
        let prescale = (hz / 1_000_000).clamp(1, 0x1_0000);
        // SAFETY: any prescaler value is valid; the update event loads it
        // (and the interrupt is off, so its flag only sets SR.UIF).
        tim5.psc().write(|w| unsafe { w.bits(prescale - 1) });
        tim5.egr().write(|w| w.ug().set_bit());
        COUNTS_PER_US.store(1, Ordering::Relaxed);
    }
    // SAFETY: the full 32-bit range; the counter wraps at 2**32.
    tim5.arr().write(|w| unsafe { w.bits(u32::MAX) });
    tim5.cr1().write(|w| w.cen().set_bit());
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(0x00FF_FFFF);
    syst.clear_current();
    syst.enable_counter();
    syst.enable_interrupt();
}

/// TIM5's count, extended to 64 bits.
fn count() -> u64 {
    // SAFETY: a read of the counter register, which has no side effect;
    // TIM5 was set up by `init` and nothing writes it afterwards.
    let tim5 = unsafe { &*TIM5::ptr() };
    COUNT.read(|| tim5.cnt().read().bits())
}

/// Microseconds since start-up.
pub fn ticks_us() -> u64 {
    count() / u64::from(COUNTS_PER_US.load(Ordering::Relaxed))
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

/// Waits for `machine`: UART timeouts.
pub struct Delay;

impl stm32f4xx_hal::hal::delay::DelayNs for Delay {
    fn delay_ns(&mut self, ns: u32) {
        sleep_us(u64::from(ns.div_ceil(1000)));
    }
}

#[exception]
fn SysTick() {
    // Extends the count, so a wrap is seen within the counter's period.
    let _ = count();
}
