#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bigint;
pub mod complex;
pub mod error;
pub mod float;
pub mod fmtspec;
mod util;

pub use bigint::{BigRef, Limb, Written};
pub use error::{ExcKind, NumError, NumResult, OverflowKind, ValueKind, ZeroDivKind};
pub use util::SliceWriter;
