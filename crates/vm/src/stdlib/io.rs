//! `io` (`uio`): the in-memory streams `StringIO` and `BytesIO`.
//!
//! Both keep their contents in one growable no-scan heap block. Positions
//! count bytes, as in MicroPython (for ASCII text the same as CPython's
//! character positions). Supported: `write`, `read([n])`,
//! `readline([n])`, `readlines()`, `getvalue()`, `seek(pos[, whence])`,
//! `tell()`, `flush()`, `close()`, `closed`, iteration by lines and `with`.

use core::cell::Cell;
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{AttrOp, ObjHeader, Object, PrintKind, Slots, Type, TypeFlags};
use pyrite_obj::types::function::NativeFn;
use pyrite_obj::types::list::new_list;
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE, bytes_like, str_text};
use pyrite_obj::{Args, PyResult, Qstr, Rt, Sink, Value, q, rom_method};

use super::{int_value, set, to_i64, type_name};
use crate::interp::type_to_value;
use crate::load::obj_value;
use crate::vm::Vm;

/// A `StringIO` or `BytesIO`.
#[repr(C)]
struct IoObj {
    header: ObjHeader,
    /// The contents: a no-scan heap block of `cap` bytes, or null.
    data: Cell<*mut u8>,
    len: Cell<usize>,
    cap: Cell<usize>,
    pos: Cell<usize>,
    closed: Cell<bool>,
}

// SAFETY: `#[repr(C)]` with the header first; `STRINGIO_TYPE` owns the
// layout, which `BYTESIO_TYPE` shares (its native type).
unsafe impl Object for IoObj {
    const TYPE: &'static Type = &STRINGIO_TYPE;
}

impl IoObj {
    fn bytes(&self) -> &[u8] {
        let p = self.data.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: `data` holds `cap >= len` bytes; callers do not keep the
        // slice across a change of the buffer.
        unsafe { core::slice::from_raw_parts(p, self.len.get()) }
    }

    fn reserve(&self, rt: &Rt, need: usize) -> PyResult<()> {
        if need <= self.cap.get() {
            return Ok(());
        }
        let cap = need.max(self.cap.get() * 2).max(16);
        let data = match NonNull::new(self.data.get()) {
            Some(old) => rt.realloc(old, cap, true)?,
            None => rt.alloc(cap, AllocFlags::NO_SCAN)?,
        };
        self.data.set(data.as_ptr());
        self.cap
            .set(rt.heap().alloc_size(data.as_ptr()).unwrap_or(cap));
        Ok(())
    }

    /// Writes `src` at the position (zero-filling any gap past the end).
    fn write_at_pos(&self, rt: &Rt, src: &[u8]) -> PyResult<()> {
        let pos = self.pos.get();
        let end = pos
            .checked_add(src.len())
            .ok_or_else(|| rt.memory_error())?;
        self.reserve(rt, end)?;
        let p = self.data.get();
        if p.is_null() {
            return Ok(());
        }
        let len = self.len.get();
        // SAFETY: the buffer holds at least `end` bytes after `reserve`;
        // `src` is another object's bytes (copied out by the caller when it
        // could be this buffer).
        unsafe {
            if pos > len {
                core::ptr::write_bytes(p.add(len), 0, pos - len);
            }
            core::ptr::copy_nonoverlapping(src.as_ptr(), p.add(pos), src.len());
        }
        self.pos.set(end);
        if end > len {
            self.len.set(end);
        }
        Ok(())
    }
}

fn is_bytes_io(rt: &Rt, v: Value) -> bool {
    core::ptr::eq(rt.type_of(v), &BYTESIO_TYPE)
}

/// The stream, or `ValueError` when it is closed.
fn open_this(rt: &Rt, v: Value) -> PyResult<&IoObj> {
    let io = rt
        .downcast::<IoObj>(v)
        .ok_or_else(|| rt.type_error(format_args!("descriptor requires a stream")))?;
    if io.closed.get() {
        return Err(rt.value_error(format_args!("I/O operation on closed file")));
    }
    Ok(io)
}

/// A `str` or `bytes` of the stream's kind.
fn new_of_kind(rt: &Rt, this: Value, bytes: &[u8]) -> PyResult {
    let ty = if is_bytes_io(rt, this) {
        &BYTES_TYPE
    } else {
        &STR_TYPE
    };
    pyrite_obj::types::str::new_str(rt, ty, bytes)
}

fn io_make_new(rt: &Rt, ty: &Type, args: Args<'_>) -> PyResult {
    let bytes_kind = core::ptr::eq(ty, &BYTESIO_TYPE);
    if args.pos.len() > 1 {
        return Err(rt.type_error(format_args!(
            "{}() takes at most 1 argument ({} given)",
            rt.qstr_display(ty.name),
            args.pos.len()
        )));
    }
    let mut initial = args.pos.first().copied();
    for (k, v) in args.kw_pairs() {
        match k.as_qstr() {
            Some(q::initial_value | q::initial_bytes) => initial = Some(v),
            _ => {
                return Err(rt.type_error(format_args!(
                    "{}() got an unexpected keyword argument",
                    rt.qstr_display(ty.name)
                )));
            }
        }
    }
    let p = rt
        .alloc(size_of::<IoObj>(), AllocFlags::NONE)?
        .cast::<IoObj>();
    let header = if bytes_kind {
        ObjHeader::new(&BYTESIO_TYPE)
    } else {
        ObjHeader::new(&STRINGIO_TYPE)
    };
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        p.as_ptr().write(IoObj {
            header,
            data: Cell::new(core::ptr::null_mut()),
            len: Cell::new(0),
            cap: Cell::new(0),
            pos: Cell::new(0),
            closed: Cell::new(false),
        })
    };
    let v = obj_value(p);
    if let Some(init) = initial.filter(|i| !i.is_none()) {
        let io = open_this(rt, v)?;
        let src = initial_bytes(rt, init, bytes_kind)?;
        io.write_at_pos(rt, src)?;
        io.pos.set(0);
    }
    Ok(v)
}

/// The bytes of a value written to a stream of this kind.
fn initial_bytes(rt: &Rt, v: Value, bytes_kind: bool) -> PyResult<&[u8]> {
    if bytes_kind {
        match bytes_like(rt, v) {
            Some(t) => Ok(t.bytes),
            None => Err(rt.type_error(format_args!(
                "a bytes-like object is required, not '{}'",
                type_name(rt, v)
            ))),
        }
    } else {
        match str_text(rt, v) {
            Some(t) => Ok(t.bytes),
            None => Err(rt.type_error(format_args!(
                "string argument expected, got '{}'",
                type_name(rt, v)
            ))),
        }
    }
}

fn io_write(rt: &Rt, this: Value, s: Value) -> PyResult {
    let io = open_this(rt, this)?;
    let bytes_kind = is_bytes_io(rt, this);
    let src = initial_bytes(rt, s, bytes_kind)?;
    // A bytearray source may be moved by nothing here, but copy when the
    // source could alias this buffer (it never does: it is another object).
    let n = if bytes_kind {
        src.len()
    } else {
        core::str::from_utf8(src).map_or(src.len(), |t| t.chars().count())
    };
    io.write_at_pos(rt, src)?;
    int_value(rt, n as i64)
}

/// The number of bytes that `n` items (characters for text) take from the
/// position; negative means "to the end".
fn span(io: &IoObj, n: i64, text: bool) -> usize {
    let rest = io.bytes().get(io.pos.get()..).unwrap_or(&[]);
    if n < 0 {
        return rest.len();
    }
    let n = n as usize;
    if !text {
        return n.min(rest.len());
    }
    // Count characters: continuation bytes do not start one.
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

fn size_arg(rt: &Rt, args: &[Value]) -> PyResult<i64> {
    match args.get(1) {
        None => Ok(-1),
        Some(v) if v.is_none() => Ok(-1),
        Some(&v) => to_i64(rt, v),
    }
}

fn io_read(rt: &Rt, args: &[Value]) -> PyResult {
    let this = args[0];
    let io = open_this(rt, this)?;
    let n = size_arg(rt, args)?;
    let text = !is_bytes_io(rt, this);
    let k = span(io, n, text);
    let pos = io.pos.get().min(io.len.get());
    let end = pos + k;
    let out = new_of_kind(rt, this, io.bytes().get(pos..end).unwrap_or(&[]))?;
    io.pos.set(end.max(io.pos.get()));
    Ok(out)
}

/// The end of the line starting at the position (after its `\n`), limited
/// to `n` items when `n >= 0`.
fn line_end(io: &IoObj, n: i64, text: bool) -> usize {
    let pos = io.pos.get().min(io.len.get());
    let limit = pos + span(io, n, text);
    let bytes = io.bytes();
    match bytes[pos..limit].iter().position(|&b| b == b'\n') {
        Some(i) => pos + i + 1,
        None => limit,
    }
}

fn io_readline(rt: &Rt, args: &[Value]) -> PyResult {
    let this = args[0];
    let io = open_this(rt, this)?;
    let n = size_arg(rt, args)?;
    let pos = io.pos.get().min(io.len.get());
    let end = line_end(io, n, !is_bytes_io(rt, this));
    let out = new_of_kind(rt, this, io.bytes().get(pos..end).unwrap_or(&[]))?;
    io.pos.set(end.max(io.pos.get()));
    Ok(out)
}

fn io_readlines(rt: &Rt, this: Value) -> PyResult {
    let list = new_list(rt, &[])?;
    let Some(l) = rt.downcast::<pyrite_obj::types::list::List>(list) else {
        return Ok(list);
    };
    loop {
        let line = io_readline(rt, &[this])?;
        if rt.len(line)? == 0 {
            return Ok(list);
        }
        l.push(rt, line)?;
    }
}

fn io_getvalue(rt: &Rt, this: Value) -> PyResult {
    let io = open_this(rt, this)?;
    new_of_kind(rt, this, io.bytes())
}

fn io_seek(rt: &Rt, args: &[Value]) -> PyResult {
    let this = args[0];
    let io = open_this(rt, this)?;
    let offset = to_i64(rt, args[1])?;
    let whence = match args.get(2) {
        Some(&w) => to_i64(rt, w)?,
        None => 0,
    };
    let text = !is_bytes_io(rt, this);
    let base = match whence {
        0 => 0,
        1 | 2 if text && offset != 0 => {
            return Err(rt.error(
                &pyrite_obj::types::exc::OS_ERROR,
                format_args!(
                    "Can't do nonzero {} seeks",
                    if whence == 1 {
                        "cur-relative"
                    } else {
                        "end-relative"
                    }
                ),
            ));
        }
        1 => io.pos.get() as i64,
        2 => io.len.get() as i64,
        _ => {
            return Err(rt.value_error(format_args!(
                "invalid whence ({whence}, should be 0, 1 or 2)"
            )));
        }
    };
    if whence == 0 && offset < 0 {
        return Err(rt.value_error(format_args!("negative seek value {offset}")));
    }
    let pos = base.saturating_add(offset).max(0);
    io.pos.set(pos as usize);
    int_value(rt, pos)
}

fn io_tell(rt: &Rt, this: Value) -> PyResult {
    let io = open_this(rt, this)?;
    int_value(rt, io.pos.get() as i64)
}

fn io_flush(rt: &Rt, this: Value) -> PyResult {
    open_this(rt, this)?;
    Ok(Value::NONE)
}

fn io_close(rt: &Rt, this: Value) -> PyResult {
    if let Some(io) = rt.downcast::<IoObj>(this) {
        io.closed.set(true);
        if let Some(p) = NonNull::new(io.data.replace(core::ptr::null_mut())) {
            rt.heap().free(p);
        }
        io.len.set(0);
        io.cap.set(0);
        io.pos.set(0);
    }
    Ok(Value::NONE)
}

fn io_enter(_rt: &Rt, this: Value) -> PyResult {
    Ok(this)
}

fn io_exit(rt: &Rt, args: &[Value]) -> PyResult {
    io_close(rt, args[0])?;
    Ok(Value::NONE)
}

fn io_attr(rt: &Rt, this: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    if name != q::closed {
        return Ok(false);
    }
    match op {
        AttrOp::Load(dest) => {
            let closed = rt.downcast::<IoObj>(this).is_some_and(|io| io.closed.get());
            dest[0] = Value::bool(closed);
            Ok(true)
        }
        _ => Ok(false),
    }
}

fn io_iter(rt: &Rt, this: Value) -> PyResult {
    open_this(rt, this)?;
    Ok(this)
}

fn io_iternext(rt: &Rt, this: Value) -> PyResult<Option<Value>> {
    let line = io_readline(rt, &[this])?;
    if rt.len(line)? == 0 {
        Ok(None)
    } else {
        Ok(Some(line))
    }
}

fn io_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    out.put(b"<io.")?;
    out.put(rt.qstr_text(rt.type_of(this).name))?;
    out.put(b" object>")
}

static IO_SLOTS: Slots = Slots {
    make_new: Some(io_make_new),
    print: Some(io_print),
    attr: Some(io_attr),
    iter: Some(io_iter),
    iternext: Some(io_iternext),
    ..Slots::EMPTY
};

static IO_METHODS: [(Qstr, Value); 12] = super::sort_methods([
    rom_method!(write, NativeFn::F2(io_write)),
    rom_method!(
        read,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: io_read
        }
    ),
    rom_method!(
        readline,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: io_readline
        }
    ),
    rom_method!(readlines, NativeFn::F1(io_readlines)),
    rom_method!(getvalue, NativeFn::F1(io_getvalue)),
    rom_method!(
        seek,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: io_seek
        }
    ),
    rom_method!(tell, NativeFn::F1(io_tell)),
    rom_method!(flush, NativeFn::F1(io_flush)),
    rom_method!(close, NativeFn::F1(io_close)),
    rom_method!(__enter__, NativeFn::F1(io_enter)),
    rom_method!(
        __exit__,
        NativeFn::Var {
            min: 1,
            max: 4,
            f: io_exit
        }
    ),
    rom_method!(__iter__, NativeFn::F1(io_enter)),
]);
const _: () = assert!(
    pyrite_obj::object::methods_sorted(&IO_METHODS),
    "IO_METHODS must be sorted by qstr"
);

/// `io.StringIO`.
pub(crate) static STRINGIO_TYPE: Type = Type {
    methods: &IO_METHODS,
    ..crate::func::vm_type(
        q::StringIO,
        TypeFlags::EQ_IS_IDENTITY,
        &STRINGIO_TYPE,
        &IO_SLOTS,
    )
};

/// `io.BytesIO` (the same layout as `StringIO`).
pub(crate) static BYTESIO_TYPE: Type = Type {
    methods: &IO_METHODS,
    ..crate::func::vm_type(
        q::BytesIO,
        TypeFlags::EQ_IS_IDENTITY,
        &STRINGIO_TYPE,
        &IO_SLOTS,
    )
};

/// Fills the `io` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    set(rt, dict, q::StringIO, type_to_value(&STRINGIO_TYPE))?;
    set(rt, dict, q::BytesIO, type_to_value(&BYTESIO_TYPE))?;
    Ok(())
}
