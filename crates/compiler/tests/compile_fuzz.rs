//! Property tests of the whole pipeline (`compile`: lexer, parser, code
//! generator, assembler): for any input, in every mode and at every `-O`
//! level, the result is either a .mpy file that passes
//! `pyrite_mpy::verify` or a `CompileError` at a line inside the input;
//! never a panic. Inputs: arbitrary bytes, Python-ish fragment soup, and
//! mutations of valid programs (the code-generation corpus, the VM's
//! programs, the differential tests and the parser's ok fixtures).
//!
//! `PYRITE_PROPTEST_CASES` sets the total number of cases (default 20,000),
//! split between the three generators.

use std::path::{Path, PathBuf};

mod fuzz_common;

use fuzz_common::{apply, config, fragment_soup, line_count, mutation};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use pyrite_compiler::{CompileError, Mode, Options, compile};

fn check_error(src: &[u8], e: &CompileError) -> Result<(), TestCaseError> {
    let lines = line_count(src);
    prop_assert!(
        e.line >= 1 && e.line <= lines + 1,
        "error line {} outside 1..={} ({})",
        e.line,
        lines + 1,
        e.msg
    );
    prop_assert!(!e.msg.is_empty());
    Ok(())
}

/// Compiles `src` in `mode` at `opt_level`: a verified file or an error
/// inside the input.
fn check(src: &[u8], mode: Mode, opt_level: u8) -> Result<(), TestCaseError> {
    let opts = Options {
        source_name: "fuzz.py",
        opt_level,
        ..Options::default()
    };
    match compile(src, mode, &opts) {
        Ok(mpy) => {
            if let Err(e) = pyrite_mpy::verify(&mpy) {
                return Err(TestCaseError::fail(format!(
                    "output fails verification: {e:?}\nsource: {:?}",
                    String::from_utf8_lossy(src)
                )));
            }
        }
        Err(e) => check_error(src, &e)?,
    }
    Ok(())
}

/// The module in `exec` mode at `opt_level`, plus the other two modes.
fn check_source(src: &[u8], opt_level: u8) -> Result<(), TestCaseError> {
    check(src, Mode::File, opt_level)?;
    check(src, Mode::Single, 0)?;
    check(src, Mode::Eval, 0)
}

fn py_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    out.extend(files);
}

/// Valid programs to mutate.
fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "tests/codegen",
        "tests/parser/ok",
        "../vm/tests/programs",
        "../../tests/basics",
    ] {
        py_files(&root.join(dir), &mut files);
    }
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn arbitrary_bytes() {
    let mut runner = TestRunner::new(config(2));
    runner
        .run(
            &(prop::collection::vec(any::<u8>(), 0..400), 0u8..4),
            |(src, o)| check_source(&src, o),
        )
        .unwrap();
}

#[test]
fn fragment_soups() {
    let mut runner = TestRunner::new(config(3));
    runner
        .run(&(fragment_soup(), 0u8..4), |(src, o)| check_source(&src, o))
        .unwrap();
}

#[test]
fn mutated_programs() {
    let programs = corpus();
    assert!(programs.len() > 100, "corpus of {}", programs.len());
    let mut runner = TestRunner::new(config(5));
    let strategy = (
        0..programs.len(),
        prop::collection::vec(mutation(), 1..6),
        0u8..4,
    );
    runner
        .run(&strategy, |(index, mutations, o)| {
            let mut src = programs[index].clone();
            for m in &mutations {
                apply(&mut src, m);
            }
            check_source(&src, o)
        })
        .unwrap();
}

#[test]
fn programs_unmutated() {
    for src in corpus() {
        for o in 0..4 {
            check_source(&src, o).unwrap();
        }
    }
}
