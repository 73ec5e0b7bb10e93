//! Errors are values: a raised exception is an exception object.

use crate::value::Value;

/// A raised Python exception: the exception instance (or, before it is
/// normalised, an exception type). Carried in `Err` through Rust code, so
/// every fallible operation returns a [`PyResult`].
#[must_use = "a raised exception must be propagated or handled"]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Exc(pub Value);

/// The result of anything that may raise.
pub type PyResult<T = Value> = Result<T, Exc>;
