//! A device a port's `machine` lends: [`Slot`].

use core::cell::Cell;

use critical_section::Mutex;
use pyrite_hal::HalError;

/// A device that thread-mode code borrows: taken out under a short critical
/// section, used with interrupts on (a long I2C or UART transfer must not
/// hold off the receive interrupts or the timers), put back. Code that
/// finds it taken (a hard interrupt handler calling into a bus the
/// interrupted program was using) gets [`HalError::Io`] instead of a
/// second `&mut`.
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

#[cfg(test)]
mod tests {
    use super::Slot;
    use pyrite_hal::HalError;

    #[test]
    fn lends_and_refuses_a_second_borrow() {
        let slot = Slot::<u32>::empty();
        assert!(matches!(slot.with(|v| *v), Err(HalError::Io)));
        slot.put(5);
        let inner = slot.with(|v| {
            *v += 1;
            // Taken while lent: a nested user finds it out.
            slot.with(|_| ()).is_err()
        });
        assert_eq!(inner.ok(), Some(true));
        assert_eq!(slot.take(), Some(6));
        assert_eq!(slot.take(), None);
    }
}
