//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use pyrite_mpy::writer::{
    Assembler, ConstValue, ModuleWriter, RawCodeOut, Signature, encode_function,
};
use pyrite_mpy::{Const, Error, Instrs, MpyFile, Operand, RawCode, op};

/// The committed corpus: (file name, bytes).
pub fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("corpus dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "mpy") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read(&path).expect("read")));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no corpus files");
    out
}

/// The worked example from the interchange spec (`t.py`, three lines).
pub const WORKED_EXAMPLE: &[u8] = &[
    0x4d, 0x06, 0x00, 0x1f, 0x06, 0x00, 0x08, 0x74, 0x2e, 0x70, 0x79, 0x00, 0x0f, 0x02, 0x66, 0x00,
    0x02, 0x78, 0x00, 0x81, 0x77, 0x02, 0x61, 0x00, 0x81, 0x44, 0x10, 0x06, 0x01, 0x23, 0x24, 0x81,
    0x16, 0x03, 0x32, 0x00, 0x16, 0x02, 0x11, 0x04, 0x11, 0x02, 0x82, 0x34, 0x01, 0x34, 0x01, 0x59,
    0x51, 0x63, 0x01, 0x50, 0x11, 0x06, 0x02, 0x05, 0x20, 0xb0, 0x12, 0x03, 0xf2, 0x63,
];

fn to_value(c: &Const<'_>) -> ConstValue {
    match c {
        Const::None => ConstValue::None,
        Const::False => ConstValue::False,
        Const::True => ConstValue::True,
        Const::Ellipsis => ConstValue::Ellipsis,
        Const::Str(s) => ConstValue::Str(s.to_vec()),
        Const::Bytes(s) => ConstValue::Bytes(s.to_vec()),
        Const::Int(s) => ConstValue::Int(s.to_vec()),
        Const::Float(s) => ConstValue::Float(s.to_vec()),
        Const::Complex(s) => ConstValue::Complex(s.to_vec()),
        Const::Tuple(items) => {
            ConstValue::Tuple(items.clone().map(|i| to_value(&i.unwrap())).collect())
        }
    }
}

/// Re-emit one raw code through the assembler and prelude encoders.
fn reemit_code(rc: &RawCode<'_>) -> Result<RawCodeOut, Error> {
    let pre = rc.prelude()?;
    let code = pre.opcodes;
    let instrs: Vec<_> = Instrs::new(code).collect::<Result<_, _>>()?;
    let mut asm = Assembler::new();
    // Labels at every jump target.
    let mut labels = BTreeMap::new();
    for i in &instrs {
        if let Some(t) = i.jump_target() {
            labels.entry(t as usize).or_insert_with(|| asm.new_label());
        }
    }
    // Line marks: one per line-table entry that advances the line.
    let mut marks: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for e in pre.lines() {
        if e.lines_delta > 0 {
            marks.entry(e.offset as usize).or_default().push(e.line);
        }
    }
    let place = |asm: &mut Assembler, pc: usize| {
        if let Some(ls) = marks.get(&pc) {
            for &l in ls {
                asm.set_line(l);
            }
        }
        if let Some(&l) = labels.get(&pc) {
            asm.bind(l);
        }
    };
    for i in &instrs {
        place(&mut asm, i.pc);
        match (i.opcode, i.operand) {
            (_, Operand::Jump { target, .. }) => {
                let l = labels[&(target as usize)];
                if i.opcode == op::UNWIND_JUMP {
                    asm.unwind_jump(l, i.extra);
                } else {
                    asm.jump(i.opcode, l);
                }
            }
            (op::LOAD_CONST_SMALL_INT, Operand::SmallInt(v)) => asm.load_small_int(v),
            (op::MAKE_CLOSURE | op::MAKE_CLOSURE_DEFARGS, _) => {
                asm.emit_closure(i.opcode, i.arg(), i.extra)
            }
            (_, Operand::Qstr(n) | Operand::Uint(n)) => asm.emit_uint(i.opcode, n),
            _ => asm.emit(i.opcode),
        }
    }
    place(&mut asm, code.len());
    let out = asm.finish()?;
    let sig = Signature {
        n_state: pre.n_state,
        n_exc_stack: pre.n_exc_stack,
        scope_flags: pre.scope_flags,
        n_pos_args: pre.n_pos_args,
        n_kwonly_args: pre.n_kwonly_args,
        n_def_pos_args: pre.n_def_pos_args,
    };
    let args: Vec<u32> = pre.arg_names().collect();
    let code = encode_function(
        &sig,
        pre.name,
        &args,
        &out.line_info,
        pre.cells,
        &out.bytecode,
    );
    let mut children = Vec::new();
    for c in rc.children() {
        children.push(reemit_code(&c?)?);
    }
    Ok(RawCodeOut { code, children })
}

/// Read a file and write it back with the writer.
pub fn reemit(data: &[u8]) -> Result<Vec<u8>, String> {
    reemit_inner(data)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "duplicate qstr".to_string())
}

fn reemit_inner(data: &[u8]) -> Result<Option<Vec<u8>>, Error> {
    let file = MpyFile::parse(data)?;
    let mut w = ModuleWriter::new();
    w.small_int_bits = file.header().small_int_bits;
    for (i, q) in file.qstrs().enumerate() {
        let q = q?;
        let idx = w.qstr(q.as_bytes().unwrap_or(b""));
        if idx as usize != i {
            return Ok(None);
        }
    }
    for c in file.consts() {
        w.push_const(to_value(&c?));
    }
    let root = reemit_code(&file.root()?)?;
    Ok(Some(w.finish(&root)))
}

/// Every opcode byte used anywhere in `data`.
pub fn opcodes_used(data: &[u8], seen: &mut [bool; 256]) {
    let file = MpyFile::parse(data).unwrap();
    let mut todo = vec![file.root().unwrap()];
    while let Some(rc) = todo.pop() {
        let pre = rc.prelude().unwrap();
        for i in Instrs::new(pre.opcodes) {
            seen[i.unwrap().opcode as usize] = true;
        }
        for c in rc.children() {
            todo.push(c.unwrap());
        }
    }
}
