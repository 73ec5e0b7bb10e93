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
    let mut files = python_files(&dir);
    if !cfg!(feature = "time-calendar") {
        files.retain(|p| !p.ends_with("time_calendar.py"));
    }
    if !cfg!(feature = "complex") {
        // `cmath` and `1j` (see `type_features.rs`).
        files.retain(|p| !p.ends_with("cmath_basic.py"));
    }
    if !cfg!(feature = "bigint") {
        // `10 ** 30`, `math.factorial(25)`, `getrandbits(100)`.
        files.retain(|p| {
            !["json_basic.py", "math_basic.py", "random_basic.py"]
                .iter()
                .any(|n| p.ends_with(n))
        });
    }
    check_programs("stdlib", &files, with_clock);
}

/// Without a port clock, time is virtual: it starts at 0 and advances
/// only by sleeping.
#[cfg(feature = "time-calendar")]
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

/// Without a port clock, the ticks are virtual too.
#[test]
fn virtual_ticks() {
    if !have_mpy_cross() {
        return;
    }
    let tmp = temp_dir("stdlib-virtual-ticks");
    let src = "import time\n\
               print(time.ticks_ms(), time.ticks_us())\n\
               time.sleep_ms(5)\n\
               time.sleep(0.25)\n\
               time.sleep_us(7)\n\
               print(time.ticks_ms(), time.ticks_us())\n";
    let mpy = compile(&tmp, "virtual_ticks.py", src).unwrap();
    let out = with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        vm.exec_mpy(&mpy).unwrap();
        cap.text()
    });
    assert_eq!(out, "0 0\n255 255007\n");
}

/// Without `time-calendar`, `time` has only sleeping and ticks (as
/// MicroPython's micro:bit port): the wall-clock names are absent.
#[cfg(not(feature = "time-calendar"))]
#[test]
fn no_calendar() {
    if !have_mpy_cross() {
        return;
    }
    let tmp = temp_dir("stdlib-no-calendar");
    let src = "import time\n\
               for name in ('time', 'time_ns', 'gmtime', 'localtime', 'mktime'):\n\
               \x20   print(name, hasattr(time, name))\n\
               try:\n\
               \x20   time.gmtime(0)\n\
               except AttributeError:\n\
               \x20   print('AttributeError')\n\
               print(hasattr(time, 'ticks_diff'), hasattr(time, 'sleep_ms'))\n";
    let mpy = compile(&tmp, "no_calendar.py", src).unwrap();
    let out = with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        vm.exec_mpy(&mpy).unwrap();
        cap.text()
    });
    assert_eq!(
        out,
        "time False\ntime_ns False\ngmtime False\nlocaltime False\nmktime False\n\
         AttributeError\nTrue True\n"
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
