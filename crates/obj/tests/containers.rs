//! Lists and dicts driven through the generic protocol, as the VM does.

use pyrite_gc::Heap;
use pyrite_obj::object::SubscrOp;
use pyrite_obj::types::dict::new_dict;
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::list::new_list;
use pyrite_obj::types::str::{STR_TYPE, new_str};
use pyrite_obj::{Args, BinaryOp, Rt, Value, q};

fn runtime() -> Rt {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 256 * 1024].into_boxed_slice());
    Rt::new(Heap::new(region))
}

fn repr(rt: &Rt, v: Value) -> String {
    let s = rt.repr(v).expect("repr");
    String::from_utf8(rt.str_bytes(s).unwrap().to_vec()).unwrap()
}

fn int(i: i64) -> Value {
    Value::small_int(i).unwrap()
}

/// `obj.name(*args)` the way the VM calls methods: no bound method made.
fn call_method(
    rt: &Rt,
    obj: Value,
    name: pyrite_obj::Qstr,
    args: &[Value],
) -> pyrite_obj::PyResult {
    let mut dest = [Value::NULL; 2];
    rt.load_method(obj, name, &mut dest)?;
    let mut all = vec![dest[1]];
    all.extend_from_slice(args);
    let pos = if dest[1].is_null() {
        &all[1..]
    } else {
        &all[..]
    };
    rt.call(dest[0], Args::positional(pos))
}

#[test]
fn list_methods_behave_like_python() {
    let rt = runtime();
    let l = new_list(&rt, &[int(3), int(1), int(2)]).unwrap();
    call_method(&rt, l, q::append, &[int(5)]).unwrap();
    call_method(&rt, l, q::insert, &[int(-1), int(4)]).unwrap();
    assert_eq!(repr(&rt, l), "[3, 1, 2, 4, 5]");
    assert_eq!(call_method(&rt, l, q::pop, &[]).unwrap(), int(5));
    assert_eq!(call_method(&rt, l, q::pop, &[int(0)]).unwrap(), int(3));
    assert_eq!(call_method(&rt, l, q::index, &[int(4)]).unwrap(), int(2));
    call_method(&rt, l, q::remove, &[int(1)]).unwrap();
    assert_eq!(repr(&rt, l), "[2, 4]");
    let err = call_method(&rt, l, q::remove, &[int(9)]).unwrap_err();
    assert!(rt.type_of(err.0).is_subtype_of(&exc::VALUE_ERROR));
    assert_eq!(rt.len(l).unwrap(), 2);
    assert_eq!(rt.subscr(l, int(-1), SubscrOp::Load).unwrap(), int(4));
    let err = rt.subscr(l, int(2), SubscrOp::Load).unwrap_err();
    assert_eq!(repr(&rt, err.0), "IndexError('list index out of range')");
    let doubled = rt.binary_op(BinaryOp::Multiply, l, int(2)).unwrap();
    assert_eq!(repr(&rt, doubled), "[2, 4, 2, 4]");
    assert_eq!(
        call_method(&rt, doubled, q::count, &[int(4)]).unwrap(),
        int(2)
    );
    assert!(rt.contains(doubled, int(2)).unwrap());
    let joined = rt.binary_op(BinaryOp::Add, l, doubled).unwrap();
    assert_eq!(rt.len(joined).unwrap(), 6);
    // A list that contains itself prints without recursing forever.
    call_method(&rt, l, q::append, &[l]).unwrap();
    assert_eq!(repr(&rt, l), "[2, 4, [...]]");
}

#[test]
fn sort_is_stable_and_honours_key_and_reverse() {
    let rt = runtime();
    let words = ["pear", "fig", "apple", "kiwi", "date"];
    let items: Vec<Value> = words
        .iter()
        .map(|w| new_str(&rt, &STR_TYPE, w.as_bytes()).unwrap())
        .collect();
    let l = new_list(&rt, &items).unwrap();
    let sort = rt.load_attr(l, q::sort).unwrap();
    rt.call(sort, Args::positional(&[])).unwrap();
    assert_eq!(repr(&rt, l), "['apple', 'date', 'fig', 'kiwi', 'pear']");
    // Sorting by length keeps equal-length words in their current order.
    fn byte_len(rt: &Rt, v: Value) -> pyrite_obj::PyResult {
        Ok(Value::small_int(rt.str_bytes(v).map_or(0, |b| b.len() as i64)).unwrap())
    }
    static BYTE_LEN: BuiltinFn = BuiltinFn::new(q::len, NativeFn::F1(byte_len));
    let len_fn = Value::from_static(&BYTE_LEN);
    let kw = [Value::qstr(q::key), len_fn];
    rt.call(sort, Args { pos: &[], kw: &kw }).unwrap();
    assert_eq!(repr(&rt, l), "['fig', 'date', 'kiwi', 'pear', 'apple']");
    let kw = [
        Value::qstr(q::key),
        len_fn,
        Value::qstr(q::reverse),
        Value::TRUE,
    ];
    rt.call(sort, Args { pos: &[], kw: &kw }).unwrap();
    assert_eq!(repr(&rt, l), "['apple', 'date', 'kiwi', 'pear', 'fig']");
    // Incomparable items raise TypeError and leave the list unchanged.
    let mixed = new_list(&rt, &[int(1), Value::NONE, int(0)]).unwrap();
    let err = call_method(&rt, mixed, q::sort, &[]).unwrap_err();
    assert!(rt.type_of(err.0).is_subtype_of(&exc::TYPE_ERROR));
    assert_eq!(repr(&rt, mixed), "[1, None, 0]");
}

#[test]
fn dicts_keep_insertion_order_and_raise_key_error() {
    let rt = runtime();
    let d = new_dict(&rt).unwrap();
    for (k, v) in [("b", 1), ("a", 2), ("c", 3)] {
        let key = new_str(&rt, &STR_TYPE, k.as_bytes()).unwrap();
        rt.subscr(d, key, SubscrOp::Store(int(v))).unwrap();
    }
    assert_eq!(repr(&rt, d), "{'b': 1, 'a': 2, 'c': 3}");
    let a = new_str(&rt, &STR_TYPE, b"a").unwrap();
    assert_eq!(call_method(&rt, d, q::pop, &[a]).unwrap(), int(2));
    rt.subscr(d, a, SubscrOp::Store(int(9))).unwrap();
    assert_eq!(repr(&rt, d), "{'b': 1, 'c': 3, 'a': 9}");
    let keys = call_method(&rt, d, q::keys, &[]).unwrap();
    assert_eq!(repr(&rt, keys), "dict_keys(['b', 'c', 'a'])");
    let items = call_method(&rt, d, q::items, &[]).unwrap();
    assert_eq!(
        repr(&rt, items),
        "dict_items([('b', 1), ('c', 3), ('a', 9)])"
    );
    assert_eq!(
        call_method(&rt, d, q::get, &[int(5), int(-1)]).unwrap(),
        int(-1)
    );
    let missing = new_str(&rt, &STR_TYPE, b"zz").unwrap();
    let err = rt.subscr(d, missing, SubscrOp::Load).unwrap_err();
    assert_eq!(repr(&rt, err.0), "KeyError('zz')");
    let last = call_method(&rt, d, q::popitem, &[]).unwrap();
    assert_eq!(repr(&rt, last), "('a', 9)");
    assert_eq!(rt.len(d).unwrap(), 2);
    // Iteration yields keys; a size change during iteration raises.
    let it = rt.get_iter(d).unwrap();
    assert_eq!(repr(&rt, rt.iter_next(it).unwrap().unwrap()), "'b'");
    rt.subscr(d, int(1), SubscrOp::Store(int(1))).unwrap();
    let err = rt.iter_next(it).unwrap_err();
    assert!(rt.type_of(err.0).is_subtype_of(&exc::RUNTIME_ERROR));
}

#[test]
fn dict_and_update_take_pairs_then_keywords() {
    use pyrite_obj::types::dict::DICT_TYPE;
    use pyrite_obj::types::tuple::new_tuple;
    let rt = runtime();
    let pair = |k, v| new_tuple(&rt, &[int(k), int(v)]).unwrap();
    let pairs = new_list(&rt, &[pair(1, 2), pair(3, 4), pair(1, 5)]).unwrap();
    let kw = [Value::qstr(q::key), int(6)];
    let dict = Value::from_static(&DICT_TYPE);
    let d = rt
        .call(
            dict,
            Args {
                pos: &[pairs],
                kw: &kw,
            },
        )
        .unwrap();
    assert_eq!(repr(&rt, d), "{1: 5, 3: 4, 'key': 6}");
    // `update`: a dict's items, then the keywords, which win.
    let other = rt.call(dict, Args { pos: &[], kw: &kw }).unwrap();
    rt.subscr(other, int(7), SubscrOp::Store(int(8))).unwrap();
    let kw = [Value::qstr(q::key), int(9)];
    let mut dest = [Value::NULL; 2];
    rt.load_method(d, q::update, &mut dest).unwrap();
    let r = rt
        .call(
            dest[0],
            Args {
                pos: &[dest[1], other],
                kw: &kw,
            },
        )
        .unwrap();
    assert_eq!(r, Value::NONE);
    assert_eq!(repr(&rt, d), "{1: 5, 3: 4, 'key': 9, 7: 8}");
    // Each element must be exactly a pair.
    for bad in [
        new_tuple(&rt, &[int(1)]).unwrap(),
        new_tuple(&rt, &[int(1), int(2), int(3)]).unwrap(),
        new_tuple(&rt, &[]).unwrap(),
    ] {
        let arg = new_list(&rt, &[pair(0, 0), bad]).unwrap();
        let err = rt.call(dict, Args::positional(&[arg])).unwrap_err();
        assert_eq!(
            repr(&rt, err.0),
            "ValueError('dictionary update sequence element has wrong length')"
        );
        let err = call_method(&rt, d, q::update, &[arg]).unwrap_err();
        assert!(rt.type_of(err.0).is_subtype_of(&exc::VALUE_ERROR));
    }
    assert_eq!(repr(&rt, d), "{1: 5, 3: 4, 'key': 9, 7: 8, 0: 0}");
}

#[test]
fn attribute_errors_name_the_type_and_the_attribute() {
    let rt = runtime();
    let l = new_list(&rt, &[]).unwrap();
    let err = rt.load_attr(l, q::keys).unwrap_err();
    assert_eq!(
        repr(&rt, err.0),
        "AttributeError(\"'list' object has no attribute 'keys'\")"
    );
    let bound = rt.load_attr(l, q::append).unwrap();
    assert!(repr(&rt, bound).starts_with("<bound_method <built-in function append> of []"));
    rt.call(bound, Args::positional(&[int(7)])).unwrap();
    assert_eq!(repr(&rt, l), "[7]");
    let err = rt.call(bound, Args::positional(&[])).unwrap_err();
    assert!(rt.type_of(err.0).is_subtype_of(&exc::TYPE_ERROR));
}

#[test]
fn mutable_containers_are_unhashable_and_bytes_compare_by_contents() {
    let rt = runtime();
    let l = new_list(&rt, &[]).unwrap();
    let err = rt.hash(l).unwrap_err();
    assert_eq!(repr(&rt, err.0), "TypeError(\"unhashable type: 'list'\")");
    let d = new_dict(&rt).unwrap();
    let err = rt.subscr(d, l, SubscrOp::Store(int(1))).unwrap_err();
    assert!(
        rt.type_of(err.0).is_subtype_of(&exc::TYPE_ERROR),
        "a list is no dict key"
    );
    let b =
        pyrite_obj::types::str::new_str(&rt, &pyrite_obj::types::str::BYTES_TYPE, b"ab").unwrap();
    let ba = pyrite_obj::types::bytearray::new_bytearray(&rt, b"ab").unwrap();
    assert!(rt.equal(b, ba).unwrap() && rt.equal(ba, b).unwrap());
    assert!(rt.hash(ba).is_err());
}

#[test]
fn method_argument_errors_do_not_count_the_receiver() {
    let rt = runtime();
    let l = new_list(&rt, &[]).unwrap();
    let err = call_method(&rt, l, q::append, &[]).unwrap_err();
    // CPython: "list.append() takes exactly one argument (0 given)"; the
    // count is what matters: one argument, zero given.
    assert_eq!(
        repr(&rt, err.0),
        "TypeError('append() takes 1 positional argument but 0 were given')"
    );
}

#[test]
fn list_slices_load_store_and_delete_like_python() {
    use pyrite_obj::types::slice::new_slice;
    let rt = runtime();
    let opt = |v: Option<i64>| v.map_or(Value::NONE, int);
    let fresh = |rt: &Rt| new_list(rt, &(0..6).map(int).collect::<Vec<_>>()).unwrap();
    // Expected results generated with python3 on list(range(6)).
    let loads = [
        ((Some(1), Some(5), None), "[1, 2, 3, 4]"),
        ((None, None, Some(-2)), "[5, 3, 1]"),
        ((Some(-3), None, None), "[3, 4, 5]"),
        ((Some(5), Some(2), None), "[]"),
    ];
    for ((a, b, c), expected) in loads {
        let s = new_slice(&rt, opt(a), opt(b), opt(c)).unwrap();
        assert_eq!(
            repr(&rt, rt.subscr(fresh(&rt), s, SubscrOp::Load).unwrap()),
            expected
        );
    }
    let deletes = [
        ((Some(1), Some(3), None), "[0, 3, 4, 5]"),
        ((None, None, Some(2)), "[1, 3, 5]"),
        ((None, None, Some(-3)), "[0, 1, 3, 4]"),
    ];
    for ((a, b, c), expected) in deletes {
        let l = fresh(&rt);
        let s = new_slice(&rt, opt(a), opt(b), opt(c)).unwrap();
        rt.subscr(l, s, SubscrOp::Delete).unwrap();
        assert_eq!(repr(&rt, l), expected);
    }
    type Bounds = (Option<i64>, Option<i64>, Option<i64>);
    let stores: [(Bounds, &[i64], &str); 5] = [
        (
            (Some(1), Some(3), None),
            &[10, 11, 12],
            "[0, 10, 11, 12, 3, 4, 5]",
        ),
        ((Some(2), Some(2), None), &[7], "[0, 1, 7, 2, 3, 4, 5]"),
        ((None, None, Some(2)), &[0, 0, 0], "[0, 1, 0, 3, 0, 5]"),
        ((Some(5), Some(2), None), &[9], "[0, 1, 2, 3, 4, 9, 5]"),
        ((None, None, None), &[], "[]"),
    ];
    for ((a, b, c), new, expected) in stores {
        let l = fresh(&rt);
        let s = new_slice(&rt, opt(a), opt(b), opt(c)).unwrap();
        let v = new_list(&rt, &new.iter().map(|&i| int(i)).collect::<Vec<_>>()).unwrap();
        rt.subscr(l, s, SubscrOp::Store(v)).unwrap();
        assert_eq!(repr(&rt, l), expected);
    }
    // l[:] = l copies before replacing.
    let l = fresh(&rt);
    let all = new_slice(&rt, Value::NONE, Value::NONE, Value::NONE).unwrap();
    rt.subscr(l, all, SubscrOp::Store(l)).unwrap();
    assert_eq!(repr(&rt, l), "[0, 1, 2, 3, 4, 5]");
    let every_other = new_slice(&rt, Value::NONE, Value::NONE, int(2)).unwrap();
    let one = new_list(&rt, &[int(1)]).unwrap();
    let err = rt.subscr(l, every_other, SubscrOp::Store(one)).unwrap_err();
    assert_eq!(
        repr(&rt, err.0),
        "ValueError('attempt to assign sequence of size 1 to extended slice of size 3')"
    );
}
