//! `Pin.irq`: the EXTI controller's lines 0 to 15, each routed by SYSCFG
//! to pin n of one port (so `X1`, A0, and `Y11`, B0, cannot both have an
//! interrupt), firing on rising and/or falling edges. The handlers pass the
//! pin to `pyrite-hal` ([`pyrite_hal::pin_irq_fired`]), which schedules its
//! Python handler (or runs a `hard=True` one at once).

use core::sync::atomic::{AtomicU16, Ordering};

use cortex_m::peripheral::NVIC;
use pyrite_port_cortexm::hal::{self as pyrite_hal, HalError, Trigger};
use stm32f4::{Readable, Reg, RegisterSpec, Resettable, Writable};
use stm32f4xx_hal::pac::{self, Interrupt, interrupt};
use stm32f4xx_hal::rcc::{Enable, Rcc};

/// No pin on the line.
const FREE: u16 = u16::MAX;

/// The pin id each line serves.
static OWNER: [AtomicU16; 16] = [const { AtomicU16::new(FREE) }; 16];

/// Turns on SYSCFG's clock (it routes the lines).
pub fn init(rcc: &mut Rcc) {
    pac::SYSCFG::enable(rcc);
}

fn exti() -> &'static pac::exti::RegisterBlock {
    // SAFETY: EXTI's register block, mapped for the program's whole life;
    // its registers are changed in critical sections (here) or by writing
    // 1s to the pending register (the handlers), both atomic.
    unsafe { &*pac::EXTI::ptr() }
}

/// The interrupt serving line `line`.
fn irq_of(line: u8) -> Interrupt {
    match line {
        0 => Interrupt::EXTI0,
        1 => Interrupt::EXTI1,
        2 => Interrupt::EXTI2,
        3 => Interrupt::EXTI3,
        4 => Interrupt::EXTI4,
        5..=9 => Interrupt::EXTI9_5,
        _ => Interrupt::EXTI15_10,
    }
}

/// Sets `reg`, one of the registers this module uses (EXTI's masks, edges
/// and pending flags, SYSCFG's routing), to `f` of its value.
fn update<R>(reg: &Reg<R>, f: impl FnOnce(u32) -> u32)
where
    R: Readable + Writable + RegisterSpec<Ux = u32>,
{
    // SAFETY: every value of these registers is a valid setting (a bit per
    // line, or a port number per line: ports 0..=8 exist).
    reg.modify(|r, w| unsafe { w.bits(f(r.bits())) });
}

/// Writes `value` to `reg` (see [`update`]).
fn put<R: Writable + Resettable + RegisterSpec<Ux = u32>>(reg: &Reg<R>, value: u32) {
    // SAFETY: as for `update`.
    reg.write(|w| unsafe { w.bits(value) });
}

/// Routes line `line` to port `port` (`A` = 0).
fn route(line: u8, port: u8) {
    // SAFETY: SYSCFG's register block, mapped for the program's whole
    // life; changed only here, in a critical section.
    let syscfg = unsafe { &*pac::SYSCFG::ptr() };
    let shift = 4 * u32::from(line % 4);
    let set = |bits: u32| (bits & !(0xF << shift)) | (u32::from(port) << shift);
    match line / 4 {
        0 => update(syscfg.exticr1(), set),
        1 => update(syscfg.exticr2(), set),
        2 => update(syscfg.exticr3(), set),
        _ => update(syscfg.exticr4(), set),
    }
}

/// Sets (or with an empty `trigger`, removes) the interrupt of pin `id`
/// (`port * 32 + pin`). Level triggers do not exist on this chip.
pub fn set(id: u16, trigger: Trigger) -> Result<(), HalError> {
    let (port, line) = ((id / 32) as u8, (id % 32) as u8);
    if line > 15 {
        return Err(HalError::InvalidId);
    }
    if trigger.intersects(Trigger::LOW_LEVEL | Trigger::HIGH_LEVEL) {
        return Err(HalError::Unsupported);
    }
    let bit = 1u32 << line;
    let e = exti();
    critical_section::with(|_| {
        let owner = OWNER[line as usize].load(Ordering::Relaxed);
        if trigger.is_empty() {
            if owner == id {
                update(e.imr(), |b| b & !bit);
                update(e.rtsr(), |b| b & !bit);
                update(e.ftsr(), |b| b & !bit);
                OWNER[line as usize].store(FREE, Ordering::Relaxed);
            }
            return Ok(());
        }
        if owner != FREE && owner != id {
            return Err(HalError::Unsupported);
        }
        route(line, port);
        let edge = |on: bool| move |b: u32| if on { b | bit } else { b & !bit };
        update(e.rtsr(), edge(trigger.contains(Trigger::RISING)));
        update(e.ftsr(), edge(trigger.contains(Trigger::FALLING)));
        // A 1 clears the line's stale pending flag.
        put(e.pr(), bit);
        update(e.imr(), |b| b | bit);
        OWNER[line as usize].store(id, Ordering::Relaxed);
        Ok(())
    })?;
    // SAFETY: the handlers only clear pending flags and hand pin ids to
    // `pyrite-hal`'s interrupt-safe callback table.
    unsafe { NVIC::unmask(irq_of(line)) };
    Ok(())
}

/// Removes every pin interrupt (a soft reset).
pub fn clear() {
    let e = exti();
    critical_section::with(|_| {
        put(e.imr(), 0);
        put(e.pr(), 0xFFFF);
        for owner in &OWNER {
            owner.store(FREE, Ordering::Relaxed);
        }
    });
}

/// Serves the pending lines among `lines` (a mask).
fn serve(lines: u32) {
    let e = exti();
    let pending = e.pr().read().bits() & e.imr().read().bits() & lines;
    // Writing 1s clears exactly those pending flags.
    put(e.pr(), pending);
    for (line, owner) in OWNER.iter().enumerate() {
        let owner = owner.load(Ordering::Relaxed);
        if pending & (1 << line) != 0 && owner != FREE {
            pyrite_hal::pin_irq_fired(owner);
        }
    }
}

#[interrupt]
fn EXTI0() {
    serve(1 << 0);
}

#[interrupt]
fn EXTI1() {
    serve(1 << 1);
}

#[interrupt]
fn EXTI2() {
    serve(1 << 2);
}

#[interrupt]
fn EXTI3() {
    serve(1 << 3);
}

#[interrupt]
fn EXTI4() {
    serve(1 << 4);
}

#[interrupt]
fn EXTI9_5() {
    serve(0x03E0);
}

#[interrupt]
fn EXTI15_10() {
    serve(0xFC00);
}
