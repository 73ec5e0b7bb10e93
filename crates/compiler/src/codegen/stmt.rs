//! Statements.

use alloc::vec::Vec;

use pyrite_mpy::writer::Signature;
use pyrite_mpy::{BinaryOp, op};

use super::consts::{self, CVal};
use super::scope::{Analyzer, FnBody, ScopeKind};
use super::{
    CgError, Compiler, FLAG_DEFKWARGS, FLAG_VARARGS, FLAG_VARKEYWORDS, Loop, LoopKind, syntax,
};
use crate::Mode;
use crate::ast::{
    Alias, Arg, ClassDef, Const, ExceptHandler, Expr, ExprKind, FunctionDef, Loc, Stmt, StmtKind,
    WithItem,
};

impl<'s> Compiler<'_, 's> {
    pub(super) fn stmts(&mut self, body: &[Stmt<'s>]) -> Result<(), CgError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    /// Compile one statement. Each kind is compiled by a function that is
    /// never inlined here, so that this frame, which every nesting level
    /// of blocks repeats, holds only the dispatch (see the module docs).
    pub(super) fn stmt(&mut self, s: &Stmt<'s>) -> Result<(), CgError> {
        self.m.stack.check(s.loc)?;
        self.set_line(s.loc);
        match &s.kind {
            StmtKind::Expr(e) => self.expr_stmt(e),
            StmtKind::Assign { targets, value } => self.assign(targets, value, s.loc),
            StmtKind::AugAssign {
                target,
                op: o,
                value,
            } => self.aug_assign(target, *o, value),
            StmtKind::AnnAssign { target, value, .. } => {
                self.ann_assign(target, value.as_deref(), s.loc)
            }
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => Ok(()),
            StmtKind::Break => self.break_continue(true, s.loc),
            StmtKind::Continue => self.break_continue(false, s.loc),
            StmtKind::Return(v) => self.return_stmt(v.as_ref(), s.loc),
            StmtKind::Raise { exc, cause } => self.raise_stmt(exc.as_deref(), cause.as_deref()),
            StmtKind::Delete(targets) => self.delete_stmt(targets),
            StmtKind::Assert { test, msg } => self.assert_stmt(test, msg.as_deref()),
            StmtKind::Import(aliases) => self.import_stmt(aliases),
            StmtKind::ImportFrom {
                module,
                level,
                names,
            } => self.import_from(module.as_deref(), *level, names, s.loc),
            StmtKind::If { test, body, orelse } => self.if_stmt(test, body, orelse),
            StmtKind::While { test, body, orelse } => self.while_stmt(test, body, orelse),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if cfg!(feature = "async") && *is_async {
                    self.async_for(target, iter, body, orelse, s.loc)
                } else {
                    self.for_stmt(target, iter, body, orelse)
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse)
                } else {
                    self.try_finally(body, handlers, orelse, finalbody)
                }
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if cfg!(feature = "async") && *is_async {
                    self.async_with(items, body, s.loc)
                } else {
                    self.with_stmt(items, body)
                }
            }
            StmtKind::FunctionDef(f) => self.function_def(f, s.loc),
            StmtKind::ClassDef(c) => self.class_def(c, s.loc),
        }
    }

    #[inline(never)]
    fn ann_assign(
        &mut self,
        target: &Expr<'s>,
        value: Option<&Expr<'s>>,
        loc: Loc,
    ) -> Result<(), CgError> {
        if let Some(v) = value {
            return self.assign(core::slice::from_ref(target), v, loc);
        }
        match &target.kind {
            ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => Ok(()),
            _ => Err(syntax(target.loc, "can't assign to expression")),
        }
    }

    #[inline(never)]
    fn return_stmt(&mut self, v: Option<&Expr<'s>>, loc: Loc) -> Result<(), CgError> {
        if !matches!(self.scope().kind, ScopeKind::Function | ScopeKind::Lambda) {
            return Err(syntax(loc, "'return' outside function"));
        }
        match v {
            // `return a if c else b` returns from each branch.
            Some(Expr {
                kind: ExprKind::IfExp { test, body, orelse },
                ..
            }) if self.const_truth(test).is_none() => {
                let else_l = self.new_label();
                self.cond_jump(test, false, else_l)?;
                self.expr(body)?;
                self.op(op::RETURN_VALUE);
                self.bind(else_l);
                self.expr(orelse)?;
            }
            Some(v) => self.expr(v)?,
            None => self.op(op::LOAD_CONST_NONE),
        }
        self.op(op::RETURN_VALUE);
        Ok(())
    }

    #[inline(never)]
    fn raise_stmt(
        &mut self,
        exc: Option<&Expr<'s>>,
        cause: Option<&Expr<'s>>,
    ) -> Result<(), CgError> {
        match (exc, cause) {
            (None, _) => self.op(op::RAISE_LAST),
            (Some(e), None) => {
                self.expr(e)?;
                self.op(op::RAISE_OBJ);
            }
            (Some(e), Some(c)) => {
                self.expr(e)?;
                self.expr(c)?;
                self.op(op::RAISE_FROM);
            }
        }
        Ok(())
    }

    #[inline(never)]
    fn delete_stmt(&mut self, targets: &[Expr<'s>]) -> Result<(), CgError> {
        for t in targets {
            self.delete(t)?;
        }
        Ok(())
    }

    #[inline(never)]
    fn assert_stmt(&mut self, test: &Expr<'s>, msg: Option<&Expr<'s>>) -> Result<(), CgError> {
        if self.m.opt_level == 0 {
            let end = self.new_label();
            self.cond_jump(test, true, end)?;
            self.op_qstr(op::LOAD_GLOBAL, "AssertionError");
            if let Some(m) = msg {
                self.expr(m)?;
                self.op_uint(op::CALL_FUNCTION, 1);
            }
            self.op(op::RAISE_OBJ);
            self.bind(end);
        }
        Ok(())
    }

    #[inline(never)]
    fn import_stmt(&mut self, aliases: &[Alias<'s>]) -> Result<(), CgError> {
        for a in aliases {
            self.import(a)?;
        }
        Ok(())
    }

    #[inline(never)]
    fn expr_stmt(&mut self, e: &Expr<'s>) -> Result<(), CgError> {
        let module = self.scopes.len() == 1;
        if self.m.mode == Mode::Single && module {
            self.op_qstr(op::LOAD_NAME, "__repl_print__");
            self.expr(e)?;
            self.op_uint(op::CALL_FUNCTION, 1);
            self.op(op::POP_TOP);
            return Ok(());
        }
        // Constant expression statements (docstrings) compile to nothing.
        if matches!(e.kind, ExprKind::Const(_)) {
            return Ok(());
        }
        self.expr(e)?;
        self.op(op::POP_TOP);
        Ok(())
    }

    // ---- assignment -----------------------------------------------------

    /// `X = const(expr)`: the constant value, if this is one.
    #[cfg(feature = "const-fold")]
    #[inline(never)]
    fn const_def(
        &self,
        targets: &[Expr<'s>],
        value: &Expr<'s>,
    ) -> Result<Option<(&'s str, CVal)>, CgError> {
        let [target] = targets else { return Ok(None) };
        let ExprKind::Name(name) = target.kind else {
            return Ok(None);
        };
        let ExprKind::Call(f, args) = &value.kind else {
            return Ok(None);
        };
        if !matches!(f.kind, ExprKind::Name("const")) {
            return Ok(None);
        }
        let [Arg::Positional(x)] = args.as_slice() else {
            return Err(syntax(value.loc, "not a constant"));
        };
        match self.fold_const(x)? {
            Some(v) => Ok(Some((name, v))),
            None => Err(syntax(value.loc, "not a constant")),
        }
    }

    #[inline(never)]
    fn assign(&mut self, targets: &[Expr<'s>], value: &Expr<'s>, loc: Loc) -> Result<(), CgError> {
        #[cfg(feature = "const-fold")]
        if self.const_assign(targets, value, loc)? {
            return Ok(());
        }
        #[cfg(not(feature = "const-fold"))]
        let _ = loc;
        // `a, b = b, a` without building a tuple.
        if let [t] = targets
            && let (ExprKind::Tuple(ts) | ExprKind::List(ts), ExprKind::Tuple(vs)) =
                (&t.kind, &value.kind)
            && ts.len() == vs.len()
            && (2..=3).contains(&ts.len())
            && !ts
                .iter()
                .chain(vs)
                .any(|x| matches!(x.kind, ExprKind::Starred(_)))
            && !self.folds(value)
        {
            for v in vs {
                self.expr(v)?;
            }
            if ts.len() == 3 {
                self.op(op::ROT_THREE);
            }
            self.op(op::ROT_TWO);
            for t in ts {
                self.store(t)?;
            }
            return Ok(());
        }
        self.expr(value)?;
        for (i, t) in targets.iter().enumerate() {
            if i + 1 < targets.len() {
                self.op(op::DUP_TOP);
            }
            self.store(t)?;
        }
        Ok(())
    }

    /// `X = const(expr)`: records the constant (and stores it unless the
    /// name is private); whether the assignment was one.
    #[cfg(feature = "const-fold")]
    #[inline(never)]
    fn const_assign(
        &mut self,
        targets: &[Expr<'s>],
        value: &Expr<'s>,
        loc: Loc,
    ) -> Result<bool, CgError> {
        let Some((name, v)) = self.const_def(targets, value)? else {
            return Ok(false);
        };
        if self.const_name(name).is_some() && name != "__debug__" {
            return Err(syntax(loc, "can't assign to expression"));
        }
        self.m.consts.push((name.into(), v.clone()));
        if !name.starts_with('_') {
            self.load_cval(&v);
            self.store_name(name);
        }
        Ok(true)
    }

    /// Store the value on top of the stack into `t`.
    pub(super) fn store(&mut self, t: &Expr<'s>) -> Result<(), CgError> {
        self.m.stack.check(t.loc)?;
        match &t.kind {
            ExprKind::Name(n) => {
                if self.is_module_const(n) {
                    return Err(syntax(t.loc, "can't assign to expression"));
                }
                self.store_name(n);
            }
            ExprKind::Attribute(obj, attr) => {
                self.expr(obj)?;
                self.op_qstr(op::STORE_ATTR, attr);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.op(op::STORE_SUBSCR);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let star = items
                    .iter()
                    .position(|x| matches!(x.kind, ExprKind::Starred(_)));
                match star {
                    None => {
                        if items.len() > 255 {
                            return Err(syntax(t.loc, "too many targets"));
                        }
                        self.op_uint(op::UNPACK_SEQUENCE, items.len() as u32);
                    }
                    Some(i) => {
                        let right = items.len() - i - 1;
                        if items[i + 1..]
                            .iter()
                            .any(|x| matches!(x.kind, ExprKind::Starred(_)))
                        {
                            return Err(syntax(t.loc, "multiple *x in assignment"));
                        }
                        if i > 255 || right > 255 {
                            return Err(syntax(t.loc, "too many targets"));
                        }
                        self.op_uint(op::UNPACK_EX, i as u32 | (right as u32) << 8);
                    }
                }
                for it in items {
                    match &it.kind {
                        ExprKind::Starred(inner) => self.store(inner)?,
                        _ => self.store(it)?,
                    }
                }
            }
            _ => return Err(syntax(t.loc, "can't assign to expression")),
        }
        Ok(())
    }

    fn delete(&mut self, t: &Expr<'s>) -> Result<(), CgError> {
        self.m.stack.check(t.loc)?;
        match &t.kind {
            ExprKind::Name(n) => self.delete_name(n),
            ExprKind::Attribute(obj, attr) => {
                self.expr(obj)?;
                self.ops(&[op::LOAD_NULL, op::ROT_TWO]);
                self.op_qstr(op::STORE_ATTR, attr);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.ops(&[op::LOAD_NULL, op::ROT_THREE, op::STORE_SUBSCR]);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete(i)?;
                }
            }
            _ => return Err(syntax(t.loc, "can't delete expression")),
        }
        Ok(())
    }

    #[inline(never)]
    fn aug_assign(
        &mut self,
        target: &Expr<'s>,
        o: crate::ast::BinOp,
        value: &Expr<'s>,
    ) -> Result<(), CgError> {
        let bop = inplace_op(o);
        match &target.kind {
            ExprKind::Name(n) => {
                if self.is_module_const(n) {
                    return Err(syntax(target.loc, "can't assign to expression"));
                }
                self.load_name(n);
                self.expr(value)?;
                self.op(bop.opcode());
                self.store_name(n);
            }
            ExprKind::Attribute(obj, attr) => {
                self.expr(obj)?;
                self.op(op::DUP_TOP);
                self.op_qstr(op::LOAD_ATTR, attr);
                self.expr(value)?;
                self.op(bop.opcode());
                self.op(op::ROT_TWO);
                self.op_qstr(op::STORE_ATTR, attr);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.ops(&[op::DUP_TOP_TWO, op::LOAD_SUBSCR]);
                self.expr(value)?;
                self.op(bop.opcode());
                self.ops(&[op::ROT_THREE, op::STORE_SUBSCR]);
            }
            _ => return Err(syntax(target.loc, "can't assign to expression")),
        }
        Ok(())
    }

    // ---- imports ----------------------------------------------------------

    fn import(&mut self, a: &Alias<'s>) -> Result<(), CgError> {
        self.load_int(0);
        self.op(op::LOAD_CONST_NONE);
        self.op_qstr(op::IMPORT_NAME, &a.name);
        match a.asname {
            Some(asname) => {
                for part in a.name.split('.').skip(1) {
                    self.op_qstr(op::LOAD_ATTR, part);
                }
                self.store_name(asname);
            }
            None => {
                let first = a.name.split('.').next().unwrap_or(&a.name);
                // Names that borrow from the source resolve through the
                // scope's symbol table; the rest are looked up by value.
                self.store_name(first);
            }
        }
        Ok(())
    }

    #[inline(never)]
    fn import_from(
        &mut self,
        module: Option<&str>,
        level: u32,
        names: &[Alias<'s>],
        loc: Loc,
    ) -> Result<(), CgError> {
        if level > 0x3fff_ffff {
            return Err(syntax(loc, "too many dots"));
        }
        self.load_int(i64::from(level));
        if names.is_empty() {
            if self.scopes.len() != 1 {
                return Err(syntax(loc, "import * not at module level"));
            }
            self.op_qstr(op::LOAD_CONST_STRING, "*");
            self.op_uint(op::BUILD_TUPLE, 1);
            self.op_qstr(op::IMPORT_NAME, module.unwrap_or(""));
            self.op(op::IMPORT_STAR);
            return Ok(());
        }
        if names.len() > 255 {
            return Err(syntax(loc, "too many names"));
        }
        for a in names {
            self.op_qstr(op::LOAD_CONST_STRING, &a.name);
        }
        self.op_uint(op::BUILD_TUPLE, names.len() as u32);
        self.op_qstr(op::IMPORT_NAME, module.unwrap_or(""));
        for a in names {
            self.op_qstr(op::IMPORT_FROM, &a.name);
            let target: &str = a.asname.unwrap_or(&a.name);
            self.store_name(target);
        }
        self.op(op::POP_TOP);
        Ok(())
    }

    // ---- control flow -----------------------------------------------------

    /// Jump to `label` if the truth of `e` is `when`; fall through otherwise.
    pub(super) fn cond_jump(
        &mut self,
        e: &Expr<'s>,
        when: bool,
        label: pyrite_mpy::writer::Label,
    ) -> Result<(), CgError> {
        use crate::ast::{BoolOp, UnaryOp};
        self.m.stack.check(e.loc)?;
        match &e.kind {
            ExprKind::Unary(UnaryOp::Not, inner) => return self.cond_jump(inner, !when, label),
            ExprKind::BoolOp(o, items) if !items.is_empty() => {
                let is_and = *o == BoolOp::And;
                let n = items.len();
                if is_and != when {
                    // `a and b` jumping when false / `a or b` jumping when
                    // true: any operand decides.
                    for x in items {
                        self.cond_jump(x, when, label)?;
                    }
                } else {
                    let skip = self.new_label();
                    for x in &items[..n - 1] {
                        self.cond_jump(x, !when, skip)?;
                    }
                    self.cond_jump(&items[n - 1], when, label)?;
                    self.bind(skip);
                }
                return Ok(());
            }
            _ => {}
        }
        if let Some(t) = self.const_truth(e) {
            if t == when {
                self.jump(op::JUMP, label);
            }
            return Ok(());
        }
        self.expr(e)?;
        self.jump(
            if when {
                op::POP_JUMP_IF_TRUE
            } else {
                op::POP_JUMP_IF_FALSE
            },
            label,
        );
        Ok(())
    }

    /// The truth of `e` if it folds to a constant.
    #[inline(never)]
    pub(super) fn const_truth(&self, e: &Expr<'s>) -> Option<bool> {
        self.fold(e).and_then(|v| v.truth())
    }

    /// The value of `e` if it folds to an int that fits a small int.
    #[inline(never)]
    fn fold_small_int(&self, e: &Expr<'s>) -> Option<i128> {
        match self.fold(e) {
            Some(CVal::Int(v)) if consts::fits_small(v, self.m.small_int_bits) => Some(v),
            _ => None,
        }
    }

    #[inline(never)]
    fn if_stmt(
        &mut self,
        test: &Expr<'s>,
        body: &[Stmt<'s>],
        orelse: &[Stmt<'s>],
    ) -> Result<(), CgError> {
        match self.const_truth(test) {
            Some(true) => return self.stmts(body),
            Some(false) => return self.stmts(orelse),
            None => {}
        }
        let else_l = self.new_label();
        self.cond_jump(test, false, else_l)?;
        self.stmts(body)?;
        if orelse.is_empty() {
            self.bind(else_l);
        } else {
            let end = self.new_label();
            self.jump(op::JUMP, end);
            self.bind(else_l);
            self.stmts(orelse)?;
            self.bind(end);
        }
        Ok(())
    }

    /// The end of a loop that keeps `n_slots` entries on the stack above
    /// `depth` (its iterator, its counter): they are popped on the normal
    /// exit, before the `else` block, and at `brk`, where `break` lands.
    #[inline(never)]
    fn loop_exit(
        &mut self,
        orelse: &[Stmt<'s>],
        brk: pyrite_mpy::writer::Label,
        depth: u32,
        n_slots: u32,
    ) -> Result<(), CgError> {
        if orelse.is_empty() {
            // `break` lands here too, with the slots still on the stack.
            self.bind(brk);
            for _ in 0..n_slots {
                self.op(op::POP_TOP);
            }
        } else {
            for _ in 0..n_slots {
                self.op(op::POP_TOP);
            }
            self.stmts(orelse)?;
            let end = self.new_label();
            self.jump(op::JUMP, end);
            self.bind_at(brk, depth + n_slots);
            for _ in 0..n_slots {
                self.op(op::POP_TOP);
            }
            self.bind(end);
        }
        self.set_depth(depth);
        Ok(())
    }

    /// A loop's body, with `break` going to `brk` and `continue` to
    /// `cont`.
    #[inline(never)]
    fn loop_body(
        &mut self,
        kind: LoopKind,
        brk: pyrite_mpy::writer::Label,
        cont: pyrite_mpy::writer::Label,
        body: &[Stmt<'s>],
    ) -> Result<(), CgError> {
        let exc = self.code().exc;
        self.scope_mut().loops.push(Loop {
            kind,
            brk,
            cont,
            exc,
        });
        self.stmts(body)?;
        self.scope_mut().loops.pop();
        Ok(())
    }

    #[inline(never)]
    fn while_stmt(
        &mut self,
        test: &Expr<'s>,
        body: &[Stmt<'s>],
        orelse: &[Stmt<'s>],
    ) -> Result<(), CgError> {
        let truth = self.const_truth(test);
        if truth == Some(false) {
            return self.stmts(orelse);
        }
        let brk = self.new_label();
        let top = self.new_label();
        let cond = self.new_label();
        if truth == Some(true) {
            self.bind(top);
            self.loop_body(LoopKind::While, brk, top, body)?;
            self.jump(op::JUMP, top);
        } else {
            self.jump(op::JUMP, cond);
            self.bind(top);
            self.loop_body(LoopKind::While, brk, cond, body)?;
            self.bind(cond);
            self.cond_jump(test, true, top)?;
        }
        self.stmts(orelse)?;
        self.bind(brk);
        Ok(())
    }

    #[inline(never)]
    fn break_continue(&mut self, is_break: bool, loc: Loc) -> Result<(), CgError> {
        let Some(lp) = self.scope().loops.last().copied() else {
            return Err(syntax(
                loc,
                if is_break {
                    "'break' outside loop"
                } else {
                    "'continue' not properly in loop"
                },
            ));
        };
        let blocks = self.code().exc.saturating_sub(lp.exc);
        if blocks > 0x7f {
            return Err(syntax(loc, "too many nested blocks"));
        }
        let blocks = blocks as u8;
        if is_break {
            match lp.kind {
                LoopKind::ForIter => {
                    self.unwind_jump(lp.brk, blocks | pyrite_mpy::opcodes::UNWIND_FROM_FOR)
                }
                _ if blocks == 0 => self.jump(op::JUMP, lp.brk),
                _ => self.unwind_jump(lp.brk, blocks),
            }
        } else if blocks == 0 {
            self.jump(op::JUMP, lp.cont);
        } else {
            self.unwind_jump(lp.cont, blocks);
        }
        Ok(())
    }

    /// `for x in range(...)` kept on the stack, as `mpy-cross` compiles it.
    fn for_range(
        &mut self,
        target: &Expr<'s>,
        iter: &Expr<'s>,
        body: &[Stmt<'s>],
        orelse: &[Stmt<'s>],
    ) -> Result<bool, CgError> {
        let ExprKind::Name(_) = target.kind else {
            return Ok(false);
        };
        let ExprKind::Call(f, args) = &iter.kind else {
            return Ok(false);
        };
        if !matches!(f.kind, ExprKind::Name("range")) || args.is_empty() || args.len() > 3 {
            return Ok(false);
        }
        // (A vector, not an array: the order of the allocations decides
        // how a small board's heap fragments.)
        let mut pos: Vec<&Expr<'s>> = Vec::new();
        for a in args {
            match a {
                Arg::Positional(e) => pos.push(e),
                _ => return Ok(false),
            }
        }
        let step = if pos.len() == 3 {
            match self.fold_small_int(pos[2]) {
                Some(s) if s != 0 => s,
                _ => return Ok(false),
            }
        } else {
            1
        };
        let (start, end) = if pos.len() == 1 {
            (None, pos[0])
        } else {
            (Some(pos[0]), pos[1])
        };
        let end_const = self.fold_small_int(end);
        let d0 = self.depth();
        if end_const.is_none() {
            self.expr(end)?;
        }
        match start {
            Some(s) => self.expr(s)?,
            None => self.load_int(0),
        }
        let n_slots = if end_const.is_some() { 1 } else { 2 };
        let body_l = self.new_label();
        let cont = self.new_label();
        let cond = self.new_label();
        let brk = self.new_label();
        self.jump(op::JUMP, cond);
        self.bind(body_l);
        self.op(op::DUP_TOP);
        self.store(target)?;
        self.loop_body(LoopKind::ForRange, brk, cont, body)?;
        self.bind(cont);
        self.load_int(step as i64);
        self.op(BinaryOp::InplaceAdd.opcode());
        self.bind(cond);
        match end_const {
            Some(v) => {
                self.op(op::DUP_TOP);
                self.load_int(v as i64);
            }
            None => {
                self.ops(&[op::DUP_TOP_TWO, op::ROT_TWO]);
            }
        }
        self.op(if step > 0 {
            BinaryOp::Less.opcode()
        } else {
            BinaryOp::More.opcode()
        });
        self.jump(op::POP_JUMP_IF_TRUE, body_l);
        self.loop_exit(orelse, brk, d0, n_slots)?;
        Ok(true)
    }

    #[inline(never)]
    fn for_stmt(
        &mut self,
        target: &Expr<'s>,
        iter: &Expr<'s>,
        body: &[Stmt<'s>],
        orelse: &[Stmt<'s>],
    ) -> Result<(), CgError> {
        if self.for_range(target, iter, body, orelse)? {
            return Ok(());
        }
        let d0 = self.depth();
        self.expr(iter)?;
        self.op(op::GET_ITER_STACK);
        let cont = self.new_label();
        let exit = self.new_label();
        let brk = self.new_label();
        self.bind(cont);
        self.jump(op::FOR_ITER, exit);
        // FOR_ITER pushes the next item on the fall-through path.
        self.set_depth(d0 + 5);
        self.store(target)?;
        self.loop_body(LoopKind::ForIter, brk, cont, body)?;
        self.jump(op::JUMP, cont);
        self.bind_at(exit, d0);
        self.stmts(orelse)?;
        self.bind(brk);
        Ok(())
    }

    // ---- exceptions -------------------------------------------------------

    #[inline(never)]
    fn try_except(
        &mut self,
        body: &[Stmt<'s>],
        handlers: &[ExceptHandler<'s>],
        orelse: &[Stmt<'s>],
    ) -> Result<(), CgError> {
        let d0 = self.depth();
        let exc0 = self.code().exc;
        let handler_l = self.new_label();
        let else_l = self.new_label();
        let end = self.new_label();
        self.setup(op::SETUP_EXCEPT, handler_l);
        self.stmts(body)?;
        self.jump(op::POP_EXCEPT_JUMP, else_l);
        self.bind(handler_l);
        // The handler runs with the exception pushed and its block active.
        self.set_depth(d0 + 1);
        self.code().exc = exc0 + 1;
        for (i, h) in handlers.iter().enumerate() {
            let next = self.new_label();
            match &h.typ {
                Some(t) => {
                    self.op(op::DUP_TOP);
                    self.expr(t)?;
                    self.op(BinaryOp::ExceptionMatch.opcode());
                    self.jump(op::POP_JUMP_IF_FALSE, next);
                }
                None => {
                    if i + 1 != handlers.len() {
                        return Err(syntax(h.loc, "default 'except:' must be last"));
                    }
                }
            }
            match h.name {
                Some(name) => {
                    self.store_name(name);
                    let cleanup = self.new_label();
                    self.setup(op::SETUP_FINALLY, cleanup);
                    self.stmts(&h.body)?;
                    self.op(op::LOAD_CONST_NONE);
                    self.bind_at(cleanup, d0 + 1);
                    self.code().exc = exc0 + 2;
                    self.op(op::LOAD_CONST_NONE);
                    self.store_name(name);
                    self.delete_name(name);
                    self.op(op::END_FINALLY);
                    self.pop_block();
                }
                None => {
                    self.op(op::POP_TOP);
                    self.stmts(&h.body)?;
                }
            }
            self.jump(op::POP_EXCEPT_JUMP, end);
            self.bind_at(next, d0 + 1);
            self.code().exc = exc0 + 1;
        }
        // No handler matched: re-raise.
        self.op(op::END_FINALLY);
        self.pop_block();
        self.bind_at(else_l, d0);
        self.code().exc = exc0;
        self.stmts(orelse)?;
        self.bind(end);
        Ok(())
    }

    #[inline(never)]
    fn try_finally(
        &mut self,
        body: &[Stmt<'s>],
        handlers: &[ExceptHandler<'s>],
        orelse: &[Stmt<'s>],
        finalbody: &[Stmt<'s>],
    ) -> Result<(), CgError> {
        let d0 = self.depth();
        let exc0 = self.code().exc;
        let fin = self.new_label();
        self.setup(op::SETUP_FINALLY, fin);
        if handlers.is_empty() {
            self.stmts(body)?;
            self.stmts(orelse)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.op(op::LOAD_CONST_NONE);
        self.bind_at(fin, d0 + 1);
        self.code().exc = exc0 + 1;
        self.code().hidden += 1;
        // `continue`/`break` in a finally body would leave the hidden slot.
        self.stmts(finalbody)?;
        self.op(op::END_FINALLY);
        let c = self.code();
        c.hidden = c.hidden.saturating_sub(1);
        self.pop_block();
        Ok(())
    }

    #[inline(never)]
    fn with_stmt(&mut self, items: &[WithItem<'s>], body: &[Stmt<'s>]) -> Result<(), CgError> {
        let Some((first, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let d0 = self.depth();
        let l = self.new_label();
        self.expr(&first.context)?;
        self.setup(op::SETUP_WITH, l);
        match &first.target {
            Some(t) => self.store(t)?,
            None => self.op(op::POP_TOP),
        }
        if rest.is_empty() {
            self.stmts(body)?;
        } else {
            self.with_stmt(rest, body)?;
        }
        self.op(op::LOAD_CONST_NONE);
        self.bind_at(l, d0 + 3);
        self.ops(&[op::WITH_CLEANUP, op::END_FINALLY]);
        self.pop_block();
        self.set_depth(d0);
        Ok(())
    }

    #[inline(never)]
    fn async_with(
        &mut self,
        items: &[WithItem<'s>],
        body: &[Stmt<'s>],
        loc: Loc,
    ) -> Result<(), CgError> {
        if !self.scope().kind.is_function() {
            return Err(syntax(loc, "'async with' outside async function"));
        }
        let Some((first, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let d0 = self.depth();
        let exc0 = self.code().exc;
        self.expr(&first.context)?;
        self.op(op::DUP_TOP);
        self.op_qstr(op::LOAD_METHOD, "__aenter__");
        self.op_uint(op::CALL_METHOD, 0);
        self.yield_from_top();
        match &first.target {
            Some(t) => self.store(t)?,
            None => self.op(op::POP_TOP),
        }
        let fin = self.new_label();
        let no_exc = self.new_label();
        let not_base = self.new_label();
        let end = self.new_label();
        self.setup(op::SETUP_FINALLY, fin);
        if rest.is_empty() {
            self.stmts(body)?;
        } else {
            self.async_with(rest, body, loc)?;
        }
        // Normal exit: (None, ctx) then call __aexit__(None, None, None).
        self.ops(&[op::LOAD_CONST_NONE, op::ROT_TWO]);
        self.jump(op::JUMP, no_exc);
        // Exceptional / unwinding exit: the reason is on top of ctx.
        self.bind_at(fin, d0 + 2);
        self.code().exc = exc0 + 1;
        self.code().hidden += 1;
        self.op(op::DUP_TOP);
        self.op_qstr(op::LOAD_GLOBAL, "BaseException");
        self.op(BinaryOp::ExceptionMatch.opcode());
        self.jump(op::POP_JUMP_IF_FALSE, not_base);
        self.ops(&[op::DUP_TOP, op::ROT_THREE, op::ROT_TWO]);
        self.op_qstr(op::LOAD_METHOD, "__aexit__");
        self.ops(&[op::ROT_THREE, op::ROT_THREE, op::DUP_TOP]);
        self.op_qstr(op::LOAD_ATTR, "__class__");
        self.ops(&[op::ROT_TWO, op::LOAD_CONST_NONE]);
        self.op_uint(op::CALL_METHOD, 3);
        self.yield_from_top();
        self.jump(op::POP_JUMP_IF_FALSE, end);
        self.ops(&[op::POP_TOP, op::LOAD_CONST_NONE]);
        self.jump(op::JUMP, end);
        self.bind_at(not_base, d0 + 2);
        self.ops(&[op::ROT_THREE, op::ROT_THREE]);
        self.bind_at(no_exc, d0 + 2);
        self.op_qstr(op::LOAD_METHOD, "__aexit__");
        self.ops(&[op::LOAD_CONST_NONE, op::DUP_TOP, op::DUP_TOP]);
        self.op_uint(op::CALL_METHOD, 3);
        self.yield_from_top();
        self.op(op::POP_TOP);
        self.bind_at(end, d0 + 1);
        self.op(op::END_FINALLY);
        let c = self.code();
        c.hidden = c.hidden.saturating_sub(1);
        self.pop_block();
        self.set_depth(d0);
        Ok(())
    }

    #[inline(never)]
    fn async_for(
        &mut self,
        target: &Expr<'s>,
        iter: &Expr<'s>,
        body: &[Stmt<'s>],
        orelse: &[Stmt<'s>],
        loc: Loc,
    ) -> Result<(), CgError> {
        if !self.scope().kind.is_function() {
            return Err(syntax(loc, "'async for' outside async function"));
        }
        let d0 = self.depth();
        let exc0 = self.code().exc;
        self.expr(iter)?;
        self.op_qstr(op::LOAD_METHOD, "__aiter__");
        self.op_uint(op::CALL_METHOD, 0);
        let top = self.new_label();
        let handler = self.new_label();
        let got = self.new_label();
        let done = self.new_label();
        let brk = self.new_label();
        self.bind(top);
        self.setup(op::SETUP_EXCEPT, handler);
        self.op(op::DUP_TOP);
        self.op_qstr(op::LOAD_METHOD, "__anext__");
        self.op_uint(op::CALL_METHOD, 0);
        self.yield_from_top();
        self.store(target)?;
        self.jump(op::POP_EXCEPT_JUMP, got);
        self.bind_at(handler, d0 + 2);
        self.code().exc = exc0 + 1;
        self.op(op::DUP_TOP);
        self.op_qstr(op::LOAD_GLOBAL, "StopAsyncIteration");
        self.op(BinaryOp::ExceptionMatch.opcode());
        let reraise = self.new_label();
        self.jump(op::POP_JUMP_IF_FALSE, reraise);
        self.op(op::POP_TOP);
        self.jump(op::POP_EXCEPT_JUMP, done);
        self.bind_at(reraise, d0 + 2);
        self.op(op::END_FINALLY);
        self.pop_block();
        self.bind_at(got, d0 + 1);
        self.code().exc = exc0;
        self.loop_body(LoopKind::While, brk, top, body)?;
        self.jump(op::JUMP, top);
        self.bind_at(done, d0 + 1);
        self.loop_exit(orelse, brk, d0, 1)
    }

    /// `GET_ITER; LOAD_CONST_NONE; YIELD_FROM` (await / yield from).
    pub(super) fn yield_from_top(&mut self) {
        self.ops(&[op::GET_ITER, op::LOAD_CONST_NONE, op::YIELD_FROM]);
    }

    // ---- definitions ------------------------------------------------------

    /// Push defaults for `params`; returns (defargs pushed, flags,
    /// positional defaults count).
    pub(super) fn defaults(
        &mut self,
        params: &crate::ast::Params<'s>,
        loc: Loc,
    ) -> Result<(bool, u32, u32), CgError> {
        let mut n_def = 0u32;
        let mut seen_default = false;
        // (Collected: the order of the allocations decides how a small
        // board's heap fragments.)
        let pos: Vec<&crate::ast::Param<'s>> = params.posonly.iter().chain(&params.args).collect();
        for p in &pos {
            match &p.default {
                Some(d) => {
                    self.expr(d)?;
                    n_def += 1;
                    seen_default = true;
                }
                None if seen_default => {
                    return Err(syntax(
                        p.loc,
                        "non-default argument follows default argument",
                    ));
                }
                None => {}
            }
        }
        let has_kw = params.kwonly.iter().any(|p| p.default.is_some());
        if n_def > 0 {
            self.op_uint(op::BUILD_TUPLE, n_def);
        } else if has_kw {
            self.op(op::LOAD_NULL);
        }
        if has_kw {
            self.op_uint(op::BUILD_MAP, 0);
            for p in &params.kwonly {
                if let Some(d) = &p.default {
                    self.expr(d)?;
                    self.op_qstr(op::LOAD_CONST_STRING, p.name);
                    self.op(op::STORE_MAP);
                }
            }
        } else if n_def > 0 {
            self.op(op::LOAD_NULL);
        }
        let mut flags = 0;
        if params.vararg.is_some() {
            flags |= FLAG_VARARGS;
        }
        if params.kwarg.is_some() {
            flags |= FLAG_VARKEYWORDS;
        }
        if has_kw {
            flags |= FLAG_DEFKWARGS;
        }
        if pos.len() + params.kwonly.len() > 255 {
            return Err(syntax(loc, "too many arguments"));
        }
        Ok((n_def > 0 || has_kw, flags, n_def))
    }

    /// Compile a `def` or `lambda` body as a new scope and emit the
    /// `MAKE_FUNCTION`/`MAKE_CLOSURE` for it (defaults already pushed).
    /// The scope's analysis and set-up, and its encoding, are in helpers
    /// that are never inlined: this frame is on the path of every nested
    /// scope.
    pub(super) fn function_scope(&mut self, f: &FnSpec<'_, 's>, loc: Loc) -> Result<(), CgError> {
        self.open_function_scope(f, loc)?;
        match f.body {
            FnBody::Stmts(stmts) => {
                self.stmts(stmts)?;
                if !self.is_dead() {
                    self.ops(&[op::LOAD_CONST_NONE, op::RETURN_VALUE]);
                }
            }
            FnBody::Expr(e) => {
                self.set_line(e.loc);
                self.expr(e)?;
                self.op(op::RETURN_VALUE);
            }
        }
        self.close_function_scope(f, loc)
    }

    /// Analyse a function's scope and make it the current one.
    #[inline(never)]
    fn open_function_scope(&mut self, f: &FnSpec<'_, 's>, loc: Loc) -> Result<(), CgError> {
        let info = Analyzer::function(
            f.params,
            f.body,
            f.kind,
            self.scopes.len(),
            self.m.stack,
            loc,
        )?;
        let n_pos = f.params.posonly.len() + f.params.args.len();
        self.open_function(f.kind, &info, 0, n_pos, loc)
    }

    /// Encode the current (function) scope and emit the code that makes
    /// the function.
    #[inline(never)]
    fn close_function_scope(&mut self, f: &FnSpec<'_, 's>, loc: Loc) -> Result<(), CgError> {
        let params = f.params;
        let n_free = self.scope().free.len() as u32;
        let npos = (params.posonly.len() + params.args.len()) as u32;
        if n_free + npos > 255 {
            return Err(syntax(loc, "too many arguments"));
        }
        let sig = Signature {
            n_state: 0,
            n_exc_stack: 0,
            scope_flags: f.flags | self.flags_generator(),
            n_pos_args: n_free + npos,
            n_kwonly_args: params.kwonly.len() as u32,
            n_def_pos_args: f.n_def,
        };
        // Allocated before the `*` name is interned (the order of the
        // allocations decides how a small board's heap fragments).
        let mut arg_names: Vec<u32> =
            Vec::with_capacity((n_free + npos) as usize + params.kwonly.len());
        if n_free > 0 {
            let star = self.qstr(b"*");
            arg_names.resize(n_free as usize, star);
        }
        // The .mpy format has no positional-only flag; the VM binds keyword
        // arguments by these names, so a positional-only parameter gets one
        // no keyword matches (its name and `/`; the VM drops the `/` in
        // messages) and a same-named keyword lands in `**kwargs`, as in
        // CPython. Closed-over cells use `*` the same way.
        for p in &params.posonly {
            let mut name = Vec::with_capacity(p.name.len() + 1);
            name.extend_from_slice(p.name.as_bytes());
            name.push(b'/');
            let q = self.qstr(&name);
            arg_names.push(q);
        }
        for p in [&params.args, &params.kwonly].into_iter().flatten() {
            let q = self.qstr(p.name.as_bytes());
            arg_names.push(q);
        }
        let (raw, free) = self.close_scope(f.name, sig, &arg_names, loc)?;
        drop(arg_names);
        self.make_function(raw, &free, f.defargs, loc)
    }

    #[inline(never)]
    fn function_def(&mut self, f: &FunctionDef<'s>, loc: Loc) -> Result<(), CgError> {
        for d in &f.decorators {
            self.expr(d)?;
        }
        self.set_line(loc);
        let (defargs, flags, n_def) = self.defaults(&f.params, loc)?;
        let flags = if f.is_async {
            flags | super::FLAG_GENERATOR
        } else {
            flags
        };
        self.function_scope(
            &FnSpec {
                name: f.name,
                params: &f.params,
                body: FnBody::Stmts(&f.body),
                kind: ScopeKind::Function,
                defargs,
                flags,
                n_def,
            },
            loc,
        )?;
        for _ in &f.decorators {
            self.op_uint(op::CALL_FUNCTION, 1);
        }
        self.store_name(f.name);
        Ok(())
    }

    #[inline(never)]
    fn class_def(&mut self, c: &ClassDef<'s>, loc: Loc) -> Result<(), CgError> {
        for d in &c.decorators {
            self.expr(d)?;
        }
        self.open_class_scope(c, loc)?;
        // A docstring becomes the class's `__doc__` (as CPython and
        // MicroPython's fuller builds do); elsewhere it compiles to nothing.
        if let Some(Stmt {
            kind:
                StmtKind::Expr(
                    doc @ Expr {
                        kind: ExprKind::Const(Const::Str(_)),
                        ..
                    },
                ),
            ..
        }) = c.body.first()
        {
            self.expr(doc)?;
            self.op_qstr(op::STORE_NAME, "__doc__");
        }
        self.stmts(&c.body)?;
        self.close_class_scope(c, loc)
    }

    /// Analyse a class body's scope, make it the current one and start the
    /// body's code.
    #[inline(never)]
    fn open_class_scope(&mut self, c: &ClassDef<'s>, loc: Loc) -> Result<(), CgError> {
        self.op(op::LOAD_BUILD_CLASS);
        let info = Analyzer::class(&c.body, self.scopes.len(), self.m.stack, loc)?;
        self.open_class(&info, loc)?;
        drop(info);
        self.op_qstr(op::LOAD_NAME, "__name__");
        self.op_qstr(op::STORE_NAME, "__module__");
        self.op_qstr(op::LOAD_CONST_STRING, c.name);
        self.op_qstr(op::STORE_NAME, "__qualname__");
        Ok(())
    }

    /// End a class body's code, encode it and emit the class's creation.
    #[inline(never)]
    fn close_class_scope(&mut self, c: &ClassDef<'s>, loc: Loc) -> Result<(), CgError> {
        if !self.is_dead() {
            match self.scope().class_cell {
                Some(cell) => self.load_fast(cell),
                None => self.op(op::LOAD_CONST_NONE),
            }
            self.op(op::RETURN_VALUE);
        }
        let n_free = self.scope().free.len() as u32;
        let sig = Signature {
            n_pos_args: n_free,
            ..Signature::default()
        };
        let arg_names = self.star_names(n_free, 0);
        let (raw, free) = self.close_scope(c.name, sig, &arg_names, loc)?;
        self.make_function(raw, &free, false, loc)?;
        self.op_qstr(op::LOAD_CONST_STRING, c.name);
        self.call_args(&c.bases, 2, false, loc)?;
        for _ in &c.decorators {
            self.op_uint(op::CALL_FUNCTION, 1);
        }
        self.store_name(c.name);
        Ok(())
    }
}

/// What [`Compiler::function_scope`] compiles.
pub(super) struct FnSpec<'a, 's> {
    /// The function's name.
    pub(super) name: &'a str,
    /// Its parameters.
    pub(super) params: &'a crate::ast::Params<'s>,
    /// Its body.
    pub(super) body: FnBody<'a, 's>,
    /// `Function` or `Lambda`.
    pub(super) kind: ScopeKind,
    /// Defaults were pushed (`MAKE_FUNCTION_DEFARGS`).
    pub(super) defargs: bool,
    /// Scope flags from the parameters.
    pub(super) flags: u32,
    /// Positional parameters with defaults.
    pub(super) n_def: u32,
}

/// The in-place bytecode operator for an augmented assignment.
fn inplace_op(o: crate::ast::BinOp) -> BinaryOp {
    use crate::ast::BinOp as B;
    match o {
        B::Add => BinaryOp::InplaceAdd,
        B::Sub => BinaryOp::InplaceSubtract,
        B::Mul => BinaryOp::InplaceMultiply,
        B::MatMul => BinaryOp::InplaceMatMultiply,
        B::Div => BinaryOp::InplaceTrueDivide,
        B::FloorDiv => BinaryOp::InplaceFloorDivide,
        B::Mod => BinaryOp::InplaceModulo,
        B::Pow => BinaryOp::InplacePower,
        B::LShift => BinaryOp::InplaceLshift,
        B::RShift => BinaryOp::InplaceRshift,
        B::BitOr => BinaryOp::InplaceOr,
        B::BitXor => BinaryOp::InplaceXor,
        B::BitAnd => BinaryOp::InplaceAnd,
    }
}
