//! Statements.
//!
//! Each parsing function pushes its statement onto `stmts`; expressions
//! wait on `exprs` until the statement is put together by a `reduce_*`
//! helper (never inlined, so the recursive functions' frames stay small).

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::expr::Seq;
use super::{PResult, Parser, push_lean};
use crate::CompileError;
use crate::ast::{
    Alias, Arg, BinOp, ClassDef, ExceptHandler, FunctionDef, Loc, Params, StmtKind, WithItem,
};
use crate::lexer::{Keyword, Op, TokenKind};

/// The operator of an augmented assignment token.
fn aug_op(op: Op) -> Option<BinOp> {
    Some(match op {
        Op::PlusEqual => BinOp::Add,
        Op::MinEqual => BinOp::Sub,
        Op::StarEqual => BinOp::Mul,
        Op::AtEqual => BinOp::MatMul,
        Op::SlashEqual => BinOp::Div,
        Op::DoubleSlashEqual => BinOp::FloorDiv,
        Op::PercentEqual => BinOp::Mod,
        Op::DoubleStarEqual => BinOp::Pow,
        Op::LeftShiftEqual => BinOp::LShift,
        Op::RightShiftEqual => BinOp::RShift,
        Op::VBarEqual => BinOp::BitOr,
        Op::CircumflexEqual => BinOp::BitXor,
        Op::AmperEqual => BinOp::BitAnd,
        _ => return None,
    })
}

/// An `except` clause being parsed: where, whether it has a type, the
/// `as` name and where its body starts on `stmts`.
type Handler<'s> = (Loc, bool, Option<&'s str>, usize);

impl<'s> Parser<'s> {
    /// Whether the current token starts a compound statement.
    pub(super) fn at_compound(&self) -> bool {
        match self.tok.kind {
            TokenKind::Keyword(k) => {
                matches!(
                    k,
                    Keyword::If
                        | Keyword::While
                        | Keyword::For
                        | Keyword::Try
                        | Keyword::With
                        | Keyword::Def
                        | Keyword::Class
                ) || (cfg!(feature = "async") && k == Keyword::Async)
            }
            TokenKind::Op(Op::At) => true,
            _ => false,
        }
    }

    /// One statement of a block: a compound statement, or a line of
    /// simple statements.
    fn statement(&mut self) -> PResult {
        if matches!(self.tok.kind, TokenKind::Indent) {
            return Err(self.unexpected());
        }
        if self.at_compound() {
            return self.compound();
        }
        self.simple_line()
    }

    /// Simple statements separated by `;`, through the end of the line.
    fn simple_line(&mut self) -> PResult {
        loop {
            self.small_stmt()?;
            if self.eat_op(Op::Semi)? {
                if matches!(self.tok.kind, TokenKind::Newline) {
                    break;
                }
                continue;
            }
            if matches!(self.tok.kind, TokenKind::Newline) {
                break;
            }
            return Err(self.unexpected());
        }
        self.skip()
    }

    /// The block after a compound statement's `:`, onto `stmts`; `what`
    /// and `line` name the statement for the error when the indented
    /// block is missing.
    fn block(&mut self, what: &'static str, line: u32) -> PResult {
        if !matches!(self.tok.kind, TokenKind::Newline) {
            return self.simple_line();
        }
        self.skip()?;
        if !matches!(self.tok.kind, TokenKind::Indent) {
            return Err(self.missing_block(what, line));
        }
        self.skip()?;
        loop {
            match self.tok.kind {
                TokenKind::Dedent => break,
                TokenKind::EndMarker => return Err(self.unexpected()),
                _ => self.statement()?,
            }
        }
        self.skip()
    }

    #[inline(never)]
    fn missing_block(&mut self, what: &'static str, line: u32) -> super::Fail {
        let msg = crate::error::message!("expected an indented block after {what} on line {line}");
        let e = CompileError::indentation(self.loc(), msg);
        self.fail(e)
    }

    /// A compound statement (with its decorators).
    pub(super) fn compound(&mut self) -> PResult {
        self.enter()?;
        let loc = self.loc();
        match self.tok.kind {
            TokenKind::Keyword(Keyword::If) => self.if_stmt()?,
            TokenKind::Keyword(Keyword::While) => self.while_stmt()?,
            TokenKind::Keyword(Keyword::For) => self.for_stmt(loc, false)?,
            TokenKind::Keyword(Keyword::Try) => self.try_stmt()?,
            TokenKind::Keyword(Keyword::With) => self.with_stmt(loc, false)?,
            TokenKind::Keyword(Keyword::Def) => self.funcdef(loc, 0, false)?,
            TokenKind::Keyword(Keyword::Class) => self.classdef(loc, 0)?,
            #[cfg(feature = "async")]
            TokenKind::Keyword(Keyword::Async) => {
                self.skip()?;
                match self.tok.kind {
                    TokenKind::Keyword(Keyword::Def) => self.funcdef(loc, 0, true)?,
                    TokenKind::Keyword(Keyword::For) => self.for_stmt(loc, true)?,
                    TokenKind::Keyword(Keyword::With) => self.with_stmt(loc, true)?,
                    _ => return Err(self.unexpected()),
                }
            }
            _ => self.decorated(loc)?,
        }
        self.leave();
        Ok(())
    }

    fn decorated(&mut self, loc: Loc) -> PResult {
        let mut count = 0;
        while self.eat_op(Op::At)? {
            self.named_test()?;
            count += 1;
            if !matches!(self.tok.kind, TokenKind::Newline) {
                return Err(self.unexpected());
            }
            self.skip()?;
        }
        match self.tok.kind {
            TokenKind::Keyword(Keyword::Def) => self.funcdef(loc, count, false),
            TokenKind::Keyword(Keyword::Class) => self.classdef(loc, count),
            #[cfg(feature = "async")]
            TokenKind::Keyword(Keyword::Async) => {
                self.skip()?;
                if !self.is_kw(Keyword::Def) {
                    return Err(self.unexpected());
                }
                self.funcdef(loc, count, true)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn if_stmt(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        self.named_test()?;
        self.expect_colon()?;
        let body = self.stmts.len();
        self.block("'if' statement", loc.line)?;
        // `elif` clauses nest in `orelse`: each one charges the depth.
        let depth = self.depth;
        let mut elifs = Vec::new();
        while self.is_kw(Keyword::Elif) {
            let eloc = self.loc();
            self.enter()?;
            self.skip()?;
            self.named_test()?;
            self.expect_colon()?;
            elifs.push((eloc, self.stmts.len()));
            self.block("'elif' statement", eloc.line)?;
        }
        let orelse = self.else_block()?;
        self.depth = depth;
        self.reduce_if(loc, body, elifs, orelse);
        Ok(())
    }

    /// An optional `else:` block onto `stmts`; returns where it starts.
    fn else_block(&mut self) -> PResult<usize> {
        let start = self.stmts.len();
        if self.is_kw(Keyword::Else) {
            let line = self.loc().line;
            self.skip()?;
            self.expect_colon()?;
            self.block("'else' statement", line)?;
        }
        Ok(start)
    }

    fn while_stmt(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        self.named_test()?;
        self.expect_colon()?;
        let body = self.stmts.len();
        self.block("'while' statement", loc.line)?;
        let orelse = self.else_block()?;
        self.reduce_while(loc, body, orelse);
        Ok(())
    }

    fn for_stmt(&mut self, loc: Loc, is_async: bool) -> PResult {
        let line = self.loc().line;
        self.skip()?;
        self.target_list()?;
        self.expect_kw(Keyword::In)?;
        self.star_exprs()?;
        self.no_lone_star()?;
        self.expect_colon()?;
        let body = self.stmts.len();
        self.block("'for' statement", line)?;
        let orelse = self.else_block()?;
        self.reduce_for(loc, is_async, body, orelse);
        Ok(())
    }

    fn try_stmt(&mut self) -> PResult {
        let loc = self.loc();
        self.skip()?;
        self.expect_colon()?;
        let body = self.stmts.len();
        self.block("'try' statement", loc.line)?;
        let mut handlers: Vec<Handler<'s>> = Vec::new();
        while self.is_kw(Keyword::Except) {
            let hloc = self.loc();
            if let Some(&(prev, false, _, _)) = handlers.last() {
                return Err(self.error(prev, "default 'except:' must be last"));
            }
            self.skip()?;
            let mut typ = false;
            let mut name = None;
            if !self.is_op(Op::Colon) {
                self.test(false)?;
                if self.is_op(Op::Comma) {
                    return Err(self.multiple_exception_types());
                }
                typ = true;
                if self.eat_kw(Keyword::As)? {
                    name = Some(self.expect_name()?);
                }
            }
            self.expect_colon()?;
            handlers.push((hloc, typ, name, self.stmts.len()));
            self.block("'except' statement", hloc.line)?;
        }
        let orelse = if handlers.is_empty() {
            self.stmts.len()
        } else {
            self.else_block()?
        };
        let finalbody = self.stmts.len();
        if self.is_kw(Keyword::Finally) {
            let line = self.loc().line;
            self.skip()?;
            self.expect_colon()?;
            self.block("'finally' statement", line)?;
        } else if handlers.is_empty() {
            return Err(self.error(self.loc(), "expected 'except' or 'finally' block"));
        }
        self.reduce_try(loc, body, handlers, orelse, finalbody);
        Ok(())
    }

    #[inline(never)]
    fn multiple_exception_types(&mut self) -> super::Fail {
        let loc = self.top().map_or(self.loc(), |e| e.loc);
        self.error(loc, "multiple exception types must be parenthesized")
    }

    fn with_stmt(&mut self, loc: Loc, is_async: bool) -> PResult {
        let line = self.loc().line;
        self.skip()?;
        let mut targets = Vec::new();
        if self.is_op(Op::LPar) {
            self.paren_with_items(&mut targets)?;
        } else {
            self.with_items(&mut targets)?;
        }
        self.expect_colon()?;
        let body = self.stmts.len();
        self.block("'with' statement", line)?;
        self.reduce_with(loc, is_async, targets, body);
        Ok(())
    }

    /// `item, item...` (each `expr [as target]`, onto `exprs`), noting in
    /// `targets` which have a target.
    fn with_items(&mut self, targets: &mut Vec<bool>) -> PResult {
        loop {
            self.test(false)?;
            let target = self.eat_kw(Keyword::As)?;
            if target {
                self.target_elem()?;
                self.check_assign_target()?;
            }
            targets.push(target);
            if !self.eat_op(Op::Comma)? {
                return Ok(());
            }
        }
    }

    /// At `(` after `with`: `(item, item, ...)`, or a parenthesised
    /// expression that starts the first item (`with (a, b) as c:`).
    fn paren_with_items(&mut self, targets: &mut Vec<bool>) -> PResult {
        let open = self.loc();
        self.skip()?;
        let start = self.exprs.len();
        let mut trailing_comma = false;
        while !self.is_op(Op::RPar) {
            self.named_test()?;
            let target = self.eat_kw(Keyword::As)?;
            if target {
                self.target_elem()?;
                self.check_assign_target()?;
            }
            targets.push(target);
            trailing_comma = self.eat_op(Op::Comma)?;
            if !trailing_comma {
                break;
            }
        }
        self.expect_op(Op::RPar)?;
        if self.is_op(Op::Colon) && !targets.is_empty() {
            return Ok(());
        }
        if targets.iter().any(|&t| t) {
            return Err(self.unexpected());
        }
        // The parentheses were an atom.
        if targets.len() == 1 && !trailing_comma {
            self.group_end = self.prev_end;
            self.set_start(open);
        } else {
            self.reduce_seq(start, Some(open), Seq::Tuple);
        }
        targets.clear();
        self.pending = true;
        self.with_items(targets)
    }

    fn funcdef(&mut self, loc: Loc, decorators: usize, is_async: bool) -> PResult {
        let line = self.loc().line;
        self.skip()?;
        let name = self.expect_name()?;
        self.expect_op(Op::LPar)?;
        let (params, _) = self.params(false)?;
        self.expect_op(Op::RPar)?;
        let returns = self.eat_op(Op::Arrow)?;
        if returns {
            self.test(false)?;
        }
        self.expect_colon()?;
        let body = self.stmts.len();
        self.block("function definition", line)?;
        self.reduce_funcdef(loc, name, params, returns, decorators, body, is_async);
        Ok(())
    }

    fn classdef(&mut self, loc: Loc, decorators: usize) -> PResult {
        let line = self.loc().line;
        self.skip()?;
        let name = self.expect_name()?;
        let bases = if self.is_op(Op::LPar) {
            let open = self.loc();
            self.skip()?;
            let start = self.args.len();
            self.call_args(open)?;
            self.take_args(start)
        } else {
            Vec::new()
        };
        self.expect_colon()?;
        let body = self.stmts.len();
        self.block("class definition", line)?;
        self.reduce_classdef(loc, name, bases, decorators, body);
        Ok(())
    }

    // ----- simple statements --------------------------------------------

    /// One simple statement (without the `;` or newline after it).
    pub(super) fn small_stmt(&mut self) -> PResult {
        let loc = self.loc();
        let TokenKind::Keyword(kw) = self.tok.kind else {
            return self.expr_stmt();
        };
        match kw {
            Keyword::Pass | Keyword::Break | Keyword::Continue => {
                self.skip()?;
                self.reduce_keyword_stmt(kw, loc);
            }
            Keyword::Return => {
                self.skip()?;
                let value = self.starts_expr();
                if value {
                    self.star_exprs()?;
                    self.no_lone_star()?;
                }
                self.reduce_return(loc, value);
            }
            Keyword::Raise => {
                self.skip()?;
                let exc = self.starts_expr();
                let mut cause = false;
                if exc {
                    self.test(false)?;
                    cause = self.eat_kw(Keyword::From)?;
                    if cause {
                        self.test(false)?;
                    }
                }
                self.reduce_raise(loc, exc, cause);
            }
            Keyword::Global | Keyword::Nonlocal => self.global(kw, loc)?,
            Keyword::Del => {
                self.skip()?;
                let start = self.exprs.len();
                loop {
                    self.target_elem()?;
                    self.check_del_target()?;
                    if !self.eat_op(Op::Comma)? || !self.starts_expr() {
                        break;
                    }
                }
                self.reduce_del(loc, start);
            }
            Keyword::Assert => {
                self.skip()?;
                self.test(false)?;
                let msg = self.eat_op(Op::Comma)?;
                if msg {
                    self.test(false)?;
                }
                self.reduce_assert(loc, msg);
            }
            Keyword::Import => self.import(loc)?,
            Keyword::From => self.import_from(loc)?,
            _ => return self.expr_stmt(),
        }
        Ok(())
    }

    /// An expression statement, assignment, augmented or annotated
    /// assignment.
    fn expr_stmt(&mut self) -> PResult {
        let loc = self.loc();
        let start = self.exprs.len();
        if self.is_kw(Keyword::Yield) {
            self.yield_expr()?;
        } else {
            self.star_exprs()?;
        }
        let TokenKind::Op(op) = self.tok.kind else {
            self.no_lone_star()?;
            self.reduce_expr_stmt(loc);
            return Ok(());
        };
        match op {
            Op::Equal => {
                while self.eat_op(Op::Equal)? {
                    self.check_assign_target()?;
                    self.rhs()?;
                }
                self.reduce_assign(loc, start);
            }
            Op::Colon => {
                self.check_ann_target()?;
                self.skip()?;
                self.test(false)?;
                let value = self.eat_op(Op::Equal)?;
                if value {
                    self.rhs()?;
                }
                self.reduce_ann_assign(loc, value);
            }
            _ => match aug_op(op) {
                Some(op) => {
                    self.check_aug_target()?;
                    self.skip()?;
                    self.rhs()?;
                    self.reduce_aug_assign(loc, op);
                }
                None => {
                    self.no_lone_star()?;
                    self.reduce_expr_stmt(loc);
                }
            },
        }
        Ok(())
    }

    #[inline(never)]
    fn global(&mut self, kw: Keyword, loc: Loc) -> PResult {
        self.skip()?;
        let mut names = alloc::vec![self.expect_name()?];
        while self.eat_op(Op::Comma)? {
            let name = self.expect_name()?;
            push_lean(&mut names, name);
        }
        let kind = if kw == Keyword::Global {
            StmtKind::Global(names)
        } else {
            StmtKind::Nonlocal(names)
        };
        self.push_stmt(kind, loc);
        Ok(())
    }

    // ----- imports -------------------------------------------------------

    /// A dotted name `a.b.c`: borrowed from the source when written
    /// without spaces.
    fn dotted_name(&mut self) -> PResult<Cow<'s, str>> {
        let start = self.tok.span.start;
        let first = self.expect_name()?;
        if !self.is_op(Op::Dot) {
            return Ok(Cow::Borrowed(first));
        }
        let mut joined = String::from(first);
        while self.eat_op(Op::Dot)? {
            joined.push('.');
            joined.push_str(self.expect_name()?);
        }
        let src = self.lex.source();
        if let Some(text) = src.get(start..self.prev_end)
            && text == joined.as_bytes()
            && let Ok(text) = core::str::from_utf8(text)
        {
            return Ok(Cow::Borrowed(text));
        }
        Ok(Cow::Owned(joined))
    }

    #[inline(never)]
    fn import(&mut self, loc: Loc) -> PResult {
        self.skip()?;
        let mut names = Vec::new();
        loop {
            let loc = self.loc();
            let name = self.dotted_name()?;
            let asname = if self.eat_kw(Keyword::As)? {
                Some(self.expect_name()?)
            } else {
                None
            };
            push_lean(&mut names, Alias { name, asname, loc });
            if !self.eat_op(Op::Comma)? {
                break;
            }
        }
        self.push_stmt(StmtKind::Import(names), loc);
        Ok(())
    }

    #[inline(never)]
    fn import_from(&mut self, loc: Loc) -> PResult {
        self.skip()?;
        let mut level = 0u32;
        loop {
            if self.eat_op(Op::Dot)? {
                level = level.saturating_add(1);
            } else if self.eat_op(Op::Ellipsis)? {
                level = level.saturating_add(3);
            } else {
                break;
            }
        }
        let module = if matches!(self.tok.kind, TokenKind::Name(_)) {
            Some(String::from(self.dotted_name()?))
        } else {
            if level == 0 {
                return Err(self.unexpected());
            }
            None
        };
        self.expect_kw(Keyword::Import)?;
        let mut names = Vec::new();
        if !self.eat_op(Op::Star)? {
            let parens = self.eat_op(Op::LPar)?;
            loop {
                let loc = self.loc();
                let name = self.expect_name()?;
                let asname = if self.eat_kw(Keyword::As)? {
                    Some(self.expect_name()?)
                } else {
                    None
                };
                push_lean(
                    &mut names,
                    Alias {
                        name: Cow::Borrowed(name),
                        asname,
                        loc,
                    },
                );
                if !self.eat_op(Op::Comma)? {
                    break;
                }
                if parens && self.is_op(Op::RPar) {
                    break;
                }
                if !parens && !matches!(self.tok.kind, TokenKind::Name(_)) {
                    return Err(self.error(
                        self.loc(),
                        "trailing comma not allowed without surrounding parentheses",
                    ));
                }
            }
            if parens {
                self.expect_op(Op::RPar)?;
            }
        }
        let kind = StmtKind::ImportFrom {
            module,
            level,
            names,
        };
        self.push_stmt(kind, loc);
        Ok(())
    }

    // ----- node builders -------------------------------------------------

    #[inline(never)]
    fn reduce_keyword_stmt(&mut self, kw: Keyword, loc: Loc) {
        let kind = match kw {
            Keyword::Break => StmtKind::Break,
            Keyword::Continue => StmtKind::Continue,
            _ => StmtKind::Pass,
        };
        self.push_stmt(kind, loc);
    }

    #[inline(never)]
    fn reduce_return(&mut self, loc: Loc, value: bool) {
        let value = value.then(|| self.pop());
        self.push_stmt(StmtKind::Return(value), loc);
    }

    #[inline(never)]
    fn reduce_raise(&mut self, loc: Loc, exc: bool, cause: bool) {
        let cause = cause.then(|| self.pop_box());
        let exc = exc.then(|| self.pop_box());
        self.push_stmt(StmtKind::Raise { exc, cause }, loc);
    }

    #[inline(never)]
    fn reduce_del(&mut self, loc: Loc, start: usize) {
        let targets = self.take_exprs(start);
        self.push_stmt(StmtKind::Delete(targets), loc);
    }

    #[inline(never)]
    fn reduce_assert(&mut self, loc: Loc, msg: bool) {
        let msg = msg.then(|| self.pop_box());
        let test = self.pop_box();
        self.push_stmt(StmtKind::Assert { test, msg }, loc);
    }

    #[inline(never)]
    fn reduce_expr_stmt(&mut self, loc: Loc) {
        let value = self.pop();
        self.push_stmt(StmtKind::Expr(value), loc);
    }

    #[inline(never)]
    fn reduce_assign(&mut self, loc: Loc, start: usize) {
        let value = self.pop();
        let targets = self.take_exprs(start);
        self.push_stmt(StmtKind::Assign { targets, value }, loc);
    }

    #[inline(never)]
    fn reduce_ann_assign(&mut self, loc: Loc, value: bool) {
        let value = value.then(|| self.pop_box());
        let annotation = self.pop_box();
        let target = self.pop_box();
        let kind = StmtKind::AnnAssign {
            target,
            annotation,
            value,
        };
        self.push_stmt(kind, loc);
    }

    #[inline(never)]
    fn reduce_aug_assign(&mut self, loc: Loc, op: BinOp) {
        let value = self.pop_box();
        let target = self.pop_box();
        self.push_stmt(StmtKind::AugAssign { target, op, value }, loc);
    }

    #[inline(never)]
    fn reduce_if(&mut self, loc: Loc, body: usize, elifs: Vec<(Loc, usize)>, orelse: usize) {
        let mut orelse = self.take_stmts(orelse);
        for &(eloc, start) in elifs.iter().rev() {
            let body = self.take_stmts(start);
            let test = self.pop();
            let kind = StmtKind::If { test, body, orelse };
            orelse = alloc::vec![crate::ast::Stmt { kind, loc: eloc }];
        }
        let body = self.take_stmts(body);
        let test = self.pop();
        self.push_stmt(StmtKind::If { test, body, orelse }, loc);
    }

    #[inline(never)]
    fn reduce_while(&mut self, loc: Loc, body: usize, orelse: usize) {
        let orelse = self.take_stmts(orelse);
        let body = self.take_stmts(body);
        let test = self.pop();
        self.push_stmt(StmtKind::While { test, body, orelse }, loc);
    }

    #[inline(never)]
    fn reduce_for(&mut self, loc: Loc, is_async: bool, body: usize, orelse: usize) {
        let orelse = self.take_stmts(orelse);
        let body = self.take_stmts(body);
        let iter = self.pop_box();
        let target = self.pop_box();
        let kind = StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async,
        };
        self.push_stmt(kind, loc);
    }

    #[inline(never)]
    fn reduce_try(
        &mut self,
        loc: Loc,
        body: usize,
        clauses: Vec<Handler<'s>>,
        orelse: usize,
        finalbody: usize,
    ) {
        let finalbody = self.take_stmts(finalbody);
        let orelse = self.take_stmts(orelse);
        let mut handlers = Vec::with_capacity(clauses.len());
        for &(hloc, typ, name, start) in clauses.iter().rev() {
            let body = self.take_stmts(start);
            let typ = typ.then(|| self.pop());
            handlers.push(ExceptHandler {
                typ,
                name,
                body,
                loc: hloc,
            });
        }
        handlers.reverse();
        let body = self.take_stmts(body);
        let kind = StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        };
        self.push_stmt(kind, loc);
    }

    #[inline(never)]
    fn reduce_with(&mut self, loc: Loc, is_async: bool, targets: Vec<bool>, body: usize) {
        let body = self.take_stmts(body);
        let mut items = Vec::with_capacity(targets.len());
        for &target in targets.iter().rev() {
            let target = target.then(|| self.pop());
            let context = self.pop();
            items.push(WithItem { context, target });
        }
        items.reverse();
        let kind = StmtKind::With {
            items,
            body,
            is_async,
        };
        self.push_stmt(kind, loc);
    }

    // `params` stays boxed while the body is parsed, to keep the recursive
    // frames small.
    #[allow(clippy::too_many_arguments, clippy::boxed_local)]
    #[inline(never)]
    fn reduce_funcdef(
        &mut self,
        loc: Loc,
        name: &'s str,
        params: Box<Params<'s>>,
        returns: bool,
        decorators: usize,
        body: usize,
        is_async: bool,
    ) {
        let body = self.take_stmts(body);
        let returns = returns.then(|| self.pop_box());
        let decorators = self.take_exprs(self.exprs.len().saturating_sub(decorators));
        let def = FunctionDef {
            name,
            params: *params,
            body,
            decorators,
            returns,
            is_async,
        };
        self.push_stmt(StmtKind::FunctionDef(Box::new(def)), loc);
    }

    #[inline(never)]
    fn reduce_classdef(
        &mut self,
        loc: Loc,
        name: &'s str,
        bases: Vec<Arg<'s>>,
        decorators: usize,
        body: usize,
    ) {
        let body = self.take_stmts(body);
        let decorators = self.take_exprs(self.exprs.len().saturating_sub(decorators));
        let def = ClassDef {
            name,
            bases,
            body,
            decorators,
        };
        self.push_stmt(StmtKind::ClassDef(Box::new(def)), loc);
    }
}
