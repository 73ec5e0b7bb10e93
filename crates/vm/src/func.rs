//! Function objects, closure cells, and argument binding.

use core::cell::Cell;
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use pyrite_obj::types::dict::{Dict, new_dict};
use pyrite_obj::types::exc;
use pyrite_obj::types::tuple::{Tuple, new_tuple};
use pyrite_obj::types::{OBJECT_TYPE, TYPE_TYPE};
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Sink, Value, q};

use crate::load::{ModCtx, obj_value};
use crate::vm::Vm;

/// Scope flag: generator.
pub(crate) const SCOPE_GENERATOR: u8 = 0x01;
/// Scope flag: `**kwargs`.
pub(crate) const SCOPE_VARKEYWORDS: u8 = 0x02;
/// Scope flag: `*args`.
pub(crate) const SCOPE_VARARGS: u8 = 0x04;

/// A built-in type owned by the VM, for `static` declarations.
pub(crate) const fn vm_type(
    name: Qstr,
    flags: TypeFlags,
    native: &'static Type,
    slots: &'static Slots,
) -> Type {
    Type {
        header: ObjHeader::new(&TYPE_TYPE),
        name,
        flags,
        map_char: b'h',
        native,
        base: Some(NonNull::from_ref(&OBJECT_TYPE)),
        slots,
        methods: &[],
        locals: Value::NULL,
        bases: Value::NULL,
        mro: Value::NULL,
        instance_words: 0,
        dict_offset: 0,
    }
}

/// A function's code, decoded once at load time.
#[derive(Clone, Copy)]
pub(crate) struct Proto {
    /// The raw code (prelude and opcodes), for line numbers.
    pub code: *const u8,
    pub code_len: usize,
    pub opcodes: *const u8,
    pub n_state: u32,
    pub n_exc: u32,
    pub scope_flags: u8,
    pub n_pos: u16,
    pub n_kwonly: u16,
    pub n_def_pos: u16,
    pub name: Qstr,
    /// Index of the first argument name in the context's table.
    pub args: u32,
    pub cells: *const u8,
    pub n_cell: u16,
    /// Index of the first child in the context's child table.
    pub children: u32,
    /// No `*args`, `**kwargs`, keyword-only arguments or cells.
    pub simple: bool,
    pub ctx: *const ModCtx,
}

impl Proto {
    /// Words of VM stack a frame of this function needs.
    #[inline(always)]
    pub fn frame_words(&self) -> usize {
        self.n_state as usize + 3 * self.n_exc as usize
    }

    /// The source line of the instruction at opcode offset `offset`.
    pub fn line_for_offset(&self, offset: usize) -> u32 {
        // SAFETY: `code`/`code_len` describe the raw code inside the file,
        // which the context keeps alive.
        let code = unsafe { core::slice::from_raw_parts(self.code, self.code_len) };
        match pyrite_mpy::Prelude::parse(code) {
            Ok(p) => p.line_for_offset(offset),
            Err(_) => 0,
        }
    }

    /// Argument name `i` (positional, then keyword-only).
    pub fn arg_name(&self, i: usize) -> Qstr {
        // SAFETY: the context's table holds `n_pos + n_kwonly` names from
        // `args` on.
        unsafe { *(*self.ctx).argnames.add(self.args as usize + i) }
    }
}

/// A function defined in Python.
#[repr(C)]
pub(crate) struct FunObj {
    header: ObjHeader,
    /// The module context (as a value, so it is traced).
    pub ctx: Value,
    pub proto: *const Proto,
    /// Positional defaults: a tuple, or NULL.
    pub defaults: Value,
    /// Keyword-only defaults: a dict, or NULL.
    pub kw_defaults: Value,
    /// Number of closed-over cells that follow.
    pub n_closed: usize,
}

// SAFETY: `#[repr(C)]` with the header first; `FUN_TYPE` owns the layout.
unsafe impl Object for FunObj {
    const TYPE: &'static Type = &FUN_TYPE;
}

impl FunObj {
    /// The closed-over cells.
    pub fn closed(&self) -> &[Value] {
        // SAFETY: `new_function` allocated `n_closed` values after the struct.
        unsafe {
            core::slice::from_raw_parts(
                (self as *const FunObj).add(1).cast::<Value>(),
                self.n_closed,
            )
        }
    }

    #[inline(always)]
    pub fn proto(&self) -> &Proto {
        // SAFETY: the proto table lives as long as the context, which this
        // function keeps alive.
        unsafe { &*self.proto }
    }

    #[inline(always)]
    pub fn ctx(&self) -> &ModCtx {
        // SAFETY: `ctx` is always a module context (set at creation).
        unsafe {
            &*self
                .ctx
                .as_object()
                .unwrap_unchecked()
                .cast::<ModCtx>()
                .as_ptr()
        }
    }

    /// The VM that made this function.
    #[inline(always)]
    pub fn vm(&self) -> &Vm {
        // SAFETY: the VM outlives its heap and so every function in it, and
        // is never moved (see `VmBox`).
        unsafe { &*self.ctx().vm }
    }
}

/// Makes a function object.
pub(crate) fn new_function(
    vm: &Vm,
    ctx: Value,
    proto: *const Proto,
    defaults: Value,
    kw_defaults: Value,
    closed: &[Value],
) -> PyResult {
    let rt = vm.rt();
    let bytes = size_of::<FunObj>() + size_of_val(closed);
    let p = rt.alloc(bytes, AllocFlags::NONE)?.cast::<FunObj>();
    // SAFETY: a fresh allocation with room for the struct and the cells.
    unsafe {
        p.as_ptr().write(FunObj {
            header: ObjHeader::new(&FUN_TYPE),
            ctx,
            proto,
            defaults,
            kw_defaults,
            n_closed: closed.len(),
        });
        core::ptr::copy_nonoverlapping(
            closed.as_ptr(),
            p.as_ptr().add(1).cast::<Value>(),
            closed.len(),
        );
    }
    Ok(obj_value(p))
}

fn fun_call(rt: &Rt, this: Value, args: Args<'_>) -> PyResult {
    let Some(f) = rt.downcast::<FunObj>(this) else {
        return Err(rt.type_error(format_args!("not a function")));
    };
    f.vm().call_function(this, args.pos, args.kw, Value::NULL)
}

fn fun_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let name = rt
        .downcast::<FunObj>(this)
        .map_or(q::function, |f| f.proto().name);
    out.put(b"<function ")?;
    out.put(rt.qstr_text(name))?;
    let mut buf = [0u8; 24];
    out.put(b" at ")?;
    out.put(hex_addr(&mut buf, rt.id(this)))?;
    out.put(b">")
}

/// `0x...` for an address, written into `buf`.
pub(crate) fn hex_addr(buf: &mut [u8; 24], addr: usize) -> &[u8] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut i = buf.len();
    let mut a = addr;
    loop {
        i -= 1;
        buf[i] = DIGITS[a & 15];
        a >>= 4;
        if a == 0 {
            break;
        }
    }
    i -= 1;
    buf[i] = b'x';
    i -= 1;
    buf[i] = b'0';
    &buf[i..]
}

/// A function's `__name__` (read-only), so that `getattr`, `hasattr` and
/// `dir` see it as `f.__name__` does.
fn fun_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    match (op, rt.downcast::<FunObj>(this)) {
        (AttrOp::Load(dest), Some(f)) if name == q::__name__ => {
            dest[0] = Value::qstr(f.proto().name);
            Ok(true)
        }
        _ => Ok(false),
    }
}

static FUN_SLOTS: Slots = Slots {
    call: Some(fun_call),
    print: Some(fun_print),
    attr: Some(fun_attr),
    ..Slots::EMPTY
};

/// `function`: functions defined in Python. They bind as methods.
pub(crate) static FUN_TYPE: Type = vm_type(
    q::function,
    TypeFlags::BINDS.union(TypeFlags::EQ_IS_IDENTITY),
    &FUN_TYPE,
    &FUN_SLOTS,
);

/// A closure cell.
#[repr(C)]
pub(crate) struct CellObj {
    header: ObjHeader,
    pub value: Cell<Value>,
}

// SAFETY: `#[repr(C)]` with the header first; `CELL_TYPE` owns the layout.
unsafe impl Object for CellObj {
    const TYPE: &'static Type = &CELL_TYPE;
}

static CELL_SLOTS: Slots = Slots::EMPTY;

/// The type of closure cells.
pub(crate) static CELL_TYPE: Type = vm_type(
    q::closure,
    TypeFlags::EQ_IS_IDENTITY,
    &CELL_TYPE,
    &CELL_SLOTS,
);

/// A new cell holding `v` (NULL: empty).
pub(crate) fn new_cell(rt: &Rt, v: Value) -> PyResult {
    let p = rt
        .alloc(size_of::<CellObj>(), AllocFlags::NONE)?
        .cast::<CellObj>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(CellObj {
            header: ObjHeader::new(&CELL_TYPE),
            value: Cell::new(v),
        })
    };
    Ok(obj_value(p))
}

/// The cell `v` is (checked: bytecode only passes cells here).
#[inline(always)]
pub(crate) fn as_cell(rt: &Rt, v: Value) -> PyResult<&CellObj> {
    rt.downcast::<CellObj>(v)
        .ok_or_else(|| rt.error(&exc::RUNTIME_ERROR, format_args!("bad closure cell")))
}

// ----- argument binding -------------------------------------------------------

/// Local `i` of a frame whose local 0 is at `fastn`.
#[inline(always)]
pub(crate) fn local_ptr(fastn: *mut Value, i: usize) -> *mut Value {
    fastn.wrapping_sub(i)
}

impl Vm {
    /// Binds `pos` and `kw` to the parameters of `f` in a frame whose
    /// local 0 is at `fastn` (locals already NULL).
    pub(crate) fn bind_args(
        &self,
        f: &FunObj,
        fastn: *mut Value,
        pos: &[Value],
        kw: &[Value],
    ) -> PyResult<()> {
        let rt = self.rt();
        let p = f.proto();
        let n_closed = f.n_closed;
        let set = |i: usize, v: Value| {
            // SAFETY: `i < n_state` (the prelude's argument slots and cells
            // fit in the state, checked by the verifier).
            unsafe { local_ptr(fastn, i).write(v) }
        };
        let get = |i: usize| -> Value {
            // SAFETY: as for `set`.
            unsafe { local_ptr(fastn, i).read() }
        };
        for (i, &c) in f.closed().iter().enumerate() {
            set(i, c);
        }
        let n_params = (p.n_pos as usize).saturating_sub(n_closed);
        let n_given = pos.len();
        if p.simple && kw.is_empty() && n_given == n_params {
            for (i, &v) in pos.iter().enumerate() {
                set(n_closed + i, v);
            }
            return Ok(());
        }
        let var_slot = p.n_pos as usize + p.n_kwonly as usize;
        let has_varargs = p.scope_flags & SCOPE_VARARGS != 0;
        let has_varkw = p.scope_flags & SCOPE_VARKEYWORDS != 0;
        let kw_slot = var_slot + usize::from(has_varargs);
        if n_given > n_params {
            if !has_varargs {
                return Err(self.too_many_positional(f, n_params, n_given));
            }
            set(var_slot, new_tuple(rt, &pos[n_params..])?);
        } else if has_varargs {
            set(var_slot, new_tuple(rt, &[])?);
        }
        for (i, &v) in pos.iter().take(n_params).enumerate() {
            set(n_closed + i, v);
        }
        if has_varkw {
            set(kw_slot, new_dict(rt)?);
        }
        for pair in kw.chunks_exact(2) {
            let (name, value) = (pair[0], pair[1]);
            let qs = match name.as_qstr() {
                Some(qs) => qs,
                None => match rt.str_bytes(name) {
                    Some(b) => rt.intern(b).map_err(|_| rt.memory_error())?,
                    None => return Err(rt.type_error(format_args!("keywords must be strings"))),
                },
            };
            let n_names = p.n_pos as usize + p.n_kwonly as usize;
            let mut found = None;
            for j in n_closed..n_names {
                if p.arg_name(j) == qs {
                    found = Some(j);
                    break;
                }
            }
            match found {
                Some(j) => {
                    if !get(j).is_null() {
                        return Err(rt.type_error(format_args!(
                            "{}() got multiple values for argument '{}'",
                            rt.qstr_display(p.name),
                            rt.qstr_display(qs)
                        )));
                    }
                    set(j, value);
                }
                None if has_varkw => {
                    if let Some(d) = rt.downcast::<Dict>(get(kw_slot))
                        && d.map().insert(rt, Value::qstr(qs), value)?.is_some()
                    {
                        // `f(x=1, **{'x': 2})` into `**kwargs`.
                        return Err(rt.type_error(format_args!(
                            "{}() got multiple values for argument '{}'",
                            rt.qstr_display(p.name),
                            rt.qstr_display(qs)
                        )));
                    }
                }
                None => {
                    return Err(rt.type_error(format_args!(
                        "{}() got an unexpected keyword argument '{}'",
                        rt.qstr_display(p.name),
                        rt.qstr_display(qs)
                    )));
                }
            }
        }
        // Defaults and missing positional arguments.
        let n_def = p.n_def_pos as usize;
        let first_def = n_params.saturating_sub(n_def);
        let defaults: &[Value] = rt.downcast::<Tuple>(f.defaults).map_or(&[], Tuple::items);
        let mut missing = 0usize;
        for i in 0..n_params {
            if get(n_closed + i).is_null() {
                if i >= first_def
                    && let Some(&d) = defaults.get(i - first_def)
                {
                    set(n_closed + i, d);
                } else {
                    missing += 1;
                }
            }
        }
        if missing > 0 {
            return Err(self.missing_args(
                f,
                fastn,
                (n_closed, n_closed + n_params),
                missing,
                "positional",
            ));
        }
        // Keyword-only arguments.
        let mut missing = 0usize;
        for k in 0..p.n_kwonly as usize {
            let j = p.n_pos as usize + k;
            if get(j).is_null() {
                let d = match rt.downcast::<Dict>(f.kw_defaults) {
                    Some(d) => d.map().get(rt, Value::qstr(p.arg_name(j)))?,
                    None => None,
                };
                match d {
                    Some(d) => set(j, d),
                    None => missing += 1,
                }
            }
        }
        if missing > 0 {
            return Err(self.missing_args(
                f,
                fastn,
                (p.n_pos as usize, p.n_pos as usize + p.n_kwonly as usize),
                missing,
                "keyword-only",
            ));
        }
        // Cells.
        for c in 0..p.n_cell as usize {
            // SAFETY: the cell section has `n_cell` bytes.
            let l = unsafe { *p.cells.add(c) } as usize;
            set(l, new_cell(rt, get(l))?);
        }
        Ok(())
    }

    fn too_many_positional(&self, f: &FunObj, n_params: usize, given: usize) -> Exc {
        let rt = self.rt();
        let p = f.proto();
        let n_def = p.n_def_pos as usize;
        let name = rt.qstr_display(p.name);
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let were = if given == 1 { "was" } else { "were" };
        if n_def > 0 {
            rt.type_error(format_args!(
                "{name}() takes from {} to {n_params} positional arguments but {given} {were} given",
                n_params - n_def
            ))
        } else {
            rt.type_error(format_args!(
                "{name}() takes {n_params} positional argument{} but {given} {were} given",
                plural(n_params)
            ))
        }
    }

    fn missing_args(
        &self,
        f: &FunObj,
        fastn: *mut Value,
        range: (usize, usize),
        missing: usize,
        what: &str,
    ) -> Exc {
        let rt = self.rt();
        let p = f.proto();
        let mut names: [Qstr; 8] = [Qstr::from_index(0); 8];
        let mut n = 0;
        for j in range.0..range.1 {
            // SAFETY: `j` is an argument slot, inside the state.
            let v = unsafe { local_ptr(fastn, j).read() };
            if v.is_null() && n < names.len() {
                names[n] = p.arg_name(j);
                n += 1;
            }
        }
        let list = NameList {
            rt,
            names: &names[..n],
        };
        rt.type_error(format_args!(
            "{}() missing {missing} required {what} argument{}: {list}",
            rt.qstr_display(p.name),
            if missing == 1 { "" } else { "s" }
        ))
    }
}

struct NameList<'a> {
    rt: &'a Rt,
    names: &'a [Qstr],
}

impl core::fmt::Display for NameList<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let n = self.names.len();
        for (i, &name) in self.names.iter().enumerate() {
            if i > 0 {
                f.write_str(if n == 2 {
                    " and "
                } else if i == n - 1 {
                    ", and "
                } else {
                    ", "
                })?;
            }
            // A positional-only parameter's name carries a `/` (see the
            // compiler's `close_function_scope`).
            let text = self.rt.qstr_text(name);
            let text = text.strip_suffix(b"/").unwrap_or(text);
            write!(f, "'{}'", core::str::from_utf8(text).unwrap_or("?"))?;
        }
        Ok(())
    }
}
