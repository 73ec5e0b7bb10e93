//! Test helpers: a runtime, Python-level calls into the `machine` module,
//! and a scheduler that records what interrupts raised.
#![allow(dead_code)]
// `SmallInt` is `i32` on 32-bit targets.
#![allow(clippy::unnecessary_cast)]

use std::sync::{Mutex, MutexGuard};

use pyrite_gc::Heap;
use pyrite_obj::types::dict::{Dict, new_dict};
use pyrite_obj::types::exc::{self, ExcObj};
use pyrite_obj::types::tuple::Tuple;
use pyrite_obj::{Args, Exc, PyResult, Rt, Type, Value};

/// The `machine` state is global (one board per firmware): tests that
/// install a board run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn runtime() -> Rt {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 1 << 20].into_boxed_slice());
    Rt::new(Heap::new(region))
}

/// A fresh `machine` module dict.
pub fn machine(rt: &Rt) -> Value {
    let d = new_dict(rt).unwrap();
    pyrite_hal::init_machine(rt, d).unwrap();
    d
}

pub fn q(rt: &Rt, name: &str) -> Value {
    Value::qstr(rt.intern(name.as_bytes()).unwrap())
}

/// `machine.<name>`.
pub fn get(rt: &Rt, m: Value, name: &str) -> Value {
    let d = rt.downcast::<Dict>(m).unwrap();
    d.map()
        .get(rt, q(rt, name))
        .unwrap()
        .unwrap_or_else(|| panic!("machine.{name} missing"))
}

fn kw_values(rt: &Rt, kw: &[(&str, Value)]) -> Vec<Value> {
    kw.iter().flat_map(|&(k, v)| [q(rt, k), v]).collect()
}

/// `f(*pos, **kw)`.
pub fn call(rt: &Rt, f: Value, pos: &[Value], kw: &[(&str, Value)]) -> PyResult {
    let kw = kw_values(rt, kw);
    rt.call(f, Args { pos, kw: &kw })
}

/// `obj.name(*pos, **kw)`, through `load_method` as the VM does.
pub fn meth(rt: &Rt, obj: Value, name: &str, pos: &[Value], kw: &[(&str, Value)]) -> PyResult {
    let mut dest = [Value::NULL; 2];
    rt.load_method(obj, rt.intern(name.as_bytes()).unwrap(), &mut dest)?;
    let mut all = Vec::new();
    if !dest[1].is_null() {
        all.push(dest[1]);
    }
    all.extend_from_slice(pos);
    let kw = kw_values(rt, kw);
    rt.call(dest[0], Args { pos: &all, kw: &kw })
}

/// `Type.NAME` (a class constant).
pub fn attr(rt: &Rt, obj: Value, name: &str) -> Value {
    rt.load_attr(obj, rt.intern(name.as_bytes()).unwrap())
        .unwrap()
}

pub fn int(i: i64) -> Value {
    Value::small_int(i).unwrap()
}

pub fn bytes(rt: &Rt, b: &[u8]) -> Value {
    pyrite_obj::types::str::new_str(rt, &pyrite_obj::types::str::BYTES_TYPE, b).unwrap()
}

pub fn string(rt: &Rt, s: &str) -> Value {
    pyrite_obj::types::str::new_str(rt, &pyrite_obj::types::str::STR_TYPE, s.as_bytes()).unwrap()
}

pub fn bytearray(rt: &Rt, b: &[u8]) -> Value {
    pyrite_obj::types::bytearray::new_bytearray(rt, b).unwrap()
}

/// The contents of a `bytes` or `bytearray`.
pub fn contents(rt: &Rt, v: Value) -> Vec<u8> {
    if let Some(b) = rt.str_bytes(v) {
        return b.to_vec();
    }
    rt.downcast::<pyrite_obj::types::bytearray::ByteArray>(v)
        .expect("bytes or bytearray")
        .bytes()
        .to_vec()
}

pub fn repr(rt: &Rt, v: Value) -> String {
    let s = rt.repr(v).unwrap();
    String::from_utf8(rt.str_bytes(s).unwrap().to_vec()).unwrap()
}

pub fn list_ints(rt: &Rt, v: Value) -> Vec<i64> {
    let l = rt
        .downcast::<pyrite_obj::types::list::List>(v)
        .expect("a list");
    (0..l.len())
        .map(|i| l.get(i).unwrap().as_small_int().unwrap() as i64)
        .collect()
}

/// Asserts `r` raised an instance of `ty`; returns the exception's args.
pub fn raises(rt: &Rt, r: PyResult, ty: &Type) -> Vec<Value> {
    let e: Exc = match r {
        Ok(v) => panic!("expected an exception, got {}", repr(rt, v)),
        Err(e) => e,
    };
    let got = rt.type_of(e.0);
    assert!(
        got.is_subtype_of(ty),
        "expected {}, got {}",
        String::from_utf8_lossy(rt.qstr_text(ty.name)),
        repr(rt, e.0)
    );
    let args = rt.downcast::<ExcObj>(e.0).unwrap().args.get();
    rt.downcast::<Tuple>(args)
        .map(|t| t.items().to_vec())
        .unwrap_or_default()
}

/// The errno of an `OSError`.
pub fn errno(rt: &Rt, r: PyResult) -> i64 {
    let args = raises(rt, r, &exc::OS_ERROR);
    args[0].as_small_int().unwrap() as i64
}

/// A scheduler that records `(handler, arg, hard)` as raw words, with room
/// for `cap` scheduled entries.
pub struct RecordingScheduler {
    pub log: Mutex<Vec<(usize, usize, bool)>>,
    pub cap: usize,
}

impl RecordingScheduler {
    pub fn leak(cap: usize) -> &'static RecordingScheduler {
        Box::leak(Box::new(RecordingScheduler {
            log: Mutex::new(Vec::new()),
            cap,
        }))
    }

    pub fn take(&self) -> Vec<(usize, usize, bool)> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

impl pyrite_hal::Scheduler for RecordingScheduler {
    fn schedule(&self, f: Value, arg: Value) -> bool {
        let mut log = self.log.lock().unwrap();
        if log.len() >= self.cap {
            return false;
        }
        log.push((f.to_bits(), arg.to_bits(), false));
        true
    }

    fn call_hard(&self, f: Value, arg: Value) {
        self.log
            .lock()
            .unwrap()
            .push((f.to_bits(), arg.to_bits(), true));
    }
}
