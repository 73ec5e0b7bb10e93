#![doc = include_str!("../README.md")]
#![no_std]
// `SmallInt` and `Float` are `i32`/`f32` on 32-bit targets and `i64`/`f64` on
// hosts: casts that widen on the boards are identities on hosts.
#![allow(clippy::unnecessary_cast)]

extern crate alloc;

mod attr_cache;
mod builtins;
mod calliter;
mod class;
mod files;
pub mod frozen;
mod func;
mod generator;
mod import;
mod interp;
mod load;
mod modules;
mod ops;
mod port_modules;
mod range;
#[cfg(feature = "stdlib-re")]
mod regex;
mod sched;
mod seqiter;
mod small_sort;
mod source;
mod stdlib;
mod traceback;
mod vm;

pub use files::{FileStat, FileSystem, LineInput};
pub use frozen::{FrozenKind, FrozenModule};
pub use import::{FileKind, ImportFs};
pub use modules::ModInit;
pub use range::{RANGE_TYPE, RangeObj};
pub use sched::{SCHED_DEPTH, SchedQueue};
pub use source::Mode;
pub use stdlib::time::ClockHooks;
pub use vm::{MachineStackScan, SharedStack, Vm, VmBox, VmConfig};
