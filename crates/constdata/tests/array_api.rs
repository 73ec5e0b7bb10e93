//! `array` methods, construction and errors, with CPython's results.

mod common;

use common::*;
use pyrite_constdata::init_array;
use pyrite_obj::types::list::new_list;
use pyrite_obj::{BinaryOp, Rt, Value};

struct A<'rt> {
    rt: &'rt Rt,
    array: Value,
}

impl A<'_> {
    fn of(&self, tc: &str, items: &[i128]) -> Value {
        let vals: Vec<_> = items.iter().map(|&i| int(self.rt, i)).collect();
        let l = new_list(self.rt, &vals).unwrap();
        call(self.rt, self.array, &[text(self.rt, tc), l]).unwrap()
    }

    fn make(&self, args: &[Value]) -> String {
        exc_text(self.rt, call(self.rt, self.array, args))
    }

    fn m(&self, a: Value, name: &str, args: &[Value]) -> String {
        exc_text(self.rt, call_method(self.rt, a, name, args))
    }
}

#[test]
fn construction() {
    let rt = runtime();
    let m = module(&rt, init_array);
    let a = A {
        rt: &rt,
        array: get(&rt, m, "array"),
    };
    assert_eq!(a.make(&[text(&rt, "h")]), "ok array('h')");
    assert_eq!(
        a.make(&[text(&rt, "h"), bytes(&rt, b"\x01\x00\xff\xff")]),
        "ok array('h', [1, -1])"
    );
    assert_eq!(
        a.make(&[text(&rt, "h"), bytes(&rt, b"abc")]),
        "ValueError: bytes length not a multiple of item size"
    );
    assert_eq!(
        a.make(&[text(&rt, "x")]),
        "ValueError: bad typecode (must be b, B, h, H, i, I, l, L, q, Q, f or d)"
    );
    assert_eq!(
        a.make(&[int(&rt, 1)]),
        "TypeError: array() argument 1 must be a unicode character, not int"
    );
    assert_eq!(
        a.make(&[text(&rt, "hh")]),
        "TypeError: array() argument 1 must be a unicode character, not str"
    );
    assert_eq!(
        a.make(&[text(&rt, "h"), text(&rt, "ab")]),
        "TypeError: cannot use a str to initialize an array with typecode 'h'"
    );
    assert_eq!(
        a.make(&[text(&rt, "b"), new_list(&rt, &[int(&rt, 128)]).unwrap()]),
        "OverflowError: signed char is greater than maximum"
    );
    assert_eq!(
        a.make(&[text(&rt, "I"), new_list(&rt, &[int(&rt, -1)]).unwrap()]),
        "OverflowError: can't convert negative value to unsigned int"
    );
    assert_eq!(
        a.make(&[text(&rt, "f"), new_list(&rt, &[text(&rt, "x")]).unwrap()]),
        "TypeError: must be real number, not str"
    );
    let src = a.of("i", &[1, 2]);
    assert_eq!(a.make(&[text(&rt, "d"), src]), "ok array('d', [1.0, 2.0])");
    let r = call_kw(&rt, a.array, &[text(&rt, "h")], &[("x", int(&rt, 1))]);
    assert_eq!(
        exc_text(&rt, r),
        "TypeError: array.array() takes no keyword arguments"
    );
}

#[test]
fn methods() {
    let rt = runtime();
    let m = module(&rt, init_array);
    let a = A {
        rt: &rt,
        array: get(&rt, m, "array"),
    };
    let x = a.of("h", &[1, 2, 3]);
    assert_eq!(a.m(x, "append", &[int(&rt, 4)]), "ok None");
    assert_eq!(
        a.m(x, "extend", &[new_list(&rt, &[int(&rt, 5)]).unwrap()]),
        "ok None"
    );
    assert_eq!(a.m(x, "extend", &[x]), "ok None");
    assert_eq!(repr(&rt, x), "array('h', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5])");
    assert_eq!(a.m(x, "pop", &[]), "ok 5");
    assert_eq!(a.m(x, "pop", &[int(&rt, 0)]), "ok 1");
    assert_eq!(
        a.m(x, "pop", &[int(&rt, 10)]),
        "IndexError: pop index out of range"
    );
    assert_eq!(a.m(x, "insert", &[int(&rt, -100), int(&rt, 9)]), "ok None");
    assert_eq!(a.m(x, "remove", &[int(&rt, 4)]), "ok None");
    assert_eq!(
        a.m(x, "remove", &[int(&rt, 42)]),
        "ValueError: array.remove(x): x not in array"
    );
    assert_eq!(repr(&rt, x), "array('h', [9, 2, 3, 5, 1, 2, 3, 4])");
    assert_eq!(a.m(x, "index", &[int(&rt, 3)]), "ok 2");
    assert_eq!(a.m(x, "index", &[int(&rt, 3), int(&rt, 3)]), "ok 6");
    assert_eq!(
        a.m(x, "index", &[int(&rt, 42)]),
        "ValueError: array.index(x): x not in array"
    );
    assert_eq!(a.m(x, "count", &[int(&rt, 2)]), "ok 2");
    assert_eq!(a.m(x, "reverse", &[]), "ok None");
    assert_eq!(a.m(x, "tolist", &[]), "ok [4, 3, 2, 1, 5, 3, 2, 9]");
    assert_eq!(a.m(x, "byteswap", &[]), "ok None");
    assert_eq!(
        a.m(x, "tolist", &[]),
        "ok [1024, 768, 512, 256, 1280, 768, 512, 2304]"
    );
    let y = a.of("B", &[]);
    assert_eq!(a.m(y, "frombytes", &[bytes(&rt, b"hi")]), "ok None");
    let view = pyrite_obj::types::memoryview::new_memoryview(&rt, bytes(&rt, b"hi")).unwrap();
    assert_eq!(a.m(y, "frombytes", &[view]), "ok None");
    assert_eq!(
        a.m(
            y,
            "fromlist",
            &[new_list(&rt, &[int(&rt, 1), int(&rt, 300)]).unwrap()]
        ),
        "OverflowError: unsigned byte integer is greater than maximum"
    );
    assert_eq!(
        a.m(y, "fromlist", &[new_list(&rt, &[int(&rt, 33)]).unwrap()]),
        "ok None"
    );
    assert_eq!(a.m(y, "tobytes", &[]), "ok b'hihi!'");
    assert_eq!(
        a.m(y, "frombytes", &[text(&rt, "ab")]),
        "TypeError: a bytes-like object is required, not 'str'"
    );
    assert_eq!(a.m(y, "fromlist", &[y]), "TypeError: arg must be list");
    assert_eq!(
        a.m(a.of("h", &[]), "pop", &[]),
        "IndexError: pop from empty array"
    );
    assert_eq!(
        a.m(x, "extend", &[a.of("i", &[])]),
        "TypeError: can only extend with array of same kind"
    );
    let q = rt.intern(b"typecode").unwrap();
    assert_eq!(repr(&rt, rt.load_attr(x, q).unwrap()), "'h'");
    let q = rt.intern(b"itemsize").unwrap();
    assert_eq!(repr(&rt, rt.load_attr(a.of("q", &[]), q).unwrap()), "8");
}

#[test]
fn operators() {
    let rt = runtime();
    let m = module(&rt, init_array);
    let a = A {
        rt: &rt,
        array: get(&rt, m, "array"),
    };
    let x = a.of("h", &[1, 2, 3]);
    let show = |r| exc_text(&rt, r);
    assert_eq!(
        show(rt.binary_op(BinaryOp::Add, x, new_list(&rt, &[]).unwrap())),
        "TypeError: can only append array (not \"list\") to array"
    );
    assert_eq!(
        show(rt.binary_op(BinaryOp::Add, x, a.of("i", &[]))),
        "TypeError: bad argument type for built-in operation"
    );
    assert_eq!(
        show(rt.binary_op(BinaryOp::InplaceAdd, x, new_list(&rt, &[]).unwrap())),
        "TypeError: can only extend array with array (not \"list\")"
    );
    assert_eq!(
        show(rt.binary_op(BinaryOp::InplaceAdd, x, x)),
        "ok array('h', [1, 2, 3, 1, 2, 3])"
    );
    assert_eq!(
        show(rt.binary_op(BinaryOp::Multiply, a.of("b", &[7]), int(&rt, 3))),
        "ok array('b', [7, 7, 7])"
    );
    assert_eq!(show(rt.binary_op(BinaryOp::In, int(&rt, 3), x)), "ok True");
    assert_eq!(
        show(rt.binary_op(BinaryOp::In, text(&rt, "a"), x)),
        "ok False"
    );
    assert_eq!(
        show(rt.binary_op(BinaryOp::Equal, x, new_list(&rt, &[]).unwrap())),
        "ok False"
    );
    assert_eq!(
        show(rt.binary_op(BinaryOp::Less, a.of("h", &[1, 2]), a.of("i", &[1, 3]))),
        "ok True"
    );
    assert_eq!(
        show(rt.unary_op(pyrite_obj::UnaryOp::Hash, x)),
        "TypeError: unhashable type: 'array'"
    );
    let it = rt.get_iter(x).unwrap();
    let mut n = 0;
    while rt.iter_next(it).unwrap().is_some() {
        n += 1;
    }
    assert_eq!(n, 6);
}
