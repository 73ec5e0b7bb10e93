//! Conservative scanning of the machine stack and registers.

use pyrite_gc::Marker;

/// Copies the callee-saved registers, where a caller may keep a pointer
/// that is on no stack, into an array.
#[inline(never)]
fn spill_registers() -> [usize; 12] {
    let mut regs = [0usize; 12];
    #[cfg(target_arch = "x86_64")]
    // SAFETY: only reads registers and writes the six words of `regs`
    // through a valid pointer; no stack or flags are touched.
    unsafe {
        core::arch::asm!(
            "mov [{r}], rbx",
            "mov [{r} + 8], rbp",
            "mov [{r} + 16], r12",
            "mov [{r} + 24], r13",
            "mov [{r} + 32], r14",
            "mov [{r} + 40], r15",
            r = in(reg) regs.as_mut_ptr(),
            options(nostack, preserves_flags)
        );
    }
    #[cfg(target_arch = "aarch64")]
    // SAFETY: only reads registers and writes the eleven words of `regs`
    // through a valid pointer.
    unsafe {
        core::arch::asm!(
            "stp x19, x20, [{r}]",
            "stp x21, x22, [{r}, #16]",
            "stp x23, x24, [{r}, #32]",
            "stp x25, x26, [{r}, #48]",
            "stp x27, x28, [{r}, #64]",
            "str x29, [{r}, #80]",
            r = in(reg) regs.as_mut_ptr(),
            options(nostack, preserves_flags)
        );
    }
    core::hint::black_box(regs)
}

/// The current stack address (approximately the stack pointer).
#[inline(never)]
pub fn stack_address() -> usize {
    let marker = 0usize;
    core::hint::black_box(&marker) as *const usize as usize
}

/// The VM's machine-stack callback: marks everything the registers and the
/// stack between here and `base` may point to.
#[inline(never)]
pub fn scan_machine_stack(m: &mut Marker<'_>, base: usize) {
    let regs = spill_registers();
    m.scan_words(&regs);
    let here = stack_address() & !(size_of::<usize>() - 1);
    let base = base & !(size_of::<usize>() - 1);
    if here < base {
        // SAFETY: the range runs from a frame below this one up to `base`,
        // an address in a frame of the same thread that outlives the VM's
        // use (recorded by the caller of `new_vm`): all of it is this
        // thread's live, initialised, word-aligned stack memory, not part of
        // the heap pool.
        unsafe { m.scan_range(here as *const usize, base as *const usize) };
    }
}
