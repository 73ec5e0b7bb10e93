//! A Rust allocation that fails on a board (the GC heap and the arena both
//! full: say, a program compiled while the heap is nearly exhausted) is a
//! panic: `alloc` has no other way out, and with `panic = "abort"` nothing
//! unwinds. Instead of stopping the firmware, the panic handler asks
//! [`restart`] for a soft reset: it prints `MemoryError: memory allocation
//! failed`, abandons every frame below the REPL loop's first one, makes the
//! arena and then the GC heap anew, and enters the loop again with a fresh
//! interpreter, in the REPL mode (friendly or raw) the failing input came
//! from. See "Running out of memory" in `docs/memory.md`.

use core::cell::Cell;
use core::sync::atomic::{AtomicBool, Ordering};

use critical_section::Mutex;

use crate::console::{self, EXECUTING, INTERRUPT};
use crate::exec::{self, Running};
use crate::heap::ALLOC;

/// The REPL loop: `start(arg, resumed)` with the stack pointer at `stack`.
#[derive(Clone, Copy)]
struct Entry {
    start: fn(*const (), Option<Running>) -> !,
    arg: *const (),
    stack: usize,
}

// SAFETY: `arg` is only used by `start`, on the one core, after the frames
// that used it before were abandoned.
unsafe impl Send for Entry {}

static ENTRY: Mutex<Cell<Option<Entry>>> = Mutex::new(Cell::new(None));

/// The mode the restarted loop resumes.
static RESUME: Mutex<Cell<Running>> = Mutex::new(Cell::new(Running::Friendly));

/// Set while a restart is safe: from the moment the loop made its
/// interpreter until a restart (or the next interpreter is being made).
static ARMED: AtomicBool = AtomicBool::new(false);

/// Remembers how to enter the REPL loop again: `start(arg, Some(mode))`
/// with the stack pointer at `stack`, the loop's first frame's top.
pub(crate) fn register(start: fn(*const (), Option<Running>) -> !, arg: *const (), stack: usize) {
    let entry = Entry {
        start,
        arg,
        // The procedure-call standard's stack alignment.
        stack: stack & !7,
    };
    critical_section::with(|cs| ENTRY.borrow(cs).set(Some(entry)));
}

/// Allows (`true`) or forbids restarts. The loop forbids them while it
/// makes an interpreter: a failed allocation there (or in a restart that
/// fails again at once) stops the firmware as any panic does, instead of
/// restarting for ever.
pub(crate) fn arm(on: bool) {
    ARMED.store(on, Ordering::Relaxed);
}

/// Whether `info` is the panic of a failed allocation: the allocator saw
/// its last allocation fail, and the message is `alloc`'s.
pub(crate) fn is_allocation_failure(info: &core::panic::PanicInfo<'_>) -> bool {
    if !ALLOC.last_failed() {
        return false;
    }
    let mut prefix = Prefix(b"memory allocation of ");
    core::fmt::write(&mut prefix, format_args!("{}", info.message())).is_ok() && prefix.0.is_empty()
}

/// Matches formatted text against a prefix without buffering it: writing
/// fails at the first difference, and what is left of the prefix shrinks.
struct Prefix(&'static [u8]);

impl core::fmt::Write for Prefix {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let n = s.len().min(self.0.len());
        if s.as_bytes()[..n] != self.0[..n] {
            return Err(core::fmt::Error);
        }
        self.0 = &self.0[n..];
        Ok(())
    }
}

/// Restarts the REPL loop after a failed allocation, if that is safe: the
/// core runs the program (thread mode, not an interrupt handler) and the
/// loop is armed. Returns when it is not. Called by the panic handler, with
/// interrupts off.
pub(crate) fn restart() {
    use cortex_m::peripheral::SCB;
    use cortex_m::peripheral::scb::VectActive;
    if SCB::vect_active() != VectActive::ThreadMode || !ARMED.load(Ordering::Relaxed) {
        return;
    }
    ARMED.store(false, Ordering::Relaxed);
    let Some(entry) = critical_section::with(|cs| ENTRY.borrow(cs).get()) else {
        return;
    };
    let running = exec::take_running();
    EXECUTING.store(false, Ordering::Relaxed);
    INTERRUPT.store(false, Ordering::Relaxed);
    if running == Some(Running::Raw) {
        // The raw REPL answered `OK` and perhaps some output: end the
        // output, then give the error and end it, as for any program.
        console::write(b"\x04MemoryError: memory allocation failed\r\n\x04");
    } else {
        console::write(b"\r\nMemoryError: memory allocation failed\r\n");
    }
    console::write(pyrite_repl::SOFT_REBOOT);
    console::flush();
    let mode = running.unwrap_or(Running::Friendly);
    critical_section::with(|cs| RESUME.borrow(cs).set(mode));
    // SAFETY: interrupts are off (the panic handler turned them off) and
    // the frames below the loop's first one are never resumed: nothing they
    // allocated is used or freed again.
    unsafe { ALLOC.reset_arena() };
    // SAFETY: `entry.stack` is the 8-byte aligned stack pointer the loop was
    // first called with: the frames above it (the start-up's, holding the
    // board and the loop's argument) are intact and stay in use; the frames
    // below are abandoned, and `restarted` never returns onto them.
    unsafe { cortex_m::asm::bootstrap(entry.stack as *const u32, restarted as *const u32) }
}

/// Leaves the hard-fault handler for a soft reset when the fault is the
/// abort of a failed allocation (a size build's panics abort at once): the
/// allocator saw its last allocation fail and the fault interrupted thread
/// mode (`xpsr`, the stacked program status, has no exception number).
/// The handler returns into [`restart`] in thread mode: a fresh exception
/// frame on the abandoned part of the stack, then an exception return.
/// Returns when this is not an allocation failure or a restart is not
/// armed.
#[cfg(panic = "immediate-abort")]
pub(crate) fn restart_after_fault(xpsr: u32) {
    const THREAD_MODE_MSP: u32 = 0xFFFF_FFF9;
    const THUMB: u32 = 1 << 24;
    if !ALLOC.last_failed() || xpsr & 0x1FF != 0 || !ARMED.load(Ordering::Relaxed) {
        return;
    }
    let Some(entry) = critical_section::with(|cs| ENTRY.borrow(cs).get()) else {
        return;
    };
    cortex_m::interrupt::disable();
    #[cfg(target_abi = "eabihf")]
    cancel_lazy_fp_save();
    // r0-r3, r12, lr, pc, xpsr: what the exception return pops (a basic
    // frame: the return value below says so, and clears CONTROL.FPCA).
    let frame = (entry.stack - 32) as *mut u32;
    let pc = after_fault as extern "C" fn() -> ! as usize as u32;
    let words = [0, 0, 0, 0, 0, 0, pc, THUMB];
    // SAFETY: the 32 bytes below the loop's first stack pointer belong to
    // the frames the fault abandons (the handler runs far below them), and
    // nothing reads them again; `entry.stack` is 8-byte aligned. The
    // exception return pops this frame and resumes thread mode at
    // `after_fault` with the stack pointer at `entry.stack`; interrupts stay
    // off (PRIMASK survives the return) as `restart` requires.
    unsafe {
        for (i, w) in words.into_iter().enumerate() {
            frame.add(i).write_volatile(w);
        }
        core::arch::asm!(
            "mov sp, {frame}",
            "bx {ret}",
            frame = in(reg) frame,
            ret = in(reg) THREAD_MODE_MSP,
            options(noreturn),
        );
    }
}

/// With a floating-point unit, the fault may have left a lazy save of the
/// interrupted context's FP registers pending (FPCCR.LSPACT): the next FP
/// instruction would write them into the abandoned frame, which the
/// restarted loop's stack now covers. Cancel it.
#[cfg(all(panic = "immediate-abort", target_abi = "eabihf"))]
fn cancel_lazy_fp_save() {
    const FPCCR: *mut u32 = 0xE000_EF34 as *mut u32;
    const LSPACT: u32 = 1;
    // SAFETY: FPCCR is the FPU's context control register, present on
    // every core of an `eabihf` target; the handler runs privileged, and
    // clearing LSPACT only drops the pending save.
    unsafe { FPCCR.write_volatile(FPCCR.read_volatile() & !LSPACT) };
}

/// Thread mode again after a failed allocation's hard fault.
#[cfg(panic = "immediate-abort")]
extern "C" fn after_fault() -> ! {
    restart();
    crate::fault::exit(crate::FAULT_EXIT)
}

/// The first function on the fresh stack: enters the loop again.
extern "C" fn restarted() -> ! {
    let (entry, mode) =
        critical_section::with(|cs| (ENTRY.borrow(cs).get(), RESUME.borrow(cs).get()));
    match entry {
        Some(e) => (e.start)(e.arg, Some(mode)),
        None => crate::fault::exit(crate::PANIC_EXIT),
    }
}
