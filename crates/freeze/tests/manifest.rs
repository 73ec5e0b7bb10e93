//! The manifest format and its errors, and what the generator emits.

use std::path::{Path, PathBuf};

use pyrite_freeze::{Mode, Options, freeze_manifest, parse_manifest};

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-freeze-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn files_folders_and_modes() {
    let d = temp_dir("ok");
    write(&d, "a.py", "X = 1\n");
    write(&d, "b.py", "Y = 'two'\n");
    write(&d, "lib/pkg/__init__.py", "");
    write(&d, "lib/pkg/util.py", "Z = b'3'\n");
    write(&d, "lib/top.py", "");
    write(&d, "lib/notes.txt", "not python");
    let text = "# comment\n\na.py\nb.py str  # trailing comment\nlib/\n";
    let m = parse_manifest(text, &d, Path::new("manifest.txt")).unwrap();
    let got: Vec<(&str, Mode, bool, &str)> = m
        .iter()
        .map(|m| {
            (
                m.name.as_str(),
                m.mode,
                m.is_package,
                m.source_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("a", Mode::Mpy, false, "a.py"),
            ("b", Mode::Str, false, "b.py"),
            ("pkg", Mode::Mpy, true, "pkg/__init__.py"),
            ("pkg.util", Mode::Mpy, false, "pkg/util.py"),
            ("top", Mode::Mpy, false, "top.py"),
        ]
    );
}

#[test]
fn bad_manifests_are_clear_errors() {
    let d = temp_dir("bad");
    write(&d, "a.py", "X = 1\n");
    write(&d, "bad-name.py", "");
    write(&d, "syntax.py", "def (:\n");
    let cases = [
        (
            "missing.py\n",
            "manifest.txt:1: no such file or folder `missing.py`",
        ),
        ("a.py\na.py\n", "manifest.txt:2: module `a` is frozen twice"),
        ("a.py zip\n", "manifest.txt:1: unknown mode `zip`"),
        ("a.py mpy extra\n", "manifest.txt:1: unexpected `extra`"),
        ("bad-name.py\n", "is not a .py file"),
    ];
    for (text, want) in cases {
        let e = parse_manifest(text, &d, Path::new("manifest.txt")).unwrap_err();
        assert!(e.to_string().contains(want), "{text:?}: {e}");
    }
    write(&d, "manifest.txt", "syntax.py\n");
    let e = freeze_manifest(&d.join("manifest.txt"), &Options::default()).unwrap_err();
    assert!(e.to_string().contains("syntax.py"), "{e}");
    let e = freeze_manifest(&d.join("nope.txt"), &Options::default()).unwrap_err();
    assert!(e.to_string().contains("cannot read"), "{e}");
}

#[test]
fn generated_rust_names_rom_objects() {
    let d = temp_dir("gen");
    write(
        &d,
        "m.py",
        "S = 'a longer string constant'\nB = b'\\x00bytes'\nI = 0xDEADBEEF0000DEADBEEF\nM = 1 << 40\nT = (1, 'x y', 2.5)\nC = 2.5j\n",
    );
    write(&d, "manifest.txt", "m.py\n");
    let f = freeze_manifest(&d.join("manifest.txt"), &Options::default()).unwrap();
    let rs = &f.rust;
    assert!(rs.contains("pub static FROZEN: &[pyrite_vm::frozen::FrozenModule]"));
    assert!(
        rs.contains("RomStr::str(*b\"a longer string constant\")"),
        "{rs}"
    );
    assert!(rs.contains("RomStr::bytes(*b\"\\x00bytes\")"), "{rs}");
    assert!(
        rs.contains("RomInt::new(false, [0xdeadbeef, 0xbeef0000, 0xdead])"),
        "{rs}"
    );
    // 2**40: a small int on 64-bit hosts, a big int on the boards.
    assert!(rs.contains("Value::small_int_const(1099511627776)"), "{rs}");
    assert!(rs.contains("RomInt::new(false, [0x0, 0x100])"), "{rs}");
    assert!(rs.contains("RomTuple<3>"), "{rs}");
    // 2.5j: real 0.0, imaginary 2.5, as their bits.
    assert!(
        rs.contains(
            "RomComplex::new(f64::from_bits(0x0000000000000000), f64::from_bits(0x4004000000000000))"
        ),
        "{rs}"
    );
    assert!(rs.contains("name: \"m\""), "{rs}");
    assert_eq!(f.inputs.len(), 2);
}
