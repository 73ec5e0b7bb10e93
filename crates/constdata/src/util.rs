//! What the three modules share: building static types, filling module
//! dicts, and reading arguments (ints, buffers, keyword arguments).

use core::ptr::NonNull;

use pyrite_obj::object::{Buffer, ObjHeader, Slots, Type, TypeFlags};
use pyrite_obj::types::buffer::get_buffer;
use pyrite_obj::types::dict::Dict;
use pyrite_obj::types::exc;
use pyrite_obj::types::function::BuiltinFn;
use pyrite_obj::types::num::{self, IntView};
use pyrite_obj::types::str::str_text;
use pyrite_obj::types::{OBJECT_TYPE, TYPE_TYPE};
use pyrite_obj::{Args, PyResult, Qstr, Rt, Value};

/// A built-in type defined in this crate, for `static` declarations: `native`
/// is the type whose instance layout it has, `base` its base class.
pub(crate) const fn static_type(
    name: Qstr,
    flags: TypeFlags,
    native: &'static Type,
    base: &'static Type,
    slots: &'static Slots,
    methods: &'static [(Qstr, Value)],
) -> Type {
    Type {
        header: ObjHeader::new(&TYPE_TYPE),
        name,
        flags,
        map_char: b'h',
        native,
        base: Some(NonNull::from_ref(base)),
        slots,
        methods,
        locals: Value::NULL,
        bases: Value::NULL,
        mro: Value::NULL,
        instance_words: 0,
        dict_offset: 0,
    }
}

/// An exception class named `name` deriving from `base` (an exception type
/// whose instances are plain exception objects).
pub(crate) const fn exception_type(name: Qstr, base: &'static Type) -> Type {
    static_type(
        name,
        TypeFlags::BASETYPE.union(TypeFlags::EXCEPTION),
        &exc::BASE_EXCEPTION,
        base,
        exc::BASE_EXCEPTION.slots,
        &[],
    )
}

/// A plain object type (`object` as base).
pub(crate) const fn object_type(
    name: Qstr,
    flags: TypeFlags,
    native: &'static Type,
    slots: &'static Slots,
    methods: &'static [(Qstr, Value)],
) -> Type {
    static_type(name, flags, native, &OBJECT_TYPE, slots, methods)
}

/// Sorts a ROM method table by qstr index at compile time (the order of
/// generated qstr indices is not alphabetical).
pub(crate) const fn sorted<const N: usize>(mut t: [(Qstr, Value); N]) -> [(Qstr, Value); N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && t[j - 1].0.index() > t[j].0.index() {
            let tmp = t[j - 1];
            t[j - 1] = t[j];
            t[j] = tmp;
            j -= 1;
        }
        i += 1;
    }
    t
}

/// Stores `name = v` in a module dict.
pub(crate) fn set(rt: &Rt, dict: Value, name: Qstr, v: Value) -> PyResult<()> {
    match rt.downcast::<Dict>(dict) {
        Some(d) => {
            d.map().insert(rt, Value::qstr(name), v)?;
            Ok(())
        }
        None => Err(rt.type_error(format_args!("module dict must be a dict"))),
    }
}

/// Stores static functions in a module dict under their own names.
pub(crate) fn set_fns(rt: &Rt, dict: Value, fns: &[&'static BuiltinFn]) -> PyResult<()> {
    for f in fns {
        set(rt, dict, f.name, Value::from_static(*f))?;
    }
    Ok(())
}

/// The type value of a static type.
pub(crate) fn type_value(ty: &'static Type) -> Value {
    Value::from_static(ty)
}

/// The name of a value's type, for messages.
pub(crate) fn type_name(rt: &Rt, v: Value) -> impl core::fmt::Display + '_ {
    rt.qstr_display(rt.type_of(v).name)
}

/// An int (or bool) argument as `i64`; `TypeError` otherwise, `OverflowError`
/// beyond `i64`.
pub(crate) fn int_arg(rt: &Rt, v: Value) -> PyResult<i64> {
    match num::int_view(rt, v) {
        Some(i) => i.to_i64().ok_or_else(|| {
            rt.error(
                &exc::OVERFLOW_ERROR,
                format_args!("Python int too large to convert to C ssize_t"),
            )
        }),
        None => Err(rt.type_error(format_args!(
            "'{}' object cannot be interpreted as an integer",
            type_name(rt, v)
        ))),
    }
}

/// The low 64 bits of an int, two's complement (as C's conversion to an
/// unsigned type with wrap-around does).
pub(crate) fn int_wrapping_u64(v: IntView<'_>) -> u64 {
    match v {
        IntView::Small(i) => i as u64,
        IntView::Big(b, ..) => {
            let mut low: u64 = 0;
            let bits = pyrite_num::bigint::Limb::BITS;
            for (k, &limb) in b.mag.iter().enumerate() {
                let shift = k as u32 * bits;
                if shift >= 64 {
                    break;
                }
                low |= (limb as u64) << shift;
            }
            if b.neg { low.wrapping_neg() } else { low }
        }
    }
}

/// The bytes of a buffer just exported, borrowed for as long as the
/// runtime: like `ByteArray::bytes`, valid until the exporter changes, so
/// callers use them within one native call, before any Python code runs or
/// the exporter is resized (they copy what they need first when the
/// exporter may be the object they write).
pub(crate) fn bytes_of<'r>(_rt: &'r Rt, buf: &Buffer) -> &'r [u8] {
    // SAFETY: the exporter vouches for `len` readable bytes at `ptr` until it
    // changes; the callers' contract above keeps the slice within that.
    unsafe { pyrite_obj::types::buffer::buffer_bytes(buf) }
}

/// A bytes-like argument (any buffer exporter): `TypeError` otherwise, with
/// CPython's message.
pub(crate) fn buffer_arg(rt: &Rt, v: Value) -> PyResult<Buffer> {
    get_buffer(rt, v).ok_or_else(|| {
        rt.type_error(format_args!(
            "a bytes-like object is required, not '{}'",
            type_name(rt, v)
        ))
    })
}

/// A bytes-like or ASCII-`str` argument, as the `a2b_*` functions take.
pub(crate) fn ascii_data_arg(rt: &Rt, v: Value) -> PyResult<&[u8]> {
    if let Some(t) = str_text(rt, v) {
        if !t.bytes.is_ascii() {
            return Err(rt.value_error(format_args!(
                "string argument should contain only ASCII characters"
            )));
        }
        return Ok(t.bytes);
    }
    match get_buffer(rt, v) {
        Some(buf) => Ok(bytes_of(rt, &buf)),
        None => Err(rt.type_error(format_args!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            type_name(rt, v)
        ))),
    }
}

/// Binds a call's arguments to parameter names: positional first, then
/// keywords by name. `slots` receives the values (`None` where missing).
/// Raises CPython's `TypeError`s for too many, duplicate or unknown
/// arguments; the last `kw_only` parameters cannot be given by position.
pub(crate) fn bind_args(
    rt: &Rt,
    fname: &str,
    args: &Args<'_>,
    names: &[&str],
    kw_only: usize,
    slots: &mut [Option<Value>],
) -> PyResult<()> {
    let positional = names.len() - kw_only;
    if args.pos.len() > positional {
        return Err(rt.type_error(format_args!(
            "{fname}() takes at most {positional} positional argument{} ({} given)",
            if positional == 1 { "" } else { "s" },
            args.pos.len()
        )));
    }
    for (slot, &v) in slots.iter_mut().zip(args.pos) {
        *slot = Some(v);
    }
    for (k, v) in args.kw_pairs() {
        let name = rt.str_bytes(k).unwrap_or(b"");
        let Some(i) = names.iter().position(|n| n.as_bytes() == name) else {
            return Err(rt.type_error(format_args!(
                "{fname}() got an unexpected keyword argument '{}'",
                core::str::from_utf8(name).unwrap_or("?")
            )));
        };
        if slots[i].is_some() {
            return Err(rt.type_error(format_args!(
                "argument for {fname}() given by name ('{}') and position ({})",
                names[i],
                i + 1
            )));
        }
        slots[i] = Some(v);
    }
    Ok(())
}
