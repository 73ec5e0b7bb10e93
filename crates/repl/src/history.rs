//! The friendly REPL's line history: a few recent lines within a byte
//! budget, so it fits a microcontroller's RAM.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// Recent input lines, newest first, bounded in count and in bytes.
#[derive(Clone, Debug)]
pub struct History {
    lines: VecDeque<Vec<u8>>,
    max_lines: usize,
    max_bytes: usize,
    bytes: usize,
}

impl Default for History {
    /// 8 lines, 1 KiB.
    fn default() -> Self {
        History::new(8, 1024)
    }
}

impl History {
    /// An empty history keeping at most `max_lines` lines totalling at most
    /// `max_bytes` bytes.
    pub fn new(max_lines: usize, max_bytes: usize) -> Self {
        History {
            lines: VecDeque::new(),
            max_lines,
            max_bytes,
            bytes: 0,
        }
    }

    /// Remembers `line`, unless it is blank or repeats the newest line.
    /// The oldest lines go when the limits are reached; a line longer than
    /// the whole budget, or one there is no memory for, is not kept.
    pub fn push(&mut self, line: &[u8]) {
        if line.iter().all(|c| c.is_ascii_whitespace())
            || line.len() > self.max_bytes
            || self.max_lines == 0
            || self.lines.front().is_some_and(|l| l == line)
        {
            return;
        }
        while self.lines.len() >= self.max_lines || self.bytes + line.len() > self.max_bytes {
            match self.lines.pop_back() {
                Some(old) => self.bytes -= old.len(),
                None => break,
            }
        }
        let mut copy = Vec::new();
        if copy.try_reserve_exact(line.len()).is_err() || self.lines.try_reserve(1).is_err() {
            return;
        }
        copy.extend_from_slice(line);
        self.bytes += line.len();
        self.lines.push_front(copy);
    }

    /// The `n`th most recent line (0 is the newest).
    pub fn get(&self, n: usize) -> Option<&[u8]> {
        self.lines.get(n).map(Vec::as_slice)
    }

    /// How many lines are kept.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether no line is kept.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_recent_lines_within_limits() {
        let mut h = History::new(3, 20);
        h.push(b"a = 1");
        h.push(b"a = 1");
        h.push(b"   ");
        h.push(b"b = 2");
        assert_eq!(h.len(), 2);
        assert_eq!(h.get(0), Some(&b"b = 2"[..]));
        h.push(b"c = 3");
        h.push(b"d = 4");
        assert_eq!(h.len(), 3);
        assert_eq!(h.get(2), Some(&b"b = 2"[..]));
        h.push(b"a much longer line");
        assert_eq!(h.len(), 1);
        h.push(b"this line is far beyond the budget");
        assert_eq!(h.get(0), Some(&b"a much longer line"[..]));
    }
}
