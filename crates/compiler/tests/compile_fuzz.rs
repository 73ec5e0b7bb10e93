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

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use pyrite_compiler::{CompileError, Mode, Options, compile};

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
    "continue",
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
    "const(",
    "super()",
    "__class__",
    "1 << 70",
    "-",
    "(1, 2)",
    "[x for x in y]",
    "{k: v for k in y}",
    "(x for x in y if x)",
    "def f(a, /, b=1, *c, d, **e):",
];

fn fragment_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60)
        .prop_map(|frags| frags.concat().into_bytes())
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

#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, u8),
    Delete(usize),
    Replace(usize, u8),
    InsertFragment(usize, usize),
    DeleteRange(usize, usize),
    /// Copy a range of the program elsewhere (duplicated lines and
    /// blocks stay mostly valid, so they reach the code generator).
    Duplicate(usize, usize, usize),
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
        Mutation::Duplicate(from, n, to) if !src.is_empty() => {
            let from = from % src.len();
            let end = (from + n % 200).min(src.len());
            let piece = src[from..end].to_vec();
            let to = at(to, src.len());
            src.splice(to..to, piece);
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
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(f, n, t)| Mutation::Duplicate(f, n, t)),
    ]
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
