//! Runs every `tests/programs/*.py` on the VM (compiled by `mpy-cross`) and
//! compares its output with `python3`'s (or with the `.exp` file beside it).

mod common;

use std::path::Path;
use std::process::Command;

use common::{compile, have_mpy_cross, temp_dir, with_vm};

#[test]
fn programs() {
    if !have_mpy_cross() {
        println!("note: mpy-cross not found; program tests skipped");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let tmp = temp_dir("programs");
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
        // Twice: normally, then collecting every few KiB to shake out
        // values the collector cannot see.
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
    with_vm(4 << 20, common::default_config(), move |vm, cap| {
        if let Some(t) = threshold {
            vm.rt().heap().set_threshold(t);
        }
        let r = vm.exec_mpy(&mpy);
        let mut s = cap.text();
        if let Err(e) = r {
            let mut err = common::Capture::default();
            vm.print_exception(e.0, &mut err).unwrap();
            eprintln!("{}", err.text());
            s.push_str("<uncaught exception>\n");
        }
        s
    })
}
