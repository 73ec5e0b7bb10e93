//! `import`: built-in modules first, then frozen modules (`crate::frozen`),
//! then `.mpy`/`.py` files and packages found along `sys.path` through the
//! port's [`ImportFs`].
//!
//! A module goes into `sys.modules` before its body runs (so circular
//! imports find it, half made) and comes out again if the body raises.
//! `import a.b.c` imports `a`, `a.b`, `a.b.c` in turn, binding each as an
//! attribute of its parent; a package's submodules are searched for in its
//! `__path__` (a `str`: the package's directory, as MicroPython keeps it).
//! Relative imports resolve against the importing module's `__package__`,
//! or else its `__name__` (itself for a package, its parent otherwise).

use alloc::string::String;
use alloc::vec::Vec;

use pyrite_obj::types::dict::Dict;
use pyrite_obj::types::exc;
use pyrite_obj::types::list::List;
use pyrite_obj::types::str::{STR_TYPE, new_str};
use pyrite_obj::{Exc, PyResult, Qstr, Rt, Value, q};

use crate::modules::{Module, module_dict, new_module, set};
use crate::vm::Vm;

/// What a path names, for [`ImportFs::stat`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Nothing (or nothing readable).
    Missing,
    /// A regular file.
    File,
    /// A directory.
    Dir,
}

/// File access for `import`, supplied by the port in
/// [`VmConfig::import_fs`](crate::VmConfig::import_fs). Paths are the
/// entries of `sys.path` joined with `/` and module names (`""` is the
/// current directory: `foo.py`, `lib/pkg/__init__.py`).
pub trait ImportFs: Sync {
    /// What `path` is.
    fn stat(&self, path: &str) -> FileKind;
    /// The whole contents of the file at `path`, or `None` if it cannot be
    /// read.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

/// Makes the `__main__` module (over the main globals) and registers it in
/// `sys.modules`.
pub(crate) fn init(vm: &Vm) -> PyResult<()> {
    let rt = vm.rt();
    let m = crate::modules::new_module_with_dict(rt, vm.main_globals())?;
    if let Some(mods) = rt.downcast::<Dict>(vm.modules.get()) {
        mods.map().insert(rt, Value::qstr(q::__main__), m)?;
    }
    Ok(())
}

/// `base/name` (`name` alone when `base` is empty).
fn join(base: &str, name: &str) -> String {
    let mut s = String::with_capacity(base.len() + name.len() + 1);
    if !base.is_empty() {
        s.push_str(base);
        if !base.ends_with('/') {
            s.push('/');
        }
    }
    s.push_str(name);
    s
}

/// The text of a `str` value.
fn text(rt: &Rt, v: Value) -> Option<&str> {
    if v.is_null() {
        return None;
    }
    if !v.is_qstr() && rt.downcast_native(v, &STR_TYPE).is_none() {
        return None;
    }
    rt.str_bytes(v).and_then(|b| core::str::from_utf8(b).ok())
}

/// Where a module was found.
enum Found {
    /// A module file.
    File(String),
    /// A package directory and its `__init__` file, if any.
    Package(String, Option<String>),
}

fn has_compiler() -> bool {
    cfg!(feature = "compiler")
}

/// Whether a file named `name` can be imported: `.py` needs the compiler,
/// `.mpy` the `load-mpy` feature.
fn can_load(name: &str) -> bool {
    if name.ends_with(".py") {
        has_compiler()
    } else {
        cfg!(feature = "load-mpy")
    }
}

impl Vm {
    fn import_error(&self, args: core::fmt::Arguments<'_>) -> Exc {
        self.rt().error(&exc::IMPORT_ERROR, args)
    }

    fn no_module(&self, name: &str) -> Exc {
        self.import_error(format_args!("no module named '{name}'"))
    }

    fn intern_str(&self, s: &str) -> PyResult<Qstr> {
        let rt = self.rt();
        rt.intern(s.as_bytes()).map_err(|_| rt.memory_error())
    }

    /// `IMPORT_NAME`: imports `name` (dotted) at `level` (0: absolute);
    /// returns the top-level package for an empty `fromlist`, the named
    /// module otherwise.
    pub(crate) fn import(&self, name: Qstr, fromlist: Value, level: Value) -> PyResult {
        let rt = self.rt();
        let level = level.as_small_int().unwrap_or(0).max(0) as usize;
        let given = core::str::from_utf8(rt.qstr_text(name)).unwrap_or("");
        if level == 0 {
            // The common case, `import sys`: no allocation when cached.
            if let Some(mods) = rt.downcast::<Dict>(self.modules.get())
                && let Some(m) = mods.map().get(rt, Value::qstr(name))?
                && !given.contains('.')
            {
                return Ok(m);
            }
            if given.is_empty() {
                return Err(self.import_error(format_args!("empty module name")));
            }
            return self.import_dotted(given, fromlist);
        }
        let full = self.resolve_relative(given, level)?;
        self.import_dotted(&full, fromlist)
    }

    /// `__import__(name, globals, locals, fromlist, level)` for a module
    /// name given as a `str`.
    pub(crate) fn import_by_value(&self, name: Value, fromlist: Value, level: usize) -> PyResult {
        let rt = self.rt();
        let Some(given) = text(rt, name) else {
            return Err(rt.type_error(format_args!("module name must be str")));
        };
        let qs = self.intern_str(given)?;
        let level = Value::small_int(level as i64).unwrap_or(Value::small_int_unchecked(0));
        self.import(qs, fromlist, level)
    }

    /// The absolute name of `name` imported at `level` from the running
    /// module.
    fn resolve_relative(&self, name: &str, level: usize) -> PyResult<String> {
        let rt = self.rt();
        let globals = self.current_globals();
        let get = |k: Qstr| -> PyResult<Option<Value>> {
            match rt.downcast::<Dict>(globals) {
                Some(d) => d.map().get(rt, Value::qstr(k)),
                None => Ok(None),
            }
        };
        let package_q = self.intern_str("__package__")?;
        let mut package = String::new();
        if let Some(p) = get(package_q)?
            && let Some(t) = text(rt, p)
        {
            package.push_str(t);
        } else if let Some(n) = get(q::__name__)?
            && let Some(t) = text(rt, n)
        {
            if get(q::__path__)?.is_some() {
                package.push_str(t);
            } else if let Some((parent, _)) = t.rsplit_once('.') {
                package.push_str(parent);
            }
        }
        if package.is_empty() {
            return Err(self.import_error(format_args!("can't perform relative import")));
        }
        for _ in 1..level {
            match package.rfind('.') {
                Some(i) => package.truncate(i),
                None => {
                    return Err(self.import_error(format_args!(
                        "attempted relative import beyond top-level package"
                    )));
                }
            }
        }
        if !name.is_empty() {
            package.push('.');
            package.push_str(name);
        }
        Ok(package)
    }

    /// Imports every prefix of the dotted `full` in turn.
    fn import_dotted(&self, full: &str, fromlist: Value) -> PyResult {
        let rt = self.rt();
        if full.split('.').any(str::is_empty) {
            return Err(self.no_module(full));
        }
        let mut top = Value::NULL;
        let mut parent = Value::NULL;
        let mut end = 0;
        for part in full.split('.') {
            end += part.len();
            let prefix = &full[..end];
            end += 1;
            let m = self.import_one(prefix, parent)?;
            if !parent.is_null() {
                let attr = self.intern_str(part)?;
                rt.store_attr(parent, attr, m)?;
            }
            if top.is_null() {
                top = m;
            }
            parent = m;
        }
        let want_leaf = !fromlist.is_null() && !fromlist.is_none() && self.truthy(fromlist)?;
        Ok(if want_leaf { parent } else { top })
    }

    /// Imports the module `full` (its parent, if any, already imported as
    /// `parent`).
    fn import_one(&self, full: &str, parent: Value) -> PyResult {
        let rt = self.rt();
        let key = self.intern_str(full)?;
        let Some(mods) = rt.downcast::<Dict>(self.modules.get()) else {
            return Err(self.no_module(full));
        };
        if let Some(m) = mods.map().get(rt, Value::qstr(key))? {
            return Ok(m);
        }
        if parent.is_null()
            && let Some(m) = self.import_builtin(key)?
        {
            return Ok(m);
        }
        // Frozen modules come before `sys.path` (a frozen package's
        // submodules are frozen under their dotted names).
        if let Some(m) = self.find_frozen(full) {
            return self.load_frozen(key, m);
        }
        let leaf = full.rsplit('.').next().unwrap_or(full);
        let found = if parent.is_null() {
            self.find_in_sys_path(leaf)?
        } else {
            let dir = match module_dict(rt, parent) {
                Some(d) => d.map().get(rt, Value::qstr(q::__path__))?,
                None => None,
            };
            match dir.and_then(|d| text(rt, d).map(String::from)) {
                Some(dir) => self.find_in(&dir, leaf),
                // A module, not a package: it has no submodules.
                None => None,
            }
        };
        match found {
            Some(f) => self.load_found(full, key, f),
            None => Err(self.no_module(full)),
        }
    }

    /// Searches the directories of `sys.path` for module `leaf`; a
    /// directory without `__init__` (a namespace package) is taken only
    /// when nothing else matches.
    fn find_in_sys_path(&self, leaf: &str) -> PyResult<Option<Found>> {
        let rt = self.rt();
        let Some(path) = rt.downcast::<List>(self.sys_path.get()) else {
            return Ok(None);
        };
        let mut namespace = None;
        let mut i = 0;
        while let Some(entry) = path.get(i) {
            i += 1;
            let Some(dir) = text(rt, entry) else {
                continue;
            };
            match self.find_in(dir, leaf) {
                Some(Found::Package(d, None)) if namespace.is_none() => {
                    namespace = Some(Found::Package(d, None));
                }
                Some(Found::Package(_, None)) => {}
                Some(f) => return Ok(Some(f)),
                None => {}
            }
        }
        Ok(namespace)
    }

    /// Looks for `leaf` in directory `dir`: a package directory, then
    /// `leaf.mpy`, then `leaf.py`.
    fn find_in(&self, dir: &str, leaf: &str) -> Option<Found> {
        let fs = self.import_files()?;
        let base = join(dir, leaf);
        let mut is_namespace = false;
        if fs.stat(&base) == FileKind::Dir {
            for init in ["__init__.mpy", "__init__.py"] {
                if !can_load(init) {
                    continue;
                }
                let f = join(&base, init);
                if fs.stat(&f) == FileKind::File {
                    return Some(Found::Package(base, Some(f)));
                }
            }
            is_namespace = true;
        }
        for ext in [".mpy", ".py"] {
            if !can_load(ext) {
                continue;
            }
            let mut f = base.clone();
            f.push_str(ext);
            if fs.stat(&f) == FileKind::File {
                return Some(Found::File(f));
            }
        }
        is_namespace.then_some(Found::Package(base, None))
    }

    /// Makes, registers and runs the module `full` found as `found`.
    fn load_found(&self, full: &str, key: Qstr, found: Found) -> PyResult {
        let rt = self.rt();
        let m = new_module(rt, key)?;
        let dict = rt
            .downcast::<Module>(m)
            .map(|x| x.dict)
            .ok_or_else(|| rt.memory_error())?;
        let file = match &found {
            Found::File(f) => Some(f.as_str()),
            Found::Package(dir, init) => {
                let d = new_str(rt, &STR_TYPE, dir.as_bytes())?;
                set(rt, dict, q::__path__, d)?;
                init.as_deref()
            }
        };
        if let Some(f) = file {
            let v = new_str(rt, &STR_TYPE, f.as_bytes())?;
            set(rt, dict, q::__file__, v)?;
        }
        let Some(mods) = rt.downcast::<Dict>(self.modules.get()) else {
            return Err(self.no_module(full));
        };
        mods.map().insert(rt, Value::qstr(key), m)?;
        if let Some(f) = file {
            let r = self.run_file_in(f, dict);
            if let Err(e) = r {
                mods.map().remove(rt, Value::qstr(key))?;
                return Err(e);
            }
        }
        // The module may have replaced itself in `sys.modules`.
        Ok(mods.map().get(rt, Value::qstr(key))?.unwrap_or(m))
    }

    /// Loads the .mpy file `bytes` read from `path`.
    #[cfg(feature = "load-mpy")]
    fn load_mpy_file(&self, bytes: &[u8], _path: &str, globals: Value) -> PyResult {
        self.load(crate::load::Source::Copy(bytes), globals)
    }

    /// Without `load-mpy` the finder never picks a .mpy file; a path given
    /// by name cannot be loaded.
    #[cfg(not(feature = "load-mpy"))]
    fn load_mpy_file(&self, _bytes: &[u8], path: &str, _globals: Value) -> PyResult {
        Err(self.import_error(format_args!("can't load '{path}'")))
    }

    /// The port's file access for `import`: without the `filesystem`
    /// feature there is none (the boards), and the search of `sys.path`
    /// is not linked.
    fn import_files(&self) -> Option<&'static dyn ImportFs> {
        if cfg!(feature = "filesystem") {
            self.import_fs
        } else {
            None
        }
    }

    /// Reads, compiles (for `.py`) and runs the file at `path` with
    /// `globals` as its namespace.
    pub(crate) fn run_file_in(&self, path: &str, globals: Value) -> PyResult {
        let bytes = self
            .import_files()
            .and_then(|fs| fs.read(path))
            .ok_or_else(|| self.import_error(format_args!("can't read '{path}'")))?;
        let fun = if path.ends_with(".mpy") {
            self.load_mpy_file(&bytes, path, globals)?
        } else {
            self.compile_load(&bytes, path, crate::Mode::File, globals)?
        };
        drop(bytes);
        self.call_function(fun, &[], &[], Value::NULL)
    }

    /// `from module import name`: the attribute, or else (for a package)
    /// the submodule `module.name`, imported now.
    pub(crate) fn import_from(&self, module: Value, name: Qstr) -> PyResult {
        let rt = self.rt();
        if let Some(v) = rt.try_load_attr(module, name)? {
            return Ok(v);
        }
        let cannot = || {
            self.import_error(format_args!(
                "cannot import name '{}'",
                rt.qstr_display(name)
            ))
        };
        let Some(d) = module_dict(rt, module) else {
            return Err(cannot());
        };
        if d.map().get(rt, Value::qstr(q::__path__))?.is_none() {
            return Err(cannot());
        }
        let Some(pkg) = d
            .map()
            .get(rt, Value::qstr(q::__name__))?
            .and_then(|n| text(rt, n).map(String::from))
        else {
            return Err(cannot());
        };
        let leaf = core::str::from_utf8(rt.qstr_text(name)).unwrap_or("");
        let full = join_dotted(&pkg, leaf);
        match self.import_one(&full, module) {
            Ok(m) => {
                rt.store_attr(module, name, m)?;
                Ok(m)
            }
            Err(e) if exc::exception_matches(rt, e, &exc::IMPORT_ERROR) => Err(cannot()),
            Err(e) => Err(e),
        }
    }

    /// Runs the module `name` (found along `sys.path`) as `__main__`, as
    /// `python -m name` does: a package runs its `__main__` submodule.
    pub fn run_module_as_main(&self, name: &str) -> PyResult {
        let rt = self.rt();
        let globals = self.main_globals();
        let r = (|| {
            let (parent, leaf) = match name.rsplit_once('.') {
                Some((p, l)) => (Some(p), l),
                None => (None, name),
            };
            let found = match parent {
                None => self.find_in_sys_path(leaf)?,
                Some(p) => {
                    let pm = self.import_dotted(p, Value::TRUE)?;
                    let dir = module_dict(rt, pm)
                        .and_then(|d| d.map().get(rt, Value::qstr(q::__path__)).ok().flatten())
                        .and_then(|d| text(rt, d).map(String::from));
                    dir.and_then(|d| self.find_in(&d, leaf))
                }
            };
            let (file, package) = match found {
                Some(Found::File(f)) => (f, parent.map(String::from)),
                Some(Found::Package(dir, _)) => {
                    // `python -m pkg` runs `pkg/__main__`: import the
                    // package itself first.
                    self.import_dotted(name, Value::TRUE)?;
                    match self.find_in(&dir, "__main__") {
                        Some(Found::File(f)) => (f, Some(String::from(name))),
                        _ => {
                            return Err(self
                                .import_error(format_args!("no module named '{name}.__main__'")));
                        }
                    }
                }
                None => return Err(self.no_module(name)),
            };
            let f = new_str(rt, &STR_TYPE, file.as_bytes())?;
            set(rt, globals, q::__file__, f)?;
            if let Some(p) = package {
                let k = self.intern_str("__package__")?;
                let v = new_str(rt, &STR_TYPE, p.as_bytes())?;
                set(rt, globals, k, v)?;
            }
            self.run_file_in(&file, globals)
        })();
        if r.is_err() && self.native_depth.get() == 0 {
            self.reset_stacks();
        }
        r
    }
}

/// `pkg.leaf`.
fn join_dotted(pkg: &str, leaf: &str) -> String {
    let mut s = String::with_capacity(pkg.len() + leaf.len() + 1);
    s.push_str(pkg);
    s.push('.');
    s.push_str(leaf);
    s
}
