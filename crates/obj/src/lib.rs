#![doc = include_str!("../README.md")]
#![no_std]

pub mod args;
pub mod error;
pub mod map;
pub mod object;
pub mod ops;
pub mod qstr;
pub mod rt;
pub mod sink;
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
