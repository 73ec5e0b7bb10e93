#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod ast;
pub mod codegen;
mod error;
pub mod lexer;
pub mod parser;
mod stack;

use alloc::vec::Vec;

pub use error::{CompileError, ErrorKind, RECURSION_MESSAGE, TERSE_MESSAGE};
pub use stack::STACK_RESERVE;

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
    /// The lowest machine-stack address the compiler may use (stacks grow
    /// down), or `None` to check nothing. With a limit, every recursion
    /// point of the parser and the code generator checks that
    /// [`STACK_RESERVE`] bytes are left above it, and compiling fails with
    /// [`ErrorKind::Recursion`] when they are not, so source nested deeper
    /// than a small stack allows is an error, not a crash. An embedder
    /// whose allocator may run long (a garbage collection) or whose
    /// interrupts use the same stack sets it that much above the real end.
    pub stack_limit: Option<usize>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            source_name: "<stdin>",
            opt_level: 0,
            small_int_bits: 31,
            stack_limit: None,
        }
    }
}

/// Compile `src` to the bytes of a .mpy v6 file.
///
/// Streams: each top-level statement is parsed, compiled and dropped before
/// the next is read.
///
/// With [`Options::stack_limit`] set, source nested deeper than the machine
/// stack allows fails with [`ErrorKind::Recursion`].
pub fn compile(src: &[u8], mode: Mode, opts: &Options<'_>) -> Result<Vec<u8>, CompileError> {
    let mut module = codegen::ModuleCompiler::new(opts, mode);
    if mode == Mode::Eval {
        compile_eval(src, opts.stack_limit, &mut module)?;
    } else {
        compile_statements(src, opts.stack_limit, &mut module)?;
    }
    let file = module.finish()?;
    // The file was allocated while the compiler's data (the code of every
    // function, the tables) was alive, so it sits above that data; a
    // small heap's first-fit allocator then has the file in the middle of
    // the free space the compiler leaves. A copy made now goes into that
    // space's lowest run, leaving one free run above it for loading (the
    // verifier's scratch is 8 bytes per opcode byte of the largest
    // function). A host keeps the file where it is.
    if cfg!(target_pointer_width = "32") {
        return Ok(file.as_slice().to_vec());
    }
    Ok(file)
}

/// The statements of a module (`compile`'s file and single modes). Not
/// inlined, like [`compile_eval`], so that only one mode's state is on
/// the machine stack below the recursion.
#[inline(never)]
fn compile_statements(
    src: &[u8],
    stack_limit: Option<usize>,
    module: &mut codegen::ModuleCompiler,
) -> Result<(), CompileError> {
    let mut parser = parser::Parser::new(src);
    parser.set_stack_limit(stack_limit);
    while let Some(stmt) = parser.next_statement()? {
        module.statement(&stmt)?;
    }
    Ok(())
}

/// The expression of an `eval`-mode module.
#[inline(never)]
fn compile_eval(
    src: &[u8],
    stack_limit: Option<usize>,
    module: &mut codegen::ModuleCompiler,
) -> Result<(), CompileError> {
    let expr = parser::parse_eval_limited(src, stack_limit)?;
    module.eval_expr(&expr)
}
