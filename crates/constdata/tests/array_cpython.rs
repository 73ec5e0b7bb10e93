//! `array` agrees with CPython's on a generated corpus: construction from
//! lists (including out-of-range and wrong-typed items), reprs, bytes,
//! slicing, slice assignment and deletion, concatenation, repetition and
//! comparisons. Skipped with a message when `python3` is absent.

mod common;

use common::*;
use pyrite_constdata::init_array;
use pyrite_obj::object::SubscrOp;
use pyrite_obj::types::slice::new_slice;
use pyrite_obj::{BinaryOp, PyResult, Rt, Value};

const CODES: &[u8] = b"bBhHiIlLqQfd";

fn range(tc: u8) -> (i128, i128) {
    let bits = match tc {
        b'b' | b'B' => 8,
        b'h' | b'H' => 16,
        b'i' | b'I' => 32,
        b'l' | b'L' => usize::BITS,
        _ => 64,
    };
    if tc.is_ascii_uppercase() {
        (0, (1i128 << bits) - 1)
    } else {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    }
}

fn value(rng: &mut Rng, tc: u8) -> PyVal {
    if matches!(tc, b'f' | b'd') {
        return match rng.below(8) {
            0 => PyVal::Int(rng.below(1000) as i128 - 500),
            1 => PyVal::Float(*rng.pick(&[0.1, 1e39, -0.0, f64::INFINITY, 3.4028235e38])),
            _ => PyVal::Float((rng.below(100000) as f64 - 50000.0) / 64.0),
        };
    }
    let (lo, hi) = range(tc);
    match rng.below(30) {
        0 => PyVal::Int(hi + 1),
        1 => PyVal::Int(lo - 1),
        2 => PyVal::Float(1.0),
        3 => PyVal::Bool(true),
        _ => {
            let span = (hi - lo) as u128 + 1;
            let r = ((rng.next() as u128) << 64 | rng.next() as u128) % span;
            PyVal::Int(lo + r as i128)
        }
    }
}

fn show(rt: &Rt, r: PyResult) -> String {
    match r {
        Ok(v) => repr(rt, v),
        Err(e) => format!("ERR {}", exc_text(rt, Err(e))),
    }
}

fn slice_of(rt: &Rt, rng: &mut Rng) -> (String, Value) {
    let part = |rng: &mut Rng| -> Option<i64> {
        match rng.below(3) {
            0 => None,
            _ => Some(rng.below(9) as i64 - 4),
        }
    };
    let (a, b) = (part(rng), part(rng));
    let step = *rng.pick(&[None, Some(1i64), Some(2), Some(-1), Some(-2)]);
    let txt = |p: Option<i64>| p.map_or(String::new(), |x| x.to_string());
    let v = |p: Option<i64>| p.map_or(Value::NONE, |x| Value::small_int(x).unwrap());
    let py = format!("{}:{}:{}", txt(a), txt(b), txt(step));
    (py, new_slice(rt, v(a), v(b), v(step)).unwrap())
}

#[test]
fn arrays_agree_with_cpython() {
    let rt = runtime();
    let m = module(&rt, init_array);
    let array = get(&rt, m, "array");
    let mut rng = Rng(0xa77a_0000_1111_2222);
    let mut python_lines = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..250 {
        let tc = *rng.pick(CODES) as char;
        let n = rng.below(6);
        let vals: Vec<PyVal> = (0..n).map(|_| value(&mut rng, tc as u8)).collect();
        let lits: Vec<_> = vals.iter().map(PyVal::literal).collect();
        let list = format!("[{}]", lits.join(", "));
        let tcv = text(&rt, &tc.to_string());
        let lv = pyrite_obj::types::list::new_list(
            &rt,
            &vals.iter().map(|v| v.value(&rt)).collect::<Vec<_>>(),
        )
        .unwrap();
        let made = call(&rt, array, &[tcv, lv]);
        python_lines.push(format!(
            "if not mk({:?}, {list}): print(0)\nelse:\n    pass",
            tc.to_string()
        ));
        ours.push(show(&rt, made));
        let Ok(a) = made else {
            ours.push("0".into());
            continue;
        };
        python_lines.push("show(lambda: a.tobytes().hex())".into());
        ours.push(show(
            &rt,
            call_method(&rt, a, "tobytes", &[]).map(|b| text(&rt, &hex(&bytes_of(&rt, b)))),
        ));
        // A slice read.
        let (sl, s) = slice_of(&rt, &mut rng);
        python_lines.push(format!("show(lambda: a[{sl}])"));
        ours.push(show(&rt, rt.subscr(a, s, SubscrOp::Load)));
        // A slice assignment from a copy of part of itself, or deletion.
        let (sl, s) = slice_of(&rt, &mut rng);
        let (sl2, s2) = slice_of(&rt, &mut rng);
        if rng.below(2) == 0 {
            python_lines.push("b = array(a.typecode, a)".into());
            python_lines.push(format!("show_stmt('b[{sl}] = b[{sl2}]', b)"));
            let b = call(&rt, array, &[tcv, a]).unwrap();
            let r = rt
                .subscr(b, s2, SubscrOp::Load)
                .and_then(|src| rt.subscr(b, s, SubscrOp::Store(src)));
            ours.push(match r {
                Ok(_) => repr(&rt, b),
                Err(e) => format!("ERR {}", exc_text(&rt, Err(e))),
            });
        } else {
            python_lines.push("b = array(a.typecode, a)".into());
            python_lines.push(format!("show_stmt('del b[{sl}]', b)"));
            let b = call(&rt, array, &[tcv, a]).unwrap();
            let r = rt.subscr(b, s, SubscrOp::Delete);
            ours.push(match r {
                Ok(_) => repr(&rt, b),
                Err(e) => format!("ERR {}", exc_text(&rt, Err(e))),
            });
        }
        // Operators.
        python_lines.push("show(lambda: a + a)".into());
        ours.push(show(&rt, rt.binary_op(BinaryOp::Add, a, a)));
        python_lines.push("show(lambda: a * 2)".into());
        ours.push(show(&rt, rt.binary_op(BinaryOp::Multiply, a, int(&rt, 2))));
        python_lines
            .push("show(lambda: (a == array('d', a), a < array('q', [1, 2]), a == a[:-1]))".into());
        let d = call(&rt, array, &[text(&rt, "d"), a]).unwrap();
        let q = call(
            &rt,
            array,
            &[
                text(&rt, "q"),
                pyrite_obj::types::list::new_list(&rt, &[int(&rt, 1), int(&rt, 2)]).unwrap(),
            ],
        )
        .unwrap();
        let trunc = rt
            .subscr(
                a,
                new_slice(&rt, Value::NONE, int(&rt, -1), Value::NONE).unwrap(),
                SubscrOp::Load,
            )
            .unwrap();
        let t = (|| -> PyResult {
            let x = rt.binary_op(BinaryOp::Equal, a, d)?;
            let y = rt.binary_op(BinaryOp::Less, a, q)?;
            let z = rt.binary_op(BinaryOp::Equal, a, trunc)?;
            pyrite_obj::types::tuple::new_tuple(&rt, &[x, y, z])
        })();
        ours.push(show(&rt, t));
    }
    let mut script = String::from(
        "import sys\nfrom array import array\nexact = sys.version_info[:2] == (3, 11)\n\
         def err(e): return 'ERR %s: %s' % (type(e).__name__, e if exact else '?')\n\
         def show(f):\n    try: print(repr(f()))\n    except Exception as e: print(err(e))\n\
         def show_stmt(s, b):\n    try: exec(s, {'b': b}); print(repr(b))\n    except Exception as e: print(err(e))\n\
         def mk(tc, vals):\n    global a\n    try: a = array(tc, vals)\n    except Exception as e:\n        print(err(e)); return False\n    print(repr(a)); return True\n",
    );
    for l in &python_lines {
        if !l.starts_with("if not mk(") {
            script.push_str("    ");
        }
        script.push_str(l);
        script.push('\n');
    }
    let Some(expected) = python(&script) else {
        return;
    };
    let expected: Vec<_> = expected.lines().collect();
    assert_eq!(expected.len(), ours.len(), "line count");
    for (i, (want, got)) in expected.iter().zip(&ours).enumerate() {
        let mut got = got.clone();
        if want.ends_with(": ?") && got.starts_with("ERR") {
            got = format!("{}: ?", got.split(':').next().unwrap());
        }
        assert_eq!(&got, want, "output line {i} of the script:\n{script}");
    }
}
