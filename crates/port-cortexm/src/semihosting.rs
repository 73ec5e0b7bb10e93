//! The two semihosting calls the firmware makes under qemu (or a debugger):
//! writing a message to the host's stderr and ending the program with a
//! status (`SYS_EXIT_EXTENDED`, which qemu turns into its exit code).
//!
//! Without a debugger or emulator attached, the `bkpt` these use stops the
//! chip (a fault escalated to lockup): board builds only call them with the
//! `semihosting` feature on.

const SYS_WRITE0: usize = 0x04;
const SYS_EXIT_EXTENDED: usize = 0x20;
/// `ADP_Stopped_ApplicationExit`.
const APPLICATION_EXIT: usize = 0x2_0026;

/// Makes semihosting call `op` with parameter `arg`.
///
/// # Safety
///
/// `arg` must be what operation `op` expects (a pointer to its parameter
/// block, valid for the call), and a semihosting host must be attached.
unsafe fn call(op: usize, arg: usize) -> usize {
    let mut r0 = op;
    // SAFETY: the caller's contract; `bkpt 0xab` is the Thumb semihosting
    // trap, the host reads r0/r1 and returns in r0.
    unsafe {
        core::arch::asm!("bkpt #0xab", inout("r0") r0, in("r1") arg, options(nostack));
    }
    r0
}

/// Writes `text` (without NULs) to the host's console, in chunks.
pub fn write_str(text: &str) {
    let mut buf = [0u8; 65];
    for chunk in text.as_bytes().chunks(64) {
        buf[..chunk.len()].copy_from_slice(chunk);
        buf[chunk.len()] = 0;
        // SAFETY: SYS_WRITE0 takes a pointer to a NUL-terminated string,
        // which `buf` is for the duration of the call.
        unsafe { call(SYS_WRITE0, buf.as_ptr() as usize) };
    }
}

/// Ends the program: qemu exits with `code`.
pub fn exit(code: i32) -> ! {
    let block = [APPLICATION_EXIT, code as usize];
    // SAFETY: SYS_EXIT_EXTENDED takes a pointer to a two-word block (reason,
    // exit code), which lives on this stack for the call.
    unsafe { call(SYS_EXIT_EXTENDED, block.as_ptr() as usize) };
    // A host that ignored the request: stop here.
    loop {
        cortex_m::asm::wfi();
    }
}
