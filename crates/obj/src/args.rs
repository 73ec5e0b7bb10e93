//! Call arguments, passed without allocating.

use crate::value::Value;

/// The arguments of a call: positional values, then keyword pairs flattened
/// as `[name, value, name, value, ...]` (names are qstr values). Both slices
/// usually point straight into the VM's value stack.
#[derive(Clone, Copy, Default)]
pub struct Args<'a> {
    /// Positional arguments.
    pub pos: &'a [Value],
    /// Keyword arguments as name/value pairs, flattened.
    pub kw: &'a [Value],
}

impl<'a> Args<'a> {
    /// Positional arguments only.
    pub const fn positional(pos: &'a [Value]) -> Args<'a> {
        Args { pos, kw: &[] }
    }

    /// Number of keyword arguments.
    pub fn kw_len(&self) -> usize {
        self.kw.len() / 2
    }

    /// The keyword arguments as `(name, value)` pairs.
    pub fn kw_pairs(&self) -> impl Iterator<Item = (Value, Value)> + 'a {
        self.kw.chunks_exact(2).map(|pair| (pair[0], pair[1]))
    }
}
