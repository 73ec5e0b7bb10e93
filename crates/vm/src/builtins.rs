//! The built-in namespace: built-in functions, types and exceptions.

use core::cell::Cell;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use pyrite_obj::types::dict::Dict;
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::str::{STR_TYPE, new_str};
use pyrite_obj::types::tuple::{Tuple, new_tuple};
use pyrite_obj::types::{self, num};
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Sink, Value, q};

use crate::func::vm_type;
use crate::load::obj_value;
use crate::vm::Vm;

pub(crate) const VM_PRINT: usize = 0;
pub(crate) const VM_BUILD_CLASS: usize = 1;
pub(crate) const VM_GLOBALS: usize = 2;
pub(crate) const VM_MIN: usize = 3;
pub(crate) const VM_MAX: usize = 4;
pub(crate) const VM_DELATTR: usize = 5;
pub(crate) const VM_OCT: usize = 6;
pub(crate) const VM_BIN: usize = 7;
pub(crate) const VM_EXEC: usize = 8;
pub(crate) const VM_EVAL: usize = 9;
pub(crate) const VM_COMPILE: usize = 10;
pub(crate) const VM_REPL_PRINT: usize = 11;
pub(crate) const VM_LOCALS: usize = 12;
pub(crate) const VM_IMPORT: usize = 13;
pub(crate) const VM_DIR: usize = 14;
pub(crate) const VM_INPUT: usize = 15;
pub(crate) const VM_OPEN: usize = 16;
pub(crate) const VM_VARS: usize = 17;
/// Number of built-ins that need the VM.
pub(crate) const VM_FN_COUNT: usize = 18;

/// A built-in function that needs the VM (output, frames, running code).
#[repr(C)]
struct VmFn {
    header: ObjHeader,
    vm: *const Vm,
    which: usize,
    name: Qstr,
}

// SAFETY: `#[repr(C)]` with the header first; `VM_FN_TYPE` owns it.
unsafe impl Object for VmFn {
    const TYPE: &'static Type = &VM_FN_TYPE;
}

fn vm_fn_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    let Some(f) = rt.downcast::<VmFn>(this) else {
        return Err(rt.type_error(format_args!("not a built-in")));
    };
    // SAFETY: the VM outlives its heap, and so this object; it never moves.
    let vm = unsafe { &*f.vm };
    match f.which {
        VM_PRINT => print(vm, args),
        VM_BUILD_CLASS => crate::class::build_class(vm, args.pos, args.kw),
        VM_GLOBALS => Ok(vm.current_globals()),
        VM_MIN => min_max(vm, args, false),
        VM_MAX => min_max(vm, args, true),
        #[cfg(feature = "builtins-extra")]
        VM_DELATTR => match args.pos {
            [obj, name] => {
                let qs = name_arg(rt, *name)?;
                rt.delete_attr(*obj, qs)?;
                Ok(Value::NONE)
            }
            _ => Err(rt.arg_count_error(f.name, 2, args.pos.len(), false)),
        },
        VM_OCT | VM_BIN => match args.pos {
            [x] => {
                if f.which == VM_OCT {
                    num::oct(rt, *x)
                } else {
                    num::bin(rt, *x)
                }
            }
            _ => Err(rt.arg_count_error(f.name, 1, args.pos.len(), false)),
        },
        VM_EXEC => crate::source::exec_eval(vm, args, false),
        VM_EVAL => crate::source::exec_eval(vm, args, true),
        #[cfg(feature = "builtins-extra")]
        VM_COMPILE => crate::source::compile(vm, args),
        VM_REPL_PRINT => crate::source::repl_print(vm, args),
        VM_LOCALS => match args.pos {
            [] => {
                if vm.names_are_class_body() {
                    // The dict will be the class's: Python code may change
                    // it without `setattr` (see `Rt::share_class_dict`).
                    rt.share_class_dict();
                }
                Ok(vm.current_names())
            }
            _ => Err(rt.arg_count_error(f.name, 0, args.pos.len(), false)),
        },
        VM_IMPORT => dunder_import(vm, args),
        VM_DIR => match args.pos {
            [] => dir_names(vm, None),
            [obj] => dir_names(vm, Some(*obj)),
            _ => Err(rt.arg_count_error(f.name, 1, args.pos.len(), true)),
        },
        VM_INPUT => match args.pos {
            [] => crate::files::input(vm, None),
            [prompt] => crate::files::input(vm, Some(*prompt)),
            _ => Err(rt.arg_count_error(f.name, 1, args.pos.len(), true)),
        },
        VM_OPEN => crate::files::open(vm, args),
        #[cfg(feature = "builtins-extra")]
        VM_VARS => match args.pos {
            // `vars()` is `locals()`.
            [] => vm_fn_call(rt, vm.vm_fns[VM_LOCALS].get(), args),
            [obj] => rt.try_load_attr(*obj, q::__dict__)?.ok_or_else(|| {
                rt.type_error(format_args!("vars() argument must have __dict__ attribute"))
            }),
            _ => Err(rt.arg_count_error(f.name, 1, args.pos.len(), true)),
        },
        which => crate::modules::call_vm_fn(vm, which, f.name, args),
    }
}

/// A new built-in function object that finds the VM (`which` is a `VM_*`
/// number here or in `modules`).
pub(crate) fn new_vm_fn(vm: &Vm, which: usize, name: Qstr) -> PyResult {
    let p = vm
        .rt()
        .alloc(size_of::<VmFn>(), AllocFlags::NONE)?
        .cast::<VmFn>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(VmFn {
            header: ObjHeader::new(&VM_FN_TYPE),
            vm: vm.ptr(),
            which,
            name,
        })
    };
    Ok(obj_value(p))
}

fn vm_fn_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let name = rt.downcast::<VmFn>(this).map_or(q::function, |f| f.name);
    out.put(b"<built-in function ")?;
    out.put(rt.qstr_text(name))?;
    out.put(b">")
}

static VM_FN_SLOTS: Slots = Slots {
    call: Some(vm_fn_call),
    print: Some(vm_fn_print),
    ..Slots::EMPTY
};

static VM_FN_TYPE: Type = vm_type(
    q::builtin_function_or_method,
    TypeFlags::EQ_IS_IDENTITY,
    &VM_FN_TYPE,
    &VM_FN_SLOTS,
);

/// A built-in's name in a table in flash: a static qstr, or a text
/// interned when the function is made.
pub(crate) enum FnName {
    Static(Qstr),
    Text(&'static [u8]),
}

impl FnName {
    /// The name as a qstr.
    pub(crate) fn qstr(&self, rt: &Rt) -> PyResult<Qstr> {
        match *self {
            FnName::Static(q) => Ok(q),
            FnName::Text(text) => rt.intern(text).map_err(|_| rt.memory_error()),
        }
    }
}

/// The names of the VM's own built-ins, indexed by their `VM_*` number,
/// and whether a name lookup finds them in `extra_builtins` (the others
/// are `lookup_builtin`'s). A table in flash, walked by one loop.
static VM_FN_NAMES: [(FnName, bool); VM_FN_COUNT] = {
    use FnName::{Static as S, Text as T};
    [
        (S(q::print), false),
        (S(q::__build_class__), false),
        (S(q::globals), false),
        (T(b"min"), true),
        (T(b"max"), true),
        (T(b"delattr"), true),
        (T(b"oct"), true),
        (T(b"bin"), true),
        (S(q::exec), true),
        (S(q::eval), true),
        (S(q::compile), true),
        (T(b"__repl_print__"), true),
        (S(q::locals), true),
        (S(q::__import__), true),
        (S(q::dir), true),
        (T(b"input"), true),
        (S(q::open), true),
        (T(b"vars"), true),
    ]
};

/// Fills the `builtins` module: every built-in name, as the lookup finds
/// it (the static ones by trying each static qstr, then the others).
#[cfg(feature = "builtins-extra")]
pub(crate) fn init_builtins_module(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    let Some(d) = rt.downcast::<Dict>(dict) else {
        return Ok(());
    };
    // Through `lookup_builtin`, `static_builtin`'s one caller, into which
    // it is inlined.
    for i in 1..pyrite_obj::qstr::static_count() as u32 {
        let name = Qstr::from_index(i);
        if let Some(v) = vm.lookup_builtin(name) {
            d.map().insert(rt, Value::qstr(name), v)?;
        }
    }
    let extra: alloc::vec::Vec<(Qstr, Value)> = vm.extra_builtins.borrow().clone();
    for (name, v) in extra {
        d.map().insert(rt, Value::qstr(name), v)?;
    }
    vm.builtins_module_made.set(true);
    Ok(())
}

/// Makes the VM's own built-ins and the `__main__` names.
pub(crate) fn init(vm: &Vm) -> PyResult<()> {
    let rt = vm.rt();
    // All the names first, then the objects, as the heap had them before
    // the table (interning a name again finds it, allocating nothing).
    for (name, _) in &VM_FN_NAMES {
        name.qstr(rt)?;
    }
    for (which, (name, extra)) in VM_FN_NAMES.iter().enumerate() {
        if (which == VM_COMPILE || which == VM_VARS || which == VM_DELATTR)
            && !cfg!(feature = "builtins-extra")
        {
            // Left out: the name stays unbound.
            continue;
        }
        let name = name.qstr(rt)?;
        let v = new_vm_fn(vm, which, name)?;
        vm.vm_fns[which].set(v);
        if *extra {
            vm.extra_builtins.borrow_mut().push((name, v));
        }
    }
    let g = vm.main_globals();
    if let Some(d) = rt.downcast::<Dict>(g) {
        d.map()
            .insert(rt, Value::qstr(q::__name__), Value::qstr(q::__main__))?;
    }
    Ok(())
}

macro_rules! builtin {
    ($name:ident, $q:ident, $imp:expr) => {
        static $name: BuiltinFn = BuiltinFn::new(q::$q, $imp);
    };
}

builtin!(LEN, len, NativeFn::F1(bi_len));
builtin!(REPR, repr, NativeFn::F1(bi_repr));
builtin!(
    ASCII,
    ascii,
    NativeFn::F1(pyrite_obj::types::str_format::ascii)
);
builtin!(ABS, abs, NativeFn::F1(num::abs));
builtin!(ISINSTANCE, isinstance, NativeFn::F2(bi_isinstance));
builtin!(ISSUBCLASS, issubclass, NativeFn::F2(bi_issubclass));
builtin!(HASATTR, hasattr, NativeFn::F2(bi_hasattr));
builtin!(
    GETATTR,
    getattr,
    NativeFn::Var {
        min: 2,
        max: 3,
        f: bi_getattr
    }
);
builtin!(SETATTR, setattr, NativeFn::F3(bi_setattr));
builtin!(CALLABLE, callable, NativeFn::F1(bi_callable));
builtin!(ID, id, NativeFn::F1(bi_id));
builtin!(HASH, hash, NativeFn::F1(bi_hash));
builtin!(ORD, ord, NativeFn::F1(bi_ord));
builtin!(CHR, chr, NativeFn::F1(bi_chr));
builtin!(DIVMOD, divmod, NativeFn::F2(num::divmod));
builtin!(
    POW,
    pow,
    NativeFn::Var {
        min: 2,
        max: 3,
        f: bi_pow
    }
);
builtin!(
    ROUND,
    round,
    NativeFn::Var {
        min: 1,
        max: 2,
        f: bi_round
    }
);
builtin!(HEX, hex, NativeFn::F1(num::hex));
builtin!(
    FORMAT,
    format,
    NativeFn::Var {
        min: 1,
        max: 2,
        f: bi_format
    }
);
builtin!(
    SUM,
    sum,
    NativeFn::Var {
        min: 1,
        max: 2,
        f: bi_sum
    }
);
builtin!(ANY, any, NativeFn::F1(bi_any));
builtin!(ALL, all, NativeFn::F1(bi_all));
builtin!(
    ITER,
    iter,
    NativeFn::Var {
        min: 1,
        max: 2,
        f: bi_iter
    }
);
builtin!(
    NEXT,
    next,
    NativeFn::Var {
        min: 1,
        max: 2,
        f: bi_next
    }
);
builtin!(
    SORTED,
    sorted,
    NativeFn::Kw {
        min: 1,
        f: bi_sorted
    }
);
builtin!(REVERSED, reversed, NativeFn::F1(bi_reversed));
builtin!(
    ENUMERATE,
    enumerate,
    NativeFn::Kw {
        min: 0,
        f: bi_enumerate
    }
);
builtin!(
    ZIP,
    zip,
    NativeFn::Var {
        min: 0,
        max: 255,
        f: bi_zip
    }
);
builtin!(
    MAP,
    map,
    NativeFn::Var {
        min: 2,
        max: 255,
        f: bi_map
    }
);
builtin!(FILTER, filter, NativeFn::F2(bi_filter));
builtin!(
    SUPER,
    super_,
    NativeFn::Var {
        min: 0,
        max: 2,
        f: bi_super
    }
);

/// The built-in names bound to static objects, and those objects, listed
/// once for the two shapes of the lookup: on the boards a table in flash
/// (`BUILTIN_NAMES`, `BUILTIN_VALUES`), sorted by qstr index at compile
/// time for a binary search, 700 bytes less than a `match` of as many arms
/// in code; on hosts that `match` (`static_builtin`), whose jump tables are
/// faster (built-ins are looked up on every `LOAD_GLOBAL` of one).
macro_rules! static_builtins {
    ($($(#[$attr:meta])* ($name:path, $value:expr $(,)?),)*) => {
        #[cfg(feature = "compact")]
        const BUILTIN_TABLE: [(Qstr, Value); [$($(#[$attr])* stringify!($name)),*].len()] =
            sort_by_qstr([$($(#[$attr])* ($name, $value)),*]);

        impl Vm {
            /// A built-in by name, but for those in `extra_builtins`.
            /// Inlined into `lookup_builtin`, as that into the name lookup.
            #[cfg(not(feature = "compact"))]
            #[inline(always)]
            fn static_builtin(&self, qs: Qstr) -> Option<Value> {
                Some(match qs {
                    q::print => self.vm_fns[VM_PRINT].get(),
                    q::globals => self.vm_fns[VM_GLOBALS].get(),
                    q::__build_class__ => self.vm_fns[VM_BUILD_CLASS].get(),
                    $($(#[$attr])* $name => $value,)*
                    _ => return None,
                })
            }

            /// A built-in by name, but for those in `extra_builtins`.
            #[cfg(feature = "compact")]
            fn static_builtin(&self, qs: Qstr) -> Option<Value> {
                let vm_fn = match qs {
                    q::print => VM_PRINT,
                    q::globals => VM_GLOBALS,
                    q::__build_class__ => VM_BUILD_CLASS,
                    _ => {
                        let q = u16::try_from(qs.index()).ok()?;
                        let i = BUILTIN_NAMES.binary_search(&q).ok()?;
                        return BUILTIN_VALUES.get(i).copied();
                    }
                };
                Some(self.vm_fns[vm_fn].get())
            }
        }
    };
}

static_builtins! {
    (q::r#type, Value::from_static(&types::TYPE_TYPE)),
    (q::len, Value::from_static(&LEN)),
    (q::range, Value::from_static(&crate::range::RANGE_TYPE)),
    (q::isinstance, Value::from_static(&ISINSTANCE)),
    (q::issubclass, Value::from_static(&ISSUBCLASS)),
    (q::repr, Value::from_static(&REPR)),
    (q::ascii, Value::from_static(&ASCII)),
    (q::str, Value::from_static(&STR_TYPE)),
    (q::int, Value::from_static(&num::INT_TYPE)),
    (q::float, Value::from_static(&num::FLOAT_TYPE)),
    #[cfg(feature = "complex")]
    (q::complex, Value::from_static(&num::COMPLEX_TYPE)),
    (q::bool, Value::from_static(&types::BOOL_TYPE)),
    (q::list, Value::from_static(&types::list::LIST_TYPE)),
    (q::tuple, Value::from_static(&types::tuple::TUPLE_TYPE)),
    (q::dict, Value::from_static(&types::dict::DICT_TYPE)),
    (q::set, Value::from_static(&types::set::SET_TYPE)),
    (
        q::frozenset,
        Value::from_static(&types::set::FROZENSET_TYPE),
    ),
    (q::bytes, Value::from_static(&types::str::BYTES_TYPE)),
    (
        q::bytearray,
        Value::from_static(&types::bytearray::BYTEARRAY_TYPE),
    ),
    #[cfg(feature = "memoryview")]
    (
        q::memoryview,
        Value::from_static(&types::memoryview::MEMORYVIEW_TYPE),
    ),
    (q::format, Value::from_static(&FORMAT)),
    (q::object, Value::from_static(&types::OBJECT_TYPE)),
    (
        q::property,
        Value::from_static(&types::descriptor::PROPERTY_TYPE),
    ),
    (
        q::staticmethod,
        Value::from_static(&types::descriptor::STATICMETHOD_TYPE),
    ),
    (
        q::classmethod,
        Value::from_static(&types::descriptor::CLASSMETHOD_TYPE),
    ),
    (q::slice, Value::from_static(&types::slice::SLICE_TYPE)),
    (q::abs, Value::from_static(&ABS)),
    (q::sum, Value::from_static(&SUM)),
    (q::any, Value::from_static(&ANY)),
    (q::all, Value::from_static(&ALL)),
    (q::enumerate, Value::from_static(&ENUMERATE)),
    (q::zip, Value::from_static(&ZIP)),
    (q::map, Value::from_static(&MAP)),
    (q::filter, Value::from_static(&FILTER)),
    (q::iter, Value::from_static(&ITER)),
    (q::next, Value::from_static(&NEXT)),
    (q::sorted, Value::from_static(&SORTED)),
    (q::reversed, Value::from_static(&REVERSED)),
    (q::hasattr, Value::from_static(&HASATTR)),
    (q::getattr, Value::from_static(&GETATTR)),
    (q::setattr, Value::from_static(&SETATTR)),
    (q::callable, Value::from_static(&CALLABLE)),
    (q::id, Value::from_static(&ID)),
    (q::hash, Value::from_static(&HASH)),
    (q::ord, Value::from_static(&ORD)),
    (q::chr, Value::from_static(&CHR)),
    (q::divmod, Value::from_static(&DIVMOD)),
    (q::pow, Value::from_static(&POW)),
    (q::round, Value::from_static(&ROUND)),
    (q::hex, Value::from_static(&HEX)),
    (q::super_, Value::from_static(&SUPER)),
    (q::Ellipsis, Value::ELLIPSIS),
    (q::NotImplemented, Value::NOT_IMPLEMENTED),
    (q::__name__, Value::qstr(q::builtins)),
    (q::BaseException, Value::from_static(&exc::BASE_EXCEPTION)),
    (q::SystemExit, Value::from_static(&exc::SYSTEM_EXIT)),
    (
        q::KeyboardInterrupt,
        Value::from_static(&exc::KEYBOARD_INTERRUPT),
    ),
    (q::GeneratorExit, Value::from_static(&exc::GENERATOR_EXIT)),
    (q::Exception, Value::from_static(&exc::EXCEPTION)),
    (q::StopIteration, Value::from_static(&exc::STOP_ITERATION)),
    (
        q::StopAsyncIteration,
        Value::from_static(&exc::STOP_ASYNC_ITERATION),
    ),
    (
        q::ArithmeticError,
        Value::from_static(&exc::ARITHMETIC_ERROR),
    ),
    (q::OverflowError, Value::from_static(&exc::OVERFLOW_ERROR)),
    (
        q::ZeroDivisionError,
        Value::from_static(&exc::ZERO_DIVISION_ERROR),
    ),
    (q::AssertionError, Value::from_static(&exc::ASSERTION_ERROR)),
    (q::AttributeError, Value::from_static(&exc::ATTRIBUTE_ERROR)),
    (q::EOFError, Value::from_static(&exc::EOF_ERROR)),
    (q::ImportError, Value::from_static(&exc::IMPORT_ERROR)),
    (q::LookupError, Value::from_static(&exc::LOOKUP_ERROR)),
    (q::IndexError, Value::from_static(&exc::INDEX_ERROR)),
    (q::KeyError, Value::from_static(&exc::KEY_ERROR)),
    (q::MemoryError, Value::from_static(&exc::MEMORY_ERROR)),
    (q::NameError, Value::from_static(&exc::NAME_ERROR)),
    (q::OSError, Value::from_static(&exc::OS_ERROR)),
    (q::RuntimeError, Value::from_static(&exc::RUNTIME_ERROR)),
    (
        q::NotImplementedError,
        Value::from_static(&exc::NOT_IMPLEMENTED_ERROR),
    ),
    (q::RecursionError, Value::from_static(&exc::RECURSION_ERROR)),
    (q::SyntaxError, Value::from_static(&exc::SYNTAX_ERROR)),
    (
        q::IndentationError,
        Value::from_static(&exc::INDENTATION_ERROR),
    ),
    (q::TypeError, Value::from_static(&exc::TYPE_ERROR)),
    (q::ValueError, Value::from_static(&exc::VALUE_ERROR)),
    (q::UnicodeError, Value::from_static(&exc::UNICODE_ERROR)),
    (
        q::UnicodeDecodeError,
        Value::from_static(&exc::UNICODE_DECODE_ERROR),
    ),
    (
        q::UnicodeEncodeError,
        Value::from_static(&exc::UNICODE_ENCODE_ERROR),
    ),
    (
        q::UnboundLocalError,
        Value::from_static(&exc::UNBOUND_LOCAL_ERROR),
    ),
}

#[cfg(feature = "compact")]
const fn sort_by_qstr<const N: usize>(mut t: [(Qstr, Value); N]) -> [(Qstr, Value); N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && t[j - 1].0.index() > t[j].0.index() {
            let x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
            j -= 1;
        }
        i += 1;
    }
    t
}

/// [`BUILTIN_TABLE`]'s qstr indices (16 bits each: static qstrs), in order.
#[cfg(feature = "compact")]
static BUILTIN_NAMES: [u16; BUILTIN_TABLE.len()] = {
    let mut names = [0; BUILTIN_TABLE.len()];
    let mut i = 0;
    while i < names.len() {
        let q = BUILTIN_TABLE[i].0.index();
        // Strictly increasing (no name twice), and 16 bits.
        assert!(q <= u16::MAX as u32 && (i == 0 || q > names[i - 1] as u32));
        names[i] = q as u16;
        i += 1;
    }
    names
};

/// [`BUILTIN_TABLE`]'s values, in the same order.
#[cfg(feature = "compact")]
static BUILTIN_VALUES: [Value; BUILTIN_TABLE.len()] = {
    let mut values = [Value::NULL; BUILTIN_TABLE.len()];
    let mut i = 0;
    while i < values.len() {
        values[i] = BUILTIN_TABLE[i].1;
        i += 1;
    }
    values
};

impl Vm {
    /// A built-in by name. Inlined into the name lookup on hosts (its
    /// other caller fills the `builtins` module).
    #[cfg_attr(not(feature = "compact"), inline(always))]
    pub(crate) fn lookup_builtin(&self, qs: Qstr) -> Option<Value> {
        if let Some(v) = self.static_builtin(qs) {
            return Some(v);
        }
        let extra = self.extra_builtins.borrow();
        extra.iter().find(|(n, _)| *n == qs).map(|&(_, v)| v)
    }

    /// A name in the `builtins` module's dict, once a program imported it:
    /// one it added (`builtins.x = 1` makes `x` a built-in) or replaced
    /// (`builtins.abs = f`). Looked at before the other built-ins then.
    #[cfg(feature = "builtins-extra")]
    #[inline(never)]
    pub(crate) fn added_builtin(&self, qs: Qstr) -> Option<Value> {
        let rt = self.rt();
        let modules = rt.downcast::<Dict>(self.modules.get())?;
        let module = modules.map().get(rt, Value::qstr(q::builtins)).ok()??;
        let dict = crate::modules::module_dict(rt, module)?;
        dict.map().get(rt, Value::qstr(qs)).ok()?
    }

    /// The globals of the running frame (or `__main__`'s).
    pub(crate) fn current_globals(&self) -> Value {
        let n = self.n_frames();
        if n == 0 {
            return self.main_globals();
        }
        // SAFETY: `n - 1 < n_frames`; a live frame's context is alive.
        unsafe { (*(*self.frame_ptr(n - 1)).ctx).globals }
    }

    /// Calls to built-in types that `pyrite-obj` cannot construct yet
    /// (`tuple(...)`, `type(x)`, `object()`); `None` for other callables.
    pub(crate) fn call_builtin_type(
        &self,
        fun: Value,
        args: &[Value],
        kw: &[Value],
    ) -> Option<PyResult> {
        let rt = self.rt();
        let ty = rt.downcast::<Type>(fun)?;
        if ty.slots.make_new.is_some() || !kw.is_empty() {
            return None;
        }
        if core::ptr::eq(ty, &types::tuple::TUPLE_TYPE) {
            return Some(match args {
                [] => new_tuple(rt, &[]),
                [x] if rt.downcast::<Tuple>(*x).is_some() => Ok(*x),
                [x] => self.to_list(*x).and_then(|l| self.list_to_tuple(l)),
                _ => Err(rt.arg_count_error(q::tuple, 1, args.len(), true)),
            });
        }
        if core::ptr::eq(ty, &types::TYPE_TYPE) {
            return Some(match args {
                [x] => Ok(self.type_value(*x)),
                [name, bases, dict] => crate::class::type_new(self, *name, *bases, *dict),
                _ => Err(rt.type_error(format_args!("type() takes 1 or 3 arguments"))),
            });
        }
        if core::ptr::eq(ty, &types::slice::SLICE_TYPE) {
            return Some(match args {
                [stop] => types::slice::new_slice(rt, Value::NONE, *stop, Value::NONE),
                [start, stop] => types::slice::new_slice(rt, *start, *stop, Value::NONE),
                [start, stop, step] => types::slice::new_slice(rt, *start, *stop, *step),
                _ => Err(rt.arg_count_error(q::slice, 3, args.len(), true)),
            });
        }
        if core::ptr::eq(ty, &types::OBJECT_TYPE) {
            return Some(if args.is_empty() {
                new_object(rt)
            } else {
                Err(rt.type_error(format_args!("object() takes no arguments")))
            });
        }
        None
    }
}

fn new_object(rt: &Rt) -> PyResult {
    let p = rt.alloc(size_of::<ObjHeader>(), AllocFlags::NONE)?;
    // SAFETY: a fresh allocation with room for a header.
    unsafe {
        p.cast::<ObjHeader>()
            .as_ptr()
            .write(ObjHeader::new(&types::OBJECT_TYPE));
        Ok(Value::from_object(p.cast()))
    }
}

fn name_arg(rt: &Rt, v: Value) -> PyResult<Qstr> {
    if let Some(qs) = v.as_qstr() {
        return Ok(qs);
    }
    match rt.str_bytes(v) {
        Some(b) if rt.downcast_native(v, &STR_TYPE).is_some() => {
            rt.intern(b).map_err(|_| rt.memory_error())
        }
        _ => Err(rt.type_error(format_args!("attribute name must be string"))),
    }
}

/// `print(*args, sep=' ', end='\n', file=None, flush=False)`.
fn print(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    let mut sep: &[u8] = b" ";
    let mut end: &[u8] = b"\n";
    let mut sep_v = Value::NULL;
    let mut end_v = Value::NULL;
    let mut file = Value::NULL;
    for (k, v) in args.kw_pairs() {
        match k.as_qstr() {
            Some(q::sep) => sep_v = v,
            Some(q::end) => end_v = v,
            _ => match crate::stdlib::text_index(rt, k, &[b"file", b"flush"]) {
                Some(0) => file = v,
                Some(_) => {}
                None => {
                    return Err(rt.type_error(format_args!(
                        "'{}' is an invalid keyword argument for print()",
                        rt.str_bytes(k)
                            .map(|b| core::str::from_utf8(b).unwrap_or("?"))
                            .unwrap_or("?")
                    )));
                }
            },
        }
    }
    if !sep_v.is_null() && !sep_v.is_none() {
        sep = rt
            .str_bytes(sep_v)
            .ok_or_else(|| rt.type_error(format_args!("sep must be None or a string")))?;
    }
    if !end_v.is_null() && !end_v.is_none() {
        end = rt
            .str_bytes(end_v)
            .ok_or_else(|| rt.type_error(format_args!("end must be None or a string")))?;
    }
    if !file.is_null() && !file.is_none() {
        match crate::modules::stream_fd(rt, file) {
            Some(2) => return print_to_stderr(vm, args.pos, sep, end),
            Some(_) => {}
            None => return print_to_file(vm, file, args.pos, sep_v, end_v),
        }
    }
    for (i, &a) in args.pos.iter().enumerate() {
        if i > 0 {
            vm.write_out(sep)?;
        }
        write_str_of(vm, a)?;
    }
    vm.write_out(end)?;
    Ok(Value::NONE)
}

/// `dir()` (the names of the running scope) and `dir(obj)`: the
/// instance's attributes, then those of its class and bases (or, for a
/// class, of itself and its bases), sorted. As in MicroPython, `object`'s
/// own methods (`__init__`, `__new__`, `__setattr__`, ...) are listed only
/// for `object` itself, slot-only operations (`__len__`, `__getitem__`) not
/// at all, and the special attributes the object answers (`__name__`,
/// `__dict__`, `__bases__`) are.
fn dir_names(vm: &Vm, obj: Option<Value>) -> PyResult {
    let rt = vm.rt();
    let mut names: alloc::vec::Vec<Value> = alloc::vec::Vec::new();
    let add_dict = |names: &mut alloc::vec::Vec<Value>, d: Value| {
        if let Some(d) = rt.downcast::<Dict>(d) {
            let map = d.map();
            for i in 0..map.slots() {
                if let Some((k, _)) = map.entry_at(i) {
                    names.push(k);
                }
            }
        }
    };
    let add_type = |names: &mut alloc::vec::Vec<Value>, ty: &Type| {
        let mut chain: alloc::vec::Vec<&Type> = alloc::vec![ty];
        match ty.mro_types() {
            Some(mro) => chain.extend(mro),
            None => {
                let mut t = ty;
                // SAFETY: a type's base outlives it.
                while let Some(b) = t.base.map(|b| unsafe { b.as_ref() }) {
                    chain.push(b);
                    t = b;
                }
            }
        }
        for t in chain {
            if core::ptr::eq(t, &types::OBJECT_TYPE) && !core::ptr::eq(ty, t) {
                continue;
            }
            for &(name, _) in t.methods {
                names.push(Value::qstr(name));
            }
            if !t.locals.is_null() {
                add_dict(names, t.locals);
            }
        }
    };
    match obj {
        None => add_dict(&mut names, vm.current_names()),
        Some(obj) => {
            // An instance's `__dir__` decides (sorted, as CPython); a
            // class's own `__dir__` is not used for the class itself.
            let ty = rt.type_of(obj);
            if ty.flags.contains(TypeFlags::HEAP)
                && let Some(f) = rt.lookup_in_type(ty, q::__dir__)?
            {
                let list = collect(rt, rt.call_positional(f, &[obj])?)?;
                let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
                types::sort::sort_list(rt, l, Value::NONE, false)?;
                return Ok(list);
            }
            if let Some(map) = rt.instance_map(obj) {
                for i in 0..map.slots() {
                    if let Some((k, _)) = map.entry_at(i) {
                        names.push(k);
                    }
                }
            }
            if let Some(ty) = rt.downcast::<Type>(obj) {
                add_type(&mut names, ty);
            } else if let Some(d) = rt.try_load_attr(obj, q::__dict__)? {
                add_dict(&mut names, d);
                add_type(&mut names, rt.type_of(obj));
            } else {
                add_type(&mut names, rt.type_of(obj));
            }
            names.push(Value::qstr(q::__class__));
            for name in [q::__name__, q::__dict__, q::__bases__] {
                if rt.try_load_attr(obj, name)?.is_some() {
                    names.push(Value::qstr(name));
                }
            }
        }
    }
    let text = |v: &Value| rt.str_bytes(*v).unwrap_or(b"");
    crate::small_sort::sort_by(&mut names, |a, b| text(a) < text(b));
    names.dedup_by(|a, b| text(a) == text(b));
    new_list(rt, &names)
}

/// `print(..., file=sys.stderr)`.
fn print_to_stderr(vm: &Vm, pos: &[Value], sep: &[u8], end: &[u8]) -> PyResult {
    let rt = vm.rt();
    for (i, &a) in pos.iter().enumerate() {
        if i > 0 {
            vm.write_err(sep)?;
        }
        let s = rt.str(a)?;
        vm.write_err(rt.str_bytes(s).unwrap_or(b""))?;
    }
    vm.write_err(end)?;
    Ok(Value::NONE)
}

/// `print(..., file=f)`: calls `f.write` with each piece, as CPython does.
fn print_to_file(vm: &Vm, file: Value, pos: &[Value], sep: Value, end: Value) -> PyResult {
    let rt = vm.rt();
    let text = |v: Value, default: &[u8]| -> PyResult {
        if v.is_null() || v.is_none() {
            rt.intern(default)
                .map(Value::qstr)
                .map_err(|_| rt.memory_error())
        } else {
            Ok(v)
        }
    };
    let (sep, end) = (text(sep, b" ")?, text(end, b"\n")?);
    let write = |s: Value| -> PyResult<()> {
        vm.call_method_by_name(file, q::write, &[s])?;
        Ok(())
    };
    for (i, &a) in pos.iter().enumerate() {
        if i > 0 {
            write(sep)?;
        }
        write(rt.str(a)?)?;
    }
    write(end)?;
    Ok(Value::NONE)
}

/// Writes `str(v)` to the output, without allocating for strings and ints.
fn write_str_of(vm: &Vm, v: Value) -> PyResult<()> {
    let rt = vm.rt();
    // Exactly a `str`: a subclass's `__str__` may differ.
    if (v.is_qstr() || core::ptr::eq(rt.type_of(v), &STR_TYPE))
        && let Some(b) = rt.str_bytes(v)
    {
        return vm.write_out(b);
    }
    if let Some(i) = v.as_small_int() {
        let mut buf = [0u8; 24];
        let mut n = (i as i64).unsigned_abs();
        let mut at = buf.len();
        loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if i < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        return vm.write_out(&buf[at..]);
    }
    let s = rt.str(v)?;
    let b = rt.str_bytes(s).unwrap_or(b"");
    vm.write_out(b)
}

fn min_max(vm: &Vm, args: Args<'_>, max: bool) -> PyResult {
    let rt = vm.rt();
    let mut key = Value::NULL;
    let mut default = Value::NULL;
    for (k, v) in args.kw_pairs() {
        match k.as_qstr() {
            Some(q::key) => key = v,
            Some(q::default) => default = v,
            _ => return Err(rt.type_error(format_args!("bad keyword argument"))),
        }
    }
    let list = match args.pos {
        [] => return Err(rt.type_error(format_args!("expected at least 1 argument, got 0"))),
        [one] => vm.to_list(*one)?,
        many => new_list(rt, many)?,
    };
    let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    if l.is_empty() {
        if !default.is_null() {
            return Ok(default);
        }
        return Err(rt.value_error(format_args!(
            "{}() arg is an empty sequence",
            if max { "max" } else { "min" }
        )));
    }
    let keyed = |v: Value| -> PyResult {
        if key.is_null() || key.is_none() {
            Ok(v)
        } else {
            vm.call_value(key, &[v], &[])
        }
    };
    let mut best = l.get(0).unwrap_or(Value::NONE);
    let mut best_k = keyed(best)?;
    let mut i = 1;
    while let Some(v) = l.get(i) {
        let k = keyed(v)?;
        let better = if max {
            rt.less_than(best_k, k)?
        } else {
            rt.less_than(k, best_k)?
        };
        if better {
            best = v;
            best_k = k;
        }
        i += 1;
    }
    Ok(best)
}

fn bi_len(rt: &Rt, v: Value) -> PyResult {
    let n = if let Some(t) = rt.downcast_exact::<Tuple>(v) {
        t.items().len()
    } else {
        rt.len(v)?
    };
    Ok(Value::small_int(n as i64).unwrap_or(Value::NONE))
}

fn bi_repr(rt: &Rt, v: Value) -> PyResult {
    rt.repr(v)
}

fn type_list(rt: &Rt, classes: Value) -> PyResult<&[Value]> {
    if let Some(t) = rt.downcast::<Tuple>(classes) {
        return Ok(t.items());
    }
    Err(rt.type_error(format_args!(
        "isinstance() arg 2 must be a type or tuple of types"
    )))
}

fn is_sub(rt: &Rt, ty: &Type, classes: Value) -> PyResult<bool> {
    if let Some(c) = rt.downcast::<Type>(classes) {
        return Ok(ty.is_subtype_of(c));
    }
    for &c in type_list(rt, classes)? {
        // Nested tuples: bounded, as containers are.
        if rt.nested(|| is_sub(rt, ty, c))? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn bi_isinstance(rt: &Rt, v: Value, classes: Value) -> PyResult {
    Ok(Value::bool(is_sub(rt, rt.type_of(v), classes)?))
}

fn bi_issubclass(rt: &Rt, c: Value, classes: Value) -> PyResult {
    let Some(ty) = rt.downcast::<Type>(c) else {
        return Err(rt.type_error(format_args!("issubclass() arg 1 must be a class")));
    };
    Ok(Value::bool(is_sub(rt, ty, classes)?))
}

fn bi_hasattr(rt: &Rt, v: Value, name: Value) -> PyResult {
    let qs = name_arg(rt, name)?;
    match rt.try_load_attr(v, qs) {
        Ok(r) => Ok(Value::bool(r.is_some())),
        Err(e) if exc::exception_matches(rt, e, &exc::ATTRIBUTE_ERROR) => Ok(Value::FALSE),
        Err(e) => Err(e),
    }
}

fn bi_getattr(rt: &Rt, args: &[Value]) -> PyResult {
    let qs = name_arg(rt, args[1])?;
    match rt.try_load_attr(args[0], qs) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => match args.get(2) {
            Some(&d) => Ok(d),
            None => Err(rt.attribute_error(args[0], qs)),
        },
        Err(e) if args.len() == 3 && exc::exception_matches(rt, e, &exc::ATTRIBUTE_ERROR) => {
            Ok(args[2])
        }
        Err(e) => Err(e),
    }
}

fn bi_setattr(rt: &Rt, obj: Value, name: Value, v: Value) -> PyResult {
    let qs = name_arg(rt, name)?;
    rt.store_attr(obj, qs, v)?;
    Ok(Value::NONE)
}

fn bi_callable(rt: &Rt, v: Value) -> PyResult {
    Ok(Value::bool(is_callable(rt, v)?))
}

/// `callable(v)`.
pub(crate) fn is_callable(rt: &Rt, v: Value) -> PyResult<bool> {
    let ty = rt.type_of(v);
    Ok(if ty.flags.contains(TypeFlags::HEAP) {
        rt.lookup_in_type(ty, q::__call__)?.is_some()
    } else {
        ty.slots.call.is_some()
    })
}

fn bi_id(rt: &Rt, v: Value) -> PyResult {
    let id = rt.id(v) as i64;
    Ok(Value::small_int(id).unwrap_or_else(|| Value::small_int(id >> 4).unwrap_or(Value::NONE)))
}

fn bi_hash(rt: &Rt, v: Value) -> PyResult {
    let h = rt.hash(v)?;
    Ok(Value::small_int(h as i32 as i64).unwrap_or(Value::NONE))
}

fn bi_ord(rt: &Rt, v: Value) -> PyResult {
    let b = rt
        .str_bytes(v)
        .ok_or_else(|| rt.type_error(format_args!("ord() expected string of length 1")))?;
    let is_bytes = rt.downcast_native(v, &types::str::BYTES_TYPE).is_some();
    if is_bytes {
        if b.len() == 1 {
            return Ok(Value::small_int(b[0] as i64).unwrap_or(Value::NONE));
        }
    } else if let Ok(s) = core::str::from_utf8(b) {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Value::small_int(c as i64).unwrap_or(Value::NONE));
        }
    }
    Err(rt.type_error(format_args!(
        "ord() expected a character, but string of length {} found",
        b.len()
    )))
}

fn bi_chr(rt: &Rt, v: Value) -> PyResult {
    let small = v.as_small_int().map(|i| i as i64);
    let Some(i) = small
        .or_else(|| (v == Value::TRUE).then_some(1))
        .or_else(|| (v == Value::FALSE).then_some(0))
    else {
        return Err(pyrite_obj::types::num::not_an_integer(rt, v));
    };
    let c = u32::try_from(i)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| rt.value_error(format_args!("chr() arg not in range(0x110000)")))?;
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    new_str(rt, &STR_TYPE, s.as_bytes())
}

/// `format(value, spec='')`.
fn bi_format(rt: &Rt, args: &[Value]) -> PyResult {
    let spec = args.get(1).copied().unwrap_or(Value::qstr(q::EMPTY));
    types::str_format::dunder_format(rt, args[0], spec)
}

fn bi_pow(rt: &Rt, args: &[Value]) -> PyResult {
    num::pow(rt, args[0], args[1], args.get(2).copied())
}

fn bi_round(rt: &Rt, args: &[Value]) -> PyResult {
    num::round(rt, args[0], args.get(1).copied().filter(|v| !v.is_none()))
}

fn iterate(rt: &Rt, v: Value, mut f: impl FnMut(Value) -> PyResult<bool>) -> PyResult<()> {
    // On the boards one copy of the loop serves every caller; on hosts each
    // caller has its own, with `f` inlined.
    #[cfg(feature = "compact")]
    let f: &mut dyn FnMut(Value) -> PyResult<bool> = &mut f;
    #[cfg(not(feature = "compact"))]
    let f = &mut f;
    iterate_with(rt, v, f)
}

#[cfg_attr(feature = "compact", inline(never))]
fn iterate_with<F>(rt: &Rt, v: Value, f: &mut F) -> PyResult<()>
where
    F: FnMut(Value) -> PyResult<bool> + ?Sized,
{
    if let Some(t) = rt.downcast_exact::<Tuple>(v) {
        for &x in t.items() {
            if !f(x)? {
                return Ok(());
            }
        }
        return Ok(());
    }
    let it = get_iter(rt, v)?;
    while let Some(x) = rt.iter_next(it)? {
        if !f(x)? {
            break;
        }
    }
    Ok(())
}

/// `iter(v)`, with tuples.
pub(crate) fn get_iter(rt: &Rt, v: Value) -> PyResult {
    if rt.downcast_exact::<Tuple>(v).is_some() {
        return types::iter::new_index_iter(rt, v, |rt, seq, i| {
            rt.downcast::<Tuple>(seq)
                .and_then(|t| t.items().get(i).copied())
        });
    }
    rt.get_iter(v)
}

fn bi_sum(rt: &Rt, args: &[Value]) -> PyResult {
    let mut acc = args
        .get(1)
        .copied()
        .unwrap_or(Value::small_int_unchecked(0));
    iterate(rt, args[0], |x| {
        acc = match (acc.as_small_int(), x.as_small_int()) {
            (Some(a), Some(b)) => match Value::small_int(a as i64 + b as i64) {
                Some(v) => v,
                None => rt.binary_op(pyrite_obj::BinaryOp::Add, acc, x)?,
            },
            _ => rt.binary_op(pyrite_obj::BinaryOp::Add, acc, x)?,
        };
        Ok(true)
    })?;
    Ok(acc)
}

fn bi_any(rt: &Rt, v: Value) -> PyResult {
    let mut r = false;
    iterate(rt, v, |x| {
        if truthy(rt, x)? {
            r = true;
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok(Value::bool(r))
}

fn bi_all(rt: &Rt, v: Value) -> PyResult {
    let mut r = true;
    iterate(rt, v, |x| {
        if !truthy(rt, x)? {
            r = false;
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok(Value::bool(r))
}

fn truthy(rt: &Rt, v: Value) -> PyResult<bool> {
    if let Some(t) = rt.downcast_exact::<Tuple>(v) {
        return Ok(!t.items().is_empty());
    }
    rt.truthy(v)
}

fn bi_iter(rt: &Rt, args: &[Value]) -> PyResult {
    match args {
        [v] => get_iter(rt, *v),
        [callable, sentinel] => crate::calliter::new_call_iter(rt, *callable, *sentinel),
        _ => Err(rt.arg_count_error(q::iter, 2, args.len(), true)),
    }
}

fn bi_next(rt: &Rt, args: &[Value]) -> PyResult {
    if args.len() == 1
        && let Some(r) = crate::generator::next_of_generator(rt, args[0])
    {
        return r;
    }
    match rt.iter_next(args[0])? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(&d) => Ok(d),
            None => Err(match exc::new_exception(rt, &exc::STOP_ITERATION, &[]) {
                Ok(e) => Exc(e),
                Err(e) => e,
            }),
        },
    }
}

fn collect(rt: &Rt, v: Value) -> PyResult {
    let list = new_list(rt, &[])?;
    let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    iterate(rt, v, |x| {
        l.push(rt, x)?;
        Ok(true)
    })?;
    Ok(list)
}

fn bi_sorted(rt: &Rt, args: Args<'_>) -> PyResult {
    if args.pos.len() != 1 {
        return Err(rt.type_error(format_args!(
            "sorted expected 1 argument, got {}",
            args.pos.len()
        )));
    }
    let mut key = Value::NONE;
    let mut reverse = false;
    for (k, v) in args.kw_pairs() {
        match k.as_qstr() {
            Some(q::key) => key = v,
            Some(q::reverse) => reverse = truthy(rt, v)?,
            _ => {
                return Err(
                    rt.type_error(format_args!("sorted() got an unexpected keyword argument"))
                );
            }
        }
    }
    let list = collect(rt, args.pos[0])?;
    let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    types::sort::sort_list(rt, l, key, reverse)?;
    Ok(list)
}

fn bi_reversed(rt: &Rt, v: Value) -> PyResult {
    let ty = rt.type_of(v);
    let is_class = ty.flags.contains(TypeFlags::HEAP);
    if is_class && let Some(f) = rt.lookup_in_type(ty, q::__reversed__)? {
        return rt.call_positional(f, &[v]);
    }
    // Only sequences (and dicts and their views) reverse: not iterators,
    // sets or other mere iterables.
    let native = ty.native;
    let sequence_class = is_class
        && core::ptr::eq(native, &types::OBJECT_TYPE)
        && rt.lookup_in_type(ty, q::__getitem__)?.is_some();
    let reversible = sequence_class
        || (native.slots.subscr.is_some() && native.slots.unary_op.is_some())
        || core::ptr::eq(native, &types::dict::DICT_VIEW_TYPE);
    if !reversible {
        return Err(rt.type_error(format_args!(
            "'{}' object is not reversible",
            rt.qstr_display(ty.name)
        )));
    }
    if sequence_class {
        // `__len__` and `__getitem__` from the end, as CPython.
        let n = rt.len(v)?;
        let list = new_list(rt, &[])?;
        let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
        for i in (0..n).rev() {
            let index = Value::small_int(i as i64).ok_or_else(|| rt.memory_error())?;
            l.push(rt, rt.subscr(v, index, pyrite_obj::object::SubscrOp::Load)?)?;
        }
        return rt.get_iter(list);
    }
    let list = collect(rt, v)?;
    let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    let n = l.len();
    for i in 0..n / 2 {
        let (a, b) = (l.get(i), l.get(n - 1 - i));
        if let (Some(a), Some(b)) = (a, b) {
            l.set(i, b);
            l.set(n - 1 - i, a);
        }
    }
    rt.get_iter(list)
}

fn bi_super(rt: &Rt, args: &[Value]) -> PyResult {
    match args {
        [cls, obj] => crate::class::new_super(rt, *cls, *obj),
        _ => Err(rt.error(&exc::RUNTIME_ERROR, format_args!("super(): no arguments"))),
    }
}

// ----- enumerate, zip, map, filter: one small iterator type --------------------

const IT_ENUMERATE: usize = 0;
const IT_ZIP: usize = 1;
const IT_MAP: usize = 2;
const IT_FILTER: usize = 3;

#[repr(C)]
struct VmIter {
    header: ObjHeader,
    kind: usize,
    /// enumerate: the counter; map/filter: the function.
    extra: Cell<Value>,
    /// The underlying iterators: a tuple.
    iters: Value,
}

// SAFETY: `#[repr(C)]` with the header first; `VM_ITER_TYPE` owns it.
unsafe impl Object for VmIter {
    const TYPE: &'static Type = &VM_ITER_TYPE;
}

fn new_vm_iter(rt: &Rt, kind: usize, extra: Value, sources: &[Value]) -> PyResult {
    let iters = new_list(rt, &[])?;
    let l = rt
        .downcast::<List>(iters)
        .ok_or_else(|| rt.memory_error())?;
    for &s in sources {
        l.push(rt, get_iter(rt, s)?)?;
    }
    let mut items = alloc::vec::Vec::new();
    for i in 0..l.len() {
        items.push(l.get(i).unwrap_or(Value::NONE));
    }
    let iters = new_tuple(rt, &items)?;
    let p = rt
        .alloc(size_of::<VmIter>(), AllocFlags::NONE)?
        .cast::<VmIter>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(VmIter {
            header: ObjHeader::new(&VM_ITER_TYPE),
            kind,
            extra: Cell::new(extra),
            iters,
        })
    };
    Ok(obj_value(p))
}

fn bi_enumerate(rt: &Rt, args: Args<'_>) -> PyResult {
    let mut iterable = args.pos.first().copied();
    let mut start = args.pos.get(1).copied();
    for (k, v) in args.kw_pairs() {
        let slot = match k.as_qstr() {
            Some(q::iterable) => &mut iterable,
            Some(q::start) => &mut start,
            _ => {
                return Err(rt.type_error(format_args!(
                    "enumerate() got an unexpected keyword argument"
                )));
            }
        };
        if slot.replace(v).is_some() {
            return Err(rt.type_error(format_args!("enumerate() got multiple values for argument")));
        }
    }
    let Some(iterable) = iterable.filter(|_| args.pos.len() <= 2) else {
        let bound = if args.pos.len() > 2 { 2 } else { 1 };
        return Err(rt.arg_count_error(q::enumerate, bound, args.pos.len(), true));
    };
    let start = start.unwrap_or(Value::small_int_unchecked(0));
    new_vm_iter(rt, IT_ENUMERATE, start, &[iterable])
}

fn bi_zip(rt: &Rt, args: &[Value]) -> PyResult {
    new_vm_iter(rt, IT_ZIP, Value::NONE, args)
}

fn bi_map(rt: &Rt, args: &[Value]) -> PyResult {
    new_vm_iter(rt, IT_MAP, args[0], &args[1..])
}

fn bi_filter(rt: &Rt, f: Value, it: Value) -> PyResult {
    new_vm_iter(rt, IT_FILTER, f, &[it])
}

fn vm_iter_next(rt: &Rt, this: Value) -> PyResult<Option<Value>> {
    let Some(it) = rt.downcast::<VmIter>(this) else {
        return Ok(None);
    };
    let iters = rt.downcast::<Tuple>(it.iters).map_or(&[][..], Tuple::items);
    match it.kind {
        IT_ENUMERATE => {
            let Some(v) = rt.iter_next(iters[0])? else {
                return Ok(None);
            };
            let n = it.extra.get();
            let next = rt.binary_op(pyrite_obj::BinaryOp::Add, n, Value::small_int_unchecked(1))?;
            it.extra.set(next);
            Ok(Some(new_tuple(rt, &[n, v])?))
        }
        IT_FILTER => loop {
            let Some(v) = rt.iter_next(iters[0])? else {
                return Ok(None);
            };
            let f = it.extra.get();
            let keep = if f.is_none() {
                truthy(rt, v)?
            } else {
                let r = rt.call(f, Args::positional(&[v]))?;
                truthy(rt, r)?
            };
            if keep {
                return Ok(Some(v));
            }
        },
        _ => {
            if iters.is_empty() {
                return Ok(None);
            }
            let mut vals = alloc::vec::Vec::with_capacity(iters.len());
            for &i in iters {
                match rt.iter_next(i)? {
                    Some(v) => vals.push(v),
                    None => return Ok(None),
                }
            }
            if it.kind == IT_ZIP {
                Ok(Some(new_tuple(rt, &vals)?))
            } else {
                rt.call(it.extra.get(), Args::positional(&vals)).map(Some)
            }
        }
    }
}

static VM_ITER_SLOTS: Slots = Slots {
    iternext: Some(vm_iter_next),
    ..Slots::EMPTY
};

static VM_ITER_TYPE: Type = vm_type(
    q::iterator,
    TypeFlags::EQ_IS_IDENTITY,
    &VM_ITER_TYPE,
    &VM_ITER_SLOTS,
);

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
fn dunder_import(vm: &Vm, args: Args<'_>) -> PyResult {
    let rt = vm.rt();
    let mut fromlist = args.pos.get(3).copied().unwrap_or(Value::NONE);
    let mut level = args
        .pos
        .get(4)
        .copied()
        .unwrap_or(Value::small_int_unchecked(0));
    for (k, v) in args.kw_pairs() {
        let names: &[&[u8]] = &[b"fromlist", b"level", b"globals", b"locals"];
        match crate::stdlib::text_index(rt, k, names) {
            Some(0) => fromlist = v,
            Some(1) => level = v,
            Some(_) => {}
            None => {
                return Err(rt.type_error(format_args!(
                    "__import__() got an unexpected keyword argument"
                )));
            }
        }
    }
    let Some(&name) = args.pos.first() else {
        return Err(rt.type_error(format_args!(
            "__import__() missing required argument 'name'"
        )));
    };
    let level = level
        .as_small_int()
        .filter(|&l| l >= 0)
        .ok_or_else(|| rt.value_error(format_args!("level must be >= 0")))?;
    vm.import_by_value(name, fromlist, level as usize)
}
