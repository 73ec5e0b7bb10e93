//! Runs every `tests/stdlib/*.py` (at the workspace root) on the VM,
//! compiled by `mpy-cross`, and compares its output with `python3`'s (or
//! with the `.exp` file beside it, for MicroPython-specific behaviour).
//! The VM gets the host clock, as the `pyrite` command does.

mod common;

use std::path::Path;

use common::{check_programs, compile, have_mpy_cross, python_files, temp_dir, with_vm};
use pyrite_vm::VmConfig;

/// A VM with the host clock, as the `pyrite` command has.
fn with_clock(vm: &pyrite_vm::Vm) {
    vm.set_clock(pyrite_port_unix::clock::HOOKS);
}

#[test]
fn stdlib_programs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/stdlib");
    check_programs("stdlib", &python_files(&dir), with_clock);
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
