//! A buffer for input the REPL collects before running it (a multi-line
//! statement, a paste-mode block, a raw-REPL program): it grows only as
//! far as memory allows and records that it did not fit instead of
//! failing an allocation.

use alloc::vec::Vec;

/// Bytes the buffer grows by beyond what it needs: small steps rather than
/// doubling, so that a big input needs little more than its own size (a
/// growing block can often extend in place, and never needs twice the
/// input's size while it is copied).
const STEP: usize = 64;

/// Collected input: its bytes, or the fact that they did not fit.
#[derive(Default)]
pub(crate) struct InputBuffer {
    pub(crate) bytes: Vec<u8>,
    pub(crate) overflowed: bool,
}

impl InputBuffer {
    /// Forgets the bytes (keeping the memory) and the overflow.
    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.overflowed = false;
    }

    /// Frees the memory (it may come from a pool the program needs).
    pub(crate) fn release(&mut self) {
        self.bytes = Vec::new();
    }

    /// Appends `byte`, or records that memory ran out.
    pub(crate) fn push(&mut self, byte: u8) {
        self.extend(&[byte]);
    }

    /// Appends `bytes`, or records that memory ran out (and frees what was
    /// collected: the input cannot run anyway).
    pub(crate) fn extend(&mut self, bytes: &[u8]) {
        if self.overflowed {
            return;
        }
        let spare = self.bytes.capacity() - self.bytes.len();
        if spare < bytes.len() && self.bytes.try_reserve_exact(bytes.len() + STEP).is_err() {
            self.bytes = Vec::new();
            self.overflowed = true;
            return;
        }
        self.bytes.extend_from_slice(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_and_stays_overflowed_until_cleared() {
        let mut b = InputBuffer::default();
        b.extend(b"print(");
        b.push(b'1');
        b.extend(b")");
        assert_eq!(b.bytes, b"print(1)");
        // As after a failed reservation: later bytes are ignored.
        b.release();
        b.overflowed = true;
        b.extend(b"x = 1");
        assert!(b.bytes.is_empty());
        b.clear();
        b.push(b'y');
        assert_eq!((b.bytes.as_slice(), b.overflowed), (&b"y"[..], false));
    }
}
