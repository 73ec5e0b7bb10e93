//! The machine-stack guard: the parser and the code generator recurse on
//! the machine stack, which on a board may be a few KiB, so each recursion
//! point asks how much is left and fails with [`ErrorKind::Recursion`]
//! (`RecursionError` in the VM) before the stack runs out.
//!
//! The current position is the address of a local, so the check needs no
//! `unsafe` and costs a compare. Stacks grow down on every target Pyrite
//! runs on.
//!
//! [`ErrorKind::Recursion`]: crate::ErrorKind::Recursion

use alloc::boxed::Box;

use crate::CompileError;
use crate::ast::Loc;

/// Bytes of machine stack the compiler keeps free above
/// [`Options::stack_limit`](crate::Options::stack_limit): the deepest chain
/// of frames between two checks (a check, then for instance the lexer
/// decomposing an f-string, or a function's bytecode being encoded, down
/// to the allocator) must fit in it. 1 KiB on 32-bit targets: on the
/// Cortex-M0 firmware (`opt-level = "z"`), deeply nested programs of 30
/// shapes never wrote more than 0.71 KiB below the floor (limit plus
/// reserves) before the guard stopped them (measured in qemu with the
/// stack painted). Twice that on 64-bit hosts, whose frames are bigger.
pub const STACK_RESERVE: usize = 256 * size_of::<usize>();

/// What a recursion point checks: the lowest address the compiler's next
/// level may start from.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct StackGuard {
    /// `stack_limit + STACK_RESERVE`; 0 when the embedder set no limit.
    floor: usize,
}

impl StackGuard {
    /// A guard for a stack whose lowest usable address is `limit`.
    pub(crate) fn new(limit: Option<usize>) -> Self {
        StackGuard {
            floor: limit.map_or(0, |l| l.saturating_add(STACK_RESERVE)),
        }
    }

    /// Whether the stack is too low to go one level deeper.
    #[inline(always)]
    pub(crate) fn exhausted(self) -> bool {
        self.floor != 0 && stack_position() < self.floor
    }

    /// [`StackGuard::exhausted`] as the error at `loc`, boxed as the code
    /// generator passes it and built out of line: each check stays a
    /// compare.
    #[inline(always)]
    pub(crate) fn check(self, loc: Loc) -> Result<(), Box<CompileError>> {
        if self.exhausted() {
            return Err(recursion_boxed(loc));
        }
        Ok(())
    }
}

/// The boxed [`CompileError::recursion`] of [`StackGuard::check`].
#[cold]
#[inline(never)]
fn recursion_boxed(loc: Loc) -> Box<CompileError> {
    Box::new(CompileError::recursion(loc))
}

/// The current machine-stack position: the address of a local in the
/// caller's frame.
#[inline(always)]
pub(crate) fn stack_position() -> usize {
    let marker = 0u8;
    (&raw const *core::hint::black_box(&marker)).addr()
}
