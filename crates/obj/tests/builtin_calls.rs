//! Built-in function objects called by convention, through the general
//! `Rt::call` and the interpreter's positional fast path
//! (`BuiltinFn::call_positional`): both give the same results and the same
//! argument-count errors. And `Rt::type_of`, whose object case is inlined.

// `SmallInt` is `i32` on 32-bit targets.
#![allow(clippy::unnecessary_cast)]

use pyrite_gc::Heap;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::num::{FLOAT_TYPE, INT_TYPE};
use pyrite_obj::types::str::{STR_TYPE, new_str};
use pyrite_obj::types::tuple::{TUPLE_TYPE, new_tuple};
use pyrite_obj::types::{BOOL_TYPE, ELLIPSIS_TYPE, NONE_TYPE, NOT_IMPLEMENTED_TYPE};
use pyrite_obj::{Args, PyResult, Rt, Value, q};

fn runtime() -> Rt {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 64 * 1024].into_boxed_slice());
    Rt::new(Heap::new(region))
}

fn int(i: i64) -> Value {
    Value::small_int(i).unwrap()
}

fn sum(rt: &Rt, args: &[Value]) -> PyResult {
    let mut total = 0;
    for &a in args {
        total += a
            .as_small_int()
            .ok_or_else(|| rt.type_error(format_args!("ints only")))? as i64;
    }
    Ok(int(total))
}

fn zero(_rt: &Rt) -> PyResult {
    Ok(int(0))
}

fn neg(rt: &Rt, a: Value) -> PyResult {
    sum(rt, &[a]).map(|v| int(-(v.as_small_int().unwrap() as i64)))
}

fn sub(_rt: &Rt, a: Value, b: Value) -> PyResult {
    Ok(int(
        (a.as_small_int().unwrap() - b.as_small_int().unwrap()) as i64
    ))
}

fn mul_add(_rt: &Rt, a: Value, b: Value, c: Value) -> PyResult {
    let [a, b, c] = [a, b, c].map(|v| v.as_small_int().unwrap() as i64);
    Ok(int(a * b + c))
}

/// Counts positional and keyword arguments: `10 * n_pos + n_kw`.
fn count_all(_rt: &Rt, args: Args<'_>) -> PyResult {
    Ok(int((10 * args.pos.len() + args.kw_len()) as i64))
}

static F0: BuiltinFn = BuiltinFn::new(q::append, NativeFn::F0(zero));
static F1: BuiltinFn = BuiltinFn::new(q::append, NativeFn::F1(neg));
static F2: BuiltinFn = BuiltinFn::new(q::append, NativeFn::F2(sub));
static F3: BuiltinFn = BuiltinFn::new(q::append, NativeFn::F3(mul_add));
static VAR: BuiltinFn = BuiltinFn::new(
    q::append,
    NativeFn::Var {
        min: 1,
        max: 3,
        f: sum,
    },
);
static KW: BuiltinFn = BuiltinFn::new(
    q::append,
    NativeFn::Kw {
        min: 1,
        f: count_all,
    },
);
/// A method: its receiver is not counted in error messages.
static METHOD: BuiltinFn = BuiltinFn::method(q::append, NativeFn::F2(sub));

/// The message of the `TypeError` that `r` raised.
fn type_error(rt: &Rt, r: PyResult) -> String {
    let e = match r {
        Ok(v) => panic!("expected a TypeError, got {:?}", v.as_small_int()),
        Err(e) => e.0,
    };
    assert!(std::ptr::eq(
        rt.type_of(e),
        &pyrite_obj::types::exc::TYPE_ERROR
    ));
    let s = rt.str(e).unwrap();
    String::from_utf8(rt.str_bytes(s).unwrap().to_vec()).unwrap()
}

/// Calls `f` both ways with positional `args`; they must agree.
fn both(rt: &Rt, f: &'static BuiltinFn, args: &[Value]) -> Result<i64, String> {
    let general = rt.call(Value::from_static(f), Args::positional(args));
    let fast = f.call_positional(rt, args);
    match (general, fast) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "same result both ways");
            Ok(a.as_small_int().unwrap() as i64)
        }
        (Err(a), Err(b)) => {
            let (a, b) = (type_error(rt, Err(a)), type_error(rt, Err(b)));
            assert_eq!(a, b, "same error both ways");
            Err(a)
        }
        _ => panic!("one way raised and the other did not"),
    }
}

#[test]
fn fixed_arities_get_their_arguments_in_order() {
    let rt = runtime();
    assert_eq!(both(&rt, &F0, &[]), Ok(0));
    assert_eq!(both(&rt, &F1, &[int(5)]), Ok(-5));
    assert_eq!(both(&rt, &F2, &[int(7), int(2)]), Ok(5));
    assert_eq!(both(&rt, &F3, &[int(2), int(3), int(4)]), Ok(10));
}

#[test]
fn wrong_counts_raise_the_same_errors_both_ways() {
    let rt = runtime();
    assert_eq!(
        both(&rt, &F0, &[int(1)]),
        Err("append() takes 0 positional arguments but 1 was given".into())
    );
    assert_eq!(
        both(&rt, &F1, &[]),
        Err("append() takes 1 positional argument but 0 were given".into())
    );
    assert_eq!(
        both(&rt, &F2, &[int(1), int(2), int(3)]),
        Err("append() takes 2 positional arguments but 3 were given".into())
    );
    assert_eq!(
        both(&rt, &F3, &[int(1)]),
        Err("append() takes 3 positional arguments but 1 was given".into())
    );
    // A method's receiver does not count.
    assert_eq!(
        both(&rt, &METHOD, &[int(1)]),
        Err("append() takes 1 positional argument but 0 were given".into())
    );
    assert_eq!(both(&rt, &METHOD, &[int(9), int(4)]), Ok(5));
}

#[test]
fn ranges_and_keyword_functions_check_their_bounds() {
    let rt = runtime();
    assert_eq!(both(&rt, &VAR, &[int(1)]), Ok(1));
    assert_eq!(both(&rt, &VAR, &[int(1), int(2), int(3)]), Ok(6));
    assert_eq!(
        both(&rt, &VAR, &[]),
        Err("append() takes at least 1 arguments (0 given)".into())
    );
    assert_eq!(
        both(&rt, &VAR, &[int(1); 4]),
        Err("append() takes at most 3 arguments (4 given)".into())
    );
    assert_eq!(both(&rt, &KW, &[int(1), int(2)]), Ok(20));
    assert_eq!(
        both(&rt, &KW, &[]),
        Err("append() takes 1 positional argument but 0 were given".into())
    );
    // An error from the function itself comes through unchanged.
    let s = new_str(&rt, &STR_TYPE, b"x").unwrap();
    assert_eq!(both(&rt, &VAR, &[s]), Err("ints only".into()));
}

#[test]
fn keywords_reach_only_keyword_functions() {
    let rt = runtime();
    let kw = [Value::qstr(q::append), int(1)];
    let call = |f: &'static BuiltinFn, pos: &[Value]| {
        rt.call(Value::from_static(f), Args { pos, kw: &kw })
    };
    assert_eq!(call(&KW, &[int(1)]).unwrap(), int(11));
    assert_eq!(
        type_error(&rt, call(&KW, &[])),
        "append() takes 1 positional argument but 0 were given"
    );
    assert_eq!(
        type_error(&rt, call(&F1, &[int(1)])),
        "append() takes no keyword arguments"
    );
    assert_eq!(
        type_error(&rt, call(&VAR, &[int(1)])),
        "append() takes no keyword arguments"
    );
}

#[test]
fn type_of_answers_for_every_kind_of_value() {
    let rt = runtime();
    let s = new_str(&rt, &STR_TYPE, b"heap").unwrap();
    let t = new_tuple(&rt, &[int(1)]).unwrap();
    let cases: [(Value, &pyrite_obj::object::Type); 10] = [
        (int(3), &INT_TYPE),
        (Value::float(1.5), &FLOAT_TYPE),
        (Value::qstr(q::append), &STR_TYPE),
        (s, &STR_TYPE),
        (t, &TUPLE_TYPE),
        (Value::NONE, &NONE_TYPE),
        (Value::TRUE, &BOOL_TYPE),
        (Value::FALSE, &BOOL_TYPE),
        (Value::ELLIPSIS, &ELLIPSIS_TYPE),
        (Value::NOT_IMPLEMENTED, &NOT_IMPLEMENTED_TYPE),
    ];
    for (v, ty) in cases {
        assert!(std::ptr::eq(rt.type_of(v), ty), "{:?}", ty.name);
    }
    assert!(std::ptr::eq(
        rt.type_of(Value::from_static(&F1)),
        &pyrite_obj::types::function::BUILTIN_FN_TYPE
    ));
}
