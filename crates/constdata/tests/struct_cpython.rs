//! `struct` agrees with CPython's on a generated corpus: for a few hundred
//! random formats and values, the packed bytes, the unpacked values, the
//! size and (on CPython 3.11, whose wording Pyrite follows) the error
//! messages are the same. Skipped with a message when `python3` is absent.

mod common;

use common::*;
use pyrite_constdata::init_struct;
use pyrite_obj::{Rt, Value};

const CODES: &[u8] = b"xcbB?hHiIlLqQefdspP";
const ORDERS: &[&str] = &["", "@", "=", "<", ">", "!"];

fn int_range(code: u8, standard: bool) -> (i128, i128) {
    let bits: u32 = match code {
        b'b' | b'B' => 8,
        b'h' | b'H' => 16,
        b'i' | b'I' => 32,
        b'l' | b'L' if standard => 32,
        b'l' | b'L' | b'P' => usize::BITS,
        _ => 64,
    };
    if matches!(code, b'B' | b'H' | b'I' | b'L' | b'Q' | b'P') {
        (0, (1i128 << bits) - 1)
    } else {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    }
}

fn random_float(rng: &mut Rng) -> f64 {
    match rng.below(12) {
        0 => *rng.pick(&[0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN]),
        1 => *rng.pick(&[65504.0, 65520.0, 65519.99, 6.1e-5, 5.96e-8, 2.98e-8, 1e-8]),
        2 => *rng.pick(&[3.4028235e38, 3.5e38, 1e39, 1.17549435e-38, 1e-46, 1e300]),
        3 => (rng.below(2000) as f64 - 1000.0) / 8.0,
        _ => {
            let mant = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            let exp = rng.below(60) as i32 - 30;
            let sign = if rng.below(2) == 0 { 1.0 } else { -1.0 };
            sign * mant * 2f64.powi(exp)
        }
    }
}

fn random_value(rng: &mut Rng, code: u8, count: usize, standard: bool) -> PyVal {
    let wrong = rng.below(10) == 0;
    match code {
        b'c' => {
            if wrong {
                rng.pick(&[
                    PyVal::Bytes(b"ab".to_vec()),
                    PyVal::Int(1),
                    PyVal::Str("a".into()),
                ])
                .clone()
            } else {
                PyVal::Bytes(vec![rng.below(256) as u8])
            }
        }
        b's' | b'p' => {
            if wrong {
                rng.pick(&[PyVal::Str("ab".into()), PyVal::Int(3)]).clone()
            } else {
                let n = rng.below(count as u64 + 3) as usize;
                PyVal::Bytes((0..n).map(|_| rng.below(256) as u8).collect())
            }
        }
        b'?' => match rng.below(4) {
            0 => PyVal::Bool(rng.below(2) == 0),
            1 => PyVal::Int(rng.below(3) as i128),
            2 => PyVal::Float(random_float(rng)),
            _ => PyVal::Bytes(vec![0; rng.below(2) as usize]),
        },
        b'e' | b'f' | b'd' => {
            if wrong {
                rng.pick(&[
                    PyVal::Bytes(b"x".to_vec()),
                    PyVal::Int(1 << 100),
                    PyVal::Bool(true),
                ])
                .clone()
            } else if rng.below(6) == 0 {
                PyVal::Int(rng.below(100000) as i128 - 50000)
            } else {
                PyVal::Float(random_float(rng))
            }
        }
        _ => {
            let (lo, hi) = int_range(code, standard);
            if wrong {
                return rng
                    .pick(&[
                        PyVal::Int(hi + 1),
                        PyVal::Int(lo - 1),
                        PyVal::Int(1 << 70),
                        PyVal::Int(-(1 << 70)),
                        PyVal::Float(1.0),
                        PyVal::Bytes(b"1".to_vec()),
                        PyVal::Bool(true),
                    ])
                    .clone();
            }
            match rng.below(5) {
                0 => PyVal::Int(*rng.pick(&[lo, hi, 0, 1, -1i128.max(lo)])),
                _ => {
                    let span = (hi - lo) as u128 + 1;
                    let r = ((rng.next() as u128) << 64 | rng.next() as u128) % span;
                    PyVal::Int(lo + r as i128)
                }
            }
        }
    }
}

/// A random format and values for it.
fn random_case(rng: &mut Rng) -> (String, Vec<PyVal>) {
    let order = *rng.pick(ORDERS);
    let standard = !order.is_empty() && order != "@";
    let mut fmt = String::from(order);
    let mut values = Vec::new();
    let n_items = 1 + rng.below(5);
    for _ in 0..n_items {
        let mut code = *rng.pick(CODES);
        if code == b'P' && standard {
            code = b'Q';
        }
        let count = match rng.below(4) {
            0 if matches!(code, b's' | b'p') => 1 + rng.below(6) as usize,
            0 => rng.below(4) as usize,
            _ => 1,
        };
        if rng.below(8) == 0 {
            fmt.push(' ');
        }
        if count != 1 || (matches!(code, b's' | b'p') && rng.below(2) == 0) {
            fmt.push_str(&count.to_string());
        }
        fmt.push(code as char);
        let n_values = match code {
            b'x' => 0,
            b's' | b'p' => 1,
            _ => count,
        };
        for _ in 0..n_values {
            values.push(random_value(rng, code, count, standard));
        }
    }
    // Sometimes the wrong number of values.
    match rng.below(25) {
        0 => {
            values.pop();
        }
        1 => values.push(PyVal::Int(1)),
        _ => {}
    }
    (fmt, values)
}

fn ours(rt: &Rt, m: Value, fmt: &str, values: &[PyVal]) -> String {
    let f = text(rt, fmt);
    let mut args = vec![f];
    args.extend(values.iter().map(|v| v.value(rt)));
    let packed = match call(rt, get(rt, m, "pack"), &args) {
        Ok(b) => b,
        Err(e) => return format!("ERR {}", exc_text(rt, Err(e))),
    };
    let size = call(rt, get(rt, m, "calcsize"), &[f]).unwrap();
    let unpacked = call(rt, get(rt, m, "unpack"), &[f, packed]).unwrap();
    format!(
        "OK {} {} {}",
        repr(rt, size),
        hex(&bytes_of(rt, packed)),
        repr(rt, unpacked)
    )
}

const PRELUDE: &str = r#"
import struct, sys
exact = sys.version_info[:2] == (3, 11)
def run(fmt, vals):
    try:
        b = struct.pack(fmt, *vals)
    except Exception as e:
        msg = str(e) if exact else '?'
        print('ERR %s: %s' % (type(e).__name__, msg))
        return
    print('OK %d %s %r' % (struct.calcsize(fmt), b.hex(), struct.unpack(fmt, b)))
"#;

#[test]
fn pack_and_unpack_agree_with_cpython() {
    let rt = runtime();
    let m = module(&rt, init_struct);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let cases: Vec<_> = (0..600).map(|_| random_case(&mut rng)).collect();
    let mut script = String::from(PRELUDE);
    for (fmt, values) in &cases {
        let vals: Vec<_> = values.iter().map(PyVal::literal).collect();
        script.push_str(&format!("run({fmt:?}, [{}])\n", vals.join(", ")));
    }
    let Some(expected) = python(&script) else {
        return;
    };
    let exact = !expected.contains(": ?");
    let mut failures = Vec::new();
    for ((fmt, values), want) in cases.iter().zip(expected.lines()) {
        let mut got = ours(&rt, m, fmt, values);
        if !exact && got.starts_with("ERR") {
            got = format!("{}: ?", got.split(':').next().unwrap());
        }
        if got != want {
            failures.push(format!("{fmt:?} {values:?}\n  want {want}\n  got  {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn format_errors_agree_with_cpython() {
    let rt = runtime();
    let m = module(&rt, init_struct);
    let mut rng = Rng(0x0f0f_7777_1234_5678);
    let alphabet = b"bhiq3 0x<>@!=s2pzP9";
    let formats: Vec<String> = (0..300)
        .map(|_| {
            let n = rng.below(6) as usize;
            (0..n).map(|_| *rng.pick(alphabet) as char).collect()
        })
        .collect();
    let mut script = String::from("import struct, sys\nexact = sys.version_info[:2] == (3, 11)\n");
    script.push_str("def run(f):\n    try: print('OK', struct.calcsize(f))\n    except Exception as e: print('ERR %s: %s' % (type(e).__name__, str(e) if exact else '?'))\n");
    for f in &formats {
        script.push_str(&format!("run({f:?})\n"));
    }
    let Some(expected) = python(&script) else {
        return;
    };
    for (f, want) in formats.iter().zip(expected.lines()) {
        let r = call(&rt, get(&rt, m, "calcsize"), &[text(&rt, f)]);
        let got = match r {
            Ok(v) => format!("OK {}", repr(&rt, v)),
            Err(e) => {
                let t = exc_text(&rt, Err(e));
                if want.ends_with(": ?") {
                    format!("ERR {}: ?", t.split(':').next().unwrap())
                } else {
                    format!("ERR {t}")
                }
            }
        };
        assert_eq!(got, want, "calcsize({f:?})");
    }
}
