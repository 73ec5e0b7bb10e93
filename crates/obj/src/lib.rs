#![doc = include_str!("../README.md")]
#![no_std]
// `SmallInt` and `Float` are `i32`/`f32` on 32-bit targets and `i64`/`f64` on
// hosts: casts that widen on the boards are identities on hosts.
#![allow(clippy::unnecessary_cast)]

pub mod args;
pub mod error;
pub mod map;
pub mod object;
pub mod ops;
pub mod protocol;
pub mod qstr;
pub mod rom;
pub mod rt;
pub mod sink;
mod sizes;
mod type_cache;
pub mod types;
pub mod value;

pub use args::Args;
pub use error::{Exc, PyResult};
pub use object::{ObjHeader, Object, Slots, Type, TypeFlags};
pub use ops::{BinaryOp, UnaryOp};
pub use qstr::{Qstr, q};
pub use rt::Rt;
pub use sink::Sink;
pub use value::{Float, Value};
