//! Expressions.
//!
//! Each parsing function pushes exactly one expression onto `exprs` on
//! success. The recursive functions keep only scalars in their frames; the
//! `reduce_*` and `take_*` helpers (never inlined) build the nodes.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::{PResult, Parser, push_lean};
use crate::ast::{
    Arg, BinOp, BoolOp, CmpOp, CompKind, Comprehension, Const, DictItem, ExprKind, Loc, Param,
    Params, UnaryOp,
};
use crate::lexer::{Keyword, NumberKind, Op, TokenKind};

// Binding powers, loosest first.
const P_OR: u8 = 1;
const P_AND: u8 = 2;
const P_NOT: u8 = 3;
const P_CMP: u8 = 4;
const P_BOR: u8 = 5;
const P_BXOR: u8 = 6;
const P_BAND: u8 = 7;
const P_SHIFT: u8 = 8;
const P_ARITH: u8 = 9;
const P_TERM: u8 = 10;
const P_FACTOR: u8 = 11;

/// What an infix token does.
#[derive(Clone, Copy)]
enum Infix {
    Bin(BinOp),
    Cmp,
    Bool(BoolOp),
}

/// Which display a run of expressions on the stack becomes.
#[derive(Clone, Copy)]
pub(super) enum Seq {
    /// A tuple.
    Tuple,
    /// A list.
    List,
    /// A set.
    Set,
}

/// What a call argument is.
#[derive(Clone, Copy)]
enum ArgKind<'s> {
    Positional,
    Star,
    Keyword(&'s str),
    DoubleStar,
}

/// Where a parameter goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Arg,
    VarArg,
    KwOnly,
    KwArg,
}

impl<'s> Parser<'s> {
    /// The infix operator at the current token and its binding power.
    fn infix(&self) -> Option<(Infix, u8)> {
        use BinOp::*;
        let found = match self.tok.kind {
            TokenKind::Op(op) => match op {
                Op::VBar => (Infix::Bin(BitOr), P_BOR),
                Op::Circumflex => (Infix::Bin(BitXor), P_BXOR),
                Op::Amper => (Infix::Bin(BitAnd), P_BAND),
                Op::LeftShift => (Infix::Bin(LShift), P_SHIFT),
                Op::RightShift => (Infix::Bin(RShift), P_SHIFT),
                Op::Plus => (Infix::Bin(Add), P_ARITH),
                Op::Minus => (Infix::Bin(Sub), P_ARITH),
                Op::Star => (Infix::Bin(Mul), P_TERM),
                Op::At => (Infix::Bin(MatMul), P_TERM),
                Op::Slash => (Infix::Bin(Div), P_TERM),
                Op::DoubleSlash => (Infix::Bin(FloorDiv), P_TERM),
                Op::Percent => (Infix::Bin(Mod), P_TERM),
                Op::Less
                | Op::Greater
                | Op::LessEqual
                | Op::GreaterEqual
                | Op::EqEqual
                | Op::NotEqual => (Infix::Cmp, P_CMP),
                _ => return None,
            },
            TokenKind::Keyword(kw) => match kw {
                Keyword::Or => (Infix::Bool(BoolOp::Or), P_OR),
                Keyword::And => (Infix::Bool(BoolOp::And), P_AND),
                Keyword::In | Keyword::Not | Keyword::Is => (Infix::Cmp, P_CMP),
                _ => return None,
            },
            _ => return None,
        };
        Some(found)
    }

    /// Whether the current token can start an expression (or a starred
    /// element).
    pub(super) fn starts_expr(&self) -> bool {
        match self.tok.kind {
            TokenKind::Name(_) | TokenKind::Number(_) | TokenKind::String(_) => true,
            #[cfg(feature = "fstrings")]
            TokenKind::FString(_) => true,
            TokenKind::Keyword(k) => {
                matches!(
                    k,
                    Keyword::None | Keyword::True | Keyword::False | Keyword::Not | Keyword::Lambda
                ) || (cfg!(feature = "async") && k == Keyword::Await)
            }
            TokenKind::Op(op) => matches!(
                op,
                Op::LPar
                    | Op::LSqb
                    | Op::LBrace
                    | Op::Minus
                    | Op::Plus
                    | Op::Tilde
                    | Op::Star
                    | Op::Ellipsis
            ),
            _ => false,
        }
    }

    fn at_comp_for(&self) -> bool {
        self.is_kw(Keyword::For) || (cfg!(feature = "async") && self.is_kw(Keyword::Async))
    }

    // ----- lists of expressions -----------------------------------------

    /// `star_expressions`: `a`, `a, b`, `*a, b,` (a tuple when there is a
    /// comma).
    pub(super) fn star_exprs(&mut self) -> PResult {
        let start = self.exprs.len();
        self.star_elem()?;
        if !self.is_op(Op::Comma) {
            return Ok(());
        }
        while self.eat_op(Op::Comma)? {
            if !self.starts_expr() {
                break;
            }
            self.star_elem()?;
        }
        self.reduce_seq(start, None, Seq::Tuple);
        Ok(())
    }

    /// `*a` (a bitwise-or operand) or a test.
    fn star_elem(&mut self) -> PResult {
        if self.is_op(Op::Star) {
            self.starred()
        } else {
            self.test(false)
        }
    }

    /// `*a` or a named test (display and call elements).
    fn star_named_elem(&mut self) -> PResult {
        if self.is_op(Op::Star) {
            self.starred()
        } else {
            self.test(true)
        }
    }

    fn starred(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        self.binary(P_BOR)?;
        self.reduce_starred(loc);
        Ok(())
    }

    /// Assignment targets of `for` and comprehensions: `a`, `a, *b`, stopping
    /// before `in`. Validated.
    pub(super) fn target_list(&mut self) -> PResult {
        let start = self.exprs.len();
        self.target_elem()?;
        if self.is_op(Op::Comma) {
            while self.eat_op(Op::Comma)? {
                if !self.starts_expr() {
                    break;
                }
                self.target_elem()?;
            }
            self.reduce_seq(start, None, Seq::Tuple);
        }
        self.check_assign_target()
    }

    /// One target: `*a` or a bitwise-or expression (not validated).
    pub(super) fn target_elem(&mut self) -> PResult {
        if self.is_op(Op::Star) {
            self.starred()
        } else {
            self.binary(P_BOR)
        }
    }

    /// An error if the top expression is starred (where only a value may
    /// go).
    pub(super) fn no_lone_star(&mut self) -> PResult {
        if let Some(e) = self.top()
            && matches!(e.kind, ExprKind::Starred(_))
        {
            let loc = e.loc;
            return Err(self.error(loc, "can't use starred expression here"));
        }
        Ok(())
    }

    // ----- the precedence levels ----------------------------------------

    /// `test`: a lambda, or `or_test [if or_test else test]`; with
    /// `named`, also `name := test`.
    pub(super) fn test(&mut self, named: bool) -> PResult {
        if self.is_kw(Keyword::Lambda) && !self.pending {
            return self.lambda();
        }
        self.binary(P_OR)?;
        if self.is_kw(Keyword::If) {
            self.if_exp()?;
        }
        if named && self.is_op(Op::ColonEqual) {
            self.walrus()?;
        }
        Ok(())
    }

    /// `test [:= test]`: a named expression where one is allowed.
    pub(super) fn named_test(&mut self) -> PResult {
        self.test(true)
    }

    /// At `:=` after a test.
    #[inline(never)]
    fn walrus(&mut self) -> PResult {
        let parenthesised = self.was_parenthesised();
        let (name, loc) = match self.top() {
            Some(e) => match e.kind {
                ExprKind::Name(n) if !parenthesised => (n, e.loc),
                _ => {
                    let loc = e.loc;
                    let msg = crate::error::message!(
                        "cannot use assignment expressions with {}",
                        super::target::describe(e)
                    );
                    return Err(self.error(loc, msg));
                }
            },
            None => return Err(self.unexpected()),
        };
        self.skip()?;
        self.enter()?;
        self.test(false)?;
        self.leave();
        let value = self.pop_box();
        self.pop();
        self.push(ExprKind::NamedExpr(name, value), loc);
        Ok(())
    }

    /// Whether the expression just parsed was a parenthesised group.
    pub(super) fn was_parenthesised(&self) -> bool {
        self.group_end == self.prev_end
    }

    /// At `if` after the body of a conditional expression.
    fn if_exp(&mut self) -> PResult {
        self.skip()?;
        self.enter()?;
        self.binary(P_OR)?;
        if !self.is_kw(Keyword::Else) {
            return Err(self.missing_else());
        }
        self.skip()?;
        self.test(false)?;
        self.leave();
        self.reduce_if_exp();
        Ok(())
    }

    #[inline(never)]
    fn missing_else(&mut self) -> super::Fail {
        if matches!(self.tok.kind, TokenKind::Newline | TokenKind::EndMarker)
            || self.is_op(Op::RPar)
            || self.is_op(Op::RSqb)
            || self.is_op(Op::Comma)
        {
            self.error(self.loc(), "expected 'else' after 'if' expression")
        } else {
            self.unexpected()
        }
    }

    fn lambda(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        self.enter()?;
        let (params, height) = self.params(true)?;
        self.expect_op(Op::Colon)?;
        self.test(false)?;
        self.leave();
        self.reduce_lambda(params, height, loc);
        Ok(())
    }

    /// Binary, boolean, comparison and unary operators binding at least
    /// as tightly as `min`.
    pub(super) fn binary(&mut self, min: u8) -> PResult {
        self.enter()?;
        self.unary(min)?;
        while let Some((infix, prec)) = self.infix() {
            if prec < min {
                break;
            }
            self.check_height()?;
            match infix {
                Infix::Bin(op) => {
                    self.skip()?;
                    self.binary(prec + 1)?;
                    self.reduce_binary(op);
                }
                Infix::Cmp => self.compare()?,
                Infix::Bool(op) => self.bool_op(op)?,
            }
        }
        self.leave();
        Ok(())
    }

    /// A prefix operator and its operand, or a power.
    fn unary(&mut self, min: u8) -> PResult {
        if !self.pending {
            let (op, prec) = match self.tok.kind {
                TokenKind::Keyword(Keyword::Not) => {
                    if min > P_NOT {
                        return Err(self.unexpected());
                    }
                    (UnaryOp::Not, P_NOT)
                }
                TokenKind::Op(Op::Minus) => (UnaryOp::Neg, P_FACTOR),
                TokenKind::Op(Op::Plus) => (UnaryOp::Pos, P_FACTOR),
                TokenKind::Op(Op::Tilde) => (UnaryOp::Invert, P_FACTOR),
                _ => return self.power(),
            };
            let loc = self.loc();
            self.skip()?;
            self.binary(prec)?;
            self.reduce_unary(op, loc);
            return Ok(());
        }
        self.power()
    }

    /// `primary [** factor]`.
    fn power(&mut self) -> PResult {
        self.primary()?;
        if self.is_op(Op::DoubleStar) {
            self.skip()?;
            self.binary(P_FACTOR)?;
            self.reduce_binary(BinOp::Pow);
        }
        Ok(())
    }

    /// `a < b <= c`, `a not in b`, `a is not b` (the first operand is on
    /// the stack).
    fn compare(&mut self) -> PResult {
        let mut ops = Vec::new();
        loop {
            let op = match self.tok.kind {
                TokenKind::Op(Op::Less) => CmpOp::Lt,
                TokenKind::Op(Op::Greater) => CmpOp::Gt,
                TokenKind::Op(Op::LessEqual) => CmpOp::LtE,
                TokenKind::Op(Op::GreaterEqual) => CmpOp::GtE,
                TokenKind::Op(Op::EqEqual) => CmpOp::Eq,
                TokenKind::Op(Op::NotEqual) => CmpOp::NotEq,
                TokenKind::Keyword(Keyword::In) => CmpOp::In,
                TokenKind::Keyword(Keyword::Is) => CmpOp::Is,
                TokenKind::Keyword(Keyword::Not) => CmpOp::NotIn,
                _ => break,
            };
            self.skip()?;
            let op = match op {
                CmpOp::NotIn => {
                    self.expect_kw(Keyword::In)?;
                    op
                }
                CmpOp::Is if self.eat_kw(Keyword::Not)? => CmpOp::IsNot,
                _ => op,
            };
            self.binary(P_CMP + 1)?;
            ops.push(op);
        }
        self.reduce_compare(ops);
        Ok(())
    }

    /// `a and b and c` as one node (the first operand is on the stack).
    fn bool_op(&mut self, op: BoolOp) -> PResult {
        let (kw, prec) = match op {
            BoolOp::And => (Keyword::And, P_AND),
            BoolOp::Or => (Keyword::Or, P_OR),
        };
        let start = self.exprs.len() - 1;
        while self.eat_kw(kw)? {
            self.binary(prec + 1)?;
        }
        self.reduce_bool_op(op, start);
        Ok(())
    }

    /// `await` primary, or an atom with its trailers (`.name`, calls,
    /// subscripts).
    fn primary(&mut self) -> PResult {
        if self.pending {
            self.pending = false;
        } else if cfg!(feature = "async") && self.is_kw(Keyword::Await) {
            return self.await_expr();
        } else {
            self.atom()?;
        }
        while let TokenKind::Op(op @ (Op::Dot | Op::LPar | Op::LSqb)) = self.tok.kind {
            self.check_height()?;
            let open = self.loc();
            self.skip()?;
            match op {
                Op::Dot => {
                    let name = self.expect_name()?;
                    self.reduce_attribute(name);
                }
                Op::LPar => {
                    let start = self.args.len();
                    let height = self.call_args(open)?;
                    self.reduce_call(start, height);
                }
                _ => {
                    self.subscript()?;
                    self.expect_op(Op::RSqb)?;
                    self.reduce_subscript();
                }
            }
        }
        Ok(())
    }

    /// A name, literal or bracketed expression.
    fn atom(&mut self) -> PResult {
        match self.tok.kind {
            TokenKind::String(_) => self.strings(),
            #[cfg(feature = "fstrings")]
            TokenKind::FString(_) => self.strings(),
            TokenKind::Op(Op::LPar) => self.paren(),
            TokenKind::Op(Op::LSqb) => self.list_display(),
            TokenKind::Op(Op::LBrace) => self.brace_display(),
            _ => self.simple_atom(),
        }
    }

    /// A name, number, `None`, `True`, `False` or `...`.
    #[inline(never)]
    fn simple_atom(&mut self) -> PResult {
        let loc = self.loc();
        let kind = match self.tok.kind {
            TokenKind::Name(name) => ExprKind::Name(name),
            TokenKind::Number(n) => ExprKind::Const(match n.kind {
                NumberKind::Int { .. } => Const::Int(n.text),
                NumberKind::Float => Const::Float(n.text),
                #[cfg(feature = "complex")]
                NumberKind::Imag => Const::Imag(n.text),
                // MicroPython without complex numbers refuses the literal
                // when it compiles it (there a `ValueError`).
                #[cfg(not(feature = "complex"))]
                NumberKind::Imag => return Err(self.error(loc, "complex values not supported")),
            }),
            TokenKind::Keyword(Keyword::None) => ExprKind::Const(Const::None),
            TokenKind::Keyword(Keyword::True) => ExprKind::Const(Const::True),
            TokenKind::Keyword(Keyword::False) => ExprKind::Const(Const::False),
            TokenKind::Op(Op::Ellipsis) => ExprKind::Const(Const::Ellipsis),
            _ => return Err(self.unexpected()),
        };
        self.skip()?;
        self.push(kind, loc);
        Ok(())
    }

    /// `(...)`: a group, tuple, generator expression or `(yield)`.
    fn paren(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        let start = self.exprs.len();
        if self.eat_op(Op::RPar)? {
            self.reduce_seq(start, Some(loc), Seq::Tuple);
            return Ok(());
        }
        if self.is_kw(Keyword::Yield) {
            self.yield_expr()?;
            self.expect_op(Op::RPar)?;
            self.group_end = self.prev_end;
            self.set_start(loc);
            return Ok(());
        }
        self.star_named_elem()?;
        if self.at_comp_for() {
            self.comprehension(CompKind::Generator, loc)?;
            return self.expect_op(Op::RPar);
        }
        if self.is_op(Op::Comma) {
            self.rest_of_list(Op::RPar)?;
            self.reduce_seq(start, Some(loc), Seq::Tuple);
            return Ok(());
        }
        self.expect_op(Op::RPar)?;
        self.no_lone_star()?;
        self.group_end = self.prev_end;
        self.set_start(loc);
        Ok(())
    }

    /// After the first element of a display, at `,`: the remaining
    /// elements and the closing bracket.
    fn rest_of_list(&mut self, close: Op) -> PResult {
        while self.eat_op(Op::Comma)? {
            if self.is_op(close) {
                break;
            }
            self.star_named_elem()?;
        }
        self.expect_op(close)
    }

    fn list_display(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        let start = self.exprs.len();
        if !self.is_op(Op::RSqb) {
            self.star_named_elem()?;
            if self.at_comp_for() {
                self.comprehension(CompKind::List, loc)?;
                return self.expect_op(Op::RSqb);
            }
        }
        self.rest_of_list(Op::RSqb)?;
        self.reduce_seq(start, Some(loc), Seq::List);
        Ok(())
    }

    /// `{...}`: a dict or set display or comprehension.
    fn brace_display(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        let start = self.exprs.len();
        if self.eat_op(Op::RBrace)? {
            self.reduce_dict(Vec::new(), 0, loc);
            return Ok(());
        }
        let mut items = Vec::new();
        let mut height = 0;
        if self.eat_op(Op::DoubleStar)? {
            self.binary(P_BOR)?;
            height = height.max(self.take_dict_item(&mut items, false));
        } else {
            self.star_named_elem()?;
            if !self.is_op(Op::Colon) {
                // A set.
                if self.at_comp_for() {
                    self.comprehension(CompKind::Set, loc)?;
                    return self.expect_op(Op::RBrace);
                }
                self.rest_of_list(Op::RBrace)?;
                self.reduce_seq(start, Some(loc), Seq::Set);
                return Ok(());
            }
            self.no_lone_star()?;
            self.skip()?;
            self.test(false)?;
            if self.at_comp_for() {
                self.comprehension(CompKind::Dict, loc)?;
                return self.expect_op(Op::RBrace);
            }
            height = height.max(self.take_dict_item(&mut items, true));
        }
        while self.eat_op(Op::Comma)? {
            if self.is_op(Op::RBrace) {
                break;
            }
            if self.eat_op(Op::DoubleStar)? {
                self.binary(P_BOR)?;
                height = height.max(self.take_dict_item(&mut items, false));
            } else {
                self.test(false)?;
                self.expect_op(Op::Colon)?;
                self.test(false)?;
                height = height.max(self.take_dict_item(&mut items, true));
            }
        }
        if self.at_comp_for() {
            return Err(self.error(
                self.loc(),
                "dict unpacking cannot be used in dict comprehension",
            ));
        }
        self.expect_op(Op::RBrace)?;
        self.reduce_dict(items, height, loc);
        Ok(())
    }

    /// The `for ... in ... if ...` clauses after a comprehension's
    /// element (and, for a dict, value) on the stack; the closing bracket
    /// is left for the caller.
    pub(super) fn comprehension(&mut self, kind: CompKind, loc: Loc) -> PResult {
        self.check_comp_element(kind)?;
        let mut generators = Vec::new();
        let mut height = 0;
        loop {
            let is_async = cfg!(feature = "async") && self.eat_kw(Keyword::Async)?;
            if !self.is_kw(Keyword::For) {
                if is_async || generators.is_empty() {
                    return Err(self.unexpected());
                }
                break;
            }
            self.skip()?;
            self.target_list()?;
            self.expect_kw(Keyword::In)?;
            self.binary(P_OR)?;
            let start = self.exprs.len();
            while self.eat_kw(Keyword::If)? {
                self.binary(P_OR)?;
            }
            height = height.max(self.take_generator(&mut generators, start, is_async));
        }
        self.reduce_comp(kind, generators, height, loc);
        Ok(())
    }

    /// Call arguments after `(`, through `)`, onto `args`; returns their
    /// greatest height. `open` is where `(` is (the position of a generator
    /// expression that is the sole argument).
    pub(super) fn call_args(&mut self, open: Loc) -> PResult<u8> {
        let start = self.args.len();
        let mut height = 0;
        while !self.is_op(Op::RPar) {
            let loc = self.loc();
            let kind = if self.eat_op(Op::Star)? {
                self.test(false)?;
                ArgKind::Star
            } else if self.eat_op(Op::DoubleStar)? {
                self.test(false)?;
                ArgKind::DoubleStar
            } else {
                self.named_test()?;
                if self.is_op(Op::Equal) {
                    let name = self.keyword_name()?;
                    self.skip()?;
                    self.test(false)?;
                    ArgKind::Keyword(name)
                } else if self.at_comp_for() {
                    self.comprehension(CompKind::Generator, open)?;
                    if self.args.len() > start || !self.is_op(Op::RPar) {
                        return Err(self.error(open, "Generator expression must be parenthesized"));
                    }
                    ArgKind::Positional
                } else {
                    ArgKind::Positional
                }
            };
            height = height.max(self.take_arg(start, kind, loc)?);
            if !self.eat_op(Op::Comma)? {
                break;
            }
        }
        self.expect_op(Op::RPar)?;
        Ok(height)
    }

    /// The name of a keyword argument (the top expression, before `=`).
    #[inline(never)]
    fn keyword_name(&mut self) -> PResult<&'s str> {
        let parenthesised = self.was_parenthesised();
        match self.pop() {
            crate::ast::Expr {
                kind: ExprKind::Name(n),
                ..
            } if !parenthesised => Ok(n),
            e => Err(self.error(
                e.loc,
                "expression cannot contain assignment, perhaps you meant \"==\"?",
            )),
        }
    }

    /// The index of a subscript: an expression, slice or tuple of them.
    fn subscript(&mut self) -> PResult {
        let start = self.exprs.len();
        self.slice_elem()?;
        if !self.is_op(Op::Comma) {
            // `a[*b]` indexes with a tuple.
            if let Some(e) = self.top()
                && matches!(e.kind, ExprKind::Starred(_))
            {
                self.reduce_seq(start, None, Seq::Tuple);
            }
            return Ok(());
        }
        while self.eat_op(Op::Comma)? {
            if self.is_op(Op::RSqb) {
                break;
            }
            self.slice_elem()?;
        }
        self.reduce_seq(start, None, Seq::Tuple);
        Ok(())
    }

    fn slice_elem(&mut self) -> PResult {
        if self.is_op(Op::Star) {
            return self.starred();
        }
        let loc = self.loc();
        let lower = !self.is_op(Op::Colon);
        if lower {
            self.named_test()?;
            if !self.is_op(Op::Colon) {
                return Ok(());
            }
        }
        self.skip()?;
        let upper = !(self.is_op(Op::RSqb) || self.is_op(Op::Comma) || self.is_op(Op::Colon));
        if upper {
            self.test(false)?;
        }
        let mut step = false;
        if self.eat_op(Op::Colon)? && !(self.is_op(Op::RSqb) || self.is_op(Op::Comma)) {
            self.test(false)?;
            step = true;
        }
        self.reduce_slice(loc, lower, upper, step);
        Ok(())
    }

    /// `yield`, `yield x, y`, `yield from x`.
    pub(super) fn yield_expr(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        if self.eat_kw(Keyword::From)? {
            self.test(false)?;
            self.reduce_yield(loc, true, true);
            return Ok(());
        }
        let value = self.starts_expr();
        if value {
            self.star_exprs()?;
            self.no_lone_star()?;
        }
        self.reduce_yield(loc, value, false);
        Ok(())
    }

    /// A `yield` expression or `star_expressions` (the right-hand side of
    /// an assignment).
    pub(super) fn rhs(&mut self) -> PResult {
        if self.is_kw(Keyword::Yield) {
            self.yield_expr()
        } else {
            self.star_exprs()?;
            self.no_lone_star()
        }
    }

    // ----- parameters ----------------------------------------------------

    /// A parameter list, up to (not including) `)` for a `def` or `:` for
    /// a lambda (which has no annotations).
    pub(super) fn params(&mut self, lambda: bool) -> PResult<(Box<Params<'s>>, u8)> {
        let close = if lambda { Op::Colon } else { Op::RPar };
        let mut p: Box<Params<'s>> = Box::default();
        let mut height = 0;
        let mut star = false;
        let mut bare_star: Option<Loc> = None;
        while !self.is_op(close) {
            let loc = self.loc();
            if self.eat_op(Op::Slash)? {
                self.posonly_marker(&mut p, star, loc)?;
            } else if self.eat_op(Op::Star)? {
                if star {
                    return Err(self.error(loc, "* argument may appear only once"));
                }
                star = true;
                if matches!(self.tok.kind, TokenKind::Name(_)) {
                    height = height.max(self.param(&mut p, Slot::VarArg, lambda)?);
                } else {
                    bare_star = Some(loc);
                }
            } else if self.eat_op(Op::DoubleStar)? {
                height = height.max(self.param(&mut p, Slot::KwArg, lambda)?);
                self.eat_op(Op::Comma)?;
                if !self.is_op(close) {
                    return Err(
                        self.error(self.loc(), "arguments cannot follow var-keyword argument")
                    );
                }
                break;
            } else {
                let slot = if star { Slot::KwOnly } else { Slot::Arg };
                height = height.max(self.param(&mut p, slot, lambda)?);
            }
            if !self.eat_op(Op::Comma)? {
                break;
            }
        }
        if let Some(loc) = bare_star
            && p.kwonly.is_empty()
        {
            return Err(self.error(loc, "named arguments must follow bare *"));
        }
        if !self.is_op(close) {
            return Err(self.unexpected());
        }
        self.check_duplicates(&p)?;
        Ok((p, height))
    }

    #[inline(never)]
    fn posonly_marker(&mut self, p: &mut Params<'s>, star: bool, loc: Loc) -> PResult {
        if star || !p.posonly.is_empty() {
            return Err(self.error(loc, "/ must be ahead of *"));
        }
        if p.args.is_empty() {
            return Err(self.error(loc, "at least one argument must precede /"));
        }
        p.posonly = core::mem::take(&mut p.args);
        Ok(())
    }

    /// `name [: annotation] [= default]` into `slot`.
    fn param(&mut self, p: &mut Params<'s>, slot: Slot, lambda: bool) -> PResult<u8> {
        let loc = self.loc();
        let name = self.expect_name()?;
        let annotation = !lambda && self.eat_op(Op::Colon)?;
        if annotation {
            self.test(false)?;
        }
        let default_loc = self.loc();
        let default = self.eat_op(Op::Equal)?;
        if default {
            if matches!(slot, Slot::VarArg | Slot::KwArg) {
                let msg = if slot == Slot::VarArg {
                    "var-positional argument cannot have default value"
                } else {
                    "var-keyword argument cannot have default value"
                };
                return Err(self.error(default_loc, msg));
            }
            self.test(false)?;
        }
        self.take_param(p, slot, name, loc, annotation, default)
    }

    // ----- node builders -------------------------------------------------

    #[inline(never)]
    pub(super) fn reduce_seq(&mut self, start: usize, loc: Option<Loc>, seq: Seq) {
        let items = self.take_exprs(start);
        let loc = match (loc, items.first()) {
            (Some(loc), _) => loc,
            (None, Some(_)) => self.popped_start,
            (None, None) => self.loc(),
        };
        let kind = match seq {
            Seq::Tuple => ExprKind::Tuple(items),
            Seq::List => ExprKind::List(items),
            Seq::Set => ExprKind::Set(items),
        };
        self.push(kind, loc);
    }

    #[inline(never)]
    fn reduce_starred(&mut self, loc: Loc) {
        let value = self.pop_box();
        self.push(ExprKind::Starred(value), loc);
    }

    #[inline(never)]
    fn reduce_unary(&mut self, op: UnaryOp, loc: Loc) {
        let operand = self.pop_box();
        self.push(ExprKind::Unary(op, operand), loc);
    }

    #[inline(never)]
    fn reduce_binary(&mut self, op: BinOp) {
        let rhs = self.pop_box();
        let lhs = self.pop_box();
        let loc = self.popped_start;
        self.push(ExprKind::Binary(op, lhs, rhs), loc);
    }

    #[inline(never)]
    fn reduce_compare(&mut self, ops: Vec<CmpOp>) {
        let start = self.exprs.len().saturating_sub(ops.len());
        let operands = self.take_exprs(start);
        let first = self.pop_box();
        let loc = self.popped_start;
        let rest = ops.into_iter().zip(operands).collect();
        self.push(ExprKind::Compare(first, rest), loc);
    }

    #[inline(never)]
    fn reduce_bool_op(&mut self, op: BoolOp, start: usize) {
        let values = self.take_exprs(start);
        let loc = self.popped_start;
        self.push(ExprKind::BoolOp(op, values), loc);
    }

    #[inline(never)]
    fn reduce_if_exp(&mut self) {
        let orelse = self.pop_box();
        let test = self.pop_box();
        let body = self.pop_box();
        let loc = self.popped_start;
        self.push(ExprKind::IfExp { test, body, orelse }, loc);
    }

    #[inline(never)]
    fn reduce_lambda(&mut self, params: Box<Params<'s>>, height: u8, loc: Loc) {
        let body = self.pop_box();
        self.restore_height(height);
        self.push(ExprKind::Lambda(params, body), loc);
    }

    /// `await` and its primary.
    #[cfg(feature = "async")]
    #[inline(never)]
    fn await_expr(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        self.enter()?;
        self.primary()?;
        self.leave();
        let value = self.pop_box();
        self.push(ExprKind::Await(value), loc);
        Ok(())
    }

    /// Without `async`, `await` never starts a primary (see `starts_expr`).
    #[cfg(not(feature = "async"))]
    fn await_expr(&mut self) -> PResult {
        Err(self.unexpected())
    }

    #[inline(never)]
    fn reduce_attribute(&mut self, name: &'s str) {
        let value = self.pop_box();
        let loc = self.popped_start;
        self.push(ExprKind::Attribute(value, name), loc);
    }

    #[inline(never)]
    fn reduce_subscript(&mut self) {
        let index = self.pop_box();
        let value = self.pop_box();
        let loc = self.popped_start;
        self.push(ExprKind::Subscript(value, index), loc);
    }

    #[inline(never)]
    fn reduce_slice(&mut self, loc: Loc, lower: bool, upper: bool, step: bool) {
        let step = step.then(|| self.pop_box());
        let upper = upper.then(|| self.pop_box());
        let lower = lower.then(|| self.pop_box());
        self.push(ExprKind::Slice(lower, upper, step), loc);
    }

    #[inline(never)]
    fn reduce_call(&mut self, start: usize, height: u8) {
        let args = self.take_args(start);
        let func = self.pop_box();
        self.restore_height(height);
        let loc = self.popped_start;
        self.push(ExprKind::Call(func, args), loc);
    }

    #[inline(never)]
    fn reduce_yield(&mut self, loc: Loc, value: bool, from: bool) {
        let kind = if from {
            ExprKind::YieldFrom(self.pop_box())
        } else {
            ExprKind::Yield(value.then(|| self.pop_box()))
        };
        self.push(kind, loc);
    }

    #[inline(never)]
    fn reduce_dict(&mut self, items: Vec<DictItem<'s>>, height: u8, loc: Loc) {
        self.restore_height(height);
        self.push(ExprKind::Dict(items), loc);
    }

    #[inline(never)]
    fn take_dict_item(&mut self, items: &mut Vec<DictItem<'s>>, pair: bool) -> u8 {
        let value = self.pop();
        if pair {
            let key = self.pop();
            push_lean(items, DictItem::Pair(key, value));
        } else {
            push_lean(items, DictItem::Splat(value));
        }
        self.take_height()
    }

    #[inline(never)]
    fn check_comp_element(&mut self, kind: CompKind) -> PResult {
        let index = self
            .exprs
            .len()
            .saturating_sub(if kind == CompKind::Dict { 2 } else { 1 });
        if let Some(e) = self.exprs.get(index)
            && matches!(e.kind, ExprKind::Starred(_))
        {
            let loc = e.loc;
            return Err(self.error(loc, "iterable unpacking cannot be used in comprehension"));
        }
        Ok(())
    }

    #[inline(never)]
    fn take_generator(
        &mut self,
        generators: &mut Vec<Comprehension<'s>>,
        ifs_start: usize,
        is_async: bool,
    ) -> u8 {
        let ifs = self.take_exprs(ifs_start);
        let iter = self.pop();
        let target = self.pop();
        push_lean(
            generators,
            Comprehension {
                target,
                iter,
                ifs,
                is_async,
            },
        );
        self.take_height()
    }

    #[inline(never)]
    fn reduce_comp(
        &mut self,
        kind: CompKind,
        generators: Vec<Comprehension<'s>>,
        height: u8,
        loc: Loc,
    ) {
        let value = (kind == CompKind::Dict).then(|| self.pop_box());
        let elt = self.pop_box();
        self.restore_height(height);
        self.push(
            ExprKind::Comp {
                kind,
                elt,
                value,
                generators,
            },
            loc,
        );
    }

    /// Adds the argument on the stack to `args`, checking the order.
    #[inline(never)]
    fn take_arg(&mut self, start: usize, kind: ArgKind<'s>, loc: Loc) -> PResult<u8> {
        let value = self.pop();
        let args = &self.args[start.min(self.args.len())..];
        let keywords = args.iter().any(|a| matches!(a, Arg::Keyword(..)));
        let splat = args.iter().any(|a| matches!(a, Arg::DoubleStar(_)));
        let arg = match kind {
            ArgKind::Positional => {
                if splat {
                    return Err(self.error(
                        value.loc,
                        "positional argument follows keyword argument unpacking",
                    ));
                }
                if keywords {
                    return Err(
                        self.error(value.loc, "positional argument follows keyword argument")
                    );
                }
                Arg::Positional(value)
            }
            ArgKind::Star => {
                if splat {
                    return Err(self.error(
                        loc,
                        "iterable argument unpacking follows keyword argument unpacking",
                    ));
                }
                Arg::Star(value)
            }
            ArgKind::Keyword(name) => {
                if args
                    .iter()
                    .any(|a| matches!(a, Arg::Keyword(n, _) if *n == name))
                {
                    let msg = crate::error::message!("keyword argument repeated: {name}");
                    return Err(self.error(loc, msg));
                }
                Arg::Keyword(name, value)
            }
            ArgKind::DoubleStar => Arg::DoubleStar(value),
        };
        self.args.push(arg);
        Ok(self.take_height())
    }

    /// Adds a parameter (its annotation and default on the stack) to `p`.
    #[inline(never)]
    fn take_param(
        &mut self,
        p: &mut Params<'s>,
        slot: Slot,
        name: &'s str,
        loc: Loc,
        annotation: bool,
        default: bool,
    ) -> PResult<u8> {
        let default = default.then(|| self.pop_box());
        let annotation = annotation.then(|| self.pop_box());
        let param = Param {
            name,
            annotation,
            default,
            loc,
        };
        match slot {
            Slot::Arg => {
                let after_default = p
                    .args
                    .last()
                    .or(p.posonly.last())
                    .is_some_and(|last| last.default.is_some());
                if after_default && param.default.is_none() {
                    return Err(self.error(loc, "non-default argument follows default argument"));
                }
                push_lean(&mut p.args, param);
            }
            Slot::VarArg => p.vararg = Some(param),
            Slot::KwOnly => push_lean(&mut p.kwonly, param),
            Slot::KwArg => p.kwarg = Some(param),
        }
        Ok(self.take_height())
    }

    /// `duplicate argument 'x' in function definition`.
    #[inline(never)]
    fn check_duplicates(&mut self, p: &Params<'s>) -> PResult {
        let groups = p.groups();
        for (gi, group) in groups.iter().enumerate() {
            for (i, a) in group.iter().enumerate() {
                // Every parameter before `a` in source order.
                let earlier = groups[..gi]
                    .iter()
                    .any(|g| g.iter().any(|b| b.name == a.name))
                    || group[..i].iter().any(|b| b.name == a.name);
                if earlier {
                    let msg = crate::error::message!(
                        "duplicate argument '{}' in function definition",
                        a.name
                    );
                    return Err(self.error(a.loc, msg));
                }
            }
        }
        Ok(())
    }
}
