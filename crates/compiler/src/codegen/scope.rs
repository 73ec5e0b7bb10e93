//! Scope analysis: which names a function, class, lambda or comprehension
//! binds, declares, uses, and which of them nested scopes close over.
//!
//! The analysis of a scope walks its body once, and for each nested scope
//! walks that scope (recursively) only to learn its *free* names: the names it
//! (or its own nested scopes) needs from an enclosing function. Nothing of
//! the nested walk is kept, so memory is one small name list per open scope.
//!
//! The walk recurses on the machine stack: each level checks the stack
//! guard, and the nested-scope and declaration cases, which hold a whole
//! [`ScopeInfo`] or format a message, are in functions that are never
//! inlined into the recursive ones.

use alloc::vec::Vec;

use super::CgError;
#[cfg(feature = "fstrings")]
use crate::ast::FStringPart;
use crate::ast::{Arg, Comprehension, DictItem, Expr, ExprKind, Loc, Params, Stmt, StmtKind};
use crate::stack::StackGuard;

/// The implicit cell a class body creates for zero-argument `super()`.
pub(crate) const CLASS_CELL: &str = "__class__";

/// Deepest scope nesting accepted (functions in functions...).
pub(crate) const MAX_SCOPE_DEPTH: usize = 24;

/// Deepest expression / statement nesting the walkers accept.
pub(crate) const MAX_NEST: u32 = 200;

/// What kind of scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    /// The module.
    Module,
    /// A class body.
    Class,
    /// A `def` or `async def`.
    Function,
    /// A `lambda`.
    Lambda,
    /// A comprehension or generator expression.
    Comp,
}

impl ScopeKind {
    /// Whether names bound here are fast locals.
    pub(crate) fn is_function(self) -> bool {
        matches!(
            self,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comp
        )
    }
}

/// A small ordered set of names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names<'s>(pub(crate) Vec<&'s str>);

impl<'s> Names<'s> {
    pub(crate) fn add(&mut self, n: &'s str) {
        if !self.contains(n) {
            self.0.push(n);
        }
    }
    pub(crate) fn contains(&self, n: &str) -> bool {
        self.0.contains(&n)
    }
}

/// What a scope's body says about names.
#[derive(Debug, Default)]
pub(crate) struct ScopeInfo<'s> {
    /// Parameters, in local-slot order: positional, keyword-only, `*args`,
    /// `**kwargs`.
    pub(crate) params: Names<'s>,
    /// `global` declarations.
    pub(crate) globals: Names<'s>,
    /// `nonlocal` declarations.
    pub(crate) nonlocals: Names<'s>,
    /// Names bound (assigned, imported, defined...) other than parameters.
    pub(crate) bound: Names<'s>,
    /// Names read (or deleted) anywhere in the scope.
    pub(crate) used: Names<'s>,
    /// Free names of nested scopes.
    pub(crate) child_free: Names<'s>,
    /// Names bound by `:=` inside a comprehension: they belong to the
    /// nearest enclosing non-comprehension scope.
    pub(crate) walrus_up: Names<'s>,
    /// `yield` or `await` appears directly in the scope.
    pub(crate) is_generator: bool,
}

impl<'s> ScopeInfo<'s> {
    /// Names this scope needs from enclosing function scopes.
    pub(crate) fn free(&self, kind: ScopeKind) -> Names<'s> {
        let mut out = Names::default();
        for &n in &self.nonlocals.0 {
            out.add(n);
        }
        let local =
            |n: &str| self.params.contains(n) || self.bound.contains(n) || self.globals.contains(n);
        for &n in &self.used.0 {
            if !local(n) {
                out.add(n);
            }
        }
        for &n in &self.child_free.0 {
            // A class body's own names are not visible to its methods.
            if kind == ScopeKind::Class {
                if n == CLASS_CELL || self.globals.contains(n) {
                    continue;
                }
                out.add(n);
            } else if !local(n) {
                out.add(n);
            }
        }
        out
    }
}

/// Analyses one scope.
pub(crate) struct Analyzer<'s> {
    /// What was found.
    pub(crate) info: ScopeInfo<'s>,
    kind: ScopeKind,
    /// Scopes enclosing this one (for the nesting limit).
    depth: usize,
    nest: u32,
    /// The machine-stack check of every level.
    stack: StackGuard,
    /// The location of the first use or binding of each name seen before
    /// a `global`/`nonlocal` declaration check.
    seen: Vec<(&'s str, Loc)>,
}

#[cfg_attr(not(feature = "error-messages"), inline(always))]
fn err(loc: Loc, msg: impl Into<alloc::borrow::Cow<'static, str>>) -> CgError {
    #[cfg(feature = "error-messages")]
    return alloc::boxed::Box::new(crate::CompileError::syntax(loc, msg));
    #[cfg(not(feature = "error-messages"))]
    {
        drop(msg);
        super::terse_error(loc)
    }
}

impl<'s> Analyzer<'s> {
    fn new(kind: ScopeKind, depth: usize, stack: StackGuard) -> Self {
        Analyzer {
            info: ScopeInfo::default(),
            kind,
            depth,
            nest: 0,
            stack,
            seen: Vec::new(),
        }
    }

    /// Analyse a `def` or `lambda` (parameters and body; not the defaults,
    /// decorators or annotations, which belong to the enclosing scope).
    #[inline(never)]
    pub(crate) fn function(
        params: &Params<'s>,
        body: FnBody<'_, 's>,
        kind: ScopeKind,
        depth: usize,
        stack: StackGuard,
        loc: Loc,
    ) -> Result<ScopeInfo<'s>, CgError> {
        let mut a = Analyzer::new(kind, depth, stack);
        a.walk_function(params, body, loc)?;
        Ok(a.info)
    }

    /// Analyse a class body.
    #[inline(never)]
    pub(crate) fn class(
        body: &[Stmt<'s>],
        depth: usize,
        stack: StackGuard,
        loc: Loc,
    ) -> Result<ScopeInfo<'s>, CgError> {
        let mut a = Analyzer::new(ScopeKind::Class, depth, stack);
        a.walk_class(body, loc)?;
        Ok(a.info)
    }

    /// Analyse a comprehension: everything but the first iterable.
    #[inline(never)]
    pub(crate) fn comp(
        elt: &Expr<'s>,
        value: Option<&Expr<'s>>,
        generators: &[Comprehension<'s>],
        depth: usize,
        stack: StackGuard,
        loc: Loc,
    ) -> Result<ScopeInfo<'s>, CgError> {
        let mut a = Analyzer::new(ScopeKind::Comp, depth, stack);
        a.walk_comp(elt, value, generators, loc)?;
        Ok(a.info)
    }

    /// Walks a function-like scope (this analyser's) for what it binds and
    /// uses.
    #[inline(never)]
    fn walk_function(
        &mut self,
        params: &Params<'s>,
        body: FnBody<'_, 's>,
        loc: Loc,
    ) -> Result<(), CgError> {
        self.check_depth(loc)?;
        self.params(params)?;
        match body {
            FnBody::Stmts(b) => self.stmts(b),
            FnBody::Expr(e) => self.expr(e),
        }
    }

    #[inline(never)]
    fn params(&mut self, params: &Params<'s>) -> Result<(), CgError> {
        let [posonly, args, vararg, kwonly, kwarg] = params.groups();
        // The order of the locals: `*args` after the keyword-only ones.
        for p in [posonly, args, kwonly, vararg, kwarg].into_iter().flatten() {
            if self.info.params.contains(p.name) {
                return Err(err(
                    p.loc,
                    crate::error::message!(
                        "duplicate argument '{}' in function definition",
                        p.name
                    ),
                ));
            }
            self.info.params.0.push(p.name);
        }
        Ok(())
    }

    #[inline(never)]
    fn walk_class(&mut self, body: &[Stmt<'s>], loc: Loc) -> Result<(), CgError> {
        self.check_depth(loc)?;
        self.stmts(body)
    }

    #[inline(never)]
    fn walk_comp(
        &mut self,
        elt: &Expr<'s>,
        value: Option<&Expr<'s>>,
        generators: &[Comprehension<'s>],
        loc: Loc,
    ) -> Result<(), CgError> {
        self.check_depth(loc)?;
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.target(&g.target)?;
            for c in &g.ifs {
                self.expr(c)?;
            }
            if g.is_async {
                self.info.is_generator = true;
            }
        }
        self.expr(elt)?;
        if let Some(v) = value {
            self.expr(v)?;
        }
        Ok(())
    }

    /// Analyse module-level statements (for their nested scopes' needs and
    /// declarations).
    pub(crate) fn module_stmt(stmt: &Stmt<'s>, stack: StackGuard) -> Result<(), CgError> {
        let mut a = Analyzer::new(ScopeKind::Module, 0, stack);
        a.stmt(stmt)
    }

    fn check_depth(&self, loc: Loc) -> Result<(), CgError> {
        if self.depth >= MAX_SCOPE_DEPTH {
            return Err(err(loc, "too many nested scopes"));
        }
        Ok(())
    }

    fn enter(&mut self, loc: Loc) -> Result<(), CgError> {
        self.nest += 1;
        if self.nest > MAX_NEST {
            return Err(err(loc, "expression too complex"));
        }
        self.stack.check(loc)
    }

    fn note(&mut self, name: &'s str, loc: Loc) {
        if !self.seen.iter().any(|(n, _)| *n == name) {
            self.seen.push((name, loc));
        }
    }

    fn bind(&mut self, name: &'s str, loc: Loc) {
        self.note(name, loc);
        if !self.info.params.contains(name) {
            self.info.bound.add(name);
        }
    }

    fn use_name(&mut self, name: &'s str, loc: Loc) {
        self.note(name, loc);
        self.info.used.add(name);
        if name == "super" && self.kind.is_function() {
            self.info.used.add(CLASS_CELL);
        }
    }

    fn stmts(&mut self, body: &[Stmt<'s>]) -> Result<(), CgError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt<'s>) -> Result<(), CgError> {
        self.enter(s.loc)?;
        self.stmt_inner(s)?;
        self.nest -= 1;
        Ok(())
    }

    fn stmt_inner(&mut self, s: &Stmt<'s>) -> Result<(), CgError> {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e)?,
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for t in targets {
                    self.target(t)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value)?;
                if let ExprKind::Name(n) = target.kind {
                    self.use_name(n, target.loc);
                }
                self.target(target)?;
            }
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.target(target)?;
                } else if !matches!(target.kind, ExprKind::Name(_)) {
                    self.target(target)?;
                }
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e)?;
                }
                if let Some(c) = cause {
                    self.expr(c)?;
                }
            }
            StmtKind::Global(names) => self.declare(names, s.loc, true)?,
            StmtKind::Nonlocal(names) => self.declare(names, s.loc, false)?,
            StmtKind::Delete(ts) => {
                for t in ts {
                    self.del_target(t)?;
                }
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Import(aliases) => self.import(aliases),
            StmtKind::ImportFrom { names, .. } => self.import_from(names),
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                self.expr(iter)?;
                self.target(target)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
                if *is_async {
                    self.info.is_generator = true;
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t)?;
                    }
                    if let Some(n) = h.name {
                        self.bind(n, h.loc);
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)?;
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                for it in items {
                    self.expr(&it.context)?;
                    if let Some(t) = &it.target {
                        self.target(t)?;
                    }
                }
                self.stmts(body)?;
                if *is_async {
                    self.info.is_generator = true;
                }
            }
            StmtKind::FunctionDef(f) => {
                for d in &f.decorators {
                    self.expr(d)?;
                }
                self.defaults(&f.params)?;
                self.nested_function(&f.params, FnBody::Stmts(&f.body), s.loc)?;
                self.bind(f.name, s.loc);
            }
            StmtKind::ClassDef(c) => {
                for d in &c.decorators {
                    self.expr(d)?;
                }
                self.args(&c.bases)?;
                self.nested_class(&c.body, s.loc)?;
                self.bind(c.name, s.loc);
            }
        }
        Ok(())
    }

    /// A nested `def` (`body` a block) or `lambda` (an expression):
    /// analysed for its free names.
    #[inline(never)]
    fn nested_function(
        &mut self,
        params: &Params<'s>,
        body: FnBody<'_, 's>,
        loc: Loc,
    ) -> Result<(), CgError> {
        let kind = match body {
            FnBody::Stmts(_) => ScopeKind::Function,
            FnBody::Expr(_) => ScopeKind::Lambda,
        };
        let mut a = Analyzer::new(kind, self.depth + 1, self.stack);
        a.walk_function(params, body, loc)?;
        self.child(&a.info, kind);
        Ok(())
    }

    /// A nested class body, analysed for its free names.
    #[inline(never)]
    fn nested_class(&mut self, body: &[Stmt<'s>], loc: Loc) -> Result<(), CgError> {
        let mut a = Analyzer::new(ScopeKind::Class, self.depth + 1, self.stack);
        a.walk_class(body, loc)?;
        self.child(&a.info, ScopeKind::Class);
        Ok(())
    }

    /// A nested comprehension (all but its first iterable, which the
    /// enclosing scope evaluates), analysed for its free names.
    #[inline(never)]
    fn nested_comp(
        &mut self,
        elt: &Expr<'s>,
        value: Option<&Expr<'s>>,
        generators: &[Comprehension<'s>],
        loc: Loc,
    ) -> Result<(), CgError> {
        let mut a = Analyzer::new(ScopeKind::Comp, self.depth + 1, self.stack);
        a.walk_comp(elt, value, generators, loc)?;
        self.child(&a.info, ScopeKind::Comp);
        Ok(())
    }

    /// A `global` (`global` true) or `nonlocal` declaration (one copy of
    /// the checks they share).
    #[inline(never)]
    fn declare(&mut self, names: &[&'s str], loc: Loc, global: bool) -> Result<(), CgError> {
        let what = if global { "global" } else { "nonlocal" };
        if !global && self.kind == ScopeKind::Module {
            return Err(err(loc, "nonlocal declaration not allowed at module level"));
        }
        for &n in names {
            let (other, redefined) = if global {
                (&self.info.nonlocals, "identifier redefined as global")
            } else {
                (&self.info.globals, "identifier redefined as nonlocal")
            };
            if other.contains(n) {
                return Err(err(loc, redefined));
            }
            if self.seen.iter().any(|(x, _)| *x == n) || self.info.params.contains(n) {
                return Err(err(
                    loc,
                    crate::error::message!("name '{n}' is used prior to {what} declaration"),
                ));
            }
            if global {
                self.info.globals.add(n);
            } else {
                self.info.nonlocals.add(n);
            }
        }
        Ok(())
    }

    #[inline(never)]
    fn import(&mut self, aliases: &[crate::ast::Alias<'s>]) {
        for a in aliases {
            let name: &'s str = match a.asname {
                Some(n) => n,
                None => match &a.name {
                    alloc::borrow::Cow::Borrowed(b) => b.split('.').next().unwrap_or(b),
                    // An owned dotted name (with spaces removed): its
                    // first component is still a source identifier,
                    // but not borrowable here; names are only needed
                    // by value, so leak-free fallback: skip (the
                    // compiler resolves it at emission).
                    alloc::borrow::Cow::Owned(_) => continue,
                },
            };
            self.bind(name, a.loc);
        }
    }

    #[inline(never)]
    fn import_from(&mut self, names: &[crate::ast::Alias<'s>]) {
        for a in names {
            let name: &'s str = match a.asname {
                Some(n) => n,
                None => match &a.name {
                    alloc::borrow::Cow::Borrowed(b) => b,
                    alloc::borrow::Cow::Owned(_) => continue,
                },
            };
            self.bind(name, a.loc);
        }
    }

    fn defaults(&mut self, p: &Params<'s>) -> Result<(), CgError> {
        for q in [&p.posonly, &p.args, &p.kwonly].into_iter().flatten() {
            if let Some(d) = &q.default {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    fn child(&mut self, child: &ScopeInfo<'s>, kind: ScopeKind) {
        for n in child.free(kind).0 {
            self.info.child_free.add(n);
        }
        for &n in &child.walrus_up.0 {
            if self.kind == ScopeKind::Comp {
                self.info.walrus_up.add(n);
                self.info.used.add(n);
            } else {
                self.info.bound.add(n);
            }
        }
    }

    fn args(&mut self, args: &[Arg<'s>]) -> Result<(), CgError> {
        for a in args {
            match a {
                Arg::Positional(e) | Arg::Star(e) | Arg::Keyword(_, e) | Arg::DoubleStar(e) => {
                    self.expr(e)?
                }
            }
        }
        Ok(())
    }

    fn target(&mut self, t: &Expr<'s>) -> Result<(), CgError> {
        self.enter(t.loc)?;
        match &t.kind {
            ExprKind::Name(n) => self.bind(n, t.loc),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.target(i)?;
                }
            }
            ExprKind::Starred(inner) => self.target(inner)?,
            // Attribute / subscript targets evaluate their parts; anything
            // else is an error the emitter reports.
            _ => self.expr(t)?,
        }
        self.nest -= 1;
        Ok(())
    }

    fn del_target(&mut self, t: &Expr<'s>) -> Result<(), CgError> {
        self.enter(t.loc)?;
        match &t.kind {
            ExprKind::Name(n) => {
                self.use_name(n, t.loc);
                self.bind(n, t.loc);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.del_target(i)?;
                }
            }
            _ => self.expr(t)?,
        }
        self.nest -= 1;
        Ok(())
    }

    #[cfg(feature = "fstrings")]
    fn fstring(&mut self, parts: &[FStringPart<'s>]) -> Result<(), CgError> {
        for p in parts {
            if let FStringPart::Field(f) = p {
                self.expr(&f.value)?;
                if let Some(spec) = &f.spec {
                    self.fstring(spec)?;
                }
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr<'s>) -> Result<(), CgError> {
        self.enter(e.loc)?;
        match &e.kind {
            ExprKind::Name(n) => self.use_name(n, e.loc),
            ExprKind::Const(_) => {}
            #[cfg(feature = "fstrings")]
            ExprKind::FString(parts) => self.fstring(parts)?,
            ExprKind::Tuple(items)
            | ExprKind::List(items)
            | ExprKind::Set(items)
            | ExprKind::BoolOp(_, items) => {
                for i in items {
                    self.expr(i)?;
                }
            }
            ExprKind::Dict(items) => {
                for it in items {
                    match it {
                        DictItem::Pair(k, v) => {
                            self.expr(k)?;
                            self.expr(v)?;
                        }
                        DictItem::Splat(d) => self.expr(d)?,
                    }
                }
            }
            ExprKind::Starred(x) | ExprKind::Attribute(x, _) | ExprKind::Unary(_, x) => {
                self.expr(x)?
            }
            ExprKind::Subscript(a, b) | ExprKind::Binary(_, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
            }
            ExprKind::Slice(a, b, c) => {
                for x in [a, b, c].into_iter().flatten() {
                    self.expr(x)?;
                }
            }
            ExprKind::Call(f, args) => {
                self.expr(f)?;
                self.args(args)?;
            }
            ExprKind::Compare(first, rest) => {
                self.expr(first)?;
                for (_, x) in rest {
                    self.expr(x)?;
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Lambda(params, body) => {
                self.defaults(params)?;
                self.nested_function(params, FnBody::Expr(body), e.loc)?;
            }
            ExprKind::Comp {
                elt,
                value,
                generators,
                ..
            } => {
                if let Some(first) = generators.first() {
                    self.expr(&first.iter)?;
                }
                self.nested_comp(elt, value.as_deref(), generators, e.loc)?;
            }
            ExprKind::Yield(v) => {
                self.info.is_generator = true;
                if let Some(v) = v {
                    self.expr(v)?;
                }
            }
            ExprKind::YieldFrom(v) => {
                self.info.is_generator = true;
                self.expr(v)?;
            }
            #[cfg(feature = "async")]
            ExprKind::Await(v) => {
                self.info.is_generator = true;
                self.expr(v)?;
            }
            ExprKind::NamedExpr(n, v) => {
                self.expr(v)?;
                if self.kind == ScopeKind::Comp {
                    self.info.walrus_up.add(n);
                    self.use_name(n, e.loc);
                } else {
                    self.bind(n, e.loc);
                }
            }
        }
        self.nest -= 1;
        Ok(())
    }
}

/// The body of a function-like scope.
#[derive(Clone, Copy)]
pub(crate) enum FnBody<'a, 's> {
    /// A `def` body.
    Stmts(&'a [Stmt<'s>]),
    /// A `lambda` body.
    Expr(&'a Expr<'s>),
}
