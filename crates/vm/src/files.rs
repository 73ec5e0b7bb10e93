//! Files and the console input: `open()`, the file objects it returns,
//! `input()`, `sys.stdin` and the `os` module, over the port's
//! [`FileSystem`] and [`LineInput`] (so the VM stays `no_std`).
//!
//! The file system is stateless: reading opens a file and takes its whole
//! contents into a `bytes` object that the file object reads from; every
//! `write` appends to the file at once (`'w'` truncates it when opened), so
//! nothing is lost if a program never closes its files.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::NativeFn;
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE, bytes_like, new_str, str_text};
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Sink, Value, q, rom_method};

use crate::builtins::FnName;
use crate::func::vm_type;
use crate::load::obj_value;
use crate::stdlib::{int_value, set, to_i64};
use crate::vm::Vm;

/// What [`FileSystem::stat`] reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileStat {
    /// A directory (else a file).
    pub is_dir: bool,
    /// Size in bytes.
    pub size: u64,
    /// Last modification, in seconds since the epoch (0 if unknown).
    pub mtime: i64,
}

/// The port's files, for `open()` and `os`. Paths are UTF-8 text as
/// Python gave them; errors are `errno` numbers (`2` for `ENOENT`...).
pub trait FileSystem: Sync {
    /// The whole contents of a file.
    fn read(&self, path: &str) -> Result<Vec<u8>, i32>;
    /// Writes `data` to a file, creating it if needed: appended when
    /// `append`, else replacing the contents.
    fn write(&self, path: &str, data: &[u8], append: bool) -> Result<(), i32>;
    /// The names in a directory (without `.` and `..`).
    fn listdir(&self, path: &str) -> Result<Vec<String>, i32>;
    /// What `path` is.
    fn stat(&self, path: &str) -> Result<FileStat, i32>;
    /// Deletes a file.
    fn remove(&self, path: &str) -> Result<(), i32>;
    /// Renames a file or directory.
    fn rename(&self, from: &str, to: &str) -> Result<(), i32>;
    /// Makes a directory.
    fn mkdir(&self, path: &str) -> Result<(), i32>;
    /// Deletes an empty directory.
    fn rmdir(&self, path: &str) -> Result<(), i32>;
    /// The working directory.
    fn getcwd(&self) -> Result<String, i32>;
    /// Changes the working directory.
    fn chdir(&self, path: &str) -> Result<(), i32>;
}

/// The port's console input, for `input()` and `sys.stdin`.
pub trait LineInput: Sync {
    /// The next line, with its `\n` if it had one; `None` at the end of
    /// input.
    fn read_line(&self) -> Option<Vec<u8>>;
}

const ENOENT: i32 = 2;
const EEXIST: i32 = 17;
const EINVAL: i32 = 22;
const ENODEV: i32 = 19;

/// `OSError(errno)`, as MicroPython raises it.
fn os_error(rt: &Rt, errno: i32) -> Exc {
    match exc::new_exception(
        rt,
        &exc::OS_ERROR,
        &[Value::small_int_unchecked(errno as _)],
    ) {
        Ok(e) => Exc(e),
        Err(e) => e,
    }
}

#[cfg(feature = "filesystem")]
fn fs(vm: &Vm) -> PyResult<&'static dyn FileSystem> {
    vm.fs.ok_or_else(|| os_error(vm.rt(), ENODEV))
}

/// Without the feature there are no files (as with `Config::fs` `None`):
/// always an error, so the file type and the `os` functions' bodies are
/// unreachable and not linked.
#[cfg(not(feature = "filesystem"))]
#[inline(always)]
fn fs(vm: &Vm) -> PyResult<&'static dyn FileSystem> {
    Err(os_error(vm.rt(), ENODEV))
}

/// A path argument as text.
fn path_arg(rt: &Rt, v: Value) -> PyResult<&str> {
    let t = str_text(rt, v).ok_or_else(|| rt.type_error(format_args!("path must be a string")))?;
    core::str::from_utf8(t.bytes).map_err(|_| os_error(rt, EINVAL))
}

// ----- input() and sys.stdin -------------------------------------------------------

/// Reads one line from the port's input: `None` at the end.
fn read_line(vm: &Vm) -> PyResult<Option<Vec<u8>>> {
    vm.flush_out()?;
    Ok(vm.stdin.and_then(|s| s.read_line()))
}

/// `input([prompt])`: the next line without its newline; `EOFError` at
/// the end of input.
pub(crate) fn input(vm: &Vm, prompt: Option<Value>) -> PyResult {
    let rt = vm.rt();
    if let Some(p) = prompt {
        let s = rt.str(p)?;
        vm.write_out(rt.str_bytes(s).unwrap_or(b""))?;
    }
    match read_line(vm)? {
        Some(mut line) => {
            if line.last() == Some(&b'\n') {
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
            }
            new_str(rt, &STR_TYPE, &line)
        }
        None => Err(rt.error(&exc::EOF_ERROR, format_args!("EOF when reading a line"))),
    }
}

/// `sys.stdin`: reads lines from the port's input.
#[repr(C)]
struct StdinObj {
    header: ObjHeader,
    vm: *const Vm,
}

// SAFETY: `#[repr(C)]` with the header first; `STDIN_TYPE` owns it.
unsafe impl Object for StdinObj {
    const TYPE: &'static Type = &STDIN_TYPE;
}

fn stdin_vm(rt: &Rt, v: Value) -> PyResult<&Vm> {
    let s = rt
        .downcast::<StdinObj>(v)
        .ok_or_else(|| rt.type_error(format_args!("not stdin")))?;
    // SAFETY: the VM outlives its heap, and so this object; it never moves.
    Ok(unsafe { &*s.vm })
}

fn stdin_readline(rt: &Rt, this: Value) -> PyResult {
    let vm = stdin_vm(rt, this)?;
    let line = read_line(vm)?.unwrap_or_default();
    new_str(rt, &STR_TYPE, &line)
}

fn stdin_read(rt: &Rt, args: &[Value]) -> PyResult {
    let vm = stdin_vm(rt, args[0])?;
    let limit = match args.get(1) {
        Some(&n) if !n.is_none() => usize::try_from(to_i64(rt, n)?).ok(),
        _ => None,
    };
    let mut all = Vec::new();
    while limit.is_none_or(|n| all.len() < n) {
        match read_line(vm)? {
            Some(line) => all.extend_from_slice(&line),
            None => break,
        }
    }
    new_str(rt, &STR_TYPE, &all)
}

fn stdin_readlines(rt: &Rt, this: Value) -> PyResult {
    let vm = stdin_vm(rt, this)?;
    let list = new_list(rt, &[])?;
    while let Some(line) = read_line(vm)? {
        let s = new_str(rt, &STR_TYPE, &line)?;
        if let Some(l) = rt.downcast::<List>(list) {
            l.push(rt, s)?;
        }
    }
    Ok(list)
}

fn stdin_iternext(rt: &Rt, this: Value) -> PyResult<Option<Value>> {
    let vm = stdin_vm(rt, this)?;
    match read_line(vm)? {
        Some(line) => new_str(rt, &STR_TYPE, &line).map(Some),
        None => Ok(None),
    }
}

fn stdin_print(_rt: &Rt, _this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    out.put(b"<io.TextIOWrapper 0>")
}

static STDIN_SLOTS: Slots = Slots {
    iternext: Some(stdin_iternext),
    print: Some(stdin_print),
    ..Slots::EMPTY
};

static STDIN_METHODS: [(Qstr, Value); 3] = crate::stdlib::sort_methods([
    rom_method!(readline, NativeFn::F1(stdin_readline)),
    rom_method!(
        read,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: stdin_read
        }
    ),
    rom_method!(readlines, NativeFn::F1(stdin_readlines)),
]);

static STDIN_TYPE: Type = Type {
    methods: &STDIN_METHODS,
    ..vm_type(
        q::TextIOWrapper,
        TypeFlags::EQ_IS_IDENTITY,
        &STDIN_TYPE,
        &STDIN_SLOTS,
    )
};

/// Makes `sys.stdin`.
pub(crate) fn new_stdin(vm: &Vm) -> PyResult {
    let p = vm
        .rt()
        .alloc(size_of::<StdinObj>(), AllocFlags::NONE)?
        .cast::<StdinObj>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(StdinObj {
            header: ObjHeader::new(&STDIN_TYPE),
            vm: vm.ptr(),
        })
    };
    Ok(obj_value(p))
}

// ----- open() and file objects -------------------------------------------------------

const F_READ: u8 = 1;
const F_WRITE: u8 = 2;
const F_BINARY: u8 = 4;
const F_CLOSED: u8 = 8;

/// A file opened with `open()`.
#[repr(C)]
struct FileObj {
    header: ObjHeader,
    vm: *const Vm,
    /// The path, as given.
    name: Value,
    /// The mode string, as given.
    mode: Value,
    /// For reading: the contents (a `bytes`), else NULL.
    data: Value,
    /// Read position, in bytes.
    pos: Cell<usize>,
    flags: Cell<u8>,
}

// SAFETY: `#[repr(C)]` with the header first; `TEXT_FILE_TYPE` owns the
// layout, which `BINARY_FILE_TYPE` shares (its native type).
unsafe impl Object for FileObj {
    const TYPE: &'static Type = &TEXT_FILE_TYPE;
}

impl FileObj {
    fn vm(&self) -> &Vm {
        // SAFETY: the VM outlives its heap, and so this object; it never
        // moves.
        unsafe { &*self.vm }
    }

    fn binary(&self) -> bool {
        self.flags.get() & F_BINARY != 0
    }

    /// The unread contents.
    fn rest<'a>(&self, rt: &'a Rt) -> &'a [u8] {
        let all = rt.str_bytes(self.data).unwrap_or(b"");
        &all[self.pos.get().min(all.len())..]
    }

    /// A `str` or `bytes` of `bytes`, by the file's mode.
    fn value(&self, rt: &Rt, bytes: &[u8]) -> PyResult {
        new_str(
            rt,
            if self.binary() {
                &BYTES_TYPE
            } else {
                &STR_TYPE
            },
            bytes,
        )
    }
}

fn file_of(rt: &Rt, v: Value, need: u8) -> PyResult<&FileObj> {
    let f = rt
        .downcast::<FileObj>(v)
        .ok_or_else(|| rt.type_error(format_args!("not a file")))?;
    let flags = f.flags.get();
    if flags & F_CLOSED != 0 {
        return Err(rt.value_error(format_args!("I/O operation on closed file")));
    }
    if need != 0 && flags & need == 0 {
        return Err(os_error(rt, EINVAL));
    }
    Ok(f)
}

/// `open(file, mode='r', ...)`.
pub(crate) fn open(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    let mut name = args.pos.first().copied();
    let mut mode = args.pos.get(1).copied();
    for (k, v) in args.kw_pairs() {
        let names: &[&[u8]] = &[
            b"file",
            b"mode",
            b"encoding",
            b"buffering",
            b"errors",
            b"newline",
        ];
        match crate::stdlib::text_index(rt, k, names) {
            Some(0) => name = Some(v),
            Some(1) => mode = Some(v),
            Some(_) => {}
            None => return Err(rt.type_error(format_args!("unexpected keyword argument"))),
        }
    }
    let Some(name) = name else {
        return Err(rt.type_error(format_args!("open() missing required argument 'file'")));
    };
    let path = path_arg(rt, name)?;
    let mode = match mode {
        Some(m) => m,
        None => Value::qstr(rt.intern(b"r").map_err(|_| rt.memory_error())?),
    };
    let mode_text = rt
        .str_bytes(mode)
        .ok_or_else(|| rt.type_error(format_args!("mode must be a string")))?;
    let mut flags = 0u8;
    let mut kind = b'r';
    for &c in mode_text {
        match c {
            b'r' | b'w' | b'a' | b'x' => kind = c,
            b'b' => flags |= F_BINARY,
            b't' | b'+' => {}
            _ => return Err(rt.value_error(format_args!("invalid mode"))),
        }
    }
    let fs = fs(vm)?;
    let mut data = Value::NULL;
    match kind {
        b'r' => {
            flags |= F_READ;
            let bytes = fs.read(path).map_err(|e| os_error(rt, e))?;
            data = new_str(rt, &BYTES_TYPE, &bytes)?;
        }
        b'x' if fs.stat(path).is_ok() => return Err(os_error(rt, EEXIST)),
        b'a' => {
            flags |= F_WRITE;
            fs.write(path, b"", true).map_err(|e| os_error(rt, e))?;
        }
        _ => {
            flags |= F_WRITE;
            fs.write(path, b"", false).map_err(|e| os_error(rt, e))?;
        }
    }
    let ty: &'static Type = if flags & F_BINARY != 0 {
        &BINARY_FILE_TYPE
    } else {
        &TEXT_FILE_TYPE
    };
    let p = rt
        .alloc(size_of::<FileObj>(), AllocFlags::NONE)?
        .cast::<FileObj>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(FileObj {
            header: ObjHeader::new(ty),
            vm: vm.ptr(),
            name,
            mode,
            data,
            pos: Cell::new(0),
            flags: Cell::new(flags),
        })
    };
    Ok(obj_value(p))
}

/// How many bytes of `rest` make `n` characters (text) or bytes.
fn span(rest: &[u8], n: usize, binary: bool) -> usize {
    if binary {
        return n.min(rest.len());
    }
    let mut chars = 0;
    for (i, &b) in rest.iter().enumerate() {
        if b & 0xc0 != 0x80 {
            if chars == n {
                return i;
            }
            chars += 1;
        }
    }
    rest.len()
}

fn size_arg(rt: &Rt, args: &[Value]) -> PyResult<Option<usize>> {
    match args.get(1) {
        Some(&n) if !n.is_none() => Ok(usize::try_from(to_i64(rt, n)?).ok()),
        _ => Ok(None),
    }
}

fn file_read(rt: &Rt, args: &[Value]) -> PyResult {
    let f = file_of(rt, args[0], F_READ)?;
    let rest = f.rest(rt);
    let n = match size_arg(rt, args)? {
        Some(n) => span(rest, n, f.binary()),
        None => rest.len(),
    };
    let v = f.value(rt, &rest[..n])?;
    f.pos.set(f.pos.get() + n);
    Ok(v)
}

/// The length of the next line of `rest` (with its `\n`), at most `limit`.
fn line_len(rest: &[u8], limit: Option<usize>, binary: bool) -> usize {
    let n = rest
        .iter()
        .position(|&b| b == b'\n')
        .map_or(rest.len(), |i| i + 1);
    match limit {
        Some(l) => n.min(span(rest, l, binary)),
        None => n,
    }
}

fn file_readline(rt: &Rt, args: &[Value]) -> PyResult {
    let f = file_of(rt, args[0], F_READ)?;
    let rest = f.rest(rt);
    let n = line_len(rest, size_arg(rt, args)?, f.binary());
    let v = f.value(rt, &rest[..n])?;
    f.pos.set(f.pos.get() + n);
    Ok(v)
}

fn file_readlines(rt: &Rt, this: Value) -> PyResult {
    let list = new_list(rt, &[])?;
    while let Some(line) = file_iternext(rt, this)? {
        if let Some(l) = rt.downcast::<List>(list) {
            l.push(rt, line)?;
        }
    }
    Ok(list)
}

fn file_iternext(rt: &Rt, this: Value) -> PyResult<Option<Value>> {
    let f = file_of(rt, this, F_READ)?;
    let rest = f.rest(rt);
    if rest.is_empty() {
        return Ok(None);
    }
    let n = line_len(rest, None, f.binary());
    let v = f.value(rt, &rest[..n])?;
    f.pos.set(f.pos.get() + n);
    Ok(Some(v))
}

fn file_write(rt: &Rt, this: Value, s: Value) -> PyResult {
    let f = file_of(rt, this, F_WRITE)?;
    let (bytes, count) = if f.binary() {
        let b = bytes_like(rt, s)
            .ok_or_else(|| rt.type_error(format_args!("a bytes-like object is required")))?;
        (b.bytes, b.bytes.len())
    } else {
        let t = str_text(rt, s)
            .ok_or_else(|| rt.type_error(format_args!("write() argument must be str")))?;
        let n = core::str::from_utf8(t.bytes).map_or(t.bytes.len(), |x| x.chars().count());
        (t.bytes, n)
    };
    let path = path_arg(rt, f.name)?;
    fs(f.vm())?
        .write(path, bytes, true)
        .map_err(|e| os_error(rt, e))?;
    int_value(rt, count as i64)
}

fn file_seek(rt: &Rt, args: &[Value]) -> PyResult {
    let f = file_of(rt, args[0], 0)?;
    let len = rt.str_bytes(f.data).map_or(0, <[u8]>::len) as i64;
    let off = to_i64(rt, args[1])?;
    let whence = match args.get(2) {
        Some(&w) => to_i64(rt, w)?,
        None => 0,
    };
    let base = match whence {
        0 => 0,
        1 => f.pos.get() as i64,
        2 => len,
        _ => return Err(os_error(rt, EINVAL)),
    };
    let pos = (base + off).max(0);
    f.pos.set(pos as usize);
    int_value(rt, pos)
}

fn file_tell(rt: &Rt, this: Value) -> PyResult {
    let f = file_of(rt, this, 0)?;
    int_value(rt, f.pos.get() as i64)
}

fn file_flush(rt: &Rt, this: Value) -> PyResult {
    file_of(rt, this, 0)?;
    Ok(Value::NONE)
}

fn file_close(rt: &Rt, this: Value) -> PyResult {
    if let Some(f) = rt.downcast::<FileObj>(this) {
        f.flags.set(f.flags.get() | F_CLOSED);
    }
    Ok(Value::NONE)
}

fn file_enter(rt: &Rt, this: Value) -> PyResult {
    file_of(rt, this, 0)?;
    Ok(this)
}

fn file_exit(rt: &Rt, args: &[Value]) -> PyResult {
    file_close(rt, args[0])
}

fn file_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let (AttrOp::Load(dest), Some(f)) = (op, rt.downcast::<FileObj>(this)) else {
        return Ok(false);
    };
    dest[0] = match name {
        q::name => f.name,
        q::mode => f.mode,
        q::closed => Value::bool(f.flags.get() & F_CLOSED != 0),
        _ => return Ok(false),
    };
    Ok(true)
}

fn file_iter(rt: &Rt, this: Value) -> PyResult {
    file_of(rt, this, 0)?;
    Ok(this)
}

fn file_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let binary = rt.downcast::<FileObj>(this).is_some_and(FileObj::binary);
    out.put(if binary {
        b"<io.FileIO>"
    } else {
        b"<io.TextIOWrapper>"
    })
}

static FILE_SLOTS: Slots = Slots {
    iter: Some(file_iter),
    iternext: Some(file_iternext),
    attr: Some(file_attr),
    print: Some(file_print),
    ..Slots::EMPTY
};

static FILE_METHODS: [(Qstr, Value); 11] = crate::stdlib::sort_methods([
    rom_method!(
        read,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: file_read
        }
    ),
    rom_method!(
        readline,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: file_readline
        }
    ),
    rom_method!(readlines, NativeFn::F1(file_readlines)),
    rom_method!(write, NativeFn::F2(file_write)),
    rom_method!(
        seek,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: file_seek
        }
    ),
    rom_method!(tell, NativeFn::F1(file_tell)),
    rom_method!(flush, NativeFn::F1(file_flush)),
    rom_method!(close, NativeFn::F1(file_close)),
    rom_method!(__enter__, NativeFn::F1(file_enter)),
    rom_method!(
        __exit__,
        NativeFn::Var {
            min: 1,
            max: 4,
            f: file_exit
        }
    ),
    rom_method!(__iter__, NativeFn::F1(file_iter)),
]);

/// The type of files opened in text mode.
static TEXT_FILE_TYPE: Type = Type {
    methods: &FILE_METHODS,
    ..vm_type(
        q::TextIOWrapper,
        TypeFlags::EQ_IS_IDENTITY,
        &TEXT_FILE_TYPE,
        &FILE_SLOTS,
    )
};

/// The type of files opened in binary mode.
static BINARY_FILE_TYPE: Type = Type {
    methods: &FILE_METHODS,
    ..vm_type(
        q::FileIO,
        TypeFlags::EQ_IS_IDENTITY,
        &TEXT_FILE_TYPE,
        &FILE_SLOTS,
    )
};

// ----- os ----------------------------------------------------------------------------

/// Functions of `os`, each a VM function (numbers from 200).
pub(crate) const OS_LISTDIR: usize = 200;
pub(crate) const OS_GETCWD: usize = 201;
pub(crate) const OS_CHDIR: usize = 202;
pub(crate) const OS_REMOVE: usize = 203;
pub(crate) const OS_RENAME: usize = 204;
pub(crate) const OS_MKDIR: usize = 205;
pub(crate) const OS_RMDIR: usize = 206;
pub(crate) const OS_STAT: usize = 207;
pub(crate) const OS_ILISTDIR: usize = 208;

/// Calls an `os` function.
pub(crate) fn call_os(vm: &Vm, which: usize, name: Qstr, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    let pos = args.pos;
    let (min, max) = match which {
        OS_LISTDIR | OS_ILISTDIR => (0, 1),
        OS_GETCWD => (0, 0),
        OS_RENAME => (2, 2),
        _ => (1, 1),
    };
    if !args.kw.is_empty() || pos.len() < min || pos.len() > max {
        return Err(rt.arg_count_error(name, max, pos.len(), min != max));
    }
    let fs = fs(vm)?;
    let err = |e: i32| os_error(rt, e);
    match which {
        OS_LISTDIR | OS_ILISTDIR => {
            let dir = match pos.first() {
                Some(&p) => path_arg(rt, p)?,
                None => ".",
            };
            let mut names = fs.listdir(dir).map_err(err)?;
            crate::small_sort::sort_by(&mut names, |a, b| a < b);
            let list = new_list(rt, &[])?;
            for n in names {
                let s = new_str(rt, &STR_TYPE, n.as_bytes())?;
                let item = if which == OS_ILISTDIR {
                    let full = join(dir, &n);
                    let st = fs.stat(&full).map_err(err)?;
                    let t = if st.is_dir { 0x4000 } else { 0x8000 };
                    new_tuple(
                        rt,
                        &[
                            s,
                            Value::small_int_unchecked(t),
                            Value::small_int_unchecked(0),
                            int_value(rt, st.size as i64)?,
                        ],
                    )?
                } else {
                    s
                };
                if let Some(l) = rt.downcast::<List>(list) {
                    l.push(rt, item)?;
                }
            }
            if which == OS_ILISTDIR {
                return rt.get_iter(list);
            }
            Ok(list)
        }
        OS_GETCWD => {
            let cwd = fs.getcwd().map_err(err)?;
            new_str(rt, &STR_TYPE, cwd.as_bytes())
        }
        OS_RENAME => fs
            .rename(path_arg(rt, pos[0])?, path_arg(rt, pos[1])?)
            .map_err(err)
            .map(|_| Value::NONE),
        OS_CHDIR | OS_REMOVE | OS_MKDIR | OS_RMDIR => {
            let path = path_arg(rt, pos[0])?;
            let done = match which {
                OS_CHDIR => fs.chdir(path),
                OS_REMOVE => fs.remove(path),
                OS_MKDIR => fs.mkdir(path),
                _ => fs.rmdir(path),
            };
            done.map_err(err).map(|_| Value::NONE)
        }
        OS_STAT => {
            let st = fs.stat(path_arg(rt, pos[0])?).map_err(err)?;
            let mode = if st.is_dir { 0o040_755 } else { 0o100_644 };
            let z = Value::small_int_unchecked(0);
            let size = int_value(rt, st.size as i64)?;
            let t = int_value(rt, st.mtime)?;
            new_tuple(
                rt,
                &[
                    Value::small_int_unchecked(mode),
                    z,
                    z,
                    z,
                    z,
                    z,
                    size,
                    t,
                    t,
                    t,
                ],
            )
        }
        _ => Err(err(ENOENT)),
    }
}

/// `dir/name`.
fn join(dir: &str, name: &str) -> String {
    let mut s = String::from(dir);
    if !s.is_empty() && !s.ends_with('/') {
        s.push('/');
    }
    s.push_str(name);
    s
}

/// Fills the `os` module.
pub(crate) fn init_os(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    // All the names first, then the objects, as the heap had them before
    // the table (interning a name again finds it, allocating nothing).
    for (_, name) in &OS_FNS {
        name.qstr(rt)?;
    }
    for (which, name) in &OS_FNS {
        let name = name.qstr(rt)?;
        let f = crate::builtins::new_vm_fn(vm, *which, name)?;
        set(rt, dict, name, f)?;
    }
    let intern = |s: &[u8]| rt.intern(s).map_err(|_| rt.memory_error());
    set(rt, dict, q::sep, Value::qstr(intern(b"/")?))?;
    set(rt, dict, q::__name__, Value::qstr(intern(b"os")?))?;
    Ok(())
}

/// The `os` functions: number and name.
static OS_FNS: [(usize, FnName); 9] = {
    use FnName::{Static as S, Text as T};
    [
        (OS_LISTDIR, T(b"listdir")),
        (OS_ILISTDIR, T(b"ilistdir")),
        (OS_GETCWD, T(b"getcwd")),
        (OS_CHDIR, T(b"chdir")),
        (OS_REMOVE, S(q::remove)),
        (OS_RENAME, S(q::rename)),
        (OS_MKDIR, T(b"mkdir")),
        (OS_RMDIR, T(b"rmdir")),
        (OS_STAT, T(b"stat")),
    ]
};
