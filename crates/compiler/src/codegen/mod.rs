//! The code generator: statements in, a .mpy v6 file out, through
//! `pyrite-mpy`'s writer.

use alloc::vec::Vec;

use crate::ast::{Expr, Loc, Stmt};
use crate::{CompileError, Mode, Options};

/// Compiles a module statement by statement.
pub struct ModuleCompiler {
    mode: Mode,
}

impl ModuleCompiler {
    /// A compiler for one module.
    pub fn new(opts: &Options<'_>, mode: Mode) -> Self {
        let _ = opts;
        ModuleCompiler { mode }
    }

    /// Compile one top-level statement.
    pub fn statement(&mut self, stmt: &Stmt<'_>) -> Result<(), CompileError> {
        Err(CompileError::syntax(
            stmt.loc,
            "code generator not built yet",
        ))
    }

    /// Compile the expression of an `eval`-mode module.
    pub fn eval_expr(&mut self, expr: &Expr<'_>) -> Result<(), CompileError> {
        Err(CompileError::syntax(
            expr.loc,
            "code generator not built yet",
        ))
    }

    /// The .mpy file.
    pub fn finish(self) -> Result<Vec<u8>, CompileError> {
        let _ = self.mode;
        Err(CompileError::syntax(
            Loc { line: 1, col: 1 },
            "code generator not built yet",
        ))
    }
}
