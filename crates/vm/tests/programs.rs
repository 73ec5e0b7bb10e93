//! Runs Python programs on the VM (compiled by `mpy-cross`), normally and
//! under GC stress, and compares their output with `python3`'s (or with
//! the `.exp` file beside them): the VM's own `tests/programs/*.py`, and
//! the core-language programs of the workspace's differential suite
//! (`tests/basics`), which need nothing from a port.

mod common;

use std::path::Path;

use common::{check_programs, python_files};

/// Programs of `tests/basics` that use no port facility (files, stdin,
/// imports from disk), so the bare VM runs them.
const SHARED: &[&str] = &[
    "arith",
    "basics",
    "classes",
    "closures",
    "descriptors",
    "dicts",
    "exceptions",
    "functions",
    "generators",
    "imports",
    "list_slices",
    "lists",
    "loops",
    "recursion",
    "sets",
    "strings",
    "subclass_builtins",
    "with_stmt",
];

#[test]
fn programs() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = python_files(&manifest.join("tests/programs"));
    if !cfg!(feature = "builtins-extra") {
        // It names `compile` and `vars` (see `lang_features.rs`).
        paths.retain(|p| !p.ends_with("builtin_names.py"));
    }
    let basics = manifest.join("../../tests/basics");
    paths.extend(SHARED.iter().map(|n| basics.join(format!("{n}.py"))));
    check_programs("programs", &paths, |_| {});
}
