//! Shared helpers: a runtime, module dicts, calls, and values from Rust.

#![allow(dead_code)]

use pyrite_gc::Heap;
use pyrite_obj::types::dict::{Dict, new_dict};
use pyrite_obj::types::num;
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE, new_str};
use pyrite_obj::{Args, PyResult, Rt, Value};

/// A runtime over a fresh 4 MiB heap.
pub fn runtime() -> Rt {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 4 << 20].into_boxed_slice());
    Rt::new(Heap::new(region))
}

/// A module dict filled by `init`.
pub fn module(rt: &Rt, init: fn(&Rt, Value) -> PyResult<()>) -> Value {
    let d = new_dict(rt).unwrap();
    init(rt, d).unwrap();
    d
}

/// `dict[name]`.
pub fn get(rt: &Rt, dict: Value, name: &str) -> Value {
    let key = Value::qstr(rt.intern(name.as_bytes()).unwrap());
    rt.downcast::<Dict>(dict)
        .unwrap()
        .map()
        .get(rt, key)
        .unwrap()
        .unwrap_or_else(|| panic!("no {name} in module"))
}

/// `f(*args)`.
pub fn call(rt: &Rt, f: Value, args: &[Value]) -> PyResult {
    rt.call(f, Args::positional(args))
}

/// `f(*args, **kw)`.
pub fn call_kw(rt: &Rt, f: Value, args: &[Value], kw: &[(&str, Value)]) -> PyResult {
    let mut flat = Vec::new();
    for (k, v) in kw {
        flat.push(Value::qstr(rt.intern(k.as_bytes()).unwrap()));
        flat.push(*v);
    }
    rt.call(
        f,
        Args {
            pos: args,
            kw: &flat,
        },
    )
}

/// `obj.name(*args)`, as the VM calls methods.
pub fn call_method(rt: &Rt, obj: Value, name: &str, args: &[Value]) -> PyResult {
    let q = rt.intern(name.as_bytes()).unwrap();
    let mut dest = [Value::NULL; 2];
    rt.load_method(obj, q, &mut dest)?;
    let mut all = vec![dest[1]];
    all.extend_from_slice(args);
    let pos = if dest[1].is_null() {
        &all[1..]
    } else {
        &all[..]
    };
    rt.call(dest[0], Args::positional(pos))
}

/// `repr(v)`.
pub fn repr(rt: &Rt, v: Value) -> String {
    let s = rt.repr(v).expect("repr");
    String::from_utf8(rt.str_bytes(s).unwrap().to_vec()).unwrap()
}

/// `"ExcType: message"` of a raised exception.
pub fn exc_text(rt: &Rt, r: PyResult) -> String {
    match r {
        Ok(v) => format!("ok {}", repr(rt, v)),
        Err(e) => {
            let ty = rt.type_of(e.0);
            let name = String::from_utf8_lossy(rt.qstr_text(ty.name)).into_owned();
            let msg = rt.str(e.0).map(|s| repr_str(rt, s)).unwrap_or_default();
            format!("{name}: {msg}")
        }
    }
}

fn repr_str(rt: &Rt, s: Value) -> String {
    String::from_utf8_lossy(rt.str_bytes(s).unwrap_or(b"")).into_owned()
}

/// A small or big int.
pub fn int(rt: &Rt, i: i128) -> Value {
    num::int_from_i128(rt, i).unwrap()
}

/// A `bytes` object.
pub fn bytes(rt: &Rt, b: &[u8]) -> Value {
    new_str(rt, &BYTES_TYPE, b).unwrap()
}

/// A `str` object.
pub fn text(rt: &Rt, s: &str) -> Value {
    new_str(rt, &STR_TYPE, s.as_bytes()).unwrap()
}

/// The bytes of a `bytes` value.
pub fn bytes_of(rt: &Rt, v: Value) -> Vec<u8> {
    rt.str_bytes(v).expect("bytes").to_vec()
}

/// Lowercase hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A deterministic pseudo-random generator (xorshift64*), for corpora.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// Runs `python3` on a script, or `None` (with a message) when there is no
/// `python3`.
pub fn python(script: &str) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let child = Command::new("python3")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("skipping the CPython comparison: cannot run python3 ({e})");
            return None;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// A value described once, made both as a Python literal and a `Value`.
#[derive(Clone, Debug)]
pub enum PyVal {
    Int(i128),
    Float(f64),
    Bytes(Vec<u8>),
    Bool(bool),
    Str(String),
}

impl PyVal {
    /// Python source for the value.
    pub fn literal(&self) -> String {
        match self {
            PyVal::Int(i) => i.to_string(),
            PyVal::Float(x) if x.is_nan() => "float('nan')".into(),
            PyVal::Float(x) if x.is_infinite() => {
                if *x > 0.0 {
                    "float('inf')".into()
                } else {
                    "float('-inf')".into()
                }
            }
            PyVal::Float(x) => format!("{x:?}"),
            PyVal::Bytes(b) => {
                let mut s = String::from("b'");
                for &c in b {
                    s.push_str(&format!("\\x{c:02x}"));
                }
                s.push('\'');
                s
            }
            PyVal::Bool(b) => {
                if *b {
                    "True".into()
                } else {
                    "False".into()
                }
            }
            PyVal::Str(s) => format!("{s:?}"),
        }
    }

    /// The value in the runtime.
    pub fn value(&self, rt: &Rt) -> Value {
        match self {
            PyVal::Int(i) => int(rt, *i),
            PyVal::Float(x) => Value::float(*x as pyrite_obj::Float),
            PyVal::Bytes(b) => bytes(rt, b),
            PyVal::Bool(b) => Value::bool(*b),
            PyVal::Str(s) => text(rt, s),
        }
    }
}
