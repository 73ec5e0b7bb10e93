//! Conservative scanning of the machine stack and the callee-saved
//! registers on Cortex-M (ARMv6-M and ARMv7-M alike).

use pyrite_gc::Marker;

/// Copies the callee-saved core registers `r4`-`r11`, where a caller may
/// keep a pointer that is on no stack, into an array.
#[inline(never)]
fn spill_registers() -> [usize; 8] {
    let mut regs = [0usize; 8];
    // SAFETY: stores the eight registers into the eight words of `regs`
    // through a valid pointer in `r0`; `r1` is the only scratch register
    // and is declared clobbered. Thumb-1 encodings only (low registers for
    // `str`, `mov` from the high ones), so it assembles for the Cortex-M0
    // too. Flags and the stack are untouched.
    unsafe {
        core::arch::asm!(
            "str r4, [r0, #0]",
            "str r5, [r0, #4]",
            "str r6, [r0, #8]",
            "str r7, [r0, #12]",
            "mov r1, r8",
            "str r1, [r0, #16]",
            "mov r1, r9",
            "str r1, [r0, #20]",
            "mov r1, r10",
            "str r1, [r0, #24]",
            "mov r1, r11",
            "str r1, [r0, #28]",
            in("r0") regs.as_mut_ptr(),
            out("r1") _,
            options(nostack, preserves_flags)
        );
    }
    core::hint::black_box(regs)
}

/// The current stack pointer.
#[inline(always)]
pub fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: reads `sp` into a register; no memory or flags are touched.
    unsafe {
        core::arch::asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags));
    }
    sp
}

/// The VM's machine-stack callback: marks everything the registers and the
/// stack from here up to `base` (the top of the stack) may point to.
#[inline(never)]
pub fn scan_machine_stack(m: &mut Marker<'_>, base: usize) {
    let regs = spill_registers();
    m.scan_words(&regs);
    let here = stack_pointer() & !(size_of::<usize>() - 1);
    let base = base & !(size_of::<usize>() - 1);
    if here < base {
        // SAFETY: the range runs from the current stack pointer up to the
        // top of the one machine stack (the linker's `_stack_start`): all of
        // it is live, initialised, word-aligned RAM of this (only) thread,
        // outside the GC heap's region.
        unsafe { m.scan_range(here as *const usize, base as *const usize) };
    }
}

/// The lowest address the stack has reached since [`paint`], found by
/// looking for the first word that is no longer the paint pattern.
pub fn high_water(lowest: usize) -> usize {
    let mut p = lowest;
    let sp = stack_pointer();
    while p < sp {
        // SAFETY: `lowest..sp` is the unused part of the machine stack:
        // RAM that only this thread's stack uses.
        if unsafe { core::ptr::read_volatile(p as *const u32) } != PAINT {
            break;
        }
        p += 4;
    }
    p
}

const PAINT: u32 = 0x5A5A_5A5A;

/// Fills the unused stack below the current frame (down to `lowest`) with
/// a pattern so that [`high_water`] can measure the deepest use.
#[inline(never)]
pub fn paint(lowest: usize) {
    // Leave a margin below this frame for the loop itself.
    let top = stack_pointer().saturating_sub(64) & !3;
    let mut p = lowest;
    while p < top {
        // SAFETY: `lowest..top` lies below every live frame (the stack
        // grows down and this frame is above `top`) and above the stack's
        // limit: unused stack RAM.
        unsafe { core::ptr::write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
}
