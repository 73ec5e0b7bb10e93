//! Frozen modules on the host port, through the same path as the boards:
//! `build.rs` runs `pyrite-freeze` on `tests/frozen/manifest.txt`, the
//! generated statics are compiled in here, and the VM imports them.
//!
//! The proof of issue 6: importing a frozen module whose constants are a
//! 10 KiB `bytes`, a 2 KiB `str`, a big int and a 100-tuple grows the heap
//! by less than 1 KiB, the constants lie outside the heap, and the same
//! file imported from the file system grows it by more than 12 KiB.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use pyrite_gc::Heap;
use pyrite_obj::{PyResult, Sink};
use pyrite_port_unix::STD_FS;
use pyrite_vm::{Mode, Vm, VmBox, VmConfig};

include!(concat!(env!("OUT_DIR"), "/frozen_test.rs"));

#[derive(Clone, Default)]
struct Capture(Rc<RefCell<Vec<u8>>>);

impl Sink for Capture {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// Runs `f` with a fresh VM (frozen test modules, host file system) on a
/// thread with a large stack.
fn with_vm<R: Send + 'static>(f: impl FnOnce(&Vm, &Capture) -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let anchor = 0usize;
            let base = std::hint::black_box(&anchor) as *const usize as usize + 8;
            inner(base, f)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[inline(never)]
fn inner<R>(base: usize, f: impl FnOnce(&Vm, &Capture) -> R) -> R {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 4 << 20].into_boxed_slice());
    let config = VmConfig {
        import_fs: Some(&STD_FS),
        ..VmConfig::default()
    };
    let vm: VmBox = Vm::new(Heap::new(region), config).expect("vm");
    vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
    vm.set_frozen(FROZEN_TEST);
    let cap = Capture::default();
    vm.set_stdout(Box::new(cap.clone()));
    f(&vm, &cap)
}

/// Runs `src`; the output, or the exception's text.
fn run(vm: &Vm, cap: &Capture, src: &str) -> String {
    if let Err(e) = vm.exec_source(src.as_bytes(), "<test>", Mode::File) {
        let line = vm.rt().repr(e.0).ok().and_then(|r| {
            vm.rt()
                .str_bytes(r)
                .map(|b| String::from_utf8_lossy(b).into_owned())
        });
        panic!("{src}\nraised {line:?}\noutput:\n{}", cap.text());
    }
    cap.text()
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-frozen-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn source(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `name=value` lines of the output.
fn field(out: &str, name: &str) -> i64 {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in:\n{out}"))
}

const MEASURE: &str = "
import gc
gc.collect()
before = gc.mem_alloc()
import MOD
gc.collect()
after = gc.mem_alloc()
print('growth=%d' % (after - before))
print('blob=%d' % id(MOD.BLOB))
print('text=%d' % id(MOD.TEXT))
print('big=%d' % id(MOD.BIG))
print('numbers=%d' % id(MOD.NUMBERS))
print('ok=%d' % (len(MOD.BLOB) == 10240 and len(MOD.TEXT) == 2048
      and MOD.BIG == 0xDEADBEEF0000DEADBEEF and len(MOD.NUMBERS) == 100))
";

#[test]
fn frozen_constants_cost_no_ram() {
    let (out, heap) = with_vm(|vm, cap| {
        let out = run(vm, cap, &MEASURE.replace("MOD", "frozen_proof"));
        let heap = vm.rt().heap();
        let outside = ["blob", "text", "big", "numbers"]
            .iter()
            .all(|n| !heap.contains(field(&out, n) as usize as *const u8));
        (out, outside)
    });
    let growth = field(&out, "growth");
    println!("frozen import: heap grew by {growth} bytes");
    assert_eq!(field(&out, "ok"), 1, "{out}");
    assert!(
        growth < 1024,
        "frozen import grew the heap by {growth} bytes"
    );
    assert!(heap, "the constants lie outside the GC heap:\n{out}");
}

#[test]
fn the_same_module_from_a_file_costs_its_constants() {
    let dir = temp_dir("file");
    std::fs::write(
        dir.join("file_proof.py"),
        source("tests/frozen/frozen_proof.py"),
    )
    .unwrap();
    let dir_s = dir.to_str().unwrap().to_string();
    let (out, inside) = with_vm(move |vm, cap| {
        vm.set_sys_path(&[&dir_s]).unwrap();
        let out = run(vm, cap, &MEASURE.replace("MOD", "file_proof"));
        let heap = vm.rt().heap();
        let inside = ["blob", "text", "big", "numbers"]
            .iter()
            .all(|n| heap.contains(field(&out, n) as usize as *const u8));
        (out, inside)
    });
    let growth = field(&out, "growth");
    println!("file import: heap grew by {growth} bytes");
    assert_eq!(field(&out, "ok"), 1, "{out}");
    assert!(
        growth > 12 * 1024,
        "file import grew the heap by {growth} bytes"
    );
    assert!(inside, "{out}");
}

#[test]
fn frozen_and_file_modules_agree() {
    let dir = temp_dir("agree");
    std::fs::write(
        dir.join("file_proof.py"),
        source("tests/frozen/frozen_proof.py"),
    )
    .unwrap();
    let dir_s = dir.to_str().unwrap().to_string();
    let out = with_vm(move |vm, cap| {
        vm.set_sys_path(&[&dir_s]).unwrap();
        run(
            vm,
            cap,
            "
import frozen_proof as a, file_proof as b
for k in ('BLOB', 'TEXT', 'BIG', 'NUMBERS', 'HALF', 'MIXED'):
    x, y = getattr(a, k), getattr(b, k)
    print(k, x == y, hash(x) == hash(y) if k != 'MIXED' else 1, repr(x) == repr(y), type(x) is type(y))
print(a.checksum() == b.checksum(), a.checksum())
print(a.TEXT[:5], a.TEXT[3], a.BLOB[:4], a.BLOB.hex()[:8])
print(a.TEXT.upper()[:4], a.BLOB.count(b'a') == b.BLOB.count(b'a'), a.BIG + 1, -a.BIG)
print(a.MIXED, a.NUMBERS[-3:], sum(a.NUMBERS))
d = {a.TEXT: 1, a.BLOB: 2, a.BIG: 3}
print(d[b.TEXT], d[b.BLOB], d[b.BIG])
import gc
for _ in range(3):
    gc.collect()
print(a.MIXED[0], a.__name__, a.__file__)
",
        )
    });
    for line in out.lines().take(6) {
        assert!(
            line.ends_with("True 1 True True") || line.ends_with("True True True True"),
            "{line}\n{out}"
        );
    }
    let rest: Vec<&str> = out.lines().skip(6).collect();
    assert_eq!(rest[0], "True 1215257861");
    assert!(
        rest[1].starts_with("café") && rest[1].ends_with(" é b'\\x00\\x01\\xfe\\xff' 0001feff"),
        "{out}"
    );
    assert!(
        rest[2].ends_with(" 1051570404137203365953264 -1051570404137203365953263"),
        "{out}"
    );
    assert_eq!(
        rest[3],
        "('frozen', b'bytes', -12345678901234567890, 2.25, None, True, (1, 'two')) (679, 686, 693) 34650"
    );
    assert_eq!(rest[4], "1 2 3");
    assert_eq!(rest[5], "frozen frozen_proof .frozen/frozen_proof.mpy");
}

#[test]
fn struct_reads_frozen_bytes_in_place() {
    let out = with_vm(|vm, cap| {
        run(
            vm,
            cap,
            "
import gc, struct, frozen_proof
gc.collect()
before = gc.mem_alloc()
mv = memoryview(frozen_proof.BLOB)
v = struct.unpack_from('<HHI', mv, 0)
w = struct.unpack_from('>I', mv[4:], 0)
gc.collect()
print('growth=%d' % (gc.mem_alloc() - before))
print(v, hex(w[0]), len(mv), mv.readonly, mv.obj is frozen_proof.BLOB)
",
        )
    });
    let growth = field(&out, "growth");
    assert!(
        growth < 512,
        "a view of flash bytes copied them: {growth} bytes\n{out}"
    );
    assert!(
        out.contains("(256, 65534, 1076895760) 0x10203040 10240 True True"),
        "{out}"
    );
}

#[test]
fn frozen_packages_sources_and_help() {
    let out = with_vm(|vm, cap| {
        run(
            vm,
            cap,
            "
import fpkg
print(fpkg.NAME, fpkg.sub.VALUE, fpkg.__path__, fpkg.__file__)
from fpkg import sub
print(sub is fpkg.sub, sub.__name__)
import fpkg.sub as s2
print(s2 is sub)
import fsrc
print(fsrc.double(21), fsrc.GREETING, fsrc.__file__)
import sys
print('fsrc' in sys.modules, 'frozen_proof' in sys.modules)
try:
    import fpkg.missing
except ImportError as e:
    print('ImportError', e)
help('modules')
help()
help(fsrc)
",
        )
    });
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("fpkg ('sub', 42, 1180591620717411303424) .frozen/fpkg .frozen/fpkg/__init__.mpy")
    );
    assert_eq!(lines.next(), Some("True fpkg.sub"));
    assert_eq!(lines.next(), Some("True"));
    assert_eq!(
        lines.next(),
        Some("42 hello from frozen source .frozen/fsrc.py")
    );
    assert_eq!(lines.next(), Some("True False"));
    assert_eq!(
        lines.next(),
        Some("ImportError no module named 'fpkg.missing'")
    );
    for name in ["frozen_proof", "fpkg.sub", "gc", "sys", "struct", "bigint"] {
        assert!(
            out.split_whitespace().any(|w| w == name),
            "help('modules') lists {name}:\n{out}"
        );
    }
    assert!(out.contains("Plus any modules on the filesystem"), "{out}");
    assert!(out.contains("For a list of available modules, type help('modules')"));
    assert!(out.contains("object <module 'fsrc'"), "{out}");
    assert!(
        out.contains("  GREETING -- hello from frozen source"),
        "{out}"
    );
}

const BASICS: [&str; 10] = [
    "bigint",
    "strings",
    "float_ops",
    "bytes_ops",
    "class_basic",
    "generators",
    "str_format",
    "dict_methods",
    "closures",
    "int_parse",
];

#[test]
fn frozen_bytecode_runs_as_the_mpy_file_does() {
    for name in BASICS {
        let src = source(&format!("../../tests/basics/{name}.py"));
        let mpy = pyrite_freeze::compile(src.as_bytes(), &format!("{name}.py")).unwrap();
        let from_mpy = with_vm(move |vm, cap| {
            let r = vm.exec_mpy(&mpy);
            (cap.text(), r.is_ok())
        });
        let frozen = with_vm(move |vm, cap| {
            let r = vm.exec_source(format!("import {name}").as_bytes(), "<test>", Mode::File);
            (cap.text(), r.is_ok())
        });
        assert!(from_mpy.1 && frozen.1, "{name}: one run raised");
        assert!(!frozen.0.is_empty(), "{name}: no output");
        assert_eq!(frozen.0, from_mpy.0, "{name}: frozen output differs");
    }
}
