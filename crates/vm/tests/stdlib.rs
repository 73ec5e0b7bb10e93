//! Runs every `tests/stdlib/*.py` (at the workspace root) on the VM,
//! compiled by `mpy-cross`, and compares its output with `python3`'s (or
//! with the `.exp` file beside it, for MicroPython-specific behaviour).
//! The VM gets the host clock, as the `pyrite` command does.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Capture, compile, have_mpy_cross, temp_dir, with_vm};
use pyrite_vm::VmConfig;

/// A VM with the host clock, as the `pyrite` command has.
fn with_clock(vm: &pyrite_vm::Vm) {
    vm.set_clock(pyrite_port_unix::clock::HOOKS);
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
    with_vm(4 << 20, VmConfig::default(), move |vm, cap| {
        with_clock(vm);
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
    let out = with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
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
    let out = with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        with_clock(vm);
        vm.exec_mpy(&mpy).unwrap();
        cap.text()
    });
    assert_eq!(out, "True True True\nTrue True True\n2.0 <module 'math'>\n");
}
