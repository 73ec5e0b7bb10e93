//! ROM objects (`pyrite_obj::rom`) behave exactly as their heap twins
//! (repr, hash, `==`, methods, buffers) and lie outside the GC heap.

use pyrite_gc::Heap;
use pyrite_obj::object::SubscrOp;
use pyrite_obj::rom::RomStr;
#[cfg(feature = "bigint")]
use pyrite_obj::rom::{RomInt, RomTuple};
use pyrite_obj::types::buffer::get_buffer;
#[cfg(feature = "bigint")]
use pyrite_obj::types::num::parse_int_literal;
use pyrite_obj::types::str::{BYTES_TYPE, STR_TYPE, Str, new_str};
#[cfg(feature = "bigint")]
use pyrite_obj::types::tuple::new_tuple;
use pyrite_obj::{Args, BinaryOp, Rt, Value, q};

fn runtime() -> Rt {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 1 << 20].into_boxed_slice());
    Rt::new(Heap::new(region))
}

fn text(rt: &Rt, v: Value) -> String {
    String::from_utf8(rt.str_bytes(v).expect("a str").to_vec()).unwrap()
}

fn repr(rt: &Rt, v: Value) -> String {
    let r = rt.repr(v).expect("repr");
    text(rt, r)
}

fn outside_heap(rt: &Rt, v: Value) -> bool {
    !rt.heap().contains(v.to_bits() as *const u8)
}

/// `rom` and `heap` are the same value by every measure used here.
fn same(rt: &Rt, rom: Value, heap: Value) {
    assert!(outside_heap(rt, rom));
    assert!(!outside_heap(rt, heap));
    assert_eq!(repr(rt, rom), repr(rt, heap));
    assert_eq!(rt.hash(rom).ok(), rt.hash(heap).ok());
    assert!(rt.equal(rom, heap).unwrap());
    assert!(rt.equal(heap, rom).unwrap());
    assert!(std::ptr::eq(rt.type_of(rom), rt.type_of(heap)));
}

fn call_method(rt: &Rt, obj: Value, name: pyrite_obj::Qstr, args: &[Value]) -> Value {
    let mut dest = [Value::NULL; 2];
    rt.load_method(obj, name, &mut dest).unwrap();
    let mut all = vec![dest[1]];
    all.extend_from_slice(args);
    let pos: &[Value] = if dest[1].is_null() { args } else { &all };
    rt.call(dest[0], Args { pos, kw: &[] }).unwrap()
}

static HELLO: RomStr<11> = RomStr::str(*b"Hello world");
static CAFE: RomStr<5> = RomStr::str(*b"caf\xc3\xa9");
static EMPTY: RomStr<0> = RomStr::str(*b"");
static DATA: RomStr<4> = RomStr::bytes(*b"\x00\x01AB");
// Big ints (a build error without the `bigint` feature).
#[cfg(feature = "bigint")]
static BIG: RomInt<3> = RomInt::new(false, [0xDEAD_BEEF, 0xBEEF_0000, 0xDEAD]);
#[cfg(feature = "bigint")]
static NEG: RomInt<3> = RomInt::new(true, [1, 0, 1]);
#[cfg(feature = "bigint")]
static ITEMS: RomTuple<5> = RomTuple::new([
    HELLO.value(),
    BIG.value(),
    Value::small_int_const(-7),
    Value::float(2.5),
    Value::NONE,
]);
#[cfg(feature = "bigint")]
static NESTED: RomTuple<2> = RomTuple::new([ITEMS.value(), DATA.value()]);

#[test]
fn rom_str_is_its_heap_twin() {
    let rt = runtime();
    for (rom, bytes) in [
        (HELLO.value(), &b"Hello world"[..]),
        (CAFE.value(), "café".as_bytes()),
        (EMPTY.value(), b""),
    ] {
        let heap = new_str(&rt, &STR_TYPE, bytes).unwrap();
        same(&rt, rom, heap);
        assert_eq!(rt.str_bytes(rom), Some(bytes));
        let up_rom = call_method(&rt, rom, q::upper, &[]);
        let up_heap = call_method(&rt, heap, q::upper, &[]);
        assert!(rt.equal(up_rom, up_heap).unwrap());
        let cat = rt.binary_op(BinaryOp::Add, rom, heap).unwrap();
        assert_eq!(rt.str_bytes(cat).unwrap(), [bytes, bytes].concat());
    }
    // Indexing by code point relies on the ASCII flag.
    let idx = Value::small_int(3).unwrap();
    let e = rt.subscr(CAFE.value(), idx, SubscrOp::Load).unwrap();
    assert_eq!(text(&rt, e), "é");
}

#[test]
fn rom_bytes_is_its_heap_twin_and_exports_flash() {
    let rt = runtime();
    let heap = new_str(&rt, &BYTES_TYPE, b"\x00\x01AB").unwrap();
    same(&rt, DATA.value(), heap);
    assert_eq!(repr(&rt, DATA.value()), "b'\\x00\\x01AB'");
    let buf = get_buffer(&rt, DATA.value()).unwrap();
    // The bytes follow the fixed part of the object: flash, not a copy.
    let inline = (DATA.value().to_bits() + size_of::<Str>()) as *const u8;
    assert_eq!(buf.ptr.as_ptr().cast_const(), inline);
    assert_eq!(buf.len, 4);
    assert!(!buf.writable);
}

#[cfg(feature = "bigint")]
#[test]
fn rom_int_is_its_heap_twin() {
    let rt = runtime();
    let heap = parse_int_literal(&rt, b"0xDEADBEEF0000DEADBEEF").unwrap();
    same(&rt, BIG.value(), heap);
    assert_eq!(repr(&rt, BIG.value()), "1051570404137203365953263");
    let neg = parse_int_literal(&rt, b"18446744073709551617").unwrap();
    let neg = rt.unary_op(pyrite_obj::UnaryOp::Negative, neg).unwrap();
    same(&rt, NEG.value(), neg);
    let one = Value::small_int(1).unwrap();
    let sum_rom = rt.binary_op(BinaryOp::Add, BIG.value(), one).unwrap();
    let sum_heap = rt.binary_op(BinaryOp::Add, heap, one).unwrap();
    assert!(rt.equal(sum_rom, sum_heap).unwrap());
    let lt = rt
        .binary_op(BinaryOp::Less, NEG.value(), BIG.value())
        .unwrap();
    assert_eq!(lt, Value::TRUE);
}

#[cfg(feature = "bigint")]
#[test]
fn rom_tuple_is_its_heap_twin() {
    let rt = runtime();
    let hello = new_str(&rt, &STR_TYPE, b"Hello world").unwrap();
    let big = parse_int_literal(&rt, b"0xDEADBEEF0000DEADBEEF").unwrap();
    let items = [
        hello,
        big,
        Value::small_int(-7).unwrap(),
        Value::float(2.5),
        Value::NONE,
    ];
    let heap = new_tuple(&rt, &items).unwrap();
    same(&rt, ITEMS.value(), heap);
    assert_eq!(
        repr(&rt, ITEMS.value()),
        "('Hello world', 1051570404137203365953263, -7, 2.5, None)"
    );
    let data = new_str(&rt, &BYTES_TYPE, b"\x00\x01AB").unwrap();
    let nested = new_tuple(&rt, &[heap, data]).unwrap();
    same(&rt, NESTED.value(), nested);
    let n = call_method(&rt, ITEMS.value(), q::count, &[Value::NONE]);
    assert_eq!(n, Value::small_int(1).unwrap());
}

#[test]
fn small_int_range_is_checked() {
    assert!(pyrite_obj::rom::fits_small(false, &[5]));
    assert!(pyrite_obj::rom::fits_small(true, &[0x4000_0000]));
    assert!(!pyrite_obj::rom::fits_small(false, &[0, 0, 1]));
}

// A complex constant (a build error without the `complex` feature).
#[cfg(feature = "complex")]
static COMPLEX: pyrite_obj::rom::RomComplex = pyrite_obj::rom::RomComplex::new(1.5, -2.25);

#[cfg(feature = "complex")]
#[test]
fn rom_complex_is_its_heap_twin() {
    use pyrite_obj::types::num::new_complex;
    let rt = runtime();
    let rom = COMPLEX.value();
    let heap = new_complex(&rt, 1.5, -2.25).unwrap();
    same(&rt, rom, heap);
    assert_eq!(repr(&rt, rom), "(1.5-2.25j)");
    let sum = rt.binary_op(BinaryOp::Add, rom, heap).unwrap();
    assert_eq!(repr(&rt, sum), "(3-4.5j)");
    assert_eq!(
        repr(&rt, call_method(&rt, rom, q::conjugate, &[])),
        "(1.5+2.25j)"
    );
}
