//! The bytecode dispatch loop, calls, and exception unwinding.
//!
//! A frame's state is `n_state` words: the value stack grows up from
//! `state[0]` and local `i` is `state[n_state - 1 - i]` (so the verifier's
//! bound on the stack depth keeps the stack out of the locals). Then come
//! `n_exc` exception blocks of three words: `handler << 4 | pending | kind`
//! and the value-stack depth at setup (small ints), and the exception being
//! handled (NULL until the handler is entered) or, for a `finally` entered
//! by `return`/`break`/`continue` (`pending`), what to do at its end.

use core::ptr::NonNull;

use pyrite_mpy::op;
use pyrite_obj::object::Type;
use pyrite_obj::types::dict::{Dict, new_dict};
use pyrite_obj::types::exc::{self, ExcObj};
use pyrite_obj::types::function::BuiltinFn;
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::set::{new_set, set_add};
use pyrite_obj::types::tuple::{Tuple, new_tuple};
use pyrite_obj::{Args, Exc, PyResult, UnaryOp, Value, q};

use crate::func::{FunObj, SCOPE_GENERATOR, as_cell, new_function};
use crate::load::ModCtx;
use crate::ops::{float_binop, small_int_binop};
use crate::range::RangeObj;
use crate::vm::{Frame, Vm};

/// Exception block kinds.
pub(crate) const BLK_EXCEPT: usize = 0;
pub(crate) const BLK_FINALLY: usize = 1;
pub(crate) const BLK_WITH: usize = 2;
/// A block's kind bits.
const BLK_KIND: usize = 3;
/// A `finally` (or `with` clean-up) handler entered by `break`/`continue`:
/// the block's third word is `dest << 8 | unum`, the jump to go on with.
const PENDING_JUMP: usize = 1 << 2;
/// A `finally` handler entered by `return`: the block's third word is the
/// return value.
const PENDING_RETURN: usize = 2 << 2;
/// Both pending bits.
const PENDING: usize = 3 << 2;
/// Where the handler offset starts in a block's first word.
const HANDLER_SHIFT: u32 = 4;

/// Iterator-slot tags (slot 0 of the four `GET_ITER_STACK` pushes; NULL
/// means "a generic iterator object in slot 1").
const TAG_LIST: i64 = 1;
const TAG_TUPLE: i64 = 2;
const TAG_RANGE: i64 = 3;

#[inline(always)]
fn int(v: Value) -> usize {
    v.as_small_int().unwrap_or(0) as usize
}

#[inline(always)]
fn small(n: usize) -> Value {
    Value::small_int_unchecked(n as pyrite_obj::value::SmallInt)
}

/// What an unwind through `finally` handlers decided.
enum Unwound {
    /// Run the handler at this opcode offset with this stack pointer.
    Handler(usize, *mut Value),
    /// Nothing (more) to run: continue at this offset (jumps) with this sp.
    Done(usize, *mut Value),
}

/// Leaving an active `finally` (or `with` clean-up) block by `return`,
/// `break` or `continue`: everything above the stack level the block was
/// set up at (the reason the handler was entered for, one or two words,
/// and what its body pushed) goes, and the value on top (the return value
/// or the jump's destination) moves down to that level. Returns the new
/// stack pointer, one past the value.
///
/// # Safety
///
/// `blk` is a block of the frame whose state starts at `state`, and `sp`
/// is that frame's stack pointer, above the block's level with the value
/// on top.
unsafe fn drop_finally_state(state: *mut Value, blk: *mut Value, sp: *mut Value) -> *mut Value {
    // SAFETY: per the contract; the level was recorded by the block's
    // set-up opcode, inside the state.
    unsafe {
        let level = state.add(int(*blk.add(1)));
        if level < sp {
            level.write(*sp.sub(1));
            level.add(1)
        } else {
            sp
        }
    }
}

impl Vm {
    /// Calls a bytecode function from native code (a nested dispatch loop).
    pub(crate) fn call_function(
        &self,
        fun: Value,
        pos: &[Value],
        kw: &[Value],
        names: Value,
    ) -> PyResult {
        let rt = self.rt();
        let Some(f) = rt.downcast::<FunObj>(fun) else {
            return rt.call(fun, Args { pos, kw });
        };
        if f.proto().scope_flags & SCOPE_GENERATOR != 0 {
            return crate::generator::new_generator(self, fun, f, pos, kw);
        }
        self.enter_native()?;
        let r = match self.setup_frame(fun, f, pos, kw, names, None) {
            Ok(_) => self.execute(),
            Err(e) => Err(e),
        };
        self.leave_native();
        r
    }

    /// Calls any callable.
    #[inline(never)]
    pub(crate) fn call_value(&self, fun: Value, pos: &[Value], kw: &[Value]) -> PyResult {
        if self.rt().downcast::<FunObj>(fun).is_some() {
            self.call_function(fun, pos, kw, Value::NULL)
        } else if let Some(r) = self.call_builtin_type(fun, pos, kw) {
            r
        } else {
            self.rt().call(fun, Args { pos, kw })
        }
    }

    /// Calls `fun` with `slf` (unless NULL) before `args`.
    pub(crate) fn call_method_n(&self, fun: Value, slf: Value, args: &[Value]) -> PyResult {
        if slf.is_null() {
            self.call_value(fun, args, &[])
        } else {
            pyrite_obj::types::bound::call_with_receiver(
                self.rt(),
                fun,
                slf,
                Args::positional(args),
            )
        }
    }

    /// Runs a module's top-level function (from [`Vm::load_mpy`]).
    pub fn run_module(&self, fun: Value) -> PyResult {
        let r = self.call_function(fun, &[], &[], Value::NULL);
        if r.is_err() && self.native_depth.get() == 0 {
            self.reset_stacks();
        }
        r
    }

    /// Loads and runs a .mpy file in `__main__`.
    #[cfg(feature = "load-mpy")]
    pub fn exec_mpy(&self, bytes: &[u8]) -> PyResult {
        let fun = self.load_mpy(bytes)?;
        self.run_module(fun)
    }

    /// Pushes a frame for `f` with its arguments bound. The frame's region
    /// is released down to `release_to` (default: its own start) on return.
    #[cfg_attr(not(feature = "compact"), inline(always))]
    #[cfg_attr(feature = "compact", inline(never))]
    pub(crate) fn setup_frame(
        &self,
        fun: Value,
        f: &FunObj,
        pos: &[Value],
        kw: &[Value],
        names: Value,
        release_to: Option<usize>,
    ) -> PyResult<*mut Frame> {
        let p = f.proto();
        let mark = self.region_mark();
        let state = self.region_alloc(p.frame_words())?;
        let n_state = p.n_state as usize;
        // SAFETY: `state` holds `frame_words() >= n_state` words.
        let fastn = unsafe {
            for i in 0..n_state {
                state.add(i).write(Value::NULL);
            }
            state.add(n_state - 1)
        };
        // The common call: exactly the positional parameters, nothing
        // else to bind (no closure cells, `*args`, keywords or cells).
        if p.simple && f.n_closed == 0 && kw.is_empty() && pos.len() == p.n_pos as usize {
            for (i, &v) in pos.iter().enumerate() {
                // SAFETY: the parameters' slots are locals, inside the state.
                unsafe { fastn.sub(i).write(v) };
            }
        } else if let Err(e) = self.bind_args(f, fastn, pos, kw) {
            self.region_release(mark);
            return Err(e);
        }
        let ctx = p.ctx;
        let names = if names.is_null() {
            // SAFETY: the context is alive (the function keeps it).
            unsafe { (*ctx).globals }
        } else {
            names
        };
        let frame = Frame {
            fun,
            proto: p,
            ctx,
            state,
            ip: p.opcodes,
            sp: state,
            // SAFETY: the exception blocks follow the state in the region.
            exc_sp: unsafe { state.add(n_state) },
            names,
            region_mark: release_to.unwrap_or(mark),
            genv: Value::NULL,
        };
        match self.push_frame(frame) {
            Ok(fp) => Ok(fp),
            Err(e) => {
                self.region_release(mark);
                Err(e)
            }
        }
    }

    /// Runs the top frame until it returns (or, for a generator, yields).
    /// Frames pushed meanwhile by Python-to-Python calls run in this same
    /// loop.
    pub(crate) fn execute(&self) -> PyResult {
        let rt = self.rt();
        let base = self.n_frames() - 1;
        let mut frame: *mut Frame = self.frame_ptr(base);
        let mut ip: *const u8;
        let mut sp: *mut Value;
        let mut fastn: *mut Value;
        let mut code: *const u8;
        let mut ctx: *const ModCtx;
        let mut state: *mut Value;
        let mut reraise = false;

        // SAFETY: the code was verified before loading (`load_mpy`): every
        // operand (qstr, constant, child, local index) is in range, jumps
        // land on instruction starts inside the function, and the value
        // stack stays within `0..=n_state - locals` at every instruction,
        // including the VM's transient slots and the hidden slots of
        // `finally` handlers. So `ip` stays inside the opcodes, `sp` inside
        // the frame's state and locals at `fastn - i` (`i < n_state`) inside
        // it too; the exception blocks (at most `n_exc`) live in the words
        // reserved after the state. The only accesses the verifier does not
        // bound (stack shuffles inside `finally` handlers) are checked
        // against the stack base below (`need!`). Frame records and states
        // stay at fixed addresses while their frames live (the frame array
        // and region never move; generator states live in their generator
        // object, kept alive by the frame record). Only raw pointers are
        // held across calls that may run Python code or collect garbage.
        unsafe {
            macro_rules! load_regs {
                () => {{
                    let f = &*frame;
                    ip = f.ip;
                    sp = f.sp;
                    state = f.state;
                    ctx = f.ctx;
                    let p = &*f.proto;
                    code = p.opcodes;
                    fastn = state.add(p.n_state as usize - 1);
                }};
            }
            macro_rules! read_uint {
                () => {{
                    let mut n: usize = 0;
                    loop {
                        let b = *ip;
                        ip = ip.add(1);
                        n = (n << 7) | (b & 0x7f) as usize;
                        if b & 0x80 == 0 {
                            break n;
                        }
                    }
                }};
            }
            macro_rules! read_sjump {
                () => {{
                    let b1 = *ip as isize;
                    if b1 & 0x80 == 0 {
                        ip = ip.add(1);
                        b1 - 0x40
                    } else {
                        let b2 = *ip.add(1) as isize;
                        ip = ip.add(2);
                        ((b1 & 0x7f) | (b2 << 7)) - 0x4000
                    }
                }};
            }
            macro_rules! read_ujump {
                () => {{
                    let b1 = *ip as usize;
                    if b1 & 0x80 == 0 {
                        ip = ip.add(1);
                        b1
                    } else {
                        let b2 = *ip.add(1) as usize;
                        ip = ip.add(2);
                        (b1 & 0x7f) | (b2 << 7)
                    }
                }};
            }
            macro_rules! push {
                ($v:expr) => {{
                    let v = $v;
                    sp.write(v);
                    sp = sp.add(1);
                }};
            }
            macro_rules! pop {
                () => {{
                    sp = sp.sub(1);
                    sp.read()
                }};
            }
            macro_rules! top {
                () => {
                    *sp.sub(1)
                };
            }
            macro_rules! set_top {
                ($v:expr) => {{
                    let v = $v;
                    sp.sub(1).write(v);
                }};
            }
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => break e,
                    }
                };
            }
            macro_rules! need {
                ($k:expr) => {
                    if sp.offset_from(state) < $k {
                        break self.stack_error();
                    }
                };
            }
            macro_rules! slice {
                ($p:expr, $n:expr) => {
                    core::slice::from_raw_parts($p, $n)
                };
            }
            macro_rules! exc_sp {
                () => {
                    (*frame).exc_sp
                };
            }
            // Returns `v` from the current frame.
            macro_rules! do_return {
                ($v:expr) => {{
                    let v = $v;
                    self.pop_frame();
                    if self.n_frames() == base {
                        return Ok(v);
                    }
                    frame = self.frame_ptr(self.n_frames() - 1);
                    load_regs!();
                    push!(v);
                    continue;
                }};
            }
            // Calls `fun`: a Python function gets a frame in this loop.
            macro_rules! do_call {
                ($fun:expr, $pos:expr, $kw:expr, $release:expr) => {
                    do_call!($fun, $pos, $kw, $release, false)
                };
                // `construct`: try the constructor fast path (only
                // `CALL_FUNCTION` does, so that the loop's code grows once).
                ($fun:expr, $pos:expr, $kw:expr, $release:expr, $construct:expr) => {{
                    let fun = $fun;
                    if let Some(f) = self.inline_callee(fun) {
                        (*frame).ip = ip;
                        (*frame).sp = sp;
                        if self.pending() {
                            tri!(self.handle_pending());
                        }
                        match self.setup_frame(fun, f, $pos, $kw, Value::NULL, $release) {
                            Ok(fp) => {
                                frame = fp;
                                load_regs!();
                                continue;
                            }
                            Err(e) => break e,
                        }
                    }
                    let (pos, kw): (&[Value], &[Value]) = ($pos, $kw);
                    // Built-in functions and methods with positional
                    // arguments: straight to the Rust function.
                    let r = match rt.downcast_exact::<BuiltinFn>(fun) {
                        Some(b) if kw.is_empty() => b.call_positional(rt, pos),
                        _ => {
                            #[cfg(not(feature = "compact"))]
                            if $construct
                                && let Some(ty) = rt.downcast_exact::<Type>(fun)
                                && crate::class::is_plain_class(ty)
                                && let Some(r) = self.construct_call(ty, pos, kw, frame, sp)
                            {
                                r
                            } else {
                                self.call_value(fun, pos, kw)
                            }
                            #[cfg(feature = "compact")]
                            self.call_value(fun, pos, kw)
                        }
                    };
                    if let Some(mark) = $release {
                        self.region_release(mark);
                    }
                    push!(tri!(r));
                }};
            }

            load_regs!();
            loop {
                let exc: Exc = loop {
                    let opb = *ip;
                    ip = ip.add(1);
                    // The operand of an opcode that takes a var-uint (a qstr or
                    // a number) or a jump offset, and where it starts (an
                    // inline cache's key). On the boards it is read here, one
                    // copy of the decoders for all those opcodes; on hosts
                    // each arm reads its own, so that the others pay nothing.
                    #[cfg(feature = "compact")]
                    let site = ip as usize;
                    #[cfg(feature = "compact")]
                    let arg = if (op::LOAD_CONST_STRING..=op::CALL_METHOD_VAR_KW).contains(&opb)
                        && opb != op::LOAD_CONST_SMALL_INT
                    {
                        read_uint!()
                    } else if (op::UNWIND_JUMP..=op::FOR_ITER).contains(&opb) {
                        // A jump offset: signed (as `usize`, wrapping) up to
                        // `POP_JUMP_IF_FALSE`, unsigned after.
                        if opb <= op::POP_JUMP_IF_FALSE {
                            read_sjump!() as usize
                        } else {
                            read_ujump!()
                        }
                    } else {
                        0
                    };
                    #[cfg(feature = "compact")]
                    macro_rules! arg {
                        () => {
                            arg
                        };
                    }
                    #[cfg(feature = "compact")]
                    macro_rules! sjump {
                        () => {
                            arg as isize
                        };
                    }
                    #[cfg(feature = "compact")]
                    macro_rules! ujump {
                        () => {
                            arg
                        };
                    }
                    #[cfg(feature = "compact")]
                    macro_rules! site {
                        () => {
                            site
                        };
                    }
                    #[cfg(not(feature = "compact"))]
                    macro_rules! arg {
                        () => {
                            read_uint!()
                        };
                    }
                    #[cfg(not(feature = "compact"))]
                    macro_rules! sjump {
                        () => {
                            read_sjump!()
                        };
                    }
                    #[cfg(not(feature = "compact"))]
                    macro_rules! ujump {
                        () => {
                            read_ujump!()
                        };
                    }
                    #[cfg(not(feature = "compact"))]
                    macro_rules! site {
                        () => {
                            ip as usize
                        };
                    }
                    match opb {
                        op::LOAD_CONST_FALSE => push!(Value::FALSE),
                        op::LOAD_CONST_NONE => push!(Value::NONE),
                        op::LOAD_CONST_TRUE => push!(Value::TRUE),
                        op::LOAD_NULL => push!(Value::NULL),
                        op::LOAD_CONST_SMALL_INT => {
                            let mut n: i64 = if *ip & 0x40 != 0 { -1 } else { 0 };
                            loop {
                                let b = *ip;
                                ip = ip.add(1);
                                n = (n << 7) | (b & 0x7f) as i64;
                                if b & 0x80 == 0 {
                                    break;
                                }
                            }
                            push!(Value::small_int_unchecked(n as pyrite_obj::value::SmallInt));
                        }
                        op::LOAD_CONST_STRING => {
                            let n = arg!();
                            push!(Value::qstr((*ctx).qstr(n)));
                        }
                        op::LOAD_CONST_OBJ => {
                            let n = arg!();
                            push!((*ctx).constant(n));
                        }
                        op::LOAD_FAST_N => {
                            let n = arg!();
                            let v = *fastn.sub(n);
                            if v.is_null() {
                                break self.unbound_local();
                            }
                            push!(v);
                        }
                        op::STORE_FAST_N => {
                            let n = arg!();
                            let v = pop!();
                            fastn.sub(n).write(v);
                        }
                        op::DELETE_FAST => {
                            let n = arg!();
                            if (*fastn.sub(n)).is_null() {
                                break self.unbound_local();
                            }
                            fastn.sub(n).write(Value::NULL);
                        }
                        op::LOAD_DEREF => {
                            let n = arg!();
                            let cell = tri!(as_cell(rt, *fastn.sub(n)));
                            let v = cell.value.get();
                            if v.is_null() {
                                break self.unbound_free();
                            }
                            push!(v);
                        }
                        op::STORE_DEREF => {
                            let n = arg!();
                            let cell = tri!(as_cell(rt, *fastn.sub(n)));
                            cell.value.set(pop!());
                        }
                        op::DELETE_DEREF => {
                            let n = arg!();
                            let cell = tri!(as_cell(rt, *fastn.sub(n)));
                            if cell.value.get().is_null() {
                                break self.unbound_free();
                            }
                            cell.value.set(Value::NULL);
                        }
                        op::LOAD_NAME | op::LOAD_GLOBAL => {
                            let site = site!();
                            let qs = (*ctx).qstr(arg!());
                            let globals = (*ctx).globals;
                            let names = if opb == op::LOAD_NAME {
                                (*frame).names
                            } else {
                                globals
                            };
                            let v = match self.cached_global(site, names, qs) {
                                Some(v) => v,
                                None => tri!(self.load_name_caching(site, names, globals, qs)),
                            };
                            push!(v);
                        }
                        op::STORE_NAME => {
                            let qs = (*ctx).qstr(arg!());
                            let v = pop!();
                            tri!(self.store_name((*frame).names, qs, v));
                        }
                        op::STORE_GLOBAL => {
                            let qs = (*ctx).qstr(arg!());
                            let v = pop!();
                            tri!(self.store_name((*ctx).globals, qs, v));
                        }
                        op::DELETE_NAME => {
                            let qs = (*ctx).qstr(arg!());
                            tri!(self.delete_name((*frame).names, qs));
                        }
                        op::DELETE_GLOBAL => {
                            let qs = (*ctx).qstr(arg!());
                            tri!(self.delete_name((*ctx).globals, qs));
                        }
                        op::LOAD_ATTR => {
                            let site = site!();
                            let qs = (*ctx).qstr(arg!());
                            let v = tri!(self.load_attr_cached(site, top!(), qs));
                            set_top!(v);
                        }
                        op::LOAD_METHOD => {
                            let site = site!();
                            let qs = (*ctx).qstr(arg!());
                            // Two stores (an array repeat is a loop at opt-level "z").
                            let mut dest = [Value::NULL, Value::NULL];
                            tri!(self.load_method_cached(site, top!(), qs, &mut dest));
                            set_top!(dest[0]);
                            push!(dest[1]);
                        }
                        op::LOAD_SUPER_METHOD => {
                            let qs = (*ctx).qstr(arg!());
                            let slf = pop!();
                            let cls = pop!();
                            let dest = tri!(crate::class::super_method(self, cls, slf, qs));
                            set_top!(dest[0]);
                            push!(dest[1]);
                        }
                        op::STORE_ATTR => {
                            let site = site!();
                            let qs = (*ctx).qstr(arg!());
                            let obj = pop!();
                            let v = pop!();
                            tri!(self.store_attr_cached(site, obj, qs, v));
                        }
                        op::LOAD_SUBSCR => {
                            let index = pop!();
                            let v = tri!(self.subscr_load(top!(), index));
                            set_top!(v);
                        }
                        op::STORE_SUBSCR => {
                            let index = pop!();
                            let obj = pop!();
                            let v = pop!();
                            tri!(self.subscr_store(obj, index, v));
                        }
                        op::DUP_TOP => {
                            need!(1);
                            let v = top!();
                            push!(v);
                        }
                        op::DUP_TOP_TWO => {
                            need!(2);
                            let a = *sp.sub(2);
                            let b = *sp.sub(1);
                            push!(a);
                            push!(b);
                        }
                        op::POP_TOP => {
                            sp = sp.sub(1);
                        }
                        op::ROT_TWO => {
                            need!(2);
                            let a = *sp.sub(1);
                            sp.sub(1).write(*sp.sub(2));
                            sp.sub(2).write(a);
                        }
                        op::ROT_THREE => {
                            need!(3);
                            let a = *sp.sub(1);
                            sp.sub(1).write(*sp.sub(2));
                            sp.sub(2).write(*sp.sub(3));
                            sp.sub(3).write(a);
                        }
                        op::JUMP => {
                            let ofs = sjump!();
                            ip = ip.offset(ofs);
                            if ofs < 0 && self.pending() {
                                (*frame).ip = ip;
                                (*frame).sp = sp;
                                tri!(self.handle_pending());
                            }
                        }
                        op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => {
                            let ofs = sjump!();
                            let v = pop!();
                            let t = if v == Value::TRUE {
                                true
                            } else if v == Value::FALSE || v == Value::NONE {
                                false
                            } else if let Some(i) = v.as_small_int() {
                                i != 0
                            } else {
                                tri!(self.truthy(v))
                            };
                            if t == (opb == op::POP_JUMP_IF_TRUE) {
                                ip = ip.offset(ofs);
                                if ofs < 0 && self.pending() {
                                    (*frame).ip = ip;
                                    (*frame).sp = sp;
                                    tri!(self.handle_pending());
                                }
                            }
                        }
                        op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => {
                            let ofs = ujump!();
                            let t = tri!(self.truthy(top!()));
                            if t == (opb == op::JUMP_IF_TRUE_OR_POP) {
                                ip = ip.add(ofs);
                            } else {
                                sp = sp.sub(1);
                            }
                        }
                        op::SETUP_EXCEPT | op::SETUP_FINALLY => {
                            let ofs = ujump!();
                            let handler = ip.add(ofs).offset_from(code) as usize;
                            let kind = if opb == op::SETUP_EXCEPT {
                                BLK_EXCEPT
                            } else {
                                BLK_FINALLY
                            };
                            let es = exc_sp!();
                            es.write(small(handler << HANDLER_SHIFT | kind));
                            es.add(1).write(small(sp.offset_from(state) as usize));
                            es.add(2).write(Value::NULL);
                            exc_sp!() = es.add(3);
                        }
                        op::SETUP_WITH => {
                            let ofs = ujump!();
                            let handler = ip.add(ofs).offset_from(code) as usize;
                            let mgr = top!();
                            let mut enter = [Value::NULL; 2];
                            tri!(self.context_method(mgr, q::__enter__, &mut enter));
                            let mut exit = [Value::NULL; 2];
                            tri!(self.context_method(mgr, q::__exit__, &mut exit));
                            set_top!(exit[0]);
                            push!(exit[1]);
                            let r = tri!(self.call_method_n(enter[0], enter[1], &[]));
                            let es = exc_sp!();
                            es.write(small(handler << HANDLER_SHIFT | BLK_WITH));
                            es.add(1).write(small(sp.offset_from(state) as usize));
                            es.add(2).write(Value::NULL);
                            exc_sp!() = es.add(3);
                            push!(r);
                        }
                        op::WITH_CLEANUP => {
                            let reason = top!();
                            if reason.is_none() {
                                need!(3);
                                let exit = *sp.sub(3);
                                let slf = *sp.sub(2);
                                let none3 = [Value::NONE; 3];
                                tri!(self.call_method_n(exit, slf, &none3));
                                sp = sp.sub(2);
                                set_top!(Value::NONE);
                            } else if reason.is_small_int() {
                                need!(4);
                                let exit = *sp.sub(4);
                                let slf = *sp.sub(3);
                                let none3 = [Value::NONE; 3];
                                tri!(self.call_method_n(exit, slf, &none3));
                                let data = *sp.sub(2);
                                let cause = *sp.sub(1);
                                sp.sub(4).write(data);
                                sp.sub(3).write(cause);
                                sp = sp.sub(2);
                            } else {
                                need!(3);
                                let exit = *sp.sub(3);
                                let slf = *sp.sub(2);
                                let ty = self.type_value(reason);
                                let args = [ty, reason, self.traceback_of(reason)];
                                let r = tri!(self.call_method_n(exit, slf, &args));
                                let swallow = tri!(self.truthy(r));
                                sp = sp.sub(2);
                                set_top!(if swallow { Value::NONE } else { reason });
                            }
                        }
                        op::END_FINALLY => {
                            let blk = exc_sp!().sub(3);
                            exc_sp!() = blk;
                            let word = int(*blk);
                            let v = pop!();
                            if word & PENDING != 0 {
                                let ip_off = ip.offset_from(code) as usize;
                                match self.resume_pending(frame, blk, word, ip_off) {
                                    Ok(Unwound::Handler(h, nsp) | Unwound::Done(h, nsp)) => {
                                        ip = code.add(h);
                                        sp = nsp;
                                    }
                                    Err(value) => do_return!(value),
                                }
                                continue;
                            }
                            if v.is_none() || v.is_null() {
                                continue;
                            }
                            if !rt
                                .type_of(v)
                                .flags
                                .contains(pyrite_obj::TypeFlags::EXCEPTION)
                            {
                                // Only bytecode that no compiler made
                                // leaves anything else here.
                                break self.bad_finally_state();
                            }
                            reraise = true;
                            break Exc(v);
                        }
                        op::POP_EXCEPT_JUMP => {
                            let ofs = ujump!();
                            exc_sp!() = exc_sp!().sub(3);
                            ip = ip.add(ofs);
                        }
                        op::UNWIND_JUMP => {
                            let ofs = sjump!();
                            let dest = ip.offset(ofs).offset_from(code) as usize;
                            let unum = *ip as usize;
                            ip = ip.add(1);
                            push!(small(dest));
                            let ip_off = ip.offset_from(code) as usize;
                            match self.unwind_jump(frame, ip_off, sp, unum) {
                                Unwound::Handler(h, nsp) | Unwound::Done(h, nsp) => {
                                    ip = code.add(h);
                                    sp = nsp;
                                }
                            }
                            if ofs < 0 && self.pending() {
                                (*frame).ip = ip;
                                (*frame).sp = sp;
                                tri!(self.handle_pending());
                            }
                        }
                        op::GET_ITER => {
                            let it = tri!(self.get_iter(top!()));
                            set_top!(it);
                        }
                        op::GET_ITER_STACK => {
                            let obj = pop!();
                            if rt.downcast_exact::<List>(obj).is_some() {
                                sp.write(Value::small_int_unchecked(TAG_LIST as _));
                                sp.add(1).write(obj);
                                sp.add(2).write(small(0));
                                sp.add(3).write(Value::NULL);
                            } else if rt.downcast_exact::<Tuple>(obj).is_some() {
                                sp.write(Value::small_int_unchecked(TAG_TUPLE as _));
                                sp.add(1).write(obj);
                                sp.add(2).write(small(0));
                                sp.add(3).write(Value::NULL);
                            } else if let Some(r) = rt.downcast::<RangeObj>(obj) {
                                sp.write(Value::small_int_unchecked(TAG_RANGE as _));
                                sp.add(1).write(r.start);
                                sp.add(2).write(r.stop);
                                sp.add(3).write(r.step);
                            } else {
                                let it = tri!(self.get_iter(obj));
                                sp.write(Value::NULL);
                                sp.add(1).write(it);
                                sp.add(2).write(Value::NULL);
                                sp.add(3).write(Value::NULL);
                            }
                            sp = sp.add(4);
                        }
                        op::FOR_ITER => {
                            let ofs = ujump!();
                            let s0 = *sp.sub(4);
                            let next = if s0.is_null() {
                                tri!(rt.iter_next(*sp.sub(3)))
                            } else {
                                match s0.as_small_int().unwrap_or(0) as i64 {
                                    TAG_LIST => {
                                        let i = int(*sp.sub(2));
                                        let l = rt.downcast::<List>(*sp.sub(3));
                                        match l.and_then(|l| l.get(i)) {
                                            Some(v) => {
                                                sp.sub(2).write(small(i + 1));
                                                Some(v)
                                            }
                                            None => None,
                                        }
                                    }
                                    TAG_TUPLE => {
                                        let i = int(*sp.sub(2));
                                        let t = rt.downcast::<Tuple>(*sp.sub(3));
                                        match t.and_then(|t| t.items().get(i)) {
                                            Some(&v) => {
                                                sp.sub(2).write(small(i + 1));
                                                Some(v)
                                            }
                                            None => None,
                                        }
                                    }
                                    _ => {
                                        let cur = (*sp.sub(3)).as_small_int().unwrap_or(0) as i64;
                                        let stop = (*sp.sub(2)).as_small_int().unwrap_or(0) as i64;
                                        let step = (*sp.sub(1)).as_small_int().unwrap_or(1) as i64;
                                        if (step > 0 && cur < stop) || (step < 0 && cur > stop) {
                                            let nx =
                                                Value::small_int(cur + step).unwrap_or(*sp.sub(2));
                                            sp.sub(3).write(nx);
                                            Some(Value::small_int_unchecked(cur as _))
                                        } else {
                                            None
                                        }
                                    }
                                }
                            };
                            match next {
                                Some(v) => push!(v),
                                None => {
                                    sp = sp.sub(4);
                                    ip = ip.add(ofs);
                                }
                            }
                        }
                        op::BUILD_TUPLE => {
                            let n = arg!();
                            let t = tri!(new_tuple(rt, slice!(sp.sub(n), n)));
                            sp = sp.sub(n);
                            push!(t);
                        }
                        op::BUILD_LIST => {
                            let n = arg!();
                            let l = tri!(new_list(rt, slice!(sp.sub(n), n)));
                            sp = sp.sub(n);
                            push!(l);
                        }
                        op::BUILD_MAP => {
                            let _ = arg!();
                            push!(tri!(new_dict(rt)));
                        }
                        op::BUILD_SET => {
                            let n = arg!();
                            let s = tri!(new_set(rt, slice!(sp.sub(n), n)));
                            sp = sp.sub(n);
                            push!(s);
                        }
                        op::BUILD_SLICE => {
                            let n = arg!();
                            let step = if n == 3 { pop!() } else { Value::NONE };
                            let stop = pop!();
                            let start = top!();
                            let s =
                                tri!(pyrite_obj::types::slice::new_slice(rt, start, stop, step));
                            set_top!(s);
                        }
                        op::STORE_MAP => {
                            let key = pop!();
                            let v = pop!();
                            tri!(self.dict_store(top!(), key, v));
                        }
                        op::STORE_COMP => {
                            let n = arg!();
                            let coll = *sp.sub(1 + (n >> 2));
                            if n & 3 == 1 {
                                let key = pop!();
                                let v = pop!();
                                tri!(self.dict_store(coll, key, v));
                            } else if n & 3 == 0 {
                                let v = pop!();
                                match rt.downcast::<List>(coll) {
                                    Some(l) => tri!(l.push(rt, v)),
                                    None => break self.not_supported(opb),
                                }
                            } else {
                                let v = pop!();
                                tri!(set_add(rt, coll, v));
                            }
                        }
                        op::UNPACK_SEQUENCE => {
                            let n = arg!();
                            let seq = pop!();
                            tri!(self.unpack_into(seq, n, sp));
                            core::slice::from_raw_parts_mut(sp, n).reverse();
                            sp = sp.add(n);
                        }
                        op::UNPACK_EX => {
                            let n = arg!();
                            let seq = pop!();
                            let nsp = tri!(self.unpack_ex(seq, n & 0xff, (n >> 8) & 0xff, sp));
                            sp = nsp;
                        }
                        op::MAKE_FUNCTION | op::MAKE_FUNCTION_DEFARGS => {
                            let n = arg!();
                            let (d, kd) = if opb == op::MAKE_FUNCTION_DEFARGS {
                                let kd = pop!();
                                let d = pop!();
                                (d, kd)
                            } else {
                                (Value::NULL, Value::NULL)
                            };
                            let p = self.child_proto(frame, n);
                            let f = tri!(new_function(
                                self,
                                ctx_value(ctx),
                                p,
                                none_to_null(d),
                                none_to_null(kd),
                                &[]
                            ));
                            push!(f);
                        }
                        op::MAKE_CLOSURE | op::MAKE_CLOSURE_DEFARGS => {
                            let n = arg!();
                            let nc = *ip as usize;
                            ip = ip.add(1);
                            let cells = sp.sub(nc);
                            let (d, kd) = if opb == op::MAKE_CLOSURE_DEFARGS {
                                (*cells.sub(2), *cells.sub(1))
                            } else {
                                (Value::NULL, Value::NULL)
                            };
                            let p = self.child_proto(frame, n);
                            let f = tri!(new_function(
                                self,
                                ctx_value(ctx),
                                p,
                                none_to_null(d),
                                none_to_null(kd),
                                slice!(cells, nc)
                            ));
                            sp = if opb == op::MAKE_CLOSURE_DEFARGS {
                                cells.sub(2)
                            } else {
                                cells
                            };
                            push!(f);
                        }
                        // On the boards one arm for the four calls, so that
                        // the call sequence (frame push, built-in fast path)
                        // exists once in the loop's code (1.6 KB less flash);
                        // on hosts one arm each, whose constant operands
                        // keep the calls 2% faster.
                        #[cfg(feature = "compact")]
                        op::CALL_FUNCTION
                        | op::CALL_FUNCTION_VAR_KW
                        | op::CALL_METHOD
                        | op::CALL_METHOD_VAR_KW => {
                            let n = arg!();
                            let npos = n & 0xff;
                            let nkw = (n >> 8) & 0xff;
                            // The method forms have a `self` slot (NULL for a
                            // plain function), the `*args`/`**kwargs` forms
                            // a star-map word after the arguments.
                            let method = usize::from(opb & 2 != 0);
                            let var_kw = opb & 1 != 0;
                            let fbase = sp.sub(npos + 2 * nkw + 1 + method + usize::from(var_kw));
                            let fun = *fbase;
                            sp = fbase;
                            let args = fbase.add(1 + method);
                            let (pos, kw, release): (&[Value], &[Value], Option<usize>) = if var_kw
                            {
                                let slf = if method != 0 {
                                    *fbase.add(1)
                                } else {
                                    Value::NULL
                                };
                                let mark = self.region_mark();
                                match self.expand_args(
                                    slf,
                                    args,
                                    npos,
                                    nkw,
                                    *args.add(npos + 2 * nkw),
                                ) {
                                    Ok((pos, kw)) => (pos, kw, Some(mark)),
                                    Err(e) => {
                                        self.region_release(mark);
                                        break e;
                                    }
                                }
                            } else {
                                // `self` (unless NULL) is the first argument;
                                // a plain call has no such slot to read.
                                let with_self =
                                    usize::from(method != 0 && !(*fbase.add(1)).is_null());
                                (
                                    slice!(args.sub(with_self), npos + with_self),
                                    slice!(args.add(npos), 2 * nkw),
                                    None,
                                )
                            };
                            do_call!(fun, pos, kw, release);
                        }
                        #[cfg(not(feature = "compact"))]
                        op::CALL_FUNCTION => {
                            let n = arg!();
                            let npos = n & 0xff;
                            let nkw = (n >> 8) & 0xff;
                            let fbase = sp.sub(npos + 2 * nkw + 1);
                            let fun = *fbase;
                            sp = fbase;
                            do_call!(
                                fun,
                                slice!(fbase.add(1), npos),
                                slice!(fbase.add(1 + npos), 2 * nkw),
                                None,
                                true
                            );
                        }
                        #[cfg(not(feature = "compact"))]
                        op::CALL_METHOD => {
                            let n = arg!();
                            let npos = n & 0xff;
                            let nkw = (n >> 8) & 0xff;
                            let fbase = sp.sub(npos + 2 * nkw + 2);
                            let fun = *fbase;
                            // `self` (unless NULL) is the first argument.
                            let with_self = usize::from(!(*fbase.add(1)).is_null());
                            sp = fbase;
                            let kw = slice!(fbase.add(2 + npos), 2 * nkw);
                            let pos = slice!(fbase.add(2 - with_self), npos + with_self);
                            do_call!(fun, pos, kw, None);
                        }
                        #[cfg(not(feature = "compact"))]
                        op::CALL_FUNCTION_VAR_KW | op::CALL_METHOD_VAR_KW => {
                            let n = arg!();
                            let npos = n & 0xff;
                            let nkw = (n >> 8) & 0xff;
                            let method = opb == op::CALL_METHOD_VAR_KW;
                            let fbase = sp.sub(npos + 2 * nkw + 2 + usize::from(method));
                            let fun = *fbase;
                            let slf = if method { *fbase.add(1) } else { Value::NULL };
                            let args = fbase.add(1 + usize::from(method));
                            sp = fbase;
                            let mark = self.region_mark();
                            let (pos, kw) = match self.expand_args(
                                slf,
                                args,
                                npos,
                                nkw,
                                *args.add(npos + 2 * nkw),
                            ) {
                                Ok(r) => r,
                                Err(e) => {
                                    self.region_release(mark);
                                    break e;
                                }
                            };
                            do_call!(fun, pos, kw, Some(mark));
                        }
                        op::RETURN_VALUE => {
                            if exc_sp!() > fastn.add(1) {
                                let ip_off = ip.offset_from(code) as usize;
                                if let Some(Unwound::Handler(h, nsp)) =
                                    self.unwind_return(frame, ip_off, sp)
                                {
                                    ip = code.add(h);
                                    sp = nsp;
                                    continue;
                                }
                            }
                            let v = top!();
                            do_return!(v);
                        }
                        op::RAISE_LAST => {
                            reraise = true;
                            break self.last_exception(frame);
                        }
                        op::RAISE_OBJ => {
                            let v = pop!();
                            break self.make_raise(v);
                        }
                        op::RAISE_FROM => {
                            let cause = pop!();
                            let v = pop!();
                            break self.make_raise_from(v, cause);
                        }
                        op::YIELD_VALUE => {
                            let v = top!();
                            crate::generator::suspend(self, frame, ip, sp);
                            return Ok(v);
                        }
                        op::YIELD_FROM => {
                            let send = pop!();
                            match tri!(crate::generator::resume_any(self, top!(), send)) {
                                crate::generator::Resumed::Yield(v) => {
                                    ip = ip.sub(1);
                                    push!(v);
                                    crate::generator::suspend(self, frame, ip, sp);
                                    return Ok(v);
                                }
                                crate::generator::Resumed::Return(v) => set_top!(v),
                            }
                        }
                        op::LOAD_BUILD_CLASS => {
                            push!(self.vm_fns[crate::builtins::VM_BUILD_CLASS].get());
                        }
                        op::IMPORT_NAME => {
                            let qs = (*ctx).qstr(arg!());
                            let fromlist = pop!();
                            let level = top!();
                            let m = tri!(self.import(qs, fromlist, level));
                            set_top!(m);
                        }
                        op::IMPORT_FROM => {
                            let qs = (*ctx).qstr(arg!());
                            let v = tri!(self.import_from(top!(), qs));
                            push!(v);
                        }
                        op::IMPORT_STAR => {
                            let m = pop!();
                            tri!(self.import_star(m, (*frame).names));
                        }
                        // The opcode ranges come last: rustc tests range
                        // patterns one by one in source order, before a
                        // jump table for the constants that follow them, so
                        // here every other opcode dispatches through one table
                        // (and these through its default).
                        op::LOAD_FAST_MULTI..=op::LOAD_FAST_MULTI_LAST => {
                            let v = *fastn.sub((opb - op::LOAD_FAST_MULTI) as usize);
                            if v.is_null() {
                                break self.unbound_local();
                            }
                            push!(v);
                        }
                        op::STORE_FAST_MULTI..=op::STORE_FAST_MULTI_LAST => {
                            let v = pop!();
                            fastn.sub((opb - op::STORE_FAST_MULTI) as usize).write(v);
                        }
                        op::LOAD_CONST_SMALL_INT_MULTI..=op::LOAD_CONST_SMALL_INT_MULTI_LAST => {
                            push!(Value::small_int_unchecked(
                                opb as pyrite_obj::value::SmallInt - 0x80
                            ));
                        }
                        op::BINARY_OP_MULTI..=op::BINARY_OP_MULTI_LAST => {
                            let bop = opb - op::BINARY_OP_MULTI;
                            let b = pop!();
                            let a = top!();
                            if let (Some(x), Some(y)) = (a.as_small_int(), b.as_small_int()) {
                                if let Some(r) = small_int_binop(bop, x, y) {
                                    set_top!(r);
                                    continue;
                                }
                            } else if let Some(r) = float_binop(bop, a, b) {
                                set_top!(r);
                                continue;
                            }
                            let r = tri!(self.binary_op_slow(bop, a, b));
                            set_top!(r);
                        }
                        op::UNARY_OP_MULTI..=op::UNARY_OP_MULTI_LAST => {
                            let uop = opb - op::UNARY_OP_MULTI;
                            let v = top!();
                            if let Some(i) = v.as_small_int() {
                                let r = match uop {
                                    0 => Some(v),
                                    1 => Value::small_int(-(i as i64)),
                                    2 => Value::small_int(!(i as i64)),
                                    _ => Some(Value::bool(i == 0)),
                                };
                                if let Some(r) = r {
                                    set_top!(r);
                                    continue;
                                }
                            }
                            if uop == 3 {
                                let t = tri!(self.truthy(v));
                                set_top!(Value::bool(!t));
                                continue;
                            }
                            let u = UnaryOp::from_bytecode(uop).unwrap_or(UnaryOp::Positive);
                            let r = tri!(rt.unary_op(u, v));
                            set_top!(r);
                        }
                        _ => break self.not_supported(opb),
                    }
                };
                // An exception: find a handler in this frame or a caller.
                (*frame).ip = ip;
                (*frame).sp = sp;
                let e = self.normalize_exc(exc);
                let skip = core::mem::replace(&mut reraise, false);
                match self.unwind(e, base, skip) {
                    Ok(()) => {
                        frame = self.frame_ptr(self.n_frames() - 1);
                        load_regs!();
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }

    /// A bytecode function that can run in the current loop (not a
    /// generator).
    #[inline(always)]
    fn inline_callee(&self, fun: Value) -> Option<&FunObj> {
        // `function` has no subclasses: one type compare.
        let f = self.rt().downcast_exact::<FunObj>(fun)?;
        if f.proto().scope_flags & SCOPE_GENERATOR != 0 {
            None
        } else {
            Some(f)
        }
    }

    /// The constructor fast path of a call: when the class `ty` is a plain one
    /// with a Python `__init__` ([`crate::class::plain_construct`]), makes
    /// the instance and runs `__init__` on it directly (without the generic
    /// call of a type, `__new__`/`__init__` dispatch and argument copy);
    /// `None` for any other callee. The instance goes on the caller's stack
    /// at `sp`, where the callee was (so the collector sees it), and in the
    /// slot below the arguments as `self` (for `CALL_FUNCTION`, the only
    /// caller, that is the same slot).
    #[cfg(not(feature = "compact"))]
    #[inline(never)]
    fn construct_call(
        &self,
        ty: &Type,
        pos: &[Value],
        kw: &[Value],
        frame: *mut Frame,
        sp: *mut Value,
    ) -> Option<PyResult> {
        let rt = self.rt();
        let (obj, init) = match crate::class::plain_construct(rt, ty) {
            Ok(found) => found?,
            Err(e) => return Some(Err(e)),
        };
        // SAFETY: the call opcode left `sp` at the callee's slot and its
        // arguments above it in the live frame's stack, so `sp` and the
        // slot below `pos` (at or above `sp`) are that stack's; `frame` is
        // the live top frame.
        let args = unsafe {
            // Through `sp` (the stack's pointer): `pos` may not be written.
            let argp = sp.offset(pos.as_ptr().offset_from(sp) - 1);
            *sp = obj;
            *argp = obj;
            (*frame).sp = sp.add(1);
            core::slice::from_raw_parts(argp, pos.len() + 1)
        };
        Some(match self.call_function(init, args, kw, Value::NULL) {
            Ok(r) if r.is_none() => Ok(obj),
            Ok(r) => Err(crate::class::init_result_error(rt, r)),
            Err(e) => Err(e),
        })
    }

    fn child_proto(&self, frame: *mut Frame, n: usize) -> *const crate::func::Proto {
        // SAFETY: the frame is live; the verifier checked `n` against the
        // raw code's children, which the child table lists from `children`.
        unsafe {
            let f = &*frame;
            let p = &*f.proto;
            let ctx = &*f.ctx;
            let idx = *ctx.children.add(p.children as usize + n);
            ctx.proto(idx as usize)
        }
    }

    fn stack_error(&self) -> Exc {
        self.rt().error(
            &exc::RUNTIME_ERROR,
            format_args!("bytecode stack underflow"),
        )
    }

    /// `END_FINALLY` of a block whose handler was entered by `return`,
    /// `break` or `continue`: goes on as the block recorded, from the stack
    /// level below the handler's. `Err(value)`: a return that leaves the
    /// frame. Out of the dispatch loop (rare; the loop's code stays small).
    #[cold]
    #[inline(never)]
    fn resume_pending(
        &self,
        frame: *mut Frame,
        blk: *mut Value,
        word: usize,
        ip_off: usize,
    ) -> Result<Unwound, Value> {
        // SAFETY: `blk` is the frame's block just popped by `END_FINALLY`
        // (its level, recorded at set-up, lies inside the frame's state,
        // and the value stack has room above it for one value).
        unsafe {
            let mut level = int(*blk.add(1));
            if word & BLK_KIND == BLK_WITH {
                // The `__exit__` method and its self.
                level = level.saturating_sub(2);
            }
            let sp = (*frame).state.add(level);
            let record = *blk.add(2);
            if word & PENDING == PENDING_RETURN {
                sp.write(record);
                self.unwind_return(frame, ip_off, sp.add(1)).ok_or(record)
            } else {
                let record = int(record);
                sp.write(small(record >> 8));
                Ok(self.unwind_jump(frame, ip_off, sp.add(1), record & 0xff))
            }
        }
    }

    /// `END_FINALLY` found neither `None` nor an exception, and the handler
    /// was not entered by `return`/`break`/`continue`: code that no
    /// compiler made (it passed the verifier, which checks stack depths,
    /// not what the values are).
    #[cold]
    fn bad_finally_state(&self) -> Exc {
        self.rt().error(
            &exc::RUNTIME_ERROR,
            format_args!("bytecode: bad state at the end of a finally block"),
        )
    }

    fn unbound_local(&self) -> Exc {
        self.rt().error(
            &exc::UNBOUND_LOCAL_ERROR,
            format_args!("local variable referenced before assignment"),
        )
    }

    fn unbound_free(&self) -> Exc {
        self.rt().error(
            &exc::NAME_ERROR,
            format_args!("free variable referenced before assignment"),
        )
    }

    pub(crate) fn not_supported(&self, opcode: u8) -> Exc {
        self.rt().error(
            &exc::NOT_IMPLEMENTED_ERROR,
            format_args!("opcode 0x{opcode:02x} not supported yet"),
        )
    }

    /// `bool(v)`.
    #[inline]
    pub(crate) fn truthy(&self, v: Value) -> PyResult<bool> {
        if let Some(t) = self.rt().downcast_exact::<Tuple>(v) {
            return Ok(!t.items().is_empty());
        }
        self.rt().truthy(v)
    }

    /// The type of `v` as a value.
    pub(crate) fn type_value(&self, v: Value) -> Value {
        type_to_value(self.rt().type_of(v))
    }

    /// The inline cache's entry for the instruction at `site`.
    #[inline(always)]
    fn global_cache_entry(&self, site: usize) -> &core::cell::Cell<(usize, usize)> {
        let i = (site ^ (site >> 7)) & (crate::vm::GLOBAL_CACHE - 1);
        &self.global_cache[i]
    }

    /// `names[qs]` through the inline cache of the instruction at `site`.
    #[inline(always)]
    fn cached_global(&self, site: usize, names: Value, qs: pyrite_obj::Qstr) -> Option<Value> {
        let (at, slot) = self.global_cache_entry(site).get();
        if at != site {
            return None;
        }
        let rt = self.rt();
        // Namespaces are plain dicts but for `exec` with a dict subclass.
        rt.downcast_exact::<Dict>(names)
            .or_else(|| rt.downcast::<Dict>(names))?
            .map()
            .get_at(slot, Value::qstr(qs))
    }

    /// `LOAD_NAME`/`LOAD_GLOBAL` without a cache hit: a lookup that
    /// remembers the slot when `names` has the name.
    #[inline(never)]
    fn load_name_caching(
        &self,
        site: usize,
        names: Value,
        globals: Value,
        qs: pyrite_obj::Qstr,
    ) -> PyResult {
        let rt = self.rt();
        let key = Value::qstr(qs);
        if let Some(d) = rt.downcast::<Dict>(names)
            && let Some((slot, v)) = d.map().get_slot(rt, key)?
        {
            self.global_cache_entry(site).set((site, slot));
            return Ok(v);
        }
        if names != globals
            && let Some(d) = rt.downcast::<Dict>(globals)
            && let Some(v) = d.map().get_qstr(rt, key)?
        {
            return Ok(v);
        }
        #[cfg(feature = "builtins-extra")]
        if self.builtins_module_made.get()
            && let Some(v) = self.added_builtin(qs)
        {
            return Ok(v);
        }
        if let Some(v) = self.lookup_builtin(qs) {
            return Ok(v);
        }
        Err(rt.error(
            &exc::NAME_ERROR,
            format_args!("name '{}' is not defined", rt.qstr_display(qs)),
        ))
    }

    fn store_name(&self, names: Value, qs: pyrite_obj::Qstr, v: Value) -> PyResult<()> {
        let rt = self.rt();
        match rt.downcast::<Dict>(names) {
            Some(d) => {
                d.map().insert(rt, Value::qstr(qs), v)?;
                Ok(())
            }
            None => Err(rt.type_error(format_args!("bad namespace"))),
        }
    }

    fn delete_name(&self, names: Value, qs: pyrite_obj::Qstr) -> PyResult<()> {
        let rt = self.rt();
        if let Some(d) = rt.downcast::<Dict>(names)
            && d.map().remove(rt, Value::qstr(qs))?.is_some()
        {
            return Ok(());
        }
        Err(rt.error(
            &exc::NAME_ERROR,
            format_args!("name '{}' is not defined", rt.qstr_display(qs)),
        ))
    }

    fn dict_store(&self, d: Value, key: Value, v: Value) -> PyResult<()> {
        let rt = self.rt();
        match rt.downcast::<Dict>(d) {
            Some(d) => {
                d.map().insert(rt, key, v)?;
                Ok(())
            }
            None => rt
                .subscr(d, key, pyrite_obj::object::SubscrOp::Store(v))
                .map(|_| ()),
        }
    }

    pub(crate) fn load_attr(&self, obj: Value, qs: pyrite_obj::Qstr) -> PyResult {
        let rt = self.rt();
        match rt.try_load_attr(obj, qs)? {
            Some(v) => Ok(v),
            None => crate::class::special_attr(self, obj, qs),
        }
    }

    pub(crate) fn store_attr(&self, obj: Value, qs: pyrite_obj::Qstr, v: Value) -> PyResult<()> {
        let rt = self.rt();
        if let Some(ty) = rt.downcast::<Type>(obj)
            && rt.store_class_attr(ty, qs, (!v.is_null()).then_some(v))?
        {
            return Ok(());
        }
        if v.is_null() {
            rt.delete_attr(obj, qs)
        } else {
            rt.store_attr(obj, qs, v)
        }
    }

    fn subscr_store(&self, obj: Value, index: Value, v: Value) -> PyResult<()> {
        use pyrite_obj::object::SubscrOp;
        let rt = self.rt();
        if let (Some(l), Some(i)) = (rt.downcast_exact::<List>(obj), index.as_small_int())
            && !v.is_null()
        {
            // `isize`: the width of `SmallInt`, no 64-bit code on the boards.
            let n = l.len() as isize;
            let j = if (i as isize) < 0 {
                i as isize + n
            } else {
                i as isize
            };
            if (0..n).contains(&j) {
                l.set(j as usize, v);
                return Ok(());
            }
        }
        let op = if v.is_null() {
            SubscrOp::Delete
        } else {
            SubscrOp::Store(v)
        };
        rt.subscr(obj, index, op).map(|_| ())
    }

    /// `a, *b, c = seq`: writes the values above `sp`, returns the new sp.
    unsafe fn unpack_ex(
        &self,
        seq: Value,
        left: usize,
        right: usize,
        sp: *mut Value,
    ) -> PyResult<*mut Value> {
        let rt = self.rt();
        let list = self.to_list(seq)?;
        let Some(l) = rt.downcast::<List>(list) else {
            return Err(rt.memory_error());
        };
        let len = l.len();
        if len < left + right {
            return Err(rt.value_error(format_args!(
                "not enough values to unpack (expected at least {}, got {len})",
                left + right
            )));
        }
        let star = new_list(rt, &[])?;
        if let Some(s) = rt.downcast::<List>(star) {
            for i in left..len - right {
                s.push(rt, l.get(i).unwrap_or(Value::NONE))?;
            }
        }
        let mut sp = sp;
        // SAFETY: the verifier reserved `left + right + 1` slots above `sp`.
        unsafe {
            for i in (len - right..len).rev() {
                sp.write(l.get(i).unwrap_or(Value::NONE));
                sp = sp.add(1);
            }
            sp.write(star);
            sp = sp.add(1);
            for i in (0..left).rev() {
                sp.write(l.get(i).unwrap_or(Value::NONE));
                sp = sp.add(1);
            }
        }
        Ok(sp)
    }

    /// Expands `*args`/`**kwargs` of a `CALL_*_VAR_KW` into the region (at
    /// its top); returns the positional and keyword slices. Each value is
    /// pushed on the region as it comes: the region is scanned, and Python
    /// code run meanwhile (iterators, `keys()`) releases what it takes.
    /// Out of the dispatch loop on hosts, whose float code it slows there
    /// (register allocation); inlined on the boards, where that is smaller.
    #[cfg_attr(not(feature = "compact"), inline(never))]
    unsafe fn expand_args<'a>(
        &self,
        slf: Value,
        args: *const Value,
        npos: usize,
        nkw: usize,
        star_map: Value,
    ) -> PyResult<(&'a [Value], &'a [Value])> {
        let rt = self.rt();
        let bits = star_map.as_small_int().unwrap_or(0) as u64;
        let base = self.region_alloc(0)?;
        let start = self.region_mark();
        let put = |v: Value| -> PyResult<()> {
            let p = self.region_alloc(1)?;
            // SAFETY: a reserved word.
            unsafe { p.write(v) };
            Ok(())
        };
        if !slf.is_null() {
            put(slf)?;
        }
        for i in 0..npos {
            // SAFETY: the caller's stack holds `npos` positional values.
            let v = unsafe { *args.add(i) };
            if i < 64 && bits & (1 << i) != 0 {
                if let Some(t) = rt.downcast::<Tuple>(v) {
                    for &x in t.items() {
                        put(x)?;
                    }
                } else {
                    let it = self.get_iter(v)?;
                    while let Some(x) = rt.iter_next(it)? {
                        put(x)?;
                    }
                }
            } else {
                put(v)?;
            }
        }
        let np = self.region_mark() - start;
        for k in 0..nkw {
            // SAFETY: then `nkw` name/value pairs.
            let (name, v) = unsafe { (*args.add(npos + 2 * k), *args.add(npos + 2 * k + 1)) };
            if name.is_null() {
                // `**mapping`.
                if let Some(d) = rt.downcast::<Dict>(v) {
                    let map = d.map();
                    let mut i = 0;
                    while i < map.slots() {
                        if let Some((key, val)) = map.entry_at(i) {
                            put(key)?;
                            put(val)?;
                        }
                        i += 1;
                    }
                } else {
                    let keys = self.call_method_by_name(v, q::keys, &[])?;
                    let it = self.get_iter(keys)?;
                    while let Some(key) = rt.iter_next(it)? {
                        let val = self.subscr_load(v, key)?;
                        put(key)?;
                        put(val)?;
                    }
                }
            } else {
                put(name)?;
                put(v)?;
            }
        }
        let nk = self.region_mark() - start - np;
        // SAFETY: the `np + nk` words from `base` were all written above.
        unsafe {
            Ok((
                core::slice::from_raw_parts(base, np),
                core::slice::from_raw_parts(base.add(np), nk),
            ))
        }
    }

    /// The traceback record of exception `reason` for `__exit__`, as CPython
    /// passes it (MicroPython passes `None`). Out of line: the dispatch
    /// loop's code is sensitive to what is inlined into it.
    #[inline(never)]
    fn traceback_of(&self, reason: Value) -> Value {
        self.rt()
            .downcast::<ExcObj>(reason)
            .map(|x| x.traceback.get())
            .filter(|t| !t.is_null())
            .unwrap_or(Value::NONE)
    }

    /// `__enter__`/`__exit__` of a `with` statement's manager: a missing
    /// one is a `TypeError`, as in CPython 3.11. Out of line, as above.
    #[inline(never)]
    fn context_method(
        &self,
        mgr: Value,
        name: pyrite_obj::Qstr,
        dest: &mut [Value; 2],
    ) -> PyResult<()> {
        let rt = self.rt();
        match rt.load_method(mgr, name, dest) {
            Err(e) if exc::exception_matches(rt, e, &exc::ATTRIBUTE_ERROR) => {
                Err(rt.type_error(format_args!(
                    "'{}' object does not support the context manager protocol",
                    rt.qstr_display(rt.type_of(mgr).name)
                )))
            }
            r => r,
        }
    }

    /// Calls method `name` of `obj`.
    pub(crate) fn call_method_by_name(
        &self,
        obj: Value,
        name: pyrite_obj::Qstr,
        args: &[Value],
    ) -> PyResult {
        let mut dest = [Value::NULL; 2];
        self.rt().load_method(obj, name, &mut dest)?;
        self.call_method_n(dest[0], dest[1], args)
    }

    /// `return` with exception blocks: runs the innermost pending `finally`
    /// (or `with` exit), or `None` to return now.
    fn unwind_return(&self, frame: *mut Frame, ip_off: usize, sp: *mut Value) -> Option<Unwound> {
        // SAFETY: `frame` is the running frame; its blocks lie between the
        // state's end and `exc_sp`; `sp` is inside its state with the return
        // value on top.
        unsafe {
            let f = &mut *frame;
            let p = &*f.proto;
            let exc_base = f.state.add(p.n_state as usize);
            let mut sp = sp;
            while f.exc_sp > exc_base {
                let blk = f.exc_sp.sub(3);
                let word = int(*blk);
                let (handler, kind) = (word >> HANDLER_SHIFT, word & BLK_KIND);
                if kind != BLK_EXCEPT {
                    if handler >= ip_off {
                        // The value and the sentinel go on the stack as
                        // the code expects, but the end of the handler
                        // goes by the block's record, which the handler's
                        // code cannot change.
                        let value = *sp.sub(1);
                        blk.write(small(word | PENDING_RETURN));
                        blk.add(2).write(value);
                        let fsp = f.state.add(int(*blk.add(1)));
                        fsp.write(value);
                        fsp.add(1).write(Value::small_int_unchecked(-1));
                        return Some(Unwound::Handler(handler, fsp.add(2)));
                    }
                    // An active finally: drop its reason (one or two
                    // words) and whatever its body pushed, keeping the
                    // value.
                    sp = drop_finally_state(f.state, blk, sp);
                }
                f.exc_sp = blk;
            }
            None
        }
    }

    /// `break`/`continue` out of blocks: the destination offset is on top of
    /// the stack; pops `unum & 0x7f` blocks (running pending handlers), then
    /// the iterator slots if bit 7 is set.
    fn unwind_jump(
        &self,
        frame: *mut Frame,
        ip_off: usize,
        sp: *mut Value,
        unum: usize,
    ) -> Unwound {
        // SAFETY: as in `unwind_return`; the verifier checked the depths.
        unsafe {
            let f = &mut *frame;
            let exc_base = f.state.add((*f.proto).n_state as usize);
            let mut sp = sp;
            let mut unum = unum;
            while unum & 0x7f > 0 && f.exc_sp > exc_base {
                unum -= 1;
                let blk = f.exc_sp.sub(3);
                let word = int(*blk);
                let (handler, kind) = (word >> HANDLER_SHIFT, word & BLK_KIND);
                if kind != BLK_EXCEPT {
                    if handler >= ip_off {
                        // As for `return`: the block records the jump.
                        let dest = int(*sp.sub(1));
                        blk.write(small(word | PENDING_JUMP));
                        blk.add(2).write(small(dest << 8 | unum));
                        sp.write(small(unum));
                        return Unwound::Handler(handler, sp.add(1));
                    }
                    sp = drop_finally_state(f.state, blk, sp);
                }
                f.exc_sp = blk;
            }
            sp = sp.sub(1);
            let dest = int(*sp);
            if unum & 0x80 != 0 && sp.offset_from(f.state) >= 4 {
                sp = sp.sub(4);
            }
            Unwound::Done(dest, sp)
        }
    }

    /// The exception a bare `raise` re-raises.
    fn last_exception(&self, frame: *mut Frame) -> Exc {
        let _ = frame;
        match self.handled_exception(self.n_frames()) {
            Some(e) => Exc(e),
            None => self.rt().error(
                &exc::RUNTIME_ERROR,
                format_args!("No active exception to reraise"),
            ),
        }
    }

    /// The exception being handled by the innermost active handler in the
    /// frames below depth `depth`.
    pub(crate) fn handled_exception(&self, depth: usize) -> Option<Value> {
        for i in (0..depth).rev() {
            // SAFETY: `i < n_frames`; the blocks of a frame lie between its
            // state's end and its `exc_sp`.
            unsafe {
                let f = &*self.frame_ptr(i);
                let exc_base = f.state.add((*f.proto).n_state as usize);
                let mut blk = f.exc_sp;
                while blk > exc_base {
                    blk = blk.sub(3);
                    let e = *blk.add(2);
                    if !e.is_null() && int(*blk) & PENDING == 0 {
                        return Some(e);
                    }
                }
            }
        }
        None
    }

    /// The exception `raise v` raises.
    pub(crate) fn make_raise(&self, v: Value) -> Exc {
        let rt = self.rt();
        let ty = rt.type_of(v);
        if ty.flags.contains(pyrite_obj::TypeFlags::EXCEPTION) {
            return Exc(v);
        }
        if let Some(t) = rt.downcast::<Type>(v)
            && t.flags.contains(pyrite_obj::TypeFlags::EXCEPTION)
        {
            return match self.call_value(v, &[], &[]) {
                Ok(e) => Exc(e),
                Err(e) => e,
            };
        }
        rt.type_error(format_args!("exceptions must derive from BaseException"))
    }

    fn make_raise_from(&self, v: Value, cause: Value) -> Exc {
        let e = self.make_raise(v);
        let rt = self.rt();
        let is_exception = |x: Value| {
            rt.type_of(x)
                .flags
                .contains(pyrite_obj::TypeFlags::EXCEPTION)
                || rt
                    .downcast::<Type>(x)
                    .is_some_and(|t| t.flags.contains(pyrite_obj::TypeFlags::EXCEPTION))
        };
        let cause = if cause.is_none() {
            Value::NONE
        } else if !is_exception(cause) {
            return rt.type_error(format_args!(
                "exception causes must derive from BaseException"
            ));
        } else {
            match self.make_raise(cause) {
                Exc(c)
                    if self
                        .rt()
                        .type_of(c)
                        .flags
                        .contains(pyrite_obj::TypeFlags::EXCEPTION) =>
                {
                    c
                }
                Exc(other) => return Exc(other),
            }
        };
        if let Some(x) = self.rt().downcast::<ExcObj>(e.0)
            && self.is_heap(e.0)
        {
            x.cause.set(cause);
        }
        e
    }

    fn normalize_exc(&self, e: Exc) -> Value {
        self.make_raise(e.0).0
    }

    pub(crate) fn is_heap(&self, v: Value) -> bool {
        v.as_object()
            .is_some_and(|p| self.rt().heap().contains(p.as_ptr().cast()))
    }

    /// Unwinds `exc` from the top frame: returns `Ok` when a handler was
    /// found (the top frame's saved registers point at it), or `Err` once
    /// the frame at `base` is popped too.
    pub(crate) fn unwind_pub(&self, exc: Value, base: usize) -> Result<(), Exc> {
        self.unwind(exc, base, false)
    }

    fn unwind(&self, exc: Value, base: usize, mut skip_tb: bool) -> Result<(), Exc> {
        loop {
            let fi = self.n_frames() - 1;
            let fp = self.frame_ptr(fi);
            if !skip_tb {
                crate::traceback::add_entry(self, exc, fp);
            }
            skip_tb = false;
            self.set_context(exc, fi + 1);
            // SAFETY: `fp` is the live top frame; its blocks lie between the
            // end of its state and `exc_sp`.
            unsafe {
                let f = &mut *fp;
                let p = &*f.proto;
                let ip_off = f.ip.offset_from(p.opcodes) as usize;
                let exc_base = f.state.add(p.n_state as usize);
                while f.exc_sp > exc_base {
                    let blk = f.exc_sp.sub(3);
                    let handler = int(*blk) >> HANDLER_SHIFT;
                    if handler < ip_off {
                        // Raised inside this handler: leave it.
                        f.exc_sp = blk;
                        continue;
                    }
                    blk.add(2).write(exc);
                    f.ip = p.opcodes.add(handler);
                    let vsp = f.state.add(int(*blk.add(1)));
                    vsp.write(exc);
                    f.sp = vsp.add(1);
                    return Ok(());
                }
            }
            if !self.frame_gen(fp).is_null() {
                crate::generator::finish(self, fp);
            }
            self.pop_frame();
            if fi == base {
                return Err(Exc(exc));
            }
        }
    }

    fn frame_gen(&self, fp: *mut Frame) -> Value {
        // SAFETY: a live frame record.
        unsafe { (*fp).genv }
    }

    /// Sets `__context__` of a newly raised exception to the exception being
    /// handled in the frames below `depth`.
    fn set_context(&self, exc: Value, depth: usize) {
        let rt = self.rt();
        if !self.is_heap(exc) {
            return;
        }
        let Some(x) = rt.downcast::<ExcObj>(exc) else {
            return;
        };
        if !x.context.get().is_null() {
            return;
        }
        if let Some(h) = self.handled_exception(depth)
            && h != exc
        {
            x.context.set(h);
        }
    }
}

/// A type as a value.
pub(crate) fn type_to_value(ty: &Type) -> Value {
    // SAFETY: a type is an object (its header comes first) that lives as
    // long as anything refers to it.
    unsafe { Value::from_object(NonNull::from(ty).cast()) }
}

fn ctx_value(ctx: *const ModCtx) -> Value {
    // SAFETY: a live module context (an object with a header).
    unsafe { Value::from_object(NonNull::new_unchecked(ctx.cast_mut()).cast()) }
}

fn none_to_null(v: Value) -> Value {
    if v.is_none() { Value::NULL } else { v }
}
