//! `Map` against a model: an insertion-ordered list of (number, value) pairs,
//! where int and float keys of equal value are one key, as in Python.

// Casts widen the 32-bit `SmallInt`/`Float` and are identities on hosts.
#![allow(clippy::unnecessary_cast)]
use proptest::prelude::*;
use pyrite_gc::Heap;
use pyrite_obj::map::{Map, MapContext};
use pyrite_obj::{Exc, PyResult, Value};

struct Cx {
    heap: Heap,
}

fn number(v: Value) -> f64 {
    v.as_small_int()
        .map(|i| i as f64)
        .or(v.as_float().map(|f| f as f64))
        .expect("numeric key")
}

impl MapContext for Cx {
    fn heap(&self) -> &Heap {
        &self.heap
    }
    fn out_of_memory(&self) -> Exc {
        Exc(Value::NONE)
    }
    fn hash(&self, key: Value) -> PyResult<u32> {
        // Collide often on purpose: probing must still find every key.
        Ok(match key.as_qstr() {
            Some(q) => q.index() % 7,
            None => (number(key) as i64 as u32) % 7,
        })
    }
    fn eq(&self, a: Value, b: Value) -> PyResult<bool> {
        Ok(if a.is_qstr() || b.is_qstr() {
            a == b
        } else {
            number(a) == number(b)
        })
    }
}

fn context(bytes: usize) -> Cx {
    let region: &'static mut [u8] = Box::leak(vec![0u8; bytes].into_boxed_slice());
    Cx {
        heap: Heap::new(region),
    }
}

#[derive(Debug, Clone)]
enum Op {
    Insert {
        key: i64,
        as_float: bool,
        value: i64,
    },
    Remove {
        key: i64,
        as_float: bool,
    },
    Get {
        key: i64,
        as_float: bool,
    },
    Clear,
}

fn key_value(key: i64, as_float: bool) -> Value {
    if as_float {
        Value::float(key as _)
    } else {
        Value::small_int(key).unwrap()
    }
}

fn op() -> impl Strategy<Value = Op> {
    let key = 0i64..40;
    prop_oneof![
        6 => (key.clone(), any::<bool>(), any::<i32>())
            .prop_map(|(key, as_float, value)| Op::Insert { key, as_float, value: value as i64 }),
        3 => (key.clone(), any::<bool>()).prop_map(|(key, as_float)| Op::Remove { key, as_float }),
        3 => (key, any::<bool>()).prop_map(|(key, as_float)| Op::Get { key, as_float }),
        1 => Just(Op::Clear),
    ]
}

fn cases() -> u32 {
    std::env::var("PYRITE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn map_matches_an_insertion_ordered_model(ops in proptest::collection::vec(op(), 1..300)) {
        let cx = context(64 * 1024);
        let map = Map::new();
        let mut model: Vec<(i64, i64)> = Vec::new();
        for op in ops {
            match op {
                Op::Insert { key, as_float, value } => {
                    let old = map.insert(&cx, key_value(key, as_float), Value::small_int(value).unwrap()).unwrap();
                    let expected = match model.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => Some(std::mem::replace(&mut entry.1, value)),
                        None => { model.push((key, value)); None }
                    };
                    prop_assert_eq!(old.and_then(Value::as_small_int).map(|v| v as i64), expected);
                }
                Op::Remove { key, as_float } => {
                    let old = map.remove(&cx, key_value(key, as_float)).unwrap();
                    let expected = model.iter().position(|(k, _)| *k == key).map(|i| model.remove(i).1);
                    prop_assert_eq!(old.and_then(Value::as_small_int).map(|v| v as i64), expected);
                }
                Op::Get { key, as_float } => {
                    let got = map.get(&cx, key_value(key, as_float)).unwrap();
                    let expected = model.iter().find(|(k, _)| *k == key).map(|e| e.1);
                    prop_assert_eq!(got.and_then(Value::as_small_int).map(|v| v as i64), expected);
                }
                Op::Clear => {
                    map.clear(&cx);
                    model.clear();
                }
            }
            prop_assert_eq!(map.len(), model.len());
            // Iteration by slot yields the live entries in insertion order.
            let live: Vec<(i64, i64)> = (0..map.slots())
                .filter_map(|i| map.entry_at(i))
                .map(|(k, v)| (number(k) as i64, v.as_small_int().unwrap() as i64))
                .collect();
            prop_assert_eq!(&live, &model);
        }
    }
}

#[test]
fn qstr_keys_use_the_word_compare_path_and_grow_past_the_linear_limit() {
    let cx = context(256 * 1024);
    let map = Map::new();
    let names: Vec<_> = (1..200u32).map(pyrite_obj::Qstr::from_index).collect();
    for (i, q) in names.iter().enumerate() {
        map.insert(&cx, Value::qstr(*q), Value::small_int(i as i64).unwrap())
            .unwrap();
    }
    for (i, q) in names.iter().enumerate() {
        assert_eq!(
            map.get_qstr(&cx, Value::qstr(*q)).unwrap(),
            Value::small_int(i as i64)
        );
    }
    assert!(map.capacity() > pyrite_obj::map::LINEAR_MAX);
}

#[test]
fn running_out_of_heap_raises_and_leaves_the_map_intact() {
    let cx = context(2 * 1024);
    let map = Map::new();
    let mut inserted = 0;
    loop {
        let key = Value::small_int(inserted).unwrap();
        match map.insert(&cx, key, key) {
            Ok(_) => inserted += 1,
            Err(exc) => {
                assert_eq!(exc, cx.out_of_memory());
                break;
            }
        }
        assert!(inserted < 10_000, "a 2 KiB heap must fill up");
    }
    assert_eq!(map.len() as i64, inserted);
    for i in 0..inserted {
        let key = Value::small_int(i).unwrap();
        assert_eq!(map.get(&cx, key).unwrap(), Some(key));
    }
}
