//! Writer for .mpy v6 files (requires the `alloc` feature).
//!
//! Produces files byte-for-byte identical to `mpy-cross` given the same
//! compiler decisions: the qstr table refers to built-ins by index, var-uints
//! and preludes are encoded exactly as MicroPython encodes them, the line table
//! uses MicroPython's chunking, and the [`Assembler`] picks 1- or 2-byte jump
//! offsets by iterating to the same fixed point as MicroPython's emitter
//! (start with every jump long, shrink whichever fit, repeat).
//!
//! ```
//! use pyrite_mpy::writer::{Assembler, ModuleWriter, RawCodeOut, Signature, encode_function};
//! use pyrite_mpy::op;
//!
//! let mut m = ModuleWriter::new();
//! let file = m.qstr(b"t.py"); // entry 0: the source file name
//! let module = m.qstr(b"<module>");
//! let mut asm = Assembler::new();
//! asm.set_line(1);
//! asm.emit(op::LOAD_CONST_NONE);
//! asm.emit(op::RETURN_VALUE);
//! let out = asm.finish().unwrap();
//! let sig = Signature { n_state: 1, ..Signature::default() };
//! let code = encode_function(&sig, module, &[], &out.line_info, &[], &out.bytecode);
//! let bytes = m.finish(&RawCodeOut { code, children: vec![] });
//! assert_eq!(&bytes[..4], b"M\x06\x00\x1f");
//! assert!(pyrite_mpy::verify(&bytes).is_ok());
//! # let _ = file;
//! ```

use alloc::vec::Vec;

use crate::opcodes::{BinaryOp, Format, UnaryOp, format_of, op};
use crate::reader::const_type as ty;
use crate::{Error, MPY_VERSION, static_qstr_index};

/// Append `v` as a var-uint (MSB-first 7-bit groups).
pub fn encode_var_uint(out: &mut Vec<u8>, v: u32) {
    put_var_uint(out, v);
}

/// Where the file's writer puts bytes: the file itself, or a counter that
/// sizes it first (so that the file's buffer is allocated once, at its
/// size: a buffer grown by doubling needs twice its size in one free run
/// at its last growth, more than a fragmented small heap may have).
trait ByteSink {
    fn push(&mut self, b: u8);
    fn extend_from_slice(&mut self, bytes: &[u8]);
}

impl ByteSink for Vec<u8> {
    fn push(&mut self, b: u8) {
        Vec::push(self, b);
    }

    fn extend_from_slice(&mut self, bytes: &[u8]) {
        Vec::extend_from_slice(self, bytes);
    }
}

/// A [`ByteSink`] that only counts.
struct ByteCount(usize);

impl ByteSink for ByteCount {
    fn push(&mut self, _: u8) {
        self.0 += 1;
    }

    fn extend_from_slice(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

/// [`encode_var_uint`] into any sink.
fn put_var_uint(out: &mut impl ByteSink, v: u32) {
    let mut buf = [0u8; 5];
    let mut i = buf.len();
    let mut v = v;
    i -= 1;
    buf[i] = (v & 0x7f) as u8;
    v >>= 7;
    while v != 0 {
        i -= 1;
        buf[i] = 0x80 | (v & 0x7f) as u8;
        v >>= 7;
    }
    out.extend_from_slice(&buf[i..]);
}

/// Append `v` as a signed var-int (the `LOAD_CONST_SMALL_INT` operand encoding).
pub fn encode_var_int(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 11];
    let mut i = buf.len();
    let mut num = v;
    loop {
        i -= 1;
        buf[i] = (num & 0x7f) as u8;
        num >>= 7;
        if num == 0 || num == -1 {
            break;
        }
    }
    if num == -1 && buf[i] & 0x40 == 0 {
        i -= 1;
        buf[i] = 0x7f;
    } else if num == 0 && buf[i] & 0x40 != 0 {
        i -= 1;
        buf[i] = 0;
    }
    let last = buf.len() - 1;
    for (j, b) in buf[i..].iter().enumerate() {
        out.push(if i + j == last { *b } else { *b | 0x80 });
    }
}

/// The fields of a bytecode function signature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signature {
    /// Locals plus maximum stack depth (at least 1).
    pub n_state: u32,
    /// Maximum exception-block nesting.
    pub n_exc_stack: u32,
    /// Scope flags (low 4 bits are stored).
    pub scope_flags: u32,
    /// Positional parameters.
    pub n_pos_args: u32,
    /// Keyword-only parameters.
    pub n_kwonly_args: u32,
    /// Positional parameters with defaults.
    pub n_def_pos_args: u32,
}

/// Append the variable-length signature (`xSSSSEAA` then `xFSSKAED` bytes).
pub fn encode_signature(out: &mut Vec<u8>, sig: &Signature) {
    let mut s = sig.n_state.saturating_sub(1);
    let mut e = sig.n_exc_stack;
    let mut f = sig.scope_flags & 0x0f;
    let mut a = sig.n_pos_args;
    let mut k = sig.n_kwonly_args;
    let mut d = sig.n_def_pos_args;
    let mut z = (((s & 0xf) << 3) | ((e & 1) << 2) | (a & 3)) as u8;
    s >>= 4;
    e >>= 1;
    a >>= 2;
    while s | e | f | a | k | d != 0 {
        out.push(0x80 | z);
        z = (((f & 1) << 6)
            | ((s & 3) << 4)
            | ((k & 1) << 3)
            | ((a & 1) << 2)
            | ((e & 1) << 1)
            | (d & 1)) as u8;
        s >>= 2;
        e >>= 1;
        f >>= 1;
        a >>= 1;
        k >>= 1;
        d >>= 1;
    }
    out.push(z);
}

/// Append the prelude size field (`xIIIIIIC` bytes).
pub fn encode_size(out: &mut Vec<u8>, n_info: u32, n_cell: u32) {
    let (mut i, mut c) = (n_info, n_cell);
    loop {
        let mut z = (((i & 0x3f) << 1) | (c & 1)) as u8;
        c >>= 1;
        i >>= 6;
        if c | i != 0 {
            z |= 0x80;
        }
        out.push(z);
        if c | i == 0 {
            break;
        }
    }
}

/// Builds a line-number table the way MicroPython's emitter does.
#[derive(Clone, Debug, Default)]
pub struct LineTable {
    out: Vec<u8>,
    last_offset: u32,
    last_line: u32,
}

impl LineTable {
    /// An empty table (line 1 at offset 0).
    pub fn new() -> Self {
        LineTable {
            out: Vec::new(),
            last_offset: 0,
            last_line: 1,
        }
    }

    /// Record that the bytecode at `offset` starts source line `line`. Ignored
    /// unless `line` is greater than the last recorded line (as MicroPython does).
    pub fn mark(&mut self, offset: u32, line: u32) {
        if line > self.last_line {
            let b = offset.saturating_sub(self.last_offset);
            self.push_deltas(b, line - self.last_line);
            self.last_offset = offset;
            self.last_line = line;
        }
    }

    /// Append raw deltas, split into entries exactly as MicroPython does.
    pub fn push_deltas(&mut self, mut bytes: u32, mut lines: u32) {
        while bytes > 0 || lines > 0 {
            let (b, l);
            if lines <= 6 || bytes > 0xf {
                b = bytes.min(0x1f);
                l = if b < bytes { 0 } else { lines.min(3) };
                self.out.push((b | (l << 5)) as u8);
            } else {
                b = bytes.min(0xf);
                l = lines.min(0x7ff);
                self.out.push((0x80 | b | ((l >> 4) & 0x70)) as u8);
                self.out.push(l as u8);
            }
            bytes -= b;
            lines -= l;
        }
    }

    /// The encoded table.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

/// Assemble a complete bytecode raw code: signature, size, info section (name,
/// argument names, line table), cells, opcodes.
pub fn encode_function(
    sig: &Signature,
    name: u32,
    arg_names: &[u32],
    line_info: &[u8],
    cells: &[u8],
    opcodes: &[u8],
) -> Vec<u8> {
    let mut info = Vec::new();
    encode_var_uint(&mut info, name);
    for &a in arg_names {
        encode_var_uint(&mut info, a);
    }
    info.extend_from_slice(line_info);
    let mut out = Vec::with_capacity(info.len() + cells.len() + opcodes.len() + 8);
    encode_signature(&mut out, sig);
    encode_size(&mut out, info.len() as u32, cells.len() as u32);
    out.extend_from_slice(&info);
    out.extend_from_slice(cells);
    out.extend_from_slice(opcodes);
    out
}

/// A jump label handed out by [`Assembler::new_label`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(u32);

/// One piece of the code before layout. Eight bytes each (checked below):
/// a long module's assembler holds about two per statement, the largest
/// part of the compiler's peak memory on a small board.
#[derive(Clone, Debug)]
enum Item {
    /// Bytes `start..start + len` of the assembler's byte buffer.
    Bytes {
        start: u32,
        len: u16,
    },
    /// A jump; `flags` holds [`JUMP_LONG`] and [`JUMP_EXTRA`] (`extra` is
    /// then the byte after the offset, for `UNWIND_JUMP`).
    Jump {
        label: Label,
        opcode: u8,
        extra: u8,
        flags: u8,
    },
    Bind(Label),
    Line(u32),
}

const _: () = assert!(size_of::<Item>() == 8);

/// [`Item::Jump`]: the offset takes two bytes (until layout shrinks it).
const JUMP_LONG: u8 = 1;
/// [`Item::Jump`]: an extra byte follows the offset.
const JUMP_EXTRA: u8 = 2;

/// The result of [`Assembler::finish`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assembled {
    /// The opcodes.
    pub bytecode: Vec<u8>,
    /// The line-number table.
    pub line_info: Vec<u8>,
    /// Final offset of each label, indexed by label number.
    pub label_offsets: Vec<u32>,
}

/// A bytecode assembler with labels, jump-size selection and line tracking.
#[derive(Clone, Debug)]
pub struct Assembler {
    items: Vec<Item>,
    bytes: Vec<u8>,
    n_labels: u32,
    /// The code laid out by [`Assembler::flush`] so far: its bytes, its
    /// line table and the offsets of the labels it bound (`u32::MAX` for
    /// the others).
    done: Vec<u8>,
    lines: LineTable,
    placed: Vec<u32>,
}

impl Default for Assembler {
    fn default() -> Self {
        Assembler {
            items: Vec::new(),
            bytes: Vec::new(),
            n_labels: 0,
            done: Vec::new(),
            lines: LineTable::new(),
            placed: Vec::new(),
        }
    }
}

impl Assembler {
    /// An empty assembler.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh, unbound label.
    pub fn new_label(&mut self) -> Label {
        self.n_labels += 1;
        Label(self.n_labels - 1)
    }

    /// Bind `label` to the current position.
    pub fn bind(&mut self, label: Label) {
        self.items.push(Item::Bind(label));
    }

    /// The following instructions belong to source line `line` (ignored unless
    /// greater than the current line, as in MicroPython).
    pub fn set_line(&mut self, line: u32) {
        self.items.push(Item::Line(line));
    }

    fn push_bytes(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        let start = self.bytes.len();
        f(&mut self.bytes);
        let mut added = self.bytes.len() - start;
        if let Some(Item::Bytes { start: s, len }) = self.items.last_mut()
            && *s as usize + usize::from(*len) == start
        {
            let room = usize::from(u16::MAX - *len).min(added);
            *len += room as u16;
            added -= room;
        }
        // What did not fit the last item (none, or more than 64 KiB).
        let mut at = self.bytes.len() - added;
        while added > 0 {
            let n = added.min(usize::from(u16::MAX));
            self.items.push(Item::Bytes {
                start: at as u32,
                len: n as u16,
            });
            at += n;
            added -= n;
        }
    }

    /// Append raw bytes (escape hatch; no checking).
    pub fn raw(&mut self, bytes: &[u8]) {
        self.push_bytes(|b| b.extend_from_slice(bytes));
    }

    /// Emit an opcode without operand (format `None` or a packed opcode).
    pub fn emit(&mut self, opcode: u8) {
        self.push_bytes(|b| b.push(opcode));
    }

    /// Emit an opcode with a var-uint or qstr-index operand.
    pub fn emit_uint(&mut self, opcode: u8, arg: u32) {
        self.push_bytes(|b| {
            b.push(opcode);
            encode_var_uint(b, arg);
        });
    }

    /// Emit `MAKE_CLOSURE`/`MAKE_CLOSURE_DEFARGS` with its closed-over count.
    pub fn emit_closure(&mut self, opcode: u8, child: u32, n_closed: u8) {
        self.push_bytes(|b| {
            b.push(opcode);
            encode_var_uint(b, child);
            b.push(n_closed);
        });
    }

    /// Push small int `v`: a packed opcode for -16..=47, else `LOAD_CONST_SMALL_INT`.
    pub fn load_small_int(&mut self, v: i64) {
        if (-16..=47).contains(&v) {
            self.emit((v + 0x80) as u8);
        } else {
            self.push_bytes(|b| {
                b.push(op::LOAD_CONST_SMALL_INT);
                encode_var_int(b, v);
            });
        }
    }

    /// Load local `n` (packed for 0..=15).
    pub fn load_fast(&mut self, n: u32) {
        if n < 16 {
            self.emit(op::LOAD_FAST_MULTI + n as u8);
        } else {
            self.emit_uint(op::LOAD_FAST_N, n);
        }
    }

    /// Store local `n` (packed for 0..=15).
    pub fn store_fast(&mut self, n: u32) {
        if n < 16 {
            self.emit(op::STORE_FAST_MULTI + n as u8);
        } else {
            self.emit_uint(op::STORE_FAST_N, n);
        }
    }

    /// Emit a unary operator.
    pub fn unary(&mut self, o: UnaryOp) {
        self.emit(o.opcode());
    }

    /// Emit a binary operator.
    pub fn binary(&mut self, o: BinaryOp) {
        self.emit(o.opcode());
    }

    /// Emit a jump-format opcode to `label` (not `UNWIND_JUMP`: see
    /// [`unwind_jump`](Self::unwind_jump)).
    pub fn jump(&mut self, opcode: u8, label: Label) {
        self.items.push(Item::Jump {
            label,
            opcode,
            extra: 0,
            flags: JUMP_LONG,
        });
    }

    /// Emit `UNWIND_JUMP` to `label`, unwinding `extra & 0x7f` blocks (bit 7:
    /// also pop a `for` iterator).
    pub fn unwind_jump(&mut self, label: Label, extra: u8) {
        self.items.push(Item::Jump {
            label,
            opcode: op::UNWIND_JUMP,
            extra,
            flags: JUMP_LONG | JUMP_EXTRA,
        });
    }

    /// Lay out the code: choose jump sizes (fixed point), resolve labels, build
    /// the line table. Fails with [`Error::BadJump`] for an unbound label, a
    /// backward unsigned jump or an offset that does not fit in 2 bytes, and
    /// [`Error::UnknownOpcode`] for a jump with a non-jump opcode.
    pub fn finish(mut self) -> Result<Assembled, Error> {
        self.lay_out()?;
        // On a small target the code's block is cut to its size (the
        // file's writer copies it while it is alive).
        if cfg!(target_pointer_width = "32") {
            self.done.shrink_to_fit();
        }
        Ok(Assembled {
            bytecode: self.done,
            line_info: self.lines.into_bytes(),
            label_offsets: self.placed,
        })
    }

    /// Lays out the code emitted so far, as [`finish`](Self::finish) would,
    /// if none of its jumps goes to a label not bound yet: its items are
    /// then freed and only its final bytes kept (a module's code, laid out
    /// after each top-level statement, then never holds more than one
    /// statement's items). The result is the same: a jump's size depends
    /// only on the code between it and its label. Returns whether it did;
    /// code it cannot lay out (a bad jump) is left for `finish` to report.
    pub fn flush(&mut self) -> bool {
        // Mark the labels bound here (`lay_out` gives them their offsets).
        self.placed.resize(self.n_labels as usize, u32::MAX);
        for item in &self.items {
            if let Item::Bind(l) = item {
                self.placed[l.0 as usize] = 0;
            }
        }
        let closed = self.items.iter().all(|i| match i {
            Item::Jump { label, .. } => self.placed.get(label.0 as usize) != Some(&u32::MAX),
            _ => true,
        });
        closed && self.lay_out().is_ok()
    }

    /// Lays out the items after the code already laid out, appends their
    /// bytes and lines to it and empties them.
    fn lay_out(&mut self) -> Result<(), Error> {
        let base = self.done.len() as u32;
        let labels = &mut self.placed;
        labels.resize(self.n_labels as usize, u32::MAX);
        let mut jump_pos = Vec::new();
        let mut end;
        loop {
            // Layout with the current sizes.
            jump_pos.clear();
            let mut pos = base;
            for item in &self.items {
                match item {
                    Item::Bytes { len, .. } => pos += u32::from(*len),
                    Item::Jump { flags, .. } => {
                        jump_pos.push(pos);
                        pos += 2
                            + u32::from(flags & JUMP_LONG != 0)
                            + u32::from(flags & JUMP_EXTRA != 0);
                    }
                    Item::Bind(l) => labels[l.0 as usize] = pos,
                    Item::Line(_) => {}
                }
            }
            end = pos;
            // Shrink the jumps that fit in one byte in that layout (distances
            // only decrease as code shrinks, so a shrunk jump stays valid).
            let mut changed = false;
            let mut j = 0;
            for item in &mut self.items {
                if let Item::Jump {
                    opcode,
                    label,
                    flags,
                    ..
                } = item
                {
                    let pos = jump_pos[j];
                    j += 1;
                    let target = *labels
                        .get(label.0 as usize)
                        .ok_or(Error::BadJump { pc: pos })?;
                    if target == u32::MAX {
                        return Err(Error::BadJump { pc: pos });
                    }
                    let signed = match format_of(*opcode).map(|f| f.0) {
                        Some(Format::SignedJump) => true,
                        Some(Format::UnsignedJump) => false,
                        _ => {
                            return Err(Error::UnknownOpcode {
                                opcode: *opcode,
                                pc: pos,
                            });
                        }
                    };
                    let off = i64::from(target) - i64::from(pos) - 2;
                    let fits = if signed {
                        (-64..=63).contains(&off)
                    } else {
                        (0..=127).contains(&off)
                    };
                    if *flags & JUMP_LONG != 0 && fits {
                        *flags &= !JUMP_LONG;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // Emit; on an error the code laid out before stays as it was. A
        // small target grows the code by what this part adds: doubling
        // would leave holes behind in its heap at every statement.
        if cfg!(target_pointer_width = "32") {
            self.done.reserve_exact((end - base) as usize);
        } else {
            self.done.reserve((end - base) as usize);
        }
        let saved = (
            self.lines.out.len(),
            self.lines.last_offset,
            self.lines.last_line,
        );
        if let Err(e) = self.emit_items() {
            self.done.truncate(base as usize);
            self.lines.out.truncate(saved.0);
            (self.lines.last_offset, self.lines.last_line) = (saved.1, saved.2);
            return Err(e);
        }
        self.items.clear();
        self.bytes.clear();
        // A small target gives the memory back for the rest of the
        // compile; a host keeps it for the next statement (fewer
        // reallocations).
        if cfg!(target_pointer_width = "32") {
            self.items.shrink_to_fit();
            self.bytes.shrink_to_fit();
        }
        Ok(())
    }

    /// Appends the items' bytes to the code laid out, with the jump sizes
    /// and label offsets [`lay_out`](Self::lay_out) chose.
    fn emit_items(&mut self) -> Result<(), Error> {
        let labels = &self.placed;
        let out = &mut self.done;
        for item in &self.items {
            let pos = out.len() as u32;
            match item {
                Item::Bytes { start, len } => {
                    let start = *start as usize;
                    out.extend_from_slice(&self.bytes[start..start + usize::from(*len)]);
                }
                Item::Jump {
                    label,
                    opcode,
                    extra,
                    flags,
                } => {
                    let target = i64::from(labels[label.0 as usize]);
                    let signed = *opcode <= op::POP_JUMP_IF_FALSE;
                    out.push(*opcode);
                    if *flags & JUMP_LONG != 0 {
                        let mut off = target - i64::from(pos) - 3;
                        if signed {
                            off += 0x4000;
                        }
                        if !(0..=0x7fff).contains(&off) {
                            return Err(Error::BadJump { pc: pos });
                        }
                        out.push(0x80 | (off & 0x7f) as u8);
                        out.push((off >> 7) as u8);
                    } else {
                        let mut off = target - i64::from(pos) - 2;
                        if signed {
                            off += 0x40;
                        }
                        if !(0..=0x7f).contains(&off) {
                            return Err(Error::BadJump { pc: pos });
                        }
                        out.push(off as u8);
                    }
                    if *flags & JUMP_EXTRA != 0 {
                        out.push(*extra);
                    }
                }
                Item::Bind(_) => {}
                Item::Line(l) => self.lines.mark(pos, *l),
            }
        }
        Ok(())
    }
}

/// An owned constant for the writer's object table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstValue {
    /// `None`
    None,
    /// `False`
    False,
    /// `True`
    True,
    /// `...`
    Ellipsis,
    /// A `str` (UTF-8 bytes).
    Str(Vec<u8>),
    /// A `bytes`.
    Bytes(Vec<u8>),
    /// An `int` as decimal text (MicroPython's repr).
    Int(Vec<u8>),
    /// A `float` as MicroPython's repr text.
    Float(Vec<u8>),
    /// A `complex` as MicroPython's repr text.
    Complex(Vec<u8>),
    /// A tuple.
    Tuple(Vec<ConstValue>),
}

/// Append a constant (iteratively: no recursion on nested tuples).
fn encode_const(out: &mut impl ByteSink, c: &ConstValue) {
    let mut stack: Vec<core::slice::Iter<'_, ConstValue>> = Vec::new();
    let mut cur = Some(c);
    loop {
        if let Some(c) = cur.take() {
            match c {
                ConstValue::None => out.push(ty::NONE),
                ConstValue::False => out.push(ty::FALSE),
                ConstValue::True => out.push(ty::TRUE),
                ConstValue::Ellipsis => out.push(ty::ELLIPSIS),
                ConstValue::Str(s) | ConstValue::Bytes(s) => {
                    out.push(if matches!(c, ConstValue::Str(_)) {
                        ty::STR
                    } else {
                        ty::BYTES
                    });
                    put_var_uint(out, s.len() as u32);
                    out.extend_from_slice(s);
                    out.push(0);
                }
                ConstValue::Int(s) | ConstValue::Float(s) | ConstValue::Complex(s) => {
                    out.push(match c {
                        ConstValue::Int(_) => ty::INT,
                        ConstValue::Float(_) => ty::FLOAT,
                        _ => ty::COMPLEX,
                    });
                    put_var_uint(out, s.len() as u32);
                    out.extend_from_slice(s);
                }
                ConstValue::Tuple(items) => {
                    out.push(ty::TUPLE);
                    put_var_uint(out, items.len() as u32);
                    stack.push(items.iter());
                }
            }
        }
        match stack.last_mut() {
            Some(it) => match it.next() {
                Some(next) => cur = Some(next),
                None => {
                    stack.pop();
                }
            },
            None => return,
        }
    }
}

/// A raw code to write: its `code` (from [`encode_function`]) and children in
/// `MAKE_FUNCTION` index order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawCodeOut {
    /// Prelude and opcodes.
    pub code: Vec<u8>,
    /// Nested raw codes.
    pub children: Vec<RawCodeOut>,
}

/// Collects a file's qstr and constant tables and writes the file.
#[derive(Clone, Debug)]
pub struct ModuleWriter {
    /// Small-int width written in the header (default 31, as `mpy-cross`).
    pub small_int_bits: u8,
    qstrs: Vec<Vec<u8>>,
    objs: Vec<ConstValue>,
}

impl Default for ModuleWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ModuleWriter {
    /// Empty tables, 31-bit small ints.
    pub fn new() -> Self {
        ModuleWriter {
            small_int_bits: 31,
            qstrs: Vec::new(),
            objs: Vec::new(),
        }
    }

    /// Index of `s` in the qstr table, adding it on first use (mpy-cross puts
    /// the source file name first, then qstrs in order of first use).
    pub fn qstr(&mut self, s: &[u8]) -> u32 {
        if let Some(i) = self.qstrs.iter().position(|q| q == s) {
            return i as u32;
        }
        self.qstrs.push(s.to_vec());
        self.qstrs.len() as u32 - 1
    }

    /// The qstr table so far.
    pub fn qstrs(&self) -> &[Vec<u8>] {
        &self.qstrs
    }

    /// Append a constant and return its index (no de-duplication).
    pub fn push_const(&mut self, c: ConstValue) -> u32 {
        self.objs.push(c);
        self.objs.len() as u32 - 1
    }

    /// Index of an identical constant already in the table, or append it.
    pub fn const_index(&mut self, c: ConstValue) -> u32 {
        if let Some(i) = self.objs.iter().position(|o| *o == c) {
            return i as u32;
        }
        self.push_const(c)
    }

    /// Write the file: header, tables, then `root` and its descendants.
    pub fn finish(&self, root: &RawCodeOut) -> Vec<u8> {
        // Sized first, then written into a buffer of exactly that size.
        let mut size = ByteCount(0);
        self.write_file(root, &mut size);
        let mut out = Vec::with_capacity(size.0);
        self.write_file(root, &mut out);
        debug_assert_eq!(out.len(), size.0);
        out
    }

    /// Writes the file (see [`finish`](Self::finish)) into `out`.
    fn write_file(&self, root: &RawCodeOut, out: &mut impl ByteSink) {
        out.extend_from_slice(&[b'M', MPY_VERSION, 0, self.small_int_bits]);
        put_var_uint(out, self.qstrs.len() as u32);
        put_var_uint(out, self.objs.len() as u32);
        for q in &self.qstrs {
            match static_qstr_index(q) {
                Some(n) => put_var_uint(out, (n << 1) | 1),
                None => {
                    put_var_uint(out, (q.len() as u32) << 1);
                    out.extend_from_slice(q);
                    out.push(0);
                }
            }
        }
        for o in &self.objs {
            encode_const(out, o);
        }
        // Pre-order, iteratively.
        let mut stack: Vec<core::slice::Iter<'_, RawCodeOut>> = Vec::new();
        let mut cur = Some(root);
        loop {
            if let Some(rc) = cur.take() {
                let has_children = !rc.children.is_empty();
                put_var_uint(
                    out,
                    ((rc.code.len() as u32) << 3) | (u32::from(has_children) << 2),
                );
                out.extend_from_slice(&rc.code);
                if has_children {
                    put_var_uint(out, rc.children.len() as u32);
                    stack.push(rc.children.iter());
                }
            }
            match stack.last_mut() {
                Some(it) => match it.next() {
                    Some(next) => cur = Some(next),
                    None => {
                        stack.pop();
                    }
                },
                None => return,
            }
        }
    }
}
