//! Snapshot tests for the lexer (`tests/lexer/{ok,err}`), the differential
//! check against CPython's `tokenize`, and API tests.
//!
//! Set `UPDATE_SNAPSHOTS=1` to rewrite the `.tokens` and `.err` files.

// The corpus tests, and what only they use, need the whole language.
#![cfg_attr(
    not(all(feature = "fstrings", feature = "async", feature = "error-messages")),
    allow(unused_imports)
)]

mod common;

use std::borrow::Cow;
use std::process::Command;

use common::{check_snapshot, fixture_dir, lex_all, py_files, render_token};
#[cfg(feature = "fstrings")]
use pyrite_compiler::lexer::{Conversion, FStringPart};
use pyrite_compiler::lexer::{Keyword, LexErrorKind, Lexer, NumberKind, Op, Span, TokenKind};

// The corpus uses the whole language.
#[cfg(all(feature = "fstrings", feature = "async"))]
#[test]
fn ok_snapshots() {
    let files = py_files(&fixture_dir().join("ok"));
    assert!(
        files.len() >= 40,
        "expected at least 40 ok files, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read(path).unwrap();
        let (tokens, err) = lex_all(&src);
        if let Some(e) = err {
            failures.push(format!(
                "{}: unexpected error {}:{} {e}",
                path.display(),
                e.line,
                e.col
            ));
            continue;
        }
        let mut actual = String::new();
        for t in &tokens {
            actual.push_str(&render_token(&src, t));
            actual.push('\n');
        }
        if let Some(f) = check_snapshot(&path.with_extension("tokens"), &actual) {
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
#[cfg(all(feature = "fstrings", feature = "async", feature = "error-messages"))]
#[test]
fn err_snapshots() {
    let files = py_files(&fixture_dir().join("err"));
    assert!(
        files.len() >= 30,
        "expected at least 30 err files, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read(path).unwrap();
        let (tokens, err) = lex_all(&src);
        let Some(e) = err else {
            failures.push(format!(
                "{}: expected an error, got {} tokens",
                path.display(),
                tokens.len()
            ));
            continue;
        };
        let actual = format!("{}:{} {}\n", e.line, e.col, e);
        if let Some(f) = check_snapshot(&path.with_extension("err"), &actual) {
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

/// Runs `cpython_tokens.py` on every ok file and compares `line:col KIND
/// text` of every token, the value of str and bytes literals, and the
/// shape of f-strings (literal text, conversions and specs; CPython 3.11
/// has f-strings as single STRING tokens, so the shape comes from its AST).
// The corpus uses the whole language.
#[cfg(all(feature = "fstrings", feature = "async"))]
#[test]
fn matches_cpython_tokenize() {
    let script = fixture_dir().join("cpython_tokens.py");
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
        "cpython_tokens.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Output: "=== FILE path" headers, then token lines (or "SKIP reason").
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
            println!("note: {} skipped:{}", path.display(), reason.trim_end());
            continue;
        }
        let src = std::fs::read(path).unwrap();
        let (tokens, err) = lex_all(&src);
        assert!(err.is_none(), "{}: lexer error", path.display());
        let mut mine = String::new();
        for t in &tokens {
            mine.push_str(&common::token_head_with_value(&src, t));
            mine.push('\n');
        }
        if mine != *body {
            failures.push(format!(
                "{}:\n{}",
                path.display(),
                common::diff(body, &mine)
            ));
        }
        compared += 1;
    }
    println!("compared {compared} files with CPython");
    assert!(
        failures.is_empty(),
        "differences from CPython (- cpython, + pyrite):\n{}",
        failures.join("\n")
    );
    assert!(compared >= 30, "only {compared} files compared");
}

fn kinds(src: &[u8]) -> Vec<TokenKind<'_>> {
    let (tokens, err) = lex_all(src);
    assert!(err.is_none(), "{err:?}");
    tokens.into_iter().map(|t| t.kind).collect()
}

#[test]
fn iterator_stops_after_endmarker_and_after_error() {
    let lexer = Lexer::new(b"a\n");
    let all: Vec<_> = lexer.collect();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].as_ref().unwrap().kind, TokenKind::EndMarker);

    let lexer = Lexer::new(b"a $ b\n");
    let all: Vec<_> = lexer.collect();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[1].as_ref().unwrap_err().kind,
        LexErrorKind::InvalidSyntax
    );
}

#[test]
fn next_token_repeats_endmarker_and_errors() {
    let mut lexer = Lexer::new(b"x");
    while lexer.next_token().unwrap().kind != TokenKind::EndMarker {}
    for _ in 0..3 {
        assert_eq!(lexer.next_token().unwrap().kind, TokenKind::EndMarker);
    }
    let mut lexer = Lexer::new(b")");
    let e = lexer.next_token().unwrap_err();
    assert_eq!(lexer.next_token().unwrap_err(), e);
}

#[test]
fn values_are_borrowed_unless_changed() {
    let src = b"'plain' 'esc\\n' b'raw' r'\\d'\n";
    let strings: Vec<_> = kinds(src)
        .into_iter()
        .filter_map(|k| match k {
            TokenKind::String(s) => Some(s),
            _ => None,
        })
        .collect();
    assert!(matches!(strings[0].value, Cow::Borrowed(b"plain")));
    assert_eq!(&*strings[1].value, b"esc\n");
    assert!(matches!(strings[1].value, Cow::Owned(_)));
    assert!(strings[2].is_bytes);
    assert!(matches!(strings[3].value, Cow::Borrowed(b"\\d")));
}

#[test]
fn token_payloads() {
    let src = "def f(a): return 0x_FF + 1.5j # c\n".as_bytes();
    let k = kinds(src);
    assert_eq!(k[0], TokenKind::Keyword(Keyword::Def));
    assert_eq!(k[1], TokenKind::Name("f"));
    assert_eq!(k[2], TokenKind::Op(Op::LPar));
    match &k[7] {
        TokenKind::Number(n) => {
            assert_eq!(n.text, "0x_FF");
            assert_eq!(n.kind, NumberKind::Int { radix: 16 });
        }
        other => panic!("{other:?}"),
    }
    match &k[9] {
        TokenKind::Number(n) => assert_eq!((n.text, n.kind), ("1.5j", NumberKind::Imag)),
        other => panic!("{other:?}"),
    }
    assert_eq!(k[10], TokenKind::Newline);
    assert_eq!(Keyword::ALL.len(), 35);
    for k in Keyword::ALL {
        assert_eq!(Keyword::from_bytes(k.as_str().as_bytes()), Some(*k));
    }
}

/// Every operator lexes from its text, alone and followed by each other
/// operator with a space between (and, unspaced, `a<<=b` and `x->y` take
/// the longest operator).
#[test]
fn every_operator_lexes_from_its_text() {
    fn ops_of(src: &str) -> Vec<Op> {
        let (tokens, err) = lex_all(src.as_bytes());
        assert!(err.is_none(), "{src:?}: {err:?}");
        tokens
            .iter()
            .filter_map(|t| match t.kind {
                TokenKind::Op(op) => Some(op),
                _ => None,
            })
            .collect()
    }
    assert_eq!(Op::ALL.len(), 47);
    for &op in Op::ALL {
        let (open, close) = match op {
            Op::LPar | Op::RPar => ("(", ")"),
            Op::LSqb | Op::RSqb => ("[", "]"),
            Op::LBrace | Op::RBrace => ("{", "}"),
            _ => ("(", ")"),
        };
        let text = op.as_str();
        let src = if matches!(op, Op::RPar | Op::RSqb | Op::RBrace) {
            format!("{open}{text}\n")
        } else if matches!(op, Op::LPar | Op::LSqb | Op::LBrace) {
            format!("{text}{close}\n")
        } else {
            format!("{open}{text}{close}\n")
        };
        assert!(ops_of(&src).contains(&op), "{src:?}");
        for &next in Op::ALL {
            if matches!(
                next,
                Op::LPar | Op::RPar | Op::LSqb | Op::RSqb | Op::LBrace | Op::RBrace
            ) || matches!(
                op,
                Op::LPar | Op::RPar | Op::LSqb | Op::RSqb | Op::LBrace | Op::RBrace
            ) {
                continue;
            }
            let src = format!("({text} {})\n", next.as_str());
            assert_eq!(ops_of(&src), [Op::LPar, op, next, Op::RPar], "{src:?}");
        }
    }
    assert_eq!(
        ops_of("a<<=b->c**=d...e.f!=g//h\n"),
        [
            Op::LeftShiftEqual,
            Op::Arrow,
            Op::DoubleStarEqual,
            Op::Ellipsis,
            Op::Dot,
            Op::NotEqual,
            Op::DoubleSlash
        ]
    );
    assert_eq!(ops_of("x=..\n"), [Op::Equal, Op::Dot, Op::Dot]);
    let (_, err) = lex_all(b"a ! b\n");
    assert_eq!(err.map(|e| e.kind), Some(LexErrorKind::InvalidSyntax));
}

#[cfg(feature = "fstrings")]
#[test]
fn fstring_fields_and_sub_lexer() {
    let src = b"f'a{x!r:>{w}} {y=}'\n";
    let (tokens, err) = lex_all(src);
    assert!(err.is_none());
    let TokenKind::FString(f) = &tokens[0].kind else {
        panic!()
    };
    assert_eq!(f.parts.len(), 4);
    let FStringPart::Field(field) = &f.parts[1] else {
        panic!()
    };
    assert_eq!(field.expr, Span { start: 4, end: 5 });
    assert_eq!((field.line, field.col), (1, 5));
    assert_eq!(field.conversion, Some(Conversion::Repr));
    let spec = field.spec.as_ref().unwrap();
    assert_eq!(spec.len(), 2);
    let FStringPart::Field(y) = &f.parts[3] else {
        panic!()
    };
    assert_eq!(y.debug_text, Some("y="));
    let mut sub = Lexer::for_fstring_field(src, y);
    assert_eq!(sub.next_token().unwrap().kind, TokenKind::Name("y"));
    assert_eq!(sub.next_token().unwrap().kind, TokenKind::EndMarker);
}

#[test]
fn expression_lexer_ignores_newlines() {
    let src = b"(a +\n  b)";
    let mut lexer = Lexer::new_expression(src, Span { start: 1, end: 8 }, 1, 2);
    let mut texts = Vec::new();
    loop {
        let t = lexer.next_token().unwrap();
        if t.kind == TokenKind::EndMarker {
            break;
        }
        texts.push((t.line, t.col, t.span.slice(src).to_vec()));
    }
    assert_eq!(
        texts,
        vec![
            (1, 2, b"a".to_vec()),
            (1, 4, b"+".to_vec()),
            (2, 3, b"b".to_vec())
        ]
    );
}

#[test]
fn bom_is_skipped_and_positions_count_characters() {
    let src = "\u{feff}é = '€'; x\n".as_bytes();
    let (tokens, err) = lex_all(src);
    assert!(err.is_none());
    assert_eq!(tokens[0].kind, TokenKind::Name("é"));
    assert_eq!((tokens[0].line, tokens[0].col), (1, 1));
    assert_eq!((tokens[4].line, tokens[4].col), (1, 10));
}

#[test]
fn deep_nesting_limits() {
    let src = "(".repeat(201);
    let e = lex_all(src.as_bytes()).1.unwrap();
    assert_eq!(e.kind, LexErrorKind::TooManyNestedParens);
    assert_eq!(e.col, 201);
    let ok = format!("{}{}\n", "(".repeat(200), ")".repeat(200));
    assert!(lex_all(ok.as_bytes()).1.is_none());

    let nested = |levels: usize| {
        let mut src = String::new();
        for depth in 0..levels {
            src.push_str(&" ".repeat(depth));
            src.push_str("if x:\n");
        }
        src.push_str(&" ".repeat(levels));
        src.push_str("pass\n");
        src
    };
    // 99 indented levels are fine, 100 are too many (as in CPython).
    assert!(lex_all(nested(99).as_bytes()).1.is_none());
    let e = lex_all(nested(100).as_bytes()).1.unwrap();
    assert_eq!(e.kind, LexErrorKind::TooManyIndentationLevels);
    assert_eq!((e.line, e.col), (101, 1));
}

#[test]
fn lexer_state_is_small() {
    let size = std::mem::size_of::<Lexer<'static>>();
    println!("size_of::<Lexer>() = {size}");
    // Two fixed stacks (400 + 800 bytes) and a few words.
    assert!(size <= 1400, "Lexer is {size} bytes");
}

/// Large inputs lex in linear time (a quadratic position computation would
/// make this test take minutes).
#[test]
fn large_inputs() {
    let long_line = format!("x = {}1\n", "a + ".repeat(100_000));
    let (tokens, err) = lex_all(long_line.as_bytes());
    assert!(err.is_none());
    assert_eq!(tokens.len(), 200_005);
    assert_eq!(tokens[tokens.len() - 3].col as usize, long_line.len() - 1);

    #[cfg(feature = "fstrings")]
    {
        let fields = "{a!r:>{w}} {b=} ".repeat(20_000);
        let fstring = format!("s = f'''{fields}\n{fields}'''\n");
        let (tokens, err) = lex_all(fstring.as_bytes());
        assert!(err.is_none());
        let TokenKind::FString(f) = &tokens[2].kind else {
            panic!()
        };
        assert_eq!(f.parts.len(), 4 * 40_000);
    }

    let many_lines = "if x:\n    y = 'é' # c\n".repeat(50_000);
    let (tokens, err) = lex_all(many_lines.as_bytes());
    assert!(err.is_none());
    assert_eq!(tokens.last().unwrap().line, 100_001);
}
