//! What the compiler's fuzz tests share: the case budget, Python-ish
//! fragments, and mutations of valid programs.

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::Config;

/// `PYRITE_PROPTEST_CASES`: the total number of cases of a fuzz file
/// (default 20,000), which its tests split.
pub fn total_cases() -> u32 {
    std::env::var("PYRITE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000)
}

/// The proptest configuration of a test that takes `share` tenths of the
/// cases.
pub fn config(share: u32) -> Config {
    Config {
        cases: (total_cases() * share / 10).max(1),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Lines of `src` as the lexer counts them (`\n`, `\r\n` or `\r`).
pub fn line_count(src: &[u8]) -> u32 {
    let mut lines = 1;
    for (i, &b) in src.iter().enumerate() {
        if b == b'\r' || (b == b'\n' && (i == 0 || src[i - 1] != b'\r')) {
            lines += 1;
        }
    }
    lines
}

/// Pieces of Python syntax that fragment soups and mutations splice in.
pub const FRAGMENTS: &[&str] = &[
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

/// A byte string made of fragments and arbitrary bytes.
pub fn fragment_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60)
        .prop_map(|frags| frags.concat().into_bytes())
}

/// One edit of a valid program.
#[derive(Clone, Debug)]
pub enum Mutation {
    Insert(usize, u8),
    Delete(usize),
    Replace(usize, u8),
    InsertFragment(usize, usize),
    DeleteRange(usize, usize),
    /// Copy a range of the program elsewhere (duplicated lines and
    /// blocks stay mostly valid, so they reach the code generator).
    Duplicate(usize, usize, usize),
}

/// Applies `m` to `src` (indices wrap; edits of an empty input are no-ops).
pub fn apply(src: &mut Vec<u8>, m: &Mutation) {
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

/// Any [`Mutation`].
pub fn mutation() -> impl Strategy<Value = Mutation> {
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
