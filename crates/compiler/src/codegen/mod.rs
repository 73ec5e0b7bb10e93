//! The code generator: statements in, a .mpy v6 file out, through
//! `pyrite-mpy`'s writer.
//!
//! It emits the bytecode `mpy-cross` emits for each construct (the same
//! opcodes, the same scope rules, the same constant folding), so that a file
//! runs identically on Pyrite and on MicroPython.
//!
//! Memory: the module's own code and the finished raw codes of its
//! functions stay until [`ModuleCompiler::finish`]; a function's
//! bookkeeping (symbol table, assembler, loop stack) lives only while the
//! function is compiled, and each function's bytecode is encoded as soon as
//! it is finished.
//!
//! # Machine stack
//!
//! Statements, expressions and nested scopes compile recursively, so each
//! of `stmt`, `expr` and the other recursive walks (`cond_jump`, `store`,
//! `delete`, comprehension loops, constant folding, scope analysis) checks
//! the stack guard ([`Options::stack_limit`](crate::Options::stack_limit))
//! and keeps its own frame small: the work of each kind of statement or
//! expression, and anything that holds a `CVal`, a `Scope` or a
//! signature on the stack, is in a function that is never inlined into the
//! recursive ones, so a nesting level costs only the frames on its path.

mod consts;
mod expr;
#[cfg(feature = "fstrings")]
mod fstring;
mod scope;
mod stmt;

use alloc::boxed::Box;
use alloc::vec::Vec;

use pyrite_mpy::op;
use pyrite_mpy::opcodes::{Instr, Operand};
use pyrite_mpy::writer::{
    Assembler, ConstValue, Label, ModuleWriter, RawCodeOut, Signature, encode_function,
};

use crate::ast::{Expr, Loc, Stmt};
use crate::stack::StackGuard;
use crate::{CompileError, Mode, Options};

use consts::CVal;
use scope::ScopeKind;

/// Scope flag: the function is a generator.
const FLAG_GENERATOR: u32 = 0x01;
/// Scope flag: `**kwargs`.
const FLAG_VARKEYWORDS: u32 = 0x02;
/// Scope flag: `*args`.
const FLAG_VARARGS: u32 = 0x04;
/// Scope flag: keyword-only parameters with defaults.
const FLAG_DEFKWARGS: u32 = 0x08;

/// Most locals (plus stack) a function may have.
const MAX_STATE: u32 = 0xffff;

/// State that outlives one top-level statement.
struct ModuleState {
    mode: Mode,
    opt_level: u8,
    small_int_bits: u8,
    writer: ModuleWriter,
    /// `X = const(...)` definitions so far.
    #[cfg(feature = "const-fold")]
    consts: Vec<(alloc::string::String, CVal)>,
    /// The machine-stack check of every recursion point.
    stack: StackGuard,
}

/// Compiles a module statement by statement.
pub struct ModuleCompiler {
    st: ModuleState,
    module: Code,
}

/// One function's code being built.
#[derive(Default)]
struct Code {
    asm: Assembler,
    depth: u32,
    max_depth: u32,
    exc: u32,
    max_exc: u32,
    /// `finally` handlers being executed around the current position (each
    /// may hold a hidden unwind slot).
    hidden: u32,
    /// The last instruction was an unconditional transfer: emit nothing
    /// until the next label.
    dead: bool,
    /// Expression nesting being compiled.
    expr_depth: u32,
    children: Vec<RawCodeOut>,
}

/// How a name is accessed in a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sym {
    /// A fast local (`LOAD_FAST`).
    Fast(u32),
    /// A cell or free variable in local slot n (`LOAD_DEREF`).
    Deref(u32),
    /// `LOAD_GLOBAL`.
    Global,
    /// `LOAD_NAME` (module and class level).
    Name,
}

/// What kind of loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LoopKind {
    While,
    /// A `for` over an iterator (4 stack slots).
    ForIter,
    /// A `for` over `range()` kept on the stack (counter, maybe the end).
    ForRange,
}

/// An enclosing loop, for `break` / `continue`.
#[derive(Clone, Copy, Debug)]
struct Loop {
    kind: LoopKind,
    brk: Label,
    cont: Label,
    /// Exception-block depth of the loop body.
    exc: u32,
}

/// A scope being compiled.
struct Scope<'s> {
    kind: ScopeKind,
    code: Code,
    syms: Vec<(&'s str, Sym)>,
    /// Free variables: slot `i` holds free variable `free[i]`.
    free: Vec<&'s str>,
    /// The class cell's slot (class bodies whose methods use `super()`).
    class_cell: Option<u32>,
    n_locals: u32,
    cells: Vec<u8>,
    loops: Vec<Loop>,
    /// Local slot of the first positional parameter (for `super()`).
    first_param: Option<u32>,
    /// The scope is a generator (`yield`, `await`, `async def`).
    is_generator: bool,
}

impl<'s> Scope<'s> {
    fn new(kind: ScopeKind, code: Code) -> Self {
        Scope {
            kind,
            code,
            syms: Vec::new(),
            free: Vec::new(),
            class_cell: None,
            n_locals: 0,
            cells: Vec::new(),
            loops: Vec::new(),
            first_param: None,
            is_generator: false,
        }
    }

    fn lookup(&self, name: &str) -> Option<Sym> {
        self.syms.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }

    /// The slot holding the cell a nested scope needs for `name`, if this
    /// scope can provide it.
    fn provides(&self, name: &str) -> Option<u32> {
        match self.kind {
            ScopeKind::Module => None,
            ScopeKind::Class => {
                if name == scope::CLASS_CELL
                    && let Some(c) = self.class_cell
                {
                    return Some(c);
                }
                self.free.iter().position(|n| *n == name).map(|i| i as u32)
            }
            _ => match self.lookup(name) {
                Some(Sym::Deref(n)) => Some(n),
                _ => None,
            },
        }
    }
}

/// The open scopes of a statement being compiled, innermost last.
#[allow(
    clippy::vec_box,
    reason = "a heap block per scope: a board's small heap need not find one block for all"
)]
type ScopeStack<'s> = Vec<Box<Scope<'s>>>;

/// Compiles one top-level statement (and everything nested in it).
struct Compiler<'m, 's> {
    m: &'m mut ModuleState,
    /// The open scopes, innermost last; each in a heap block of its own
    /// (some 140 bytes on 32-bit), so that opening one never needs the
    /// whole stack of scopes in one contiguous block of a small heap.
    scopes: ScopeStack<'s>,
}

/// A `SyntaxError` with a fixed message: one cold copy for the code
/// generator's many error sites.
#[cfg_attr(feature = "error-messages", cold, inline(never))]
#[cfg_attr(not(feature = "error-messages"), inline(always))]
fn syntax(loc: Loc, msg: &'static str) -> CgError {
    #[cfg(feature = "error-messages")]
    return Box::new(CompileError::syntax(loc, msg));
    #[cfg(not(feature = "error-messages"))]
    {
        let _ = msg;
        terse_error(loc)
    }
}

/// A `SyntaxError` at `loc` with the one terse message (what [`syntax`]
/// comes to without the `error-messages` feature: the message is not
/// even passed, so that none is linked).
#[cfg(not(feature = "error-messages"))]
#[inline(never)]
fn terse_error(loc: Loc) -> CgError {
    Box::new(CompileError::terse(crate::ErrorKind::Syntax, loc))
}

/// A compile error on its way out of the code generator: boxed, so that
/// a `Result<(), CgError>` is one register and each of the code
/// generator's hundreds of `?` a compare, not a copy of the error.
pub(crate) type CgError = Box<CompileError>;

impl ModuleCompiler {
    /// A compiler for one module.
    pub fn new(opts: &Options<'_>, mode: Mode) -> Self {
        let mut writer = ModuleWriter::new();
        writer.small_int_bits = opts.small_int_bits;
        writer.qstr(opts.source_name.as_bytes());
        writer.qstr(b"<module>");
        ModuleCompiler {
            st: ModuleState {
                mode,
                opt_level: opts.opt_level,
                small_int_bits: opts.small_int_bits.clamp(8, 63),
                writer,
                #[cfg(feature = "const-fold")]
                consts: Vec::new(),
                stack: StackGuard::new(opts.stack_limit),
            },
            module: Code::default(),
        }
    }

    /// Runs `f` with a compiler whose one scope is the module's. The
    /// scope moves to the heap and back in functions that are never
    /// inlined, so that no copy of it stays in this frame, under the
    /// recursion of `f`.
    fn with_compiler<'s>(
        &mut self,
        f: impl FnOnce(&mut Compiler<'_, 's>) -> Result<(), CgError>,
    ) -> Result<(), CompileError> {
        let mut c = Compiler {
            scopes: module_scopes(&mut self.module),
            m: &mut self.st,
        };
        let r = f(&mut c);
        restore_module(&mut self.module, c.scopes);
        r.map_err(|e| *e)
    }

    /// Compile one top-level statement.
    #[inline(never)]
    pub fn statement(&mut self, stmt: &Stmt<'_>) -> Result<(), CompileError> {
        self.with_compiler(|c| {
            // Declarations and nested-scope checks for this statement.
            analyze_module_stmt(stmt, c.m.stack)?;
            c.stmt(stmt)
        })?;
        // The statement's jumps are all within it: its code can be laid
        // out now, so that the module's code is held as final bytes, not
        // as assembler items, while the rest compiles.
        self.module.asm.flush();
        Ok(())
    }

    /// Compile the expression of an `eval`-mode module.
    pub fn eval_expr(&mut self, expr: &Expr<'_>) -> Result<(), CompileError> {
        self.with_compiler(|c| {
            c.set_line(expr.loc);
            c.expr(expr)?;
            c.op(op::RETURN_VALUE);
            Ok(())
        })
    }

    /// The .mpy file.
    pub fn finish(mut self) -> Result<Vec<u8>, CompileError> {
        let loc = Loc { line: 1, col: 1 };
        self.with_compiler(|c| {
            if c.m.mode != Mode::Eval || !c.code().dead {
                c.op(op::LOAD_CONST_NONE);
                c.op(op::RETURN_VALUE);
            }
            Ok(())
        })?;
        let code = self.module;
        let name = 1; // "<module>"
        let root =
            finish_code(code, &Signature::default(), name, &[], &[], 0, loc).map_err(|e| *e)?;
        Ok(self.st.writer.finish(&root))
    }
}

/// The scope stack of a top-level statement: the module's scope, holding
/// its code so far (taken from `module`).
#[inline(never)]
fn module_scopes<'s>(module: &mut Code) -> ScopeStack<'s> {
    alloc::vec![Box::new(Scope::new(
        ScopeKind::Module,
        core::mem::take(module)
    ))]
}

/// Puts the module's code back from the scope stack of a finished
/// top-level statement.
#[inline(never)]
fn restore_module(module: &mut Code, scopes: ScopeStack<'_>) {
    if let Some(s) = scopes.into_iter().next() {
        *module = s.code;
    }
}

/// The declarations and nested-scope checks of a top-level statement.
#[inline(never)]
fn analyze_module_stmt(stmt: &Stmt<'_>, stack: StackGuard) -> Result<(), CgError> {
    scope::Analyzer::module_stmt(stmt, stack)
}

/// Assemble a function: the signature's `n_state` and `n_exc_stack` are
/// filled in from the code.
fn finish_code(
    code: Code,
    sig: &Signature,
    name: u32,
    arg_names: &[u32],
    cells: &[u8],
    n_locals: u32,
    loc: Loc,
) -> Result<RawCodeOut, CgError> {
    let Code {
        asm,
        max_depth,
        max_exc,
        children,
        ..
    } = code;
    let out = asm
        .finish()
        .map_err(|_| syntax(loc, "function too large"))?;
    let n_state = (n_locals + max_depth).max(1);
    if n_state > MAX_STATE {
        return Err(syntax(loc, "function too complex"));
    }
    let sig = Signature {
        n_state,
        n_exc_stack: max_exc,
        ..*sig
    };
    let code = encode_function(&sig, name, arg_names, &out.line_info, cells, &out.bytecode);
    Ok(RawCodeOut { code, children })
}

impl<'s> Compiler<'_, 's> {
    // The accessors of the current scope are not inlined: dozens of
    // sites would each carry the index and its bounds check.
    #[inline(never)]
    fn scope(&self) -> &Scope<'s> {
        // The module scope is always present.
        &self.scopes[self.scopes.len() - 1]
    }

    #[inline(never)]
    fn scope_mut(&mut self) -> &mut Scope<'s> {
        let n = self.scopes.len() - 1;
        &mut self.scopes[n]
    }

    #[inline(never)]
    fn code(&mut self) -> &mut Code {
        &mut self.scope_mut().code
    }

    // ---- emission primitives -------------------------------------------

    /// Account for an instruction's stack effect.
    fn effect(&mut self, opcode: u8, arg: u32, extra: u8) {
        let ins = Instr {
            opcode,
            pc: 0,
            len: 0,
            operand: Operand::Uint(arg),
            extra,
        };
        let e = ins.stack_effect();
        let scratch = ins.scratch_slots();
        let c = self.code();
        let before = c.depth;
        c.depth = c.depth.saturating_sub(e.pops) + e.pushes;
        let peak = before.max(c.depth) + scratch + c.hidden;
        c.max_depth = c.max_depth.max(peak);
    }

    fn op(&mut self, opcode: u8) {
        self.effect(opcode, 0, 0);
        let c = self.code();
        if !c.dead {
            c.asm.emit(opcode);
        }
        if matches!(
            opcode,
            op::RETURN_VALUE | op::RAISE_LAST | op::RAISE_OBJ | op::RAISE_FROM
        ) {
            c.dead = true;
        }
    }

    /// A run of argument-less instructions: one call at each of the
    /// sequences the `with`, `try` and `async` statements emit.
    #[inline(never)]
    fn ops(&mut self, opcodes: &[u8]) {
        for &opcode in opcodes {
            self.op(opcode);
        }
    }

    fn op_uint(&mut self, opcode: u8, arg: u32) {
        self.effect(opcode, arg, 0);
        let c = self.code();
        if !c.dead {
            c.asm.emit_uint(opcode, arg);
        }
    }

    fn qstr(&mut self, s: &[u8]) -> u32 {
        self.m.writer.qstr(s)
    }

    fn op_qstr(&mut self, opcode: u8, name: &str) {
        let q = self.qstr(name.as_bytes());
        self.op_uint(opcode, q);
    }

    fn load_int(&mut self, v: i64) {
        self.effect(op::LOAD_CONST_SMALL_INT, 0, 0);
        let c = self.code();
        if !c.dead {
            c.asm.load_small_int(v);
        }
    }

    fn load_fast(&mut self, n: u32) {
        self.effect(op::LOAD_FAST_N, n, 0);
        let c = self.code();
        if !c.dead {
            c.asm.load_fast(n);
        }
    }

    fn store_fast(&mut self, n: u32) {
        self.effect(op::STORE_FAST_N, n, 0);
        let c = self.code();
        if !c.dead {
            c.asm.store_fast(n);
        }
    }

    fn new_label(&mut self) -> Label {
        self.code().asm.new_label()
    }

    /// Bind a label; code after it is live again.
    fn bind(&mut self, l: Label) {
        let c = self.code();
        c.asm.bind(l);
        c.dead = false;
    }

    /// A jump-format instruction. `JUMP` makes the following code dead.
    fn jump(&mut self, opcode: u8, l: Label) {
        self.effect(opcode, 0, 0);
        let c = self.code();
        if !c.dead {
            c.asm.jump(opcode, l);
        }
        if opcode == op::JUMP {
            c.dead = true;
        }
    }

    fn unwind_jump(&mut self, l: Label, extra: u8) {
        self.effect(op::UNWIND_JUMP, 0, extra);
        let c = self.code();
        if !c.dead {
            c.asm.unwind_jump(l, extra);
        }
        c.dead = true;
    }

    /// Bind `l`, where the stack holds `depth` entries.
    #[inline(never)]
    fn bind_at(&mut self, l: Label, depth: u32) {
        self.bind(l);
        self.set_depth(depth);
    }

    fn set_depth(&mut self, d: u32) {
        let c = self.code();
        c.depth = d;
        c.max_depth = c.max_depth.max(d + c.hidden);
    }

    fn depth(&mut self) -> u32 {
        self.code().depth
    }

    /// Push an exception block.
    fn setup(&mut self, opcode: u8, l: Label) {
        self.jump(opcode, l);
        let c = self.code();
        c.exc += 1;
        c.max_exc = c.max_exc.max(c.exc);
        // The handler is entered with the exception pushed.
        c.max_depth = c.max_depth.max(c.depth + 1 + c.hidden);
    }

    fn pop_block(&mut self) {
        let c = self.code();
        c.exc = c.exc.saturating_sub(1);
    }

    fn set_line(&mut self, loc: Loc) {
        if self.m.opt_level < 3 {
            self.code().asm.set_line(loc.line);
        }
    }

    fn is_dead(&mut self) -> bool {
        self.code().dead
    }

    // ---- constants --------------------------------------------------------

    fn const_obj(&mut self, c: ConstValue) {
        let i = self.m.writer.const_index(c);
        self.op_uint(op::LOAD_CONST_OBJ, i);
    }

    fn to_const_value(v: &CVal) -> ConstValue {
        match v {
            CVal::None => ConstValue::None,
            CVal::Bool(true) => ConstValue::True,
            CVal::Bool(false) => ConstValue::False,
            CVal::Ellipsis => ConstValue::Ellipsis,
            CVal::Int(i) => ConstValue::Int(consts::int_text(*i)),
            CVal::BigInt(t) => ConstValue::Int(t.clone()),
            CVal::Float(t) => ConstValue::Float(t.clone()),
            #[cfg(feature = "complex")]
            CVal::Complex(t) => ConstValue::Complex(t.clone()),
            CVal::Str(s) => ConstValue::Str(s.clone()),
            CVal::Bytes(s) => ConstValue::Bytes(s.clone()),
            CVal::Tuple(items) => {
                ConstValue::Tuple(items.iter().map(Self::to_const_value).collect())
            }
        }
    }

    /// Whether a str constant is interned as a qstr: short strings, names
    /// (`mpy-cross` interns those it already knows as identifiers) and
    /// strings that are already qstrs. A qstr costs one byte less in the
    /// file than a constant.
    fn str_is_qstr(&self, s: &[u8]) -> bool {
        let ident = s.len() <= 32
            && s.first().is_some_and(|b| !b.is_ascii_digit())
            && s.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_');
        core::str::from_utf8(s).is_ok()
            && (s.len() <= 10
                || ident
                || pyrite_mpy::static_qstr_index(s).is_some()
                || self.m.writer.qstrs().iter().any(|q| q == s))
    }

    /// Load a compile-time value.
    fn load_cval(&mut self, v: &CVal) {
        match v {
            CVal::None => self.op(op::LOAD_CONST_NONE),
            CVal::Bool(true) => self.op(op::LOAD_CONST_TRUE),
            CVal::Bool(false) => self.op(op::LOAD_CONST_FALSE),
            CVal::Int(i) if consts::fits_small(*i, self.m.small_int_bits) => {
                self.load_int(*i as i64)
            }
            CVal::Str(s) if self.str_is_qstr(s) => {
                let q = self.qstr(s);
                self.op_uint(op::LOAD_CONST_STRING, q);
            }
            CVal::Tuple(items) if items.is_empty() => self.op_uint(op::BUILD_TUPLE, 0),
            _ => {
                let c = Self::to_const_value(v);
                self.const_obj(c);
            }
        }
    }

    /// The compile-time value of a name, if it is a `const()` or `__debug__`
    /// and not rebound in the current scope.
    fn const_name(&self, name: &str) -> Option<CVal> {
        if name == "__debug__" {
            return Some(CVal::Bool(self.m.opt_level == 0));
        }
        #[cfg(feature = "const-fold")]
        {
            let v = self.m.consts.iter().rev().find(|(n, _)| n == name)?;
            Some(v.1.clone())
        }
        #[cfg(not(feature = "const-fold"))]
        None
    }

    /// Whether `name` is a `const()` of the module (which can't be
    /// assigned).
    fn is_module_const(&self, name: &str) -> bool {
        #[cfg(feature = "const-fold")]
        return self.m.consts.iter().any(|(c, _)| c == name);
        #[cfg(not(feature = "const-fold"))]
        {
            let _ = name;
            false
        }
    }

    /// Fold `e` to a constant if possible. Folding is an optimisation
    /// here: an expression whose folding ran short of stack compiles
    /// unfolded (and then fails the stack check itself if it is that
    /// deep). `const()` needs the difference: [`Compiler::fold_const`].
    fn fold(&self, e: &Expr<'s>) -> Option<CVal> {
        self.fold_const(e).ok().flatten()
    }

    /// Fold `e` to a constant: `Ok(None)` if it is not one, an error if
    /// the machine stack ran short.
    #[inline(never)]
    fn fold_const(&self, e: &Expr<'s>) -> Result<Option<CVal>, CgError> {
        let lookup = |n: &str| self.const_name(n);
        match consts::eval(e, &lookup, 0, self.m.stack) {
            Ok(v) => Ok(Some(v)),
            Err(consts::NotConst::Dynamic) => Ok(None),
            Err(consts::NotConst::Stack) => Err(Box::new(CompileError::recursion(e.loc))),
        }
    }

    /// Whether `e` folds to a constant.
    #[inline(never)]
    fn folds(&self, e: &Expr<'s>) -> bool {
        self.fold(e).is_some()
    }

    // ---- names --------------------------------------------------------------

    fn resolve(&self, name: &str) -> Sym {
        let s = self.scope();
        match s.lookup(name) {
            Some(sym) => sym,
            None => match s.kind {
                ScopeKind::Module | ScopeKind::Class => Sym::Name,
                _ => Sym::Global,
            },
        }
    }

    /// Load, store or delete `name`: `ops` are the opcodes for a fast
    /// local, a cell, a global and a name (one copy of the resolution for
    /// the three).
    #[inline(never)]
    fn name_op(&mut self, name: &str, ops: [u8; 4]) {
        match self.resolve(name) {
            Sym::Fast(n) => match ops[0] {
                op::LOAD_FAST_N => self.load_fast(n),
                op::STORE_FAST_N => self.store_fast(n),
                opcode => self.op_uint(opcode, n),
            },
            Sym::Deref(n) => self.op_uint(ops[1], n),
            Sym::Global => self.op_qstr(ops[2], name),
            Sym::Name => self.op_qstr(ops[3], name),
        }
    }

    fn load_name(&mut self, name: &str) {
        let ops = [
            op::LOAD_FAST_N,
            op::LOAD_DEREF,
            op::LOAD_GLOBAL,
            op::LOAD_NAME,
        ];
        self.name_op(name, ops);
    }

    fn store_name(&mut self, name: &str) {
        let ops = [
            op::STORE_FAST_N,
            op::STORE_DEREF,
            op::STORE_GLOBAL,
            op::STORE_NAME,
        ];
        self.name_op(name, ops);
    }

    fn delete_name(&mut self, name: &str) {
        let ops = [
            op::DELETE_FAST,
            op::DELETE_DEREF,
            op::DELETE_GLOBAL,
            op::DELETE_NAME,
        ];
        self.name_op(name, ops);
    }

    // ---- scopes -----------------------------------------------------------

    /// The free variables of the new scope `sc`: those of `free_names`
    /// (the names it uses freely) that the current scope provides; each
    /// `nonlocal` must be one of them.
    #[inline(never)]
    fn take_free(
        &self,
        sc: &mut Scope<'s>,
        free_names: &scope::Names<'s>,
        info: &scope::ScopeInfo<'s>,
        loc: Loc,
    ) -> Result<(), CgError> {
        let parent = self.scope();
        for &n in &free_names.0 {
            if parent.provides(n).is_some() {
                sc.free.push(n);
            }
        }
        for &n in &info.nonlocals.0 {
            if !sc.free.contains(&n) {
                return Err(Box::new(CompileError::syntax(
                    loc,
                    crate::error::message!("no binding for nonlocal '{n}' found"),
                )));
            }
        }
        Ok(())
    }

    /// Open a function-like scope from its analysis (whose parameters are
    /// in slot order; the first `n_pos_params` are positional) and make it
    /// the current one. `n_extra_args` unnamed leading arguments follow
    /// the free variables (a comprehension's iterator).
    #[inline(never)]
    fn open_function(
        &mut self,
        kind: ScopeKind,
        info: &scope::ScopeInfo<'s>,
        n_extra_args: u32,
        n_pos_params: usize,
        loc: Loc,
    ) -> Result<(), CgError> {
        let mut sc = Scope::new(kind, Code::default());
        sc.is_generator = info.is_generator;
        // Dropped at the end, after the locals are laid out.
        let free_names = info.free(kind);
        self.take_free(&mut sc, &free_names, info, loc)?;
        let mut slot = 0u32;
        for &n in &sc.free {
            sc.syms.push((n, Sym::Deref(slot)));
            slot += 1;
        }
        slot += n_extra_args;
        let mut cell_overflow = false;
        let mut add_local = |sc: &mut Scope<'s>, n: &'s str, slot: &mut u32| {
            let is_cell = info.child_free.contains(n);
            if is_cell {
                match u8::try_from(*slot) {
                    Ok(c) => sc.cells.push(c),
                    Err(_) => cell_overflow = true,
                }
                sc.syms.push((n, Sym::Deref(*slot)));
            } else {
                sc.syms.push((n, Sym::Fast(*slot)));
            }
            *slot += 1;
        };
        if n_pos_params > 0 {
            sc.first_param = Some(slot);
        }
        for &n in &info.params.0 {
            add_local(&mut sc, n, &mut slot);
        }
        for &n in &info.bound.0 {
            if info.globals.contains(n) || sc.lookup(n).is_some() {
                continue;
            }
            add_local(&mut sc, n, &mut slot);
        }
        for &n in &info.globals.0 {
            sc.syms.push((n, Sym::Global));
        }
        if cell_overflow || slot > MAX_STATE / 2 {
            return Err(syntax(loc, "too many local variables"));
        }
        sc.n_locals = slot;
        self.push_scope(sc, loc)
    }

    /// Open a class scope (free variables, then the `__class__` cell) and
    /// make it the current one.
    #[inline(never)]
    fn open_class(&mut self, info: &scope::ScopeInfo<'s>, loc: Loc) -> Result<(), CgError> {
        let mut sc = Scope::new(ScopeKind::Class, Code::default());
        self.take_free(&mut sc, &info.free(ScopeKind::Class), info, loc)?;
        let mut slot = sc.free.len() as u32;
        if info.child_free.contains(scope::CLASS_CELL) {
            sc.class_cell = Some(slot);
            sc.cells.push(slot as u8);
            slot += 1;
        }
        for &n in &info.globals.0 {
            sc.syms.push((n, Sym::Global));
        }
        for (i, &n) in sc.free.iter().enumerate() {
            if !info.bound.contains(n) || info.nonlocals.contains(n) {
                sc.syms.push((n, Sym::Deref(i as u32)));
            }
        }
        if slot > 255 {
            return Err(syntax(loc, "too many local variables"));
        }
        sc.n_locals = slot;
        self.push_scope(sc, loc)
    }

    /// Emit `MAKE_FUNCTION`/`MAKE_CLOSURE` for a finished child scope whose
    /// free variables are `free`. `defargs`: defaults were pushed.
    fn make_function(
        &mut self,
        child: RawCodeOut,
        free: &[&'s str],
        defargs: bool,
        loc: Loc,
    ) -> Result<(), CgError> {
        let idx = {
            let c = self.code();
            c.children.push(child);
            c.children.len() as u32 - 1
        };
        if free.is_empty() {
            self.op_uint(
                if defargs {
                    op::MAKE_FUNCTION_DEFARGS
                } else {
                    op::MAKE_FUNCTION
                },
                idx,
            );
            return Ok(());
        }
        if free.len() > 255 {
            return Err(syntax(loc, "too many closed-over variables"));
        }
        for &n in free {
            match self.scope().provides(n) {
                Some(slot) => self.load_fast(slot),
                None => return Err(syntax(loc, "internal error: closure")),
            }
        }
        let opcode = if defargs {
            op::MAKE_CLOSURE_DEFARGS
        } else {
            op::MAKE_CLOSURE
        };
        let n = free.len() as u8;
        self.effect(opcode, idx, n);
        let c = self.code();
        if !c.dead {
            c.asm.emit_closure(opcode, idx, n);
        }
        Ok(())
    }

    /// `n` argument names `*` (the closed-over cells a child scope takes
    /// first), in a vector with room for `capacity` names.
    #[inline(never)]
    fn star_names(&mut self, n: u32, capacity: usize) -> Vec<u32> {
        if n == 0 {
            return Vec::with_capacity(capacity);
        }
        // Interned before the vector is allocated: the order of the
        // allocations decides how a small board's heap fragments.
        let star = self.qstr(b"*");
        let mut names = Vec::with_capacity(capacity);
        names.resize(n as usize, star);
        names
    }

    /// Close the top scope: encode it and return it with its free names.
    fn close_scope(
        &mut self,
        name: &str,
        sig: Signature,
        arg_names: &[u32],
        loc: Loc,
    ) -> Result<(RawCodeOut, Vec<&'s str>), CgError> {
        let sc = match self.scopes.pop() {
            Some(s) => s,
            None => return Err(syntax(loc, "internal error: scope")),
        };
        let q = self.qstr(name.as_bytes());
        let Scope {
            code,
            free,
            cells,
            n_locals,
            ..
        } = *sc;
        let raw = finish_code(code, &sig, q, arg_names, &cells, n_locals, loc)?;
        Ok((raw, free))
    }

    fn push_scope(&mut self, sc: Scope<'s>, loc: Loc) -> Result<(), CgError> {
        if self.scopes.len() > scope::MAX_SCOPE_DEPTH {
            return Err(syntax(loc, "too many nested scopes"));
        }
        self.scopes.push(Box::new(sc));
        Ok(())
    }

    fn flags_generator(&self) -> u32 {
        if self.scope().is_generator {
            FLAG_GENERATOR
        } else {
            0
        }
    }
}
