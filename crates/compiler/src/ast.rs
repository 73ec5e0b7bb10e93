//! The syntax tree the parser hands to the code generator.
//!
//! The parser produces one top-level statement at a time
//! ([`crate::parser::Parser::next_statement`]), and the code generator
//! compiles and drops it before the next is parsed, so peak memory is the
//! tree of the largest top-level statement, not of the module.
//!
//! Names and unchanged string values borrow from the source (`'s`). Number
//! literals keep their source text; the code generator converts them (it
//! needs exact big-int and float text for the constant table anyway).

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

// The nodes' 32-bit sizes, which set the compiler's RAM use on a board
// (docs/memory.md, "Compiler RAM"); every thumb build checks them.
#[cfg(target_pointer_width = "32")]
const _: () = {
    use core::mem::size_of;
    assert!(size_of::<Expr<'_>>() <= 32);
    assert!(size_of::<Stmt<'_>>() <= 68);
    assert!(size_of::<Param<'_>>() <= 24);
    assert!(size_of::<Arg<'_>>() <= 40);
    assert!(size_of::<FunctionDef<'_>>() <= 124);
};

/// A source position: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// An expression and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr<'s> {
    /// What the expression is.
    pub kind: ExprKind<'s>,
    /// Where it starts.
    pub loc: Loc,
}

/// A literal constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Const<'s> {
    /// `None`
    None,
    /// `True`
    True,
    /// `False`
    False,
    /// `...`
    Ellipsis,
    /// An int literal's source text (`0x_ff`, `1_000`): radix prefix and
    /// underscores kept.
    Int(&'s str),
    /// A float literal's source text (`1_0.5e-3`).
    Float(&'s str),
    /// An imaginary literal's source text (`2j`; feature `complex`).
    #[cfg(feature = "complex")]
    Imag(&'s str),
    /// A str literal (UTF-8), adjacent literals already concatenated.
    Str(Cow<'s, [u8]>),
    /// A bytes literal, adjacent literals already concatenated.
    Bytes(Cow<'s, [u8]>),
}

/// One part of an f-string (after concatenating adjacent string literals
/// and f-strings into one).
#[derive(Clone, Debug, PartialEq)]
pub enum FStringPart<'s> {
    /// Literal text (UTF-8).
    Literal(Cow<'s, [u8]>),
    /// A replacement field.
    Field(Box<FStringField<'s>>),
}

/// A replacement field `{value[=][!conv][:spec]}` of an f-string.
#[derive(Clone, Debug, PartialEq)]
pub struct FStringField<'s> {
    /// The expression.
    pub value: Expr<'s>,
    /// For `{expr=}`: the text printed before the value.
    pub debug_text: Option<&'s str>,
    /// `'s'`, `'r'` or `'a'`. (For `{x=}` without a conversion or spec the
    /// parser sets `'r'`, as CPython does.)
    pub conversion: Option<char>,
    /// The format spec, itself literal text and fields; `None` without `:`.
    pub spec: Option<Vec<FStringPart<'s>>>,
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not x`
    Not,
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x`
    Invert,
}

/// A binary (arithmetic or bitwise) operator; also the operator of an
/// augmented assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `@`
    MatMul,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

/// `and` / `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    /// `and`
    And,
    /// `or`
    Or,
}

/// An argument of a call or a class's base list.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'s> {
    /// `f(x)`
    Positional(Expr<'s>),
    /// `f(*xs)`
    Star(Expr<'s>),
    /// `f(name=x)`
    Keyword(&'s str, Expr<'s>),
    /// `f(**kw)`
    DoubleStar(Expr<'s>),
}

/// An entry of a dict display.
#[derive(Clone, Debug, PartialEq)]
pub enum DictItem<'s> {
    /// `k: v`
    Pair(Expr<'s>, Expr<'s>),
    /// `**d`
    Splat(Expr<'s>),
}

/// Which comprehension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    /// `[x for ...]`
    List,
    /// `{x for ...}`
    Set,
    /// `{k: v for ...}`
    Dict,
    /// `(x for ...)`
    Generator,
}

/// One `for target in iter if cond...` clause of a comprehension.
#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension<'s> {
    /// The loop target.
    pub target: Expr<'s>,
    /// The iterable (the first clause's is evaluated in the enclosing scope).
    pub iter: Expr<'s>,
    /// The `if` conditions.
    pub ifs: Vec<Expr<'s>>,
    /// `async for`.
    pub is_async: bool,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind<'s> {
    /// A name.
    Name(&'s str),
    /// A literal.
    Const(Const<'s>),
    /// An f-string (possibly concatenated with adjacent plain strings).
    #[cfg(feature = "fstrings")]
    FString(Vec<FStringPart<'s>>),
    /// `(a, b)` or `a, b`.
    Tuple(Vec<Expr<'s>>),
    /// `[a, b]`
    List(Vec<Expr<'s>>),
    /// `{a, b}`
    Set(Vec<Expr<'s>>),
    /// `{k: v, **d}`
    Dict(Vec<DictItem<'s>>),
    /// `*x` in a display or assignment target.
    Starred(Box<Expr<'s>>),
    /// `value.attr`
    Attribute(Box<Expr<'s>>, &'s str),
    /// `value[index]` (a slice index is an [`ExprKind::Slice`]; `a[i, j:k]`
    /// has a tuple index).
    Subscript(Box<Expr<'s>>, Box<Expr<'s>>),
    /// `lower:upper:step` inside a subscript.
    Slice(
        Option<Box<Expr<'s>>>,
        Option<Box<Expr<'s>>>,
        Option<Box<Expr<'s>>>,
    ),
    /// `func(args)`
    Call(Box<Expr<'s>>, Vec<Arg<'s>>),
    /// `op operand`
    Unary(UnaryOp, Box<Expr<'s>>),
    /// `left op right`
    Binary(BinOp, Box<Expr<'s>>, Box<Expr<'s>>),
    /// `a and b and c` (two or more operands).
    BoolOp(BoolOp, Vec<Expr<'s>>),
    /// `a < b <= c`: the first operand and each (operator, operand).
    Compare(Box<Expr<'s>>, Vec<(CmpOp, Expr<'s>)>),
    /// `body if test else orelse`
    IfExp {
        /// The condition.
        test: Box<Expr<'s>>,
        /// Value when true.
        body: Box<Expr<'s>>,
        /// Value when false.
        orelse: Box<Expr<'s>>,
    },
    /// `lambda params: body`
    Lambda(Box<Params<'s>>, Box<Expr<'s>>),
    /// A comprehension; `value` is the value of a dict comprehension (then
    /// `elt` is the key).
    Comp {
        /// Which kind.
        kind: CompKind,
        /// The element (the key for a dict).
        elt: Box<Expr<'s>>,
        /// The value of a dict comprehension.
        value: Option<Box<Expr<'s>>>,
        /// The `for` clauses, outermost first (at least one).
        generators: Vec<Comprehension<'s>>,
    },
    /// `yield` / `yield x`
    Yield(Option<Box<Expr<'s>>>),
    /// `yield from x`
    YieldFrom(Box<Expr<'s>>),
    /// `await x`
    #[cfg(feature = "async")]
    Await(Box<Expr<'s>>),
    /// `name := value`
    NamedExpr(&'s str, Box<Expr<'s>>),
}

/// A function parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param<'s> {
    /// The name.
    pub name: &'s str,
    /// The annotation (evaluated by nobody: MicroPython ignores them).
    pub annotation: Option<Box<Expr<'s>>>,
    /// The default value.
    pub default: Option<Box<Expr<'s>>>,
    /// Where the name is.
    pub loc: Loc,
}

/// A parameter list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params<'s> {
    /// Before `/`.
    pub posonly: Vec<Param<'s>>,
    /// Positional-or-keyword.
    pub args: Vec<Param<'s>>,
    /// `*args`
    pub vararg: Option<Param<'s>>,
    /// After `*` or `*args`.
    pub kwonly: Vec<Param<'s>>,
    /// `**kwargs`
    pub kwarg: Option<Param<'s>>,
}

impl<'s> Params<'s> {
    /// The groups in source order: positional-only, positional, `*args`,
    /// keyword-only, `**kwargs` (walked as nested slices, cheaper in code
    /// than a chain of iterators).
    pub fn groups(&self) -> [&[Param<'s>]; 5] {
        [
            &self.posonly,
            &self.args,
            self.vararg.as_slice(),
            &self.kwonly,
            self.kwarg.as_slice(),
        ]
    }
}

/// A `def` (or `async def`).
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef<'s> {
    /// The name.
    pub name: &'s str,
    /// Parameters.
    pub params: Params<'s>,
    /// The body.
    pub body: Vec<Stmt<'s>>,
    /// Decorators, top first.
    pub decorators: Vec<Expr<'s>>,
    /// `-> returns`
    pub returns: Option<Box<Expr<'s>>>,
    /// `async def`.
    pub is_async: bool,
}

/// A `class`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef<'s> {
    /// The name.
    pub name: &'s str,
    /// Bases and keywords (`metaclass=`), as call arguments.
    pub bases: Vec<Arg<'s>>,
    /// The body.
    pub body: Vec<Stmt<'s>>,
    /// Decorators, top first.
    pub decorators: Vec<Expr<'s>>,
}

/// `name as asname` in an import.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias<'s> {
    /// The (dotted, for `import a.b`) name, spaces removed.
    pub name: Cow<'s, str>,
    /// The `as` name.
    pub asname: Option<&'s str>,
    /// Where the name is.
    pub loc: Loc,
}

/// An `except` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler<'s> {
    /// The exception type expression (`None` for a bare `except:`).
    pub typ: Option<Expr<'s>>,
    /// `as name`
    pub name: Option<&'s str>,
    /// The body.
    pub body: Vec<Stmt<'s>>,
    /// Where `except` is.
    pub loc: Loc,
}

/// One item of a `with`.
#[derive(Clone, Debug, PartialEq)]
pub struct WithItem<'s> {
    /// The context manager.
    pub context: Expr<'s>,
    /// `as target`
    pub target: Option<Expr<'s>>,
}

/// A statement and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt<'s> {
    /// What the statement is.
    pub kind: StmtKind<'s>,
    /// Where it starts (for a decorated def/class: the first decorator).
    pub loc: Loc,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind<'s> {
    /// An expression statement.
    Expr(Expr<'s>),
    /// `t1 = t2 = value` (targets in source order).
    Assign {
        /// One or more targets.
        targets: Vec<Expr<'s>>,
        /// The value.
        value: Expr<'s>,
    },
    /// `target op= value`
    AugAssign {
        /// A name, attribute or subscript.
        target: Box<Expr<'s>>,
        /// The operator.
        op: BinOp,
        /// The value.
        value: Box<Expr<'s>>,
    },
    /// `target: annotation [= value]`
    AnnAssign {
        /// The target.
        target: Box<Expr<'s>>,
        /// The annotation.
        annotation: Box<Expr<'s>>,
        /// The value, if any.
        value: Option<Box<Expr<'s>>>,
    },
    /// `pass`
    Pass,
    /// `break`
    Break,
    /// `continue`
    Continue,
    /// `return [value]`
    Return(Option<Expr<'s>>),
    /// `raise [exc [from cause]]`
    Raise {
        /// The exception.
        exc: Option<Box<Expr<'s>>>,
        /// The cause.
        cause: Option<Box<Expr<'s>>>,
    },
    /// `global a, b`
    Global(Vec<&'s str>),
    /// `nonlocal a, b`
    Nonlocal(Vec<&'s str>),
    /// `del a, b[0]`
    Delete(Vec<Expr<'s>>),
    /// `assert test, msg`
    Assert {
        /// The condition.
        test: Box<Expr<'s>>,
        /// The message.
        msg: Option<Box<Expr<'s>>>,
    },
    /// `import a.b as c, d`
    Import(Vec<Alias<'s>>),
    /// `from ..module import names` (`names` empty for `import *`).
    ImportFrom {
        /// The dotted module name after the dots, if any.
        module: Option<String>,
        /// Number of leading dots.
        level: u32,
        /// Imported names; empty means `*`.
        names: Vec<Alias<'s>>,
    },
    /// `if test: body else: orelse` (`elif` nests in `orelse`).
    If {
        /// The condition.
        test: Expr<'s>,
        /// The body.
        body: Vec<Stmt<'s>>,
        /// The `else` body (or a single nested `If` for `elif`).
        orelse: Vec<Stmt<'s>>,
    },
    /// `while test: body else: orelse`
    While {
        /// The condition.
        test: Expr<'s>,
        /// The body.
        body: Vec<Stmt<'s>>,
        /// The `else` body.
        orelse: Vec<Stmt<'s>>,
    },
    /// `for target in iter: body else: orelse`
    For {
        /// The target.
        target: Box<Expr<'s>>,
        /// The iterable.
        iter: Box<Expr<'s>>,
        /// The body.
        body: Vec<Stmt<'s>>,
        /// The `else` body.
        orelse: Vec<Stmt<'s>>,
        /// `async for`.
        is_async: bool,
    },
    /// `try` with handlers, `else` and/or `finally`.
    Try {
        /// The body.
        body: Vec<Stmt<'s>>,
        /// `except` clauses.
        handlers: Vec<ExceptHandler<'s>>,
        /// The `else` body.
        orelse: Vec<Stmt<'s>>,
        /// The `finally` body.
        finalbody: Vec<Stmt<'s>>,
    },
    /// `with a as b, c: body`
    With {
        /// One or more items.
        items: Vec<WithItem<'s>>,
        /// The body.
        body: Vec<Stmt<'s>>,
        /// `async with`.
        is_async: bool,
    },
    /// `def`
    FunctionDef(Box<FunctionDef<'s>>),
    /// `class`
    ClassDef(Box<ClassDef<'s>>),
}
