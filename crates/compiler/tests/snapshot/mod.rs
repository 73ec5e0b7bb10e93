//! Snapshot-test helpers the lexer and parser tests share: fixture
//! listing, byte escaping for dumps, and snapshot comparison.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Sorted `*.py` files in `dir`.
pub fn py_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    files
}

/// Escapes text: backslash, quote, control characters.
pub fn escape(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        if b >= 0x80 {
            let _ = write!(out, "\\x{b:02x}");
        } else {
            out.push_str(&escape(&[b]));
        }
    }
    out
}

/// Compares `actual` with the snapshot at `path`, or rewrites the snapshot
/// when `UPDATE_SNAPSHOTS` is set. Returns a failure description.
pub fn check_snapshot(path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, actual).unwrap();
        return None;
    }
    let expected = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(_) => {
            return Some(format!(
                "{}: snapshot missing (run with UPDATE_SNAPSHOTS=1)\nactual:\n{actual}",
                path.display()
            ));
        }
    };
    if expected == actual {
        return None;
    }
    Some(format!(
        "{}: snapshot differs\n{}",
        path.display(),
        diff(&expected, actual)
    ))
}

/// A minimal line diff for failure messages.
pub fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            let _ = writeln!(
                out,
                "  line {}:\n    - {}\n    + {}",
                i + 1,
                x.unwrap_or(&"<none>"),
                y.unwrap_or(&"<none>")
            );
            shown += 1;
            if shown >= 8 {
                out.push_str("  ...\n");
                break;
            }
        }
    }
    out
}
