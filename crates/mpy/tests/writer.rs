//! Writer encoders against the reader's decoders.

use proptest::prelude::*;
use pyrite_mpy::writer::{
    Assembler, LineTable, Signature, encode_function, encode_signature, encode_size,
    encode_var_int, encode_var_uint,
};
use pyrite_mpy::{Operand, Prelude, decode, op};

proptest! {
    #[test]
    fn small_int_round_trips(v in -(1i64 << 40)..(1i64 << 40)) {
        let mut code = vec![op::LOAD_CONST_SMALL_INT];
        encode_var_int(&mut code, v);
        let i = decode(&code, 0).unwrap();
        prop_assert_eq!(i.operand, Operand::SmallInt(v));
        prop_assert_eq!(i.len, code.len());
    }

    #[test]
    fn var_uint_round_trips(v in any::<u32>()) {
        let mut code = vec![op::LOAD_FAST_N];
        encode_var_uint(&mut code, v);
        prop_assert_eq!(decode(&code, 0).unwrap().operand, Operand::Uint(v));
    }

    #[test]
    fn prelude_round_trips(
        n_state in 1u32..5000, n_exc in 0u32..40, flags in 0u32..16, a in 0u32..300, k in 0u32..300,
        cells in proptest::collection::vec(any::<u8>(), 0..40), name in 0u32..1000,
    ) {
        let d = a / 2;
        let sig = Signature { n_state, n_exc_stack: n_exc, scope_flags: flags, n_pos_args: a, n_kwonly_args: k, n_def_pos_args: d };
        let args: Vec<u32> = (0..a + k).collect();
        let mut lt = LineTable::new();
        lt.mark(3, 2);
        lt.mark(40, 900);
        let lines = lt.into_bytes();
        let code = encode_function(&sig, name, &args, &lines, &cells, &[op::LOAD_CONST_NONE, op::RETURN_VALUE]);
        let p = Prelude::parse(&code).unwrap();
        prop_assert_eq!((p.n_state, p.n_exc_stack, p.scope_flags), (n_state, n_exc, flags));
        prop_assert_eq!((p.n_pos_args, p.n_kwonly_args, p.n_def_pos_args), (a, k, d));
        prop_assert_eq!(p.name, name);
        prop_assert_eq!(p.arg_names().collect::<Vec<_>>(), args);
        prop_assert_eq!(p.cells, &cells[..]);
        prop_assert_eq!(p.opcodes, &[op::LOAD_CONST_NONE, op::RETURN_VALUE][..]);
        prop_assert_eq!(p.line_for_offset(2), 1);
        prop_assert_eq!(p.line_for_offset(3), 2);
        prop_assert_eq!(p.line_for_offset(40), 900);
    }
}

#[test]
fn signature_matches_worked_example() {
    let mut out = Vec::new();
    encode_signature(
        &mut out,
        &Signature {
            n_state: 3,
            ..Signature::default()
        },
    );
    assert_eq!(out, [0x10]);
    out.clear();
    encode_signature(
        &mut out,
        &Signature {
            n_state: 3,
            n_pos_args: 1,
            ..Signature::default()
        },
    );
    assert_eq!(out, [0x11]);
    out.clear();
    encode_size(&mut out, 3, 0);
    assert_eq!(out, [0x06]);
}

#[test]
fn jumps_pick_minimal_sizes() {
    let mut asm = Assembler::new();
    let top = asm.new_label();
    let end = asm.new_label();
    asm.bind(top);
    asm.jump(op::POP_JUMP_IF_FALSE, end);
    for _ in 0..100 {
        asm.emit(op::LOAD_CONST_NONE);
        asm.emit(op::POP_TOP);
    }
    asm.jump(op::JUMP, top);
    asm.bind(end);
    let out = asm.finish().unwrap();
    // Forward: 1 + 200 + 3 bytes to skip > 63 => long; backward also long.
    let first = decode(&out.bytecode, 0).unwrap();
    assert_eq!(first.len, 3);
    assert_eq!(first.jump_target(), Some(out.bytecode.len() as i64));
    let back = decode(&out.bytecode, 203).unwrap();
    assert_eq!(back.jump_target(), Some(0));

    let mut asm = Assembler::new();
    let l = asm.new_label();
    asm.jump(op::JUMP, l);
    asm.bind(l);
    let out = asm.finish().unwrap();
    assert_eq!(out.bytecode, [op::JUMP, 0x40]);

    let mut asm = Assembler::new();
    let l = asm.new_label();
    asm.jump(op::JUMP, l);
    assert!(asm.finish().is_err(), "unbound label");
}

/// Emits `n` statements of code to `asm`, each on its own line, every
/// third a loop with a long body (jumps both ways), and flushes after each
/// when `flush` says so; a jump back to the first statement's label at the
/// end crosses every flushed part.
fn statements(asm: &mut Assembler, n: u32, flush: bool) -> Vec<bool> {
    let first = asm.new_label();
    asm.bind(first);
    let mut flushed = Vec::new();
    for i in 0..n {
        asm.set_line(i + 1);
        if i % 3 == 0 {
            let top = asm.new_label();
            let end = asm.new_label();
            asm.bind(top);
            asm.jump(op::POP_JUMP_IF_FALSE, end);
            for _ in 0..(10 * i) {
                asm.emit(op::LOAD_CONST_NONE);
                asm.emit(op::POP_TOP);
            }
            asm.jump(op::JUMP, top);
            asm.bind(end);
        } else {
            asm.emit_uint(op::LOAD_NAME, i);
            asm.emit(op::POP_TOP);
        }
        if flush {
            flushed.push(asm.flush());
        }
    }
    asm.jump(op::JUMP, first);
    flushed
}

#[test]
fn flushed_code_is_laid_out_as_at_the_end() {
    let mut whole = Assembler::new();
    statements(&mut whole, 12, false);
    let mut parts = Assembler::new();
    let flushed = statements(&mut parts, 12, true);
    assert!(flushed.iter().all(|&f| f), "{flushed:?}");
    assert_eq!(parts.finish().unwrap(), whole.finish().unwrap());

    // A forward jump to a label not bound yet keeps the code unflushed,
    // and the result is the same once it is bound.
    let mut asm = Assembler::new();
    let later = asm.new_label();
    asm.jump(op::JUMP, later);
    asm.emit(op::LOAD_CONST_NONE);
    assert!(!asm.flush());
    asm.bind(later);
    assert!(asm.flush());
    assert_eq!(
        asm.finish().unwrap().bytecode,
        [op::JUMP, 0x41, op::LOAD_CONST_NONE]
    );

    // A jump to a label never bound is still an error at the end.
    let mut asm = Assembler::new();
    let nowhere = asm.new_label();
    asm.emit(op::LOAD_CONST_NONE);
    assert!(asm.flush());
    asm.jump(op::JUMP, nowhere);
    assert!(!asm.flush());
    assert!(asm.finish().is_err());
}

/// The file is sized before it is written: its buffer is allocated once,
/// at exactly its length (no doubling left over on a small heap), with
/// every table entry, constant and nested raw code in it.
#[test]
fn module_file_is_allocated_at_its_size() {
    use pyrite_mpy::MpyFile;
    use pyrite_mpy::reader::Qstr;
    use pyrite_mpy::writer::{ConstValue, ModuleWriter, RawCodeOut};

    let mut w = ModuleWriter::new();
    let long_name = vec![b'n'; 200]; // a two-byte length
    assert_eq!(w.qstr(b"<stdin>"), 0);
    assert_eq!(w.qstr(&long_name), 1);
    w.push_const(ConstValue::Str(vec![b's'; 130]));
    w.push_const(ConstValue::Tuple(vec![
        ConstValue::Int(b"123456789012345678901234567890".to_vec()),
        ConstValue::Tuple(vec![ConstValue::None, ConstValue::Bytes(b"ab".to_vec())]),
    ]));
    let leaf = RawCodeOut {
        code: vec![7; 300],
        children: Vec::new(),
    };
    let root = RawCodeOut {
        code: vec![1; 20],
        children: vec![
            RawCodeOut {
                code: vec![2; 5],
                children: vec![leaf.clone()],
            },
            leaf,
        ],
    };
    let file = w.finish(&root);
    assert_eq!(file.capacity(), file.len());
    let parsed = MpyFile::parse(&file).expect("the file parses");
    assert_eq!((parsed.n_qstr(), parsed.n_obj()), (2, 2));
    assert_eq!(parsed.qstr(1), Ok(Qstr::Bytes(&long_name[..])));
    assert!(file.ends_with(&[7; 300]));
}
