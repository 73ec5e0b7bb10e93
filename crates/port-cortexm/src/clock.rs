//! What the ports' `time` clocks share: a free-running 32-bit hardware
//! counter extended to 64 bits, and a busy wait on the resulting clock.
//!
//! The counter is extended on every read: a read lower than the previous
//! one means the counter wrapped. So that no wrap goes unseen, something
//! must read it at least once per period; each port does from an interrupt
//! (a compare or underflow at the wrap, or a periodic SysTick).

use core::cell::Cell;

use critical_section::Mutex;

/// A 32-bit counter extended to 64 bits; see the module docs.
pub struct Counter64 {
    /// The high word and the low word of the last read.
    state: Mutex<Cell<(u32, u32)>>,
}

impl Counter64 {
    /// A counter that starts from zero.
    pub const fn new() -> Counter64 {
        Counter64 {
            state: Mutex::new(Cell::new((0, 0))),
        }
    }

    /// The count, with `read` giving the hardware's 32-bit value. The read
    /// happens inside the critical section, so an interrupt that reads the
    /// counter meanwhile cannot make a newer value look older.
    pub fn read(&self, read: impl FnOnce() -> u32) -> u64 {
        critical_section::with(|cs| {
            let low = read();
            let cell = self.state.borrow(cs);
            let (mut high, last) = cell.get();
            if low < last {
                high = high.wrapping_add(1);
            }
            cell.set((high, low));
            (u64::from(high) << 32) | u64::from(low)
        })
    }
}

impl Default for Counter64 {
    fn default() -> Self {
        Counter64::new()
    }
}

/// Waits until `ticks_us` has advanced by `us` (busy: interrupts stay on).
pub fn busy_wait_us(ticks_us: fn() -> u64, us: u64) {
    let end = ticks_us().saturating_add(us);
    while ticks_us() < end {
        core::hint::spin_loop();
    }
}

#[cfg(test)]
mod tests {
    use super::Counter64;

    #[test]
    fn wraps_carry_into_the_high_word() {
        let c = Counter64::new();
        assert_eq!(c.read(|| 5), 5);
        assert_eq!(c.read(|| u32::MAX), u64::from(u32::MAX));
        assert_eq!(c.read(|| 3), (1 << 32) | 3);
        assert_eq!(c.read(|| 3), (1 << 32) | 3);
        assert_eq!(c.read(|| 2), (2 << 32) | 2);
    }
}
