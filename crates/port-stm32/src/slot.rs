//! Holding the chip's devices for `machine`: a [`Slot`] lends its device
//! without keeping interrupts off for the whole operation, and [`pin`]
//! gives the HAL's token for a pin that `board.toml` names at build time.

use core::cell::Cell;

use critical_section::Mutex;
use pyrite_port_cortexm::hal::HalError;
use stm32f4xx_hal::gpio;

/// A device that thread-mode code borrows: taken out under a short critical
/// section, used with interrupts on (a long I2C or UART transfer must not
/// hold off the receive interrupts), put back. Code that finds it taken (a
/// hard interrupt handler calling into a bus the interrupted program was
/// using) gets [`HalError::Io`] instead of a second `&mut`.
pub struct Slot<T>(Mutex<Cell<Option<T>>>);

impl<T> Slot<T> {
    /// An empty slot.
    pub const fn empty() -> Self {
        Slot(Mutex::new(Cell::new(None)))
    }

    /// Puts `value` in the slot (replacing what was there).
    pub fn put(&self, value: T) {
        critical_section::with(|cs| self.0.borrow(cs).set(Some(value)));
    }

    /// Takes the value out, leaving the slot empty.
    pub fn take(&self) -> Option<T> {
        critical_section::with(|cs| self.0.borrow(cs).take())
    }

    /// Calls `f` with the value, which is out of the slot meanwhile.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R, HalError> {
        let mut value = self.take().ok_or(HalError::Io)?;
        let r = f(&mut value);
        self.put(value);
        Ok(r)
    }
}

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
