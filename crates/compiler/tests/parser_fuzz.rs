//! Property tests: the parser never panics, always terminates, and reports
//! errors at positions inside the input, on arbitrary bytes, on
//! Python-ish fragment soup and on mutations of the ok fixtures (the
//! parser's and the lexer's).
//!
//! `PYRITE_PROPTEST_CASES` sets the total number of cases (default 20,000),
//! split between the three generators.

mod parser_common;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use pyrite_compiler::CompileError;
use pyrite_compiler::parser::{Parser, parse_eval};

fn total_cases() -> u32 {
    std::env::var("PYRITE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000)
}

fn config(share: u32) -> Config {
    Config {
        cases: (total_cases() * share / 10).max(1),
        failure_persistence: None,
        ..Config::default()
    }
}

fn line_count(src: &[u8]) -> u32 {
    let mut lines = 1;
    for (i, &b) in src.iter().enumerate() {
        if b == b'\r' || (b == b'\n' && (i == 0 || src[i - 1] != b'\r')) {
            lines += 1;
        }
    }
    lines
}

fn check_error(src: &[u8], e: &CompileError) -> Result<(), TestCaseError> {
    let lines = line_count(src);
    prop_assert!(
        e.line >= 1 && e.line <= lines + 1,
        "error line {} outside 1..={}",
        e.line,
        lines + 1
    );
    prop_assert!(
        e.col >= 1 && e.col as usize <= src.len() + 1,
        "error col {}",
        e.col
    );
    prop_assert!(!e.msg.is_empty());
    Ok(())
}

/// Parses `src` as a module (statement by statement) and as an
/// expression; neither may panic or loop.
fn check_source(src: &[u8]) -> Result<(), TestCaseError> {
    let mut parser = Parser::new(src);
    let limit = src.len() + 10;
    let mut done = false;
    for _ in 0..limit {
        match parser.next_statement() {
            Ok(Some(stmt)) => {
                // Walk the tree (Debug formatting visits every node).
                let _ = format!("{stmt:?}").len();
            }
            Ok(None) => {
                prop_assert!(parser.next_statement().unwrap().is_none());
                done = true;
                break;
            }
            Err(e) => {
                check_error(src, &e)?;
                prop_assert_eq!(parser.next_statement().unwrap_err(), e);
                done = true;
                break;
            }
        }
    }
    prop_assert!(done, "more than {limit} statements");
    if let Err(e) = parse_eval(src) {
        check_error(src, &e)?;
    }
    Ok(())
}

const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "f'",
    "f\"{",
    "b'",
    "'''",
    "\\\n",
    "\n",
    "\r\n",
    " ",
    "    ",
    "\t",
    "#",
    ":",
    ";",
    ",",
    ".",
    "...",
    "=",
    "==",
    ":=",
    "->",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "<<",
    ">>",
    "&",
    "|",
    "^",
    "~",
    "<",
    ">",
    "!=",
    "+=",
    "**=",
    "if ",
    "elif ",
    "else",
    "while ",
    "for ",
    " in ",
    "not ",
    " and ",
    " or ",
    " is ",
    "lambda",
    "def ",
    "class ",
    "return",
    "yield",
    " from ",
    "import ",
    "as ",
    "try",
    "except",
    "finally",
    "with ",
    "async ",
    "await ",
    "del ",
    "pass",
    "break",
    "global ",
    "nonlocal ",
    "assert ",
    "raise ",
    "None",
    "True",
    "x",
    "y",
    "f",
    "1",
    "0x1f",
    "1.5",
    "2j",
    "'s'",
    "f'{x}'",
    "f'{x!r:>{w}}'",
    "f'{x=}'",
    "b'b'",
    "*a",
    "**k",
    "x=1",
    "\n    ",
    "\n  ",
    "\n\n",
];

fn fragment_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60)
        .prop_map(|frags| frags.concat().into_bytes())
}

fn ok_fixtures() -> Vec<Vec<u8>> {
    let mut files = parser_common::py_files(&parser_common::fixture_dir().join("ok"));
    let lexer_ok = parser_common::fixture_dir()
        .parent()
        .unwrap()
        .join("lexer")
        .join("ok");
    files.extend(parser_common::py_files(&lexer_ok));
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, u8),
    Delete(usize),
    Replace(usize, u8),
    InsertFragment(usize, usize),
    DeleteRange(usize, usize),
}

fn apply(src: &mut Vec<u8>, m: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match *m {
        Mutation::Insert(i, b) => {
            let i = at(i, src.len());
            src.insert(i, b);
        }
        Mutation::Delete(i) if !src.is_empty() => {
            let i = i % src.len();
            src.remove(i);
        }
        Mutation::Replace(i, b) if !src.is_empty() => {
            let i = i % src.len();
            src[i] = b;
        }
        Mutation::InsertFragment(i, f) => {
            let i = at(i, src.len());
            let frag = FRAGMENTS[f % FRAGMENTS.len()].as_bytes();
            src.splice(i..i, frag.iter().copied());
        }
        Mutation::DeleteRange(i, n) if !src.is_empty() => {
            let i = i % src.len();
            let end = (i + n % 40).min(src.len());
            src.drain(i..end);
        }
        _ => {}
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, f)| Mutation::InsertFragment(i, f)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, n)| Mutation::DeleteRange(i, n)),
    ]
}

#[test]
fn arbitrary_bytes() {
    let mut runner = TestRunner::new(config(2));
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..400), |src| {
            check_source(&src)
        })
        .unwrap();
}

#[test]
fn fragment_soups() {
    let mut runner = TestRunner::new(config(4));
    runner
        .run(&fragment_soup(), |src| check_source(&src))
        .unwrap();
}

#[test]
fn mutated_fixtures() {
    let fixtures = ok_fixtures();
    assert!(fixtures.len() > 40);
    let mut runner = TestRunner::new(config(4));
    let strategy = (0..fixtures.len(), prop::collection::vec(mutation(), 1..6));
    runner
        .run(&strategy, |(index, mutations)| {
            let mut src = fixtures[index].clone();
            for m in &mutations {
                apply(&mut src, m);
            }
            check_source(&src)
        })
        .unwrap();
}

#[test]
fn fixtures_unmutated() {
    for src in ok_fixtures() {
        check_source(&src).unwrap();
    }
}
