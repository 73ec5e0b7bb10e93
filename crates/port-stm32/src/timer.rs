//! `machine.Timer(n)`: TIMn, for n in 1..=14 but 5 (the microsecond
//! clock, see `clock`), raising its update interrupt every period; the
//! handler hands the Python callback to `pyrite-hal`
//! ([`pyrite_hal::timer_fired`]), which schedules it.
//!
//! The timers are driven by register, through one register layout: the
//! counter, prescaler and update registers sit at the same offsets in every
//! STM32F4 timer, basic, general-purpose or advanced.

use cortex_m::peripheral::NVIC;
use pyrite_port_cortexm::hal::{self as pyrite_hal, HalError};
use stm32f4::{Reg, RegisterSpec, Resettable, Writable};
use stm32f4xx_hal::pac::{self, Interrupt, interrupt, tim2::RegisterBlock};
use stm32f4xx_hal::rcc::{Enable, Rcc};

use crate::clock;

/// `CR1`: counter enable, one-pulse mode, update request source (only an
/// overflow, not `EGR.UG`, sets the update flag).
const CR1_CEN: u32 = 1;
const CR1_OPM: u32 = 1 << 3;
const CR1_URS: u32 = 1 << 2;
/// `DIER`/`SR`: the update interrupt and its flag.
const UPDATE: u32 = 1;

/// One timer: its id, its registers, its interrupt, and whether its counter
/// is 32 bits wide.
struct Tim {
    id: u8,
    regs: *const RegisterBlock,
    irq: Interrupt,
    wide: bool,
}

/// Calls `$m!` with every timer `machine` offers: `id TYPE interrupt wide`.
macro_rules! timer_list {
    ($m:ident) => {
        $m! {
            1 TIM1 TIM1_UP_TIM10 false,
            2 TIM2 TIM2 true,
            3 TIM3 TIM3 false,
            4 TIM4 TIM4 false,
            6 TIM6 TIM6_DAC false,
            7 TIM7 TIM7 false,
            8 TIM8 TIM8_UP_TIM13 false,
            9 TIM9 TIM1_BRK_TIM9 false,
            10 TIM10 TIM1_UP_TIM10 false,
            11 TIM11 TIM1_TRG_COM_TIM11 false,
            12 TIM12 TIM8_BRK_TIM12 false,
            13 TIM13 TIM8_UP_TIM13 false,
            14 TIM14 TIM8_TRG_COM_TIM14 false,
        }
    };
}

macro_rules! timer_table {
    ($($id:literal $T:ident $irq:ident $wide:literal,)*) => {
        /// The timers, by id.
        static TIMERS: &[Tim] = &[$(Tim {
            id: $id,
            regs: pac::$T::PTR.cast(),
            irq: Interrupt::$irq,
            wide: $wide,
        },)*];

        /// Turns on timer `id`'s clock; its input clock in Hz.
        fn enable(id: u8, rcc: &mut Rcc) -> u32 {
            match id {
                $($id => {
                    pac::$T::enable(rcc);
                    clock::timer_clock::<pac::$T>(rcc)
                })*
                _ => 0,
            }
        }
    };
}

timer_list!(timer_table);

// SAFETY: (`Sync`) `regs` is the fixed address of a timer's register
// block, only ever read through volatile register accesses.
unsafe impl Sync for Tim {}

impl Tim {
    fn find(id: u8) -> Result<&'static Tim, HalError> {
        TIMERS
            .iter()
            .find(|t| t.id == id)
            .ok_or(HalError::InvalidId)
    }

    fn regs(&self) -> &'static RegisterBlock {
        // SAFETY: the register block of a timer of the chip (`TIMERS`),
        // mapped for the program's whole life; every access is a volatile
        // register access, and the registers used (CR1, DIER, SR, EGR, PSC,
        // ARR) sit at the same offsets in every timer's block.
        unsafe { &*self.regs }
    }
}

/// Writes `value` to `reg`, one of the timer registers this module uses
/// (CR1, DIER, SR, EGR, PSC, ARR).
fn put<R: Writable + Resettable + RegisterSpec<Ux = u32>>(reg: &Reg<R>, value: u32) {
    // SAFETY: every value of these registers is a valid setting (control
    // bits, interrupt enables, flags cleared by 0s, counts).
    reg.write(|w| unsafe { w.bits(value) });
}

/// Stops timer `id` and masks its update interrupt.
pub fn stop(id: u8) -> Result<(), HalError> {
    let r = Tim::find(id)?.regs();
    put(r.cr1(), 0);
    put(r.dier(), 0);
    put(r.sr(), 0);
    Ok(())
}

/// The prescaler and auto-reload values for a period of `ticks` input
/// clocks with a counter of `wide` (32) or 16 bits; `None` when it is out
/// of reach (zero, or longer than 65536 full counter periods).
fn divide(ticks: u64, wide: bool) -> Option<(u32, u32)> {
    let span: u64 = if wide { 1 << 32 } else { 1 << 16 };
    if ticks == 0 {
        return None;
    }
    let prescale = (ticks - 1) / span;
    if prescale > 0xFFFF {
        return None;
    }
    let reload = ticks / (prescale + 1) - 1;
    Some((prescale as u32, reload as u32))
}

/// Starts timer `id` raising its update interrupt every `period_us`
/// microseconds, or once.
pub fn start(id: u8, period_us: u64, periodic: bool, rcc: &mut Rcc) -> Result<(), HalError> {
    let t = Tim::find(id)?;
    stop(id)?;
    let hz = enable(id, rcc);
    let ticks = period_us
        .checked_mul(u64::from(hz))
        .map(|t| t / 1_000_000)
        .ok_or(HalError::Unsupported)?;
    let r = t.regs();
    let once = if periodic { 0 } else { CR1_OPM };
    let reload = if clock::emulated() {
        // qemu counts ARR ticks of its timer clock between updates and
        // ignores the prescaler; writing it (or EGR) would move qemu's
        // counter base, so only ARR is written, last: that arms it.
        let reload = u32::try_from(ticks)
            .ok()
            .filter(|&t| t > 0)
            .ok_or(HalError::Unsupported)?;
        put(r.sr(), 0);
        put(r.dier(), UPDATE);
        put(r.cr1(), CR1_CEN | once);
        put(r.arr(), reload);
        reload
    } else {
        let (prescale, reload) = divide(ticks, t.wide).ok_or(HalError::Unsupported)?;
        // With URS set, the update event that loads the prescaler sets no
        // flag.
        put(r.cr1(), CR1_URS);
        put(r.psc(), prescale);
        put(r.arr(), reload);
        put(r.egr(), UPDATE);
        put(r.sr(), 0);
        put(r.dier(), UPDATE);
        put(r.cr1(), CR1_URS | CR1_CEN | once);
        reload
    };
    // A timer that does not keep its settings is not there (qemu models
    // TIM2 to TIM5 only; the others read as zeros).
    if r.arr().read().bits() != reload {
        stop(id)?;
        return Err(HalError::Unsupported);
    }
    // SAFETY: the handler below only touches this timer's flag and control
    // registers and `pyrite-hal`'s interrupt-safe callback table.
    unsafe { NVIC::unmask(t.irq) };
    Ok(())
}

/// The update interrupt of timer `id`: clears the flag, stops a one-shot
/// timer (qemu ignores one-pulse mode), raises the callback.
fn serve(id: u8) {
    let Ok(t) = Tim::find(id) else { return };
    let r = t.regs();
    let flags = r.sr().read().bits();
    if flags & UPDATE == 0 || r.dier().read().bits() & UPDATE == 0 {
        return;
    }
    // 0 clears the flag, 1s leave the others alone.
    put(r.sr(), !UPDATE);
    if r.cr1().read().bits() & CR1_OPM != 0 {
        let _ = stop(id);
    }
    pyrite_hal::timer_fired(id);
}

#[interrupt]
fn TIM2() {
    serve(2);
}

#[interrupt]
fn TIM3() {
    serve(3);
}

#[interrupt]
fn TIM4() {
    serve(4);
}

#[interrupt]
fn TIM6_DAC() {
    serve(6);
}

#[interrupt]
fn TIM7() {
    serve(7);
}

#[interrupt]
fn TIM1_UP_TIM10() {
    serve(1);
    serve(10);
}

#[interrupt]
fn TIM8_UP_TIM13() {
    serve(8);
    serve(13);
}

#[interrupt]
fn TIM1_BRK_TIM9() {
    serve(9);
}

#[interrupt]
fn TIM1_TRG_COM_TIM11() {
    serve(11);
}

#[interrupt]
fn TIM8_BRK_TIM12() {
    serve(12);
}

#[interrupt]
fn TIM8_TRG_COM_TIM14() {
    serve(14);
}
