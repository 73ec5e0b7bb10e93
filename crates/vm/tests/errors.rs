//! Error paths: bad files, runaway recursion, heap exhaustion; the VM must
//! raise a Python exception, never panic, and stay usable afterwards.

mod common;

use common::{compile, exc_line, have_mpy_cross, temp_dir, with_vm};
use pyrite_vm::VmConfig;

const OK_PROGRAM: &str = "x = [i * i for i in range(10)]\nprint(sum(x))\n";

fn mpy(name: &str, src: &str) -> Option<Vec<u8>> {
    if !have_mpy_cross() {
        println!("note: mpy-cross not found; test skipped");
        return None;
    }
    Some(compile(&temp_dir("errors"), name, src).expect("mpy-cross"))
}

#[test]
fn bad_files_raise_value_error() {
    let Some(good) = mpy("good.py", OK_PROGRAM) else {
        return;
    };
    with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        // Empty, truncated at every length, and trailing garbage.
        let e = vm.load_mpy(&[]).unwrap_err();
        assert!(exc_line(vm, e.0).starts_with("ValueError"));
        for n in 0..good.len() {
            let e = vm.load_mpy(&good[..n]).unwrap_err();
            assert!(exc_line(vm, e.0).starts_with("ValueError"), "len {n}");
        }
        let mut long = good.clone();
        long.push(0);
        assert!(vm.load_mpy(&long).is_err());
        let e = vm.load_mpy(b"not an mpy file").unwrap_err();
        assert_eq!(exc_line(vm, e.0), "ValueError: incompatible .mpy file");
        // Garbled bytes: every single-byte change loads or raises, and
        // whatever loads runs or raises; nothing panics.
        let mut seed = 0x1234_5678u32;
        for i in 0..good.len() * 8 {
            let mut bad = good.clone();
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            bad[i % good.len()] ^= (seed as u8) | 1;
            if let Ok(f) = vm.load_mpy(&bad) {
                let _ = vm.run_module(f);
            }
        }
        cap.0.borrow_mut().clear();
        vm.exec_mpy(&good).unwrap();
        assert_eq!(cap.text(), "285\n");
    });
}

#[test]
fn runaway_recursion_raises_and_vm_survives() {
    let Some(prog) = mpy(
        "rec.py",
        "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RuntimeError as e:\n    print(type(e).__name__, e)\n",
    ) else {
        return;
    };
    let uncaught = mpy("rec2.py", "def g():\n    g()\ng()\n").unwrap();
    let native = mpy(
        "rec3.py",
        "class A:\n    def __init__(self):\n        A()\ntry:\n    A()\nexcept RecursionError:\n    print('native ok')\n",
    )
    .unwrap();
    let good = mpy("good.py", OK_PROGRAM).unwrap();
    with_vm(4 << 20, VmConfig::default(), move |vm, cap| {
        vm.exec_mpy(&prog).unwrap();
        assert_eq!(
            cap.text(),
            "RecursionError maximum recursion depth exceeded\n"
        );
        let e = vm.exec_mpy(&uncaught).unwrap_err();
        assert_eq!(
            exc_line(vm, e.0),
            "RecursionError: maximum recursion depth exceeded"
        );
        cap.0.borrow_mut().clear();
        vm.exec_mpy(&native).unwrap();
        assert_eq!(cap.text(), "native ok\n");
        cap.0.borrow_mut().clear();
        vm.exec_mpy(&good).unwrap();
        assert_eq!(cap.text(), "285\n");
    });
}

#[test]
fn heap_exhaustion_raises_memory_error() {
    let Some(huge) = mpy("huge.py", "def f():\n    return [0] * 100000000\nf()\n") else {
        return;
    };
    let grow = mpy(
        "grow.py",
        "l = []\ntry:\n    while True:\n        l.append([1, 2, 3])\nexcept MemoryError:\n    l = None\n    print('MemoryError caught')\n",
    )
    .unwrap();
    let good = mpy("good.py", OK_PROGRAM).unwrap();
    with_vm(256 << 10, VmConfig::default(), move |vm, cap| {
        // A new instance with MicroPython's message and a traceback (the
        // heap has room for them: the failed request was the big one).
        let e = vm.exec_mpy(&huge).unwrap_err();
        assert_eq!(
            exc_line(vm, e.0),
            "MemoryError: memory allocation failed, allocating 800000000 bytes"
        );
        let mut out = common::Capture::default();
        vm.print_exception(e.0, &mut out).unwrap();
        assert!(out.text().contains("line 2, in f\n"), "{}", out.text());
        vm.exec_mpy(&grow).unwrap();
        assert_eq!(cap.text(), "MemoryError caught\n");
        for _ in 0..3 {
            cap.0.borrow_mut().clear();
            common::scrub_stack();
            if let Err(e) = vm.exec_mpy(&good) {
                let mut out = common::Capture::default();
                vm.print_exception(e.0, &mut out).unwrap();
                panic!(
                    "{} used {} free {}",
                    out.text(),
                    vm.rt().heap().mem_alloc(),
                    vm.rt().heap().mem_free()
                );
            }
            assert_eq!(cap.text(), "285\n");
        }
    });
}

#[test]
fn uncaught_exception_traceback() {
    let Some(prog) = mpy(
        "tb.py",
        "def f(x):\n    return g(x)\n\ndef g(x):\n    raise ValueError('bad ' + str(x))\n\nf(3)\n",
    ) else {
        return;
    };
    with_vm(1 << 20, VmConfig::default(), move |vm, _cap| {
        let e = vm.exec_mpy(&prog).unwrap_err();
        let mut out = common::Capture::default();
        vm.print_exception(e.0, &mut out).unwrap();
        assert_eq!(
            out.text(),
            "Traceback (most recent call last):\n  File \"tb.py\", line 7, in <module>\n  \
             File \"tb.py\", line 2, in f\n  File \"tb.py\", line 5, in g\nValueError: bad 3\n"
        );
    });
}

#[test]
fn interrupt_raises_keyboard_interrupt() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static FLAG: AtomicBool = AtomicBool::new(false);
    let Some(prog) = mpy("loop.py", "while True:\n    pass\n") else {
        return;
    };
    let config = VmConfig {
        interrupt: Some(&FLAG),
        ..VmConfig::default()
    };
    FLAG.store(true, Ordering::Relaxed);
    with_vm(1 << 20, config, move |vm, _| {
        let e = vm.exec_mpy(&prog).unwrap_err();
        assert_eq!(exc_line(vm, e.0), "KeyboardInterrupt");
    });
}

/// An exception raised `from` another, then one raised while handling it.
const CHAIN_PROGRAM: &str = "def f():\n    try:\n        raise ZeroDivisionError('z')\n    except ZeroDivisionError as e:\n        raise ValueError('wrapped') from e\n\ntry:\n    f()\nexcept ValueError:\n    raise KeyError('k')\n";

/// The uncaught exception's chain as `print_exception` prints it.
fn chain_text() -> Option<String> {
    let prog = mpy("chain.py", CHAIN_PROGRAM)?;
    Some(with_vm(1 << 20, VmConfig::default(), move |vm, _cap| {
        let e = vm.exec_mpy(&prog).unwrap_err();
        let mut out = common::Capture::default();
        vm.print_exception(e.0, &mut out).unwrap();
        out.text()
    }))
}

#[cfg(feature = "exc-chaining")]
#[test]
fn chained_traceback() {
    let Some(text) = chain_text() else {
        return;
    };
    assert_eq!(
        text,
        "Traceback (most recent call last):\n  File \"chain.py\", line 3, in f\n\
         ZeroDivisionError: z\n\n\
         The above exception was the direct cause of the following exception:\n\n\
         Traceback (most recent call last):\n  File \"chain.py\", line 8, in <module>\n  \
         File \"chain.py\", line 5, in f\nValueError: wrapped\n\n\
         During handling of the above exception, another exception occurred:\n\n\
         Traceback (most recent call last):\n  File \"chain.py\", line 10, in <module>\n\
         KeyError: 'k'\n"
    );
}

/// Without `exc-chaining`, only the last exception prints, as in
/// MicroPython.
#[cfg(not(feature = "exc-chaining"))]
#[test]
fn unchained_traceback() {
    let Some(text) = chain_text() else {
        return;
    };
    assert_eq!(
        text,
        "Traceback (most recent call last):\n  File \"chain.py\", line 10, in <module>\n\
         KeyError: 'k'\n"
    );
}
