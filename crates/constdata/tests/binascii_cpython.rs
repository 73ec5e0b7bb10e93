//! `binascii` agrees with CPython's on a generated corpus (hex with
//! separators, base64 both ways including malformed input, CRC-32 with
//! running values), and its errors are `binascii.Error`, a `ValueError`.
//! The corpus comparison is skipped with a message when `python3` is absent.

mod common;

use common::*;
use pyrite_constdata::ubinascii::crc32;
use pyrite_constdata::{BINASCII_ERROR, init_binascii};
use pyrite_obj::Rt;
use pyrite_obj::types::exc;

fn random_bytes(rng: &mut Rng, max: u64) -> Vec<u8> {
    let n = rng.below(max + 1);
    (0..n).map(|_| rng.below(256) as u8).collect()
}

/// One call: Python source and our result, printed the same way.
struct Case {
    python: String,
    ours: String,
}

fn show(rt: &Rt, r: pyrite_obj::PyResult) -> String {
    match r {
        Ok(v) => repr(rt, v),
        Err(e) => format!("ERR {}", exc_text(rt, Err(e))),
    }
}

fn cases(rt: &Rt, m: pyrite_obj::Value) -> Vec<Case> {
    let mut rng = Rng(0xb1a5_c111_0000_0042);
    let mut out = Vec::new();
    for _ in 0..150 {
        let data = random_bytes(&mut rng, 12);
        let lit = PyVal::Bytes(data.clone()).literal();
        let d = bytes(rt, &data);
        // hexlify, with and without separators
        let sep = *rng.pick(&[None, Some(":"), Some("-")]);
        let per = *rng.pick(&[1i128, 2, 3, -2, -3, 0]);
        let (python, r) = match sep {
            None => (
                format!("binascii.hexlify({lit})"),
                call(rt, get(rt, m, "hexlify"), &[d]),
            ),
            Some(s) => (
                format!("binascii.hexlify({lit}, {s:?}, {per})"),
                call(rt, get(rt, m, "hexlify"), &[d, text(rt, s), int(rt, per)]),
            ),
        };
        out.push(Case {
            python,
            ours: show(rt, r),
        });
        // base64 out
        let nl = rng.below(2) == 0;
        out.push(Case {
            python: format!(
                "binascii.b2a_base64({lit}, newline={})",
                if nl { "True" } else { "False" }
            ),
            ours: show(
                rt,
                call_kw(
                    rt,
                    get(rt, m, "b2a_base64"),
                    &[d],
                    &[("newline", pyrite_obj::Value::bool(nl))],
                ),
            ),
        });
        // crc32, fresh and running
        let start = *rng.pick(&[0i128, 1, 0xffff_ffff, -1, 123_456_789, 1 << 40]);
        out.push(Case {
            python: format!("binascii.crc32({lit}, {start})"),
            ours: show(rt, call(rt, get(rt, m, "crc32"), &[d, int(rt, start)])),
        });
        // base64 in: mostly valid text with noise, padding and truncation
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let n = rng.below(12);
        let mut s = String::new();
        for _ in 0..n {
            let c = match rng.below(10) {
                0 => *rng.pick(b"= \n!*"),
                _ => *rng.pick(alphabet),
            };
            s.push(c as char);
        }
        if rng.below(3) == 0 {
            let pads = ["=", "==", "==="];
            let pad = pads[rng.below(3) as usize];
            s.push_str(pad);
        }
        out.push(Case {
            python: format!("binascii.a2b_base64({s:?})"),
            ours: show(rt, call(rt, get(rt, m, "a2b_base64"), &[text(rt, &s)])),
        });
        // hex in
        let n = rng.below(8);
        let h: String = (0..n)
            .map(|_| *rng.pick(b"0123456789abcdefABCDEFxg") as char)
            .collect();
        out.push(Case {
            python: format!("binascii.unhexlify({h:?})"),
            ours: show(rt, call(rt, get(rt, m, "unhexlify"), &[text(rt, &h)])),
        });
    }
    out
}

#[test]
fn binascii_agrees_with_cpython() {
    let rt = runtime();
    let m = module(&rt, init_binascii);
    let cases = cases(&rt, m);
    let mut script = String::from(
        "import binascii, sys\nexact = sys.version_info[:2] == (3, 11)\n\
         def run(f):\n    try: print(repr(f()))\n    except Exception as e: print('ERR %s: %s' % (type(e).__name__, e if exact else '?'))\n",
    );
    for c in &cases {
        script.push_str(&format!("run(lambda: {})\n", c.python));
    }
    let Some(expected) = python(&script) else {
        return;
    };
    for (c, want) in cases.iter().zip(expected.lines()) {
        let mut got = c.ours.clone();
        if want.ends_with(": ?") && got.starts_with("ERR") {
            got = format!("{}: ?", got.split(':').next().unwrap());
        }
        assert_eq!(got, want, "{}", c.python);
    }
}

#[test]
fn errors_are_binascii_error_a_value_error() {
    let rt = runtime();
    let m = module(&rt, init_binascii);
    assert!(BINASCII_ERROR.is_subtype_of(&exc::VALUE_ERROR));
    let r = call(&rt, get(&rt, m, "unhexlify"), &[text(&rt, "abc")]);
    assert_eq!(exc_text(&rt, r), "Error: Odd-length string");
    let r = call(&rt, get(&rt, m, "unhexlify"), &[bytes(&rt, b"zz")]);
    assert_eq!(exc_text(&rt, r), "Error: Non-hexadecimal digit found");
    let r = call(&rt, get(&rt, m, "unhexlify"), &[int(&rt, 1)]);
    assert_eq!(
        exc_text(&rt, r),
        "TypeError: argument should be bytes, buffer or ASCII string, not 'int'"
    );
    let r = call(&rt, get(&rt, m, "hexlify"), &[text(&rt, "ab")]);
    assert_eq!(
        exc_text(&rt, r),
        "TypeError: a bytes-like object is required, not 'str'"
    );
    let r = call(&rt, get(&rt, m, "a2b_base64"), &[text(&rt, "YWJjZA=")]);
    assert_eq!(exc_text(&rt, r), "Error: Incorrect padding");
}

#[test]
fn crc32_matches_the_check_value() {
    // The standard CRC-32 check value.
    assert_eq!(crc32(b"123456789", 0), 0xcbf4_3926);
    // Running values compose.
    assert_eq!(crc32(b"6789", crc32(b"12345", 0)), 0xcbf4_3926);
}
