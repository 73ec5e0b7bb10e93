//! The parser: tokens in, one top-level [`Stmt`] at a time out.
//!
//! A hand-written recursive-descent parser (precedence climbing for binary
//! operators) over the streaming [`Lexer`]. It keeps one token of
//! lookahead and never the module's token list or whole tree: each call to
//! [`Parser::next_statement`] builds the tree of one top-level statement.
//!
//! # Small stack frames
//!
//! The recursive functions hold only scalars (positions, counts, flags):
//! every expression and statement being built lives on one of two stacks
//! in the parser (`exprs`, `stmts`, on the heap), and the nodes are put
//! together by small non-inlined helpers that pop their children and push
//! the result. Errors are stored in the parser; functions return the
//! zero-sized [`Fail`] marker. So a nesting level costs a few hundred
//! bytes of machine stack even in a debug build.
//!
//! # Bounded nesting
//!
//! Every recursive path passes through a depth counter (`enter`), and
//! the parser tracks the exact height of every expression tree it builds
//! (loops such as `a + b + c` or `a.b().c[0]` make trees taller without
//! recursing), so both the parser's recursion and the height of the trees
//! it returns (which the code generator and `Drop` walk recursively) stay
//! within [`MAX_DEPTH`]; `elif` clauses, which nest in the tree, count as
//! levels too. Deeper input is a `SyntaxError`, never a stack overflow.
//!
//! On a device whose machine stack holds fewer levels than that, `enter`
//! also asks the stack guard (set with [`Parser::set_stack_limit`]) and
//! fails with a [`Recursion`](crate::ErrorKind::Recursion) error when the
//! stack runs short.

mod expr;
mod stmt;
mod strings;
mod target;

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::CompileError;
use crate::ast::{Arg, Const, Expr, ExprKind, Loc, Stmt, StmtKind};
use crate::lexer::{Keyword, Lexer, Op, Span, Token, TokenKind};
use crate::stack::StackGuard;

/// The maximum nesting depth of expressions and blocks (each bracket,
/// unary operator, operand of a chain, `elif`, compound statement...
/// counts one level). Deeper source is a `SyntaxError`.
pub const MAX_DEPTH: u32 = 200;

/// What the parser knows of an expression on its stack.
#[derive(Clone, Copy, Debug, Default)]
struct Meta {
    /// The height of the tree.
    height: u8,
    /// Where its source starts (before the expression's own position for
    /// a parenthesised expression).
    start: Loc,
}

/// Pushes `item` onto `v`, whose block grows by doubling from one item
/// rather than from `Vec`'s minimum of four: the tree's lists and the
/// parser's stacks hold one or two items far more often than four, and on
/// a board's small heap the spare room of every short list adds up (four
/// 68-byte statements where one is needed, four 80-byte comprehension
/// clauses...). Doubling keeps the cost of a push constant.
#[inline]
pub(crate) fn push_lean<T>(v: &mut Vec<T>, item: T) {
    if v.len() == v.capacity() {
        v.reserve_exact(v.capacity().max(1));
    }
    v.push(item);
}

/// The marker of a failed parse; the error itself is in `Parser::err`.
#[derive(Debug)]
pub(crate) struct Fail;

type PResult<T = ()> = Result<T, Fail>;

/// Parses a module one top-level statement at a time.
pub struct Parser<'s> {
    lex: Lexer<'s>,
    /// The current (lookahead) token.
    tok: Token<'s>,
    /// End offset of the last consumed token.
    prev_end: usize,
    /// End offset of the `)` that closed the last parenthesised
    /// (grouping) expression, to tell `(a)` from `a`.
    group_end: usize,
    /// Current recursion depth (see the module docs).
    depth: u32,
    /// The nesting limit ([`MAX_DEPTH`] unless set lower).
    max_depth: u32,
    /// The machine-stack check of `enter`.
    stack: StackGuard,
    /// Expressions being built (operands of the nodes being parsed).
    exprs: Vec<Expr<'s>>,
    /// The height and source start of each tree in `exprs`.
    meta: Vec<Meta>,
    /// The source start of the expression popped last (where a node whose
    /// leftmost child it is starts).
    popped_start: Loc,
    /// The greatest height popped since the last push: the children of
    /// the node pushed next.
    child_height: u8,
    /// A tree taller than [`MAX_DEPTH`] was built.
    too_tall: bool,
    /// Arguments of the calls being parsed.
    args: Vec<Arg<'s>>,
    /// Statements being built (the bodies of open blocks).
    stmts: Vec<Stmt<'s>>,
    /// The top of `exprs` is an atom already parsed that the next
    /// `primary` starts from (for `with (a, b) as c:`).
    pending: bool,
    /// The first token has been read.
    started: bool,
    /// Inside a simple-statement line after a `;`.
    mid_line: bool,
    /// The error of the parse that failed.
    err: Option<CompileError>,
    /// The error returned, repeated on later calls.
    failed: Option<CompileError>,
}

impl<'s> Parser<'s> {
    /// A parser over a module's source.
    pub fn new(src: &'s [u8]) -> Self {
        Parser {
            lex: Lexer::new(src),
            tok: Token {
                kind: TokenKind::Newline,
                span: Span::default(),
                line: 1,
                col: 1,
            },
            prev_end: 0,
            group_end: usize::MAX,
            depth: 0,
            max_depth: MAX_DEPTH,
            stack: StackGuard::default(),
            exprs: Vec::new(),
            meta: Vec::new(),
            popped_start: Loc::default(),
            args: Vec::new(),
            child_height: 0,
            too_tall: false,
            stmts: Vec::new(),
            pending: false,
            started: false,
            mid_line: false,
            err: None,
            failed: None,
        }
    }

    /// A parser whose nesting limit is `max_depth` (at most [`MAX_DEPTH`])
    /// instead of [`MAX_DEPTH`]: for a device whose stack cannot hold 200
    /// levels (a level costs roughly 100 to 300 bytes of stack in an
    /// optimised build).
    pub fn with_max_depth(src: &'s [u8], max_depth: u32) -> Self {
        let mut parser = Parser::new(src);
        parser.max_depth = max_depth.clamp(1, MAX_DEPTH);
        parser
    }

    /// Makes every nesting level check that the machine stack has
    /// [`STACK_RESERVE`](crate::STACK_RESERVE) bytes left above `lowest`
    /// (the lowest address the parser may use, as
    /// [`Options::stack_limit`](crate::Options::stack_limit)); when it has
    /// not, parsing fails with a [`Recursion`](crate::ErrorKind::Recursion)
    /// error. `None` (the default) checks nothing.
    pub fn set_stack_limit(&mut self, lowest: Option<usize>) {
        self.stack = StackGuard::new(lowest);
        self.lex.set_stack_guard(self.stack);
    }

    /// The next top-level statement (a compound statement whole; a simple
    /// statement line `a; b` gives its statements one by one), or `None`
    /// at the end. After an error, returns the same error again.
    #[inline(never)]
    pub fn next_statement(&mut self) -> Result<Option<Stmt<'s>>, CompileError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        match self.top_statement() {
            Ok(false) => Ok(None),
            Ok(true) if self.too_tall => {
                let _ = self.too_deep();
                Err(self.failure())
            }
            Ok(true) => {
                let stmt = self.pop_stmt();
                self.release_stacks();
                Ok(Some(stmt))
            }
            Err(Fail) => Err(self.failure()),
        }
    }

    /// Gives the (empty) stacks' memory back between top-level statements,
    /// so that it is free while the code generator compiles the statement.
    fn release_stacks(&mut self) {
        if self.exprs.is_empty() {
            self.exprs = Vec::new();
            self.meta = Vec::new();
        }
        if self.args.is_empty() {
            self.args = Vec::new();
        }
        if self.stmts.is_empty() {
            self.stmts = Vec::new();
        }
    }

    /// The stored error, after a [`Fail`]; the partial trees are dropped.
    fn failure(&mut self) -> CompileError {
        self.exprs = Vec::new();
        self.meta = Vec::new();
        self.args = Vec::new();
        self.stmts = Vec::new();
        let e = self.err.take().unwrap_or_else(|| {
            CompileError::syntax(
                Loc {
                    line: self.tok.line,
                    col: self.tok.col,
                },
                "invalid syntax",
            )
        });
        self.failed = Some(e.clone());
        e
    }

    /// Parses the next top-level statement onto `stmts`; false at the end.
    fn top_statement(&mut self) -> PResult<bool> {
        if !self.started {
            self.started = true;
            self.skip()?;
        }
        if self.mid_line {
            self.small_stmt()?;
            self.end_small_stmt()?;
            return Ok(true);
        }
        match self.tok.kind {
            TokenKind::EndMarker => Ok(false),
            TokenKind::Indent => Err(self.unexpected()),
            _ if self.at_compound() => self.compound().map(|()| true),
            _ => {
                self.small_stmt()?;
                self.end_small_stmt()?;
                Ok(true)
            }
        }
    }

    /// After a top-level small statement: `;` (more follow on the line) or
    /// the end of the line.
    fn end_small_stmt(&mut self) -> PResult {
        if self.eat_op(Op::Semi)? {
            if matches!(self.tok.kind, TokenKind::Newline) {
                self.skip()?;
                self.mid_line = false;
            } else {
                self.mid_line = true;
            }
            return Ok(());
        }
        if matches!(self.tok.kind, TokenKind::Newline) {
            self.skip()?;
            self.mid_line = false;
            return Ok(());
        }
        Err(self.unexpected())
    }

    // ----- the value stacks ------------------------------------------------

    /// Pushes a node whose children were popped since the last push.
    fn push(&mut self, kind: ExprKind<'s>, loc: Loc) {
        let height = self.child_height.saturating_add(1);
        self.child_height = 0;
        if u32::from(height) > self.max_depth {
            self.too_tall = true;
        }
        self.exprs.push(Expr { kind, loc });
        self.meta.push(Meta { height, start: loc });
    }

    /// Records that the top expression's source starts at `loc` (the `(`
    /// of a parenthesised expression).
    fn set_start(&mut self, loc: Loc) {
        if let Some(m) = self.meta.last_mut() {
            m.start = loc;
        }
    }

    /// The top expression (a placeholder if the stack is empty, which the
    /// parser's structure rules out).
    fn pop(&mut self) -> Expr<'s> {
        debug_assert!(!self.exprs.is_empty());
        let meta = self.meta.pop().unwrap_or_default();
        self.child_height = self.child_height.max(meta.height);
        self.popped_start = meta.start;
        self.exprs.pop().unwrap_or(Expr {
            kind: ExprKind::Const(Const::None),
            loc: Loc::default(),
        })
    }

    fn pop_box(&mut self) -> alloc::boxed::Box<Expr<'s>> {
        alloc::boxed::Box::new(self.pop())
    }

    fn top(&self) -> Option<&Expr<'s>> {
        self.exprs.last()
    }

    /// The expressions from `start` to the top, removed.
    fn take_exprs(&mut self, start: usize) -> Vec<Expr<'s>> {
        let start = start.min(self.exprs.len());
        let max = self.meta[start..].iter().map(|m| m.height).max();
        if let Some(first) = self.meta.get(start) {
            self.popped_start = first.start;
        }
        self.meta.truncate(start);
        self.child_height = self.child_height.max(max.unwrap_or(0));
        self.exprs.split_off(start)
    }

    /// The call arguments from `start` on, removed.
    fn take_args(&mut self, start: usize) -> Vec<Arg<'s>> {
        let start = start.min(self.args.len());
        self.args.split_off(start)
    }

    /// The height of what was popped since the last push, to be given
    /// back with [`Parser::restore_height`] (for children kept aside, such
    /// as call arguments, while more is parsed).
    fn take_height(&mut self) -> u8 {
        core::mem::take(&mut self.child_height)
    }

    fn restore_height(&mut self, height: u8) {
        self.child_height = self.child_height.max(height);
    }

    fn push_stmt(&mut self, kind: StmtKind<'s>, loc: Loc) {
        self.child_height = 0;
        push_lean(&mut self.stmts, Stmt { kind, loc });
    }

    fn pop_stmt(&mut self) -> Stmt<'s> {
        debug_assert!(!self.stmts.is_empty());
        self.stmts.pop().unwrap_or(Stmt {
            kind: StmtKind::Pass,
            loc: Loc::default(),
        })
    }

    /// The statements from `start` to the top, removed.
    fn take_stmts(&mut self, start: usize) -> Vec<Stmt<'s>> {
        let start = start.min(self.stmts.len());
        self.stmts.split_off(start)
    }

    // ----- tokens --------------------------------------------------------

    fn loc(&self) -> Loc {
        Loc {
            line: self.tok.line,
            col: self.tok.col,
        }
    }

    /// Moves to the next token and returns the current one.
    fn advance(&mut self) -> PResult<Token<'s>> {
        match self.lex.next_token() {
            Ok(next) => {
                self.prev_end = self.tok.span.end;
                Ok(core::mem::replace(&mut self.tok, next))
            }
            Err(e) => Err(self.fail(e.into())),
        }
    }

    /// Moves to the next token.
    fn skip(&mut self) -> PResult {
        match self.lex.next_token() {
            Ok(next) => {
                self.prev_end = self.tok.span.end;
                self.tok = next;
                Ok(())
            }
            Err(e) => Err(self.fail(e.into())),
        }
    }

    fn is_op(&self, op: Op) -> bool {
        matches!(self.tok.kind, TokenKind::Op(o) if o == op)
    }

    fn is_kw(&self, kw: Keyword) -> bool {
        matches!(self.tok.kind, TokenKind::Keyword(k) if k == kw)
    }

    fn eat_op(&mut self, op: Op) -> PResult<bool> {
        if self.is_op(op) {
            self.skip()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn eat_kw(&mut self, kw: Keyword) -> PResult<bool> {
        if self.is_kw(kw) {
            self.skip()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn expect_op(&mut self, op: Op) -> PResult {
        if self.eat_op(op)? {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn expect_kw(&mut self, kw: Keyword) -> PResult {
        if self.eat_kw(kw)? {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// `:` ending a compound statement's header.
    fn expect_colon(&mut self) -> PResult {
        if self.eat_op(Op::Colon)? {
            Ok(())
        } else if matches!(self.tok.kind, TokenKind::Newline) {
            Err(self.error(self.loc(), "expected ':'"))
        } else {
            Err(self.unexpected())
        }
    }

    fn expect_name(&mut self) -> PResult<&'s str> {
        if let TokenKind::Name(name) = self.tok.kind {
            self.skip()?;
            Ok(name)
        } else {
            Err(self.unexpected())
        }
    }

    // ----- errors --------------------------------------------------------

    /// Records `e` (unless an error is already recorded) and fails.
    #[inline(never)]
    fn fail(&mut self, e: CompileError) -> Fail {
        if self.err.is_none() {
            self.err = Some(e);
        }
        Fail
    }

    /// A `SyntaxError` at `loc`. Without the `error-messages` feature
    /// inlined, so that `msg` is not linked (see [`Parser::terse_error`]).
    #[cfg_attr(feature = "error-messages", inline(never))]
    #[cfg_attr(not(feature = "error-messages"), inline(always))]
    fn error(&mut self, loc: Loc, msg: impl Into<Cow<'static, str>>) -> Fail {
        #[cfg(feature = "error-messages")]
        return self.fail(CompileError::syntax(loc, msg));
        #[cfg(not(feature = "error-messages"))]
        {
            drop(msg);
            self.terse_error(loc)
        }
    }

    /// A `SyntaxError` at `loc` with the one terse message.
    #[cfg(not(feature = "error-messages"))]
    #[inline(never)]
    fn terse_error(&mut self, loc: Loc) -> Fail {
        self.fail(CompileError::terse(crate::ErrorKind::Syntax, loc))
    }

    /// The error for an unexpected current token: `unexpected indent`, or
    /// `invalid syntax` unless the rest of the source has a lexical error
    /// (an unclosed bracket, say), which is reported instead, as CPython
    /// does.
    #[inline(never)]
    fn unexpected(&mut self) -> Fail {
        let loc = self.loc();
        if matches!(self.tok.kind, TokenKind::Indent) {
            return self.fail(CompileError::indentation(loc, "unexpected indent"));
        }
        loop {
            match self.lex.next_token() {
                Ok(t) if matches!(t.kind, TokenKind::EndMarker) => break,
                Ok(_) => {}
                Err(e) => return self.fail(e.into()),
            }
        }
        self.error(loc, "invalid syntax")
    }

    // ----- nesting -------------------------------------------------------

    /// One level deeper; fails beyond [`MAX_DEPTH`] (or if a tree grew
    /// too tall), or when the machine stack runs short.
    fn enter(&mut self) -> PResult {
        self.depth += 1;
        if self.depth > self.max_depth || self.too_tall {
            return Err(self.too_deep());
        }
        if self.stack.exhausted() {
            return Err(self.stack_exhausted());
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn stack_exhausted(&mut self) -> Fail {
        self.fail(CompileError::recursion(self.loc()))
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Fails if a tree grew taller than [`MAX_DEPTH`] (checked in the
    /// loops that wrap a tree in more nodes).
    fn check_height(&mut self) -> PResult {
        if self.too_tall {
            return Err(self.too_deep());
        }
        Ok(())
    }

    #[inline(never)]
    fn too_deep(&mut self) -> Fail {
        let msg = if self.at_compound() {
            "too many nested blocks"
        } else {
            "expression too deeply nested"
        };
        self.error(self.loc(), msg)
    }
}

/// Parse `src` as one expression (`eval` mode); surrounding blank lines and
/// a trailing newline are allowed.
pub fn parse_eval(src: &[u8]) -> Result<Expr<'_>, CompileError> {
    parse_eval_limited(src, None)
}

/// [`parse_eval`] with a machine-stack limit, as
/// [`Parser::set_stack_limit`].
pub fn parse_eval_limited(
    src: &[u8],
    stack_limit: Option<usize>,
) -> Result<Expr<'_>, CompileError> {
    let mut p = Parser::new(src);
    p.set_stack_limit(stack_limit);
    match p.eval_expr() {
        Ok(()) if p.too_tall => {
            let _ = p.too_deep();
            Err(p.failure())
        }
        Ok(()) => Ok(p.pop()),
        Err(Fail) => Err(p.failure()),
    }
}

impl Parser<'_> {
    fn eval_expr(&mut self) -> PResult {
        self.started = true;
        self.skip()?;
        while matches!(self.tok.kind, TokenKind::Indent) {
            self.skip()?;
        }
        self.star_exprs()?;
        self.no_lone_star()?;
        while matches!(self.tok.kind, TokenKind::Newline | TokenKind::Dedent) {
            self.skip()?;
        }
        if !matches!(self.tok.kind, TokenKind::EndMarker) {
            return Err(self.unexpected());
        }
        Ok(())
    }
}
