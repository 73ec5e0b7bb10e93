//! Runs every `tests/stdlib/*.py` (at the workspace root) on the VM,
//! compiled by `mpy-cross`, and compares its output with `python3`'s (or
//! with the `.exp` file beside it, for MicroPython-specific behaviour).
//! The VM gets the host clock, as the `pyrite` command does.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use pyrite_gc::Heap;
use pyrite_obj::{PyResult, Sink};
use pyrite_vm::{Vm, VmBox, VmConfig};

/// Output captured from `print`.
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

/// Runs `f` with a fresh VM (default configuration, the host clock unless
/// `clock` is false) on a thread with a large stack.
fn with_vm<R: Send + 'static>(
    heap_bytes: usize,
    clock: bool,
    f: impl FnOnce(&Vm, &Capture) -> R + Send + 'static,
) -> R {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let anchor = 0usize;
            let base = std::hint::black_box(&anchor) as *const usize as usize + 8;
            inner(heap_bytes, clock, base, f)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[inline(never)]
fn inner<R>(heap_bytes: usize, clock: bool, base: usize, f: impl FnOnce(&Vm, &Capture) -> R) -> R {
    let region: &'static mut [u8] = Box::leak(vec![0u8; heap_bytes].into_boxed_slice());
    let vm: VmBox = Vm::new(Heap::new(region), VmConfig::default()).expect("vm");
    vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
    if clock {
        vm.set_clock(pyrite_port_unix::clock::HOOKS);
    }
    let cap = Capture::default();
    vm.set_stdout(Box::new(cap.clone()));
    f(&vm, &cap)
}

fn have_mpy_cross() -> bool {
    Command::new("mpy-cross").arg("--version").output().is_ok()
}

/// Compiles `src` (named `name`) with mpy-cross; returns the .mpy bytes.
fn compile(dir: &Path, name: &str, src: &str) -> Result<Vec<u8>, String> {
    let py = dir.join(name);
    std::fs::write(&py, src).map_err(|e| e.to_string())?;
    let out = py.with_extension("mpy");
    let r = Command::new("mpy-cross")
        .current_dir(dir)
        .arg("-o")
        .arg(&out)
        .arg(name)
        .output()
        .map_err(|e| e.to_string())?;
    if !r.status.success() {
        return Err(String::from_utf8_lossy(&r.stderr).into_owned());
    }
    std::fs::read(&out).map_err(|e| e.to_string())
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-vm-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn stdlib_programs() {
    if !have_mpy_cross() {
        println!("note: mpy-cross not found; stdlib tests skipped");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/stdlib");
    let tmp = temp_dir("stdlib");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    names.sort();
    let (mut passed, mut failed) = (0, 0);
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(&path).unwrap();
        let exp_path = path.with_extension("exp");
        let expected = if exp_path.exists() {
            std::fs::read_to_string(&exp_path).unwrap()
        } else {
            let Ok(out) = Command::new("python3").arg(&path).output() else {
                println!("note: python3 not found; {name} skipped");
                continue;
            };
            let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
            if !out.status.success() {
                s.push_str("<uncaught exception>\n");
            }
            s
        };
        let mpy = match compile(&tmp, &name, &src) {
            Ok(b) => b,
            Err(e) => {
                println!("FAIL {name}: mpy-cross: {e}");
                failed += 1;
                continue;
            }
        };
        let mpy2 = mpy.clone();
        let got = run(mpy, None);
        let stressed = run(mpy2, Some(4096));
        if got != stressed {
            failed += 1;
            println!("FAIL {name} (under GC stress)\n--- normal\n{got}--- stressed\n{stressed}---");
            continue;
        }
        if got == expected {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {name}\n--- expected\n{expected}--- got\n{got}---");
        }
    }
    println!("{passed} passed, {failed} failed");
    assert_eq!(failed, 0, "{failed} program(s) failed");
}

fn run(mpy: Vec<u8>, threshold: Option<isize>) -> String {
    with_vm(4 << 20, true, move |vm, cap| {
        if let Some(t) = threshold {
            vm.rt().heap().set_threshold(t);
        }
        let r = vm.exec_mpy(&mpy);
        let mut s = cap.text();
        if let Err(e) = r {
            let mut err = Capture::default();
            vm.print_exception(e.0, &mut err).unwrap();
            eprintln!("{}", err.text());
            s.push_str("<uncaught exception>\n");
        }
        s
    })
}

/// Without a port clock, time is virtual: it starts at 0 and advances
/// only by sleeping.
#[test]
fn virtual_clock() {
    if !have_mpy_cross() {
        return;
    }
    let tmp = temp_dir("stdlib-virtual");
    let src = "import time\n\
               print(time.ticks_ms(), time.ticks_us(), time.time_ns())\n\
               time.sleep_ms(5)\n\
               time.sleep(0.5)\n\
               print(time.ticks_ms(), time.ticks_us(), time.time())\n\
               print(time.gmtime())\n";
    let mpy = compile(&tmp, "virtual.py", src).unwrap();
    let out = with_vm(1 << 20, false, move |vm, cap| {
        vm.exec_mpy(&mpy).unwrap();
        cap.text()
    });
    assert_eq!(
        out,
        "0 0 0\n505 505000 0.505\n(1970, 1, 1, 0, 0, 0, 3, 1)\n"
    );
}

/// Importing through the `u` aliases finds the same modules.
#[test]
fn u_aliases() {
    if !have_mpy_cross() {
        return;
    }
    let tmp = temp_dir("stdlib-alias");
    let src = "import utime, time, ujson, json, ucollections, collections, urandom, random\n\
               import uerrno, errno, uio, io\n\
               print(utime is time, ujson is json, ucollections is collections)\n\
               print(urandom is random, uerrno is errno, uio is io)\n\
               import math\n\
               print(math.sqrt(4.0), math)\n";
    let mpy = compile(&tmp, "alias.py", src).unwrap();
    let out = with_vm(1 << 20, true, move |vm, cap| {
        vm.exec_mpy(&mpy).unwrap();
        cap.text()
    });
    assert_eq!(out, "True True True\nTrue True True\n2.0 <module 'math'>\n");
}
