//! The parts of the built-in types a build may leave out (`pyrite-vm`'s
//! `memoryview`, `str-extras`, `num-extras`, `cpython-compat`, `bigint`
//! and `complex` features, in `lang-full`): with a feature they work; without it the
//! name or method is absent, with the exception MicroPython raises when it
//! lacks them (without `bigint`, an int beyond the small ints is an
//! `OverflowError`).

mod common;

use common::{compile, exc_line, have_mpy_cross, temp_dir, with_vm};
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

/// Each line's result is beyond the small ints (51 bits on hosts).
const BIG_RESULTS: &[&str] = &[
    "x = 2 ** 60\n",
    "x = 3 ** 40\n",
    "x = (1 << 49) * 64\n",
    "x = 1 << 60\n",
    "x = 1 << 100\n",
    "x = (2 ** 49) + (2 ** 49) + (2 ** 49)\n",
    "x = -(-(2 ** 49) - 2 ** 49)\n",
    "x = int('9' * 30)\n",
    "x = int('1' + '0' * 18, 16)\n",
    "x = int(1e20)\n",
    "x = int(-3.5e18)\n",
    "x = int.from_bytes(b'\\x01' + bytes(10), 'big')\n",
    "x = int.from_bytes(b'\\xff' * 8, 'little')\n",
    "x = divmod(-(2 ** 50), -1)\n",
    "x = abs(-(2 ** 50))\n",
    "x = round(1e17)\n",
];

#[test]
fn big_ints_need_their_feature() {
    for src in BIG_RESULTS {
        let got = run(src);
        if cfg!(feature = "bigint") {
            assert_eq!(got, "", "{src}");
        } else {
            assert_eq!(got, "OverflowError: small int overflow", "{src}");
        }
    }
    let got =
        run("print(2 ** 100, hash(2 ** 80) == hash(2.0 ** 80), (2 ** 64).to_bytes(9, 'big'))\n");
    if cfg!(feature = "bigint") {
        assert_eq!(
            got,
            "1267650600228229401496703205376 True b'\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'\n"
        );
    } else {
        assert!(got.starts_with("OverflowError"), "{got}");
    }
}

#[test]
fn a_big_literal_needs_the_bigint_feature() {
    let got = run("print(1)\nx = 123456789012345678901234567890\nprint(x)\n");
    if cfg!(feature = "bigint") {
        assert_eq!(got, "1\n123456789012345678901234567890\n");
    } else {
        // An error when the code is made, before it runs.
        assert!(got.starts_with("OverflowError"), "{got}");
    }
}

#[test]
fn small_ints_are_the_same_either_way() {
    // Results at the edge of the 51-bit small ints, and text, bytes and
    // floats with large spellings of small values.
    assert_eq!(
        run(concat!(
            "m = 2 ** 49 - 1 + 2 ** 49\n",
            "print(m, -m - 1, m // 3, -m - 1 + m, (m - 1) // 2, 1 << 49)\n",
            "print(int('0' * 40 + '7'), int('  -0x' + '0' * 30 + 'ff ', 16), int('1_000'))\n",
            "print(int.from_bytes(bytes(12) + b'\\x05', 'big'), (5).to_bytes(12, 'little')[:2])\n",
            "print(int(1e15), int(-2.5), round(1e14), hex(m), bin(-5), -7 >> 100)\n",
            "print(pow(2, 49) - 1 + pow(2, 49) == m, hash(m) == hash(float(m)), str(-m))\n",
        )),
        concat!(
            "1125899906842623 -1125899906842624 375299968947541 -1 562949953421311 562949953421312\n",
            "7 -255 1000\n",
            "5 b'\\x05\\x00'\n",
            "1000000000000000 -2 100000000000000 0x3ffffffffffff -0b101 -1\n",
            "True True -1125899906842623\n",
        )
    );
}

#[test]
fn sys_maxsize_is_the_largest_int_that_is_cheap() {
    let want = if cfg!(feature = "bigint") {
        "9223372036854775807\n"
    } else {
        "1125899906842623\n"
    };
    assert_eq!(run("import sys\nprint(sys.maxsize)\n"), want);
}

#[test]
fn a_big_constant_expression_without_big_ints() {
    // With `const-fold` the compiler folds `2 ** 60 + 1` into one constant
    // (as `mpy-cross` does): without big ints the module then fails to
    // load, before any of it runs. Without folding (the micro:bit) the
    // expression is an `OverflowError` when it runs.
    let got = run("def f():\n    return 2 ** 60 + 1\nprint(1)\nprint(f())\n");
    let want = match (cfg!(feature = "bigint"), cfg!(feature = "const-fold")) {
        (true, _) => "1\n1152921504606846977\n",
        (false, true) => "OverflowError: small int overflow",
        (false, false) => "1\nOverflowError: small int overflow",
    };
    assert_eq!(got, want);
}

#[test]
fn complex_numbers_need_their_feature() {
    for (src, with, without) in [
        // An imaginary literal is refused when the source compiles.
        (
            "print('compiled')\nprint(1j * 1j, (1+2j).real)\n",
            "compiled\n(-1+0j) 1.0\n",
            "SyntaxError",
        ),
        ("print(complex('1+2j') + 1)\n", "(2+2j)\n", "NameError"),
        (
            "import cmath\nprint(cmath.sqrt(-4))\n",
            "2j\n",
            "ImportError",
        ),
        ("print(((-4.0) ** 0.5).imag)\n", "2.0\n", "ValueError"),
    ] {
        let got = run(src);
        if cfg!(feature = "complex") {
            assert_eq!(got, with, "{src}");
        } else {
            assert!(got.starts_with(without), "{src}: {got}");
        }
    }
}

/// A .mpy file from `mpy-cross` with complex constants (in its repr text)
/// runs with the feature and raises MicroPython's `ValueError` when loaded
/// without it.
#[test]
fn complex_constants_of_mpy_cross_load() {
    if !have_mpy_cross() {
        println!("note: mpy-cross not found; test skipped");
        return;
    }
    let src = "x = (2.5j, -1e3j, 1e-7J)\nprint(x, x[0] * x[1], 1_0j)\n";
    let mpy = compile(&temp_dir("complex"), "complex_consts.py", src).expect("mpy-cross");
    let got = with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        match vm.exec_mpy(&mpy) {
            Ok(_) => cap.text(),
            Err(e) => cap.text() + &exc_line(vm, e.0),
        }
    });
    if cfg!(feature = "complex") {
        assert_eq!(got, "(2.5j, -1000j, 1e-07j) (2500-0j) 10j\n");
    } else {
        assert_eq!(got, "ValueError: complex values not supported");
    }
}
