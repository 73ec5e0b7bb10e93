//! The console: the board's REPL serial port, shared by the REPL (input,
//! prompts) and the interpreter (`print`, tracebacks).
//!
//! The port hands one [`Console`] to [`install`] at start-up. Input comes
//! either from a receive interrupt, which pushes bytes with [`rx_push`]
//! into a small ring buffer (and turns Ctrl-C into `KeyboardInterrupt`
//! while Python runs), or, for a port without one, from polling
//! [`Console::read`].

use core::cell::RefCell;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use critical_section::Mutex;
use pyrite_obj::{PyResult, Sink};

/// A serial port carrying the REPL.
pub trait Console: Send {
    /// Writes all of `bytes`, waiting while the transmitter is busy.
    fn write(&mut self, bytes: &[u8]);
    /// A received byte, if one is waiting (never waits). Ports whose
    /// receive interrupt feeds [`rx_push`] may return `None` always.
    fn read(&mut self) -> Option<u8>;
    /// Waits until everything written has left.
    fn flush(&mut self) {}
}

static CONSOLE: Mutex<RefCell<Option<&'static mut dyn Console>>> = Mutex::new(RefCell::new(None));

/// Set when Ctrl-C arrives while Python runs; the VM raises
/// `KeyboardInterrupt` (it is the VM's `interrupt` flag).
pub static INTERRUPT: AtomicBool = AtomicBool::new(false);

/// Whether Python code is running (Ctrl-C interrupts it rather than going
/// to the REPL as a byte).
pub static EXECUTING: AtomicBool = AtomicBool::new(false);

/// Installs the console (replacing any earlier one).
pub fn install(console: &'static mut dyn Console) {
    critical_section::with(|cs| *CONSOLE.borrow_ref_mut(cs) = Some(console));
}

fn with<R>(f: impl FnOnce(&mut dyn Console) -> R) -> Option<R> {
    critical_section::with(|cs| {
        // A console already in use (a panic while writing) is skipped.
        let mut c = CONSOLE.borrow(cs).try_borrow_mut().ok()?;
        c.as_mut().map(|c| f(&mut **c))
    })
}

/// Writes `bytes` unchanged.
pub fn write(bytes: &[u8]) {
    // Chunks keep interrupts enabled between them.
    for chunk in bytes.chunks(16) {
        with(|c| c.write(chunk));
    }
}

/// Writes `bytes` with each `\n` sent as `\r\n` (a terminal's line end),
/// as MicroPython's "cooked" output does.
pub fn write_cooked(bytes: &[u8]) {
    let mut rest = bytes;
    while !rest.is_empty() {
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                write(&rest[..i]);
                write(b"\r\n");
                rest = &rest[i + 1..];
            }
            None => {
                write(rest);
                break;
            }
        }
    }
}

/// Waits until all output has left.
pub fn flush() {
    with(|c| c.flush());
}

// ----- received bytes -----------------------------------------------------

/// Slots of the receive ring (one stays empty): 512, or 256 with the
/// feature `small-rx-buffer` (the micro:bit, whose 16 KiB of RAM need the
/// 256 bytes more).
const RX_LEN: usize = if cfg!(feature = "small-rx-buffer") {
    256
} else {
    512
};

/// A single-producer (the receive interrupt), single-consumer (the REPL)
/// ring buffer of received bytes. Only atomic loads and stores, so it works
/// on cores without compare-and-swap (Cortex-M0).
struct RxRing {
    buf: [core::sync::atomic::AtomicU8; RX_LEN],
    head: AtomicUsize,
    tail: AtomicUsize,
}

static RX: RxRing = RxRing {
    buf: [const { core::sync::atomic::AtomicU8::new(0) }; RX_LEN],
    head: AtomicUsize::new(0),
    tail: AtomicUsize::new(0),
};

/// Hands a received byte to the console; called from the port's receive
/// interrupt. Ctrl-C while Python runs sets [`INTERRUPT`] instead of being
/// queued. Bytes arriving with the buffer full are dropped.
pub fn rx_push(byte: u8) {
    if byte == 0x03 && EXECUTING.load(Ordering::Relaxed) {
        INTERRUPT.store(true, Ordering::Relaxed);
        return;
    }
    let head = RX.head.load(Ordering::Relaxed);
    let next = (head + 1) % RX_LEN;
    if next == RX.tail.load(Ordering::Acquire) {
        return;
    }
    RX.buf[head].store(byte, Ordering::Relaxed);
    RX.head.store(next, Ordering::Release);
}

fn rx_pop() -> Option<u8> {
    let tail = RX.tail.load(Ordering::Relaxed);
    if tail == RX.head.load(Ordering::Acquire) {
        return None;
    }
    let byte = RX.buf[tail].load(Ordering::Relaxed);
    RX.tail.store((tail + 1) % RX_LEN, Ordering::Release);
    Some(byte)
}

/// The next received byte, if any (never waits).
pub fn read() -> Option<u8> {
    rx_pop().or_else(|| with(|c| c.read()).flatten())
}

/// Bytes a receive interrupt may buffer ahead of the REPL.
pub const RX_BUFFER: usize = RX_LEN - 1;

/// The raw-paste window the REPL offers: 128 bytes (MicroPython's), or
/// less if two windows (the host may send one ahead) would not fit the
/// receive buffer.
pub const RAW_PASTE_WINDOW: u16 = if RX_BUFFER / 2 < 128 {
    (RX_BUFFER / 2) as u16
} else {
    128
};

/// The interpreter's `stdout`/`stderr`: cooked console output.
#[derive(Clone, Copy, Debug, Default)]
pub struct ConsoleSink;

impl Sink for ConsoleSink {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        write_cooked(bytes);
        Ok(())
    }
}

/// The REPL's terminal over the console. `idle` runs while waiting for
/// input (the port may sleep until an interrupt there).
pub struct ConsoleTerminal<'a> {
    /// Called in the input wait loop.
    pub idle: &'a dyn Fn(),
}

impl pyrite_repl::Terminal for ConsoleTerminal<'_> {
    fn read_byte(&mut self) -> Option<u8> {
        loop {
            if let Some(b) = read() {
                return Some(b);
            }
            // The last look at the buffer and the wait happen with
            // interrupts masked: a byte whose interrupt comes in between
            // then leaves it pending, which ends the port's `wfi` at once
            // (its handler runs after the section), instead of the wait
            // sleeping until the next interrupt.
            let b = critical_section::with(|_| {
                let b = read();
                if b.is_none() {
                    (self.idle)();
                }
                b
            });
            if b.is_some() {
                return b;
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        write(bytes);
    }

    fn flush(&mut self) {
        flush();
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::sync::{Arc, Mutex as StdMutex};
    use std::vec::Vec;

    struct Buf(Arc<StdMutex<Vec<u8>>>, Vec<u8>);

    impl Console for Buf {
        fn write(&mut self, bytes: &[u8]) {
            self.0.lock().unwrap().extend_from_slice(bytes);
        }
        fn read(&mut self) -> Option<u8> {
            if self.1.is_empty() {
                None
            } else {
                Some(self.1.remove(0))
            }
        }
    }

    #[test]
    fn cooked_output_ring_and_interrupt() {
        let out = Arc::new(StdMutex::new(Vec::new()));
        let console = std::boxed::Box::leak(std::boxed::Box::new(Buf(out.clone(), b"p".to_vec())));
        install(console);
        let mut sink = ConsoleSink;
        sink.put(b"a\nb\n").unwrap();
        assert_eq!(&out.lock().unwrap()[..], b"a\r\nb\r\n");
        // Queued bytes come before polled ones.
        rx_push(b'x');
        rx_push(0x03);
        assert_eq!(read(), Some(b'x'));
        assert_eq!(read(), Some(0x03));
        assert_eq!(read(), Some(b'p'));
        assert_eq!(read(), None);
        EXECUTING.store(true, Ordering::Relaxed);
        rx_push(0x03);
        EXECUTING.store(false, Ordering::Relaxed);
        assert!(INTERRUPT.swap(false, Ordering::Relaxed));
        assert_eq!(read(), None);
    }
}
