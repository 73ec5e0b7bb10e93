//! Holding the chip's devices for `machine`: a [`Slot`] (shared with the
//! other ports) lends its device without keeping interrupts off for the
//! whole operation, and [`pin`] gives the HAL's token for a pin that
//! `board.toml` names at build time.

pub use pyrite_port_cortexm::slot::Slot;
use stm32f4xx_hal::gpio;

/// The HAL's token for pin `N` of port `P` (`'A'`, 2 is PA2), as the bus
/// drivers take it. `machine` drives the same pins by register (any pin
/// may be a `Pin` or a bus's, as in MicroPython), so the tokens `split()`
/// made at start-up cannot be kept one per pin; a bus makes the tokens of
/// its pins when it is set up, and the HAL's conversion then sets their
/// alternate function.
pub fn pin<const P: char, const N: u8>() -> gpio::Pin<P, N> {
    // SAFETY: `gpio::Pin` is a zero-sized marker (`PhantomData` only), for
    // which the all-zero value is its only value; it owns no memory, and
    // what it stands for, the right to reconfigure the pin, is exercised
    // only from thread mode (`machine`'s calls), one call at a time.
    unsafe { core::mem::zeroed() }
}
