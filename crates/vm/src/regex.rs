//! The regular-expression engine behind the `re` module.
//!
//! A pattern is parsed to a small tree, then compiled to a program of
//! `u32` words (a header of two words, then instructions) that the module
//! keeps in one no-scan heap block. The matcher backtracks with an
//! explicit, bounded stack instead of recursion, so no pattern and no
//! subject can overflow the machine stack: a match that needs more than
//! [`MAX_BACKTRACK`] saved states fails with [`MatchError::TooDeep`].
//!
//! Syntax: literals, `\` escapes, `.`, `^`, `$`, `[...]`/`[^...]` with
//! ranges, `\d \w \s \D \W \S` (ASCII classes, also inside brackets),
//! `*`, `+`, `?` and their lazy forms, `|`, `(...)` and `(?:...)`. As in
//! MicroPython, `{` is an ordinary character and an unknown escape stands
//! for the character itself. A `str` pattern and subject are matched by
//! code point (`.` takes a whole UTF-8 character), `bytes` by byte.

use alloc::boxed::Box;
use alloc::vec::Vec;

/// Why a pattern does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompileError {
    /// Not a valid pattern.
    Syntax,
    /// Groups nested too deeply, or a program too long to encode.
    TooComplex,
    /// No memory for the program.
    NoMemory,
}

/// Why a match could not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MatchError {
    /// More than [`MAX_BACKTRACK`] saved states.
    TooDeep,
    /// No memory for the backtracking stack.
    NoMemory,
}

/// The deepest group nesting a pattern may have (bounds the recursion of
/// the parser and the compiler).
const MAX_NESTING: usize = 50;
/// The most backtracking states a match may keep at once.
pub(crate) const MAX_BACKTRACK: usize = 1 << 20;

// Instructions: the opcode in the low 8 bits, an operand in the upper 24.
/// Match the byte in the operand.
const OP_BYTE: u32 = 0;
/// Match any one character.
const OP_ANY: u32 = 1;
/// Match a class: operand `negated | items << 1`, then `items` pairs of
/// words `(lo, hi)` (a named class when `lo >= NAMED`).
const OP_CLASS: u32 = 2;
/// Only at the start of the subject.
const OP_BOL: u32 = 3;
/// Only at the end of the subject.
const OP_EOL: u32 = 4;
/// Try the operand's address, and if that fails the next word's.
const OP_SPLIT: u32 = 5;
/// Go to the operand's address.
const OP_JMP: u32 = 6;
/// Store the position in the slot of the operand (a capture or a mark).
const OP_SAVE: u32 = 7;
/// Fail unless the position moved since the mark slot of the operand was
/// saved (so a loop over something empty cannot run forever).
const OP_CHECK: u32 = 8;
/// A match.
const OP_MATCH: u32 = 9;

/// A class item's `lo` at or above this is a named class (`NAMED + k`,
/// `k` an index into `d w s D W S`).
const NAMED: u32 = 0x0100_0000;
/// Words before the instructions: the group count (with group 0) and the
/// number of slots (two per group, then one per loop mark).
const HEADER: usize = 2;
/// The largest operand.
const MAX_OPERAND: usize = (1 << 24) - 1;
/// A slot that holds no position.
pub(crate) const UNSET: usize = usize::MAX;

#[derive(Debug)]
enum Node {
    Empty,
    /// A character (a byte for a `bytes` pattern).
    Lit(u32),
    Any,
    Class(bool, Vec<(u32, u32)>),
    Bol,
    Eol,
    /// A group, with its number if it captures.
    Group(Option<u32>, Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    /// `?` (`many` false), `*` or `+` (`at_least_one`).
    Repeat {
        node: Box<Node>,
        at_least_one: bool,
        many: bool,
        greedy: bool,
    },
}

impl Node {
    /// Whether the node can match without consuming anything.
    fn nullable(&self) -> bool {
        match self {
            Node::Empty | Node::Bol | Node::Eol => true,
            Node::Repeat {
                node, at_least_one, ..
            } => !at_least_one || node.nullable(),
            Node::Lit(_) | Node::Any | Node::Class(..) => false,
            Node::Group(_, n) => n.nullable(),
            Node::Concat(v) => v.iter().all(Node::nullable),
            Node::Alt(v) => v.iter().any(Node::nullable),
        }
    }
}

/// Decodes the UTF-8 character at `pos` of valid UTF-8 (or the byte, when
/// `unicode` is false): its value and length.
fn decode(s: &[u8], pos: usize, unicode: bool) -> Option<(u32, usize)> {
    let b0 = *s.get(pos)?;
    if !unicode || b0 < 0x80 {
        return Some((u32::from(b0), 1));
    }
    let len = match b0 {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    };
    let mut c = u32::from(b0) & (0x7F >> len);
    for i in 1..len {
        c = (c << 6) | (u32::from(*s.get(pos + i)?) & 0x3F);
    }
    Some((c, len))
}

/// The length of the character at `pos` (1 past the end).
pub(crate) fn char_len(s: &[u8], pos: usize, unicode: bool) -> usize {
    decode(s, pos, unicode).map_or(1, |(_, n)| n)
}

struct Parser<'a> {
    pat: &'a [u8],
    pos: usize,
    unicode: bool,
    groups: u32,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.pat.get(self.pos).copied()
    }

    fn next_char(&mut self) -> Result<u32, CompileError> {
        let (c, n) = decode(self.pat, self.pos, self.unicode).ok_or(CompileError::Syntax)?;
        self.pos += n;
        Ok(c)
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, CompileError> {
        let mut alts = Vec::new();
        alts.push(self.concat(depth)?);
        while self.peek() == Some(b'|') {
            self.pos += 1;
            alts.push(self.concat(depth)?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self, depth: usize) -> Result<Node, CompileError> {
        let mut items = Vec::new();
        while !matches!(self.peek(), None | Some(b'|' | b')')) {
            let atom = self.atom(depth)?;
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn atom(&mut self, depth: usize) -> Result<Node, CompileError> {
        let c = self.next_char()?;
        Ok(match c {
            0x28 => {
                // `(`
                if depth >= MAX_NESTING {
                    return Err(CompileError::TooComplex);
                }
                let number = if self.pat[self.pos..].starts_with(b"?:") {
                    self.pos += 2;
                    None
                } else if self.peek() == Some(b'?') {
                    return Err(CompileError::Syntax);
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let inner = self.alternation(depth + 1)?;
                if self.peek() != Some(b')') {
                    return Err(CompileError::Syntax);
                }
                self.pos += 1;
                Node::Group(number, Box::new(inner))
            }
            0x2E => Node::Any,
            0x5E => Node::Bol,
            0x24 => Node::Eol,
            0x5B => self.class()?,
            0x5C => match self.escape()? {
                Escape::Named(k) => Node::Class(false, alloc::vec![(NAMED + k, 0)]),
                Escape::Char(c) => Node::Lit(c),
            },
            0x2A | 0x2B | 0x3F => return Err(CompileError::Syntax),
            c => Node::Lit(c),
        })
    }

    /// The atom with the quantifier that follows it, if any.
    fn quantified(&mut self, atom: Node) -> Result<Node, CompileError> {
        let (many, plus) = match self.peek() {
            Some(b'*') => (true, false),
            Some(b'+') => (true, true),
            Some(b'?') => (false, false),
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Bol | Node::Eol) {
            return Err(CompileError::Syntax);
        }
        self.pos += 1;
        let greedy = self.peek() != Some(b'?');
        if !greedy {
            self.pos += 1;
        }
        if matches!(self.peek(), Some(b'*' | b'+' | b'?')) {
            return Err(CompileError::Syntax);
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            at_least_one: plus,
            many,
            greedy,
        })
    }

    fn escape(&mut self) -> Result<Escape, CompileError> {
        let c = self.next_char()?;
        Ok(match c {
            0x64 => Escape::Named(0),   // d
            0x77 => Escape::Named(1),   // w
            0x73 => Escape::Named(2),   // s
            0x44 => Escape::Named(3),   // D
            0x57 => Escape::Named(4),   // W
            0x53 => Escape::Named(5),   // S
            0x6E => Escape::Char(0x0A), // n
            0x74 => Escape::Char(0x09), // t
            0x72 => Escape::Char(0x0D), // r
            0x66 => Escape::Char(0x0C), // f
            0x76 => Escape::Char(0x0B), // v
            c => Escape::Char(c),
        })
    }

    /// A bracketed class, after its `[`.
    fn class(&mut self) -> Result<Node, CompileError> {
        let negated = self.peek() == Some(b'^');
        if negated {
            self.pos += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.next_char()?;
            if c == 0x5D && !first {
                break;
            }
            first = false;
            let lo = if c == 0x5C {
                match self.escape()? {
                    Escape::Named(k) => {
                        items.push((NAMED + k, 0));
                        continue;
                    }
                    Escape::Char(c) => c,
                }
            } else {
                c
            };
            let range = self.peek() == Some(b'-')
                && !matches!(self.pat.get(self.pos + 1), None | Some(b']'));
            if !range {
                items.push((lo, lo));
                continue;
            }
            self.pos += 1;
            let hi = match self.next_char()? {
                0x5C => match self.escape()? {
                    Escape::Char(c) => c,
                    Escape::Named(_) => return Err(CompileError::Syntax),
                },
                c => c,
            };
            if hi < lo {
                return Err(CompileError::Syntax);
            }
            items.push((lo, hi));
        }
        Ok(Node::Class(negated, items))
    }
}

enum Escape {
    Named(u32),
    Char(u32),
}

struct Compiler {
    code: Vec<u32>,
    unicode: bool,
    /// The next free slot (marks come after the capture slots).
    next_slot: usize,
}

impl Compiler {
    fn emit(&mut self, word: u32) -> Result<usize, CompileError> {
        if self.code.len() - HEADER >= MAX_OPERAND {
            return Err(CompileError::TooComplex);
        }
        self.code
            .try_reserve(1)
            .map_err(|_| CompileError::NoMemory)?;
        self.code.push(word);
        Ok(self.code.len() - HEADER - 1)
    }

    fn op(&mut self, op: u32, operand: usize) -> Result<usize, CompileError> {
        if operand > MAX_OPERAND {
            return Err(CompileError::TooComplex);
        }
        self.emit(op | (operand as u32) << 8)
    }

    fn here(&self) -> usize {
        self.code.len() - HEADER
    }

    /// Sets the target of the `SPLIT` or `JMP` at `at` (its first word).
    fn patch_first(&mut self, at: usize, target: usize) {
        let w = &mut self.code[HEADER + at];
        *w = (*w & 0xFF) | (target as u32) << 8;
    }

    fn node(&mut self, node: &Node) -> Result<(), CompileError> {
        match node {
            Node::Empty => {}
            Node::Lit(c) => {
                let mut buf = [0u8; 4];
                let bytes: &[u8] = if self.unicode {
                    match char::from_u32(*c) {
                        Some(ch) => ch.encode_utf8(&mut buf).as_bytes(),
                        None => return Err(CompileError::Syntax),
                    }
                } else {
                    buf[0] = *c as u8;
                    &buf[..1]
                };
                for &b in bytes {
                    self.op(OP_BYTE, b as usize)?;
                }
            }
            Node::Any => {
                self.op(OP_ANY, 0)?;
            }
            Node::Class(negated, items) => {
                self.op(OP_CLASS, usize::from(*negated) | items.len() << 1)?;
                for &(lo, hi) in items {
                    self.emit(lo)?;
                    self.emit(hi)?;
                }
            }
            Node::Bol => {
                self.op(OP_BOL, 0)?;
            }
            Node::Eol => {
                self.op(OP_EOL, 0)?;
            }
            Node::Group(number, inner) => {
                if let Some(n) = number {
                    self.op(OP_SAVE, 2 * *n as usize)?;
                }
                self.node(inner)?;
                if let Some(n) = number {
                    self.op(OP_SAVE, 2 * *n as usize + 1)?;
                }
            }
            Node::Concat(items) => {
                for item in items {
                    self.node(item)?;
                }
            }
            Node::Alt(alts) => {
                // SPLIT a, next; a: alt0; JMP end; next: SPLIT ... ; last alt
                let mut jumps = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    if i + 1 < alts.len() {
                        let split = self.op(OP_SPLIT, 0)?;
                        let other = self.emit(0)?;
                        let start = self.here();
                        self.patch_first(split, start);
                        self.node(alt)?;
                        jumps.push(self.op(OP_JMP, 0)?);
                        let next = self.here();
                        self.code[HEADER + other] = next as u32;
                    } else {
                        self.node(alt)?;
                    }
                }
                let end = self.here();
                for j in jumps {
                    self.patch_first(j, end);
                }
            }
            Node::Repeat {
                node,
                at_least_one: true,
                greedy,
                ..
            } => {
                // body: [SAVE mark] node; SPLIT again/after;
                // again: [CHECK mark] JMP body; after:
                let body = self.here();
                let mark = self.mark_for(node)?;
                self.node(node)?;
                let split = self.op(OP_SPLIT, 0)?;
                let other = self.emit(0)?;
                let again = self.here();
                if let Some(slot) = mark {
                    self.op(OP_CHECK, slot)?;
                }
                self.op(OP_JMP, body)?;
                let after = self.here();
                self.branch(split, other, again, after, *greedy);
            }
            Node::Repeat {
                node, many, greedy, ..
            } => {
                // top: SPLIT body/after; body: [SAVE mark] node [CHECK mark]
                // [JMP top]; after:
                let top = self.op(OP_SPLIT, 0)?;
                let other = self.emit(0)?;
                let body = self.here();
                let mark = if *many { self.mark_for(node)? } else { None };
                self.node(node)?;
                if let Some(slot) = mark {
                    self.op(OP_CHECK, slot)?;
                }
                if *many {
                    self.op(OP_JMP, top)?;
                }
                let after = self.here();
                self.branch(top, other, body, after, *greedy);
            }
        }
        Ok(())
    }

    /// For a loop over a node that can match empty, a mark slot saved at
    /// the start of each pass (so that an empty pass does not loop).
    fn mark_for(&mut self, node: &Node) -> Result<Option<usize>, CompileError> {
        if !node.nullable() {
            return Ok(None);
        }
        let slot = self.next_slot;
        self.next_slot += 1;
        self.op(OP_SAVE, slot)?;
        Ok(Some(slot))
    }

    /// Points the `SPLIT` at `split` (second target word at `other`) to
    /// `more` then `done`, or the other way round when lazy.
    fn branch(&mut self, split: usize, other: usize, more: usize, done: usize, greedy: bool) {
        let (first, second) = if greedy { (more, done) } else { (done, more) };
        self.patch_first(split, first);
        self.code[HEADER + other] = second as u32;
    }
}

/// Compiles `pattern` (UTF-8 text when `unicode`, else bytes) to a
/// program for [`search`].
pub(crate) fn compile(pattern: &[u8], unicode: bool) -> Result<Vec<u32>, CompileError> {
    let mut parser = Parser {
        pat: pattern,
        pos: 0,
        unicode,
        groups: 0,
    };
    let tree = parser.alternation(0)?;
    if parser.pos != pattern.len() {
        // Only an unbalanced `)` stops the top level early.
        return Err(CompileError::Syntax);
    }
    let groups = parser.groups as usize + 1;
    let mut c = Compiler {
        code: Vec::new(),
        unicode,
        next_slot: 2 * groups,
    };
    c.code
        .try_reserve(HEADER + 4)
        .map_err(|_| CompileError::NoMemory)?;
    c.code.extend_from_slice(&[0, 0]);
    c.op(OP_SAVE, 0)?;
    c.node(&tree)?;
    c.op(OP_SAVE, 1)?;
    c.op(OP_MATCH, 0)?;
    c.code[0] = groups as u32;
    c.code[1] = c.next_slot as u32;
    Ok(c.code)
}

/// The number of groups of a program, group 0 (the whole match) included.
pub(crate) fn group_count(prog: &[u32]) -> usize {
    prog.first().map_or(1, |&n| n as usize)
}

fn is_word(c: u32) -> bool {
    c == u32::from(b'_') || char::from_u32(c).is_some_and(|c| c.is_ascii_alphanumeric())
}

fn is_space(c: u32) -> bool {
    matches!(c, 0x20 | 0x09..=0x0D)
}

fn class_has(items: &[u32], c: u32) -> bool {
    items.chunks_exact(2).any(|pair| {
        let (lo, hi) = (pair[0], pair[1]);
        if lo < NAMED {
            return lo <= c && c <= hi;
        }
        let kind = lo - NAMED;
        let hit = match kind % 3 {
            0 => (0x30..=0x39).contains(&c),
            1 => is_word(c),
            _ => is_space(c),
        };
        hit != (kind >= 3)
    })
}

/// The working memory of a match, kept between the tries of a search.
pub(crate) struct Matcher {
    /// Capture slots (`2 * group`, `2 * group + 1`), then loop marks.
    pub slots: Vec<usize>,
    stack: Vec<(usize, usize)>,
}

/// Marks a backtracking entry that restores a slot.
const RESTORE: usize = 1 << (usize::BITS - 1);

impl Matcher {
    /// Empty working memory.
    pub(crate) fn new() -> Matcher {
        Matcher {
            slots: Vec::new(),
            stack: Vec::new(),
        }
    }

    fn push(&mut self, entry: (usize, usize)) -> Result<(), MatchError> {
        if self.stack.len() >= MAX_BACKTRACK {
            return Err(MatchError::TooDeep);
        }
        self.stack
            .try_reserve(1)
            .map_err(|_| MatchError::NoMemory)?;
        self.stack.push(entry);
        Ok(())
    }

    /// Runs `prog` anchored at `start`; on a match the slots hold the
    /// groups' byte positions.
    fn run(
        &mut self,
        prog: &[u32],
        s: &[u8],
        unicode: bool,
        start: usize,
    ) -> Result<bool, MatchError> {
        let code = prog.get(HEADER..).unwrap_or(&[]);
        let nslots = prog.get(1).map_or(2, |&n| n as usize);
        self.slots.clear();
        self.slots
            .try_reserve(nslots)
            .map_err(|_| MatchError::NoMemory)?;
        self.slots.resize(nslots, UNSET);
        self.stack.clear();
        let (mut pc, mut pos) = (0usize, start);
        loop {
            let Some(&w) = code.get(pc) else {
                return Ok(false);
            };
            let arg = (w >> 8) as usize;
            let ok = match w & 0xFF {
                OP_BYTE => {
                    let hit = s.get(pos) == Some(&(arg as u8));
                    pos += usize::from(hit);
                    pc += 1;
                    hit
                }
                OP_ANY => match decode(s, pos, unicode) {
                    Some((_, n)) => {
                        pos += n;
                        pc += 1;
                        true
                    }
                    None => false,
                },
                OP_CLASS => {
                    let items = code.get(pc + 1..pc + 1 + 2 * (arg >> 1)).unwrap_or(&[]);
                    pc += 1 + 2 * (arg >> 1);
                    match decode(s, pos, unicode) {
                        Some((c, n)) if class_has(items, c) != (arg & 1 == 1) => {
                            pos += n;
                            true
                        }
                        _ => false,
                    }
                }
                OP_BOL => {
                    pc += 1;
                    pos == 0
                }
                OP_EOL => {
                    pc += 1;
                    pos == s.len()
                }
                OP_SPLIT => {
                    let other = code.get(pc + 1).map_or(usize::MAX, |&t| t as usize);
                    self.push((other, pos))?;
                    pc = arg;
                    true
                }
                OP_JMP => {
                    pc = arg;
                    true
                }
                OP_SAVE => {
                    let old = self.slots.get(arg).copied().unwrap_or(UNSET);
                    self.push((RESTORE | arg, old))?;
                    if let Some(slot) = self.slots.get_mut(arg) {
                        *slot = pos;
                    }
                    pc += 1;
                    true
                }
                OP_CHECK => {
                    pc += 1;
                    self.slots.get(arg) != Some(&pos)
                }
                OP_MATCH => return Ok(true),
                _ => false,
            };
            if ok {
                continue;
            }
            // Backtrack: undo slot writes back to the latest branch.
            loop {
                match self.stack.pop() {
                    None => return Ok(false),
                    Some((tag, old)) if tag & RESTORE != 0 => {
                        if let Some(slot) = self.slots.get_mut(tag & !RESTORE) {
                            *slot = old;
                        }
                    }
                    Some((to, at)) => {
                        pc = to;
                        pos = at;
                        break;
                    }
                }
            }
        }
    }

    /// Finds the first match starting at `from` or later (only at `from`
    /// when `anchored`); on success `slots` holds the groups' positions.
    pub(crate) fn search(
        &mut self,
        prog: &[u32],
        s: &[u8],
        unicode: bool,
        from: usize,
        anchored: bool,
    ) -> Result<bool, MatchError> {
        let mut start = from;
        while start <= s.len() {
            if self.run(prog, s, unicode, start)? {
                return Ok(true);
            }
            if anchored {
                break;
            }
            start += char_len(s, start, unicode);
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec;

    /// The span of the first match of `pat` in `s` (and of each group).
    fn find(pat: &str, s: &str) -> Option<Vec<Option<(usize, usize)>>> {
        let prog = compile(pat.as_bytes(), true).expect("compiles");
        let mut m = Matcher::new();
        if !m.search(&prog, s.as_bytes(), true, 0, false).expect("ends") {
            return None;
        }
        Some(
            (0..group_count(&prog))
                .map(|g| {
                    let (a, b) = (m.slots[2 * g], m.slots[2 * g + 1]);
                    (a != UNSET && b != UNSET).then_some((a, b))
                })
                .collect(),
        )
    }

    fn whole(pat: &str, s: &str) -> Option<String> {
        find(pat, s).map(|g| {
            let (a, b) = g[0].expect("group 0 is set");
            s[a..b].into()
        })
    }

    #[test]
    fn literals_and_classes() {
        assert_eq!(whole("abc", "xxabcx").as_deref(), Some("abc"));
        assert_eq!(whole("a.c", "a\nc").as_deref(), Some("a\nc"));
        assert_eq!(whole("[a-c]+", "xbcaz").as_deref(), Some("bca"));
        assert_eq!(whole("[^a-c]+", "abxyzc").as_deref(), Some("xyz"));
        assert_eq!(
            whole(r"\d+\s\w+", "n: 12 ab_9!").as_deref(),
            Some("12 ab_9")
        );
        assert_eq!(whole(r"[\d\s]+", "x1 2 y").as_deref(), Some("1 2 "));
        assert_eq!(whole(r"\D\W\S", "1a!b").as_deref(), Some("a!b"));
        assert_eq!(whole("[]a]+", "x]a]").as_deref(), Some("]a]"));
        assert_eq!(whole("[a-]+", "-a-").as_deref(), Some("-a-"));
        assert_eq!(whole(r"\.\{", "a.{").as_deref(), Some(".{"));
        assert_eq!(whole("a{2}", "aa a{2}").as_deref(), Some("a{2}"));
        assert_eq!(whole("q", "abc"), None);
    }

    #[test]
    fn unicode_characters() {
        assert_eq!(whole("é+", "xééy").as_deref(), Some("éé"));
        assert_eq!(whole("^.", "€x").as_deref(), Some("€"));
        assert_eq!(whole("[à-ü]", "aöb").as_deref(), Some("ö"));
        // Bytes mode takes one byte at a time.
        let prog = compile(b".", false).expect("compiles");
        let mut m = Matcher::new();
        assert!(
            m.search(&prog, "é".as_bytes(), false, 0, true)
                .expect("ends")
        );
        assert_eq!(m.slots[1], 1);
    }

    #[test]
    fn anchors_alternation_and_groups() {
        assert_eq!(whole("^b", "ab"), None);
        assert_eq!(whole("b$", "ab\n"), None);
        assert_eq!(whole("b$", "ab").as_deref(), Some("b"));
        assert_eq!(
            find("(a|ab)(c|bcd)(d*)", "abcd"),
            Some(vec![Some((0, 4)), Some((0, 1)), Some((1, 4)), Some((4, 4))])
        );
        assert_eq!(
            find("(a)|(b)", "b"),
            Some(vec![Some((0, 1)), None, Some((0, 1))])
        );
        assert_eq!(find("(?:a)(b)", "ab").map(|g| g.len()), Some(2));
    }

    #[test]
    fn greedy_and_lazy() {
        assert_eq!(whole("a.*b", "aabab").as_deref(), Some("aabab"));
        assert_eq!(whole("a.*?b", "aabab").as_deref(), Some("aab"));
        assert_eq!(whole("a+?", "aaa").as_deref(), Some("a"));
        assert_eq!(whole("a??b", "ab").as_deref(), Some("ab"));
        assert_eq!(whole("x??", "x").as_deref(), Some(""));
        assert_eq!(whole("(a*)*b", "aab").as_deref(), Some("aab"));
        assert_eq!(whole("(a*)+$", "aaa").as_deref(), Some("aaa"));
        assert_eq!(whole("(|a)*c", "aac").as_deref(), Some("aac"));
    }

    #[test]
    fn bad_patterns() {
        for pat in [
            "(", ")", "a**", "*a", "+", "a|?", "[", "[a-", "[z-a]", "\\", "(?P<n>a)", "^*",
        ] {
            assert_eq!(
                compile(pat.as_bytes(), true),
                Err(CompileError::Syntax),
                "{pat}"
            );
        }
        let deep = "(".repeat(1000) + &")".repeat(1000);
        assert_eq!(
            compile(deep.as_bytes(), true),
            Err(CompileError::TooComplex)
        );
    }

    #[test]
    fn pathological_patterns_end_cleanly() {
        // Exponential backtracking: slow in principle, bounded here by the
        // subject's size; must simply fail to match.
        assert_eq!(whole("(a*)*b", &"a".repeat(18)), None);
        assert_eq!(whole("(a|aa)*c", &"a".repeat(20)), None);
        // A loop over a very long subject keeps one state per character: past
        // the limit the match stops with an error instead of the machine
        // stack overflowing.
        let long = "ab".repeat(MAX_BACKTRACK);
        let prog = compile(b"(a|b)*c", true).expect("compiles");
        let mut m = Matcher::new();
        assert_eq!(
            m.search(&prog, long.as_bytes(), true, 0, true),
            Err(MatchError::TooDeep)
        );
        // Within the limit a long run matches.
        let prog = compile(b"x*y", true).expect("compiles");
        let subject = "x".repeat(100_000) + "y";
        assert!(
            m.search(&prog, subject.as_bytes(), true, 0, true)
                .expect("ends")
        );
    }
}
