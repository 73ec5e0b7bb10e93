//! `memoryview`: a window on another object's bytes, made without copying.
//!
//! A view is four words (one block on the boards and hosts): the header, the
//! *base* object whose buffer it shows, a byte offset into that buffer and a
//! length in items. It keeps the base alive by pointing at the base's start,
//! as the collector requires (never into the middle of an allocation), and
//! re-asks the base for its buffer on every access, so a view over a
//! `bytearray` that has since been resized or shrunk stays memory-safe: items
//! past the base's current end are simply not there any more. A base whose
//! buffer lies outside the GC heap (a `bytes` object in flash) is not traced,
//! so a view over ROM data reads flash in place.
//!
//! Items are typed by the base's buffer typecode (`'B'` for `bytes` and
//! `bytearray`, the array's own for `array`). Slicing makes a new view over
//! the same base; only step 1 is supported, as in MicroPython.
//!
//! The type is the `memoryview` feature; the buffer protocol it is built on
//! ([`super::buffer`]) is always there.

use core::ptr::NonNull;

use pyrite_gc::AllocFlags;

use crate::args::Args;
use crate::error::PyResult;
use crate::object::{
    AttrOp, Buffer, ObjHeader, Object, PrintKind, Slots, SubscrOp, Type, TypeFlags, methods_sorted,
};
use crate::ops::{BinaryOp, UnaryOp};
use crate::qstr::{Qstr, q};
use crate::rt::Rt;
use crate::sink::{FmtSink, Sink};
use crate::value::Value;

use super::buffer::{ItemError, buffer_bytes, get_buffer, load_item, store_item, typecode_size};
use super::exc;
use super::function::NativeFn;
use super::num;
use super::slice::Slice;
use super::str::{BYTES_TYPE, int_value, new_str, sort_methods, type_name};

// ----- the object --------------------------------------------------------------------

/// A memoryview.
#[repr(C)]
pub struct MemoryView {
    header: ObjHeader,
    /// The exporting object; never itself a memoryview.
    base: Value,
    /// Byte offset of the view's first item in the base's buffer.
    offset: usize,
    /// Number of items.
    len: usize,
}

// Four words, one block: MicroPython's memoryview is the same size.
#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<MemoryView>() == 16);

// SAFETY: `#[repr(C)]` with the header first; `MEMORYVIEW_TYPE` owns it.
unsafe impl Object for MemoryView {
    const TYPE: &'static Type = &MEMORYVIEW_TYPE;
}

/// The part of the base's buffer a view shows, as of now.
#[derive(Clone, Copy)]
struct Window {
    ptr: NonNull<u8>,
    /// Items visible (the view's length, cut to the base's current size).
    len: usize,
    itemsize: usize,
    typecode: u8,
    writable: bool,
}

impl Window {
    fn nbytes(&self) -> usize {
        self.len * self.itemsize
    }

    /// The bytes; valid until the base changes.
    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` points `offset` bytes into the base's buffer and
        // `len * itemsize` bytes from there are within it (`window` cut the
        // length to fit); valid while the base does not change, which the
        // callers do not allow within a slot.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.nbytes()) }
    }

    fn item(&self, i: usize) -> &[u8] {
        &self.bytes()[i * self.itemsize..(i + 1) * self.itemsize]
    }
}

impl MemoryView {
    /// The exporting object.
    pub fn base(&self) -> Value {
        self.base
    }

    fn window(&self, rt: &Rt) -> Window {
        let buf = get_buffer(rt, self.base);
        let (ptr, avail, typecode, writable) = match buf {
            Some(b) => (b.ptr, b.len, b.typecode, b.writable),
            None => (NonNull::dangling(), 0, b'B', false),
        };
        let itemsize = typecode_size(typecode).unwrap_or(1);
        if self.offset > avail {
            return Window {
                ptr,
                len: 0,
                itemsize,
                typecode,
                writable,
            };
        }
        let len = self.len.min((avail - self.offset) / itemsize);
        // SAFETY: `offset <= avail`, so the result is within (or one past
        // the end of) the base's buffer.
        let ptr = unsafe { ptr.add(self.offset) };
        Window {
            ptr,
            len,
            itemsize,
            typecode,
            writable,
        }
    }
}

fn alloc_view(rt: &Rt, base: Value, offset: usize, len: usize) -> PyResult {
    let obj = rt
        .alloc(size_of::<MemoryView>(), AllocFlags::NONE)?
        .cast::<MemoryView>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(MemoryView {
            header: ObjHeader::new(&MEMORYVIEW_TYPE),
            base,
            offset,
            len,
        });
        Ok(Value::from_object(obj.cast()))
    }
}

/// `memoryview(obj)`: a view of all of `obj`'s buffer (a view of a view
/// shows the same base). `TypeError` when `obj` has no buffer.
pub fn new_memoryview(rt: &Rt, obj: Value) -> PyResult {
    if let Some(mv) = rt.downcast::<MemoryView>(obj) {
        let w = mv.window(rt);
        return alloc_view(rt, mv.base, mv.offset, w.len);
    }
    let Some(buf) = get_buffer(rt, obj) else {
        return Err(rt.type_error(format_args!(
            "memoryview: a bytes-like object is required, not '{}'",
            type_name(rt, obj)
        )));
    };
    let itemsize = typecode_size(buf.typecode).unwrap_or(1);
    alloc_view(rt, obj, 0, buf.len / itemsize)
}

fn this(rt: &Rt, v: Value) -> PyResult<&MemoryView> {
    rt.downcast::<MemoryView>(v).ok_or_else(|| {
        rt.type_error(format_args!(
            "descriptor requires a 'memoryview' object but received a '{}'",
            type_name(rt, v)
        ))
    })
}

fn mv_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let mut obj = args.pos.first().copied();
    for (k, v) in args.kw_pairs() {
        if k.as_qstr() == Some(q::object) && obj.is_none() {
            obj = Some(v);
        } else {
            return Err(rt.type_error(format_args!(
                "memoryview() got an unexpected keyword argument"
            )));
        }
    }
    match (obj, args.pos.len()) {
        (Some(obj), 0 | 1) => new_memoryview(rt, obj),
        (None, _) => Err(rt.type_error(format_args!(
            "memoryview() missing required argument 'object' (pos 1)"
        ))),
        (_, n) => Err(rt.type_error(format_args!(
            "memoryview() takes at most 1 argument ({n} given)"
        ))),
    }
}

fn mv_print(rt: &Rt, v: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let mut f = FmtSink::new(out);
    let r = core::fmt::Write::write_fmt(&mut f, format_args!("<memory at 0x{:x}>", rt.id(v)));
    f.finish(r)
}

fn mv_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let w = this(rt, v)?.window(rt);
    Ok(match op {
        UnaryOp::Len => Some(int_value(w.len)),
        UnaryOp::Bool => Some(Value::bool(w.len != 0)),
        _ => None,
    })
}

/// Whether two buffers hold equal items (by value, so views of different
/// typecodes compare as CPython's do).
fn buffers_equal(rt: &Rt, a: &Window, b: Buffer) -> PyResult<bool> {
    let bsize = typecode_size(b.typecode).unwrap_or(1);
    if a.len != b.len / bsize {
        return Ok(false);
    }
    // SAFETY: `b` was just exported and is dropped within this call, during
    // which no Python code runs.
    let bb = unsafe { buffer_bytes(&b) };
    let float = |tc: u8| tc == b'f' || tc == b'd';
    if a.typecode == b.typecode && !float(a.typecode) {
        return Ok(a.bytes() == &bb[..a.nbytes()]);
    }
    for i in 0..a.len {
        let x = load_item(rt, a.typecode, a.item(i))?;
        let y = load_item(rt, b.typecode, &bb[i * bsize..(i + 1) * bsize])?;
        if !rt.equal(x, y)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn mv_binary(rt: &Rt, op: BinaryOp, a: Value, b: Value) -> PyResult<Option<Value>> {
    let w = this(rt, a)?.window(rt);
    match op {
        BinaryOp::Equal | BinaryOp::NotEqual => {
            let eq = match rt.downcast::<MemoryView>(b) {
                Some(other) => {
                    let o = other.window(rt);
                    let buf = Buffer {
                        ptr: o.ptr,
                        len: o.nbytes(),
                        writable: o.writable,
                        typecode: o.typecode,
                    };
                    buffers_equal(rt, &w, buf)?
                }
                None => match get_buffer(rt, b) {
                    Some(buf) => buffers_equal(rt, &w, buf)?,
                    None => false,
                },
            };
            Ok(Some(Value::bool(eq == (op == BinaryOp::Equal))))
        }
        _ => Ok(None),
    }
}

/// An item index (int or bool), resolved against `len`.
fn index_of(rt: &Rt, index: Value, len: usize) -> PyResult<usize> {
    let Some(i) = num::int_view(rt, index) else {
        return Err(rt.type_error(format_args!("memoryview: invalid slice key")));
    };
    let n = len as i64;
    let i = match i.to_i64() {
        Some(i) if i < 0 => i + n,
        Some(i) => i,
        None => -1,
    };
    if i < 0 || i >= n {
        return Err(rt.error(
            &exc::INDEX_ERROR,
            format_args!("index out of bounds on dimension 1"),
        ));
    }
    Ok(i as usize)
}

/// The `TypeError`/`ValueError` for a value that cannot be an item.
fn item_error(rt: &Rt, e: ItemError, tc: u8) -> crate::Exc {
    let tc = tc as char;
    match e {
        ItemError::NotInt | ItemError::NotFloat => {
            rt.type_error(format_args!("memoryview: invalid type for format '{tc}'"))
        }
        _ => rt.value_error(format_args!("memoryview: invalid value for format '{tc}'")),
    }
}

fn readonly_error(rt: &Rt) -> crate::Exc {
    rt.type_error(format_args!("cannot modify read-only memory"))
}

fn mv_subscr(rt: &Rt, v: Value, index: Value, op: SubscrOp) -> PyResult {
    let mv = this(rt, v)?;
    let w = mv.window(rt);
    if let SubscrOp::Delete = op {
        return Err(rt.type_error(format_args!("cannot delete memory")));
    }
    if let Some(sl) = rt.downcast::<Slice>(index) {
        let r = sl.indices(rt, w.len)?;
        if r.step != 1 && r.len > 1 {
            return Err(rt.error(
                &exc::NOT_IMPLEMENTED_ERROR,
                format_args!("only slices with step=1 (aka None) are supported"),
            ));
        }
        let start = if r.len == 0 { 0 } else { r.start as usize };
        return match op {
            SubscrOp::Load => alloc_view(rt, mv.base, mv.offset + start * w.itemsize, r.len),
            SubscrOp::Store(value) => {
                if !w.writable {
                    return Err(readonly_error(rt));
                }
                let Some(src) = get_buffer(rt, value) else {
                    return Err(rt.type_error(format_args!(
                        "a bytes-like object is required, not '{}'",
                        type_name(rt, value)
                    )));
                };
                if src.typecode != w.typecode || src.len != r.len * w.itemsize {
                    return Err(rt.value_error(format_args!(
                        "memoryview assignment: lvalue and rvalue have different structures"
                    )));
                }
                // SAFETY: the destination range lies within the window
                // (`start + r.len <= w.len`), which is within the base's
                // writable buffer; the source holds `src.len` bytes; `copy`
                // allows the two to overlap (a view assigned from itself).
                unsafe {
                    core::ptr::copy(
                        src.ptr.as_ptr(),
                        w.ptr.as_ptr().add(start * w.itemsize),
                        src.len,
                    );
                }
                Ok(Value::NONE)
            }
            SubscrOp::Delete => Ok(Value::NONE),
        };
    }
    let i = index_of(rt, index, w.len)?;
    match op {
        SubscrOp::Load => load_item(rt, w.typecode, w.item(i)),
        SubscrOp::Store(value) => {
            if !w.writable {
                return Err(readonly_error(rt));
            }
            let mut item = [0u8; 8];
            let item = &mut item[..w.itemsize.min(8)];
            store_item(rt, w.typecode, value, item).map_err(|e| item_error(rt, e, w.typecode))?;
            // The window is re-read: the store above ran no Python code,
            // but stay exact about what is written where.
            let w = mv.window(rt);
            if i < w.len {
                // SAFETY: item `i` lies within the window, which is within
                // the base's writable buffer; `item` is a local array.
                unsafe {
                    core::ptr::copy_nonoverlapping(
                        item.as_ptr(),
                        w.ptr.as_ptr().add(i * w.itemsize),
                        item.len(),
                    );
                }
            }
            Ok(Value::NONE)
        }
        SubscrOp::Delete => Ok(Value::NONE),
    }
}

fn mv_iter(rt: &Rt, v: Value) -> PyResult {
    this(rt, v)?;
    super::iter::new_index_iter(rt, v, |rt, seq, i| {
        let w = rt.downcast::<MemoryView>(seq)?.window(rt);
        if i >= w.len {
            return None;
        }
        load_item(rt, w.typecode, w.item(i)).ok()
    })
}

fn mv_buffer(rt: &Rt, v: Value) -> Option<Buffer> {
    let w = rt.downcast::<MemoryView>(v)?.window(rt);
    Some(Buffer {
        ptr: w.ptr,
        len: w.nbytes(),
        writable: w.writable,
        typecode: w.typecode,
    })
}

fn mv_attr(rt: &Rt, v: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let Some(mv) = rt.downcast::<MemoryView>(v) else {
        return Ok(false);
    };
    let AttrOp::Load(dest) = op else {
        return Ok(false);
    };
    let w = mv.window(rt);
    dest[0] = match name {
        q::itemsize => int_value(w.itemsize),
        q::nbytes => int_value(w.nbytes()),
        q::readonly => Value::bool(!w.writable),
        q::format => super::str::new_text(rt, &[w.typecode])?,
        q::obj => mv.base,
        _ => return Ok(false),
    };
    Ok(true)
}

fn mv_tobytes(rt: &Rt, v: Value) -> PyResult {
    let w = this(rt, v)?.window(rt);
    new_str(rt, &BYTES_TYPE, w.bytes())
}

fn mv_tolist(rt: &Rt, v: Value) -> PyResult {
    let mv = this(rt, v)?;
    let list = super::list::new_list(rt, &[])?;
    let l = rt
        .downcast::<super::list::List>(list)
        .ok_or_else(|| rt.memory_error())?;
    let mut i = 0;
    loop {
        // Re-read the window per item: appending allocates.
        let w = mv.window(rt);
        if i >= w.len {
            break;
        }
        let x = load_item(rt, w.typecode, w.item(i))?;
        l.push(rt, x)?;
        i += 1;
    }
    Ok(list)
}

#[cfg(feature = "str-extras")]
fn mv_hex(rt: &Rt, args: &[Value]) -> PyResult {
    let b = mv_tobytes(rt, args[0])?;
    let mut a = [b, Value::NONE, Value::NONE];
    a[1..args.len()].copy_from_slice(&args[1..]);
    super::str_methods::hex(rt, &a[..args.len()])
}

static MEMORYVIEW_SLOTS: Slots = Slots {
    make_new: Some(mv_make_new),
    print: Some(mv_print),
    unary_op: Some(mv_unary),
    binary_op: Some(mv_binary),
    attr: Some(mv_attr),
    subscr: Some(mv_subscr),
    iter: Some(mv_iter),
    buffer: Some(mv_buffer),
    ..Slots::EMPTY
};

static MEMORYVIEW_METHODS: [(Qstr, Value); 2 + super::str::STR_EXTRAS] = sort_methods([
    // `hex` as `bytes.hex`: a `str-extras` method.
    #[cfg(feature = "str-extras")]
    rom_method!(
        hex,
        NativeFn::Var {
            min: 1,
            max: 3,
            f: mv_hex
        }
    ),
    rom_method!(tobytes, NativeFn::F1(mv_tobytes)),
    rom_method!(tolist, NativeFn::F1(mv_tolist)),
]);
const _: () = assert!(
    methods_sorted(&MEMORYVIEW_METHODS),
    "MEMORYVIEW_METHODS must be sorted by qstr"
);

/// `memoryview`. Calling it makes a view ([`new_memoryview`]); the VM binds
/// the builtin name to this type.
pub static MEMORYVIEW_TYPE: Type = super::builtin_type(
    q::memoryview,
    TypeFlags::NONE,
    b'h',
    &MEMORYVIEW_TYPE,
    &MEMORYVIEW_SLOTS,
    &MEMORYVIEW_METHODS,
);
