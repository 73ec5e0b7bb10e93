#![doc = include_str!("../README.md")]
#![no_std]
#![warn(missing_docs)]
// `Float` is `f32` on 32-bit targets and `f64` on hosts: casts that convert
// on the boards are identities on hosts.
#![allow(clippy::unnecessary_cast)]

#[cfg(feature = "array")]
pub mod uarray;
#[cfg(feature = "binascii")]
pub mod ubinascii;
#[cfg(feature = "struct")]
pub mod ustruct;
// Each module uses a part of the helpers; with some modules left out the
// rest goes unused.
#[cfg_attr(
    not(all(feature = "struct", feature = "array", feature = "binascii")),
    allow(dead_code, unused_imports)
)]
mod util;

#[cfg(feature = "array")]
pub use uarray::{ARRAY_TYPE, Array, init_array, new_array};
#[cfg(feature = "binascii")]
pub use ubinascii::{BINASCII_ERROR, init_binascii};
#[cfg(feature = "struct")]
pub use ustruct::{STRUCT_ERROR, init_struct};
