//! Panics and hard faults: report on the console, then end the qemu run
//! with a status (feature `semihosting`) or reset the chip. A panic that is
//! a failed Rust allocation soft-resets instead (`recover`). In a size build
//! (`build_std = true` in `board.toml`) a panic is an abort instruction, so
//! a failed allocation arrives here as a hard fault, and soft-resets from
//! there.

use core::fmt::Write as _;

use cortex_m_rt::{ExceptionFrame, exception};

use crate::console;

/// Exit status of a Rust panic under qemu.
pub const PANIC_EXIT: i32 = 101;
/// Exit status of a hard fault under qemu.
pub const FAULT_EXIT: i32 = 102;

/// Formats into a fixed buffer (no allocation: the heap may be the
/// problem).
struct Buf {
    bytes: [u8; 160],
    len: usize,
}

impl core::fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let n = s.len().min(self.bytes.len() - self.len);
        self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

fn report_and_stop(args: core::fmt::Arguments<'_>, code: i32) -> ! {
    let mut b = Buf {
        bytes: [0; 160],
        len: 0,
    };
    let _ = b.write_fmt(args);
    let text = &b.bytes[..b.len];
    console::write(b"\r\n");
    console::write(text);
    console::write(b"\r\n");
    console::flush();
    stop(code, core::str::from_utf8(text).unwrap_or("fatal error"))
}

#[cfg(feature = "semihosting")]
fn stop(code: i32, text: &str) -> ! {
    if !text.is_empty() {
        crate::semihosting::write_str(text);
        crate::semihosting::write_str("\n");
    }
    crate::semihosting::exit(code)
}

#[cfg(not(feature = "semihosting"))]
fn stop(_code: i32, _text: &str) -> ! {
    cortex_m::peripheral::SCB::sys_reset()
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    cortex_m::interrupt::disable();
    if crate::recover::is_allocation_failure(info) {
        // Returns only when a soft reset is not safe here.
        crate::recover::restart();
    }
    report_and_stop(format_args!("FATAL: {info}"), PANIC_EXIT)
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    #[cfg(panic = "immediate-abort")]
    crate::recover::restart_after_fault(frame.xpsr());
    report_and_stop(
        format_args!(
            "FATAL: HardFault at pc={:#010x} lr={:#010x}",
            frame.pc(),
            frame.lr()
        ),
        FAULT_EXIT,
    )
}

/// Ends the program with `code`: qemu exits (feature `semihosting`), a
/// board resets.
pub fn exit(code: i32) -> ! {
    console::flush();
    stop(code, "")
}
