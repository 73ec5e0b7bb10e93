//! The core built-in types through the runtime's generic operations.

use pyrite_gc::Heap;
use pyrite_obj::object::PrintKind;
use pyrite_obj::types::exc::{self, ExcObj};
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE, new_str};
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{Rt, Value, q};

fn runtime(bytes: usize) -> Rt {
    let region: &'static mut [u8] = Box::leak(vec![0u8; bytes].into_boxed_slice());
    Rt::new(Heap::new(region))
}

fn repr(rt: &Rt, v: Value) -> String {
    let s = rt.repr(v).expect("repr");
    String::from_utf8(rt.str_bytes(s).expect("a str").to_vec()).unwrap()
}

fn str_of(rt: &Rt, v: Value) -> String {
    let s = rt.str(v).expect("str");
    String::from_utf8(rt.str_bytes(s).expect("a str").to_vec()).unwrap()
}

fn int(i: i64) -> Value {
    Value::small_int(i).unwrap()
}

#[test]
fn immediates_numbers_and_strings_print_like_python() {
    let rt = runtime(64 * 1024);
    assert_eq!(repr(&rt, Value::NONE), "None");
    assert_eq!(repr(&rt, Value::TRUE), "True");
    assert_eq!(repr(&rt, Value::ELLIPSIS), "Ellipsis");
    assert_eq!(repr(&rt, int(-42)), "-42");
    assert_eq!(repr(&rt, Value::float(0.1)), "0.1");
    assert_eq!(repr(&rt, Value::float(1e16)), "1e+16");
    assert_eq!(repr(&rt, Value::float(2.0)), "2.0");
    assert_eq!(repr(&rt, Value::qstr(q::append)), "'append'");
    assert_eq!(str_of(&rt, Value::qstr(q::append)), "append");
    let s = new_str(&rt, &STR_TYPE, b"it's \"here\"\n").unwrap();
    assert_eq!(repr(&rt, s), r#"'it\'s "here"\n'"#);
    let s = new_str(&rt, &STR_TYPE, b"it's").unwrap();
    assert_eq!(repr(&rt, s), r#""it's""#);
    let b = new_str(&rt, &BYTES_TYPE, b"a\x00\xff'").unwrap();
    assert_eq!(repr(&rt, b), r#"b"a\x00\xff'""#);
    assert_eq!(str_of(&rt, b), r#"b"a\x00\xff'""#, "str(bytes) is its repr");
    assert!(std::ptr::eq(rt.type_of(s), &STR_TYPE));
    assert_eq!(repr(&rt, Value::from_static(&STR_TYPE)), "<class 'str'>");
}

#[test]
fn tuples_print_with_the_one_element_comma() {
    let rt = runtime(64 * 1024);
    let one = new_tuple(&rt, &[int(1)]).unwrap();
    assert_eq!(repr(&rt, one), "(1,)");
    let s = new_str(&rt, &STR_TYPE, b"x").unwrap();
    let three = new_tuple(&rt, &[int(1), s, one]).unwrap();
    assert_eq!(repr(&rt, three), "(1, 'x', (1,))");
    assert_eq!(repr(&rt, new_tuple(&rt, &[]).unwrap()), "()");
}

#[test]
fn exceptions_print_their_args_as_cpython_does() {
    let rt = runtime(64 * 1024);
    let e = rt.value_error(format_args!("bad value {}", 3)).0;
    assert_eq!(str_of(&rt, e), "bad value 3");
    assert_eq!(repr(&rt, e), "ValueError('bad value 3')");
    let key = new_str(&rt, &STR_TYPE, b"k").unwrap();
    let ke = exc::new_exception(&rt, &exc::KEY_ERROR, &[key]).unwrap();
    assert_eq!(str_of(&rt, ke), "'k'", "str(KeyError) is the key's repr");
    let two = exc::new_exception(&rt, &exc::OS_ERROR, &[int(2), key]).unwrap();
    assert_eq!(str_of(&rt, two), "[Errno 2] k", "OSError(errno, strerror)");
    assert_eq!(repr(&rt, two), "OSError(2, 'k')");
    let pair = exc::new_exception(&rt, &exc::VALUE_ERROR, &[int(2), key]).unwrap();
    assert_eq!(str_of(&rt, pair), "(2, 'k')");
    let none = exc::new_exception(&rt, &exc::RUNTIME_ERROR, &[]).unwrap();
    assert_eq!(str_of(&rt, none), "");
    assert_eq!(repr(&rt, none), "RuntimeError()");
    assert!(rt.type_of(none).is_subtype_of(&exc::EXCEPTION));
    assert!(exc::RECURSION_ERROR.is_subtype_of(&exc::RUNTIME_ERROR));
    assert!(!exc::KEYBOARD_INTERRUPT.is_subtype_of(&exc::EXCEPTION));
}

#[test]
fn equal_values_hash_equally_across_types() {
    let rt = runtime(64 * 1024);
    let one = [int(1), Value::float(1.0), Value::TRUE];
    for &a in &one {
        for &b in &one {
            assert!(rt.equal(a, b).unwrap());
            assert_eq!(rt.hash(a).unwrap(), rt.hash(b).unwrap());
        }
    }
    let heap_str = new_str(&rt, &STR_TYPE, b"append").unwrap();
    let qstr = Value::qstr(q::append);
    assert!(rt.equal(heap_str, qstr).unwrap());
    assert_eq!(rt.hash(heap_str).unwrap(), rt.hash(qstr).unwrap());
    let bytes = new_str(&rt, &BYTES_TYPE, b"append").unwrap();
    assert!(!rt.equal(bytes, qstr).unwrap(), "b'append' != 'append'");
    let nan = Value::float(f64::NAN);
    assert!(!rt.equal(nan, nan).unwrap());
    let t1 = new_tuple(&rt, &[int(1), heap_str]).unwrap();
    let t2 = new_tuple(&rt, &[Value::float(1.0), qstr]).unwrap();
    assert!(rt.equal(t1, t2).unwrap());
    assert_eq!(rt.hash(t1).unwrap(), rt.hash(t2).unwrap());
}

#[test]
fn an_exhausted_heap_raises_memory_error_not_a_panic() {
    let rt = runtime(4 * 1024);
    let mut kept = Vec::new();
    let err = loop {
        match new_str(&rt, &STR_TYPE, &[b'x'; 100]) {
            Ok(v) => kept.push(v),
            Err(e) => break e,
        }
        assert!(kept.len() < 1000, "a 4 KiB heap must fill");
    };
    assert!(rt.type_of(err.0).is_subtype_of(&exc::MEMORY_ERROR));
    // Even formatting a message fails cleanly on a full heap.
    let e = rt.type_error(format_args!("no room for {}", "this"));
    assert!(rt.type_of(e.0).is_subtype_of(&exc::MEMORY_ERROR));
    assert!(rt.downcast::<ExcObj>(err.0).is_some());
    let _ = PrintKind::Str;
}
