//! The mpy-cross corpus: every file reads, verifies, disassembles and
//! round-trips through the writer; together they use every opcode.

mod common;

use common::{WORKED_EXAMPLE, corpus, opcodes_used, reemit};
use pyrite_mpy::opcodes::{self, all_opcodes};
use pyrite_mpy::reader::SCOPE_GENERATOR;
use pyrite_mpy::{Error, Instrs, MpyFile, Operand, PcState, dis, op, verify, verify_with};

/// Opcodes `mpy-cross` 1.29 never emits (none at present).
const NOT_PRODUCIBLE: &[u8] = &[];

#[test]
fn corpus_verifies() {
    for (name, data) in corpus() {
        if let Err(e) = verify(&data) {
            let mut text = String::new();
            dis::disassemble(&data, &mut text).unwrap();
            panic!("{name}: {e:?}\n{text}");
        }
    }
}

#[test]
fn corpus_disassembles() {
    for (name, data) in corpus() {
        let mut text = String::new();
        dis::disassemble(&data, &mut text).unwrap();
        assert!(!text.contains("error"), "{name}:\n{text}");
        assert!(text.contains("raw code '<module>'"), "{name}:\n{text}");
    }
}

#[test]
fn corpus_round_trips() {
    for (name, data) in corpus() {
        let out = reemit(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        if out != data {
            let at = out
                .iter()
                .zip(&data)
                .position(|(a, b)| a != b)
                .unwrap_or(out.len().min(data.len()));
            panic!(
                "{name}: re-emitted file differs at byte {at} (len {} vs {})",
                out.len(),
                data.len()
            );
        }
    }
}

#[test]
fn every_opcode_is_covered() {
    let mut seen = [false; 256];
    for (_, data) in corpus() {
        opcodes_used(&data, &mut seen);
    }
    let missing: Vec<String> = all_opcodes()
        .filter(|&o| !seen[o as usize] && !NOT_PRODUCIBLE.contains(&o))
        .map(|o| format!("0x{o:02x} {}", opcodes::info(o).unwrap().name))
        .collect();
    assert!(
        missing.is_empty(),
        "opcodes not covered by the corpus: {missing:?}"
    );
    // qstr 13, var-uint 24, jump 11, byte 24, packed 64 + 16 + 16 + 4 + 35.
    assert_eq!(
        all_opcodes().count(),
        13 + 24 + 11 + 24 + 64 + 16 + 16 + 4 + 35
    );
}

#[test]
fn worked_example_decodes_as_specified() {
    let file = verify(WORKED_EXAMPLE).unwrap();
    let h = file.header();
    assert_eq!((h.version, h.arch, h.small_int_bits), (6, 0, 31));
    let q: Vec<_> = file
        .qstrs()
        .map(|q| q.unwrap().as_bytes().unwrap().to_vec())
        .collect();
    assert_eq!(q, [&b"t.py"[..], b"<module>", b"f", b"x", b"print", b"a"]);
    assert_eq!(file.n_obj(), 0);
    let module = file.root().unwrap();
    assert_eq!(module.code.len(), 24);
    assert_eq!(module.n_children(), 1);
    let pre = module.prelude().unwrap();
    assert_eq!(pre.name, 1);
    assert_eq!(pre.n_state, 3);
    assert_eq!(pre.n_info, 3);
    let lines: Vec<_> = pre.lines().map(|e| (e.offset, e.line)).collect();
    assert_eq!(lines, [(3, 2), (7, 3)]);
    assert_eq!(pre.line_for_offset(0), 1);
    assert_eq!(pre.line_for_offset(3), 2);
    assert_eq!(pre.line_for_offset(9), 3);
    let ops: Vec<u8> = Instrs::new(pre.opcodes)
        .map(|i| i.unwrap().opcode)
        .collect();
    assert_eq!(
        ops,
        [
            0x81,
            op::STORE_NAME,
            op::MAKE_FUNCTION,
            op::STORE_NAME,
            op::LOAD_NAME,
            op::LOAD_NAME,
            0x82,
            op::CALL_FUNCTION,
            op::CALL_FUNCTION,
            op::POP_TOP,
            op::LOAD_CONST_NONE,
            op::RETURN_VALUE
        ]
    );
    let f = module.child(0).unwrap();
    assert_eq!(f.code.len(), 10);
    let fp = f.prelude().unwrap();
    assert_eq!(file.qstr_bytes(fp.name), Some(&b"f"[..]));
    assert_eq!((fp.n_pos_args, fp.n_kwonly_args, fp.n_state), (1, 0, 3));
    assert_eq!(
        fp.arg_names()
            .map(|a| file.qstr_bytes(a).unwrap())
            .collect::<Vec<_>>(),
        [b"a"]
    );
    let add = Instrs::new(fp.opcodes)
        .map(|i| i.unwrap())
        .find(|i| i.opcode == 0xf2)
        .unwrap();
    assert_eq!(add.operand, Operand::Binary(pyrite_mpy::BinaryOp::Add));
    assert_eq!(reemit(WORKED_EXAMPLE).unwrap(), WORKED_EXAMPLE);
}

#[test]
fn scratch_too_small_is_an_error() {
    let (_, data) = corpus().into_iter().next().unwrap();
    let mut scratch = [PcState::EMPTY; 4];
    assert_eq!(
        verify_with(&data, &mut scratch).unwrap_err(),
        Error::TooLarge
    );
    let n = pyrite_mpy::verify::scratch_needed(&data).unwrap();
    let mut scratch = vec![PcState::EMPTY; n];
    assert!(verify_with(&data, &mut scratch).is_ok());
}

#[test]
fn generators_are_flagged() {
    for (_, data) in corpus() {
        let file = MpyFile::parse(&data).unwrap();
        let mut todo = vec![file.root().unwrap()];
        while let Some(rc) = todo.pop() {
            let pre = rc.prelude().unwrap();
            let yields = Instrs::new(pre.opcodes)
                .any(|i| matches!(i.unwrap().opcode, op::YIELD_VALUE | op::YIELD_FROM));
            if yields {
                assert_ne!(pre.scope_flags & SCOPE_GENERATOR, 0);
            }
            todo.extend(rc.children().map(Result::unwrap));
        }
    }
}

#[test]
fn rejects_bad_headers() {
    let mut d = WORKED_EXAMPLE.to_vec();
    d[1] = 5;
    assert_eq!(
        verify(&d).unwrap_err().to_string(),
        "incompatible .mpy file"
    );
    let mut d = WORKED_EXAMPLE.to_vec();
    d[2] = 3 << 2 | 3; // armv6 native code
    assert_eq!(verify(&d).unwrap_err(), Error::NativeCode);
    let mut d = WORKED_EXAMPLE.to_vec();
    d.push(0);
    assert_eq!(verify(&d).unwrap_err(), Error::TrailingData);
    for n in 0..WORKED_EXAMPLE.len() {
        assert!(verify(&WORKED_EXAMPLE[..n]).is_err(), "truncated at {n}");
    }
}

#[test]
fn corpus_has_long_and_short_jumps() {
    let (mut long_signed, mut long_unsigned, mut short) = (false, false, false);
    for (_, data) in corpus() {
        let file = MpyFile::parse(&data).unwrap();
        let mut todo = vec![file.root().unwrap()];
        while let Some(rc) = todo.pop() {
            for i in Instrs::new(rc.prelude().unwrap().opcodes) {
                let i = i.unwrap();
                if let Operand::Jump { offset, .. } = i.operand {
                    let long =
                        i.len - usize::from(i.extra != 0 || i.opcode == op::UNWIND_JUMP) == 3;
                    short |= !long;
                    if long && i.opcode <= op::POP_JUMP_IF_FALSE && offset < 0 {
                        long_signed = true;
                    }
                    if long && i.opcode > op::POP_JUMP_IF_FALSE {
                        long_unsigned = true;
                    }
                }
            }
            todo.extend(rc.children().map(Result::unwrap));
        }
    }
    assert!(
        long_signed && long_unsigned && short,
        "{long_signed} {long_unsigned} {short}"
    );
}
