//! Module objects, the registry of built-in modules (`gc`, `micropython`,
//! `sys`) and `import` of them.
//!
//! A built-in module is made on its first import (its dict costs heap only
//! when a program uses it) and cached in `sys.modules` under its canonical
//! name; `import ugc` (MicroPython's `u` prefix) finds the same module.
//! Other names are searched for as files (`import.rs`).

use core::fmt::{self, Write as _};
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use pyrite_obj::types::dict::{Dict, new_dict};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::list::new_list;
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE, new_str};
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::types::{self, num};
use pyrite_obj::{Args, PyResult, Qstr, Rt, Sink, Value, q};

use crate::func::vm_type;
use crate::load::obj_value;
use crate::vm::Vm;

/// The version `sys.version` reports (the Python language level first, as
/// MicroPython does).
const VERSION: &str = "3.4.0; Pyrite 0.1.0";

// ----- module objects ----------------------------------------------------------

/// A module: its globals dict (which holds `__name__`).
#[repr(C)]
pub(crate) struct Module {
    header: ObjHeader,
    /// A `dict`.
    pub dict: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `MODULE_TYPE` owns it (and
// `NAMESPACE_TYPE` shares the layout, with `Module::TYPE` as its native).
unsafe impl Object for Module {
    const TYPE: &'static Type = &MODULE_TYPE;
}

pub(crate) fn module_dict(rt: &Rt, this: Value) -> Option<&Dict> {
    let ty = rt.type_of(this);
    if !core::ptr::eq(ty, &MODULE_TYPE) && !core::ptr::eq(ty, &NAMESPACE_TYPE) {
        return None;
    }
    let p = this.as_object()?.cast::<Module>();
    // SAFETY: the type check above: `this` is a live `Module`.
    let dict = unsafe { p.as_ref() }.dict;
    rt.downcast::<Dict>(dict)
}

fn module_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let Some(d) = module_dict(rt, this) else {
        return Ok(false);
    };
    let key = Value::qstr(name);
    match op {
        AttrOp::Load(dest) => {
            if let Some(v) = d.map().get(rt, key)? {
                dest[0] = v;
                return Ok(true);
            }
            if name == q::__dict__ {
                let p = this.as_object().map(|p| p.cast::<Module>());
                if let Some(p) = p {
                    // SAFETY: `module_dict` checked that `this` is a `Module`.
                    dest[0] = unsafe { p.as_ref() }.dict;
                    return Ok(true);
                }
            }
            Ok(false)
        }
        AttrOp::Store(v) => {
            d.map().insert(rt, key, v)?;
            Ok(true)
        }
        AttrOp::Delete => Ok(d.map().remove(rt, key)?.is_some()),
    }
}

fn module_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let name = module_dict(rt, this)
        .and_then(|d| d.map().get(rt, Value::qstr(q::__name__)).ok().flatten())
        .and_then(|n| rt.str_bytes(n))
        .unwrap_or(b"?");
    out.put(b"<module '")?;
    out.put(name)?;
    out.put(b"'>")
}

static MODULE_SLOTS: Slots = Slots {
    attr: Some(module_attr),
    print: Some(module_print),
    ..Slots::EMPTY
};

/// The `module` type (`M` in the heap block map).
pub(crate) static MODULE_TYPE: Type = Type {
    map_char: b'M',
    ..vm_type(
        q::module,
        TypeFlags::EQ_IS_IDENTITY,
        &MODULE_TYPE,
        &MODULE_SLOTS,
    )
};

/// `name=value, ...` in dict order, in parentheses (`sys.implementation`).
fn namespace_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    out.put(b"(")?;
    if let Some(d) = module_dict(rt, this) {
        let map = d.map();
        let mut first = true;
        for i in 0..map.slots() {
            if let Some((k, v)) = map.entry_at(i) {
                if !first {
                    out.put(b", ")?;
                }
                first = false;
                rt.print(k, out, PrintKind::Str)?;
                out.put(b"=")?;
                rt.print(v, out, PrintKind::Repr)?;
            }
        }
    }
    out.put(b")")
}

static NAMESPACE_SLOTS: Slots = Slots {
    attr: Some(module_attr),
    print: Some(namespace_print),
    ..Slots::EMPTY
};

/// A simple object with attributes (`sys.implementation`).
static NAMESPACE_TYPE: Type = vm_type(
    q::implementation,
    TypeFlags::EQ_IS_IDENTITY,
    &MODULE_TYPE,
    &NAMESPACE_SLOTS,
);

fn new_module_obj(rt: &Rt, ty: &'static Type, dict: Value) -> PyResult {
    let p = rt
        .alloc(size_of::<Module>(), AllocFlags::NONE)?
        .cast::<Module>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(Module {
            header: ObjHeader::new(ty),
            dict,
        })
    };
    Ok(obj_value(p))
}

/// A new module named `name` with an empty dict (but for `__name__`).
pub(crate) fn new_module(rt: &Rt, name: Qstr) -> PyResult {
    let dict = new_dict(rt)?;
    let m = new_module_obj(rt, &MODULE_TYPE, dict)?;
    set(rt, dict, q::__name__, Value::qstr(name))?;
    Ok(m)
}

/// A module object over an existing dict (`__main__`'s globals).
pub(crate) fn new_module_with_dict(rt: &Rt, dict: Value) -> PyResult {
    new_module_obj(rt, &MODULE_TYPE, dict)
}

/// `dict[name] = v` for a dict value (ignored for anything else).
pub(crate) fn set(rt: &Rt, dict: Value, name: Qstr, v: Value) -> PyResult<()> {
    if let Some(d) = rt.downcast::<Dict>(dict) {
        d.map().insert(rt, Value::qstr(name), v)?;
    }
    Ok(())
}

// ----- the registry and import ---------------------------------------------------

/// Fills a new built-in module's dict.
/// Fills a built-in module's dict when the module is first imported.
pub type ModInit = fn(&Vm, Value) -> PyResult<()>;

/// The built-in modules: name and the function that fills its dict.
pub(crate) const BUILTIN_MODULES: &[(Qstr, ModInit)] = &[
    (q::gc, init_gc),
    (q::micropython, init_micropython),
    (q::sys, init_sys),
    #[cfg(feature = "builtins-extra")]
    (q::builtins, crate::builtins::init_builtins_module),
    #[cfg(feature = "stdlib-struct")]
    (q::r#struct, |vm, d| {
        pyrite_constdata::init_struct(vm.rt(), d)
    }),
    #[cfg(feature = "stdlib-array")]
    (q::array, |vm, d| pyrite_constdata::init_array(vm.rt(), d)),
    #[cfg(feature = "stdlib-binascii")]
    (q::binascii, |vm, d| {
        pyrite_constdata::init_binascii(vm.rt(), d)
    }),
];

impl Vm {
    /// The built-in module registry entry for `name` or its `u`-prefixed
    /// alias.
    /// The core modules come first, then the standard library's.
    fn builtin_module(&self, name: Qstr) -> Option<(Qstr, ModInit)> {
        let rt = self.rt();
        let alias = rt.qstr_text(name).strip_prefix(b"u");
        // Every table for the exact name, then every table for the alias.
        for exact in [true, false] {
            let tables = [
                BUILTIN_MODULES,
                crate::stdlib::STDLIB_MODULES,
                self.port_modules.get(),
            ];
            for table in tables {
                for &(n, init) in table {
                    let hit = if exact {
                        n == name
                    } else {
                        alias == Some(rt.qstr_text(n))
                    };
                    if hit {
                        return Some((n, init));
                    }
                }
            }
        }
        None
    }

    /// The built-in module `name` (or its `u` alias): from `sys.modules`,
    /// or made now and cached there under its canonical name. `None` when
    /// no built-in module has that name.
    pub(crate) fn import_builtin(&self, name: Qstr) -> PyResult<Option<Value>> {
        let rt = self.rt();
        let Some((canon, init)) = self.builtin_module(name) else {
            return Ok(None);
        };
        let Some(mods) = rt.downcast::<Dict>(self.modules.get()) else {
            return Ok(None);
        };
        if let Some(m) = mods.map().get(rt, Value::qstr(canon))? {
            return Ok(Some(m));
        }
        let m = new_module(rt, canon)?;
        let dict = rt
            .downcast::<Module>(m)
            .map(|x| x.dict)
            .ok_or_else(|| rt.memory_error())?;
        init(self, dict)?;
        mods.map().insert(rt, Value::qstr(canon), m)?;
        Ok(Some(m))
    }

    /// `from module import *`: copies the public names into `names`.
    pub(crate) fn import_star(&self, module: Value, names: Value) -> PyResult<()> {
        let rt = self.rt();
        let Some(src) = module_dict(rt, module) else {
            return Err(rt.type_error(format_args!("import * needs a module")));
        };
        let Some(dst) = rt.downcast::<Dict>(names) else {
            return Ok(());
        };
        let map = src.map();
        let mut i = 0;
        while i < map.slots() {
            if let Some((k, v)) = map.entry_at(i)
                && !rt.str_bytes(k).is_some_and(|b| b.starts_with(b"_"))
            {
                dst.map().insert(rt, k, v)?;
            }
            i += 1;
        }
        Ok(())
    }
}

// ----- functions that need the VM -----------------------------------------------

pub(crate) const VM_MEM_INFO: usize = 100;
pub(crate) const VM_QSTR_INFO: usize = 101;
pub(crate) const VM_STACK_USE: usize = 102;
pub(crate) const VM_OPT_LEVEL: usize = 103;
pub(crate) const VM_SCHEDULE: usize = 104;
pub(crate) const VM_KBD_INTR: usize = 105;
pub(crate) const VM_PRINT_EXCEPTION: usize = 106;

/// Calls a module function that needs the VM (`which` is one of the
/// `VM_*` numbers above).
pub(crate) fn call_vm_fn(vm: &Vm, which: usize, name: Qstr, args: Args<'_>) -> PyResult {
    if which >= crate::files::OS_LISTDIR {
        return crate::files::call_os(vm, which, name, args);
    }
    let rt = vm.rt();
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!(
            "{}() takes no keyword arguments",
            rt.qstr_display(name)
        )));
    }
    let pos = args.pos;
    let (min, max) = match which {
        VM_MEM_INFO | VM_QSTR_INFO => (0, 1),
        VM_STACK_USE => (0, 0),
        VM_OPT_LEVEL => (0, 1),
        VM_KBD_INTR => (1, 1),
        VM_PRINT_EXCEPTION => (1, 2),
        _ => (2, 2),
    };
    if pos.len() < min || pos.len() > max {
        return Err(rt.type_error(format_args!(
            "function takes {} positional arguments but {} were given",
            max,
            pos.len()
        )));
    }
    match which {
        VM_MEM_INFO => {
            mem_info(vm, pos.len() == 1)?;
            Ok(Value::NONE)
        }
        VM_QSTR_INFO => {
            let (n, text, total) = rt.qstrs().stats();
            let mut w = OutWriter::new(vm);
            let _ = writeln!(
                w,
                "qstr pool: n_pool=1, n_qstr={n}, n_str_data_bytes={text}, n_total_bytes={total}"
            );
            w.finish()?;
            Ok(Value::NONE)
        }
        VM_STACK_USE => Ok(int_value(rt, vm.stack_bytes().0)),
        VM_OPT_LEVEL => match pos.first() {
            None => Ok(int_value(rt, vm.opt_level.get() as usize)),
            Some(&v) => {
                let n = v
                    .as_small_int()
                    .ok_or_else(|| rt.type_error(format_args!("can't convert to int")))?;
                vm.opt_level.set(n.clamp(0, 3) as u8);
                Ok(Value::NONE)
            }
        },
        VM_KBD_INTR => {
            let c = pos[0]
                .as_small_int()
                .ok_or_else(|| rt.type_error(format_args!("can't convert to int")))?;
            vm.set_interrupt_char(c.clamp(-1, 255) as i32);
            Ok(Value::NONE)
        }
        VM_PRINT_EXCEPTION => {
            print_exception_to(vm, pos[0], pos.get(1).copied())?;
            Ok(Value::NONE)
        }
        // `schedule(f, arg)`: queued, run at the next check point.
        _ => {
            vm.schedule(pos[0], pos[1])?;
            Ok(Value::NONE)
        }
    }
}

/// `sys.print_exception(exc, file=sys.stdout)`: the traceback and the
/// exception line, to the VM's stdout or stderr, or through `file.write`.
fn print_exception_to(vm: &Vm, e: Value, file: Option<Value>) -> PyResult<()> {
    let rt = vm.rt();
    let mut buf = VecSink(alloc::vec::Vec::new());
    if rt.type_of(e).is_subtype_of(&exc::BASE_EXCEPTION) {
        vm.print_exception(e, &mut buf)?;
    } else {
        // Not an exception: printed as `print` would (MicroPython's way).
        let s = rt.str(e)?;
        buf.0.extend_from_slice(rt.str_bytes(s).unwrap_or(b""));
        buf.0.push(b'\n');
    }
    match file.map(|f| (f, stream_fd(rt, f))) {
        None | Some((_, Some(1))) => vm.write_out(&buf.0),
        Some((_, Some(_))) => vm.write_err(&buf.0),
        Some((f, None)) => {
            let s = new_str(rt, &STR_TYPE, &buf.0)?;
            vm.call_method_by_name(f, q::write, &[s]).map(|_| ())
        }
    }
}

/// Collects printed bytes.
struct VecSink(alloc::vec::Vec<u8>);

impl Sink for VecSink {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }
}

fn int_value(rt: &Rt, n: usize) -> Value {
    Value::small_int(n as i64)
        .or_else(|| num::int_from_i64(rt, n as i64).ok())
        .unwrap_or(Value::NONE)
}

/// Formats into the VM's output, keeping the first error.
struct OutWriter<'a> {
    vm: &'a Vm,
    err: Option<pyrite_obj::Exc>,
}

impl<'a> OutWriter<'a> {
    fn new(vm: &'a Vm) -> OutWriter<'a> {
        OutWriter { vm, err: None }
    }

    fn finish(self) -> PyResult<()> {
        match self.err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl fmt::Write for OutWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.err.is_some() {
            return Err(fmt::Error);
        }
        match self.vm.write_out(s.as_bytes()) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.err = Some(e);
                Err(fmt::Error)
            }
        }
    }
}

/// The block-map character of the allocation at `head`: the first word is
/// compared with the addresses of a fixed list of built-in types and never
/// dereferenced.
fn classify(head: NonNull<u8>) -> u8 {
    // SAFETY: `head` is the first block of a live allocation in the heap's
    // pool: block-aligned and at least one block (4 words) long, zeroed or
    // written when allocated, so reading its first word is in bounds.
    let word = unsafe { head.cast::<usize>().as_ptr().read() };
    let is = |t: &'static Type| word == t as *const Type as usize;
    if is(&types::tuple::TUPLE_TYPE) {
        b'T'
    } else if is(&types::list::LIST_TYPE) {
        b'L'
    } else if is(&types::dict::DICT_TYPE) {
        b'D'
    } else if is(&STR_TYPE) || is(&BYTES_TYPE) {
        b'S'
    } else if is(&types::bytearray::BYTEARRAY_TYPE) {
        b'A'
    } else if is(&num::FLOAT_TYPE) {
        b'F'
    } else if is(&crate::func::FUN_TYPE) {
        b'B'
    } else if is(&MODULE_TYPE) {
        b'M'
    } else {
        b'h'
    }
}

/// `micropython.mem_info([verbose])`.
fn mem_info(vm: &Vm, verbose: bool) -> PyResult<()> {
    let heap = vm.rt().heap();
    let (used, total) = vm.stack_bytes();
    let info = heap.info();
    let mut w = OutWriter::new(vm);
    let _ = writeln!(w, "stack: {used} out of {total}");
    let _ = writeln!(
        w,
        "GC: total: {}, used: {}, free: {}",
        info.total, info.used, info.free
    );
    let _ = writeln!(
        w,
        " No. of 1-blocks: {}, 2-blocks: {}, max blk sz: {}, max free sz: {}",
        info.num_1block, info.num_2block, info.max_block, info.max_free
    );
    if verbose {
        let _ = heap.dump_alloc_table(&mut w, &classify);
    }
    w.finish()
}

// ----- functions that need only the runtime ---------------------------------------

macro_rules! builtin {
    ($name:ident, $q:ident, $imp:expr) => {
        static $name: BuiltinFn = BuiltinFn::new(q::$q, $imp);
    };
}

builtin!(GC_COLLECT, collect, NativeFn::F0(gc_collect));
builtin!(GC_ENABLE, enable, NativeFn::F0(gc_enable));
builtin!(GC_DISABLE, disable, NativeFn::F0(gc_disable));
builtin!(GC_ISENABLED, isenabled, NativeFn::F0(gc_isenabled));
builtin!(GC_MEM_FREE, mem_free, NativeFn::F0(gc_mem_free));
builtin!(GC_MEM_ALLOC, mem_alloc, NativeFn::F0(gc_mem_alloc));
builtin!(
    GC_THRESHOLD,
    threshold,
    NativeFn::Var {
        min: 0,
        max: 1,
        f: gc_threshold
    }
);
builtin!(MP_CONST, r#const, NativeFn::F1(identity));
builtin!(MP_NATIVE, native, NativeFn::F1(identity));
builtin!(MP_VIPER, viper, NativeFn::F1(identity));
builtin!(MP_HEAP_LOCK, heap_lock, NativeFn::F0(mp_heap_lock));
builtin!(MP_HEAP_UNLOCK, heap_unlock, NativeFn::F0(mp_heap_unlock));
builtin!(
    MP_EMERGENCY_BUF,
    alloc_emergency_exception_buf,
    NativeFn::F1(ignore)
);
builtin!(
    SYS_EXIT,
    exit,
    NativeFn::Var {
        min: 0,
        max: 1,
        f: sys_exit
    }
);
static STREAM_WRITE: BuiltinFn = BuiltinFn::method(q::write, NativeFn::F2(stream_write));

fn gc_collect(rt: &Rt) -> PyResult {
    rt.heap().collect();
    Ok(Value::NONE)
}

fn gc_enable(rt: &Rt) -> PyResult {
    rt.heap().enable();
    Ok(Value::NONE)
}

fn gc_disable(rt: &Rt) -> PyResult {
    rt.heap().disable();
    Ok(Value::NONE)
}

fn gc_isenabled(rt: &Rt) -> PyResult {
    Ok(Value::bool(rt.heap().is_enabled()))
}

fn gc_mem_free(rt: &Rt) -> PyResult {
    Ok(int_value(rt, rt.heap().mem_free()))
}

fn gc_mem_alloc(rt: &Rt) -> PyResult {
    Ok(int_value(rt, rt.heap().mem_alloc()))
}

/// `threshold()` returns the stored threshold (-1 when off); `threshold(n)`
/// stores `n` rounded down to whole blocks (negative turns it off).
fn gc_threshold(rt: &Rt, args: &[Value]) -> PyResult {
    let heap = rt.heap();
    match args.first() {
        None => {
            let t = heap.threshold();
            Ok(Value::small_int(if t < 0 { -1 } else { t as i64 }).unwrap_or(Value::NONE))
        }
        Some(&v) => {
            let n = num::int_to_i64(rt, v)
                .ok_or_else(|| rt.type_error(format_args!("can't convert to int")))?;
            let n = n.clamp(isize::MIN as i64, isize::MAX as i64) as isize;
            heap.set_threshold(if n < 0 { -1 } else { n });
            Ok(Value::NONE)
        }
    }
}

fn identity(_rt: &Rt, v: Value) -> PyResult {
    Ok(v)
}

fn ignore(_rt: &Rt, _v: Value) -> PyResult {
    Ok(Value::NONE)
}

fn mp_heap_lock(rt: &Rt) -> PyResult {
    rt.heap().lock();
    Ok(Value::NONE)
}

fn mp_heap_unlock(rt: &Rt) -> PyResult {
    let heap = rt.heap();
    heap.unlock();
    Ok(int_value(rt, heap.lock_depth()))
}

fn sys_exit(rt: &Rt, args: &[Value]) -> PyResult {
    let e = exc::new_exception(rt, &exc::SYSTEM_EXIT, args)?;
    Err(pyrite_obj::Exc(e))
}

// ----- sys.stdout / sys.stderr -----------------------------------------------------

/// `sys.stdout` / `sys.stderr`: writes to the port's sinks.
#[repr(C)]
struct Stream {
    header: ObjHeader,
    vm: *const Vm,
    /// 1 for stdout, 2 for stderr.
    fd: usize,
}

// SAFETY: `#[repr(C)]` with the header first; `STREAM_TYPE` owns it.
unsafe impl Object for Stream {
    const TYPE: &'static Type = &STREAM_TYPE;
}

/// The descriptor (1 or 2) of `sys.stdout`/`sys.stderr`; `None` for other
/// objects.
pub(crate) fn stream_fd(rt: &Rt, v: Value) -> Option<usize> {
    rt.downcast::<Stream>(v).map(|s| s.fd)
}

fn stream_write(rt: &Rt, this: Value, s: Value) -> PyResult {
    let Some(st) = rt.downcast::<Stream>(this) else {
        return Err(rt.type_error(format_args!("not a stream")));
    };
    let Some(bytes) = rt.str_bytes(s) else {
        return Err(rt.type_error(format_args!("write() argument must be str")));
    };
    // SAFETY: the VM outlives its heap, and so this object; it never moves.
    let vm = unsafe { &*st.vm };
    if st.fd == 2 {
        vm.write_err(bytes)?;
    } else {
        vm.write_out(bytes)?;
    }
    // Characters for a str (CPython), bytes otherwise.
    let n = if rt.downcast_native(s, &STR_TYPE).is_some() || s.is_qstr() {
        core::str::from_utf8(bytes).map_or(bytes.len(), |t| t.chars().count())
    } else {
        bytes.len()
    };
    Ok(int_value(rt, n))
}

fn stream_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let fd = rt.downcast::<Stream>(this).map_or(0, |s| s.fd);
    out.put(if fd == 2 {
        b"<io.TextIOWrapper 2>"
    } else {
        b"<io.TextIOWrapper 1>"
    })
}

static STREAM_SLOTS: Slots = Slots {
    print: Some(stream_print),
    ..Slots::EMPTY
};

static STREAM_METHODS: [(Qstr, Value); 1] = [(q::write, Value::from_static(&STREAM_WRITE))];

static STREAM_TYPE: Type = Type {
    methods: &STREAM_METHODS,
    ..vm_type(
        q::TextIOWrapper,
        TypeFlags::EQ_IS_IDENTITY,
        &STREAM_TYPE,
        &STREAM_SLOTS,
    )
};

fn new_stream(vm: &Vm, fd: usize) -> PyResult {
    let p = vm
        .rt()
        .alloc(size_of::<Stream>(), AllocFlags::NONE)?
        .cast::<Stream>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(Stream {
            header: ObjHeader::new(&STREAM_TYPE),
            vm: vm.ptr(),
            fd,
        })
    };
    Ok(obj_value(p))
}

// ----- the modules' contents ----------------------------------------------------------

fn set_static(rt: &Rt, dict: Value, f: &'static BuiltinFn) -> PyResult<()> {
    set(rt, dict, f.name, Value::from_static(f))
}

// The modules' functions are tables in flash, walked by one loop each.

static GC_FNS: [&BuiltinFn; 7] = [
    &GC_COLLECT,
    &GC_ENABLE,
    &GC_DISABLE,
    &GC_ISENABLED,
    &GC_MEM_FREE,
    &GC_MEM_ALLOC,
    &GC_THRESHOLD,
];

fn init_gc(vm: &Vm, dict: Value) -> PyResult<()> {
    crate::stdlib::set_fns(vm.rt(), dict, &GC_FNS)
}

static MICROPYTHON_FNS: [&BuiltinFn; 6] = [
    &MP_CONST,
    &MP_NATIVE,
    &MP_VIPER,
    &MP_HEAP_LOCK,
    &MP_HEAP_UNLOCK,
    &MP_EMERGENCY_BUF,
];

static MICROPYTHON_VM_FNS: [(usize, Qstr); 6] = [
    (VM_MEM_INFO, q::mem_info),
    (VM_QSTR_INFO, q::qstr_info),
    (VM_STACK_USE, q::stack_use),
    (VM_OPT_LEVEL, q::opt_level),
    (VM_SCHEDULE, q::schedule),
    (VM_KBD_INTR, q::kbd_intr),
];

fn init_micropython(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    crate::stdlib::set_fns(rt, dict, &MICROPYTHON_FNS)?;
    for &(which, name) in &MICROPYTHON_VM_FNS {
        let f = crate::builtins::new_vm_fn(vm, which, name)?;
        set(rt, dict, name, f)?;
    }
    Ok(())
}

fn init_sys(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    let argv = match vm.argv.get() {
        v if v.is_null() => new_list(rt, &[])?,
        v => v,
    };
    set(rt, dict, q::argv, argv)?;
    set(rt, dict, q::path, vm.sys_path.get())?;
    set(rt, dict, q::modules, vm.modules.get())?;
    set_static(rt, dict, &SYS_EXIT)?;
    // Without big ints, the largest small int (MicroPython's value then).
    let maxsize = if cfg!(feature = "bigint") {
        isize::MAX as i64
    } else {
        pyrite_obj::value::SMALL_INT_MAX
    };
    set(rt, dict, q::maxsize, num::int_from_i64(rt, maxsize)?)?;
    let order = if cfg!(target_endian = "little") {
        q::little
    } else {
        rt.intern(b"big").map_err(|_| rt.memory_error())?
    };
    set(rt, dict, q::byteorder, Value::qstr(order))?;
    let platform = new_str(rt, &STR_TYPE, vm.platform.get().as_bytes())?;
    set(rt, dict, q::platform, platform)?;
    let version = new_str(rt, &STR_TYPE, VERSION.as_bytes())?;
    set(rt, dict, q::version, version)?;
    let i = |n: i64| Value::small_int_unchecked(n as _);
    set(
        rt,
        dict,
        q::version_info,
        new_tuple(rt, &[i(3), i(4), i(0)])?,
    )?;
    let impl_dict = new_dict(rt)?;
    let pyrite = new_str(rt, &STR_TYPE, b"pyrite")?;
    set(rt, impl_dict, q::name, pyrite)?;
    set(
        rt,
        impl_dict,
        q::version,
        new_tuple(rt, &[i(0), i(1), i(0)])?,
    )?;
    // The .mpy files this VM loads, as MicroPython encodes it (version,
    // sub-version << 8; no native architecture): what `mip` and
    // `mpremote` read to choose the files they install.
    let mpy = u32::from(pyrite_mpy::MPY_VERSION) | u32::from(pyrite_mpy::MPY_SUB_VERSION) << 8;
    set(rt, impl_dict, q::_mpy, i(mpy as i64))?;
    let imp = new_module_obj(rt, &NAMESPACE_TYPE, impl_dict)?;
    set(rt, dict, q::implementation, imp)?;
    set(rt, dict, q::stdout, new_stream(vm, 1)?)?;
    set(rt, dict, q::stderr, new_stream(vm, 2)?)?;
    let stdin = rt.intern(b"stdin").map_err(|_| rt.memory_error())?;
    set(rt, dict, stdin, crate::files::new_stdin(vm)?)?;
    let pe = rt
        .intern(b"print_exception")
        .map_err(|_| rt.memory_error())?;
    let f = crate::builtins::new_vm_fn(vm, VM_PRINT_EXCEPTION, pe)?;
    set(rt, dict, pe, f)?;
    Ok(())
}
