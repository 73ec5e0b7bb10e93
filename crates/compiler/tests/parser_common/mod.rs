//! Shared helpers for the parser tests: a readable dump of the syntax tree.
//!
//! The dump has one node per line, `line:col Kind details`, children
//! indented by two spaces; blocks and optional parts are introduced by a
//! label line (`body:`, `orelse:`...). In `compat` mode the dump is
//! normalised to what `tests/parser/cpython_ast.py` prints from CPython's
//! `ast` module (call keywords after positional arguments, f-string debug
//! text as literal text, no positions inside f-strings).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pyrite_compiler::CompileError;
use pyrite_compiler::ast::*;
use pyrite_compiler::parser::Parser;

#[path = "../snapshot/mod.rs"]
mod snapshot;
#[allow(unused_imports)]
pub use snapshot::{check_snapshot, diff, escape, escape_bytes, py_files};

/// The parser fixture directory (`tests/parser`).
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("parser")
}

/// Parses a whole module, collecting its top-level statements.
pub fn parse_module(src: &[u8]) -> Result<Vec<Stmt<'_>>, CompileError> {
    let mut parser = Parser::new(src);
    let mut out = Vec::new();
    while let Some(s) = parser.next_statement()? {
        out.push(s);
    }
    Ok(out)
}

/// The tree dumper.
pub struct Dumper {
    out: String,
    compat: bool,
    /// Inside an f-string (positions are not printed in compat mode).
    in_fstring: u32,
}

impl Dumper {
    /// A dumper; `compat` selects the CPython-comparable form.
    pub fn new(compat: bool) -> Self {
        Dumper {
            out: String::new(),
            compat,
            in_fstring: 0,
        }
    }

    /// The text so far.
    pub fn finish(self) -> String {
        self.out
    }

    fn line(&mut self, ind: usize, loc: Option<Loc>, text: &str) {
        for _ in 0..ind {
            self.out.push_str("  ");
        }
        if let Some(loc) = loc
            && !(self.compat && self.in_fstring > 0)
        {
            let _ = write!(self.out, "{}:{} ", loc.line, loc.col);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn label(&mut self, ind: usize, text: &str) {
        self.line(ind, None, text);
    }

    fn block(&mut self, ind: usize, label: &str, body: &[Stmt<'_>]) {
        if body.is_empty() {
            return;
        }
        self.label(ind, label);
        for s in body {
            self.stmt(ind + 1, s);
        }
    }

    fn opt(&mut self, ind: usize, label: &str, e: Option<&Expr<'_>>) {
        if let Some(e) = e {
            self.label(ind, label);
            self.expr(ind + 1, e);
        }
    }

    /// Dumps a statement.
    pub fn stmt(&mut self, ind: usize, s: &Stmt<'_>) {
        let loc = Some(s.loc);
        match &s.kind {
            StmtKind::Expr(e) => {
                self.line(ind, loc, "Expr");
                self.expr(ind + 1, e);
            }
            StmtKind::Assign { targets, value } => {
                self.line(ind, loc, "Assign");
                for t in targets {
                    self.expr(ind + 1, t);
                }
                self.label(ind + 1, "=");
                self.expr(ind + 2, value);
            }
            StmtKind::AugAssign { target, op, value } => {
                self.line(ind, loc, &format!("AugAssign {op:?}"));
                self.expr(ind + 1, target);
                self.expr(ind + 1, value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => {
                self.line(ind, loc, "AnnAssign");
                self.expr(ind + 1, target);
                self.expr(ind + 1, annotation);
                self.opt(ind + 1, "=", value.as_deref());
            }
            StmtKind::Pass => self.line(ind, loc, "Pass"),
            StmtKind::Break => self.line(ind, loc, "Break"),
            StmtKind::Continue => self.line(ind, loc, "Continue"),
            StmtKind::Return(v) => {
                self.line(ind, loc, "Return");
                if let Some(v) = v {
                    self.expr(ind + 1, v);
                }
            }
            StmtKind::Raise { exc, cause } => {
                self.line(ind, loc, "Raise");
                if let Some(e) = exc {
                    self.expr(ind + 1, e);
                }
                self.opt(ind + 1, "from", cause.as_deref());
            }
            StmtKind::Global(names) => self.line(ind, loc, &format!("Global {}", names.join(" "))),
            StmtKind::Nonlocal(names) => {
                self.line(ind, loc, &format!("Nonlocal {}", names.join(" ")))
            }
            StmtKind::Delete(targets) => {
                self.line(ind, loc, "Delete");
                for t in targets {
                    self.expr(ind + 1, t);
                }
            }
            StmtKind::Assert { test, msg } => {
                self.line(ind, loc, "Assert");
                self.expr(ind + 1, test);
                self.opt(ind + 1, "msg", msg.as_deref());
            }
            StmtKind::Import(names) => {
                self.line(ind, loc, "Import");
                self.aliases(ind + 1, names);
            }
            StmtKind::ImportFrom {
                module,
                level,
                names,
            } => {
                let dots = ".".repeat(*level as usize);
                let module = module.as_deref().unwrap_or("");
                self.line(ind, loc, &format!("ImportFrom {dots}{module}"));
                if names.is_empty() {
                    self.label(ind + 1, "*");
                }
                self.aliases(ind + 1, names);
            }
            StmtKind::If { test, body, orelse } => {
                self.line(ind, loc, "If");
                self.expr(ind + 1, test);
                self.block(ind + 1, "body:", body);
                self.block(ind + 1, "orelse:", orelse);
            }
            StmtKind::While { test, body, orelse } => {
                self.line(ind, loc, "While");
                self.expr(ind + 1, test);
                self.block(ind + 1, "body:", body);
                self.block(ind + 1, "orelse:", orelse);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                self.line(ind, loc, if *is_async { "AsyncFor" } else { "For" });
                self.expr(ind + 1, target);
                self.expr(ind + 1, iter);
                self.block(ind + 1, "body:", body);
                self.block(ind + 1, "orelse:", orelse);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.line(ind, loc, "Try");
                self.block(ind + 1, "body:", body);
                for h in handlers {
                    let text = match h.name {
                        Some(n) => format!("except as {n}"),
                        None => "except".to_string(),
                    };
                    self.line(ind + 1, Some(h.loc), &text);
                    if let Some(t) = &h.typ {
                        self.expr(ind + 2, t);
                    }
                    self.block(ind + 2, "body:", &h.body);
                }
                self.block(ind + 1, "orelse:", orelse);
                self.block(ind + 1, "finally:", finalbody);
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                self.line(ind, loc, if *is_async { "AsyncWith" } else { "With" });
                for item in items {
                    self.label(ind + 1, "item");
                    self.expr(ind + 2, &item.context);
                    self.opt(ind + 2, "as", item.target.as_ref());
                }
                self.block(ind + 1, "body:", body);
            }
            StmtKind::FunctionDef(def) => {
                let kind = if def.is_async {
                    "AsyncFunctionDef"
                } else {
                    "FunctionDef"
                };
                self.line(ind, loc, &format!("{kind} {}", def.name));
                self.decorators(ind + 1, &def.decorators);
                self.params(ind + 1, &def.params);
                self.opt(ind + 1, "returns:", def.returns.as_deref());
                self.block(ind + 1, "body:", &def.body);
            }
            StmtKind::ClassDef(def) => {
                self.line(ind, loc, &format!("ClassDef {}", def.name));
                self.decorators(ind + 1, &def.decorators);
                if !def.bases.is_empty() {
                    self.label(ind + 1, "bases:");
                    self.args(ind + 2, &def.bases);
                }
                self.block(ind + 1, "body:", &def.body);
            }
        }
    }

    fn decorators(&mut self, ind: usize, decorators: &[Expr<'_>]) {
        if decorators.is_empty() {
            return;
        }
        self.label(ind, "decorators:");
        for d in decorators {
            self.expr(ind + 1, d);
        }
    }

    fn aliases(&mut self, ind: usize, names: &[Alias<'_>]) {
        for a in names {
            let text = match a.asname {
                Some(asname) => format!("{} as {asname}", a.name),
                None => a.name.to_string(),
            };
            self.line(ind, Some(a.loc), &text);
        }
    }

    fn params(&mut self, ind: usize, p: &Params<'_>) {
        let groups: [(&str, &[Param<'_>]); 5] = [
            ("posonly:", &p.posonly),
            ("args:", &p.args),
            ("vararg:", p.vararg.as_slice()),
            ("kwonly:", &p.kwonly),
            ("kwarg:", p.kwarg.as_slice()),
        ];
        for (label, params) in groups {
            if params.is_empty() {
                continue;
            }
            self.label(ind, label);
            for param in params {
                self.line(ind + 1, Some(param.loc), param.name);
                self.opt(ind + 2, "annotation:", param.annotation.as_deref());
                self.opt(ind + 2, "default:", param.default.as_deref());
            }
        }
    }

    fn args(&mut self, ind: usize, args: &[Arg<'_>]) {
        let keyword = |a: &Arg<'_>| matches!(a, Arg::Keyword(..) | Arg::DoubleStar(_));
        let mut ordered: Vec<&Arg<'_>> = args.iter().collect();
        if self.compat {
            ordered.sort_by_key(|a| keyword(a));
        }
        for a in ordered {
            match a {
                Arg::Positional(e) => self.expr(ind, e),
                Arg::Star(e) => {
                    self.label(ind, "*");
                    self.expr(ind + 1, e);
                }
                Arg::Keyword(name, e) => {
                    self.label(ind, &format!("{name}="));
                    self.expr(ind + 1, e);
                }
                Arg::DoubleStar(e) => {
                    self.label(ind, "**");
                    self.expr(ind + 1, e);
                }
            }
        }
    }

    fn fstring_parts(&mut self, ind: usize, parts: &[FStringPart<'_>]) {
        let mut pending = Vec::new();
        let flush = |d: &mut Self, pending: &mut Vec<u8>| {
            if !pending.is_empty() {
                d.label(ind, &format!("\"{}\"", escape(pending)));
                pending.clear();
            }
        };
        for part in parts {
            match part {
                FStringPart::Literal(text) => {
                    if self.compat {
                        pending.extend_from_slice(text);
                    } else {
                        self.label(ind, &format!("\"{}\"", escape(text)));
                    }
                }
                FStringPart::Field(field) => {
                    let mut text = String::from("Field");
                    if let Some(debug) = field.debug_text {
                        if self.compat {
                            pending.extend_from_slice(debug.as_bytes());
                        } else {
                            let _ = write!(text, " debug=\"{}\"", escape(debug.as_bytes()));
                        }
                    }
                    flush(self, &mut pending);
                    if let Some(c) = field.conversion {
                        let _ = write!(text, " !{c}");
                    }
                    self.label(ind, &text);
                    self.expr(ind + 1, &field.value);
                    if let Some(spec) = &field.spec {
                        self.label(ind + 1, "spec:");
                        self.fstring_parts(ind + 2, spec);
                    }
                }
            }
        }
        flush(self, &mut pending);
    }

    fn comprehension(&mut self, ind: usize, generators: &[Comprehension<'_>]) {
        for g in generators {
            self.label(ind, if g.is_async { "async for" } else { "for" });
            self.expr(ind + 1, &g.target);
            self.expr(ind + 1, &g.iter);
            for cond in &g.ifs {
                self.label(ind + 1, "if");
                self.expr(ind + 2, cond);
            }
        }
    }

    /// Dumps an expression.
    pub fn expr(&mut self, ind: usize, e: &Expr<'_>) {
        let loc = Some(e.loc);
        match &e.kind {
            ExprKind::Name(n) => self.line(ind, loc, &format!("Name {n}")),
            ExprKind::Const(c) => {
                let text = match c {
                    Const::None => "None".to_string(),
                    Const::True => "True".to_string(),
                    Const::False => "False".to_string(),
                    Const::Ellipsis => "Ellipsis".to_string(),
                    Const::Int(t) => format!("Int {t}"),
                    Const::Float(t) => format!("Float {t}"),
                    #[cfg(feature = "complex")]
                    Const::Imag(t) => format!("Imag {t}"),
                    Const::Str(s) => format!("Str \"{}\"", escape(s)),
                    Const::Bytes(b) => format!("Bytes \"{}\"", escape_bytes(b)),
                };
                self.line(ind, loc, &text);
            }
            #[cfg(feature = "fstrings")]
            ExprKind::FString(parts) => {
                self.line(ind, loc, "FString");
                self.in_fstring += 1;
                self.fstring_parts(ind + 1, parts);
                self.in_fstring -= 1;
            }
            ExprKind::Tuple(items) | ExprKind::List(items) | ExprKind::Set(items) => {
                let kind = match &e.kind {
                    ExprKind::Tuple(_) => "Tuple",
                    ExprKind::List(_) => "List",
                    _ => "Set",
                };
                self.line(ind, loc, kind);
                for item in items {
                    self.expr(ind + 1, item);
                }
            }
            ExprKind::Dict(items) => {
                self.line(ind, loc, "Dict");
                for item in items {
                    match item {
                        DictItem::Pair(k, v) => {
                            self.label(ind + 1, ":");
                            self.expr(ind + 2, k);
                            self.expr(ind + 2, v);
                        }
                        DictItem::Splat(v) => {
                            self.label(ind + 1, "**");
                            self.expr(ind + 2, v);
                        }
                    }
                }
            }
            ExprKind::Starred(v) => {
                self.line(ind, loc, "Starred");
                self.expr(ind + 1, v);
            }
            ExprKind::Attribute(v, attr) => {
                self.line(ind, loc, &format!("Attribute .{attr}"));
                self.expr(ind + 1, v);
            }
            ExprKind::Subscript(v, index) => {
                self.line(ind, loc, "Subscript");
                self.expr(ind + 1, v);
                self.expr(ind + 1, index);
            }
            ExprKind::Slice(lower, upper, step) => {
                self.line(ind, loc, "Slice");
                self.opt(ind + 1, "lower:", lower.as_deref());
                self.opt(ind + 1, "upper:", upper.as_deref());
                self.opt(ind + 1, "step:", step.as_deref());
            }
            ExprKind::Call(func, args) => {
                self.line(ind, loc, "Call");
                self.expr(ind + 1, func);
                self.args(ind + 1, args);
            }
            ExprKind::Unary(op, v) => {
                self.line(ind, loc, &format!("Unary {op:?}"));
                self.expr(ind + 1, v);
            }
            ExprKind::Binary(op, l, r) => {
                self.line(ind, loc, &format!("Binary {op:?}"));
                self.expr(ind + 1, l);
                self.expr(ind + 1, r);
            }
            ExprKind::BoolOp(op, values) => {
                self.line(ind, loc, &format!("BoolOp {op:?}"));
                for v in values {
                    self.expr(ind + 1, v);
                }
            }
            ExprKind::Compare(first, rest) => {
                let ops: Vec<String> = rest.iter().map(|(op, _)| format!("{op:?}")).collect();
                self.line(ind, loc, &format!("Compare {}", ops.join(" ")));
                self.expr(ind + 1, first);
                for (_, v) in rest {
                    self.expr(ind + 1, v);
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.line(ind, loc, "IfExp");
                self.expr(ind + 1, test);
                self.expr(ind + 1, body);
                self.expr(ind + 1, orelse);
            }
            ExprKind::Lambda(params, body) => {
                self.line(ind, loc, "Lambda");
                self.params(ind + 1, params);
                self.expr(ind + 1, body);
            }
            ExprKind::Comp {
                kind,
                elt,
                value,
                generators,
            } => {
                self.line(ind, loc, &format!("{kind:?}Comp"));
                self.expr(ind + 1, elt);
                if let Some(v) = value {
                    self.expr(ind + 1, v);
                }
                self.comprehension(ind + 1, generators);
            }
            ExprKind::Yield(v) => {
                self.line(ind, loc, "Yield");
                if let Some(v) = v {
                    self.expr(ind + 1, v);
                }
            }
            ExprKind::YieldFrom(v) => {
                self.line(ind, loc, "YieldFrom");
                self.expr(ind + 1, v);
            }
            #[cfg(feature = "async")]
            ExprKind::Await(v) => {
                self.line(ind, loc, "Await");
                self.expr(ind + 1, v);
            }
            ExprKind::NamedExpr(name, v) => {
                self.line(ind, loc, &format!("NamedExpr {name}"));
                self.expr(ind + 1, v);
            }
        }
    }
}

/// Dumps a module's statements.
pub fn dump_module(stmts: &[Stmt<'_>], compat: bool) -> String {
    let mut d = Dumper::new(compat);
    for s in stmts {
        d.stmt(0, s);
    }
    d.finish()
}

/// Renders an error as in the `.err` snapshots: `line:col Kind: message`.
pub fn render_error(e: &CompileError) -> String {
    format!("{}:{} {}: {}\n", e.line, e.col, e.class_name(), e.msg)
}
