//! Whole-file verifier: run it before executing a .mpy file.
//!
//! [`verify_with`] checks the header, both tables, the raw-code tree and every
//! function's bytecode, and rejects anything the VM could mis-execute. It never
//! panics, never reads out of bounds, runs in time linear in the file size (times
//! the exception-block nesting), recurses nowhere, and allocates nothing: the
//! caller lends a scratch buffer of [`PcState`]s, one per opcode byte of the
//! largest function plus one ([`scratch_needed`] computes it; with the `alloc`
//! feature `verify()` allocates it).
//!
//! # The stack model
//!
//! Every function is abstractly interpreted over its control-flow graph. The
//! state at each instruction is the *nominal* value-stack depth (as MicroPython's
//! emitter counts it) and the stack of active exception blocks, identified by the
//! offset of the `SETUP_*` instruction that pushed the top block (the rest of the
//! chain is the state recorded at that instruction). Both must agree on every
//! path reaching an instruction. Checked:
//!
//! - no instruction pops more than the stack holds. One exception: inside a
//!   `finally` handler, the stack shuffles (`ROT_TWO`, `ROT_THREE`, `DUP_TOP`,
//!   `DUP_TOP_TWO`) may reach into the hidden unwind slots below the nominal
//!   top, as the code `mpy-cross` emits for `async with` does; on a path where
//!   those slots are absent they would read below the frame's stack, so the VM
//!   must keep its stack accesses bounds-checked (safe Rust indexing does);
//! - the stack never grows into the locals: the peak depth of each instruction
//!   (including the VM's transient scratch slots: `SETUP_WITH` +1,
//!   `WITH_CLEANUP` +2, `UNWIND_JUMP` +2) plus one hidden slot per enclosing
//!   `finally` handler being executed (entered by `return`/`break`/`continue`,
//!   the VM keeps the destination below the reason) must not exceed
//!   `n_state - locals`, where `locals` counts the arguments, the cells and the
//!   highest local number used;
//! - exception blocks nest at most `n_exc_stack` deep; `END_FINALLY` and
//!   `POP_EXCEPT_JUMP` pop a block that exists;
//! - any instruction may raise: the VM pops the blocks whose handler is at or
//!   before the instruction and enters the first other one with the depth
//!   recorded by its `SETUP_*` plus the exception (for `SETUP_WITH`, plus the
//!   `__exit__` method and its self);
//! - `UNWIND_JUMP n` pops `n & 0x7f` blocks, running pending `finally`/`with`
//!   handlers (which requires the stack to be exactly at their setup depth;
//!   a `with` also drops `__exit__` and its self, an active `finally` its
//!   reason), then the 4 iterator slots if bit 7 is set;
//! - `FOR_ITER` leaves the loop with the iterator slots popped;
//! - jumps land on instruction starts inside the function; nothing runs off the
//!   end; all qstr, constant, child and local indices are in range; `YIELD_*`
//!   only in generators.

use crate::opcodes::{ITER_BUF_SLOTS, Instr, Operand, decode, op};
use crate::reader::{Const, MpyFile, Prelude, RawCode, RawCodes, SCOPE_GENERATOR};
use crate::{Error, MAX_NESTING, static_qstr_bytes};

/// Largest small-int width accepted in the header (MicroPython on 32-bit ports).
pub const MAX_SMALL_INT_BITS: u8 = 31;

const NONE16: u16 = u16::MAX;
const F_START: u8 = 1;
const F_STATE: u8 = 2;

/// Per-opcode-byte scratch state used by the verifier (8 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PcState {
    depth: u16,
    exc: u16,
    next: u16,
    exc_depth: u8,
    flags: u8,
}

impl PcState {
    /// The initial value to fill a scratch buffer with.
    pub const EMPTY: PcState = PcState {
        depth: 0,
        exc: NONE16,
        next: NONE16,
        exc_depth: 0,
        flags: 0,
    };
}

impl Default for PcState {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// Number of [`PcState`]s [`verify_with`] needs for `data` (the largest
/// function's opcode count plus one). Fails if the file cannot be walked.
pub fn scratch_needed(data: &[u8]) -> Result<usize, Error> {
    let file = MpyFile::parse(data)?;
    let mut max = 0usize;
    walk(&file, &mut |rc| {
        let p = rc.prelude()?;
        max = max.max(p.opcodes.len());
        Ok(())
    })?;
    Ok(max + 1)
}

/// Verify `data` with an allocated scratch buffer; see [`verify_with`].
#[cfg(feature = "alloc")]
pub fn verify(data: &[u8]) -> Result<MpyFile<'_>, Error> {
    let n = scratch_needed(data)?;
    let mut scratch = alloc::vec![PcState::EMPTY; n];
    verify_with(data, &mut scratch)
}

/// Visit every raw code (pre-order) without recursion. (`dyn`: one copy
/// of the walk serves both passes.)
fn walk<'a>(
    file: &MpyFile<'a>,
    f: &mut dyn FnMut(&RawCode<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    let root = file.root()?;
    f(&root)?;
    let mut stack: [Option<RawCodes<'a>>; MAX_NESTING + 1] = [const { None }; MAX_NESTING + 1];
    let mut top = 0usize;
    stack[0] = Some(root.children());
    loop {
        let next = match stack[top].as_mut() {
            Some(it) => it.next(),
            None => None,
        };
        match next {
            Some(rc) => {
                let rc = rc?;
                f(&rc)?;
                if rc.n_children() > 0 {
                    top += 1;
                    if top > MAX_NESTING {
                        return Err(Error::NestingTooDeep);
                    }
                    stack[top] = Some(rc.children());
                }
            }
            None => {
                stack[top] = None;
                if top == 0 {
                    return Ok(());
                }
                top -= 1;
            }
        }
    }
}

/// Verify a whole .mpy file, using `scratch` (at least [`scratch_needed`]
/// entries; extra entries are ignored) as working memory.
///
/// Returns the parsed file on success. Errors: see [`Error`]; a scratch buffer
/// that is too small gives [`Error::TooLarge`].
pub fn verify_with<'a>(data: &'a [u8], scratch: &mut [PcState]) -> Result<MpyFile<'a>, Error> {
    let file = MpyFile::parse(data)?;
    let h = file.header();
    if h.arch != 0 || h.arch_flags.is_some() {
        return Err(Error::NativeCode);
    }
    if h.small_int_bits == 0 || h.small_int_bits > MAX_SMALL_INT_BITS {
        return Err(Error::Incompatible);
    }
    for q in file.qstrs() {
        match q? {
            crate::Qstr::Static(n) => {
                if static_qstr_bytes(n).is_none() {
                    return Err(Error::BadQstrIndex { pc: 0 });
                }
            }
            crate::Qstr::Bytes(b) => check_utf8(b)?,
        }
    }
    check_consts(&file)?;
    let ctx = FileCtx {
        n_qstr: file.n_qstr(),
        n_obj: file.n_obj(),
        small_int_bits: h.small_int_bits,
    };
    walk(&file, &mut |rc| verify_function(&ctx, rc, scratch))?;
    if file.end_of_code()? != data.len() {
        return Err(Error::TrailingData);
    }
    Ok(file)
}

fn check_utf8(b: &[u8]) -> Result<(), Error> {
    core::str::from_utf8(b)
        .map(|_| ())
        .map_err(|_| Error::BadConstant)
}

/// Check every constant (iteratively, nesting bounded by the reader) and the
/// NUL terminators of strings.
fn check_consts(file: &MpyFile<'_>) -> Result<(), Error> {
    let mut stack: [Option<crate::Consts<'_>>; MAX_NESTING + 1] = [const { None }; MAX_NESTING + 1];
    let mut top = 0usize;
    stack[0] = Some(file.consts());
    loop {
        let next = match stack[top].as_mut() {
            Some(it) => it.next(),
            None => None,
        };
        match next {
            Some(c) => match c? {
                Const::Str(s) => check_utf8(s)?,
                Const::Int(s) | Const::Float(s) | Const::Complex(s) => {
                    if s.is_empty() || !s.is_ascii() {
                        return Err(Error::BadConstant);
                    }
                }
                Const::Tuple(items) => {
                    top += 1;
                    if top > MAX_NESTING {
                        return Err(Error::NestingTooDeep);
                    }
                    stack[top] = Some(items);
                }
                Const::None | Const::False | Const::True | Const::Ellipsis | Const::Bytes(_) => {}
            },
            None => {
                stack[top] = None;
                if top == 0 {
                    return Ok(());
                }
                top -= 1;
            }
        }
    }
}

struct FileCtx {
    n_qstr: u32,
    n_obj: u32,
    small_int_bits: u8,
}

fn pc32(pc: usize) -> u32 {
    pc as u32
}

/// Pass 1 checks on one instruction's operands; returns the highest local number
/// it uses, if any.
fn check_operands(
    ctx: &FileCtx,
    rc: &RawCode<'_>,
    pre: &Prelude<'_>,
    ins: &Instr,
) -> Result<Option<u32>, Error> {
    let pc = pc32(ins.pc);
    let n = ins.arg();
    let mut local = None;
    let half = 1i64 << (ctx.small_int_bits - 1);
    match ins.operand {
        Operand::Qstr(q) if q >= ctx.n_qstr => return Err(Error::BadQstrIndex { pc }),
        Operand::Local(l) => local = Some(u32::from(l)),
        Operand::SmallInt(v) if !(-half..half).contains(&v) => {
            return Err(Error::BadOperand { pc });
        }
        _ => {}
    }
    let generator = pre.scope_flags & SCOPE_GENERATOR != 0;
    match ins.opcode {
        op::LOAD_CONST_OBJ if n >= ctx.n_obj => return Err(Error::BadConstIndex { pc }),
        op::MAKE_FUNCTION
        | op::MAKE_FUNCTION_DEFARGS
        | op::MAKE_CLOSURE
        | op::MAKE_CLOSURE_DEFARGS
            if n >= rc.n_children() =>
        {
            return Err(Error::BadChildIndex { pc });
        }
        op::LOAD_FAST_N
        | op::LOAD_DEREF
        | op::STORE_FAST_N
        | op::STORE_DEREF
        | op::DELETE_FAST
        | op::DELETE_DEREF => {
            local = Some(n);
        }
        op::BUILD_SLICE if n != 2 && n != 3 => return Err(Error::BadOperand { pc }),
        op::CALL_FUNCTION
        | op::CALL_FUNCTION_VAR_KW
        | op::CALL_METHOD
        | op::CALL_METHOD_VAR_KW
        | op::UNPACK_EX
            if n > 0xffff =>
        {
            return Err(Error::BadOperand { pc });
        }
        op::STORE_COMP if n & 3 == 3 => return Err(Error::BadOperand { pc }),
        op::YIELD_VALUE | op::YIELD_FROM if !generator => return Err(Error::BadOperand { pc }),
        _ => {}
    }
    if let Some(l) = local
        && l >= pre.n_state
    {
        return Err(Error::BadLocal { pc });
    }
    Ok(local)
}

/// An exception block, reconstructed from the state at its `SETUP_*`.
#[derive(Clone, Copy)]
struct Block {
    opcode: u8,
    handler: usize,
    /// Stack depth the VM records (`val_sp`).
    val_depth: u32,
    parent: u16,
    /// Nesting depth of this block (1 for the outermost).
    level: u8,
}

fn block_at(code: &[u8], st: &[PcState], id: u16) -> Result<Block, Error> {
    let setup = usize::from(id);
    let ins = decode(code, setup)?;
    let handler = ins.jump_target().unwrap_or(0);
    let s = st[setup];
    let val_depth = u32::from(s.depth) + u32::from(ins.opcode == op::SETUP_WITH);
    Ok(Block {
        opcode: ins.opcode,
        handler: handler as usize,
        val_depth,
        parent: s.exc,
        level: s.exc_depth + 1,
    })
}

struct Flow<'s> {
    st: &'s mut [PcState],
    head: u16,
    limit: u32,
}

impl Flow<'_> {
    fn flow(
        &mut self,
        from: usize,
        target: i64,
        depth: u32,
        exc: u16,
        exc_depth: u8,
    ) -> Result<(), Error> {
        let len = self.st.len() - 1;
        if target < 0 || target as usize >= len || self.st[target as usize].flags & F_START == 0 {
            return Err(Error::BadJump { pc: pc32(from) });
        }
        let t = target as usize;
        if depth > self.limit || depth >= u32::from(NONE16) {
            return Err(Error::StackOverflow { pc: pc32(from) });
        }
        let s = &mut self.st[t];
        if s.flags & F_STATE != 0 {
            if u32::from(s.depth) != depth || s.exc != exc {
                return Err(Error::StackMismatch { pc: pc32(t) });
            }
            return Ok(());
        }
        s.flags |= F_STATE;
        s.depth = depth as u16;
        s.exc = exc;
        s.exc_depth = exc_depth;
        s.next = self.head;
        self.head = t as u16;
        Ok(())
    }
}

fn verify_function(ctx: &FileCtx, rc: &RawCode<'_>, scratch: &mut [PcState]) -> Result<(), Error> {
    let pre = rc.prelude()?;
    if pre.name >= ctx.n_qstr {
        return Err(Error::BadQstrIndex { pc: 0 });
    }
    for a in pre.arg_names() {
        if a >= ctx.n_qstr {
            return Err(Error::BadQstrIndex { pc: 0 });
        }
    }
    if pre.n_def_pos_args > pre.n_pos_args {
        return Err(Error::BadPrelude);
    }
    let code = pre.opcodes;
    if code.len() >= usize::from(NONE16) {
        return Err(Error::TooLarge);
    }
    let st = scratch.get_mut(..code.len() + 1).ok_or(Error::TooLarge)?;
    st.fill(PcState::EMPTY);

    // Pass 1: linear decode, instruction starts, operand ranges, locals in use.
    let mut locals = pre.n_arg_slots();
    for &c in pre.cells {
        locals = locals.max(u32::from(c) + 1);
    }
    let mut pc = 0;
    while pc < code.len() {
        let ins = decode(code, pc)?;
        st[pc].flags |= F_START;
        if let Some(l) = check_operands(ctx, rc, &pre, &ins)? {
            locals = locals.max(l + 1);
        }
        pc += ins.len;
    }
    if locals > pre.n_state {
        return Err(Error::BadPrelude);
    }
    if code.is_empty() {
        return Err(Error::FallsOffEnd);
    }
    // Jump targets of all instructions (reachable or not) must be instruction starts.
    pc = 0;
    while pc < code.len() {
        let ins = decode(code, pc)?;
        if let Some(t) = ins.jump_target()
            && (t < 0 || t as usize >= code.len() || st[t as usize].flags & F_START == 0)
        {
            return Err(Error::BadJump { pc: pc32(pc) });
        }
        pc += ins.len;
    }

    let n_exc = pre.n_exc_stack.min(u32::from(u8::MAX - 1));
    let mut fl = Flow {
        st,
        head: NONE16,
        limit: pre.n_state - locals,
    };
    fl.flow(0, 0, 0, NONE16, 0)?;

    // Pass 2: abstract interpretation, worklist threaded through the states.
    while fl.head != NONE16 {
        let pc = usize::from(fl.head);
        let s = fl.st[pc];
        fl.head = s.next;
        let ins = decode(code, pc)?;
        let p = pc32(pc);
        let depth = u32::from(s.depth);

        // Walk the block chain: hidden finally slots and the exception target.
        let mut hidden = 0u32;
        let mut handler_target: Option<Block> = None;
        let mut handler_id = NONE16;
        let mut id = s.exc;
        let mut guard = 0u32;
        while id != NONE16 {
            guard += 1;
            if guard > 256 {
                return Err(Error::BadExceptionBlock { pc: p });
            }
            let b = block_at(code, fl.st, id)?;
            if b.handler <= pc {
                if b.opcode == op::SETUP_FINALLY {
                    hidden += 1;
                }
            } else if handler_target.is_none() {
                handler_target = Some(b);
                handler_id = id;
            }
            id = b.parent;
        }
        if let Some(b) = handler_target {
            fl.flow(pc, b.handler as i64, b.val_depth + 1, handler_id, b.level)?;
        }

        let eff = ins.stack_effect();
        // Inside a `finally` handler entered by an unwind, the hidden slots are
        // really there and the code may rearrange them (async with does).
        // Only pure stack shuffles may reach below the nominal top.
        let slack = match ins.opcode {
            op::ROT_TWO | op::ROT_THREE | op::DUP_TOP | op::DUP_TOP_TWO => hidden,
            _ => 0,
        };
        let after = i64::from(depth) - i64::from(eff.pops) + i64::from(eff.pushes);
        if u64::from(depth) + u64::from(slack) < u64::from(eff.pops) || after < 0 {
            return Err(Error::StackUnderflow { pc: p });
        }
        let after = after as u64;
        let peak = after.max(u64::from(depth)) + u64::from(ins.scratch_slots()) + u64::from(hidden);
        if peak > u64::from(fl.limit) {
            return Err(Error::StackOverflow { pc: p });
        }
        let after = after as u32;
        let next = (pc + ins.len) as i64;
        let target = ins.jump_target().unwrap_or(0);
        let (exc, exc_depth) = (s.exc, s.exc_depth);
        match ins.opcode {
            op::JUMP => fl.flow(pc, target, depth, exc, exc_depth)?,
            op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => {
                fl.flow(pc, target, after, exc, exc_depth)?;
                fl.flow(pc, next, after, exc, exc_depth)?;
            }
            op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => {
                fl.flow(pc, target, depth, exc, exc_depth)?;
                fl.flow(pc, next, after, exc, exc_depth)?;
            }
            op::FOR_ITER => {
                let left = depth
                    .checked_sub(ITER_BUF_SLOTS)
                    .ok_or(Error::StackUnderflow { pc: p })?;
                fl.flow(pc, target, left, exc, exc_depth)?;
                fl.flow(pc, next, after, exc, exc_depth)?;
            }
            op::SETUP_WITH | op::SETUP_EXCEPT | op::SETUP_FINALLY => {
                if u32::from(exc_depth) + 1 > n_exc {
                    return Err(Error::BadExceptionBlock { pc: p });
                }
                let val_depth = depth + u32::from(ins.opcode == op::SETUP_WITH);
                fl.flow(pc, target, val_depth + 1, pc as u16, exc_depth + 1)?;
                fl.flow(pc, next, after, pc as u16, exc_depth + 1)?;
            }
            op::POP_EXCEPT_JUMP | op::END_FINALLY => {
                if exc == NONE16 {
                    return Err(Error::BadExceptionBlock { pc: p });
                }
                let b = block_at(code, fl.st, exc)?;
                if ins.opcode == op::POP_EXCEPT_JUMP {
                    fl.flow(pc, target, after, b.parent, exc_depth - 1)?;
                } else {
                    fl.flow(pc, next, after, b.parent, exc_depth - 1)?;
                }
            }
            op::UNWIND_JUMP => {
                let n = ins.extra & 0x7f;
                let mut running = depth;
                let mut id = exc;
                let mut level = exc_depth;
                for _ in 0..n {
                    if id == NONE16 {
                        return Err(Error::BadExceptionBlock { pc: p });
                    }
                    let b = block_at(code, fl.st, id)?;
                    let active = b.handler <= pc;
                    match b.opcode {
                        op::SETUP_FINALLY | op::SETUP_WITH if active => {
                            running = running
                                .checked_sub(1)
                                .ok_or(Error::StackUnderflow { pc: p })?;
                        }
                        op::SETUP_FINALLY | op::SETUP_WITH => {
                            if running != b.val_depth {
                                return Err(Error::StackMismatch { pc: p });
                            }
                            if b.opcode == op::SETUP_WITH {
                                running = running
                                    .checked_sub(2)
                                    .ok_or(Error::StackUnderflow { pc: p })?;
                            }
                        }
                        _ => {}
                    }
                    id = b.parent;
                    level -= 1;
                }
                if ins.extra & crate::opcodes::UNWIND_FROM_FOR != 0 {
                    running = running
                        .checked_sub(ITER_BUF_SLOTS)
                        .ok_or(Error::StackUnderflow { pc: p })?;
                }
                fl.flow(pc, target, running, id, level)?;
            }
            op::STORE_COMP => {
                // The collection lives (arg >> 2) slots below the top.
                if depth <= ins.arg() >> 2 {
                    return Err(Error::StackUnderflow { pc: p });
                }
                fl.flow(pc, next, after, exc, exc_depth)?;
            }
            _ => {
                if ins.falls_through() {
                    if next as usize >= code.len() {
                        return Err(Error::FallsOffEnd);
                    }
                    fl.flow(pc, next, after, exc, exc_depth)?;
                }
            }
        }
    }
    Ok(())
}
