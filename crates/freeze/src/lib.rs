#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod manifest;
mod rust;

use std::fmt;
use std::path::{Path, PathBuf};

pub use manifest::{Mode, ModuleSpec, parse_manifest, read_manifest};

/// A freezing failure: a message naming the file (and line) at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    pub(crate) fn new(msg: impl Into<String>) -> Error {
        Error(msg.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// How the generated Rust names the VM crate and the table.
#[derive(Clone, Debug)]
pub struct Options {
    /// The path of `pyrite-vm` as the including crate sees it.
    pub vm_crate: String,
    /// The name of the generated `pub static` table.
    pub table: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            vm_crate: "pyrite_vm".into(),
            table: "FROZEN".into(),
        }
    }
}

/// The result of freezing a manifest.
#[derive(Clone, Debug)]
pub struct Frozen {
    /// Rust source: `pub static FROZEN: &[pyrite_vm::FrozenModule]` and
    /// the statics it refers to, for `include!`.
    pub rust: String,
    /// Every file read (the manifest and the sources), for
    /// `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// `(module name, bytes of flash its data takes)`, for reports.
    pub sizes: Vec<(String, usize)>,
    /// The names (qstrs) the bytecode modules use, sorted: a firmware
    /// build adds them to the static qstr table (`PYRITE_EXTRA_QSTRS`, read
    /// by pyrite-obj's build script) so importing costs no RAM for them.
    pub qstrs: Vec<String>,
}

/// The freezer a firmware port's build script hands to
/// `pyrite_board_config::port_build_script`: it freezes the board's
/// manifest (or no module, for a board without one) for a crate that
/// reaches `pyrite-vm` as `vm_crate`, and returns the Rust source and the
/// files it read.
pub fn port_freezer(
    vm_crate: &str,
) -> impl Fn(Option<&Path>) -> Result<(String, Vec<PathBuf>), String> + '_ {
    move |manifest| {
        let opts = Options {
            vm_crate: vm_crate.into(),
            ..Options::default()
        };
        let frozen = match manifest {
            Some(m) => freeze_manifest(m, &opts),
            None => freeze_modules(&[], &opts),
        }
        .map_err(|e| e.to_string())?;
        Ok((frozen.rust, frozen.inputs))
    }
}

/// Freezes the modules of the manifest at `path` into Rust source.
pub fn freeze_manifest(path: &Path, opts: &Options) -> Result<Frozen, Error> {
    let modules = read_manifest(path)?;
    let mut frozen = freeze_modules(&modules, opts)?;
    frozen.inputs.insert(0, path.to_path_buf());
    Ok(frozen)
}

/// Freezes `modules` (reading their sources) into Rust source.
pub fn freeze_modules(modules: &[ModuleSpec], opts: &Options) -> Result<Frozen, Error> {
    let mut sources = Vec::new();
    for m in modules {
        let src = std::fs::read(&m.path)
            .map_err(|e| Error::new(format!("cannot read {}: {e}", m.path.display())))?;
        sources.push((m.clone(), src));
    }
    let generated = rust::generate(&sources, opts)?;
    Ok(Frozen {
        rust: generated.rust,
        inputs: modules.iter().map(|m| m.path.clone()).collect(),
        sizes: generated.sizes,
        qstrs: generated.qstrs,
    })
}

/// Freezes modules given with their source text (no file access): each
/// `(spec, source)`; `spec.path` is used only in messages.
pub fn freeze_sources(sources: &[(ModuleSpec, Vec<u8>)], opts: &Options) -> Result<String, Error> {
    rust::generate(sources, opts).map(|g| g.rust)
}

/// Compiles `src` as `pyrite-cross` would for a board (31-bit small ints,
/// so one file serves 32- and 64-bit targets).
pub fn compile(src: &[u8], source_name: &str) -> Result<Vec<u8>, Error> {
    let opts = pyrite_compiler::Options {
        source_name,
        opt_level: 0,
        small_int_bits: 31,
        ..pyrite_compiler::Options::default()
    };
    pyrite_compiler::compile(src, pyrite_compiler::Mode::File, &opts)
        .map_err(|e| Error::new(format!("{source_name}: {e}")))
}
