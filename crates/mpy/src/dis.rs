//! Disassembler: readable text for a .mpy file, written to any
//! [`core::fmt::Write`].
//!
//! For each raw code (pre-order): its name, arguments and prelude fields, then
//! one line per instruction: `offset  line  OPNAME operand (resolved)`.
//! Malformed parts are reported inline as `error: ...` lines; the output never
//! panics whatever the input.

use core::fmt::{self, Write};

use crate::opcodes::{Instrs, Operand, op};
use crate::reader::{Const, MpyFile, Prelude, Qstr, RawCode, RawCodes};
use crate::{Error, MAX_NESTING, static_qstr};

/// Disassemble a whole file. Returns `Err` only if `out` fails.
pub fn disassemble<W: Write>(data: &[u8], out: &mut W) -> fmt::Result {
    let file = match MpyFile::parse(data) {
        Ok(f) => f,
        Err(e) => return writeln!(out, "error: {e}"),
    };
    let h = file.header();
    writeln!(
        out,
        "mpy v{} arch={} sub-version={} small-int-bits={} qstrs={} consts={}",
        h.version,
        h.arch,
        h.sub_version,
        h.small_int_bits,
        file.n_qstr(),
        file.n_obj()
    )?;
    for (i, q) in file.qstrs().enumerate() {
        write!(out, "  qstr[{i}] ")?;
        match q {
            Ok(q) => {
                if let Qstr::Static(n) = q {
                    write!(out, "(static {n}) ")?;
                }
                write_qstr_repr(out, q)?;
                writeln!(out)?;
            }
            Err(e) => writeln!(out, "error: {e}")?,
        }
    }
    for (i, c) in file.consts().enumerate() {
        write!(out, "  const[{i}] ")?;
        match c {
            Ok(c) => {
                write_const(out, &c, 0)?;
                writeln!(out)?;
            }
            Err(e) => writeln!(out, "error: {e}")?,
        }
    }
    let root = match file.root() {
        Ok(r) => r,
        Err(e) => return writeln!(out, "error: {e}"),
    };
    disassemble_code(&file, &root, out)?;
    // Children, pre-order, without recursion.
    let mut stack: [Option<RawCodes<'_>>; MAX_NESTING + 1] = [const { None }; MAX_NESTING + 1];
    let mut top = 0usize;
    stack[0] = Some(root.children());
    loop {
        let next = match stack[top].as_mut() {
            Some(it) => it.next(),
            None => None,
        };
        match next {
            Some(Ok(rc)) => {
                disassemble_code(&file, &rc, out)?;
                if rc.n_children() > 0 && top < MAX_NESTING {
                    top += 1;
                    stack[top] = Some(rc.children());
                }
            }
            Some(Err(e)) => writeln!(out, "error: {e}")?,
            None => {
                stack[top] = None;
                if top == 0 {
                    break;
                }
                top -= 1;
            }
        }
    }
    match file.end_of_code() {
        Ok(end) if end != data.len() => writeln!(out, "error: {}", Error::TrailingData),
        Ok(_) => Ok(()),
        Err(e) => writeln!(out, "error: {e}"),
    }
}

fn write_qstr_idx<W: Write>(out: &mut W, file: &MpyFile<'_>, idx: u32) -> fmt::Result {
    match file.qstr(idx) {
        Ok(q) => write_qstr_repr(out, q),
        Err(_) => write!(out, "<bad qstr {idx}>"),
    }
}

fn write_qstr_repr<W: Write>(out: &mut W, q: Qstr<'_>) -> fmt::Result {
    match q {
        Qstr::Static(n) => match static_qstr(n) {
            Some(s) => write_str_repr(out, s.as_bytes(), false),
            None => write!(out, "<bad static qstr {n}>"),
        },
        Qstr::Bytes(b) => write_str_repr(out, b, false),
    }
}

/// Python-like repr of a string (or bytes, with `b` prefix).
fn write_str_repr<W: Write>(out: &mut W, s: &[u8], bytes: bool) -> fmt::Result {
    if bytes {
        out.write_char('b')?;
    }
    out.write_char('\'')?;
    let mut rest = s;
    while !rest.is_empty() {
        // Printable UTF-8 passes through for str; everything else is escaped.
        let valid = match core::str::from_utf8(rest) {
            Ok(v) => v,
            Err(e) => core::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or(""),
        };
        for ch in valid.chars() {
            match ch {
                '\\' => out.write_str("\\\\")?,
                '\'' => out.write_str("\\'")?,
                '\n' => out.write_str("\\n")?,
                '\r' => out.write_str("\\r")?,
                '\t' => out.write_str("\\t")?,
                c if (c as u32) < 0x20 || c as u32 == 0x7f => write!(out, "\\x{:02x}", c as u32)?,
                c if bytes && !c.is_ascii() => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        write!(out, "\\x{b:02x}")?;
                    }
                }
                c => out.write_char(c)?,
            }
        }
        let n = valid.len();
        if n < rest.len() {
            write!(out, "\\x{:02x}", rest[n])?;
            rest = &rest[n + 1..];
        } else {
            rest = &[];
        }
    }
    out.write_char('\'')
}

fn write_const<W: Write>(out: &mut W, c: &Const<'_>, depth: usize) -> fmt::Result {
    match c {
        Const::None => out.write_str("None"),
        Const::False => out.write_str("False"),
        Const::True => out.write_str("True"),
        Const::Ellipsis => out.write_str("Ellipsis"),
        Const::Str(s) => write_str_repr(out, s, false),
        Const::Bytes(s) => write_str_repr(out, s, true),
        Const::Int(s) | Const::Float(s) | Const::Complex(s) => {
            for &b in s.iter() {
                if b.is_ascii_graphic() {
                    out.write_char(b as char)?;
                } else {
                    write!(out, "\\x{b:02x}")?;
                }
            }
            Ok(())
        }
        Const::Tuple(items) => {
            if depth >= MAX_NESTING {
                return out.write_str("(...)");
            }
            out.write_char('(')?;
            let n = items.remaining();
            for (i, item) in items.clone().enumerate() {
                if i > 0 {
                    out.write_str(", ")?;
                }
                match item {
                    Ok(item) => write_const(out, &item, depth + 1)?,
                    Err(e) => write!(out, "<error: {e}>")?,
                }
            }
            if n == 1 {
                out.write_char(',')?;
            }
            out.write_char(')')
        }
    }
}

/// Disassemble one raw code (not its children).
pub fn disassemble_code<W: Write>(
    file: &MpyFile<'_>,
    rc: &RawCode<'_>,
    out: &mut W,
) -> fmt::Result {
    let indent = rc.depth();
    let pad = |out: &mut W| -> fmt::Result {
        for _ in 0..indent {
            out.write_str("  ")?;
        }
        Ok(())
    };
    let pre = match rc.prelude() {
        Ok(p) => p,
        Err(e) => {
            pad(out)?;
            return writeln!(out, "raw code at {}: error: {e}", rc.code_offset);
        }
    };
    pad(out)?;
    out.write_str("raw code ")?;
    write_qstr_idx(out, file, pre.name)?;
    out.write_str(" (")?;
    for (i, a) in pre.arg_names().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        write_qstr_idx(out, file, a)?;
    }
    writeln!(
        out,
        ") children={} code-bytes={}",
        rc.n_children(),
        rc.code.len()
    )?;
    pad(out)?;
    writeln!(
        out,
        "  n_state={} n_exc_stack={} scope_flags=0x{:x} n_pos_args={} n_kwonly_args={} n_def_pos_args={} n_info={} n_cell={} cells={:?}",
        pre.n_state,
        pre.n_exc_stack,
        pre.scope_flags,
        pre.n_pos_args,
        pre.n_kwonly_args,
        pre.n_def_pos_args,
        pre.n_info,
        pre.n_cell,
        pre.cells
    )?;
    write_instrs(file, rc, &pre, indent, out)
}

fn write_instrs<W: Write>(
    file: &MpyFile<'_>,
    rc: &RawCode<'_>,
    pre: &Prelude<'_>,
    indent: usize,
    out: &mut W,
) -> fmt::Result {
    let mut lines = pre.lines().peekable();
    let mut line = 1u32;
    for ins in Instrs::new(pre.opcodes) {
        for _ in 0..indent {
            out.write_str("  ")?;
        }
        let ins = match ins {
            Ok(i) => i,
            Err(e) => return writeln!(out, "  error: {e}"),
        };
        while let Some(e) = lines.peek() {
            if e.offset as usize <= ins.pc {
                line = e.line;
                lines.next();
            } else {
                break;
            }
        }
        write!(out, "  {:5} {:5}  {}", ins.pc, line, ins.info().name)?;
        match ins.operand {
            Operand::None => {}
            Operand::Qstr(q) => {
                write!(out, " {q} ")?;
                write_qstr_idx(out, file, q)?;
            }
            Operand::Uint(n) => {
                write!(out, " {n}")?;
                match ins.opcode {
                    op::LOAD_CONST_OBJ => {
                        out.write_str(" (")?;
                        match file.constant(n) {
                            Ok(c) => write_const(out, &c, 0)?,
                            Err(_) => out.write_str("<bad const>")?,
                        }
                        out.write_str(")")?;
                    }
                    op::MAKE_FUNCTION
                    | op::MAKE_FUNCTION_DEFARGS
                    | op::MAKE_CLOSURE
                    | op::MAKE_CLOSURE_DEFARGS => {
                        out.write_str(" (")?;
                        match rc.child(n).and_then(|c| c.prelude()) {
                            Ok(p) => write_qstr_idx(out, file, p.name)?,
                            Err(_) => out.write_str("<bad child>")?,
                        }
                        out.write_str(")")?;
                        if matches!(ins.opcode, op::MAKE_CLOSURE | op::MAKE_CLOSURE_DEFARGS) {
                            write!(out, " n_closed={}", ins.extra)?;
                        }
                    }
                    op::CALL_FUNCTION
                    | op::CALL_FUNCTION_VAR_KW
                    | op::CALL_METHOD
                    | op::CALL_METHOD_VAR_KW => {
                        write!(out, " (n_pos={} n_kw={})", n & 0xff, (n >> 8) & 0xff)?;
                    }
                    op::UNPACK_EX => write!(out, " (left={} right={})", n & 0xff, (n >> 8) & 0xff)?,
                    _ => {}
                }
            }
            Operand::SmallInt(v) => write!(out, " {v}")?,
            Operand::Local(l) => write!(out, " {l}")?,
            Operand::Unary(u) => write!(out, " {}", u.python())?,
            Operand::Binary(b) => write!(out, " {}", b.python())?,
            Operand::Jump { target, .. } => {
                write!(out, " -> {target}")?;
                if ins.opcode == op::UNWIND_JUMP {
                    write!(
                        out,
                        " (blocks={}{})",
                        ins.extra & 0x7f,
                        if ins.extra & 0x80 != 0 {
                            ", from for"
                        } else {
                            ""
                        }
                    )?;
                }
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
