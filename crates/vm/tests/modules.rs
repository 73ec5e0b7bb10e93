//! Built-in modules: `micropython.mem_info()` output shape, `sys.stderr`,
//! import errors.

mod common;

use common::{Capture, compile, exc_line, have_mpy_cross, temp_dir, with_vm};
use pyrite_vm::VmConfig;

fn mpy(name: &str, src: &str) -> Option<Vec<u8>> {
    if !have_mpy_cross() {
        println!("note: mpy-cross not found; test skipped");
        return None;
    }
    Some(compile(&temp_dir("modules"), name, src).expect("mpy-cross"))
}

/// Parses `prefix N<sep>N...`: the numbers after each `label: `.
fn numbers_after(line: &str, labels: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = line;
    for label in labels {
        let at = rest
            .find(label)
            .unwrap_or_else(|| panic!("{label:?} missing in {line:?}"));
        rest = &rest[at + label.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        assert!(!digits.is_empty(), "no number after {label:?} in {line:?}");
        out.push(digits.parse().unwrap());
        rest = &rest[digits.len()..];
    }
    out
}

#[test]
fn mem_info_format() {
    let Some(code) = mpy(
        "meminfo.py",
        "import micropython\ns = 'ab' * 10\nl = [s]\nt = (s, l)\n\
         d = {1: l}\ndef fn():\n    return t\nmicropython.mem_info()\nprint('--')\nmicropython.mem_info(1)\n\
         print('--')\nmicropython.qstr_info()\n",
    ) else {
        return;
    };
    with_vm(256 << 10, VmConfig::default(), move |vm, cap| {
        if let Err(e) = vm.exec_mpy(&code) {
            panic!("{}", exc_line(vm, e.0));
        }
        let text = cap.text();
        let parts: Vec<&str> = text.split("--\n").collect();
        assert_eq!(parts.len(), 3, "{text}");
        for part in &parts[..2] {
            let lines: Vec<&str> = part.lines().collect();
            assert!(lines[0].starts_with("stack: "), "{part}");
            let s = numbers_after(lines[0], &["stack: ", " out of "]);
            assert!(s[0] > 0 && s[0] <= s[1], "{part}");
            assert!(lines[1].starts_with("GC: total: "), "{part}");
            let g = numbers_after(lines[1], &["GC: total: ", ", used: ", ", free: "]);
            assert_eq!(g[0], g[1] + g[2]);
            assert_eq!(g[0], vm.rt().heap().total());
            assert!(lines[2].starts_with(" No. of 1-blocks: "), "{part}");
            let b = numbers_after(
                lines[2],
                &[
                    " No. of 1-blocks: ",
                    ", 2-blocks: ",
                    ", max blk sz: ",
                    ", max free sz: ",
                ],
            );
            assert!(b[0] > 0 && b[2] > 0 && b[3] > 0, "{part}");
        }
        let short: Vec<&str> = parts[0].lines().collect();
        assert_eq!(short.len(), 3, "{}", parts[0]);
        let long: Vec<&str> = parts[1].lines().collect();
        assert!(
            long[3].starts_with("GC memory layout; from "),
            "{}",
            parts[1]
        );
        let map: String = long[4..]
            .iter()
            .filter(|l| !l.contains("lines all free"))
            .map(|l| l.split_once(": ").map_or("", |x| x.1))
            .collect();
        // The module object, its dict, lists, strings and functions are all
        // classified.
        for c in ['M', 'D', 'L', 'S', 'B', 'T'] {
            assert!(map.contains(c), "no {c} in the block map:\n{}", parts[1]);
        }
        assert!(
            map.chars().all(|c| ".=mhTLDSAFBM".contains(c)),
            "{}",
            parts[1]
        );
        assert!(
            parts[2].starts_with("qstr pool: n_pool=1, n_qstr="),
            "{}",
            parts[2]
        );
    });
}

#[test]
fn stderr_and_import_errors() {
    let Some(code) = mpy(
        "stderr.py",
        "import sys\nprint(sys.stderr.write('oops\\n'))\nprint(sys.stdout, sys.stderr)\n\
         print(sys.implementation)\n",
    ) else {
        return;
    };
    let Some(missing) = mpy("missing.py", "import foo_bar\n") else {
        return;
    };
    let Some(from) = mpy("from.py", "from gc import nope\n") else {
        return;
    };
    let Some(star) = mpy(
        "star.py",
        "from micropython import *\nprint(const(3), heap_unlock())\n",
    ) else {
        return;
    };
    with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        let err = Capture::default();
        vm.set_stderr(Box::new(err.clone()));
        vm.exec_mpy(&code).unwrap();
        assert_eq!(err.text(), "oops\n");
        assert_eq!(
            cap.text(),
            "5\n<io.TextIOWrapper 1> <io.TextIOWrapper 2>\n(name='pyrite', version=(0, 1, 0), _mpy=774)\n"
        );
        let e = vm.exec_mpy(&missing).unwrap_err();
        assert_eq!(exc_line(vm, e.0), "ImportError: no module named 'foo_bar'");
        let e = vm.exec_mpy(&from).unwrap_err();
        assert_eq!(exc_line(vm, e.0), "ImportError: cannot import name 'nope'");
        vm.exec_mpy(&star).unwrap();
        assert!(cap.text().ends_with("3 0\n"), "{}", cap.text());
    });
}

#[test]
fn argv_set_by_the_port() {
    let Some(code) = mpy("argv.py", "import sys\nprint(sys.argv, sys.platform)\n") else {
        return;
    };
    with_vm(1 << 20, VmConfig::default(), move |vm, cap| {
        vm.set_argv(&["prog.mpy", "x", "y z"]).unwrap();
        vm.set_platform("testos");
        vm.exec_mpy(&code).unwrap();
        assert_eq!(cap.text(), "['prog.mpy', 'x', 'y z'] testos\n");
    });
}
