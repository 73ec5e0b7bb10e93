//! Small shared helpers: a batching ASCII writer and slice writers.

use core::fmt::{self, Write};

/// Batches ASCII bytes and flushes them to a `fmt::Write` in chunks, so that
/// digit-at-a-time producers do not pay a dynamic call per byte. The sink
/// is a trait object: one copy of this code serves every destination.
pub(crate) struct Batch<'w> {
    w: &'w mut dyn Write,
    buf: [u8; 32],
    n: usize,
}

impl<'w> Batch<'w> {
    pub(crate) fn new(w: &'w mut dyn Write) -> Self {
        Batch {
            w,
            buf: [0; 32],
            n: 0,
        }
    }

    /// Push one ASCII byte.
    #[cfg_attr(not(feature = "compact"), inline)]
    #[cfg_attr(feature = "compact", inline(never))]
    pub(crate) fn push(&mut self, b: u8) -> fmt::Result {
        if self.n == self.buf.len() {
            self.flush()?;
        }
        self.buf[self.n] = b;
        self.n += 1;
        Ok(())
    }

    /// Push `count` copies of a char.
    pub(crate) fn repeat(&mut self, c: char, count: usize) -> fmt::Result {
        if c.is_ascii() {
            for _ in 0..count {
                self.push(c as u8)?;
            }
            Ok(())
        } else {
            self.flush()?;
            for _ in 0..count {
                self.w.write_char(c)?;
            }
            Ok(())
        }
    }

    /// Push a string (ASCII or not).
    pub(crate) fn str(&mut self, s: &str) -> fmt::Result {
        if s.len() > self.buf.len() - self.n {
            self.flush()?;
            if s.len() > self.buf.len() {
                return self.w.write_str(s);
            }
        }
        self.buf[self.n..self.n + s.len()].copy_from_slice(s.as_bytes());
        self.n += s.len();
        Ok(())
    }

    /// Write buffered bytes out.
    pub(crate) fn flush(&mut self) -> fmt::Result {
        if self.n > 0 {
            // Only ASCII bytes or whole UTF-8 strings are ever pushed.
            let s = core::str::from_utf8(&self.buf[..self.n]).map_err(|_| fmt::Error)?;
            self.w.write_str(s)?;
            self.n = 0;
        }
        Ok(())
    }
}

/// A `fmt::Write` into a fixed byte slice; fails when full.
pub struct SliceWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> SliceWriter<'a> {
    /// Write into `buf` from its start.
    pub fn new(buf: &'a mut [u8]) -> Self {
        SliceWriter { buf, len: 0 }
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing was written yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes written so far.
    pub(crate) fn as_bytes_str(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Whitespace that `int()`/`float()` strip: ASCII ` \t\n\r\x0b\x0c` and
/// Unicode whitespace (`\x1c`..=`\x1f` are *not* stripped, unlike
/// `str.strip()`).
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace()
}

/// Strip Python whitespace from both ends.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}
