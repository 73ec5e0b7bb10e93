//! The manifest: which Python files to freeze, and how.
//!
//! A text file, one entry per line; `#` starts a comment, blank lines are
//! ignored:
//!
//! ```text
//! # PATH [mpy|str]
//! selftest.py            # bytecode (the default): module `selftest`
//! docs/help.py str       # source text, compiled on import: module `help`
//! lib/                   # every .py under lib/, named by its path:
//!                        #   lib/pkg/__init__.py -> package `pkg`,
//!                        #   lib/pkg/util.py     -> module `pkg.util`
//! ```
//!
//! Paths are relative to the manifest's folder. `mpy` freezes bytecode
//! compiled at build time (`freeze_as_mpy`: bytecode and constants stay in
//! flash), `str` freezes the source (`freeze_as_str`: compiled on import,
//! which saves file-system space but not RAM).

use std::path::{Path, PathBuf};

use crate::Error;

/// How a module is frozen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Bytecode compiled at build time, constants as ROM objects.
    Mpy,
    /// The source text, compiled on import.
    Str,
}

/// One module to freeze.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleSpec {
    /// The full module name (`pkg.util`; a package's `__init__.py` is
    /// named after the package).
    pub name: String,
    /// The source file.
    pub path: PathBuf,
    /// The file name recorded in the bytecode (tracebacks), e.g.
    /// `pkg/util.py`.
    pub source_name: String,
    /// How to freeze it.
    pub mode: Mode,
    /// Whether it is a package's `__init__.py`.
    pub is_package: bool,
}

/// Reads the manifest at `path`: the modules it lists, in order.
pub fn read_manifest(path: &Path) -> Result<Vec<ModuleSpec>, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    parse_manifest(&text, path.parent().unwrap_or(Path::new(".")), path)
}

/// Parses manifest `text` whose paths are relative to `base`; `origin`
/// names the manifest in errors.
pub fn parse_manifest(text: &str, base: &Path, origin: &Path) -> Result<Vec<ModuleSpec>, Error> {
    let mut out: Vec<ModuleSpec> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let at = || format!("{}:{}", origin.display(), n + 1);
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let Some(rel) = words.next() else {
            continue;
        };
        let mode = match words.next() {
            None | Some("mpy") => Mode::Mpy,
            Some("str") => Mode::Str,
            Some(other) => {
                return Err(Error::new(format!(
                    "{}: unknown mode `{other}` (expected `mpy` or `str`)",
                    at()
                )));
            }
        };
        if let Some(extra) = words.next() {
            return Err(Error::new(format!("{}: unexpected `{extra}`", at())));
        }
        let path = base.join(rel);
        let found = if path.is_dir() {
            scan_dir(&path, mode).map_err(|e| Error::new(format!("{}: {e}", at())))?
        } else if path.is_file() {
            let file = path
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or_default()
                .to_string();
            let name = module_name(&file)
                .ok_or_else(|| Error::new(format!("{}: `{rel}` is not a .py file", at())))?;
            vec![ModuleSpec {
                name,
                path: path.clone(),
                source_name: file,
                mode,
                is_package: false,
            }]
        } else {
            return Err(Error::new(format!(
                "{}: no such file or folder `{rel}`",
                at()
            )));
        };
        for m in found {
            if out.iter().any(|o| o.name == m.name) {
                return Err(Error::new(format!(
                    "{}: module `{}` is frozen twice",
                    at(),
                    m.name
                )));
            }
            out.push(m);
        }
    }
    Ok(out)
}

/// The module name of a path relative to a frozen folder (`pkg/util.py`
/// -> `pkg.util`, `pkg/__init__.py` -> `pkg`), or `None` if it is not a
/// `.py` file with identifier parts.
fn module_name(rel: &str) -> Option<String> {
    let stem = rel.strip_suffix(".py")?;
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    let name = stem.replace('/', ".");
    name.split('.').all(is_identifier).then_some(name)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// Every `.py` file under `dir` (sorted, so the output is reproducible).
fn scan_dir(dir: &Path, mode: Mode) -> Result<Vec<ModuleSpec>, String> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for e in entries {
            let p = e.map_err(|e| format!("{}: {e}", d.display()))?.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "py") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for p in files {
        let rel = p
            .strip_prefix(dir)
            .ok()
            .and_then(|r| r.to_str())
            .ok_or_else(|| format!("bad path {}", p.display()))?
            .replace('\\', "/");
        let name = module_name(&rel)
            .ok_or_else(|| format!("`{rel}` does not name a module (identifiers only)"))?;
        out.push(ModuleSpec {
            name,
            is_package: rel == "__init__.py" || rel.ends_with("/__init__.py"),
            source_name: rel,
            path: p,
            mode,
        });
    }
    if out
        .iter()
        .any(|m| m.name.is_empty() || m.source_name == "__init__.py")
    {
        return Err(format!(
            "{}: a frozen folder is a root of modules; its own __init__.py has no name",
            dir.display()
        ));
    }
    Ok(out)
}
