//! Property tests: the lexer never panics, always terminates, and reports
//! positions inside the input, on arbitrary bytes, on Python-ish fragment
//! soup and on mutations of the ok fixtures.
//!
//! `PYRITE_PROPTEST_CASES` sets the total number of cases (default 20,000),
//! split between the three generators.

// Without f-strings there are no fields to check.
#![cfg_attr(not(feature = "fstrings"), allow(unused_variables, dead_code))]

mod common;

mod fuzz_common;

use fuzz_common::{apply, config, fragment_soup, line_count, mutation};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use pyrite_compiler::lexer::{FStringPart, LexError, Lexer, Token, TokenKind};

fn check_position(
    src: &[u8],
    lines: u32,
    line: u32,
    col: u32,
    what: &str,
) -> Result<(), TestCaseError> {
    prop_assert!(
        line >= 1 && line <= lines + 1,
        "{what} line {line} outside 1..={}",
        lines + 1
    );
    prop_assert!(
        col >= 1 && col as usize <= src.len() + 1,
        "{what} col {col}"
    );
    Ok(())
}

/// Lexes `lexer` to the end, checking every token; returns the f-string
/// fields seen (to be lexed in turn).
fn drain<'s>(
    src: &'s [u8],
    mut lexer: Lexer<'s>,
    fields: &mut Vec<pyrite_compiler::lexer::FStringField<'s>>,
) -> Result<(), TestCaseError> {
    let lines = line_count(src);
    let limit = 3 * src.len() + 120;
    for _ in 0..limit {
        let token: Result<Token<'s>, LexError> = lexer.next_token();
        match token {
            Ok(t) => {
                check_position(src, lines, t.line, t.col, "token")?;
                prop_assert!(t.span.start <= t.span.end && t.span.end <= src.len());
                #[cfg(feature = "fstrings")]
                if let TokenKind::FString(f) = &t.kind {
                    collect_fields(&f.parts, fields);
                }
                if t.kind == TokenKind::EndMarker {
                    // ENDMARKER repeats.
                    prop_assert_eq!(lexer.next_token().map(|t| t.kind), Ok(TokenKind::EndMarker));
                    return Ok(());
                }
            }
            Err(e) => {
                check_position(src, lines, e.line, e.col, "error")?;
                prop_assert!(e.offset <= src.len());
                prop_assert!(!e.to_string().is_empty());
                prop_assert_eq!(lexer.next_token(), Err(e));
                return Ok(());
            }
        }
    }
    Err(TestCaseError::fail(format!(
        "no ENDMARKER after {limit} tokens"
    )))
}

fn collect_fields<'s>(
    parts: &[FStringPart<'s>],
    out: &mut Vec<pyrite_compiler::lexer::FStringField<'s>>,
) {
    for part in parts {
        if let FStringPart::Field(f) = part {
            out.push(f.clone());
            if let Some(spec) = &f.spec {
                collect_fields(spec, out);
            }
        }
    }
}

fn check_source(src: &[u8]) -> Result<(), TestCaseError> {
    let mut fields = Vec::new();
    drain(src, Lexer::new(src), &mut fields)?;
    // Lex every f-string field as the parser would, recursively (bounded:
    // each round lexes strictly shorter spans).
    let mut rounds = 0;
    while let Some(field) = fields.pop() {
        rounds += 1;
        prop_assert!(rounds < 10_000);
        prop_assert!(field.expr.start <= field.expr.end && field.expr.end <= src.len());
        drain(src, Lexer::for_fstring_field(src, &field), &mut fields)?;
    }
    Ok(())
}

fn ok_fixtures() -> Vec<Vec<u8>> {
    common::py_files(&common::fixture_dir().join("ok"))
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

#[test]
fn arbitrary_bytes() {
    let mut runner = TestRunner::new(config(3));
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..400), |src| {
            check_source(&src)
        })
        .unwrap();
}

#[test]
fn fragment_soups() {
    let mut runner = TestRunner::new(config(3));
    runner
        .run(&fragment_soup(), |src| check_source(&src))
        .unwrap();
}

#[test]
fn mutated_fixtures() {
    let fixtures = ok_fixtures();
    assert!(!fixtures.is_empty());
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
