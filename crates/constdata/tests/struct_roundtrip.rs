//! Property: `unpack(fmt, pack(fmt, *vals)) == vals` for random formats and
//! in-range values, in every byte order; `calcsize` is the packed length.

mod common;

use common::*;
use proptest::prelude::*;
use pyrite_constdata::init_struct;
use pyrite_constdata::ustruct::{f16_to_f64, f64_to_f16};
use pyrite_obj::types::tuple::new_tuple;

/// One format item with the values it takes.
#[derive(Clone, Debug)]
struct Item {
    text: String,
    values: Vec<PyVal>,
}

fn int_item(code: char, lo: i128, hi: i128) -> impl Strategy<Value = Item> {
    (1usize..4, prop::collection::vec(lo..=hi, 3)).prop_map(move |(n, vs)| Item {
        text: format!("{n}{code}"),
        values: vs[..n].iter().map(|&v| PyVal::Int(v)).collect(),
    })
}

fn item(native: bool) -> impl Strategy<Value = Item> {
    let word = if native { usize::BITS } else { 32 };
    let mut choices: Vec<BoxedStrategy<Item>> = vec![
        int_item('b', -128, 127).boxed(),
        int_item('B', 0, 255).boxed(),
        int_item('h', -32768, 32767).boxed(),
        int_item('H', 0, 65535).boxed(),
        int_item('i', i32::MIN as i128, i32::MAX as i128).boxed(),
        int_item('I', 0, u32::MAX as i128).boxed(),
        int_item('l', -(1i128 << (word - 1)), (1i128 << (word - 1)) - 1).boxed(),
        int_item('L', 0, (1i128 << word) - 1).boxed(),
        int_item('q', i64::MIN as i128, i64::MAX as i128).boxed(),
        int_item('Q', 0, u64::MAX as i128).boxed(),
        any::<bool>()
            .prop_map(|b| Item {
                text: "?".into(),
                values: vec![PyVal::Bool(b)],
            })
            .boxed(),
        (0usize..4)
            .prop_map(|n| Item {
                text: format!("{n}x"),
                values: vec![],
            })
            .boxed(),
        any::<u8>()
            .prop_map(|b| Item {
                text: "c".into(),
                values: vec![PyVal::Bytes(vec![b])],
            })
            .boxed(),
        prop::collection::vec(any::<u8>(), 0..6)
            .prop_map(|b| Item {
                text: format!("{}s", b.len()),
                values: vec![PyVal::Bytes(b)],
            })
            .boxed(),
        (prop::collection::vec(any::<u8>(), 0..6), 0usize..3)
            .prop_map(|(b, extra)| Item {
                text: format!("{}p", b.len() + 1 + extra),
                values: vec![PyVal::Bytes(b)],
            })
            .boxed(),
        any::<f64>()
            .prop_filter("not NaN", |x| !x.is_nan())
            .prop_map(|x| Item {
                text: "d".into(),
                values: vec![PyVal::Float(x)],
            })
            .boxed(),
        any::<f32>()
            .prop_filter("not NaN", |x| !x.is_nan())
            .prop_map(|x| Item {
                text: "f".into(),
                values: vec![PyVal::Float(x as f64)],
            })
            .boxed(),
        any::<u16>()
            .prop_map(f16_to_f64)
            .prop_filter("not NaN", |x| !x.is_nan())
            .prop_map(|x| Item {
                text: "e".into(),
                values: vec![PyVal::Float(x)],
            })
            .boxed(),
    ];
    if native {
        choices.push(int_item('P', 0, usize::MAX as i128).boxed());
    }
    prop::strategy::Union::new(choices)
}

fn case() -> impl Strategy<Value = (String, Vec<PyVal>)> {
    prop::sample::select(vec!["", "@", "=", "<", ">", "!"]).prop_flat_map(|order| {
        let native = order.is_empty() || order == "@";
        (prop::collection::vec(item(native), 0..6), any::<bool>()).prop_map(move |(items, sp)| {
            let sep = if sp { " " } else { "" };
            let text: Vec<_> = items.iter().map(|i| i.text.clone()).collect();
            let fmt = format!("{order}{}", text.join(sep));
            let values = items.into_iter().flat_map(|i| i.values).collect();
            (fmt, values)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn unpack_inverts_pack((fmt, values) in case()) {
        let rt = runtime();
        let m = module(&rt, init_struct);
        let f = text(&rt, &fmt);
        let vals: Vec<_> = values.iter().map(|v| v.value(&rt)).collect();
        let mut args = vec![f];
        args.extend(&vals);
        let packed = call(&rt, get(&rt, m, "pack"), &args).unwrap();
        let size = call(&rt, get(&rt, m, "calcsize"), &[f]).unwrap();
        prop_assert_eq!(size.as_small_int().unwrap() as usize, bytes_of(&rt, packed).len());
        let unpacked = call(&rt, get(&rt, m, "unpack"), &[f, packed]).unwrap();
        let expected = new_tuple(&rt, &vals).unwrap();
        prop_assert!(
            rt.equal(unpacked, expected).unwrap(),
            "{} -> {} != {}", fmt, repr(&rt, unpacked), repr(&rt, expected)
        );
    }

    #[test]
    fn half_floats_round_trip(bits in any::<u16>()) {
        let x = f16_to_f64(bits);
        let back = f64_to_f16(x).unwrap();
        if x.is_nan() {
            prop_assert!(back & 0x7c00 == 0x7c00 && back & 0x3ff != 0);
        } else {
            prop_assert_eq!(back, bits);
        }
    }
}
