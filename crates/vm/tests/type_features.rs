//! The parts of the built-in types a build may leave out (`pyrite-vm`'s
//! `memoryview`, `str-extras`, `num-extras` and `cpython-compat` features,
//! in `lang-full`):
//! with a feature they work; without it the name or method is absent, with
//! the exception MicroPython raises when it lacks them.

mod common;

use common::{exc_line, with_vm};
use pyrite_vm::{Mode, VmConfig};

/// Runs `src`: its output, then the uncaught exception's line if any.
fn run(src: &'static str) -> String {
    with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        match vm.exec_source(src.as_bytes(), "<test>", Mode::File) {
            Ok(_) => cap.text(),
            Err(e) => cap.text() + &exc_line(vm, e.0),
        }
    })
}

#[test]
fn memoryview_is_a_builtin_name_only_with_its_feature() {
    let got = run("print(len(memoryview(b'abc')))\n");
    if cfg!(feature = "memoryview") {
        assert_eq!(got, "3\n");
    } else {
        assert!(got.starts_with("NameError"), "{got}");
    }
    // `bytes` and `bytearray` still take buffers either way.
    assert_eq!(
        run("print(bytes(bytearray(b'hi')), b'a' + bytearray(b'b'))\n"),
        "b'hi' b'ab'\n"
    );
}

#[test]
fn text_extras_need_their_feature() {
    let got = run("print('7'.zfill(3), 'a,b'.partition(','), bytearray(b'xy').pop())\n");
    if cfg!(feature = "str-extras") {
        assert_eq!(got, "007 ('a', ',', 'b') 121\n");
    } else {
        assert!(got.starts_with("AttributeError"), "{got}");
    }
    assert_eq!(
        run("print('ab'.upper(), b'a b'.split())\n"),
        "AB [b'a', b'b']\n"
    );
}

#[test]
fn number_extras_need_their_feature() {
    for (src, with, without) in [
        ("print((255).bit_length())\n", "8\n", "AttributeError"),
        (
            "print((0.5).as_integer_ratio())\n",
            "(1, 2)\n",
            "AttributeError",
        ),
        ("print(pow(3, 4, 5))\n", "1\n", "TypeError"),
    ] {
        let got = run(src);
        if cfg!(feature = "num-extras") {
            assert_eq!(got, with);
        } else {
            assert!(got.starts_with(without), "{src}: {got}");
        }
    }
    assert_eq!(run("print(pow(3, 4), 2 ** 10)\n"), "81 1024\n");
}

#[test]
fn cpython_compat_methods_need_their_feature() {
    for src in [
        "print('h\\u00e9'.encode())\n",
        "print(b'h\\xc3\\xa9'.decode())\n",
        "print(bytearray(b'ok').decode('utf-8'))\n",
        "e = ValueError(1)\nprint(e.with_traceback(None) is e)\n",
    ] {
        let got = run(src);
        if cfg!(feature = "cpython-compat") {
            assert!(!got.contains("Error"), "{src}: {got}");
        } else {
            assert!(got.starts_with("AttributeError"), "{src}: {got}");
        }
    }
    if cfg!(feature = "cpython-compat") {
        assert_eq!(
            run("print('h\\u00e9'.encode(), b'h\\xc3\\xa9'.decode())\n"),
            "b'h\\xc3\\xa9' h\u{e9}\n"
        );
    }
    // The constructors still convert either way.
    assert_eq!(
        run("print(bytes('h\\u00e9', 'utf-8'), str(b'h\\xc3\\xa9', 'utf-8'))\n"),
        "b'h\\xc3\\xa9' h\u{e9}\n"
    );
}
