//! Snapshot tests for the parser (`tests/parser/{ok,err}`), the differential
//! check against CPython's `ast` module, nesting limits and API tests.
//!
//! Set `UPDATE_SNAPSHOTS=1` to rewrite the `.ast` and `.err` files.

// The corpus tests, and what only they use, need the whole language.
#![cfg_attr(
    not(all(
        feature = "fstrings",
        feature = "async",
        feature = "complex",
        feature = "error-messages"
    )),
    allow(unused_imports)
)]

mod parser_common;

use std::process::Command;

use parser_common::{
    check_snapshot, dump_module, fixture_dir, parse_module, py_files, render_error,
};
use pyrite_compiler::ast::{Const, Expr, ExprKind, Stmt, StmtKind};
use pyrite_compiler::parser::{MAX_DEPTH, Parser, parse_eval};
use pyrite_compiler::{CompileError, ErrorKind};

// The corpus uses the whole language.
#[cfg(all(feature = "fstrings", feature = "async", feature = "complex"))]
#[test]
fn ok_snapshots() {
    let files = py_files(&fixture_dir().join("ok"));
    assert!(files.len() >= 8, "expected at least 8 ok files");
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read(path).unwrap();
        let stmts = match parse_module(&src) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!(
                    "{}: unexpected error {}",
                    path.display(),
                    render_error(&e)
                ));
                continue;
            }
        };
        let actual = dump_module(&stmts, false);
        if let Some(f) = check_snapshot(&path.with_extension("ast"), &actual) {
            failures.push(f);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// The corpus uses the whole language and checks the messages.
#[cfg(all(
    feature = "fstrings",
    feature = "async",
    feature = "complex",
    feature = "error-messages"
))]
#[test]
fn err_snapshots() {
    let files = py_files(&fixture_dir().join("err"));
    assert!(files.len() >= 30, "expected at least 30 err files");
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read(path).unwrap();
        let e = match parse_module(&src) {
            Ok(stmts) => {
                failures.push(format!(
                    "{}: expected an error, got {} statements",
                    path.display(),
                    stmts.len()
                ));
                continue;
            }
            Err(e) => e,
        };
        if let Some(f) = check_snapshot(&path.with_extension("err"), &render_error(&e)) {
            failures.push(f);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every err file is also rejected by CPython's `compile` (the parser is
/// not stricter than Python), except the `deep_*` files: Pyrite's nesting
/// limit ([`MAX_DEPTH`]) is lower than CPython's.
// The corpus uses the whole language.
#[cfg(all(
    feature = "fstrings",
    feature = "async",
    feature = "complex",
    feature = "error-messages"
))]
#[test]
fn err_files_are_errors_for_cpython() {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    if Command::new(&python).arg("--version").output().is_err() {
        println!("note: {python} not found; skipping");
        return;
    }
    let files: Vec<_> = py_files(&fixture_dir().join("err"))
        .into_iter()
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("deep_")
        })
        .collect();
    let script = "import sys\nfor p in sys.argv[1:]:\n    try:\n        compile(open(p,'rb').read(), p, 'exec')\n        print('OK', p)\n    except SyntaxError:\n        pass\n    except (ValueError, RecursionError, MemoryError):\n        pass\n";
    let out = Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.trim().is_empty(),
        "CPython accepts these err files:\n{stdout}"
    );
}

/// Runs `cpython_ast.py` on every ok file and compares its dump with the
/// parser's (compat form).
// The corpus uses the whole language.
#[cfg(all(feature = "fstrings", feature = "async", feature = "complex"))]
#[test]
fn matches_cpython_ast() {
    let script = fixture_dir().join("cpython_ast.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    if Command::new(&python).arg("--version").output().is_err() {
        println!("note: {python} not found; skipping the CPython differential test");
        return;
    }
    let files = py_files(&fixture_dir().join("ok"));
    let out = Command::new(&python)
        .arg(&script)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cpython_ast.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in stdout.lines() {
        if let Some(path) = line.strip_prefix("=== FILE ") {
            sections.push((path.to_string(), String::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    assert_eq!(sections.len(), files.len());
    let mut compared = 0;
    let mut failures = Vec::new();
    for (path, (header, body)) in files.iter().zip(&sections) {
        assert_eq!(*header, path.display().to_string());
        if let Some(reason) = body.strip_prefix("SKIP") {
            failures.push(format!("{}: skipped:{}", path.display(), reason.trim_end()));
            continue;
        }
        let src = std::fs::read(path).unwrap();
        let stmts = parse_module(&src).unwrap();
        let mine = dump_module(&stmts, true);
        if mine != *body {
            failures.push(format!(
                "{}:\n{}",
                path.display(),
                parser_common::diff(body, &mine)
            ));
        }
        compared += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {} files differ from CPython (- CPython, + Pyrite):\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    println!("{compared} files agree with CPython's ast");
}

// ----- the API --------------------------------------------------------

fn stmts(src: &str) -> Vec<Stmt<'_>> {
    parse_module(src.as_bytes()).unwrap_or_else(|e| panic!("{src:?}: {}", render_error(&e)))
}

fn err(src: &str) -> CompileError {
    match parse_module(src.as_bytes()) {
        Ok(s) => panic!("{src:?}: expected an error, got {s:?}"),
        Err(e) => e,
    }
}

#[test]
fn statements_stream_one_at_a_time() {
    let src = b"a = 1; b = 2\nif x:\n    c\n    d\ne;\n";
    let mut p = Parser::new(src);
    let mut seen = Vec::new();
    while let Some(s) = p.next_statement().unwrap() {
        let kind = match s.kind {
            StmtKind::Assign { .. } => "assign",
            StmtKind::If { ref body, .. } if body.len() == 2 => "if",
            StmtKind::Expr(_) => "expr",
            _ => "other",
        };
        seen.push(format!("{}:{} {kind}", s.loc.line, s.loc.col));
    }
    assert_eq!(seen, ["1:1 assign", "1:8 assign", "2:1 if", "5:1 expr"]);
    // `None` repeats at the end.
    assert!(p.next_statement().unwrap().is_none());
}

#[test]
fn errors_repeat() {
    let mut p = Parser::new(b"a = 1\nb = = 2\nc = 3\n");
    assert!(p.next_statement().unwrap().is_some());
    let e = p.next_statement().unwrap_err();
    assert_eq!((e.line, e.col, &*e.msg), (2, 5, "invalid syntax"));
    assert_eq!(p.next_statement().unwrap_err(), e);
}

#[test]
fn empty_and_blank_modules() {
    assert!(stmts("").is_empty());
    assert!(stmts("\n\n# comment\n   \n").is_empty());
    assert_eq!(stmts("pass").len(), 1);
    assert_eq!(stmts("\u{feff}x = 1\r\n").len(), 1);
}

#[test]
fn eval_mode() {
    let e = parse_eval(b"1 + 2\n").unwrap();
    assert!(matches!(e.kind, ExprKind::Binary(..)));
    let e = parse_eval(b"\n  a, *b\n\n").unwrap();
    assert!(matches!(e.kind, ExprKind::Tuple(ref v) if v.len() == 2));
    assert!(parse_eval(b"x = 1").is_err());
    assert!(parse_eval(b"").is_err());
    assert!(parse_eval(b"*a").is_err());
    assert!(parse_eval(b"1\n2").is_err());
    assert!(parse_eval(b"lambda: (yield)").is_ok());
}

#[test]
fn adjacent_literals() {
    let s = stmts("x = ('a'\n  \"b\" '''c''')\n");
    let StmtKind::Assign { value, .. } = &s[0].kind else {
        panic!()
    };
    assert_eq!(
        value.kind,
        ExprKind::Const(Const::Str(b"abc".to_vec().into()))
    );
    // A single literal borrows the source.
    let s = stmts("'plain'\n");
    let StmtKind::Expr(Expr {
        kind: ExprKind::Const(Const::Str(cow)),
        ..
    }) = &s[0].kind
    else {
        panic!()
    };
    assert!(matches!(cow, std::borrow::Cow::Borrowed(_)));
    let e = err("x = 'a' b'b'\n");
    assert_msg(&e, "cannot mix bytes and nonbytes literals");
    #[cfg(feature = "fstrings")]
    assert_msg(
        &err("x = f'a' b'b'\n"),
        "cannot mix bytes and nonbytes literals",
    );
}

/// Asserts the message of `e`: `text`, or the one terse message without
/// the `error-messages` feature.
fn assert_msg(e: &CompileError, text: &str) {
    let want = if cfg!(feature = "error-messages") {
        text
    } else {
        pyrite_compiler::TERSE_MESSAGE
    };
    assert_eq!(&*e.msg, want);
}

#[test]
fn error_kinds() {
    let e = err("if x:\npass\n");
    assert_eq!(e.kind, ErrorKind::Indentation);
    assert_msg(
        &e,
        "expected an indented block after 'if' statement on line 1",
    );
    let e = err("  x = 1\n");
    assert_eq!(e.kind, ErrorKind::Indentation);
    assert_msg(&e, "unexpected indent");
    let e = err("if x:\n    a\n  b\n");
    assert_eq!(e.kind, ErrorKind::Indentation);
    let e = err("f(\nif x:\n    pass\n");
    assert_eq!((e.line, e.col), (1, 2));
    assert_msg(&e, "'(' was never closed");
}

// ----- nesting limits -------------------------------------------------

/// Runs `f` on a thread with a small stack (debug builds use far more
/// stack per frame than release builds).
fn small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

/// The height of an expression tree (without recursion: the test runs
/// on a small stack).
fn height(root: &Expr<'_>) -> usize {
    #[cfg(feature = "fstrings")]
    use pyrite_compiler::ast::FStringPart;
    use pyrite_compiler::ast::{Arg, DictItem};
    let mut max = 0;
    let mut todo = vec![(root, 1)];
    while let Some((e, depth)) = todo.pop() {
        max = max.max(depth);
        let mut children: Vec<&Expr<'_>> = Vec::new();
        match &e.kind {
            ExprKind::Name(_) | ExprKind::Const(_) => {}
            #[cfg(feature = "fstrings")]
            ExprKind::FString(parts) => {
                for p in parts {
                    if let FStringPart::Field(f) = p {
                        children.push(&f.value);
                    }
                }
            }
            ExprKind::Tuple(v) | ExprKind::List(v) | ExprKind::Set(v) => children.extend(v),
            ExprKind::BoolOp(_, v) => children.extend(v),
            ExprKind::Dict(items) => {
                for i in items {
                    match i {
                        DictItem::Pair(k, v) => children.extend([k, v]),
                        DictItem::Splat(v) => children.push(v),
                    }
                }
            }
            ExprKind::Starred(v)
            | ExprKind::Attribute(v, _)
            | ExprKind::Unary(_, v)
            | ExprKind::YieldFrom(v)
            | ExprKind::NamedExpr(_, v) => children.push(v),
            #[cfg(feature = "async")]
            ExprKind::Await(v) => children.push(v),
            ExprKind::Yield(v) => children.extend(v.as_deref()),
            ExprKind::Subscript(a, b) | ExprKind::Binary(_, a, b) => children.extend([&**a, &**b]),
            ExprKind::Slice(a, b, c) => {
                children.extend(a.as_deref());
                children.extend(b.as_deref());
                children.extend(c.as_deref());
            }
            ExprKind::Call(f, args) => {
                children.push(f);
                for a in args {
                    match a {
                        Arg::Positional(e)
                        | Arg::Star(e)
                        | Arg::Keyword(_, e)
                        | Arg::DoubleStar(e) => children.push(e),
                    }
                }
            }
            ExprKind::Compare(first, rest) => {
                children.push(first);
                children.extend(rest.iter().map(|(_, e)| e));
            }
            ExprKind::IfExp { test, body, orelse } => {
                children.extend([&**test, &**body, &**orelse])
            }
            ExprKind::Lambda(_, body) => children.push(body),
            ExprKind::Comp {
                elt,
                value,
                generators,
                ..
            } => {
                children.push(elt);
                children.extend(value.as_deref());
                for g in generators {
                    children.push(&g.target);
                    children.push(&g.iter);
                    children.extend(&g.ifs);
                }
            }
        }
        todo.extend(children.into_iter().map(|c| (c, depth + 1)));
    }
    max
}

#[test]
fn deep_nesting_is_a_syntax_error() {
    small_stack(|| {
        let cases: Vec<String> = vec![
            "(".repeat(10_000),
            format!("{}1", "-".repeat(100_000)),
            format!("{}x", "not ".repeat(100_000)),
            format!("{}x", "await ".repeat(100_000)),
            format!("x = {}1", "lambda: ".repeat(100_000)),
            format!("x = {}1", "1 if 1 else ".repeat(100_000)),
            format!("x = {}", "[".repeat(100_000)),
            format!("x = {}", "{".repeat(199)),
            format!("x = {}1", "a ** ".repeat(100_000)),
            format!("x = {}1", "a + ".repeat(100_000)),
            format!("x = 1{}", " + a".repeat(100_000)),
            format!("x = a{}", ".b".repeat(100_000)),
            format!("x = a{}", "()".repeat(100_000)),
            format!("x = a{}", "[0]".repeat(100_000)),
            format!("x = {}", "f(".repeat(199)),
            "if 1:\n".repeat(150),
            (0..150)
                .map(|i| format!("{}if 1:\n", " ".repeat(i)))
                .collect(),
            format!("if x:\n pass\n{}", "elif x:\n pass\n".repeat(100_000)),
            format!("x = {}", "(a + ".repeat(150) + &"1)".repeat(150)),
        ];
        for src in &cases {
            let Err(e) = parse_module(src.as_bytes()) else {
                panic!("no error for {src:.60}");
            };
            assert!(
                matches!(e.kind, ErrorKind::Syntax | ErrorKind::Indentation),
                "{e:?}"
            );
            assert!(!e.msg.is_empty());
        }
    });
}

#[test]
fn moderate_nesting_is_fine_and_trees_stay_shallow() {
    small_stack(|| {
        let cases: Vec<String> = vec![
            format!("x = {}1{}", "(".repeat(50), ")".repeat(50)),
            format!("x = {}1", "-".repeat(150)),
            format!("x = 1{}", " + a".repeat(150)),
            format!("x = a{}", ".b".repeat(150)),
            format!("x = {}1{}", "f(".repeat(40), ")".repeat(40)),
            format!("x = {}1{}", "(a + ".repeat(40), ")".repeat(40)),
            format!(
                "x = {}1{}",
                "((a + b + c + d + ".repeat(20),
                "))".repeat(20)
            ),
            format!("x = {}0{}", "f(a + b + ".repeat(30), ")".repeat(30)),
            format!("x = {}", "[1, 2, 3] + ".repeat(50) + "[]"),
            // The lexer's limit: 199 nested brackets are fine.
            format!("x = {}1{}", "f(".repeat(199), ")".repeat(199)),
            format!("x = {}1{}", "[(".repeat(99), ")]".repeat(99)),
            format!("x = {}1{}", "(".repeat(199), ")".repeat(199)),
        ];
        for src in &cases {
            let s = parse_module(src.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
            let StmtKind::Assign { value, .. } = &s[0].kind else {
                panic!()
            };
            let h = height(value);
            assert!(h <= MAX_DEPTH as usize + 2, "height {h} for {src:.40}");
        }
        // Chains of operands with nested groups: whatever the shape, an
        // accepted tree is never much taller than MAX_DEPTH.
        for width in [5, 10, 30, 60, 100] {
            for depth in [2, 5, 10, 30, 60] {
                let mut src = String::from("1");
                for _ in 0..depth {
                    src = format!("({}{})", "a + ".repeat(width), src);
                }
                let src = format!("x = {src}");
                if let Ok(s) = parse_module(src.as_bytes()) {
                    let StmtKind::Assign { value, .. } = &s[0].kind else {
                        panic!()
                    };
                    let h = height(value);
                    assert!(h <= MAX_DEPTH as usize + 2, "height {h} ({width}x{depth})");
                }
            }
        }
        let nested_ifs: String = (0..90)
            .map(|i| format!("{}if 1:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(90)
            + "pass\n";
        assert_eq!(parse_module(nested_ifs.as_bytes()).unwrap().len(), 1);
        let elifs = format!("if x:\n pass\n{}", "elif x:\n pass\n".repeat(150));
        assert_eq!(parse_module(elifs.as_bytes()).unwrap().len(), 1);
    });
}

#[test]
fn lower_nesting_limit() {
    let src = format!("x = {}1{}\n", "(".repeat(30), ")".repeat(30));
    assert!(Parser::new(src.as_bytes()).next_statement().is_ok());
    let e = Parser::with_max_depth(src.as_bytes(), 20)
        .next_statement()
        .unwrap_err();
    assert_msg(&e, "expression too deeply nested");
    let chain = format!("x = a{}\n", ".b".repeat(30));
    assert!(
        Parser::with_max_depth(chain.as_bytes(), 20)
            .next_statement()
            .is_err()
    );
    let ok = "def f(a):\n    return [x + 1 for x in a if x]\n";
    assert!(
        Parser::with_max_depth(ok.as_bytes(), 20)
            .next_statement()
            .is_ok()
    );
}
