//! `unpack_from`, `pack_into`, `iter_unpack` and the argument errors, with
//! CPython 3.11's results and messages.

mod common;

use common::*;
use pyrite_constdata::{STRUCT_ERROR, init_struct};
use pyrite_obj::Value;
use pyrite_obj::types::bytearray::new_bytearray;
use pyrite_obj::types::exc;

#[test]
fn unpack_from_offsets_as_cpython() {
    let rt = runtime();
    let m = module(&rt, init_struct);
    let f = get(&rt, m, "unpack_from");
    let fmt = text(&rt, "<i");
    let data = bytes(&rt, b"abcde");
    let at = |off: i64| exc_text(&rt, call(&rt, f, &[fmt, data, int(&rt, off as i128)]));
    assert_eq!(at(0), "ok (1684234849,)");
    assert_eq!(at(1), "ok (1701077858,)");
    assert_eq!(at(-4), "ok (1701077858,)");
    assert_eq!(
        at(2),
        "error: unpack_from requires a buffer of at least 6 bytes for unpacking 4 bytes at offset 2 (actual buffer size is 5)"
    );
    assert_eq!(at(-10), "error: offset -10 out of range for 5-byte buffer");
    assert_eq!(
        at(-3),
        "error: not enough data to unpack 4 bytes at offset -3"
    );
    // Keywords, and the default offset.
    let r = call_kw(&rt, f, &[fmt], &[("buffer", data), ("offset", int(&rt, 1))]);
    assert_eq!(exc_text(&rt, r), "ok (1701077858,)");
    assert_eq!(
        exc_text(&rt, call(&rt, f, &[fmt, data])),
        "ok (1684234849,)"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, f, &[fmt])),
        "TypeError: unpack_from() missing required argument 'buffer' (pos 2)"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, f, &[fmt, data, int(&rt, 0), int(&rt, 0)])),
        "TypeError: unpack_from() takes at most 3 arguments (4 given)"
    );
}

#[test]
fn pack_into_writes_in_place() {
    let rt = runtime();
    let m = module(&rt, init_struct);
    let f = get(&rt, m, "pack_into");
    let fmt = text(&rt, "<hb");
    let ba = new_bytearray(&rt, &[0; 6]).unwrap();
    let into = |off: i64| {
        exc_text(
            &rt,
            call(
                &rt,
                f,
                &[
                    fmt,
                    ba,
                    int(&rt, off as i128),
                    int(&rt, 0x1234),
                    int(&rt, -1),
                ],
            ),
        )
    };
    assert_eq!(into(1), "ok None");
    assert_eq!(repr(&rt, ba), r"bytearray(b'\x004\x12\xff\x00\x00')");
    assert_eq!(into(-3), "ok None");
    assert_eq!(repr(&rt, ba), r"bytearray(b'\x004\x124\x12\xff')");
    assert_eq!(into(-2), "error: no space to pack 3 bytes at offset -2");
    assert_eq!(into(-7), "error: offset -7 out of range for 6-byte buffer");
    assert_eq!(
        into(4),
        "error: pack_into requires a buffer of at least 7 bytes for packing 3 bytes at offset 4 (actual buffer size is 6)"
    );
    let ro = bytes(&rt, b"123456");
    assert_eq!(
        exc_text(
            &rt,
            call(&rt, f, &[fmt, ro, int(&rt, 0), int(&rt, 1), int(&rt, 1)])
        ),
        "TypeError: argument must be read-write bytes-like object, not bytes"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, f, &[fmt, ba])),
        "error: pack_into expected offset argument"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, f, &[fmt, ba, int(&rt, 0), int(&rt, 1)])),
        "error: pack_into expected 2 items for packing (got 1)"
    );
    // A value that is the target itself is read before the target is written.
    let fmt = text(&rt, "3s");
    let ba = new_bytearray(&rt, b"abcdef").unwrap();
    call(&rt, f, &[fmt, ba, int(&rt, 3), ba]).unwrap();
    assert_eq!(repr(&rt, ba), "bytearray(b'abcabc')");
}

#[test]
fn iter_unpack_walks_the_buffer() {
    let rt = runtime();
    let m = module(&rt, init_struct);
    let f = get(&rt, m, "iter_unpack");
    let it = call(&rt, f, &[text(&rt, "<h"), bytes(&rt, b"abcd")]).unwrap();
    let mut got = Vec::new();
    while let Some(x) = rt.iter_next(it).unwrap() {
        got.push(repr(&rt, x));
    }
    assert_eq!(got, ["(25185,)", "(25699,)"]);
    assert_eq!(
        exc_text(&rt, call(&rt, f, &[text(&rt, "i"), bytes(&rt, b"abcde")])),
        "error: iterative unpacking requires a buffer of a multiple of 4 bytes"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, f, &[text(&rt, ""), bytes(&rt, b"abcde")])),
        "error: cannot iteratively unpack with a struct of length 0"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, f, &[text(&rt, "i")])),
        "TypeError: iter_unpack expected 2 arguments, got 1"
    );
}

#[test]
fn argument_errors_as_cpython() {
    let rt = runtime();
    let m = module(&rt, init_struct);
    let pack = get(&rt, m, "pack");
    let unpack = get(&rt, m, "unpack");
    assert_eq!(
        exc_text(&rt, call(&rt, pack, &[])),
        "TypeError: missing format argument"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, pack, &[text(&rt, "hh"), int(&rt, 1)])),
        "error: pack expected 2 items for packing (got 1)"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, pack, &[text(&rt, "h"), int(&rt, 40000)])),
        "error: short format requires -32768 <= number <= 32767"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, pack, &[text(&rt, ">h"), int(&rt, 40000)])),
        "error: 'h' format requires -32768 <= number <= 32767"
    );
    assert_eq!(
        exc_text(
            &rt,
            call(&rt, unpack, &[text(&rt, "i"), bytes(&rt, b"abc")])
        ),
        "error: unpack requires a buffer of 4 bytes"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, unpack, &[text(&rt, "i"), text(&rt, "abcd")])),
        "TypeError: a bytes-like object is required, not 'str'"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, unpack, &[text(&rt, "i")])),
        "TypeError: unpack expected 2 arguments, got 1"
    );
    assert_eq!(
        exc_text(&rt, call(&rt, get(&rt, m, "calcsize"), &[int(&rt, 1)])),
        "TypeError: Struct() argument 1 must be a str or bytes object, not int"
    );
    // Bytes formats work too.
    assert_eq!(
        exc_text(&rt, call(&rt, pack, &[bytes(&rt, b"<h"), int(&rt, 1)])),
        r"ok b'\x01\x00'"
    );
    // Big ints fill q and Q.
    assert_eq!(
        exc_text(
            &rt,
            call(&rt, pack, &[text(&rt, "<Q"), int(&rt, u64::MAX as i128)])
        ),
        r"ok b'\xff\xff\xff\xff\xff\xff\xff\xff'"
    );
    assert_eq!(
        exc_text(
            &rt,
            call(
                &rt,
                unpack,
                &[text(&rt, ">q"), bytes(&rt, &[0x80, 0, 0, 0, 0, 0, 0, 0])]
            )
        ),
        "ok (-9223372036854775808,)"
    );
}

#[test]
fn struct_error_is_an_exception_not_a_value_error() {
    let rt = runtime();
    let m = module(&rt, init_struct);
    let e = get(&rt, m, "error");
    assert_eq!(e, Value::from_static(&STRUCT_ERROR));
    assert!(STRUCT_ERROR.is_subtype_of(&exc::EXCEPTION));
    assert!(!STRUCT_ERROR.is_subtype_of(&exc::VALUE_ERROR));
    let err = call(&rt, get(&rt, m, "calcsize"), &[text(&rt, "z")]).unwrap_err();
    assert!(rt.exception_match(err.0, e).unwrap());
}

#[test]
fn native_sizes_and_alignment() {
    let rt = runtime();
    let m = module(&rt, init_struct);
    let size = |f: &str| {
        call(&rt, get(&rt, m, "calcsize"), &[text(&rt, f)])
            .unwrap()
            .as_small_int()
            .unwrap()
    };
    let w = size_of::<usize>() as i64;
    assert_eq!(size("l"), w);
    assert_eq!(size("P"), w);
    assert_eq!(size("<l"), 4);
    assert_eq!(size("bi"), 8);
    assert_eq!(size("b0i"), 4);
    assert_eq!(size("bq"), 16);
    assert_eq!(size("bd"), 16);
    assert_eq!(size("?e"), 4);
    assert_eq!(size("<bq"), 9);
    assert_eq!(size("3sd"), 16);
    assert_eq!(size(" 2h  b "), 5);
}
