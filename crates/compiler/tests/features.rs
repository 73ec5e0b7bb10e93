//! The optional parts of the language (`fstrings`, `async`) and the text
//! of syntax errors (`error-messages`): source using a part a build leaves
//! out is a `SyntaxError` on the line where it is used, and without
//! `error-messages` every error keeps its kind and line but has one fixed
//! message.
//!
//! Note: `cargo test -p pyrite-compiler` builds this crate's dev-dependency
//! on `pyrite-vm`, whose default features turn every compiler feature on,
//! so the `not(feature)` tests run only where the compiler is built
//! without them and without that dev-dependency.

use pyrite_compiler::{CompileError, ErrorKind, Mode, Options, compile};

fn compiles(src: &str) -> bool {
    compile(src.as_bytes(), Mode::File, &Options::default()).is_ok()
}

fn error(src: &str) -> CompileError {
    match compile(src.as_bytes(), Mode::File, &Options::default()) {
        Ok(_) => panic!("compiled: {src:?}"),
        Err(e) => e,
    }
}

/// Source with f-strings, each with the line of its first f-string.
const FSTRING_SOURCES: &[(&str, u32)] = &[
    ("x = 1\ny = f'{x}'\n", 2),
    ("x = 1\n\ny = 'a' F\"b{x!r:>4}\"\n", 3),
    ("x = (1,\n     rf'{x}')\n", 2),
    ("def g():\n    return fR'''a\nb'''\n", 2),
];

/// Source with `async`/`await`, each with the line of its first use.
const ASYNC_SOURCES: &[(&str, u32)] = &[
    ("x = 1\nasync def f():\n    pass\n", 2),
    ("@d\nasync def f():\n    pass\n", 2),
    ("def g():\n    return await x\n", 2),
    (
        "def g():\n    y = 1\n    async for a in b:\n        pass\n",
        3,
    ),
    ("def g():\n    async with a as b:\n        pass\n", 2),
];

#[cfg(feature = "fstrings")]
#[test]
fn fstrings_compile() {
    for &(src, _) in FSTRING_SOURCES {
        assert!(compiles(src), "{src:?}");
    }
}

#[cfg(not(feature = "fstrings"))]
#[test]
fn fstrings_are_a_syntax_error_on_their_line() {
    for &(src, line) in FSTRING_SOURCES {
        let e = error(src);
        assert_eq!((e.kind, e.line), (ErrorKind::Syntax, line), "{src:?}");
    }
    // A name `f`, other prefixes and `format` calls are unaffected.
    assert!(compiles(
        "f = 'a' 'b'\nprint(f, rb'x', Br'y', u'z', '{}'.format(f))\n"
    ));
}

#[cfg(feature = "async")]
#[test]
fn async_compiles() {
    for &(src, _) in ASYNC_SOURCES {
        assert!(compiles(src), "{src:?}");
    }
}

#[cfg(not(feature = "async"))]
#[test]
fn async_is_a_syntax_error_on_its_line() {
    for &(src, line) in ASYNC_SOURCES {
        let e = error(src);
        assert_eq!((e.kind, e.line), (ErrorKind::Syntax, line), "{src:?}");
    }
    // The words stay reserved: neither is a name. (Async comprehensions
    // are a `SyntaxError` in any case, as in MicroPython.)
    for src in [
        "x = 1\nasync = 2\n",
        "x = 1\nawait = 2\n",
        "x = 1\nprint(await)\n",
        "def g():\n    return [a async for a in b]\n",
    ] {
        let e = error(src);
        assert_eq!((e.kind, e.line), (ErrorKind::Syntax, 2), "{src:?}");
    }
    // Generators, `for` and `with` are unaffected.
    assert!(compiles(
        "def g(b):\n    for a in b:\n        with a:\n            yield [c for c in a]\n"
    ));
}

/// Errors from each stage (lexer, parser, target checks, messages built
/// from parts, code generator): source, kind, line.
const ERRORS: &[(&str, ErrorKind, u32)] = &[
    ("x = 1\ny = 0b12\n", ErrorKind::Syntax, 2),
    ("x = 1\n\nx +\n", ErrorKind::Syntax, 3),
    ("if x:\n    y\n  z\n", ErrorKind::Indentation, 3),
    ("x = 1\n    y = 2\n", ErrorKind::Indentation, 2),
    ("if x:\npass\n", ErrorKind::Indentation, 2),
    ("x = 1\nf() = 2\n", ErrorKind::Syntax, 2),
    ("x = 1\ndef f(a, a):\n    pass\n", ErrorKind::Syntax, 2),
    ("x = 1\nf(a=1, a=2)\n", ErrorKind::Syntax, 2),
    ("x = 1\nbreak\n", ErrorKind::Syntax, 2),
    ("def f():\n    x = 1\n    global x\n", ErrorKind::Syntax, 3),
];

#[test]
fn errors_keep_their_kind_and_line() {
    for &(src, kind, line) in ERRORS {
        let e = error(src);
        assert_eq!((e.kind, e.line), (kind, line), "{src:?}: {}", e.msg);
    }
}

#[cfg(feature = "error-messages")]
#[test]
fn errors_have_distinct_messages() {
    let mut seen: Vec<String> = Vec::new();
    for &(src, ..) in ERRORS {
        let msg = error(src).msg.into_owned();
        assert!(!seen.contains(&msg), "{src:?}: {msg}");
        seen.push(msg);
    }
}

#[cfg(not(feature = "error-messages"))]
#[test]
fn errors_have_the_terse_message() {
    for &(src, ..) in ERRORS {
        assert_eq!(error(src).msg, pyrite_compiler::TERSE_MESSAGE, "{src:?}");
    }
    // Running out of machine stack is still a recursion error with its
    // message (a limit above every address: the first check fails).
    let opts = Options {
        stack_limit: Some(usize::MAX),
        ..Options::default()
    };
    let e = compile(b"x = [[1]]\n", Mode::File, &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Recursion);
    assert_eq!(e.msg, pyrite_compiler::RECURSION_MESSAGE);
}

/// Source with imaginary literals, each with the line of its first one.
const IMAG_SOURCES: &[(&str, u32)] = &[
    ("x = 1\ny = 2j\n", 2),
    ("x = (1,\n     2.5J + 1)\n", 2),
    ("def g():\n    pass\n\nz = [1e3j]\n", 4),
];

#[cfg(feature = "complex")]
#[test]
fn imaginary_literals_compile() {
    for &(src, _) in IMAG_SOURCES {
        assert!(compiles(src), "{src:?}");
    }
}

#[cfg(not(feature = "complex"))]
#[test]
fn imaginary_literals_are_a_syntax_error_on_their_line() {
    for &(src, line) in IMAG_SOURCES {
        let e = error(src);
        assert_eq!((e.kind, e.line), (ErrorKind::Syntax, line), "{src:?}");
    }
    // A name `j` and floats are unaffected.
    assert!(compiles("j = 1.5\nprint(j, 2e3, 1 * j)\n"));
}
