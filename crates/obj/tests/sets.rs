//! `set`/`frozenset` against a `BTreeSet<i64>` model, and the `tuple` slots,
//! all driven through the generic protocol as the VM drives them.

// Casts widen the 32-bit `SmallInt` and are identities on hosts.
#![allow(clippy::unnecessary_cast)]

use std::collections::BTreeSet;

use proptest::prelude::*;
use pyrite_gc::Heap;
use pyrite_obj::object::SubscrOp;
use pyrite_obj::types::exc;
use pyrite_obj::types::list::new_list;
use pyrite_obj::types::set::{FROZENSET_TYPE, SET_TYPE, new_frozenset, new_set, set_add};
use pyrite_obj::types::slice::new_slice;
use pyrite_obj::types::str::{STR_TYPE, new_str};
use pyrite_obj::types::tuple::{TUPLE_TYPE, new_tuple};
use pyrite_obj::{Args, BinaryOp, PyResult, Qstr, Rt, Value, q};

fn runtime() -> Rt {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 1 << 20].into_boxed_slice());
    Rt::new(Heap::new(region))
}

fn repr(rt: &Rt, v: Value) -> String {
    let s = rt.repr(v).expect("repr");
    String::from_utf8(rt.str_bytes(s).unwrap().to_vec()).unwrap()
}

fn int(i: i64) -> Value {
    Value::small_int(i).unwrap()
}

fn ints(v: &[i64]) -> Vec<Value> {
    v.iter().map(|&i| int(i)).collect()
}

/// `obj.name(*args)` the way the VM calls methods.
fn call_method(rt: &Rt, obj: Value, name: Qstr, args: &[Value]) -> PyResult {
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

fn call_type(rt: &Rt, ty: &'static pyrite_obj::Type, args: &[Value]) -> PyResult {
    rt.call(Value::from_static(ty), Args::positional(args))
}

/// The elements of a set, by iterating it; checks `len` and that no
/// element comes twice.
fn contents(rt: &Rt, s: Value) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    let it = rt.get_iter(s).unwrap();
    let mut n = 0;
    while let Some(x) = rt.iter_next(it).unwrap() {
        assert!(
            out.insert(x.as_small_int().unwrap() as i64),
            "duplicate element"
        );
        n += 1;
    }
    assert_eq!(rt.len(s).unwrap(), n);
    out
}

fn is_exc(rt: &Rt, e: pyrite_obj::Exc, ty: &pyrite_obj::Type) -> bool {
    rt.type_of(e.0).is_subtype_of(ty)
}

#[derive(Debug, Clone)]
enum Op {
    Add(bool, i64),
    Remove(bool, i64),
    Discard(bool, i64),
    Pop(bool),
    Clear(bool),
    Binary(u8),
    Inplace(u8),
    Compare,
    MethodWithList(u8, Vec<i64>),
    UpdateWithList(u8, Vec<i64>),
    Copy(bool),
}

fn op() -> impl Strategy<Value = Op> {
    // Up to 40 distinct keys: sets cross the 8-entry linear limit.
    let key = 0i64..40;
    let list = proptest::collection::vec(0i64..40, 0..12);
    prop_oneof![
        8 => (any::<bool>(), key.clone()).prop_map(|(w, k)| Op::Add(w, k)),
        2 => (any::<bool>(), key.clone()).prop_map(|(w, k)| Op::Remove(w, k)),
        2 => (any::<bool>(), key).prop_map(|(w, k)| Op::Discard(w, k)),
        1 => any::<bool>().prop_map(Op::Pop),
        1 => any::<bool>().prop_map(Op::Clear),
        2 => (0u8..4).prop_map(Op::Binary),
        2 => (0u8..4).prop_map(Op::Inplace),
        2 => Just(Op::Compare),
        2 => ((0u8..7), list.clone()).prop_map(|(m, l)| Op::MethodWithList(m, l)),
        2 => ((0u8..4), list).prop_map(|(m, l)| Op::UpdateWithList(m, l)),
        1 => any::<bool>().prop_map(Op::Copy),
    ]
}

const BINARY: [BinaryOp; 4] = [
    BinaryOp::Or,
    BinaryOp::And,
    BinaryOp::Subtract,
    BinaryOp::Xor,
];
const INPLACE: [BinaryOp; 4] = [
    BinaryOp::InplaceOr,
    BinaryOp::InplaceAnd,
    BinaryOp::InplaceSubtract,
    BinaryOp::InplaceXor,
];

fn model_binary(i: usize, a: &BTreeSet<i64>, b: &BTreeSet<i64>) -> BTreeSet<i64> {
    match i {
        0 => a | b,
        1 => a & b,
        2 => a - b,
        _ => a ^ b,
    }
}

fn cases() -> u32 {
    std::env::var("PYRITE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn sets_match_a_btreeset_model(ops in proptest::collection::vec(op(), 1..120)) {
        let rt = runtime();
        let mut vals = [new_set(&rt, &[]).unwrap(), new_set(&rt, &[]).unwrap()];
        let mut models = [BTreeSet::new(), BTreeSet::new()];
        for op in ops {
            match op {
                Op::Add(w, k) => {
                    let w = w as usize;
                    if w == 0 {
                        set_add(&rt, vals[0], int(k)).unwrap();
                    } else {
                        call_method(&rt, vals[1], q::add, &[int(k)]).unwrap();
                    }
                    models[w].insert(k);
                }
                Op::Remove(w, k) => {
                    let w = w as usize;
                    let r = call_method(&rt, vals[w], q::remove, &[int(k)]);
                    if models[w].remove(&k) {
                        prop_assert!(r.is_ok());
                    } else {
                        let e = r.unwrap_err();
                        prop_assert!(is_exc(&rt, e, &exc::KEY_ERROR));
                        prop_assert_eq!(repr(&rt, e.0), format!("KeyError({k})"));
                    }
                }
                Op::Discard(w, k) => {
                    let w = w as usize;
                    call_method(&rt, vals[w], q::discard, &[int(k)]).unwrap();
                    models[w].remove(&k);
                }
                Op::Pop(w) => {
                    let w = w as usize;
                    match call_method(&rt, vals[w], q::pop, &[]) {
                        Ok(x) => {
                            let x = x.as_small_int().unwrap() as i64;
                            prop_assert!(models[w].remove(&x));
                        }
                        Err(e) => {
                            prop_assert!(models[w].is_empty());
                            prop_assert_eq!(
                                repr(&rt, e.0),
                                "KeyError('pop from an empty set')"
                            );
                        }
                    }
                }
                Op::Clear(w) => {
                    call_method(&rt, vals[w as usize], q::clear, &[]).unwrap();
                    models[w as usize].clear();
                }
                Op::Binary(i) => {
                    let i = i as usize;
                    let r = rt.binary_op(BINARY[i], vals[0], vals[1]).unwrap();
                    prop_assert_eq!(contents(&rt, r), model_binary(i, &models[0], &models[1]));
                    let r = rt.binary_op(BINARY[i], vals[1], vals[0]).unwrap();
                    prop_assert_eq!(contents(&rt, r), model_binary(i, &models[1], &models[0]));
                    // The operands are untouched.
                    prop_assert_eq!(contents(&rt, vals[0]), models[0].clone());
                }
                Op::Inplace(i) => {
                    let i = i as usize;
                    let r = rt.binary_op(INPLACE[i], vals[0], vals[1]).unwrap();
                    prop_assert_eq!(r, vals[0]);
                    models[0] = model_binary(i, &models[0], &models[1]);
                }
                Op::Compare => {
                    let (a, b) = (&models[0], &models[1]);
                    let cmp = |op, x, y| rt.binary_op(op, x, y).unwrap() == Value::TRUE;
                    let (x, y) = (vals[0], vals[1]);
                    prop_assert_eq!(cmp(BinaryOp::LessEqual, x, y), a.is_subset(b));
                    prop_assert_eq!(cmp(BinaryOp::Less, x, y), a.is_subset(b) && a != b);
                    prop_assert_eq!(cmp(BinaryOp::MoreEqual, x, y), a.is_superset(b));
                    prop_assert_eq!(cmp(BinaryOp::More, x, y), a.is_superset(b) && a != b);
                    prop_assert_eq!(cmp(BinaryOp::Equal, x, y), a == b);
                    prop_assert_eq!(cmp(BinaryOp::NotEqual, x, y), a != b);
                    // Frozen copies compare and hash by contents.
                    let fx = call_type(&rt, &FROZENSET_TYPE, &[x]).unwrap();
                    let fy = call_type(&rt, &FROZENSET_TYPE, &[y]).unwrap();
                    prop_assert_eq!(rt.equal(fx, y).unwrap(), a == b);
                    if a == b {
                        prop_assert_eq!(rt.hash(fx).unwrap(), rt.hash(fy).unwrap());
                    }
                    prop_assert!(rt.hash(x).is_err());
                }
                Op::MethodWithList(m, l) => {
                    let list = new_list(&rt, &ints(&l)).unwrap();
                    let other: BTreeSet<i64> = l.iter().copied().collect();
                    let a = &models[0];
                    let x = vals[0];
                    let set_result = |name| contents(&rt, call_method(&rt, x, name, &[list]).unwrap());
                    let bool_result = |name| call_method(&rt, x, name, &[list]).unwrap() == Value::TRUE;
                    match m {
                        0 => prop_assert_eq!(set_result(q::union), a | &other),
                        1 => prop_assert_eq!(set_result(q::intersection), a & &other),
                        2 => prop_assert_eq!(set_result(q::difference), a - &other),
                        3 => prop_assert_eq!(set_result(q::symmetric_difference), a ^ &other),
                        4 => prop_assert_eq!(bool_result(q::issubset), a.is_subset(&other)),
                        5 => prop_assert_eq!(bool_result(q::issuperset), a.is_superset(&other)),
                        _ => prop_assert_eq!(bool_result(q::isdisjoint), a.is_disjoint(&other)),
                    }
                }
                Op::UpdateWithList(m, l) => {
                    let list = new_list(&rt, &ints(&l)).unwrap();
                    let other: BTreeSet<i64> = l.iter().copied().collect();
                    let name = [
                        q::update,
                        q::intersection_update,
                        q::difference_update,
                        q::symmetric_difference_update,
                    ][m as usize];
                    prop_assert_eq!(call_method(&rt, vals[1], name, &[list]).unwrap(), Value::NONE);
                    models[1] = model_binary(m as usize, &models[1], &other);
                }
                Op::Copy(w) => {
                    let w = w as usize;
                    let c = call_method(&rt, vals[w], q::copy, &[]).unwrap();
                    prop_assert!(c != vals[w]);
                    prop_assert_eq!(contents(&rt, c), models[w].clone());
                    // The copy replaces the original from now on.
                    vals[w] = c;
                }
            }
            for w in 0..2 {
                prop_assert_eq!(contents(&rt, vals[w]), models[w].clone());
                for k in 0..40 {
                    prop_assert_eq!(rt.contains(vals[w], int(k)).unwrap(), models[w].contains(&k));
                }
            }
        }
    }

    #[test]
    fn tuple_slices_match_python(
        len in 0usize..12,
        start in proptest::option::of(-15i64..15),
        stop in proptest::option::of(-15i64..15),
        step in proptest::option::of(prop_oneof![-4i64..0, 1i64..5]),
    ) {
        let rt = runtime();
        let items: Vec<i64> = (0..len as i64).collect();
        let t = new_tuple(&rt, &ints(&items)).unwrap();
        let opt = |v: Option<i64>| v.map_or(Value::NONE, int);
        let s = new_slice(&rt, opt(start), opt(stop), opt(step)).unwrap();
        let got = rt.subscr(t, s, SubscrOp::Load).unwrap();
        prop_assert_eq!(repr(&rt, got), py_tuple(&py_slice(&items, start, stop, step.unwrap_or(1))));
    }

    #[test]
    fn tuple_order_is_lexicographic(
        a in proptest::collection::vec(0i64..3, 0..4),
        b in proptest::collection::vec(0i64..3, 0..4),
    ) {
        let rt = runtime();
        let (x, y) = (new_tuple(&rt, &ints(&a)).unwrap(), new_tuple(&rt, &ints(&b)).unwrap());
        let cmp = |op| rt.binary_op(op, x, y).unwrap() == Value::TRUE;
        prop_assert_eq!(cmp(BinaryOp::Less), a < b);
        prop_assert_eq!(cmp(BinaryOp::LessEqual), a <= b);
        prop_assert_eq!(cmp(BinaryOp::More), a > b);
        prop_assert_eq!(cmp(BinaryOp::MoreEqual), a >= b);
        prop_assert_eq!(cmp(BinaryOp::Equal), a == b);
    }
}

/// Python's slicing, written out naively.
fn py_slice(items: &[i64], start: Option<i64>, stop: Option<i64>, step: i64) -> Vec<i64> {
    let n = items.len() as i64;
    let mut out = Vec::new();
    if step > 0 {
        let norm = |v: i64| if v < 0 { (v + n).max(0) } else { v.min(n) };
        let mut i = start.map_or(0, norm);
        let end = stop.map_or(n, norm);
        while i < end {
            out.push(items[i as usize]);
            i += step;
        }
    } else {
        let norm = |v: i64| if v < 0 { (v + n).max(-1) } else { v.min(n - 1) };
        let mut i = start.map_or(n - 1, norm);
        let end = stop.map_or(-1, norm);
        while i > end {
            out.push(items[i as usize]);
            i += step;
        }
    }
    out
}

fn py_tuple(items: &[i64]) -> String {
    let parts: Vec<String> = items.iter().map(|i| i.to_string()).collect();
    if items.len() == 1 {
        format!("({},)", parts[0])
    } else {
        format!("({})", parts.join(", "))
    }
}

#[test]
fn sets_print_like_python() {
    let rt = runtime();
    let s = new_set(&rt, &ints(&[3, 1, 3])).unwrap();
    assert_eq!(repr(&rt, s), "{3, 1}");
    assert_eq!(repr(&rt, new_set(&rt, &[]).unwrap()), "set()");
    assert_eq!(repr(&rt, new_frozenset(&rt, &[]).unwrap()), "frozenset()");
    let f = new_frozenset(&rt, &ints(&[1])).unwrap();
    assert_eq!(repr(&rt, f), "frozenset({1})");
    let a = new_str(&rt, &STR_TYPE, b"a").unwrap();
    let sa = call_type(&rt, &SET_TYPE, &[new_list(&rt, &[a, a]).unwrap()]).unwrap();
    assert_eq!(repr(&rt, sa), "{'a'}");
    // frozenset(fs) is fs; the result of an operator has the left type.
    assert_eq!(call_type(&rt, &FROZENSET_TYPE, &[f]).unwrap(), f);
    let u = rt.binary_op(BinaryOp::Or, f, s).unwrap();
    assert_eq!(repr(&rt, u), "frozenset({1, 3})");
    let u = rt.binary_op(BinaryOp::Or, s, f).unwrap();
    assert_eq!(repr(&rt, u), "{3, 1}");
    // `|=` on a frozenset makes a new frozenset.
    let g = rt.binary_op(BinaryOp::InplaceOr, f, s).unwrap();
    assert!(g != f);
    assert_eq!(repr(&rt, f), "frozenset({1})");
}

#[test]
fn set_errors_match_python() {
    let rt = runtime();
    let s = new_set(&rt, &ints(&[1])).unwrap();
    let err = rt.hash(s).unwrap_err();
    assert_eq!(repr(&rt, err.0), "TypeError(\"unhashable type: 'set'\")");
    // A list is no element, whether added or looked up.
    let l = new_list(&rt, &[]).unwrap();
    assert!(is_exc(
        &rt,
        set_add(&rt, s, l).unwrap_err(),
        &exc::TYPE_ERROR
    ));
    assert!(is_exc(
        &rt,
        rt.contains(s, l).unwrap_err(),
        &exc::TYPE_ERROR
    ));
    assert!(is_exc(
        &rt,
        new_set(&rt, &[l]).unwrap_err(),
        &exc::TYPE_ERROR
    ));
    // Operators want sets; methods take any iterable.
    let err = rt.binary_op(BinaryOp::Or, s, l).unwrap_err();
    assert!(is_exc(&rt, err, &exc::TYPE_ERROR));
    assert!(call_method(&rt, s, q::union, &[l]).is_ok());
    // A frozenset has no mutating methods.
    let f = new_frozenset(&rt, &[]).unwrap();
    let err = call_method(&rt, f, q::add, &[int(1)]).unwrap_err();
    assert!(is_exc(&rt, err, &exc::ATTRIBUTE_ERROR));
    // Calling set's method on a frozenset is refused, not obeyed.
    let add = rt.load_attr(Value::from_static(&SET_TYPE), q::add).unwrap();
    let err = rt.call(add, Args::positional(&[f, int(1)])).unwrap_err();
    assert!(is_exc(&rt, err, &exc::TYPE_ERROR));
    assert_eq!(rt.len(f).unwrap(), 0);
    // Changing size during iteration.
    let it = rt.get_iter(s).unwrap();
    set_add(&rt, s, int(2)).unwrap();
    let err = rt.iter_next(it).unwrap_err();
    assert_eq!(
        repr(&rt, err.0),
        "RuntimeError('Set changed size during iteration')"
    );
    // Wrong argument counts.
    let err = call_type(&rt, &SET_TYPE, &[l, l]).unwrap_err();
    assert_eq!(
        repr(&rt, err.0),
        "TypeError('set expected at most 1 argument, got 2')"
    );
}

#[test]
fn set_methods_take_several_iterables_and_keep_the_left_type() {
    let rt = runtime();
    let s = new_set(&rt, &ints(&[1, 2, 3, 4])).unwrap();
    let f = new_frozenset(&rt, &ints(&[1, 2, 3, 4])).unwrap();
    let l = new_list(&rt, &ints(&[2, 3, 5])).unwrap();
    let t = new_tuple(&rt, &ints(&[3, 4, 6])).unwrap();
    let cases: [(Qstr, &str, &str); 4] = [
        (
            q::union,
            "{1, 2, 3, 4, 5, 6}",
            "frozenset({1, 2, 3, 4, 5, 6})",
        ),
        (q::intersection, "{3}", "frozenset({3})"),
        (q::difference, "{1}", "frozenset({1})"),
        // No arguments: a copy.
        (q::copy, "{1, 2, 3, 4}", "frozenset({1, 2, 3, 4})"),
    ];
    for (name, of_set, of_frozenset) in cases {
        let args: &[Value] = if name == q::copy { &[] } else { &[l, t] };
        let r = call_method(&rt, s, name, args).unwrap();
        assert_eq!(
            repr(&rt, r),
            of_set,
            "set.{}",
            rt.qstr_text(name).escape_ascii()
        );
        let r = call_method(&rt, f, name, args).unwrap();
        assert_eq!(repr(&rt, r), of_frozenset);
    }
    for name in [q::union, q::intersection, q::difference] {
        let r = call_method(&rt, f, name, &[]).unwrap();
        assert_eq!(repr(&rt, r), "frozenset({1, 2, 3, 4})");
        let r = call_method(&rt, s, name, &[]).unwrap();
        assert!(r != s, "a new set");
        assert_eq!(repr(&rt, r), "{1, 2, 3, 4}");
    }
    let r = call_method(&rt, f, q::symmetric_difference, &[l]).unwrap();
    assert_eq!(repr(&rt, r), "frozenset({1, 4, 5})");
    // The operand itself as the argument.
    let r = call_method(&rt, s, q::difference, &[s]).unwrap();
    assert_eq!(repr(&rt, r), "set()");
    let r = call_method(&rt, s, q::symmetric_difference, &[s]).unwrap();
    assert_eq!(repr(&rt, r), "set()");
    assert_eq!(repr(&rt, s), "{1, 2, 3, 4}");
    // `set` and `frozenset` share their non-mutating method objects.
    let of =
        |ty: &'static pyrite_obj::Type, name| rt.load_attr(Value::from_static(ty), name).unwrap();
    for name in [
        q::copy,
        q::union,
        q::intersection,
        q::difference,
        q::issubset,
    ] {
        assert_eq!(of(&SET_TYPE, name), of(&FROZENSET_TYPE, name));
    }
}

#[test]
fn frozensets_are_keys_and_sets_find_them() {
    let rt = runtime();
    let f1 = new_frozenset(&rt, &ints(&[1, 2, 3])).unwrap();
    let f2 = new_frozenset(&rt, &ints(&[3, 2, 1])).unwrap();
    assert_eq!(rt.hash(f1).unwrap(), rt.hash(f2).unwrap());
    assert!(rt.equal(f1, f2).unwrap());
    let outer = new_set(&rt, &[f1]).unwrap();
    assert!(rt.contains(outer, f2).unwrap());
    // A set is looked up as the frozenset of its elements.
    let s = new_set(&rt, &ints(&[2, 3, 1])).unwrap();
    assert!(rt.contains(outer, s).unwrap());
    call_method(&rt, outer, q::remove, &[s]).unwrap();
    assert_eq!(rt.len(outer).unwrap(), 0);
    // Equal numbers are one element.
    let mixed = new_set(&rt, &[int(1), Value::float(1.0), Value::TRUE]).unwrap();
    assert_eq!(repr(&rt, mixed), "{1}");
    // Big sets (past the linear map) hash the same whatever the order.
    let fwd: Vec<i64> = (0..100).collect();
    let rev: Vec<i64> = (0..100).rev().collect();
    let a = new_frozenset(&rt, &ints(&fwd)).unwrap();
    let b = new_frozenset(&rt, &ints(&rev)).unwrap();
    assert_eq!(rt.hash(a).unwrap(), rt.hash(b).unwrap());
    assert_ne!(rt.hash(a).unwrap(), rt.hash(f1).unwrap());
}

#[test]
fn tuple_slots_behave_like_python() {
    let rt = runtime();
    let t = new_tuple(&rt, &ints(&[5, 1, 4, 1])).unwrap();
    assert_eq!(rt.len(t).unwrap(), 4);
    assert!(rt.truthy(t).unwrap());
    assert!(!rt.truthy(new_tuple(&rt, &[]).unwrap()).unwrap());
    assert_eq!(rt.subscr(t, int(-1), SubscrOp::Load).unwrap(), int(1));
    let err = rt.subscr(t, int(4), SubscrOp::Load).unwrap_err();
    assert_eq!(repr(&rt, err.0), "IndexError('tuple index out of range')");
    let err = rt.subscr(t, int(0), SubscrOp::Store(int(1))).unwrap_err();
    assert!(is_exc(&rt, err, &exc::TYPE_ERROR));
    assert!(rt.contains(t, int(4)).unwrap());
    assert!(!rt.contains(t, int(9)).unwrap());
    assert_eq!(call_method(&rt, t, q::count, &[int(1)]).unwrap(), int(2));
    assert_eq!(call_method(&rt, t, q::index, &[int(1)]).unwrap(), int(1));
    assert_eq!(
        call_method(&rt, t, q::index, &[int(1), int(2)]).unwrap(),
        int(3)
    );
    let err = call_method(&rt, t, q::index, &[int(1), int(0), int(1)]).unwrap_err();
    assert!(is_exc(&rt, err, &exc::VALUE_ERROR));
    // + and * (both orders).
    let u = new_tuple(&rt, &ints(&[7])).unwrap();
    assert_eq!(
        repr(&rt, rt.binary_op(BinaryOp::Add, t, u).unwrap()),
        "(5, 1, 4, 1, 7)"
    );
    assert_eq!(
        repr(&rt, rt.binary_op(BinaryOp::Multiply, u, int(3)).unwrap()),
        "(7, 7, 7)"
    );
    assert_eq!(
        repr(&rt, rt.binary_op(BinaryOp::Multiply, int(2), u).unwrap()),
        "(7, 7)"
    );
    assert_eq!(
        repr(&rt, rt.binary_op(BinaryOp::Multiply, u, int(-2)).unwrap()),
        "()"
    );
    assert_eq!(
        repr(&rt, rt.binary_op(BinaryOp::InplaceAdd, u, u).unwrap()),
        "(7, 7)"
    );
    // tuple(), tuple(iterable); tuple(t) is t.
    assert_eq!(repr(&rt, call_type(&rt, &TUPLE_TYPE, &[]).unwrap()), "()");
    assert_eq!(call_type(&rt, &TUPLE_TYPE, &[t]).unwrap(), t);
    let l = new_list(&rt, &ints(&[1, 2])).unwrap();
    assert_eq!(
        repr(&rt, call_type(&rt, &TUPLE_TYPE, &[l]).unwrap()),
        "(1, 2)"
    );
    let s = new_set(&rt, &ints(&[9, 8])).unwrap();
    assert_eq!(
        repr(&rt, call_type(&rt, &TUPLE_TYPE, &[s]).unwrap()),
        "(9, 8)"
    );
    // Iteration.
    let it = rt.get_iter(t).unwrap();
    let mut seen = vec![];
    while let Some(x) = rt.iter_next(it).unwrap() {
        seen.push(x.as_small_int().unwrap() as i64);
    }
    assert_eq!(seen, [5, 1, 4, 1]);
}

#[test]
fn sorted_tuples_through_list_sort() {
    let rt = runtime();
    let word = |w: &str| new_str(&rt, &STR_TYPE, w.as_bytes()).unwrap();
    let pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "c"), (0, "q")];
    let items: Vec<Value> = pairs
        .iter()
        .map(|&(n, w)| new_tuple(&rt, &[int(n), word(w)]).unwrap())
        .collect();
    let l = new_list(&rt, &items).unwrap();
    call_method(&rt, l, q::sort, &[]).unwrap();
    assert_eq!(
        repr(&rt, l),
        "[(0, 'q'), (1, 'c'), (1, 'z'), (2, 'a'), (2, 'b')]"
    );
    // Tuples of different lengths: a prefix sorts first.
    let short = new_tuple(&rt, &ints(&[1])).unwrap();
    let long = new_tuple(&rt, &ints(&[1, 0])).unwrap();
    let l = new_list(&rt, &[long, short]).unwrap();
    call_method(&rt, l, q::sort, &[]).unwrap();
    assert_eq!(repr(&rt, l), "[(1,), (1, 0)]");
    // Incomparable items raise TypeError.
    let odd = new_tuple(&rt, &[int(1), Value::NONE]).unwrap();
    let odd2 = new_tuple(&rt, &[int(1), int(2)]).unwrap();
    let l = new_list(&rt, &[odd, odd2]).unwrap();
    let err = call_method(&rt, l, q::sort, &[]).unwrap_err();
    assert!(is_exc(&rt, err, &exc::TYPE_ERROR));
}
