//! Loading a .mpy file: verification, the module context (runtime qstrs,
//! constants) and the per-function "protos" decoded once.

use alloc::vec::Vec;
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;
use pyrite_mpy::{Const, MpyFile, RawCode};
use pyrite_obj::object::{ObjHeader, Object, Slots, Type, TypeFlags};
use pyrite_obj::types::exc;
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE, new_str};
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{Exc, PyResult, Qstr, Rt, Value, q};

use crate::func::{Proto, new_function};
use crate::vm::Vm;

/// Everything a module's functions share: the file, its qstrs and
/// constants, the protos, the globals. A GC object (scanned).
#[repr(C)]
pub(crate) struct ModCtx {
    header: ObjHeader,
    pub vm: *const Vm,
    /// The file bytes (a no-scan heap allocation, or static data).
    pub data: *const u8,
    /// The no-scan allocation holding protos, qstrs, argument names and the
    /// child table.
    pub tables: *const u8,
    /// The constants (a scanned allocation), or null.
    pub consts: *const Value,
    pub protos: *const Proto,
    pub qstrs: *const Qstr,
    pub argnames: *const Qstr,
    pub children: *const u32,
    pub n_protos: usize,
    pub globals: Value,
    pub file: Qstr,
}

// SAFETY: `#[repr(C)]` with the header first; `MODCTX_TYPE` owns the layout.
unsafe impl Object for ModCtx {
    const TYPE: &'static Type = &MODCTX_TYPE;
}

static MODCTX_SLOTS: Slots = Slots::EMPTY;

/// The (internal) type of module contexts.
pub(crate) static MODCTX_TYPE: Type = crate::func::vm_type(
    q::module,
    TypeFlags::EQ_IS_IDENTITY,
    &MODCTX_TYPE,
    &MODCTX_SLOTS,
);

impl ModCtx {
    /// Runtime qstr for file qstr `i` (verified in range).
    #[inline(always)]
    pub fn qstr(&self, i: usize) -> Qstr {
        // SAFETY: the verifier checked every qstr operand against the table
        // length, and the table lives as long as the context.
        unsafe { *self.qstrs.add(i) }
    }

    /// Constant `i` (verified in range).
    #[inline(always)]
    pub fn constant(&self, i: usize) -> Value {
        // SAFETY: as for `qstr`, with the constant table.
        unsafe { *self.consts.add(i) }
    }

    /// Proto `i`.
    #[inline(always)]
    pub fn proto(&self, i: usize) -> *const Proto {
        debug_assert!(i < self.n_protos);
        // SAFETY: proto indices come from the child table built at load.
        unsafe { self.protos.add(i) }
    }
}

fn bad_file(rt: &Rt, e: pyrite_mpy::Error) -> Exc {
    rt.error(&exc::VALUE_ERROR, format_args!("{e}"))
}

/// Bytes of a .mpy file: in the heap (copied) or static (frozen, in flash).
pub(crate) enum Source<'a> {
    /// A file given at run time (copied into the heap).
    #[cfg(feature = "load-mpy")]
    Copy(&'a [u8]),
    /// What this VM's compiler just made (copied into the heap).
    Compiled(&'a [u8]),
    /// A file given at run time in static memory (used in place).
    #[cfg(feature = "load-mpy")]
    Static(&'static [u8]),
    /// Frozen bytecode whose constants are ROM objects and whose qstr texts
    /// are static strings (the file's own tables are placeholders).
    Frozen {
        bytecode: &'static [u8],
        consts: &'static [Value],
        qstrs: &'static [&'static str],
    },
}

struct Layout {
    protos: usize,
    qstrs: usize,
    argnames: usize,
    children: usize,
    size: usize,
}

/// Copies a file into a fresh block of the GC heap, where its code runs
/// from (the module context keeps the block alive).
fn copy_to_heap<'h>(rt: &Rt, b: &[u8]) -> PyResult<&'h [u8]> {
    let p = rt.alloc(b.len().max(1), AllocFlags::NO_SCAN)?;
    // SAFETY: a fresh allocation of at least `b.len()` bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(b.as_ptr(), p.as_ptr(), b.len());
        Ok(core::slice::from_raw_parts(p.as_ptr(), b.len()))
    }
}

fn round_up(n: usize, a: usize) -> usize {
    n.div_ceil(a) * a
}

impl Vm {
    /// Verifies and loads a .mpy file (copied into the heap); returns the
    /// module's top-level function, ready for [`Vm::run_module`].
    #[cfg(feature = "load-mpy")]
    pub fn load_mpy(&self, bytes: &[u8]) -> PyResult {
        self.load(Source::Copy(bytes), Value::NULL)
    }

    /// As [`Vm::load_mpy`] for a file in static memory (frozen code), which
    /// is used in place.
    #[cfg(feature = "load-mpy")]
    pub fn load_mpy_static(&self, bytes: &'static [u8]) -> PyResult {
        self.load(Source::Static(bytes), Value::NULL)
    }

    /// Loads a .mpy file whose module globals are `globals` (a dict; NULL
    /// for `__main__`'s).
    pub(crate) fn load(&self, src: Source<'_>, globals: Value) -> PyResult {
        // The context is rooted in the VM stack region while it is built
        // (the function returned then keeps it alive).
        let mark = self.region_mark();
        let r = self
            .region_alloc(1)
            .and_then(|root| self.load_rooted(src, globals, root));
        self.region_release(mark);
        r
    }

    fn load_rooted(&self, src: Source<'_>, globals: Value, root: *mut Value) -> PyResult {
        // SAFETY: `root` is a word of the region reserved by `load`.
        unsafe { root.write(Value::NULL) };
        let rt = self.rt();
        let (input, frozen): (&[u8], _) = match src {
            #[cfg(feature = "load-mpy")]
            Source::Copy(b) => (b, None),
            #[cfg(feature = "load-mpy")]
            Source::Static(b) => (b, None),
            Source::Compiled(b) => (b, None),
            Source::Frozen {
                bytecode,
                consts,
                qstrs,
            } => (bytecode, Some((consts, qstrs))),
        };
        // Files from outside are always checked. Compiled and frozen code
        // come from this project's compiler; without `load-mpy` (the boards)
        // only debug builds check them, so release images need no verifier.
        #[cfg(any(feature = "load-mpy", debug_assertions))]
        pyrite_mpy::verify(input).map_err(|e| bad_file(rt, e))?;
        #[cfg(not(any(feature = "load-mpy", debug_assertions)))]
        let _ = input;
        // The file where the code runs from.
        let data: &[u8] = match src {
            #[cfg(feature = "load-mpy")]
            Source::Static(b) => b,
            Source::Frozen { bytecode: b, .. } => b,
            #[cfg(feature = "load-mpy")]
            Source::Copy(b) => copy_to_heap(rt, b)?,
            Source::Compiled(b) => copy_to_heap(rt, b)?,
        };
        // The context first, kept alive by the VM, so everything made below
        // is reachable while the rest is built.
        let globals = if globals.is_null() {
            self.main_globals()
        } else {
            globals
        };
        let ctx_ptr = rt
            .alloc(size_of::<ModCtx>(), AllocFlags::NONE)?
            .cast::<ModCtx>();
        // SAFETY: a fresh allocation of the right size.
        unsafe {
            ctx_ptr.as_ptr().write(ModCtx {
                header: ObjHeader::new(&MODCTX_TYPE),
                vm: self.ptr(),
                data: data.as_ptr(),
                tables: core::ptr::null(),
                consts: core::ptr::null(),
                protos: core::ptr::null(),
                qstrs: core::ptr::null(),
                argnames: core::ptr::null(),
                children: core::ptr::null(),
                n_protos: 0,
                globals,
                file: Qstr::from_index(0),
            })
        };
        // SAFETY: a live object starting with its header.
        let ctx_val = unsafe { Value::from_object(ctx_ptr.cast()) };
        // SAFETY: as above.
        unsafe { root.write(ctx_val) };
        let file = MpyFile::parse(data).map_err(|e| bad_file(rt, e))?;
        if let Some((consts, qstrs)) = frozen
            && (consts.len() != file.n_obj() as usize || qstrs.len() != file.n_qstr() as usize)
        {
            return Err(rt.value_error(format_args!("frozen tables do not match the bytecode")));
        }

        // Walk the raw codes in pre-order.
        let root = file.root().map_err(|e| bad_file(rt, e))?;
        let mut codes: Vec<RawCode<'_>> = Vec::new();
        let mut parent_of: Vec<u32> = Vec::new();
        let mut stack: Vec<(pyrite_mpy::RawCodes<'_>, u32)> = Vec::new();
        codes.push(root);
        parent_of.push(u32::MAX);
        stack.push((root.children(), 0));
        while let Some((it, parent)) = stack.last_mut() {
            let parent = *parent;
            match it.next() {
                Some(rc) => {
                    let rc = rc.map_err(|e| bad_file(rt, e))?;
                    let idx = codes.len() as u32;
                    codes.push(rc);
                    parent_of.push(parent);
                    stack.push((rc.children(), idx));
                }
                None => {
                    stack.pop();
                }
            }
        }
        let n_protos = codes.len();
        let n_qstr = file.n_qstr() as usize;
        let mut n_argnames = 0usize;
        for rc in &codes {
            let p = rc.prelude().map_err(|e| bad_file(rt, e))?;
            n_argnames += (p.n_pos_args + p.n_kwonly_args) as usize;
        }
        let n_children = n_protos.saturating_sub(1);
        let layout = {
            let protos = 0;
            let qstrs = round_up(n_protos * size_of::<Proto>(), 8);
            let argnames = qstrs + n_qstr * size_of::<Qstr>();
            let children = round_up(argnames + n_argnames * size_of::<Qstr>(), 4);
            let size = children + n_children * 4;
            Layout {
                protos,
                qstrs,
                argnames,
                children,
                size,
            }
        };
        let tables = rt.alloc(layout.size.max(1), AllocFlags::NO_SCAN)?;
        let base = tables.as_ptr();
        // SAFETY: the offsets computed by `layout` stay inside the
        // allocation, each aligned for its element type (the allocation is
        // block-aligned).
        let (protos, qstrs, argnames, children) = unsafe {
            (
                base.add(layout.protos).cast::<Proto>(),
                base.add(layout.qstrs).cast::<Qstr>(),
                base.add(layout.argnames).cast::<Qstr>(),
                base.add(layout.children).cast::<u32>(),
            )
        };
        {
            // SAFETY: `ctx_ptr` is live and only this function touches it.
            let ctx = unsafe { &mut *ctx_ptr.as_ptr() };
            ctx.tables = base;
            ctx.protos = protos;
            ctx.qstrs = qstrs;
            ctx.argnames = argnames;
            ctx.children = children;
        }
        // Qstrs: a frozen module's texts are interned without copying.
        if let Some((_, texts)) = frozen {
            for (i, text) in texts.iter().enumerate() {
                let qs = rt
                    .qstrs()
                    .intern_static(text.as_bytes())
                    .map_err(|_| rt.memory_error())?;
                // SAFETY: `i < n_qstr`, checked above.
                unsafe { qstrs.add(i).write(qs) };
            }
        }
        for (i, entry) in file.qstrs().enumerate().filter(|_| frozen.is_none()) {
            let entry = entry.map_err(|e| bad_file(rt, e))?;
            let qs = match entry {
                pyrite_mpy::Qstr::Static(n) => Qstr::from_mpy_static(n)
                    .ok_or_else(|| rt.value_error(format_args!("bad qstr")))?,
                pyrite_mpy::Qstr::Bytes(b) => rt.intern(b).map_err(|_| rt.memory_error())?,
            };
            // SAFETY: `i < n_qstr`.
            unsafe { qstrs.add(i).write(qs) };
        }
        let qstr_at = |i: u32| -> Qstr {
            if (i as usize) < n_qstr {
                // SAFETY: in range, written above.
                unsafe { *qstrs.add(i as usize) }
            } else {
                Qstr::from_index(0)
            }
        };
        // SAFETY: the context is live.
        unsafe { (*ctx_ptr.as_ptr()).file = qstr_at(0) };
        // Children lists: contiguous per parent, in child order.
        let mut first_child = alloc::vec![0u32; n_protos];
        let mut count = alloc::vec![0u32; n_protos];
        for &p in parent_of.iter().skip(1) {
            count[p as usize] += 1;
        }
        let mut next = 0u32;
        for i in 0..n_protos {
            first_child[i] = next;
            next += count[i];
        }
        let mut fill = first_child.clone();
        for (idx, &p) in parent_of.iter().enumerate().skip(1) {
            let slot = fill[p as usize];
            fill[p as usize] += 1;
            // SAFETY: `slot < n_children`.
            unsafe { children.add(slot as usize).write(idx as u32) };
        }
        // Protos.
        let mut arg_at = 0usize;
        for (i, rc) in codes.iter().enumerate() {
            let p = rc.prelude().map_err(|e| bad_file(rt, e))?;
            let args_start = arg_at;
            for a in p.arg_names() {
                // SAFETY: `arg_at < n_argnames`, counted above.
                unsafe { argnames.add(arg_at).write(qstr_at(a)) };
                arg_at += 1;
            }
            let proto = Proto {
                code: rc.code.as_ptr(),
                code_len: rc.code.len(),
                opcodes: p.opcodes.as_ptr(),
                n_state: p.n_state,
                n_exc: p.n_exc_stack,
                scope_flags: p.scope_flags as u8,
                n_pos: p.n_pos_args as u16,
                n_kwonly: p.n_kwonly_args as u16,
                n_def_pos: p.n_def_pos_args as u16,
                name: qstr_at(p.name),
                args: args_start as u32,
                cells: p.cells.as_ptr(),
                n_cell: p.n_cell as u16,
                children: first_child[i],
                simple: p.scope_flags & 0x6 == 0 && p.n_kwonly_args == 0 && p.n_cell == 0,
                ctx: ctx_ptr.as_ptr(),
            };
            // SAFETY: `i < n_protos`.
            unsafe { protos.add(i).write(proto) };
        }
        // SAFETY: the context is live.
        unsafe { (*ctx_ptr.as_ptr()).n_protos = n_protos };
        // Constants: a frozen module's are ROM objects, used in place.
        let n_obj = file.n_obj() as usize;
        if let Some((consts, _)) = frozen {
            // SAFETY: the context is live; the table is static and holds
            // `n_obj` values (checked above).
            unsafe { (*ctx_ptr.as_ptr()).consts = consts.as_ptr() };
        } else if n_obj > 0 {
            let consts = rt
                .alloc(n_obj * size_of::<Value>(), AllocFlags::NONE)?
                .cast::<Value>();
            // SAFETY: the context is live; the table is zeroed (all NULL).
            unsafe { (*ctx_ptr.as_ptr()).consts = consts.as_ptr() };
            for (i, c) in file.consts().enumerate() {
                let c = c.map_err(|e| bad_file(rt, e))?;
                let v = make_const(self, &c, 0)?;
                // SAFETY: `i < n_obj`.
                unsafe { consts.as_ptr().add(i).write(v) };
            }
        }
        new_function(self, ctx_val, protos, Value::NULL, Value::NULL, &[])
    }
}

fn make_const(vm: &Vm, c: &Const<'_>, depth: usize) -> PyResult {
    let rt = vm.rt();
    Ok(match c {
        Const::None => Value::NONE,
        Const::False => Value::FALSE,
        Const::True => Value::TRUE,
        Const::Ellipsis => Value::ELLIPSIS,
        Const::Str(s) => new_str(rt, &STR_TYPE, s)?,
        Const::Bytes(s) => new_str(rt, &BYTES_TYPE, s)?,
        // Negative constants (in constant tuples) carry their sign.
        Const::Int(s) => match s.strip_prefix(b"-") {
            Some(digits) => {
                let v = pyrite_obj::types::num::parse_int_literal(rt, digits)?;
                rt.unary_op(pyrite_obj::UnaryOp::Negative, v)?
            }
            None => pyrite_obj::types::num::parse_int_literal(rt, s)?,
        },
        Const::Float(s) => {
            let text =
                core::str::from_utf8(s).map_err(|_| rt.value_error(format_args!("bad float")))?;
            // Rounded once, to this target's float (`f32` on the boards,
            // without `core`'s float parsing).
            #[cfg(target_pointer_width = "64")]
            let x = pyrite_num::float::parse_f64(text);
            #[cfg(target_pointer_width = "32")]
            let x = pyrite_num::float::parse_f32(text);
            let x = x.map_err(|_| rt.value_error(format_args!("bad float constant")))?;
            Value::float(x as pyrite_obj::Float)
        }
        // The repr text `mpy-cross` writes (`2j`, `(1+2j)`), in this
        // target's float precision.
        #[cfg(feature = "complex")]
        Const::Complex(s) => {
            let (re, im) = pyrite_obj::types::num::parse_complex(s)
                .ok_or_else(|| rt.value_error(format_args!("bad complex constant")))?;
            pyrite_obj::types::num::new_complex(rt, re, im)?
        }
        // As MicroPython without complex numbers.
        #[cfg(not(feature = "complex"))]
        Const::Complex(_) => {
            return Err(rt.value_error(format_args!("complex values not supported")));
        }
        Const::Tuple(items) => {
            if depth > pyrite_mpy::MAX_NESTING {
                return Err(rt.value_error(format_args!("constant nesting too deep")));
            }
            // The items are gathered in the (scanned) VM stack region.
            let n = items.clone().count();
            let mark = vm.region_mark();
            let buf = vm.region_alloc(n)?;
            let result = (|| {
                for (i, item) in items.clone().enumerate() {
                    // SAFETY: `i < n`, inside the reserved words.
                    unsafe { buf.add(i).write(Value::NULL) };
                    let item = item.map_err(|e| bad_file(rt, e))?;
                    let v = make_const(vm, &item, depth + 1)?;
                    // SAFETY: as above.
                    unsafe { buf.add(i).write(v) };
                }
                // SAFETY: the `n` words were all written above.
                new_tuple(rt, unsafe { core::slice::from_raw_parts(buf, n) })
            })();
            vm.region_release(mark);
            result?
        }
    })
}

/// A pointer to a live object as a value.
pub(crate) fn obj_value<T>(p: NonNull<T>) -> Value {
    // SAFETY: callers pass pointers to live objects starting with a header.
    unsafe { Value::from_object(p.cast()) }
}
