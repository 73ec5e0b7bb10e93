//! Property tests: the parser never panics, always terminates, and reports
//! errors at positions inside the input, on arbitrary bytes, on
//! Python-ish fragment soup and on mutations of the ok fixtures (the
//! parser's and the lexer's).
//!
//! `PYRITE_PROPTEST_CASES` sets the total number of cases (default 20,000),
//! split between the three generators.

mod parser_common;

mod fuzz_common;

use fuzz_common::{apply, config, fragment_soup, line_count, mutation};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use pyrite_compiler::CompileError;
use pyrite_compiler::parser::{Parser, parse_eval};

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
