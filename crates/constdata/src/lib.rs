#![doc = include_str!("../README.md")]
#![no_std]
#![warn(missing_docs)]
// `Float` is `f32` on 32-bit targets and `f64` on hosts: casts that convert
// on the boards are identities on hosts.
#![allow(clippy::unnecessary_cast)]

pub mod uarray;
pub mod ubinascii;
pub mod ustruct;
mod util;

pub use uarray::{ARRAY_TYPE, Array, init_array, new_array};
pub use ubinascii::{BINASCII_ERROR, init_binascii};
pub use ustruct::{STRUCT_ERROR, init_struct};
