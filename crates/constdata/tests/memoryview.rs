//! `memoryview` over `bytes`, `bytearray`, `array` and ROM data, and its
//! interplay with `struct` and `bytes()` through the buffer protocol.

mod common;

use core::ptr::NonNull;

use common::*;
use pyrite_constdata::{init_array, init_struct};
use pyrite_obj::object::{Buffer, ObjHeader, Object, SubscrOp, Type, TypeFlags};
use pyrite_obj::types::bytearray::new_bytearray;
use pyrite_obj::types::memoryview::{MEMORYVIEW_TYPE, new_memoryview};
use pyrite_obj::types::slice::new_slice;
use pyrite_obj::types::str::BYTES_TYPE;
use pyrite_obj::types::{OBJECT_TYPE, TYPE_TYPE};
use pyrite_obj::{BinaryOp, Rt, Slots, Value};

fn slice(rt: &Rt, a: Option<i64>, b: Option<i64>) -> Value {
    let v = |x: Option<i64>| x.map_or(Value::NONE, |i| Value::small_int(i).unwrap());
    new_slice(rt, v(a), v(b), Value::NONE).unwrap()
}

fn attr(rt: &Rt, v: Value, name: &str) -> String {
    let q = rt.intern(name.as_bytes()).unwrap();
    repr(rt, rt.load_attr(v, q).unwrap())
}

#[test]
fn views_of_bytes_read_without_copying() {
    let rt = runtime();
    let b = bytes(&rt, b"hello world");
    let mv = new_memoryview(&rt, b).unwrap();
    assert_eq!(rt.len(mv).unwrap(), 11);
    assert_eq!(
        repr(&rt, rt.subscr(mv, int(&rt, 1), SubscrOp::Load).unwrap()),
        "101"
    );
    assert_eq!(
        repr(&rt, rt.subscr(mv, int(&rt, -1), SubscrOp::Load).unwrap()),
        "100"
    );
    let part = rt
        .subscr(mv, slice(&rt, Some(6), None), SubscrOp::Load)
        .unwrap();
    assert!(core::ptr::eq(rt.type_of(part), &MEMORYVIEW_TYPE));
    assert_eq!(
        repr(&rt, call_method(&rt, part, "tobytes", &[]).unwrap()),
        "b'world'"
    );
    let whole = rt
        .call(
            Value::from_static(&BYTES_TYPE),
            pyrite_obj::Args::positional(&[part]),
        )
        .unwrap();
    assert_eq!(repr(&rt, whole), "b'world'");
    // The slice shares the bytes object's storage.
    let p = |v: Value| {
        pyrite_obj::types::buffer::get_buffer(&rt, v)
            .unwrap()
            .ptr
            .as_ptr() as usize
    };
    assert_eq!(p(part), p(b) + 6);
    assert!(rt.equal(part, bytes(&rt, b"world")).unwrap());
    assert!(!rt.equal(part, bytes(&rt, b"worle")).unwrap());
    assert!(rt.equal(bytes(&rt, b"world"), part).unwrap());
    assert_eq!(attr(&rt, mv, "readonly"), "True");
    assert_eq!(attr(&rt, mv, "format"), "'B'");
    assert_eq!(attr(&rt, mv, "itemsize"), "1");
    assert_eq!(attr(&rt, part, "nbytes"), "5");
    assert_eq!(
        repr(&rt, call_method(&rt, part, "tolist", &[]).unwrap()),
        "[119, 111, 114, 108, 100]"
    );
    assert_eq!(
        repr(&rt, call_method(&rt, part, "hex", &[]).unwrap()),
        "'776f726c64'"
    );
    let e = rt.subscr(mv, int(&rt, 0), SubscrOp::Store(int(&rt, 1)));
    assert_eq!(
        exc_text(&rt, e),
        "TypeError: cannot modify read-only memory"
    );
    let e = rt.subscr(mv, int(&rt, 11), SubscrOp::Load);
    assert_eq!(
        exc_text(&rt, e),
        "IndexError: index out of bounds on dimension 1"
    );
    let e = new_memoryview(&rt, int(&rt, 1));
    assert_eq!(
        exc_text(&rt, e),
        "TypeError: memoryview: a bytes-like object is required, not 'int'"
    );
    // Iteration.
    let it = rt.get_iter(part).unwrap();
    let mut items = Vec::new();
    while let Some(x) = rt.iter_next(it).unwrap() {
        items.push(x.as_small_int().unwrap() as u8);
    }
    assert_eq!(items, b"world");
}

#[test]
fn views_of_bytearrays_write_through() {
    let rt = runtime();
    let ba = new_bytearray(&rt, b"abcdef").unwrap();
    let mv = new_memoryview(&rt, ba).unwrap();
    rt.subscr(mv, int(&rt, 0), SubscrOp::Store(int(&rt, 65)))
        .unwrap();
    let tail = rt
        .subscr(mv, slice(&rt, Some(2), None), SubscrOp::Load)
        .unwrap();
    rt.subscr(
        tail,
        slice(&rt, Some(0), Some(2)),
        SubscrOp::Store(bytes(&rt, b"XY")),
    )
    .unwrap();
    assert_eq!(repr(&rt, ba), "bytearray(b'AbXYef')");
    let e = rt.subscr(
        tail,
        slice(&rt, Some(0), Some(2)),
        SubscrOp::Store(bytes(&rt, b"XYZ")),
    );
    assert_eq!(
        exc_text(&rt, e),
        "ValueError: memoryview assignment: lvalue and rvalue have different structures"
    );
    let e = rt.subscr(mv, int(&rt, 0), SubscrOp::Store(int(&rt, 256)));
    assert_eq!(
        exc_text(&rt, e),
        "ValueError: memoryview: invalid value for format 'B'"
    );
    let e = rt.subscr(mv, int(&rt, 0), SubscrOp::Delete);
    assert_eq!(exc_text(&rt, e), "TypeError: cannot delete memory");
    // Assigning a view from an overlapping view of the same buffer.
    let head = rt
        .subscr(mv, slice(&rt, None, Some(4)), SubscrOp::Load)
        .unwrap();
    rt.subscr(mv, slice(&rt, Some(2), None), SubscrOp::Store(head))
        .unwrap();
    assert_eq!(repr(&rt, ba), "bytearray(b'AbAbXY')");
    // A view of a view shows the same base.
    let again = new_memoryview(&rt, tail).unwrap();
    assert_eq!(attr(&rt, again, "obj"), repr(&rt, ba));
    assert_eq!(rt.len(again).unwrap(), 4);
    // Extended slices are not supported (as MicroPython).
    let step = new_slice(&rt, Value::NONE, Value::NONE, int(&rt, 2)).unwrap();
    let e = rt.subscr(mv, step, SubscrOp::Load);
    assert!(exc_text(&rt, e).starts_with("NotImplementedError"));
}

#[test]
fn a_view_shrinks_with_its_bytearray() {
    let rt = runtime();
    let ba = new_bytearray(&rt, b"abcdef").unwrap();
    let mv = new_memoryview(&rt, ba).unwrap();
    let tail = rt
        .subscr(mv, slice(&rt, Some(4), None), SubscrOp::Load)
        .unwrap();
    // `del ba[3:]`
    rt.subscr(ba, slice(&rt, Some(3), None), SubscrOp::Delete)
        .unwrap();
    assert_eq!(rt.len(mv).unwrap(), 3);
    assert_eq!(rt.len(tail).unwrap(), 0);
    assert_eq!(
        repr(&rt, call_method(&rt, mv, "tobytes", &[]).unwrap()),
        "b'abc'"
    );
}

#[test]
fn views_of_arrays_are_typed() {
    let rt = runtime();
    let am = module(&rt, init_array);
    let sm = module(&rt, init_struct);
    let list = pyrite_obj::types::list::new_list(&rt, &[int(&rt, 1), int(&rt, -2), int(&rt, 300)])
        .unwrap();
    let a = call(&rt, get(&rt, am, "array"), &[text(&rt, "h"), list]).unwrap();
    let mv = new_memoryview(&rt, a).unwrap();
    assert_eq!(attr(&rt, mv, "format"), "'h'");
    assert_eq!(attr(&rt, mv, "itemsize"), "2");
    assert_eq!(attr(&rt, mv, "nbytes"), "6");
    assert_eq!(attr(&rt, mv, "readonly"), "False");
    assert_eq!(rt.len(mv).unwrap(), 3);
    assert_eq!(
        repr(&rt, rt.subscr(mv, int(&rt, 1), SubscrOp::Load).unwrap()),
        "-2"
    );
    rt.subscr(mv, int(&rt, 1), SubscrOp::Store(int(&rt, 7)))
        .unwrap();
    assert_eq!(repr(&rt, a), "array('h', [1, 7, 300])");
    let e = rt.subscr(mv, int(&rt, 1), SubscrOp::Store(int(&rt, 1 << 20)));
    assert_eq!(
        exc_text(&rt, e),
        "ValueError: memoryview: invalid value for format 'h'"
    );
    // struct reads the view; bytes() copies the items' bytes.
    let tail = rt
        .subscr(mv, slice(&rt, Some(1), None), SubscrOp::Load)
        .unwrap();
    let r = call(&rt, get(&rt, sm, "unpack_from"), &[text(&rt, "<hh"), tail]).unwrap();
    assert_eq!(repr(&rt, r), "(7, 300)");
    let b = rt
        .call(
            Value::from_static(&BYTES_TYPE),
            pyrite_obj::Args::positional(&[a]),
        )
        .unwrap();
    assert_eq!(repr(&rt, b), r"b'\x01\x00\x07\x00,\x01'");
    // Equality by value across typecodes, as CPython.
    let l2 =
        pyrite_obj::types::list::new_list(&rt, &[int(&rt, 1), int(&rt, 7), int(&rt, 300)]).unwrap();
    let q = call(&rt, get(&rt, am, "array"), &[text(&rt, "q"), l2]).unwrap();
    assert!(rt.equal(mv, q).unwrap());
    assert!(rt.equal(q, mv).unwrap());
    assert!(rt.equal(a, q).unwrap());
    assert!(!rt.equal(mv, b).unwrap());
    assert_eq!(
        repr(&rt, rt.binary_op(BinaryOp::NotEqual, mv, q).unwrap()),
        "False"
    );
    // pack_into through a view of an array.
    call(
        &rt,
        get(&rt, sm, "pack_into"),
        &[text(&rt, "<h"), mv, int(&rt, 4), int(&rt, -1)],
    )
    .unwrap();
    assert_eq!(repr(&rt, a), "array('h', [1, 7, -1])");
}

// A ROM object: a static whose buffer is static data, outside the heap.
#[repr(C)]
struct RomBlob {
    header: ObjHeader,
}

// SAFETY: `#[repr(C)]` with the header first; `ROM_TYPE` owns it.
unsafe impl Object for RomBlob {
    const TYPE: &'static Type = &ROM_TYPE;
}

static ROM_DATA: [u8; 8] = *b"\x01\x02\x03\x04flsh";

fn rom_buffer(_rt: &Rt, _v: Value) -> Option<Buffer> {
    Some(Buffer {
        ptr: NonNull::from(&ROM_DATA).cast(),
        len: ROM_DATA.len(),
        writable: false,
        typecode: b'B',
    })
}

static ROM_SLOTS: Slots = Slots {
    buffer: Some(rom_buffer),
    ..Slots::EMPTY
};

static ROM_TYPE: Type = Type {
    header: ObjHeader::new(&TYPE_TYPE),
    name: pyrite_obj::q::object,
    flags: TypeFlags::NONE,
    map_char: b'h',
    native: &ROM_TYPE,
    base: Some(NonNull::from_ref(&OBJECT_TYPE)),
    slots: &ROM_SLOTS,
    methods: &[],
    locals: Value::NULL,
    bases: Value::NULL,
    mro: Value::NULL,
    instance_words: 0,
    dict_offset: 0,
};

static ROM_BLOB: RomBlob = RomBlob {
    header: ObjHeader::new(&ROM_TYPE),
};

#[test]
fn views_of_rom_data_read_flash_in_place() {
    let rt = runtime();
    let blob = Value::from_static(&ROM_BLOB);
    let mv = new_memoryview(&rt, blob).unwrap();
    let tail = rt
        .subscr(mv, slice(&rt, Some(4), None), SubscrOp::Load)
        .unwrap();
    // A collection that keeps the views keeps their (static) base, which
    // it never traces.
    let roots = [mv, tail].map(|v| v.as_object().unwrap().as_ptr());
    rt.heap()
        .collect_with(&mut |m| roots.iter().for_each(|&p| m.mark(p)));
    assert_eq!(
        repr(&rt, call_method(&rt, tail, "tobytes", &[]).unwrap()),
        "b'flsh'"
    );
    let p = pyrite_obj::types::buffer::get_buffer(&rt, tail)
        .unwrap()
        .ptr
        .as_ptr();
    assert_eq!(p as usize, ROM_DATA.as_ptr() as usize + 4);
    assert!(!rt.heap().contains(p));
    let sm = module(&rt, init_struct);
    let r = call(
        &rt,
        get(&rt, sm, "unpack"),
        &[
            text(&rt, "<I"),
            rt.subscr(mv, slice(&rt, None, Some(4)), SubscrOp::Load)
                .unwrap(),
        ],
    )
    .unwrap();
    assert_eq!(repr(&rt, r), "(67305985,)");
}

#[test]
fn a_view_keeps_its_base_alive() {
    let rt = runtime();
    let ba = new_bytearray(&rt, b"persistent data").unwrap();
    let mv = new_memoryview(&rt, ba).unwrap();
    let part = rt
        .subscr(mv, slice(&rt, Some(11), None), SubscrOp::Load)
        .unwrap();
    let keep = part.as_object().unwrap().as_ptr();
    rt.heap().collect_with(&mut |m| m.mark(keep));
    // Fill the heap's free blocks so a freed base would be overwritten.
    for _ in 0..100 {
        let _ = new_bytearray(&rt, &[0xee; 64]).unwrap();
    }
    assert_eq!(
        repr(&rt, call_method(&rt, part, "tobytes", &[]).unwrap()),
        "b'data'"
    );
}
