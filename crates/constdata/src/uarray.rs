//! `array` (`uarray`): compact arrays of one numeric type.
//!
//! An [`Array`] is four words pointing to a separately allocated **no-scan**
//! block holding the items in native byte order, so a large array costs the
//! collector nothing to mark and its bytes are lent without copying through
//! the buffer protocol (`memoryview`, `struct.unpack_from`, `readinto`).
//! Items are converted with `pyrite-obj`'s item codecs, the ones
//! `memoryview` uses, so both agree on sizes and ranges.
//!
//! Typecodes `b B h H i I l L q Q f d`, with the target's native sizes (`l`
//! and `L` are 4 bytes on the boards, 8 on 64-bit hosts). Storing a value
//! out of range raises `OverflowError` as CPython does (MicroPython
//! truncates silently).

use core::cell::Cell;
use core::ptr::NonNull;

use pyrite_gc::AllocFlags;
use pyrite_obj::object::{
    AttrOp, Buffer, ObjHeader, Object, PrintKind, Slots, SubscrOp, Type, TypeFlags, methods_sorted,
};
use pyrite_obj::types::buffer::{ItemError, load_item, store_item, typecode_size};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::NativeFn;
use pyrite_obj::types::iter::new_index_iter;
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::types::num;
use pyrite_obj::types::slice::{Slice, SliceIndices};
use pyrite_obj::types::str::{BYTES_TYPE, new_str, new_text, str_text};
use pyrite_obj::{Args, BinaryOp, Exc, PyResult, Qstr, Rt, Sink, UnaryOp, Value, q, rom_method};

use crate::util::{self, bytes_of, int_arg, type_name};

/// The typecodes `array` accepts.
pub const TYPECODES: &[u8] = b"bBhHiIlLqQfd";

/// An array.
#[repr(C)]
pub struct Array {
    header: ObjHeader,
    typecode: usize,
    /// Number of items.
    len: Cell<usize>,
    /// The items: a no-scan heap block (null while there is none).
    data: Cell<*mut u8>,
}

// Four words, one block, as MicroPython's array object.
#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<Array>() == 16);

// SAFETY: `#[repr(C)]` with the header first; `ARRAY_TYPE` owns it.
unsafe impl Object for Array {
    const TYPE: &'static Type = &ARRAY_TYPE;
}

impl Array {
    /// The typecode.
    pub fn typecode(&self) -> u8 {
        self.typecode as u8
    }

    /// Bytes per item.
    pub fn itemsize(&self) -> usize {
        typecode_size(self.typecode()).unwrap_or(1)
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.len.get()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    /// The items' bytes. Valid until the array is next changed: callers do
    /// not hold it across a mutation or a call into Python code.
    pub fn bytes(&self) -> &[u8] {
        let p = self.data.get();
        if p.is_null() {
            return &[];
        }
        // SAFETY: `data` holds at least `len * itemsize` bytes (`reserve`).
        unsafe { core::slice::from_raw_parts(p, self.len.get() * self.itemsize()) }
    }

    fn item_bytes(&self, i: usize) -> &[u8] {
        let n = self.itemsize();
        &self.bytes()[i * n..(i + 1) * n]
    }

    /// Item `i` as a value.
    pub fn get(&self, rt: &Rt, i: usize) -> PyResult<Option<Value>> {
        if i >= self.len() {
            return Ok(None);
        }
        load_item(rt, self.typecode(), self.item_bytes(i)).map(Some)
    }

    fn capacity(&self, rt: &Rt) -> usize {
        let p = self.data.get();
        if p.is_null() {
            0
        } else {
            rt.heap().alloc_size(p).unwrap_or(0)
        }
    }

    /// Makes room for `extra` more items.
    fn reserve(&self, rt: &Rt, extra: usize) -> PyResult<()> {
        let size = self.itemsize();
        let need = self
            .len()
            .checked_add(extra)
            .and_then(|n| n.checked_mul(size))
            .ok_or_else(|| rt.memory_error())?;
        let cap = self.capacity(rt);
        if need <= cap {
            return Ok(());
        }
        let new_cap = if cap == 0 {
            need
        } else {
            need.max(cap + cap / 2)
        };
        let data = match NonNull::new(self.data.get()) {
            Some(old) => rt.realloc(old, new_cap, true)?,
            None => rt.alloc(new_cap, AllocFlags::NO_SCAN)?,
        };
        self.data.set(data.as_ptr());
        Ok(())
    }

    /// Appends raw item bytes (a whole number of items) that do not point
    /// into this array.
    fn push_bytes(&self, rt: &Rt, bytes: &[u8]) -> PyResult<()> {
        let size = self.itemsize();
        let n = bytes.len() / size;
        self.reserve(rt, n)?;
        let at = self.len() * size;
        // SAFETY: `reserve` made room for `len + n` items; the source is a
        // different allocation (callers copy sources that could alias).
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.data.get().add(at), n * size);
        }
        self.len.set(self.len() + n);
        Ok(())
    }

    /// Appends one value, converted to an item.
    pub fn push(&self, rt: &Rt, v: Value) -> PyResult<()> {
        let mut item = [0u8; 8];
        let item = &mut item[..self.itemsize()];
        store_item(rt, self.typecode(), v, item).map_err(|e| item_error(rt, self.typecode(), e))?;
        self.push_bytes(rt, item)
    }

    /// Overwrites item `i` (`i < len`) with `bytes`.
    fn set_bytes(&self, i: usize, bytes: &[u8]) {
        let size = self.itemsize();
        if i < self.len() && bytes.len() == size {
            // SAFETY: item `i` lies within the `len * size` bytes of `data`;
            // `bytes` is a local item.
            unsafe {
                core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.data.get().add(i * size), size);
            }
        }
    }

    /// Replaces items `start..end` with `new` (raw bytes, a whole number of
    /// items, not aliasing this array).
    fn splice(&self, rt: &Rt, start: usize, end: usize, new: &[u8]) -> PyResult<()> {
        let size = self.itemsize();
        let len = self.len();
        let (start, end) = (start.min(len), end.min(len).max(start.min(len)));
        let removed = end - start;
        let added = new.len() / size;
        if added > removed {
            self.reserve(rt, added - removed)?;
        }
        let p = self.data.get();
        if p.is_null() {
            return Ok(());
        }
        // SAFETY: all ranges are within the buffer's capacity: the tail
        // `end..len` moves to `start + added`, which fits after `reserve`;
        // `new` is a different allocation.
        unsafe {
            core::ptr::copy(
                p.add(end * size),
                p.add((start + added) * size),
                (len - end) * size,
            );
            core::ptr::copy_nonoverlapping(new.as_ptr(), p.add(start * size), added * size);
        }
        self.len.set(len - removed + added);
        Ok(())
    }

    /// Deletes the items a slice selects.
    fn delete_slice(&self, rt: &Rt, r: &SliceIndices) -> PyResult<()> {
        if r.len == 0 {
            return Ok(());
        }
        if r.step == 1 {
            let s = r.start as usize;
            return self.splice(rt, s, s + r.len, &[]);
        }
        let size = self.itemsize();
        let len = self.len();
        let (lo, step) = if r.step > 0 {
            (r.start as usize, r.step as usize)
        } else {
            (r.index(r.len - 1), r.step.unsigned_abs() as usize)
        };
        let p = self.data.get();
        let mut w = lo;
        for i in lo..len {
            let selected = (i - lo).is_multiple_of(step) && (i - lo) / step < r.len;
            if !selected {
                // SAFETY: `w <= i < len`: both items are within the buffer.
                unsafe { core::ptr::copy(p.add(i * size), p.add(w * size), size) };
                w += 1;
            }
        }
        self.len.set(w);
        Ok(())
    }
}

fn alloc_array(rt: &Rt, typecode: u8) -> PyResult {
    let obj = rt
        .alloc(size_of::<Array>(), AllocFlags::NONE)?
        .cast::<Array>();
    // SAFETY: a fresh allocation of the right size.
    unsafe {
        obj.as_ptr().write(Array {
            header: ObjHeader::new(&ARRAY_TYPE),
            typecode: typecode as usize,
            len: Cell::new(0),
            data: Cell::new(core::ptr::null_mut()),
        });
        Ok(Value::from_object(obj.cast()))
    }
}

/// Makes an array of typecode `typecode` (one of [`TYPECODES`]) holding a
/// copy of `bytes` (native-order items; a trailing partial item is
/// dropped).
pub fn new_array(rt: &Rt, typecode: u8, bytes: &[u8]) -> PyResult {
    if !TYPECODES.contains(&typecode) {
        return Err(bad_typecode(rt));
    }
    let v = alloc_array(rt, typecode)?;
    this(rt, v)?.push_bytes(rt, bytes)?;
    Ok(v)
}

fn bad_typecode(rt: &Rt) -> Exc {
    rt.value_error(format_args!(
        "bad typecode (must be b, B, h, H, i, I, l, L, q, Q, f or d)"
    ))
}

fn this(rt: &Rt, v: Value) -> PyResult<&Array> {
    rt.downcast::<Array>(v).ok_or_else(|| {
        rt.type_error(format_args!(
            "descriptor requires a 'array.array' object but received a '{}'",
            type_name(rt, v)
        ))
    })
}

/// CPython's `OverflowError`/`TypeError` for a value an item cannot hold.
fn item_error(rt: &Rt, tc: u8, e: ItemError) -> Exc {
    let overflow = |msg: &str| rt.error(&exc::OVERFLOW_ERROR, format_args!("{msg}"));
    let name = match tc {
        b'b' => "signed char",
        b'B' => "unsigned byte integer",
        b'h' => "signed short integer",
        b'H' => "unsigned short",
        b'i' => "signed integer",
        b'I' => "unsigned int",
        _ => "",
    };
    match e {
        ItemError::NotInt => rt.type_error(format_args!("array item must be integer")),
        ItemError::NotFloat => rt.type_error(format_args!("must be real number, not float")),
        ItemError::FloatOverflow => overflow("int too large to convert to float"),
        ItemError::TooBig | ItemError::TooSmall => match (tc, e) {
            (b'I' | b'L', ItemError::TooSmall) => {
                overflow("can't convert negative value to unsigned int")
            }
            (b'Q', ItemError::TooSmall) => overflow("can't convert negative int to unsigned"),
            (b'l', _) => overflow("Python int too large to convert to C long"),
            (b'L', _) => overflow("Python int too large to convert to C unsigned long"),
            (b'q' | b'Q', _) => overflow("int too big to convert"),
            (_, ItemError::TooBig) => rt.error(
                &exc::OVERFLOW_ERROR,
                format_args!("{name} is greater than maximum"),
            ),
            _ => rt.error(
                &exc::OVERFLOW_ERROR,
                format_args!("{name} is less than minimum"),
            ),
        },
    }
}

/// Converts `v` to an item of `tc`, with the messages CPython gives for a
/// wrong type.
fn encode(rt: &Rt, tc: u8, v: Value, out: &mut [u8]) -> PyResult<()> {
    match store_item(rt, tc, v, out) {
        Ok(()) => Ok(()),
        Err(ItemError::NotInt) => Err(rt.type_error(format_args!(
            "'{}' object cannot be interpreted as an integer",
            type_name(rt, v)
        ))),
        Err(ItemError::NotFloat) => Err(rt.type_error(format_args!(
            "must be real number, not {}",
            type_name(rt, v)
        ))),
        Err(e) => Err(item_error(rt, tc, e)),
    }
}

/// Appends every item of an iterable (an array's items by value).
fn extend_iterable(rt: &Rt, a: &Array, iterable: Value) -> PyResult<()> {
    let it = rt.get_iter(iterable)?;
    let mut item = [0u8; 8];
    let item = &mut item[..a.itemsize()];
    while let Some(x) = rt.iter_next(it)? {
        encode(rt, a.typecode(), x, item)?;
        a.push_bytes(rt, item)?;
    }
    Ok(())
}

/// Appends another array's items (same typecode), copying first when it is
/// this same array.
fn extend_same(rt: &Rt, a: &Array, other: &Array) -> PyResult<()> {
    if core::ptr::eq(a, other) {
        let n = a.len();
        a.reserve(rt, n)?;
        let size = a.itemsize();
        let p = a.data.get();
        if !p.is_null() {
            // SAFETY: room for `2 * n` items after `reserve`; the source
            // (the first `n` items) and destination do not overlap.
            unsafe { core::ptr::copy_nonoverlapping(p, p.add(n * size), n * size) };
            a.len.set(2 * n);
        }
        return Ok(());
    }
    a.push_bytes(rt, other.bytes())
}

fn array_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    if !args.kw.is_empty() {
        return Err(rt.type_error(format_args!("array.array() takes no keyword arguments")));
    }
    let (tc, init) = match args.pos {
        [tc] => (*tc, None),
        [tc, init] => (*tc, Some(*init)),
        _ => {
            return Err(rt.type_error(format_args!(
                "array() takes at most 2 arguments ({} given)",
                args.pos.len()
            )));
        }
    };
    let code = match str_text(rt, tc) {
        Some(t) if t.bytes.len() == 1 => t.bytes[0],
        Some(t) if core::str::from_utf8(t.bytes).is_ok_and(|s| s.chars().count() == 1) => {
            return Err(bad_typecode(rt));
        }
        _ => {
            return Err(rt.type_error(format_args!(
                "array() argument 1 must be a unicode character, not {}",
                type_name(rt, tc)
            )));
        }
    };
    if !TYPECODES.contains(&code) {
        return Err(bad_typecode(rt));
    }
    let v = alloc_array(rt, code)?;
    let a = this(rt, v)?;
    let Some(init) = init else {
        return Ok(v);
    };
    if str_text(rt, init).is_some() {
        return Err(rt.type_error(format_args!(
            "cannot use a str to initialize an array with typecode '{}'",
            code as char
        )));
    }
    if let Some(t) = pyrite_obj::types::str::bytes_like(rt, init) {
        if t.bytes.len() % a.itemsize() != 0 {
            return Err(rt.value_error(format_args!("bytes length not a multiple of item size")));
        }
        a.push_bytes(rt, t.bytes)?;
        return Ok(v);
    }
    if let Some(other) = rt.downcast::<Array>(init)
        && other.typecode() == code
    {
        extend_same(rt, a, other)?;
        return Ok(v);
    }
    extend_iterable(rt, a, init)?;
    Ok(v)
}

fn array_print(rt: &Rt, v: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let a = this(rt, v)?;
    out.put(b"array('")?;
    out.put(&[a.typecode()])?;
    out.put(b"'")?;
    if a.is_empty() {
        return out.put(b")");
    }
    out.put(b", [")?;
    let mut i = 0;
    while let Some(x) = a.get(rt, i)? {
        if i > 0 {
            out.put(b", ")?;
        }
        rt.print(x, out, PrintKind::Repr)?;
        i += 1;
    }
    out.put(b"])")
}

fn array_unary(rt: &Rt, op: UnaryOp, v: Value) -> PyResult<Option<Value>> {
    let a = this(rt, v)?;
    Ok(match op {
        UnaryOp::Len => Some(num::int_from_u64(rt, a.len() as u64)?),
        UnaryOp::Bool => Some(Value::bool(!a.is_empty())),
        _ => None,
    })
}

fn copy_array(rt: &Rt, a: &Array) -> PyResult {
    let v = alloc_array(rt, a.typecode())?;
    this(rt, v)?.push_bytes(rt, a.bytes())?;
    Ok(v)
}

fn repeat(rt: &Rt, target: &Array, n: i64) -> PyResult<()> {
    let len = target.len();
    if n <= 0 {
        target.len.set(0);
        return Ok(());
    }
    let n = usize::try_from(n).map_err(|_| rt.memory_error())?;
    let total = len.checked_mul(n).ok_or_else(|| rt.memory_error())?;
    target.reserve(rt, total - len)?;
    let size = target.itemsize();
    let p = target.data.get();
    if !p.is_null() {
        for k in 1..n {
            // SAFETY: room for `len * n` items; the first `len` items (the
            // source) and copy `k` (the destination) are disjoint.
            unsafe { core::ptr::copy_nonoverlapping(p, p.add(k * len * size), len * size) };
        }
    }
    target.len.set(total);
    Ok(())
}

fn array_binary(rt: &Rt, op: BinaryOp, l: Value, r: Value) -> PyResult<Option<Value>> {
    let a = this(rt, l)?;
    let other = rt.downcast::<Array>(r);
    match op {
        BinaryOp::Add | BinaryOp::InplaceAdd => {
            let Some(b) = other else {
                let what = if op == BinaryOp::Add {
                    "can only append array"
                } else {
                    "can only extend array with array"
                };
                return Err(rt.type_error(format_args!(
                    "{what} (not \"{}\"){}",
                    type_name(rt, r),
                    if op == BinaryOp::Add { " to array" } else { "" }
                )));
            };
            if b.typecode() != a.typecode() {
                return Err(if op == BinaryOp::Add {
                    rt.type_error(format_args!("bad argument type for built-in operation"))
                } else {
                    rt.type_error(format_args!("can only extend with array of same kind"))
                });
            }
            let target = if op == BinaryOp::Add {
                copy_array(rt, a)?
            } else {
                l
            };
            extend_same(rt, this(rt, target)?, b)?;
            Ok(Some(target))
        }
        BinaryOp::Multiply | BinaryOp::InplaceMultiply => {
            let Some(n) = num::int_view(rt, r) else {
                return Ok(None);
            };
            let n = n.to_i64().unwrap_or(i64::MAX);
            let target = if op == BinaryOp::Multiply {
                copy_array(rt, a)?
            } else {
                l
            };
            repeat(rt, this(rt, target)?, n)?;
            Ok(Some(target))
        }
        BinaryOp::Contains => {
            let mut i = 0;
            while let Some(x) = a.get(rt, i)? {
                if rt.equal(x, r)? {
                    return Ok(Some(Value::TRUE));
                }
                i += 1;
            }
            Ok(Some(Value::FALSE))
        }
        BinaryOp::Equal
        | BinaryOp::NotEqual
        | BinaryOp::Less
        | BinaryOp::LessEqual
        | BinaryOp::More
        | BinaryOp::MoreEqual => {
            let Some(b) = other else {
                return Ok(None);
            };
            let eq = matches!(op, BinaryOp::Equal | BinaryOp::NotEqual);
            if eq && a.len() != b.len() {
                return Ok(Some(Value::bool(op == BinaryOp::NotEqual)));
            }
            if eq && a.typecode() == b.typecode() && !matches!(a.typecode(), b'f' | b'd') {
                let same = a.bytes() == b.bytes();
                return Ok(Some(Value::bool(same == (op == BinaryOp::Equal))));
            }
            let get = |arr: &Array, i| arr.get(rt, i).ok().flatten();
            pyrite_obj::types::sort::compare_sequences(rt, op, |i| get(a, i), |i| get(b, i))
                .map(Some)
        }
        _ => Ok(None),
    }
}

/// An item index (int or bool), resolved against `len`; `None` when out
/// of range.
fn item_index(rt: &Rt, index: Value, len: usize) -> PyResult<Option<usize>> {
    let Some(i) = num::int_view(rt, index) else {
        return Err(rt.type_error(format_args!("array indices must be integers")));
    };
    let n = len as i64;
    let i = match i.to_i64() {
        Some(i) if i < 0 => i + n,
        Some(i) => i,
        None => -1,
    };
    Ok((0..n).contains(&i).then_some(i as usize))
}

fn array_subscr(rt: &Rt, v: Value, index: Value, op: SubscrOp) -> PyResult {
    let a = this(rt, v)?;
    if let Some(sl) = rt.downcast::<Slice>(index) {
        let r = sl.indices(rt, a.len())?;
        return match op {
            SubscrOp::Load => {
                let out = alloc_array(rt, a.typecode())?;
                let o = this(rt, out)?;
                o.reserve(rt, r.len)?;
                for k in 0..r.len {
                    let bytes = a.item_bytes(r.index(k));
                    // Copy the item out: `o` is a different array, but keep
                    // the source borrow short.
                    let mut item = [0u8; 8];
                    item[..bytes.len()].copy_from_slice(bytes);
                    o.push_bytes(rt, &item[..bytes.len()])?;
                }
                Ok(out)
            }
            SubscrOp::Delete => {
                a.delete_slice(rt, &r)?;
                Ok(Value::NONE)
            }
            SubscrOp::Store(value) => {
                let Some(src) = rt.downcast::<Array>(value) else {
                    return Err(rt.type_error(format_args!(
                        "can only assign array (not \"{}\") to array slice",
                        type_name(rt, value)
                    )));
                };
                if src.typecode() != a.typecode() {
                    return Err(
                        rt.type_error(format_args!("bad argument type for built-in operation"))
                    );
                }
                // A snapshot of the source: it may be this same array.
                let snapshot = new_str(rt, &BYTES_TYPE, src.bytes())?;
                let new = rt.str_bytes(snapshot).unwrap_or(&[]);
                if r.step == 1 {
                    let s = r.start as usize;
                    a.splice(rt, s, s + r.len, new)?;
                } else if new.is_empty() {
                    // CPython deletes an extended slice assigned an empty
                    // array.
                    a.delete_slice(rt, &r)?;
                } else {
                    let size = a.itemsize();
                    let n = new.len() / size;
                    if n != r.len {
                        return Err(rt.value_error(format_args!(
                            "attempt to assign array of size {n} to extended slice of size {}",
                            r.len
                        )));
                    }
                    for k in 0..n {
                        a.set_bytes(r.index(k), &new[k * size..(k + 1) * size]);
                    }
                }
                Ok(Value::NONE)
            }
        };
    }
    let i = item_index(rt, index, a.len())?;
    match op {
        SubscrOp::Load => match i {
            Some(i) => load_item(rt, a.typecode(), a.item_bytes(i)),
            None => Err(rt.error(&exc::INDEX_ERROR, format_args!("array index out of range"))),
        },
        SubscrOp::Store(value) => {
            let Some(i) = i else {
                return Err(rt.error(
                    &exc::INDEX_ERROR,
                    format_args!("array assignment index out of range"),
                ));
            };
            let mut item = [0u8; 8];
            let item = &mut item[..a.itemsize()];
            encode(rt, a.typecode(), value, item)?;
            a.set_bytes(i, item);
            Ok(Value::NONE)
        }
        SubscrOp::Delete => {
            let Some(i) = i else {
                return Err(rt.error(
                    &exc::INDEX_ERROR,
                    format_args!("array assignment index out of range"),
                ));
            };
            a.splice(rt, i, i + 1, &[])?;
            Ok(Value::NONE)
        }
    }
}

fn array_iter(rt: &Rt, v: Value) -> PyResult {
    this(rt, v)?;
    new_index_iter(rt, v, |rt, seq, i| {
        rt.downcast::<Array>(seq)?.get(rt, i).ok().flatten()
    })
}

fn array_buffer(rt: &Rt, v: Value) -> Option<Buffer> {
    let a = rt.downcast::<Array>(v)?;
    let bytes = a.bytes();
    Some(Buffer {
        ptr: NonNull::new(a.data.get()).unwrap_or(NonNull::dangling()),
        len: bytes.len(),
        writable: true,
        typecode: a.typecode(),
    })
}

fn array_attr(rt: &Rt, v: Value, name: Qstr, op: AttrOp<'_>) -> PyResult<bool> {
    let Some(a) = rt.downcast::<Array>(v) else {
        return Ok(false);
    };
    let AttrOp::Load(dest) = op else {
        return Ok(false);
    };
    dest[0] = match name {
        q::typecode => new_text(rt, &[a.typecode()])?,
        q::itemsize => num::int_from_u64(rt, a.itemsize() as u64)?,
        _ => return Ok(false),
    };
    Ok(true)
}

// ----- methods ------------------------------------------------------------------------

fn array_append(rt: &Rt, v: Value, x: Value) -> PyResult {
    let a = this(rt, v)?;
    let mut item = [0u8; 8];
    let item = &mut item[..a.itemsize()];
    encode(rt, a.typecode(), x, item)?;
    a.push_bytes(rt, item)?;
    Ok(Value::NONE)
}

fn array_extend(rt: &Rt, v: Value, iterable: Value) -> PyResult {
    let a = this(rt, v)?;
    if let Some(b) = rt.downcast::<Array>(iterable) {
        if b.typecode() != a.typecode() {
            return Err(rt.type_error(format_args!("can only extend with array of same kind")));
        }
        extend_same(rt, a, b)?;
        return Ok(Value::NONE);
    }
    extend_iterable(rt, a, iterable)?;
    Ok(Value::NONE)
}

fn array_frombytes(rt: &Rt, v: Value, data: Value) -> PyResult {
    let a = this(rt, v)?;
    if str_text(rt, data).is_some() {
        return Err(rt.type_error(format_args!("a bytes-like object is required, not 'str'")));
    }
    let buf = util::buffer_arg(rt, data)?;
    if buf.len % a.itemsize() != 0 {
        return Err(rt.value_error(format_args!("bytes length not a multiple of item size")));
    }
    // A snapshot: the source may be this array or view it.
    let snapshot = new_str(rt, &BYTES_TYPE, bytes_of(rt, &buf))?;
    a.push_bytes(rt, rt.str_bytes(snapshot).unwrap_or(&[]))?;
    Ok(Value::NONE)
}

fn array_fromlist(rt: &Rt, v: Value, list: Value) -> PyResult {
    let a = this(rt, v)?;
    let Some(l) = rt.downcast::<List>(list) else {
        return Err(rt.type_error(format_args!("arg must be list")));
    };
    // All or nothing, as CPython: convert every item before appending.
    let start = a.len();
    let mut i = 0;
    while let Some(x) = l.get(i) {
        if let Err(e) = array_append(rt, v, x) {
            a.len.set(start);
            return Err(e);
        }
        i += 1;
    }
    Ok(Value::NONE)
}

fn array_tobytes(rt: &Rt, v: Value) -> PyResult {
    let a = this(rt, v)?;
    new_str(rt, &BYTES_TYPE, a.bytes())
}

fn array_tolist(rt: &Rt, v: Value) -> PyResult {
    let a = this(rt, v)?;
    let list = new_list(rt, &[])?;
    let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    let mut i = 0;
    while let Some(x) = a.get(rt, i)? {
        l.push(rt, x)?;
        i += 1;
    }
    Ok(list)
}

fn array_pop(rt: &Rt, args: &[Value]) -> PyResult {
    let a = this(rt, args[0])?;
    if a.is_empty() {
        return Err(rt.error(&exc::INDEX_ERROR, format_args!("pop from empty array")));
    }
    let n = a.len() as i64;
    let i = match args.get(1) {
        Some(&i) => int_arg(rt, i)?,
        None => -1,
    };
    let i = if i < 0 { i + n } else { i };
    if !(0..n).contains(&i) {
        return Err(rt.error(&exc::INDEX_ERROR, format_args!("pop index out of range")));
    }
    let i = i as usize;
    let x = load_item(rt, a.typecode(), a.item_bytes(i))?;
    a.splice(rt, i, i + 1, &[])?;
    Ok(x)
}

fn array_insert(rt: &Rt, v: Value, at: Value, x: Value) -> PyResult {
    let a = this(rt, v)?;
    let n = a.len() as i64;
    let i = int_arg(rt, at)?;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let mut item = [0u8; 8];
    let item = &mut item[..a.itemsize()];
    encode(rt, a.typecode(), x, item)?;
    a.splice(rt, at, at, item)?;
    Ok(Value::NONE)
}

fn find(rt: &Rt, a: &Array, x: Value, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let mut i = start;
    while i < stop.min(a.len()) {
        if let Some(y) = a.get(rt, i)?
            && rt.equal(y, x)?
        {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

fn array_remove(rt: &Rt, v: Value, x: Value) -> PyResult {
    let a = this(rt, v)?;
    match find(rt, a, x, 0, usize::MAX)? {
        Some(i) => {
            a.splice(rt, i, i + 1, &[])?;
            Ok(Value::NONE)
        }
        None => Err(rt.value_error(format_args!("array.remove(x): x not in array"))),
    }
}

fn array_index(rt: &Rt, args: &[Value]) -> PyResult {
    let a = this(rt, args[0])?;
    let n = a.len() as i64;
    let bound = |k: usize, default: i64| -> PyResult<usize> {
        let i = match args.get(k) {
            Some(&v) => int_arg(rt, v)?,
            None => default,
        };
        Ok(if i < 0 { (i + n).max(0) } else { i.min(n) } as usize)
    };
    let (start, stop) = (bound(2, 0)?, bound(3, n)?);
    match find(rt, a, args[1], start, stop)? {
        Some(i) => num::int_from_u64(rt, i as u64),
        None => Err(rt.value_error(format_args!("array.index(x): x not in array"))),
    }
}

fn array_count(rt: &Rt, v: Value, x: Value) -> PyResult {
    let a = this(rt, v)?;
    let mut n = 0u64;
    let mut i = 0;
    while let Some(y) = a.get(rt, i)? {
        if rt.equal(y, x)? {
            n += 1;
        }
        i += 1;
    }
    num::int_from_u64(rt, n)
}

fn array_reverse(rt: &Rt, v: Value) -> PyResult {
    let a = this(rt, v)?;
    let (n, size) = (a.len(), a.itemsize());
    let p = a.data.get();
    if !p.is_null() {
        for i in 0..n / 2 {
            let j = n - 1 - i;
            // SAFETY: items `i` and `j` are distinct and within the buffer.
            unsafe { core::ptr::swap_nonoverlapping(p.add(i * size), p.add(j * size), size) };
        }
    }
    Ok(Value::NONE)
}

fn array_byteswap(rt: &Rt, v: Value) -> PyResult {
    let a = this(rt, v)?;
    let (n, size) = (a.len(), a.itemsize());
    let p = a.data.get();
    if !p.is_null() {
        // SAFETY: the buffer holds `n * size` initialised bytes and no other
        // reference to them is alive during this call.
        let bytes = unsafe { core::slice::from_raw_parts_mut(p, n * size) };
        for item in bytes.chunks_exact_mut(size) {
            item.reverse();
        }
    }
    Ok(Value::NONE)
}

static ARRAY_SLOTS: Slots = Slots {
    make_new: Some(array_make_new),
    print: Some(array_print),
    unary_op: Some(array_unary),
    binary_op: Some(array_binary),
    attr: Some(array_attr),
    subscr: Some(array_subscr),
    iter: Some(array_iter),
    buffer: Some(array_buffer),
    ..Slots::EMPTY
};

static ARRAY_METHODS: [(Qstr, Value); 13] = util::sorted([
    rom_method!(append, NativeFn::F2(array_append)),
    rom_method!(byteswap, NativeFn::F1(array_byteswap)),
    rom_method!(count, NativeFn::F2(array_count)),
    rom_method!(extend, NativeFn::F2(array_extend)),
    rom_method!(frombytes, NativeFn::F2(array_frombytes)),
    rom_method!(fromlist, NativeFn::F2(array_fromlist)),
    rom_method!(
        index,
        NativeFn::Var {
            min: 2,
            max: 4,
            f: array_index
        }
    ),
    rom_method!(insert, NativeFn::F3(array_insert)),
    rom_method!(
        pop,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: array_pop
        }
    ),
    rom_method!(remove, NativeFn::F2(array_remove)),
    rom_method!(reverse, NativeFn::F1(array_reverse)),
    rom_method!(tobytes, NativeFn::F1(array_tobytes)),
    rom_method!(tolist, NativeFn::F1(array_tolist)),
]);
const _: () = assert!(
    methods_sorted(&ARRAY_METHODS),
    "ARRAY_METHODS must be sorted by qstr"
);

/// `array.array`.
pub static ARRAY_TYPE: Type = util::object_type(
    q::array,
    TypeFlags::BASETYPE.union(TypeFlags::UNHASHABLE),
    &ARRAY_TYPE,
    &ARRAY_SLOTS,
    &ARRAY_METHODS,
);

/// Fills the dict of the `array` module (`uarray`): the `array` type.
pub fn init_array(rt: &Rt, dict: Value) -> PyResult<()> {
    util::set(rt, dict, q::array, util::type_value(&ARRAY_TYPE))
}
