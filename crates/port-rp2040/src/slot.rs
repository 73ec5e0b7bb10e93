//! A device `machine` borrows: taken out under a short critical section,
//! used with interrupts on (a slow UART write or I2C transfer must not hold
//! off the REPL's receive interrupt or the timers), put back. A caller that
//! finds it out (a hard interrupt handler using a bus the interrupted
//! program was using) gets `HalError::Io` instead of a second `&mut`.

use core::cell::Cell;

use critical_section::Mutex;
use pyrite_port_cortexm::hal::HalError;

pub struct Slot<T>(Mutex<Cell<Option<T>>>);

impl<T> Slot<T> {
    /// An empty slot.
    pub const fn empty() -> Self {
        Slot(Mutex::new(Cell::new(None)))
    }

    /// Puts `value` in (replacing what was there).
    pub fn put(&self, value: T) {
        critical_section::with(|cs| self.0.borrow(cs).set(Some(value)));
    }

    /// Calls `f` with the value, which is out of the slot meanwhile.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R, HalError> {
        let mut value =
            critical_section::with(|cs| self.0.borrow(cs).take()).ok_or(HalError::Io)?;
        let r = f(&mut value);
        self.put(value);
        Ok(r)
    }
}
