#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod ast;
pub mod codegen;
mod error;
pub mod lexer;
pub mod parser;

use alloc::vec::Vec;

pub use error::{CompileError, ErrorKind};

/// What the source is, as the three modes of Python's `compile()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A module (`exec` mode, `import`, `pyrite file.py`).
    File,
    /// One REPL input: expression statements at module level print their
    /// value's `repr` (through the `__repl_print__` built-in) unless `None`.
    Single,
    /// One expression (`eval` mode): the module's code returns its value.
    Eval,
}

/// Compiler options, as `mpy-cross`'s flags.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    /// The file name recorded in the .mpy (`-s`), e.g. `foo.py`.
    pub source_name: &'a str,
    /// `-O` level: 1 and up strip `assert` and set `__debug__` false; 3
    /// drops line numbers.
    pub opt_level: u8,
    /// `-msmall-int-bits`: ints wider than this become constants.
    pub small_int_bits: u8,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            source_name: "<stdin>",
            opt_level: 0,
            small_int_bits: 31,
        }
    }
}

/// Compile `src` to the bytes of a .mpy v6 file.
///
/// Streams: each top-level statement is parsed, compiled and dropped before
/// the next is read.
pub fn compile(src: &[u8], mode: Mode, opts: &Options<'_>) -> Result<Vec<u8>, CompileError> {
    let mut module = codegen::ModuleCompiler::new(opts, mode);
    if mode == Mode::Eval {
        let expr = parser::parse_eval(src)?;
        module.eval_expr(&expr)?;
    } else {
        let mut parser = parser::Parser::new(src);
        while let Some(stmt) = parser.next_statement()? {
            module.statement(&stmt)?;
        }
    }
    module.finish()
}
