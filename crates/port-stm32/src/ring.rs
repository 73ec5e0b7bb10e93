//! A byte ring with one producer (a receive interrupt) and one consumer
//! (thread mode), built on atomic loads and stores only.

use core::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// Bytes received and not yet read; holds `N - 1` at most. A byte pushed
/// while it is full is dropped.
pub struct Ring<const N: usize> {
    buf: [AtomicU8; N],
    /// Where the next byte goes (the producer's).
    head: AtomicUsize,
    /// The oldest byte (the consumer's).
    tail: AtomicUsize,
}

impl<const N: usize> Ring<N> {
    /// An empty ring.
    pub const fn new() -> Self {
        Ring {
            buf: [const { AtomicU8::new(0) }; N],
            head: AtomicUsize::new(0),
            tail: AtomicUsize::new(0),
        }
    }

    /// Adds `byte` (from the interrupt); `false` when full.
    pub fn push(&self, byte: u8) -> bool {
        let head = self.head.load(Ordering::Relaxed);
        let next = (head + 1) % N;
        if next == self.tail.load(Ordering::Acquire) {
            return false;
        }
        self.buf[head].store(byte, Ordering::Relaxed);
        self.head.store(next, Ordering::Release);
        true
    }

    /// How many bytes are waiting.
    pub fn len(&self) -> usize {
        let head = self.head.load(Ordering::Acquire);
        let tail = self.tail.load(Ordering::Relaxed);
        (head + N - tail) % N
    }

    /// Moves up to `out.len()` waiting bytes into `out`; how many.
    pub fn pop_into(&self, out: &mut [u8]) -> usize {
        let mut tail = self.tail.load(Ordering::Relaxed);
        let head = self.head.load(Ordering::Acquire);
        let mut n = 0;
        while n < out.len() && tail != head {
            out[n] = self.buf[tail].load(Ordering::Relaxed);
            tail = (tail + 1) % N;
            n += 1;
        }
        self.tail.store(tail, Ordering::Release);
        n
    }
}
