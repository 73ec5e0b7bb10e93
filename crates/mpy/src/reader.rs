//! Zero-copy reader for .mpy v6 files.
//!
//! Nothing here allocates or copies bytecode: every string, number text and
//! code area is a slice of the input, so frozen files can run from flash.
//! Tables are exposed as lazy iterators plus `get(i)` random access (linear
//! in the table size; the VM builds its own arrays once).
//!
//! The reader checks only what it needs to walk the file safely; run
//! `verify()` / [`verify_with`](crate::verify_with) before
//! executing anything.

use crate::opcodes::read_var_uint;
use crate::{Error, MAX_NESTING, MPY_VERSION, static_qstr_bytes};

/// The 4-byte file header (plus the optional arch-flags var-uint).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Major version (always [`MPY_VERSION`] once parsed).
    pub version: u8,
    /// Native architecture number (bits 5..2 of the flags byte; 0 = none).
    pub arch: u8,
    /// Sub-version (bits 1..0 of the flags byte; only meaningful with native code).
    pub sub_version: u8,
    /// Arch-flags var-uint following the header when bit 6 of the flags byte is set.
    pub arch_flags: Option<u32>,
    /// Number of bits in a small int for the compiler that wrote the file.
    pub small_int_bits: u8,
}

/// Scope flag: the function is a generator (or `async def`).
pub const SCOPE_GENERATOR: u32 = 0x01;
/// Scope flag: the function takes `**kwargs`.
pub const SCOPE_VARKEYWORDS: u32 = 0x02;
/// Scope flag: the function takes `*args`.
pub const SCOPE_VARARGS: u32 = 0x04;
/// Scope flag: keyword-only arguments have defaults.
pub const SCOPE_DEFKWARGS: u32 = 0x08;

/// A parsed .mpy file: header and the positions of its tables.
#[derive(Clone, Copy, Debug)]
pub struct MpyFile<'a> {
    data: &'a [u8],
    header: Header,
    n_qstr: u32,
    n_obj: u32,
    qstr_pos: usize,
    obj_pos: usize,
    rc_pos: usize,
}

/// A qstr table entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qstr<'a> {
    /// Built-in string number `n` (see [`static_qstr`](crate::static_qstr)).
    Static(u32),
    /// A string stored in the file.
    Bytes(&'a [u8]),
}

impl<'a> Qstr<'a> {
    /// The string bytes, or `None` for an unknown built-in number.
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match *self {
            Qstr::Static(n) => static_qstr_bytes(n),
            Qstr::Bytes(b) => Some(b),
        }
    }
}

/// A constant-table entry (raw data: the VM builds the objects).
#[derive(Clone, Debug)]
pub enum Const<'a> {
    /// `None`
    None,
    /// `False`
    False,
    /// `True`
    True,
    /// `...`
    Ellipsis,
    /// A `str` (UTF-8 bytes, without the trailing NUL).
    Str(&'a [u8]),
    /// A `bytes` value (without the trailing NUL).
    Bytes(&'a [u8]),
    /// An `int`, as its decimal ASCII repr (e.g. `b"-123456789012345678901"`).
    Int(&'a [u8]),
    /// A `float`, as its ASCII repr.
    Float(&'a [u8]),
    /// A `complex`, as its ASCII repr (e.g. `b"2j"`).
    Complex(&'a [u8]),
    /// A tuple of constants.
    Tuple(Consts<'a>),
}

/// Constant type bytes.
pub(crate) mod const_type {
    pub const NONE: u8 = 1;
    pub const FALSE: u8 = 2;
    pub const TRUE: u8 = 3;
    pub const ELLIPSIS: u8 = 4;
    pub const STR: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const INT: u8 = 7;
    pub const FLOAT: u8 = 8;
    pub const COMPLEX: u8 = 9;
    pub const TUPLE: u8 = 10;
}

use const_type as ty;

/// Kind of a raw code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// Bytecode (the only kind this crate runs).
    Bytecode,
    /// Native Python code (`@micropython.native`).
    Native,
    /// Viper code.
    Viper,
    /// Inline assembler.
    Asm,
}

/// One raw code (a function, class body, comprehension or the module).
#[derive(Clone, Copy, Debug)]
pub struct RawCode<'a> {
    data: &'a [u8],
    /// Kind (always [`CodeKind::Bytecode`]: other kinds fail to parse).
    pub kind: CodeKind,
    /// The code: prelude followed by opcodes. A slice of the file.
    pub code: &'a [u8],
    /// Offset of `code` within the file.
    pub code_offset: usize,
    n_children: u32,
    children_pos: usize,
    depth: usize,
}

/// Iterator over a raw code's children.
#[derive(Clone, Debug)]
pub struct RawCodes<'a> {
    data: &'a [u8],
    pos: usize,
    remaining: u32,
    depth: usize,
    failed: bool,
}

/// Iterator over the qstr table.
#[derive(Clone, Debug)]
pub struct Qstrs<'a> {
    data: &'a [u8],
    pos: usize,
    remaining: u32,
    failed: bool,
}

/// Iterator over constants (the file's object table or a tuple's items).
#[derive(Clone, Debug)]
pub struct Consts<'a> {
    data: &'a [u8],
    pos: usize,
    remaining: u32,
    depth: usize,
    failed: bool,
}

fn byte(data: &[u8], pos: usize) -> Result<u8, Error> {
    data.get(pos).copied().ok_or(Error::Truncated)
}

fn slice(data: &[u8], pos: usize, len: u32) -> Result<&[u8], Error> {
    let end = pos.checked_add(len as usize).ok_or(Error::Truncated)?;
    data.get(pos..end).ok_or(Error::Truncated)
}

/// Parse one qstr entry at `pos`, returning it and the position after it.
fn parse_qstr(data: &[u8], pos: usize) -> Result<(Qstr<'_>, usize), Error> {
    let (v, pos) = read_var_uint(data, pos)?;
    if v & 1 == 1 {
        return Ok((Qstr::Static(v >> 1), pos));
    }
    let s = slice(data, pos, v >> 1)?;
    let after = pos + s.len();
    byte(data, after)?; // NUL terminator
    Ok((Qstr::Bytes(s), after + 1))
}

/// Parse the constant at `pos` (tuples are returned lazily). Returns the
/// constant and the position just after its header (for non-tuples, after the
/// whole constant).
fn parse_const_head(data: &[u8], pos: usize, depth: usize) -> Result<(Const<'_>, usize), Error> {
    let t = byte(data, pos)?;
    let pos = pos + 1;
    Ok(match t {
        ty::NONE => (Const::None, pos),
        ty::FALSE => (Const::False, pos),
        ty::TRUE => (Const::True, pos),
        ty::ELLIPSIS => (Const::Ellipsis, pos),
        ty::STR | ty::BYTES => {
            let (len, pos) = read_var_uint(data, pos)?;
            let s = slice(data, pos, len)?;
            let after = pos + s.len();
            byte(data, after)?;
            (
                if t == ty::STR {
                    Const::Str(s)
                } else {
                    Const::Bytes(s)
                },
                after + 1,
            )
        }
        ty::INT | ty::FLOAT | ty::COMPLEX => {
            let (len, pos) = read_var_uint(data, pos)?;
            let s = slice(data, pos, len)?;
            let c = match t {
                ty::INT => Const::Int(s),
                ty::FLOAT => Const::Float(s),
                _ => Const::Complex(s),
            };
            (c, pos + s.len())
        }
        ty::TUPLE => {
            if depth + 1 > MAX_NESTING {
                return Err(Error::NestingTooDeep);
            }
            let (n, pos) = read_var_uint(data, pos)?;
            (
                Const::Tuple(Consts {
                    data,
                    pos,
                    remaining: n,
                    depth: depth + 1,
                    failed: false,
                }),
                pos,
            )
        }
        _ => return Err(Error::BadConstType(t)),
    })
}

/// Skip one whole constant (tuples included) without recursion; enforces the
/// nesting limit. Returns the position after it.
fn skip_const(data: &[u8], pos: usize, depth: usize) -> Result<usize, Error> {
    // remaining[d] = constants still to skip at nesting level d.
    let mut remaining = [0u32; MAX_NESTING + 1];
    let mut level = 0usize;
    remaining[0] = 1;
    let mut pos = pos;
    loop {
        while remaining[level] == 0 {
            if level == 0 {
                return Ok(pos);
            }
            level -= 1;
        }
        remaining[level] -= 1;
        let (c, after) = parse_const_head(data, pos, depth + level)?;
        pos = after;
        if let Const::Tuple(items) = c
            && items.remaining > 0
        {
            level += 1;
            if level > MAX_NESTING {
                return Err(Error::NestingTooDeep);
            }
            remaining[level] = items.remaining;
        }
    }
}

/// Parse a raw code header + code at `pos`. Returns it; its children start at
/// `children_pos`.
fn parse_raw_code(data: &[u8], pos: usize, depth: usize) -> Result<RawCode<'_>, Error> {
    if depth >= MAX_NESTING {
        return Err(Error::NestingTooDeep);
    }
    let (kind_len, pos) = read_var_uint(data, pos)?;
    let kind = match kind_len & 3 {
        0 => CodeKind::Bytecode,
        1 => CodeKind::Native,
        2 => CodeKind::Viper,
        _ => CodeKind::Asm,
    };
    if kind != CodeKind::Bytecode {
        return Err(Error::NativeCode);
    }
    let has_children = kind_len & 4 != 0;
    let code = slice(data, pos, kind_len >> 3)?;
    let mut after = pos + code.len();
    let mut n_children = 0;
    if has_children {
        let (n, p) = read_var_uint(data, after)?;
        n_children = n;
        after = p;
    }
    Ok(RawCode {
        data,
        kind,
        code,
        code_offset: pos,
        n_children,
        children_pos: after,
        depth,
    })
}

/// Skip a whole raw code (children included) without recursion.
fn skip_raw_code(data: &[u8], pos: usize, depth: usize) -> Result<usize, Error> {
    let mut remaining = [0u32; MAX_NESTING + 1];
    let mut level = 0usize;
    remaining[0] = 1;
    let mut pos = pos;
    loop {
        while remaining[level] == 0 {
            if level == 0 {
                return Ok(pos);
            }
            level -= 1;
        }
        remaining[level] -= 1;
        let rc = parse_raw_code(data, pos, depth + level)?;
        pos = rc.children_pos;
        if rc.n_children > 0 {
            level += 1;
            if level > MAX_NESTING {
                return Err(Error::NestingTooDeep);
            }
            remaining[level] = rc.n_children;
        }
    }
}

impl<'a> MpyFile<'a> {
    /// Parse the header and locate the tables and the outermost raw code.
    ///
    /// Fails with [`Error::Incompatible`] on a bad magic byte or major version;
    /// walks (but does not deeply check) the qstr and constant tables.
    pub fn parse(data: &'a [u8]) -> Result<Self, Error> {
        if data.len() < 4 || data[0] != b'M' || data[1] != MPY_VERSION {
            return Err(Error::Incompatible);
        }
        let flags = data[2];
        let mut pos = 4;
        let mut arch_flags = None;
        if flags & 0x40 != 0 {
            let (v, p) = read_var_uint(data, pos)?;
            arch_flags = Some(v);
            pos = p;
        }
        if flags & 0x80 != 0 {
            return Err(Error::Incompatible);
        }
        let header = Header {
            version: data[1],
            arch: (flags >> 2) & 0x0f,
            sub_version: flags & 3,
            arch_flags,
            small_int_bits: data[3],
        };
        let (n_qstr, p) = read_var_uint(data, pos)?;
        let (n_obj, p) = read_var_uint(data, p)?;
        let qstr_pos = p;
        let mut pos = p;
        for _ in 0..n_qstr {
            pos = parse_qstr(data, pos)?.1;
        }
        let obj_pos = pos;
        for _ in 0..n_obj {
            pos = skip_const(data, pos, 0)?;
        }
        Ok(MpyFile {
            data,
            header,
            n_qstr,
            n_obj,
            qstr_pos,
            obj_pos,
            rc_pos: pos,
        })
    }

    /// The whole file.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The header.
    pub fn header(&self) -> Header {
        self.header
    }

    /// Number of qstr table entries.
    pub fn n_qstr(&self) -> u32 {
        self.n_qstr
    }

    /// Number of constant table entries.
    pub fn n_obj(&self) -> u32 {
        self.n_obj
    }

    /// Iterate over the qstr table.
    pub fn qstrs(&self) -> Qstrs<'a> {
        Qstrs {
            data: self.data,
            pos: self.qstr_pos,
            remaining: self.n_qstr,
            failed: false,
        }
    }

    /// Qstr table entry `i` (linear time).
    pub fn qstr(&self, i: u32) -> Result<Qstr<'a>, Error> {
        if i >= self.n_qstr {
            return Err(Error::BadQstrIndex { pc: 0 });
        }
        self.qstrs()
            .nth(i as usize)
            .unwrap_or(Err(Error::Truncated))
    }

    /// The string of qstr table entry `i` (linear time); `None` if out of range.
    pub fn qstr_bytes(&self, i: u32) -> Option<&'a [u8]> {
        self.qstr(i).ok()?.as_bytes()
    }

    /// Iterate over the constant table.
    pub fn consts(&self) -> Consts<'a> {
        Consts {
            data: self.data,
            pos: self.obj_pos,
            remaining: self.n_obj,
            depth: 0,
            failed: false,
        }
    }

    /// Constant table entry `i` (linear time).
    pub fn constant(&self, i: u32) -> Result<Const<'a>, Error> {
        if i >= self.n_obj {
            return Err(Error::BadConstIndex { pc: 0 });
        }
        self.consts()
            .nth(i as usize)
            .unwrap_or(Err(Error::Truncated))
    }

    /// The outermost raw code (the module body).
    pub fn root(&self) -> Result<RawCode<'a>, Error> {
        parse_raw_code(self.data, self.rc_pos, 0)
    }

    /// Offset just past the outermost raw code and all its descendants.
    pub fn end_of_code(&self) -> Result<usize, Error> {
        skip_raw_code(self.data, self.rc_pos, 0)
    }
}

impl<'a> Iterator for Qstrs<'a> {
    type Item = Result<Qstr<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        match parse_qstr(self.data, self.pos) {
            Ok((q, p)) => {
                self.pos = p;
                Some(Ok(q))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl<'a> Consts<'a> {
    /// Number of constants not yet yielded.
    pub fn remaining(&self) -> u32 {
        self.remaining
    }
}

impl<'a> Iterator for Consts<'a> {
    type Item = Result<Const<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let r = parse_const_head(self.data, self.pos, self.depth)
            .and_then(|(c, _)| skip_const(self.data, self.pos, self.depth).map(|end| (c, end)));
        match r {
            Ok((c, end)) => {
                self.pos = end;
                Some(Ok(c))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl<'a> RawCode<'a> {
    /// Number of children (functions defined directly inside this one).
    pub fn n_children(&self) -> u32 {
        self.n_children
    }

    /// Nesting depth (0 for the module).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Iterate over the children, in `MAKE_FUNCTION` index order.
    pub fn children(&self) -> RawCodes<'a> {
        RawCodes {
            data: self.data,
            pos: self.children_pos,
            remaining: self.n_children,
            depth: self.depth + 1,
            failed: false,
        }
    }

    /// Child `i` (linear time in the size of the preceding siblings).
    pub fn child(&self, i: u32) -> Result<RawCode<'a>, Error> {
        if i >= self.n_children {
            return Err(Error::BadChildIndex { pc: 0 });
        }
        self.children()
            .nth(i as usize)
            .unwrap_or(Err(Error::Truncated))
    }

    /// Decode the prelude.
    pub fn prelude(&self) -> Result<Prelude<'a>, Error> {
        Prelude::parse(self.code)
    }
}

impl<'a> Iterator for RawCodes<'a> {
    type Item = Result<RawCode<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let r = parse_raw_code(self.data, self.pos, self.depth)
            .and_then(|rc| skip_raw_code(self.data, self.pos, self.depth).map(|end| (rc, end)));
        match r {
            Ok((rc, end)) => {
                self.pos = end;
                Some(Ok(rc))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// A decoded bytecode prelude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prelude<'a> {
    /// Size of the state array: locals plus value stack (at least 1).
    pub n_state: u32,
    /// Maximum number of nested exception blocks.
    pub n_exc_stack: u32,
    /// Scope flags (`SCOPE_*` constants; 4 bits).
    pub scope_flags: u32,
    /// Number of positional parameters.
    pub n_pos_args: u32,
    /// Number of keyword-only parameters.
    pub n_kwonly_args: u32,
    /// Number of positional parameters with defaults.
    pub n_def_pos_args: u32,
    /// Size in bytes of the info section (name, argument names, line table).
    pub n_info: u32,
    /// Number of cells (bytes in the cell section).
    pub n_cell: u32,
    /// The function name, as a qstr-table index.
    pub name: u32,
    /// Encoded signature length in bytes.
    pub sig_len: usize,
    /// Encoded size-field length in bytes.
    pub size_len: usize,
    arg_names: &'a [u8],
    /// The line-number table bytes.
    pub line_info: &'a [u8],
    /// The cell section: one local number per cell.
    pub cells: &'a [u8],
    /// The opcodes.
    pub opcodes: &'a [u8],
    /// Offset of `opcodes` within the raw code's `code`.
    pub opcodes_offset: usize,
}

/// Maximum number of bytes accepted for the signature / size encodings.
const MAX_SIG_BYTES: usize = 10;

impl<'a> Prelude<'a> {
    /// Decode the prelude at the start of `code`.
    pub fn parse(code: &'a [u8]) -> Result<Self, Error> {
        let mut pos = 0;
        let z = byte(code, pos).map_err(|_| Error::BadPrelude)?;
        pos += 1;
        let mut s = u32::from((z >> 3) & 0xf);
        let mut e = u32::from((z >> 2) & 1);
        let mut f = 0u32;
        let mut a = u32::from(z & 3);
        let mut k = 0u32;
        let mut d = 0u32;
        let mut more = z & 0x80 != 0;
        let mut n = 0u32;
        while more {
            if n as usize >= MAX_SIG_BYTES {
                return Err(Error::BadPrelude);
            }
            let z = byte(code, pos).map_err(|_| Error::BadPrelude)?;
            pos += 1;
            // xFSSKAED
            s |= u32::from((z >> 4) & 3) << (4 + 2 * n);
            e |= u32::from((z >> 1) & 1) << (1 + n);
            f |= u32::from((z >> 6) & 1) << n;
            a |= u32::from((z >> 2) & 1) << (2 + n);
            k |= u32::from((z >> 3) & 1) << n;
            d |= u32::from(z & 1) << n;
            more = z & 0x80 != 0;
            n += 1;
        }
        let sig_len = pos;
        let mut n_info = 0u64;
        let mut n_cell = 0u64;
        let mut n = 0u32;
        loop {
            if n as usize >= MAX_SIG_BYTES {
                return Err(Error::BadPrelude);
            }
            let z = byte(code, pos).map_err(|_| Error::BadPrelude)?;
            pos += 1;
            n_cell |= u64::from(z & 1) << n;
            n_info |= u64::from((z >> 1) & 0x3f) << (6 * n);
            n += 1;
            if z & 0x80 == 0 {
                break;
            }
        }
        let n_info = u32::try_from(n_info).map_err(|_| Error::BadPrelude)?;
        let n_cell = u32::try_from(n_cell).map_err(|_| Error::BadPrelude)?;
        let size_len = pos - sig_len;
        let info = slice(code, pos, n_info).map_err(|_| Error::BadPrelude)?;
        let cells_pos = pos + info.len();
        let cells = slice(code, cells_pos, n_cell).map_err(|_| Error::BadPrelude)?;
        let opcodes_offset = cells_pos + cells.len();
        let opcodes = &code[opcodes_offset..];
        // Info: name, then one name per positional and keyword-only argument.
        let (name, mut p) = read_var_uint(info, 0).map_err(|_| Error::BadPrelude)?;
        let args_start = p;
        let n_args = a.checked_add(k).ok_or(Error::BadPrelude)?;
        for _ in 0..n_args {
            p = read_var_uint(info, p).map_err(|_| Error::BadPrelude)?.1;
        }
        Ok(Prelude {
            n_state: s + 1,
            n_exc_stack: e,
            scope_flags: f,
            n_pos_args: a,
            n_kwonly_args: k,
            n_def_pos_args: d,
            n_info,
            n_cell,
            name,
            sig_len,
            size_len,
            arg_names: &info[args_start..p],
            line_info: &info[p..],
            cells,
            opcodes,
            opcodes_offset,
        })
    }

    /// The argument names (qstr-table indices), positional then keyword-only.
    pub fn arg_names(&self) -> impl Iterator<Item = u32> + 'a {
        let data = self.arg_names;
        let mut pos = 0;
        core::iter::from_fn(move || {
            if pos >= data.len() {
                return None;
            }
            let (v, p) = read_var_uint(data, pos).ok()?;
            pos = p;
            Some(v)
        })
    }

    /// Iterate over the line-number table.
    pub fn lines(&self) -> Lines<'a> {
        Lines {
            data: self.line_info,
            pos: 0,
            offset: 0,
            line: 1,
        }
    }

    /// The source line of the instruction at opcode offset `offset`, exactly as
    /// MicroPython computes it for tracebacks.
    pub fn line_for_offset(&self, offset: usize) -> u32 {
        let mut line = 1u32;
        let mut remaining = offset;
        let mut lines = self.lines();
        while let Some(entry) = lines.next_delta() {
            let (b, l) = entry;
            if remaining >= b as usize {
                remaining -= b as usize;
                line = line.saturating_add(l);
            } else {
                break;
            }
        }
        line
    }

    /// Total number of locals the VM reserves for arguments (positional,
    /// keyword-only, `*args`, `**kwargs`).
    pub fn n_arg_slots(&self) -> u32 {
        self.n_pos_args
            .saturating_add(self.n_kwonly_args)
            .saturating_add(u32::from(self.scope_flags & SCOPE_VARARGS != 0))
            .saturating_add(u32::from(self.scope_flags & SCOPE_VARKEYWORDS != 0))
    }
}

/// One step of the line-number table: after it, bytecode at `offset` and beyond
/// belongs to source line `line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineEntry {
    /// Bytecode offset (cumulative).
    pub offset: u32,
    /// Source line (cumulative, starting from 1).
    pub line: u32,
    /// Bytes advanced by this entry.
    pub bytes_delta: u32,
    /// Lines advanced by this entry.
    pub lines_delta: u32,
}

/// Iterator over the line-number table (see [`Prelude::lines`]).
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    data: &'a [u8],
    pos: usize,
    offset: u32,
    line: u32,
}

impl Lines<'_> {
    fn next_delta(&mut self) -> Option<(u32, u32)> {
        let c = *self.data.get(self.pos)?;
        let (b, l) = if c & 0x80 == 0 {
            self.pos += 1;
            (u32::from(c & 0x1f), u32::from(c >> 5))
        } else {
            let c2 = *self.data.get(self.pos + 1)?;
            self.pos += 2;
            (
                u32::from(c & 0xf),
                (u32::from(c & 0x70) << 4) | u32::from(c2),
            )
        };
        Some((b, l))
    }
}

impl Iterator for Lines<'_> {
    type Item = LineEntry;

    fn next(&mut self) -> Option<LineEntry> {
        let (b, l) = self.next_delta()?;
        self.offset = self.offset.saturating_add(b);
        self.line = self.line.saturating_add(l);
        Some(LineEntry {
            offset: self.offset,
            line: self.line,
            bytes_delta: b,
            lines_delta: l,
        })
    }
}
