//! Shared test helpers: compile with `mpy-cross`, run in-process on a VM
//! whose collector scans this thread's machine stack.

#![allow(dead_code)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use pyrite_gc::Heap;
use pyrite_obj::{PyResult, Sink, Value};
use pyrite_vm::{Vm, VmBox, VmConfig};

/// Output captured from `print`.
#[derive(Clone, Default)]
pub struct Capture(pub Rc<RefCell<Vec<u8>>>);

impl Sink for Capture {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(())
    }
}

impl Capture {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// Runs `f` with a fresh VM on a thread with a large stack.
pub fn with_vm<R: Send + 'static>(
    heap_bytes: usize,
    config: VmConfig,
    f: impl FnOnce(&Vm, &Capture) -> R + Send + 'static,
) -> R {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let anchor = 0usize;
            let base = std::hint::black_box(&anchor) as *const usize as usize + 8;
            inner(heap_bytes, config, base, f)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[inline(never)]
fn inner<R>(
    heap_bytes: usize,
    config: VmConfig,
    base: usize,
    f: impl FnOnce(&Vm, &Capture) -> R,
) -> R {
    let region: &'static mut [u8] = Box::leak(vec![0u8; heap_bytes].into_boxed_slice());
    let vm: VmBox = Vm::new(Heap::new(region), config).expect("vm");
    // The host port's scanner: registers spilled, then this thread's stack.
    vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
    let cap = Capture::default();
    vm.set_stdout(Box::new(cap.clone()));
    f(&vm, &cap)
}

/// Zeroes a stretch of unused machine stack, so that stale pointers left by
/// earlier (deeper) calls do not keep garbage alive through the
/// conservative scan.
#[inline(never)]
pub fn scrub_stack() {
    let a = [0u8; 512 * 1024];
    std::hint::black_box(&a);
}

pub fn have_mpy_cross() -> bool {
    Command::new("mpy-cross").arg("--version").output().is_ok()
}

/// Compiles `src` (named `name`) with mpy-cross; returns the .mpy bytes.
pub fn compile(dir: &Path, name: &str, src: &str) -> Result<Vec<u8>, String> {
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

pub fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-vm-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The exception's last line (`Type: message`).
pub fn exc_line(vm: &Vm, e: Value) -> String {
    let cap = Capture::default();
    let mut sink = cap.clone();
    // With a tight stack limit printing may itself fail (RecursionError):
    // the caller sees a line that matches nothing.
    if vm.print_exception_line(e, &mut sink).is_err() {
        return "<the exception could not be printed>".to_string();
    }
    cap.text().trim_end().to_string()
}

pub fn default_config() -> VmConfig {
    VmConfig::default()
}

/// The `.py` files of `dir`, sorted.
pub fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    names.sort();
    names
}

/// What `python3` prints for `path` (or the `.exp` file beside it, for
/// MicroPython-specific behaviour); `None` without python3.
fn expected_output(path: &Path) -> Option<String> {
    let exp_path = path.with_extension("exp");
    if exp_path.exists() {
        return Some(std::fs::read_to_string(&exp_path).unwrap());
    }
    let out = Command::new("python3").arg(path).output().ok()?;
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        s.push_str("<uncaught exception>\n");
    }
    Some(s)
}

/// Runs .mpy bytes on a fresh VM prepared by `setup`, collecting every
/// `threshold` bytes if given; the output, with a marker line if the
/// program raised.
fn run_program(mpy: Vec<u8>, setup: fn(&Vm), threshold: Option<isize>) -> String {
    with_vm(4 << 20, default_config(), move |vm, cap| {
        setup(vm);
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

/// Compiles each program with `mpy-cross`, runs it twice on the VM
/// (normally, then collecting every few KiB to shake out values the
/// collector cannot see) and compares with the expected output; asserts
/// that none failed.
pub fn check_programs(tag: &str, paths: &[PathBuf], setup: fn(&Vm)) {
    if !have_mpy_cross() {
        println!("note: mpy-cross not found; {tag} tests skipped");
        return;
    }
    let tmp = temp_dir(tag);
    let (mut passed, mut failed) = (0, 0);
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(path).unwrap();
        let Some(expected) = expected_output(path) else {
            println!("note: python3 not found; {name} skipped");
            continue;
        };
        let mpy = match compile(&tmp, &name, &src) {
            Ok(b) => b,
            Err(e) => {
                println!("FAIL {name}: mpy-cross: {e}");
                failed += 1;
                continue;
            }
        };
        let got = run_program(mpy.clone(), setup, None);
        let stressed = run_program(mpy, setup, Some(4096));
        if got != stressed {
            failed += 1;
            println!("FAIL {name} (under GC stress)\n--- normal\n{got}--- stressed\n{stressed}---");
        } else if got == expected {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {name}\n--- expected\n{expected}--- got\n{got}---");
        }
    }
    println!("{tag}: {passed} passed, {failed} failed");
    assert_eq!(failed, 0, "{failed} program(s) failed");
}
