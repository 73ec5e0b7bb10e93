//! Deeply nested containers: hashing, printing and comparing them raises
//! `RecursionError` (a `RuntimeError`) instead of overflowing the machine
//! stack of the thread (a test thread's 2 MiB), and the runtime stays
//! usable afterwards.

use pyrite_gc::Heap;
use pyrite_obj::types::exc;
use pyrite_obj::types::list::new_list;
use pyrite_obj::types::set::new_frozenset;
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{PyResult, Rt, Value};

const DEEP: usize = 50_000;

/// Makes one level of nesting around a value.
type Wrap = fn(&Rt, Value) -> PyResult;

fn runtime() -> Rt {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 32 << 20].into_boxed_slice());
    Rt::new(Heap::new(region))
}

/// `depth` levels of `wrap` around 0. No collection runs while the chain
/// is built (the heap is large enough), so it needs no rooting.
fn nest(rt: &Rt, depth: usize, wrap: Wrap) -> Value {
    let mut v = Value::small_int(0).unwrap();
    for _ in 0..depth {
        v = wrap(rt, v).expect("alloc");
    }
    v
}

fn tuple1(rt: &Rt, v: Value) -> PyResult {
    new_tuple(rt, &[v])
}

fn frozenset1(rt: &Rt, v: Value) -> PyResult {
    new_frozenset(rt, &[v])
}

fn list1(rt: &Rt, v: Value) -> PyResult {
    new_list(rt, &[v])
}

fn is_recursion_error(rt: &Rt, e: pyrite_obj::Exc) -> bool {
    exc::exception_matches(rt, e, &exc::RECURSION_ERROR)
}

#[test]
fn deep_hash_raises() {
    let rt = runtime();
    let deep = nest(&rt, DEEP, tuple1);
    let e = rt.hash(deep).expect_err("too deep to hash");
    assert!(is_recursion_error(&rt, e));
    // A frozenset hashes its elements when it is made.
    let e = new_frozenset(&rt, &[deep]).expect_err("element too deep to hash");
    assert!(is_recursion_error(&rt, e));
    let mut v = Value::small_int(0).unwrap();
    let mut failed = None;
    for level in 0..1000 {
        match frozenset1(&rt, v) {
            Ok(f) => v = f,
            Err(e) => {
                assert!(is_recursion_error(&rt, e));
                failed = Some(level);
                break;
            }
        }
    }
    assert!(failed.is_some_and(|level| level > 100), "{failed:?}");
    // Shallow nesting hashes, equal structures equally.
    for wrap in [tuple1 as Wrap, frozenset1] {
        let a = nest(&rt, 30, wrap);
        let b = nest(&rt, 30, wrap);
        assert_eq!(rt.hash(a).unwrap(), rt.hash(b).unwrap());
    }
}

#[test]
fn deep_print_and_equality_raise() {
    let rt = runtime();
    // Each wrapper with the length of the repr of 100 levels around 0:
    // `((...(0,),...),)` and `[[...[0]...]]`.
    let cases: [(Wrap, usize); 2] = [(tuple1, 301), (list1, 201)];
    for (wrap, shallow_len) in cases {
        let a = nest(&rt, DEEP, wrap);
        let b = nest(&rt, DEEP, wrap);
        assert!(is_recursion_error(&rt, rt.repr(a).expect_err("repr")));
        assert!(is_recursion_error(&rt, rt.equal(a, b).expect_err("==")));
        // The depth counter is back at zero: shallow work still succeeds.
        let s = nest(&rt, 100, wrap);
        let text = rt.repr(s).unwrap();
        assert_eq!(rt.str_bytes(text).unwrap().len(), shallow_len);
        assert!(rt.equal(s, nest(&rt, 100, wrap)).unwrap());
    }
}
