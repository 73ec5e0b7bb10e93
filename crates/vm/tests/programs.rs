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

/// Programs (of `tests/programs` or `SHARED`) that need a part of the
/// language a build may leave out (see the `lang-full` feature), with whether this build has
/// it: a build without it skips them.
const NEEDS_FEATURE: &[(&str, bool)] = &[
    ("builtin_memoryview.py", cfg!(feature = "memoryview")),
    // It names `compile` and `vars` (see `lang_features.rs`).
    ("builtin_names.py", cfg!(feature = "builtins-extra")),
    // Diamond inheritance in C3 order (see `lang_features.rs`).
    ("descriptors.py", cfg!(feature = "c3-mro")),
    // `2**40 * 2**40` and `factorial(20)` are big ints (see
    // `type_features.rs`).
    ("arith.py", cfg!(feature = "bigint")),
    ("recursion.py", cfg!(feature = "bigint")),
    // `__len__` returning `2**100`.
    ("len_result_checks.py", cfg!(feature = "bigint")),
    // `int(memoryview(...))`.
    ("numbers_from_buffers.py", cfg!(feature = "memoryview")),
];

#[test]
fn programs() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = python_files(&manifest.join("tests/programs"));
    let basics = manifest.join("../../tests/basics");
    paths.extend(SHARED.iter().map(|n| basics.join(format!("{n}.py"))));
    paths.retain(|p| {
        let name = p.file_name().unwrap_or_default();
        NEEDS_FEATURE
            .iter()
            .all(|&(needs, have)| have || name != needs)
    });
    check_programs("programs", &paths, |_| {});
}
