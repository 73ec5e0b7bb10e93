//! Expressions.

use pyrite_mpy::writer::Signature;
use pyrite_mpy::{BinaryOp, UnaryOp as BcUnary, op};

use super::consts;
use super::scope::{Analyzer, FnBody, ScopeKind};
use super::{CgError, Compiler, FLAG_GENERATOR, Sym, syntax};

use crate::ast::{
    Arg, BinOp, BoolOp, CmpOp, CompKind, Comprehension, DictItem, Expr, ExprKind, Loc, UnaryOp,
};

/// Deepest expression nesting compiled (deeper input is a SyntaxError, not
/// a stack overflow).
const MAX_EXPR_DEPTH: u32 = 200;

impl<'s> Compiler<'_, 's> {
    /// Push the value of `e`. Every kind of expression that needs more
    /// than a few words of locals is compiled by a function that is never
    /// inlined here, so that this frame, which every nesting level
    /// repeats, stays small (see the module docs).
    pub(super) fn expr(&mut self, e: &Expr<'s>) -> Result<(), CgError> {
        self.m.stack.check(e.loc)?;
        self.code().expr_depth += 1;
        if self.code().expr_depth > MAX_EXPR_DEPTH {
            return Err(syntax(e.loc, "expression too complex"));
        }
        let r = self.expr_inner(e);
        // After an error inside a nested scope (a comprehension, a lambda)
        // that scope is still the current one, and its count may be 0.
        let c = self.code();
        c.expr_depth = c.expr_depth.saturating_sub(1);
        r
    }

    fn expr_inner(&mut self, e: &Expr<'s>) -> Result<(), CgError> {
        match &e.kind {
            ExprKind::Name(n) => self.name_value(n),
            ExprKind::Const(c) => self.literal(c, e.loc)?,
            #[cfg(feature = "fstrings")]
            ExprKind::FString(parts) => self.fstring(parts, e.loc)?,
            ExprKind::Tuple(items) => self.tuple(e, items)?,
            ExprKind::List(items) => self.display(items, op::BUILD_LIST, e.loc)?,
            ExprKind::Set(items) => self.display(items, op::BUILD_SET, e.loc)?,
            ExprKind::Dict(items) => self.dict(items)?,
            ExprKind::Starred(_) => {
                return Err(syntax(e.loc, "can't use starred expression here"));
            }
            ExprKind::Attribute(obj, attr) => {
                self.expr(obj)?;
                self.op_qstr(op::LOAD_ATTR, attr);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.op(op::LOAD_SUBSCR);
            }
            ExprKind::Slice(a, b, c) => self.slice(a.as_deref(), b.as_deref(), c.as_deref())?,
            ExprKind::Call(f, args) => self.call(f, args, e.loc)?,
            ExprKind::Unary(o, x) => {
                if !self.fold_load(e) {
                    self.expr(x)?;
                    self.op(match o {
                        UnaryOp::Pos => BcUnary::Positive,
                        UnaryOp::Neg => BcUnary::Negative,
                        UnaryOp::Invert => BcUnary::Invert,
                        UnaryOp::Not => BcUnary::Not,
                    }
                    .opcode());
                }
            }
            ExprKind::Binary(o, a, b) => {
                if !self.fold_load(e) {
                    self.expr(a)?;
                    self.expr(b)?;
                    self.op(binary_op(*o).opcode());
                }
            }
            ExprKind::BoolOp(o, items) => self.bool_op(*o, items)?,
            ExprKind::Compare(first, rest) => self.compare(first, rest)?,
            ExprKind::IfExp { test, body, orelse } => self.if_exp(test, body, orelse)?,
            ExprKind::Lambda(params, body) => self.lambda(params, body, e.loc)?,
            ExprKind::Comp {
                kind,
                elt,
                value,
                generators,
            } => self.comprehension(*kind, elt, value.as_deref(), generators, e.loc)?,
            ExprKind::Yield(v) => {
                self.check_in_function(e.loc, "'yield' outside function")?;
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.op(op::LOAD_CONST_NONE),
                }
                self.op(op::YIELD_VALUE);
            }
            ExprKind::YieldFrom(v) => {
                self.check_in_function(e.loc, "'yield' outside function")?;
                self.expr(v)?;
                self.yield_from_top();
            }
            #[cfg(feature = "async")]
            ExprKind::Await(v) => {
                self.check_in_function(e.loc, "'await' outside function")?;
                self.expr(v)?;
                self.yield_from_top();
            }
            ExprKind::NamedExpr(n, v) => {
                self.expr(v)?;
                self.op(op::DUP_TOP);
                self.store_name(n);
            }
        }
        Ok(())
    }

    /// A name's value: a `const()` or `__debug__` folded, else a load.
    #[inline(never)]
    fn name_value(&mut self, n: &str) {
        if let Some(v) = self.const_name(n) {
            self.load_cval(&v);
        } else {
            self.load_name(n);
        }
    }

    #[inline(never)]
    fn literal(&mut self, c: &crate::ast::Const<'s>, loc: Loc) -> Result<(), CgError> {
        match consts::literal(c) {
            Some(v) => {
                self.load_cval(&v);
                Ok(())
            }
            None => Err(syntax(loc, "invalid syntax for number")),
        }
    }

    /// Loads `e` folded to a constant, if it folds; whether it did.
    #[inline(never)]
    pub(super) fn fold_load(&mut self, e: &Expr<'s>) -> bool {
        match self.fold(e) {
            Some(v) => {
                self.load_cval(&v);
                true
            }
            None => false,
        }
    }

    #[inline(never)]
    fn tuple(&mut self, e: &Expr<'s>, items: &[Expr<'s>]) -> Result<(), CgError> {
        if self.fold_load(e) {
            Ok(())
        } else if has_star(items) {
            self.star_display(items, op::BUILD_LIST, e.loc)?;
            // tuple(list)
            self.op_qstr(op::LOAD_GLOBAL, "tuple");
            self.op(op::ROT_TWO);
            self.op_uint(op::CALL_FUNCTION, 1);
            Ok(())
        } else {
            self.items(items, e.loc)?;
            self.op_uint(op::BUILD_TUPLE, items.len() as u32);
            Ok(())
        }
    }

    /// A list (`build` is `BUILD_LIST`) or set (`BUILD_SET`) display.
    #[inline(never)]
    fn display(&mut self, items: &[Expr<'s>], build: u8, loc: Loc) -> Result<(), CgError> {
        if has_star(items) {
            self.star_display(items, build, loc)
        } else {
            self.items(items, loc)?;
            self.op_uint(build, items.len() as u32);
            Ok(())
        }
    }

    #[inline(never)]
    fn dict(&mut self, items: &[DictItem<'s>]) -> Result<(), CgError> {
        let n_pairs = items
            .iter()
            .filter(|i| matches!(i, DictItem::Pair(..)))
            .count();
        let n = if n_pairs == items.len() { n_pairs } else { 0 };
        self.op_uint(op::BUILD_MAP, n.min(0xffff) as u32);
        for it in items {
            match it {
                DictItem::Pair(k, v) => {
                    self.expr(v)?;
                    self.expr(k)?;
                    self.op(op::STORE_MAP);
                }
                DictItem::Splat(d) => {
                    self.op(op::DUP_TOP);
                    self.op_qstr(op::LOAD_METHOD, "update");
                    self.expr(d)?;
                    self.op_uint(op::CALL_METHOD, 1);
                    self.op(op::POP_TOP);
                }
            }
        }
        Ok(())
    }

    #[inline(never)]
    fn slice(
        &mut self,
        a: Option<&Expr<'s>>,
        b: Option<&Expr<'s>>,
        c: Option<&Expr<'s>>,
    ) -> Result<(), CgError> {
        for x in [a, b] {
            match x {
                Some(x) => self.expr(x)?,
                None => self.op(op::LOAD_CONST_NONE),
            }
        }
        match c {
            Some(c) => {
                self.expr(c)?;
                self.op_uint(op::BUILD_SLICE, 3);
            }
            None => self.op_uint(op::BUILD_SLICE, 2),
        }
        Ok(())
    }

    #[inline(never)]
    fn bool_op(&mut self, o: BoolOp, items: &[Expr<'s>]) -> Result<(), CgError> {
        let end = self.new_label();
        let n = items.len();
        for (i, x) in items.iter().enumerate() {
            self.expr(x)?;
            if i + 1 < n {
                self.jump(
                    if o == BoolOp::And {
                        op::JUMP_IF_FALSE_OR_POP
                    } else {
                        op::JUMP_IF_TRUE_OR_POP
                    },
                    end,
                );
            }
        }
        self.bind(end);
        Ok(())
    }

    #[inline(never)]
    fn if_exp(
        &mut self,
        test: &Expr<'s>,
        body: &Expr<'s>,
        orelse: &Expr<'s>,
    ) -> Result<(), CgError> {
        match self.const_truth(test) {
            Some(true) => return self.expr(body),
            Some(false) => return self.expr(orelse),
            None => {}
        }
        let d0 = self.depth();
        let else_l = self.new_label();
        let end = self.new_label();
        self.cond_jump(test, false, else_l)?;
        self.expr(body)?;
        self.jump(op::JUMP, end);
        self.bind_at(else_l, d0);
        self.expr(orelse)?;
        self.bind(end);
        Ok(())
    }

    #[inline(never)]
    fn lambda(
        &mut self,
        params: &crate::ast::Params<'s>,
        body: &Expr<'s>,
        loc: Loc,
    ) -> Result<(), CgError> {
        let (defargs, flags, n_def) = self.defaults(params, loc)?;
        self.function_scope(
            &super::stmt::FnSpec {
                name: "<lambda>",
                params,
                body: FnBody::Expr(body),
                kind: ScopeKind::Lambda,
                defargs,
                flags,
                n_def,
            },
            loc,
        )
    }

    fn check_in_function(&self, loc: Loc, msg: &'static str) -> Result<(), CgError> {
        match self.scope().kind {
            ScopeKind::Function | ScopeKind::Lambda => Ok(()),
            // A generator expression may yield (its own scope); other
            // comprehensions may not.
            _ => Err(syntax(loc, msg)),
        }
    }

    fn items(&mut self, items: &[Expr<'s>], loc: Loc) -> Result<(), CgError> {
        if items.len() > 0xffff {
            return Err(syntax(loc, "too many items"));
        }
        for i in items {
            self.expr(i)?;
        }
        Ok(())
    }

    /// A list or set display with `*x` items: build the leading plain
    /// items, then extend/append one by one.
    fn star_display(&mut self, items: &[Expr<'s>], build: u8, loc: Loc) -> Result<(), CgError> {
        let lead = items
            .iter()
            .position(|x| matches!(x.kind, ExprKind::Starred(_)))
            .unwrap_or(items.len());
        self.items(&items[..lead], loc)?;
        self.op_uint(build, lead as u32);
        let is_list = build == op::BUILD_LIST;
        for it in &items[lead..] {
            self.op(op::DUP_TOP);
            match &it.kind {
                ExprKind::Starred(inner) => {
                    self.op_qstr(op::LOAD_METHOD, if is_list { "extend" } else { "update" });
                    self.expr(inner)?;
                }
                _ => {
                    self.op_qstr(op::LOAD_METHOD, if is_list { "append" } else { "add" });
                    self.expr(it)?;
                }
            }
            self.op_uint(op::CALL_METHOD, 1);
            self.op(op::POP_TOP);
        }
        Ok(())
    }

    #[inline(never)]
    fn compare(&mut self, first: &Expr<'s>, rest: &[(CmpOp, Expr<'s>)]) -> Result<(), CgError> {
        self.expr(first)?;
        if rest.len() == 1 {
            self.expr(&rest[0].1)?;
            self.cmp_op(rest[0].0);
            return Ok(());
        }
        let d0 = self.depth().saturating_sub(1);
        let fail = self.new_label();
        let end = self.new_label();
        let n = rest.len();
        for (i, (o, x)) in rest.iter().enumerate() {
            self.expr(x)?;
            if i + 1 < n {
                self.ops(&[op::DUP_TOP, op::ROT_THREE]);
                self.cmp_op(*o);
                self.jump(op::JUMP_IF_FALSE_OR_POP, fail);
            } else {
                self.cmp_op(*o);
            }
        }
        self.jump(op::JUMP, end);
        self.bind_at(fail, d0 + 2);
        self.ops(&[op::ROT_TWO, op::POP_TOP]);
        self.bind_at(end, d0 + 1);
        Ok(())
    }

    fn cmp_op(&mut self, o: CmpOp) {
        let (b, not) = match o {
            CmpOp::Eq => (BinaryOp::Equal, false),
            CmpOp::NotEq => (BinaryOp::NotEqual, false),
            CmpOp::Lt => (BinaryOp::Less, false),
            CmpOp::LtE => (BinaryOp::LessEqual, false),
            CmpOp::Gt => (BinaryOp::More, false),
            CmpOp::GtE => (BinaryOp::MoreEqual, false),
            CmpOp::Is => (BinaryOp::Is, false),
            CmpOp::IsNot => (BinaryOp::Is, true),
            CmpOp::In => (BinaryOp::In, false),
            CmpOp::NotIn => (BinaryOp::In, true),
        };
        self.op(b.opcode());
        if not {
            self.op(BcUnary::Not.opcode());
        }
    }

    // ---- calls ------------------------------------------------------------

    #[inline(never)]
    fn call(&mut self, f: &Expr<'s>, args: &[Arg<'s>], loc: Loc) -> Result<(), CgError> {
        // super().method(...) inside a method.
        if let ExprKind::Attribute(obj, meth) = &f.kind {
            if let ExprKind::Call(sf, sargs) = &obj.kind
                && sargs.is_empty()
                && matches!(sf.kind, ExprKind::Name("super"))
                && self.super_parts(loc)?.is_some()
            {
                self.zero_arg_super(loc)?;
                self.op_qstr(op::LOAD_SUPER_METHOD, meth);
                return self.call_args(args, 0, true, loc);
            }
            self.expr(obj)?;
            self.op_qstr(op::LOAD_METHOD, meth);
            return self.call_args(args, 0, true, loc);
        }
        if let ExprKind::Name("super") = f.kind
            && args.is_empty()
            && self.super_parts(loc)?.is_some()
        {
            self.zero_arg_super(loc)?;
            self.op_uint(op::CALL_FUNCTION, 2);
            return Ok(());
        }
        self.expr(f)?;
        self.call_args(args, 0, false, loc)
    }

    /// For `super()` in a method: the `__class__` cell slot and the first
    /// argument's access. `None` outside a class method.
    fn super_parts(&self, loc: Loc) -> Result<Option<(u32, Sym)>, CgError> {
        let sc = self.scope();
        if !sc.kind.is_function() {
            return Ok(None);
        }
        let Some(Sym::Deref(cell)) = sc.lookup(super::scope::CLASS_CELL) else {
            return Ok(None);
        };
        let Some(first) = sc.first_param else {
            return Err(syntax(loc, "super() can't find self"));
        };
        let sym = sc
            .syms
            .iter()
            .map(|(_, s)| *s)
            .find(|s| matches!(s, Sym::Fast(n) | Sym::Deref(n) if *n == first))
            .unwrap_or(Sym::Fast(first));
        Ok(Some((cell, sym)))
    }

    /// Push `super`, `__class__` and the first argument.
    fn zero_arg_super(&mut self, loc: Loc) -> Result<(), CgError> {
        let Some((cell, first)) = self.super_parts(loc)? else {
            return Err(syntax(loc, "super() can't find self"));
        };
        self.load_name("super");
        self.op_uint(op::LOAD_DEREF, cell);
        match first {
            Sym::Deref(n) => self.op_uint(op::LOAD_DEREF, n),
            Sym::Fast(n) => self.load_fast(n),
            _ => self.load_fast(0),
        }
        Ok(())
    }

    /// Push call arguments and emit the call. `extra` positional arguments
    /// are already on the stack (class name and body).
    pub(super) fn call_args(
        &mut self,
        args: &[Arg<'s>],
        extra: u32,
        method: bool,
        loc: Loc,
    ) -> Result<(), CgError> {
        let mut n_pos = extra;
        let mut n_kw = 0u32;
        let mut star_bits: i64 = 0;
        let mut var = false;
        let mut seen_dstar = false;
        for a in args {
            match a {
                Arg::Positional(e) => {
                    if n_kw > 0 || seen_dstar {
                        return Err(syntax(e.loc, "positional arg after keyword arg"));
                    }
                    self.expr(e)?;
                    n_pos += 1;
                }
                Arg::Star(e) => {
                    if seen_dstar {
                        return Err(syntax(e.loc, "* arg after **"));
                    }
                    if n_kw > 0 {
                        return Err(syntax(e.loc, "* arg after kwarg"));
                    }
                    if n_pos >= 62 {
                        return Err(syntax(e.loc, "too many arguments"));
                    }
                    self.expr(e)?;
                    star_bits |= 1 << n_pos;
                    n_pos += 1;
                    var = true;
                }
                Arg::Keyword(name, e) => {
                    self.op_qstr(op::LOAD_CONST_STRING, name);
                    self.expr(e)?;
                    n_kw += 1;
                }
                Arg::DoubleStar(e) => {
                    self.op(op::LOAD_NULL);
                    self.expr(e)?;
                    n_kw += 1;
                    var = true;
                    seen_dstar = true;
                }
            }
        }
        if n_pos > 255 || n_kw > 255 {
            return Err(syntax(loc, "too many arguments"));
        }
        let arg = n_pos | n_kw << 8;
        if var {
            if !consts::fits_small(i128::from(star_bits), self.m.small_int_bits) {
                return Err(syntax(loc, "too many arguments"));
            }
            self.load_int(star_bits);
            self.op_uint(
                if method {
                    op::CALL_METHOD_VAR_KW
                } else {
                    op::CALL_FUNCTION_VAR_KW
                },
                arg,
            );
        } else {
            self.op_uint(
                if method {
                    op::CALL_METHOD
                } else {
                    op::CALL_FUNCTION
                },
                arg,
            );
        }
        Ok(())
    }

    // ---- comprehensions -----------------------------------------------------

    #[inline(never)]
    fn comprehension(
        &mut self,
        kind: CompKind,
        elt: &Expr<'s>,
        value: Option<&Expr<'s>>,
        generators: &[Comprehension<'s>],
        loc: Loc,
    ) -> Result<(), CgError> {
        let Some(first) = generators.first() else {
            return Err(syntax(loc, "invalid syntax"));
        };
        let (iter_slot, coll_depth) = self.open_comp_scope(kind, elt, value, generators, loc)?;
        self.comp_loop(kind, elt, value, generators, 0, iter_slot, coll_depth)?;
        self.close_comp_scope(kind, first, loc)
    }

    /// Analyse a comprehension's scope, make it the current one and start
    /// its code; returns the iterator's slot and the collection's depth.
    #[inline(never)]
    fn open_comp_scope(
        &mut self,
        kind: CompKind,
        elt: &Expr<'s>,
        value: Option<&Expr<'s>>,
        generators: &[Comprehension<'s>],
        loc: Loc,
    ) -> Result<(u32, u32), CgError> {
        let info = Analyzer::comp(elt, value, generators, self.scopes.len(), self.m.stack, loc)?;
        self.open_function(ScopeKind::Comp, &info, 1, 0, loc)?;
        if kind == CompKind::Generator {
            self.scope_mut().is_generator = true;
        } else if info.is_generator {
            return Err(syntax(loc, "'yield' inside list comprehension"));
        }
        drop(info);
        let iter_slot = self.scope().free.len() as u32;
        self.set_line(loc);
        let coll_depth = match kind {
            CompKind::List => {
                self.op_uint(op::BUILD_LIST, 0);
                1
            }
            CompKind::Set => {
                self.op_uint(op::BUILD_SET, 0);
                1
            }
            CompKind::Dict => {
                self.op_uint(op::BUILD_MAP, 0);
                1
            }
            CompKind::Generator => 0,
        };
        Ok((iter_slot, coll_depth))
    }

    /// End a comprehension's code, encode it and emit its call on the
    /// first iterable.
    #[inline(never)]
    fn close_comp_scope(
        &mut self,
        kind: CompKind,
        first: &Comprehension<'s>,
        loc: Loc,
    ) -> Result<(), CgError> {
        if kind == CompKind::Generator {
            self.op(op::LOAD_CONST_NONE);
        }
        self.op(op::RETURN_VALUE);
        let n_free = self.scope().free.len() as u32;
        let sig = Signature {
            scope_flags: if kind == CompKind::Generator {
                FLAG_GENERATOR
            } else {
                0
            },
            n_pos_args: n_free + 1,
            ..Signature::default()
        };
        let arg_names = self.star_names(n_free + 1, n_free as usize + 1);
        let name: &str = match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Generator => "<genexpr>",
        };
        let (raw, free) = self.close_scope(name, sig, &arg_names, loc)?;
        self.make_function(raw, &free, false, loc)?;
        self.expr(&first.iter)?;
        if kind == CompKind::Generator {
            self.op(op::GET_ITER);
        }
        self.op_uint(op::CALL_FUNCTION, 1);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn comp_loop(
        &mut self,
        kind: CompKind,
        elt: &Expr<'s>,
        value: Option<&Expr<'s>>,
        generators: &[Comprehension<'s>],
        i: usize,
        iter_slot: u32,
        coll_depth: u32,
    ) -> Result<(), CgError> {
        self.m.stack.check(elt.loc)?;
        let Some(g) = generators.get(i) else {
            // The element.
            match kind {
                CompKind::Generator => {
                    self.expr(elt)?;
                    self.ops(&[op::YIELD_VALUE, op::POP_TOP]);
                }
                CompKind::List | CompKind::Set => {
                    self.expr(elt)?;
                    let off = self.depth().saturating_sub(coll_depth);
                    let k = if kind == CompKind::List { 0 } else { 2 };
                    self.op_uint(op::STORE_COMP, off << 2 | k);
                }
                CompKind::Dict => {
                    let Some(v) = value else {
                        return Err(syntax(elt.loc, "invalid syntax"));
                    };
                    self.expr(v)?;
                    self.expr(elt)?;
                    let off = self.depth().saturating_sub(coll_depth);
                    self.op_uint(op::STORE_COMP, off << 2 | 1);
                }
            }
            return Ok(());
        };
        if g.is_async {
            return Err(syntax(g.iter.loc, "async comprehensions are not supported"));
        }
        let d0 = self.depth();
        if i == 0 {
            if kind == CompKind::Generator {
                self.op(op::LOAD_NULL);
                self.load_fast(iter_slot);
                self.ops(&[op::LOAD_NULL, op::LOAD_NULL]);
            } else {
                self.load_fast(iter_slot);
                self.op(op::GET_ITER_STACK);
            }
        } else {
            self.expr(&g.iter)?;
            self.op(op::GET_ITER_STACK);
        }
        let top = self.new_label();
        let end = self.new_label();
        self.bind(top);
        self.jump(op::FOR_ITER, end);
        self.set_depth(d0 + 5);
        self.store(&g.target)?;
        for c in &g.ifs {
            self.cond_jump(c, false, top)?;
        }
        self.comp_loop(kind, elt, value, generators, i + 1, iter_slot, coll_depth)?;
        self.jump(op::JUMP, top);
        self.bind_at(end, d0);
        Ok(())
    }
}

fn has_star(items: &[Expr<'_>]) -> bool {
    items.iter().any(|x| matches!(x.kind, ExprKind::Starred(_)))
}

/// The bytecode operator for a binary operator.
fn binary_op(o: BinOp) -> BinaryOp {
    match o {
        BinOp::Add => BinaryOp::Add,
        BinOp::Sub => BinaryOp::Subtract,
        BinOp::Mul => BinaryOp::Multiply,
        BinOp::MatMul => BinaryOp::MatMultiply,
        BinOp::Div => BinaryOp::TrueDivide,
        BinOp::FloorDiv => BinaryOp::FloorDivide,
        BinOp::Mod => BinaryOp::Modulo,
        BinOp::Pow => BinaryOp::Power,
        BinOp::LShift => BinaryOp::Lshift,
        BinOp::RShift => BinaryOp::Rshift,
        BinOp::BitOr => BinaryOp::Or,
        BinOp::BitXor => BinaryOp::Xor,
        BinOp::BitAnd => BinaryOp::And,
    }
}
