//! The receive buffer of a port's `machine` UART: a byte ring with one
//! producer (the UART's interrupt) and one consumer (the program), on
//! atomic loads and stores only (a Cortex-M0 has no compare-and-swap).

use core::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// Up to `N - 1` received bytes not yet read. A byte arriving while it is
/// full is dropped.
pub struct Ring<const N: usize> {
    slots: [AtomicU8; N],
    /// Where the next byte goes (written by the producer only).
    head: AtomicUsize,
    /// The oldest byte (written by the consumer only).
    tail: AtomicUsize,
}

impl<const N: usize> Default for Ring<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Ring<N> {
    /// An empty ring.
    pub const fn new() -> Self {
        Ring {
            slots: [const { AtomicU8::new(0) }; N],
            head: AtomicUsize::new(0),
            tail: AtomicUsize::new(0),
        }
    }

    /// Adds `byte`; `false` (and the byte dropped) when full.
    pub fn push(&self, byte: u8) -> bool {
        let head = self.head.load(Ordering::Relaxed);
        let next = (head + 1) % N;
        if next == self.tail.load(Ordering::Acquire) {
            return false;
        }
        self.slots[head].store(byte, Ordering::Relaxed);
        self.head.store(next, Ordering::Release);
        true
    }

    /// How many bytes wait.
    pub fn len(&self) -> usize {
        let head = self.head.load(Ordering::Acquire);
        let tail = self.tail.load(Ordering::Relaxed);
        (head + N - tail) % N
    }

    /// Whether no byte waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the oldest waiting bytes into `out`, as many as fit; how many.
    pub fn pop_into(&self, out: &mut [u8]) -> usize {
        let head = self.head.load(Ordering::Acquire);
        let mut tail = self.tail.load(Ordering::Relaxed);
        let mut n = 0;
        while n < out.len() && tail != head {
            out[n] = self.slots[tail].load(Ordering::Relaxed);
            tail = (tail + 1) % N;
            n += 1;
        }
        self.tail.store(tail, Ordering::Release);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    #[test]
    fn keeps_order_and_counts() {
        let ring = Ring::<8>::new();
        assert!(ring.is_empty());
        for b in b"abc" {
            assert!(ring.push(*b));
        }
        assert_eq!(ring.len(), 3);
        let mut out = [0u8; 2];
        assert_eq!(ring.pop_into(&mut out), 2);
        assert_eq!(&out, b"ab");
        assert_eq!(ring.len(), 1);
        let mut rest = [0u8; 8];
        assert_eq!(ring.pop_into(&mut rest), 1);
        assert_eq!(rest[0], b'c');
        assert_eq!(ring.pop_into(&mut rest), 0);
    }

    #[test]
    fn holds_one_less_than_its_slots_and_drops_the_rest() {
        let ring = Ring::<4>::new();
        assert!(ring.push(1) && ring.push(2) && ring.push(3));
        assert!(!ring.push(4), "a fourth byte does not fit in 4 slots");
        assert_eq!(ring.len(), 3);
        let mut out = [0u8; 4];
        assert_eq!(ring.pop_into(&mut out), 3);
        assert_eq!(&out[..3], &[1, 2, 3]);
    }

    #[test]
    fn wraps_around_many_times() {
        let ring = Ring::<5>::new();
        let mut next_in = 0u8;
        let mut next_out = 0u8;
        for round in 0..50 {
            for _ in 0..(round % 4 + 1) {
                assert!(ring.push(next_in));
                next_in = next_in.wrapping_add(1);
            }
            let mut out = [0u8; 3];
            let n = ring.pop_into(&mut out);
            for &b in &out[..n] {
                assert_eq!(b, next_out);
                next_out = next_out.wrapping_add(1);
            }
            assert_eq!(ring.len(), usize::from(next_in.wrapping_sub(next_out)));
            // Drain now and then so that the ring never fills.
            if ring.len() > 2 {
                while ring.pop_into(&mut out[..1]) == 1 {
                    assert_eq!(out[0], next_out);
                    next_out = next_out.wrapping_add(1);
                }
            }
        }
    }

    #[test]
    fn an_empty_destination_takes_nothing() {
        let ring = Ring::<4>::new();
        ring.push(9);
        assert_eq!(ring.pop_into(&mut []), 0);
        assert_eq!(ring.len(), 1);
    }
}
