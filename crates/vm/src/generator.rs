//! Generators: a function's frame state kept in a heap object between
//! resumptions; each resumption runs the frame in a nested dispatch loop.

use core::cell::Cell;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::{Exc, PyResult, Qstr, Rt, Sink, Value, q};

use crate::func::{FunObj, vm_type};
use crate::load::obj_value;
use crate::vm::{Frame, Vm};

/// A generator object; the frame state (`frame_words` values) follows.
#[repr(C)]
pub(crate) struct GenObj {
    header: ObjHeader,
    fun: Value,
    /// Where to resume; null once finished.
    ip: Cell<*const u8>,
    sp: Cell<*mut Value>,
    exc_sp: Cell<*mut Value>,
    running: Cell<bool>,
}

// SAFETY: `#[repr(C)]` with the header first; `GEN_TYPE` owns the layout.
unsafe impl Object for GenObj {
    const TYPE: &'static Type = &GEN_TYPE;
}

impl GenObj {
    fn state(&self) -> *mut Value {
        // SAFETY: the state was allocated right after the struct.
        unsafe { (self as *const GenObj).add(1).cast::<Value>().cast_mut() }
    }

    fn fun(&self) -> &FunObj {
        // SAFETY: `fun` is always a function object (set at creation).
        unsafe {
            &*self
                .fun
                .as_object()
                .unwrap_unchecked()
                .cast::<FunObj>()
                .as_ptr()
        }
    }
}

/// The result of resuming a generator (or any iterator, for `yield from`).
pub(crate) enum Resumed {
    /// It yielded this value.
    Yield(Value),
    /// It finished, returning this value.
    Return(Value),
}

/// Calling a generator function: binds the arguments into a new generator.
pub(crate) fn new_generator(
    vm: &Vm,
    fun: Value,
    f: &FunObj,
    pos: &[Value],
    kw: &[Value],
) -> PyResult {
    let rt = vm.rt();
    let p = f.proto();
    let words = p.frame_words();
    let bytes = size_of::<GenObj>() + words * size_of::<Value>();
    let g = rt.alloc(bytes, AllocFlags::NONE)?.cast::<GenObj>();
    let n_state = p.n_state as usize;
    // SAFETY: a fresh, zeroed allocation (all values NULL) with room for
    // the struct and the state.
    let gen_val = unsafe {
        let state = g.as_ptr().add(1).cast::<Value>();
        g.as_ptr().write(GenObj {
            header: ObjHeader::new(&GEN_TYPE),
            fun,
            ip: Cell::new(p.opcodes),
            sp: Cell::new(state),
            exc_sp: Cell::new(state.add(n_state)),
            running: Cell::new(false),
        });
        obj_value(g)
    };
    // Root the generator in the region while the arguments are bound.
    let mark = vm.region_mark();
    let slot = vm.region_alloc(1)?;
    // SAFETY: one reserved word.
    unsafe { slot.write(gen_val) };
    // SAFETY: local 0 is the last word of the state.
    let fastn = unsafe { g.as_ptr().add(1).cast::<Value>().add(n_state - 1) };
    let r = vm.bind_args(f, fastn, pos, kw);
    vm.region_release(mark);
    r.map(|_| gen_val)
}

/// Suspends the running generator frame at a yield (the value is on top).
pub(crate) fn suspend(vm: &Vm, frame: *mut Frame, ip: *const u8, sp: *mut Value) {
    // SAFETY: `frame` is the live top frame, a generator frame.
    let f = unsafe { &*frame };
    if let Some(g) = vm.rt().downcast::<GenObj>(f.genv) {
        g.ip.set(ip);
        g.sp.set(sp);
        g.exc_sp.set(f.exc_sp);
    }
    vm.pop_frame();
    vm.yielded.set(true);
}

/// Marks the generator of frame `fp` finished.
pub(crate) fn finish(vm: &Vm, fp: *mut Frame) {
    // SAFETY: a live frame record.
    let genv = unsafe { (*fp).genv };
    if let Some(g) = vm.rt().downcast::<GenObj>(genv) {
        g.ip.set(core::ptr::null());
    }
}

/// Resumes generator `genv` with `send`, or by raising `throw` at the yield.
pub(crate) fn resume(vm: &Vm, genv: Value, send: Value, throw: Option<Value>) -> PyResult<Resumed> {
    let rt = vm.rt();
    let Some(g) = rt.downcast::<GenObj>(genv) else {
        return Err(rt.type_error(format_args!("not a generator")));
    };
    if g.ip.get().is_null() {
        return match throw {
            Some(e) => Err(Exc(e)),
            None => Ok(Resumed::Return(Value::NONE)),
        };
    }
    if g.running.get() {
        return Err(rt.value_error(format_args!("generator already executing")));
    }
    let f = g.fun();
    let p = f.proto();
    let started = g.ip.get() != p.opcodes;
    if !started && throw.is_none() && !send.is_none() {
        return Err(rt.type_error(format_args!(
            "can't send non-None value to a just-started generator"
        )));
    }
    let (mut send, mut throw) = (send, throw);
    if let Some(e) = throw
        && started
        // SAFETY: a started, unfinished generator's ip points at an opcode.
        && unsafe { *g.ip.get() } == pyrite_mpy::op::YIELD_FROM
    {
        // Suspended in `yield from`: the delegate gets the exception first.
        // SAFETY: a generator suspended at YIELD_FROM has the delegate
        // under the value it yielded.
        let sub = unsafe { *g.sp.get().sub(2) };
        g.running.set(true);
        let r = throw_into_delegate(vm, sub, e);
        g.running.set(false);
        match r {
            Ok(Resumed::Yield(v)) => {
                // Still suspended at the same YIELD_FROM.
                // SAFETY: the yielded value's slot, as above.
                unsafe { g.sp.get().sub(1).write(v) };
                return Ok(Resumed::Yield(v));
            }
            Ok(Resumed::Return(v)) => {
                // The delegate finished: `yield from` evaluates to `v` and
                // the generator runs on after the opcode (one byte).
                // SAFETY: drops the yielded value's slot; the delegate's
                // slot receives `v` below, as a sent value would.
                unsafe {
                    g.sp.set(g.sp.get().sub(1));
                    g.ip.set(g.ip.get().add(1));
                }
                send = v;
                throw = None;
            }
            Err(e) => throw = Some(e.0),
        }
    }
    vm.enter_native()?;
    let frame = Frame {
        fun: g.fun,
        proto: p,
        ctx: p.ctx,
        state: g.state(),
        ip: g.ip.get(),
        sp: g.sp.get(),
        exc_sp: g.exc_sp.get(),
        // SAFETY: the function keeps its context alive.
        names: unsafe { (*p.ctx).globals },
        region_mark: vm.region_mark(),
        genv,
    };
    let fp = match vm.push_frame(frame) {
        Ok(fp) => fp,
        Err(e) => {
            vm.leave_native();
            return Err(e);
        }
    };
    if started && throw.is_none() {
        // The yielded value's slot receives the sent value.
        // SAFETY: a started generator's stack holds the yielded value.
        unsafe { g.sp.get().sub(1).write(send) };
    }
    g.running.set(true);
    vm.yielded.set(false);
    let r = match throw {
        Some(e) => {
            let e = vm.make_raise(e).0;
            match vm.unwind_pub(e, vm.n_frames() - 1) {
                Ok(()) => vm.execute(),
                Err(e) => Err(e),
            }
        }
        None => vm.execute(),
    };
    let _ = fp;
    g.running.set(false);
    vm.leave_native();
    match r {
        Ok(v) => {
            if vm.yielded.replace(false) {
                Ok(Resumed::Yield(v))
            } else {
                g.ip.set(core::ptr::null());
                Ok(Resumed::Return(v))
            }
        }
        Err(e) => {
            g.ip.set(core::ptr::null());
            if exc::exception_matches(rt, e, &exc::STOP_ITERATION) {
                // PEP 479: a `StopIteration` must not escape a generator
                // frame, where it would silently end the caller's loop.
                let r = rt.error(
                    &exc::RUNTIME_ERROR,
                    format_args!("generator raised StopIteration"),
                );
                if let Some(x) = rt.downcast::<exc::ExcObj>(r.0)
                    && vm.is_heap(r.0)
                {
                    x.cause.set(e.0);
                    x.context.set(e.0);
                }
                return Err(r);
            }
            Err(e)
        }
    }
}

/// `gen.throw(e)` while `gen` is in `yield from sub`: as CPython, a
/// `GeneratorExit` closes `sub` and is then raised in `gen`; another
/// exception goes to `sub.throw` when `sub` has one.
fn throw_into_delegate(vm: &Vm, sub: Value, e: Value) -> PyResult<Resumed> {
    let rt = vm.rt();
    let is_exit = match rt.downcast::<Type>(e) {
        Some(t) => t.is_subtype_of(&exc::GENERATOR_EXIT),
        None => exc::exception_matches(rt, Exc(e), &exc::GENERATOR_EXIT),
    };
    if is_exit {
        if rt.downcast::<GenObj>(sub).is_some() {
            gen_close(rt, sub)?;
        } else if let Some(close) = rt.try_load_attr(sub, q::close)? {
            vm.call_value(close, &[], &[])?;
        }
        return Err(vm.make_raise(e));
    }
    if rt.downcast::<GenObj>(sub).is_some() {
        return resume(vm, sub, Value::NONE, Some(e));
    }
    let Some(throw) = rt.try_load_attr(sub, q::throw)? else {
        return Err(vm.make_raise(e));
    };
    match vm.call_value(throw, &[e], &[]) {
        Ok(v) => Ok(Resumed::Yield(v)),
        Err(x) if exc::exception_matches(rt, x, &exc::STOP_ITERATION) => {
            Ok(Resumed::Return(stop_value(rt, x.0)))
        }
        Err(x) => Err(x),
    }
}

/// `yield from it` / `await`: one step of any iterator.
pub(crate) fn resume_any(vm: &Vm, it: Value, send: Value) -> PyResult<Resumed> {
    let rt = vm.rt();
    if rt.downcast::<GenObj>(it).is_some() {
        return resume(vm, it, send, None);
    }
    if !send.is_none() {
        let r = vm.call_method_by_name(it, q::send, &[send]);
        return match r {
            Ok(v) => Ok(Resumed::Yield(v)),
            Err(e) if exc::exception_matches(rt, e, &exc::STOP_ITERATION) => {
                Ok(Resumed::Return(stop_value(rt, e.0)))
            }
            Err(e) => Err(e),
        };
    }
    // A class's `__next__` may end with `StopIteration(value)`, whose value
    // `yield from` returns; the iterator protocol's `Ok(None)` drops it.
    if rt.type_of(it).flags.contains(TypeFlags::HEAP)
        && let Some(next) = rt.try_load_attr(it, q::__next__)?
    {
        return match vm.call_value(next, &[], &[]) {
            Ok(v) => Ok(Resumed::Yield(v)),
            Err(e) if exc::exception_matches(rt, e, &exc::STOP_ITERATION) => {
                Ok(Resumed::Return(stop_value(rt, e.0)))
            }
            Err(e) => Err(e),
        };
    }
    match rt.iter_next(it)? {
        Some(v) => Ok(Resumed::Yield(v)),
        None => Ok(Resumed::Return(Value::NONE)),
    }
}

fn stop_value(rt: &Rt, e: Value) -> Value {
    rt.downcast::<exc::ExcObj>(e)
        .and_then(|x| x.args(rt).first().copied())
        .unwrap_or(Value::NONE)
}

fn vm_of(rt: &Rt, genv: Value) -> PyResult<&Vm> {
    match rt.downcast::<GenObj>(genv) {
        // SAFETY: the generator's function keeps the VM reachable; the VM
        // outlives every object in its heap.
        Some(g) => Ok(unsafe { &*(g.fun().vm() as *const Vm) }),
        None => Err(rt.type_error(format_args!("not a generator"))),
    }
}

fn stop_iteration(rt: &Rt, v: Value) -> Exc {
    let args: &[Value] = if v.is_none() {
        &[]
    } else {
        core::slice::from_ref(&v)
    };
    match exc::new_exception(rt, &exc::STOP_ITERATION, args) {
        Ok(e) => Exc(e),
        Err(e) => e,
    }
}

fn gen_iternext(rt: &Rt, genv: Value) -> PyResult<Option<Value>> {
    let vm = vm_of(rt, genv)?;
    match resume(vm, genv, Value::NONE, None)? {
        Resumed::Yield(v) => Ok(Some(v)),
        Resumed::Return(_) => Ok(None),
    }
}

fn gen_send(rt: &Rt, genv: Value, v: Value) -> PyResult {
    let vm = vm_of(rt, genv)?;
    match resume(vm, genv, v, None)? {
        Resumed::Yield(v) => Ok(v),
        Resumed::Return(r) => Err(stop_iteration(rt, r)),
    }
}

fn gen_throw(rt: &Rt, args: &[Value]) -> PyResult {
    let vm = vm_of(rt, args[0])?;
    let e = match args.get(2) {
        Some(&v) if !v.is_none() => v,
        _ => args[1],
    };
    match resume(vm, args[0], Value::NONE, Some(e))? {
        Resumed::Yield(v) => Ok(v),
        Resumed::Return(r) => Err(stop_iteration(rt, r)),
    }
}

fn gen_close(rt: &Rt, genv: Value) -> PyResult {
    let vm = vm_of(rt, genv)?;
    let g = rt
        .downcast::<GenObj>(genv)
        .ok_or_else(|| rt.memory_error())?;
    if g.ip.get().is_null() {
        return Ok(Value::NONE);
    }
    let ty = crate::interp::type_to_value(&exc::GENERATOR_EXIT);
    match resume(vm, genv, Value::NONE, Some(ty)) {
        Ok(Resumed::Yield(_)) => Err(rt.error(
            &exc::RUNTIME_ERROR,
            format_args!("generator ignored GeneratorExit"),
        )),
        Ok(Resumed::Return(_)) => Ok(Value::NONE),
        Err(e)
            if exc::exception_matches(rt, e, &exc::GENERATOR_EXIT)
                || exc::exception_matches(rt, e, &exc::STOP_ITERATION) =>
        {
            Ok(Value::NONE)
        }
        Err(e) => Err(e),
    }
}

fn gen_next(rt: &Rt, genv: Value) -> PyResult {
    gen_send(rt, genv, Value::NONE)
}

/// `next(g)` without a default: a generator's return value must reach the
/// `StopIteration` it raises, which the iterator protocol's `Ok(None)` drops.
/// `None` when `it` is not a generator.
pub(crate) fn next_of_generator(rt: &Rt, it: Value) -> Option<PyResult> {
    rt.downcast::<GenObj>(it)?;
    Some(gen_next(rt, it))
}

static SEND_FN: BuiltinFn = BuiltinFn::new(q::send, NativeFn::F2(gen_send));
static NEXT_FN: BuiltinFn = BuiltinFn::new(q::__next__, NativeFn::F1(gen_next));
static THROW_FN: BuiltinFn = BuiltinFn::new(
    q::throw,
    NativeFn::Var {
        min: 2,
        max: 4,
        f: gen_throw,
    },
);
static CLOSE_FN: BuiltinFn = BuiltinFn::new(q::close, NativeFn::F1(gen_close));

fn gen_attr(_rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let AttrOp::Load(dest) = op else {
        return Ok(false);
    };
    let f = match name {
        q::send => &SEND_FN,
        q::throw => &THROW_FN,
        q::close => &CLOSE_FN,
        q::__next__ => &NEXT_FN,
        _ => return Ok(false),
    };
    dest[0] = Value::from_static(f);
    dest[1] = this;
    Ok(true)
}

fn gen_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let name = rt
        .downcast::<GenObj>(this)
        .map_or(q::generator, |g| g.fun().proto().name);
    out.put(b"<generator object '")?;
    out.put(rt.qstr_text(name))?;
    out.put(b"' at ")?;
    let mut buf = [0u8; 24];
    out.put(crate::func::hex_addr(&mut buf, rt.id(this)))?;
    out.put(b">")
}

static GEN_SLOTS: Slots = Slots {
    iternext: Some(gen_iternext),
    attr: Some(gen_attr),
    print: Some(gen_print),
    ..Slots::EMPTY
};

/// `generator`.
pub(crate) static GEN_TYPE: Type = vm_type(
    q::generator,
    TypeFlags::EQ_IS_IDENTITY,
    &GEN_TYPE,
    &GEN_SLOTS,
);
