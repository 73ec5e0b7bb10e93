//! Where printed text goes.

use core::fmt;

use crate::error::{Exc, PyResult};

/// A byte sink for `print`, `str()` and `repr()`: a growable string buffer
/// in the heap, a stream, or stdout. Writing may raise (`MemoryError`, or
/// an error from a Python stream's `write`).
pub trait Sink {
    /// Appends bytes (UTF-8 text, as all printing produces).
    fn put(&mut self, bytes: &[u8]) -> PyResult<()>;

    /// Pushes buffered output out (before waiting for input); nothing by
    /// default.
    fn flush(&mut self) -> PyResult<()> {
        Ok(())
    }
}

/// Adapts a [`Sink`] to `core::fmt::Write`, for code that formats with
/// `core::fmt` (numbers): a failed write keeps the raised exception so the
/// caller can return it instead of `fmt::Error`.
pub struct FmtSink<'a> {
    sink: &'a mut dyn Sink,
    error: Option<Exc>,
}

impl<'a> FmtSink<'a> {
    /// Wraps a sink.
    pub fn new(sink: &'a mut dyn Sink) -> FmtSink<'a> {
        FmtSink { sink, error: None }
    }

    /// The exception a failed write raised, if any.
    pub(crate) fn into_error(self) -> Option<Exc> {
        self.error
    }

    /// Converts the outcome of a formatting call into a `PyResult`.
    pub fn finish(self, result: fmt::Result) -> PyResult<()> {
        match (result, self.error) {
            (_, Some(exc)) => Err(exc),
            (Ok(()), None) => Ok(()),
            // Only `write_str` below fails, and it records why; a formatter
            // that fails on its own is a bug in that formatter.
            (Err(fmt::Error), None) => {
                debug_assert!(false, "a formatter failed without a sink error");
                Ok(())
            }
        }
    }
}

impl fmt::Write for FmtSink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.sink.put(s.as_bytes()) {
            Ok(()) => Ok(()),
            Err(exc) => {
                self.error = Some(exc);
                Err(fmt::Error)
            }
        }
    }
}
