//! The streaming lexer: Python source bytes in, one [`Token`] at a time out.
//!
//! The lexer never tokenises ahead: each call to [`Lexer::next_token`]
//! scans just the next token. Its state is a position cache and two small
//! heap stacks (indentation levels and open brackets, 4 bytes a level), so
//! the lexer itself is a few dozen bytes: the parser makes one per
//! f-string field inside its recursion, on a machine stack that may be a
//! few KiB. The other heap allocations are string values that escape
//! processing changed and the part list of f-strings.
//!
//! ```
//! use pyrite_compiler::lexer::{Lexer, TokenKind, Op};
//!
//! let mut lexer = Lexer::new(b"x = (1 +\n  2)\n");
//! let mut kinds = Vec::new();
//! loop {
//!     let token = lexer.next_token().unwrap();
//!     if token.kind == TokenKind::EndMarker {
//!         break;
//!     }
//!     kinds.push(token.kind);
//! }
//! assert_eq!(kinds[0], TokenKind::Name("x"));
//! assert_eq!(kinds[1], TokenKind::Op(Op::Equal));
//! assert_eq!(kinds.len(), 8); // x = ( 1 + 2 ) NEWLINE
//! ```

mod brackets;
mod error;
#[cfg(feature = "fstrings")]
mod fstring;
mod ident;
mod indent;
mod number;
mod string;
mod token;

pub use brackets::MAX_BRACKET_DEPTH;
pub use error::{LexError, LexErrorKind, LiteralKind};
pub use indent::MAX_INDENT_LEVELS;
pub use token::{
    Conversion, FString, FStringField, FStringPart, Keyword, Number, NumberKind, Op, Span,
    StringLit, Token, TokenKind,
};

use crate::stack::StackGuard;
use brackets::BracketStack;
use ident::{decode_utf8, is_ascii_id_continue, is_ascii_id_start, is_blank};
use indent::{Change, IndentStack, Width};

/// A position whose line and column are known.
#[derive(Clone, Copy, Debug)]
struct Mark {
    offset: usize,
    line: u32,
    col: u32,
}

/// Whether the lexer reads a whole file or one f-string expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// A module: NEWLINE, INDENT and DEDENT are produced.
    File,
    /// An expression span, lexed as if inside parentheses.
    Expression,
}

/// The marker of a failed scan: the error itself is in the lexer's
/// state ([`State::Failed`]), so that a result carries no error value and
/// each `?` of the lexer's many error paths copies nothing.
#[derive(Debug)]
struct Fail;

/// What the lexer's scanning functions return.
type LResult<T> = Result<T, Fail>;

#[derive(Clone, Debug)]
enum State {
    Running,
    /// ENDMARKER was produced at this line and column.
    Ended(u32, u32),
    /// This error was produced; it is repeated.
    Failed(LexError),
}

/// The streaming lexer. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct Lexer<'src> {
    src: &'src [u8],
    /// Next byte to read.
    pos: usize,
    /// End of the region being lexed.
    end: usize,
    mode: Mode,
    state: State,
    /// At the start of a logical line (indentation not yet measured).
    at_line_start: bool,
    /// DEDENT tokens still to produce.
    pending_dedents: usize,
    indents: IndentStack,
    brackets: BracketStack,
    /// Where lexing started (for locating earlier offsets).
    base: Mark,
    /// The furthest located position (positions are located in increasing
    /// order, so locating costs O(1) amortised per byte).
    mark: Mark,
    /// The start of the token being lexed, located.
    tok: Mark,
    /// The machine-stack check of the f-string recursion (format specs
    /// nest fields).
    stack: StackGuard,
}

impl<'src> Lexer<'src> {
    /// A lexer for a whole module. A leading UTF-8 byte order mark is
    /// skipped.
    pub fn new(src: &'src [u8]) -> Self {
        let start = if src.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let base = Mark {
            offset: start,
            line: 1,
            col: 1,
        };
        Lexer {
            src,
            pos: start,
            end: src.len(),
            mode: Mode::File,
            state: State::Running,
            at_line_start: true,
            pending_dedents: 0,
            indents: IndentStack::new(),
            brackets: BracketStack::new(),
            base,
            mark: base,
            tok: base,
            stack: StackGuard::default(),
        }
    }

    /// A lexer for the expression `span` of `src` (whose first byte is at
    /// `line`/`col`), lexed as if it were inside parentheses: newlines are
    /// ignored and no NEWLINE, INDENT or DEDENT is produced; the stream
    /// ends with ENDMARKER at the end of the span. Token positions are
    /// relative to the whole `src`.
    pub fn new_expression(src: &'src [u8], span: Span, line: u32, col: u32) -> Self {
        let end = span.end.min(src.len());
        let start = span.start.min(end);
        let base = Mark {
            offset: start,
            line,
            col,
        };
        Lexer {
            src,
            pos: start,
            end,
            mode: Mode::Expression,
            state: State::Running,
            at_line_start: false,
            pending_dedents: 0,
            indents: IndentStack::new(),
            brackets: BracketStack::new(),
            base,
            mark: base,
            tok: base,
            stack: StackGuard::default(),
        }
    }

    /// A lexer for the expression of an f-string replacement field; `src`
    /// must be the source the field came from.
    pub fn for_fstring_field(src: &'src [u8], field: &FStringField<'src>) -> Self {
        Self::new_expression(src, field.expr, field.line, field.col)
    }

    /// Makes the lexer check the machine stack as the parser does (see
    /// [`Parser::set_stack_limit`](crate::parser::Parser::set_stack_limit)):
    /// the decomposition of an f-string recurses into format specs.
    pub(crate) fn set_stack_guard(&mut self, stack: StackGuard) {
        self.stack = stack;
    }

    /// The source being lexed.
    pub fn source(&self) -> &'src [u8] {
        self.src
    }

    /// The next token. After ENDMARKER, returns ENDMARKER again; after an
    /// error, returns the same error again.
    pub fn next_token(&mut self) -> Result<Token<'src>, LexError> {
        match &self.state {
            State::Running => {}
            State::Ended(line, col) => {
                return Ok(Token {
                    kind: TokenKind::EndMarker,
                    span: Span {
                        start: self.end,
                        end: self.end,
                    },
                    line: *line,
                    col: *col,
                });
            }
            State::Failed(e) => return Err(*e),
        }
        match self.lex() {
            Ok(token) => {
                if matches!(token.kind, TokenKind::EndMarker) {
                    self.state = State::Ended(token.line, token.col);
                }
                Ok(token)
            }
            Err(Fail) => Err(self.failure()),
        }
    }

    /// The error [`Lexer::error`] recorded (every [`Fail`] comes from it).
    #[inline(never)]
    fn failure(&mut self) -> LexError {
        match &self.state {
            State::Failed(e) => *e,
            _ => {
                let at = self.pos;
                self.error(at, LexErrorKind::InvalidSyntax);
                self.failure()
            }
        }
    }

    // ----- positions -----------------------------------------------------

    /// Line and column of `offset`.
    fn locate(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.src.len());
        if offset < self.mark.offset {
            self.mark = self.base;
        }
        if offset < self.mark.offset {
            return (self.mark.line, self.mark.col);
        }
        let Mark {
            mut line, mut col, ..
        } = self.mark;
        for i in self.mark.offset..offset {
            match self.src[i] {
                b'\n' if i > 0 && self.src[i - 1] == b'\r' => {}
                b'\n' | b'\r' => {
                    line = line.saturating_add(1);
                    col = 1;
                }
                b if b & 0xC0 == 0x80 => {}
                _ => col = col.saturating_add(1),
            }
        }
        self.mark = Mark { offset, line, col };
        (line, col)
    }

    /// Records the error `kind` at `offset` as the lexer's state (one
    /// cold copy for the lexer's many error sites).
    #[cold]
    #[inline(never)]
    fn error(&mut self, offset: usize, kind: LexErrorKind) -> Fail {
        let (line, col) = self.locate(offset);
        self.state = State::Failed(LexError {
            line,
            col,
            offset,
            kind,
        });
        Fail
    }

    fn token(&mut self, kind: TokenKind<'src>, start: usize, end: usize) -> Token<'src> {
        let (line, col) = if start == self.tok.offset {
            (self.tok.line, self.tok.col)
        } else {
            self.locate(start)
        };
        Token {
            kind,
            span: Span { start, end },
            line,
            col,
        }
    }

    // ----- byte access ---------------------------------------------------

    fn peek_at(&self, i: usize) -> Option<u8> {
        if i < self.end {
            Some(self.src[i])
        } else {
            None
        }
    }

    fn peek(&self) -> Option<u8> {
        self.peek_at(self.pos)
    }

    /// Consumes a newline (`\n`, `\r\n` or `\r`) at `self.pos`, if any.
    fn eat_newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => {
                self.pos += 1;
                true
            }
            Some(b'\r') => {
                self.pos += 1;
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
                true
            }
            _ => false,
        }
    }

    /// Skips a comment (from `#` to the end of the line), checking it is
    /// valid UTF-8 without NUL bytes.
    fn skip_comment(&mut self) -> LResult<()> {
        while let Some(b) = self.peek() {
            match b {
                b'\n' | b'\r' => break,
                0 => return Err(self.error(self.pos, LexErrorKind::NullByte)),
                0x01..=0x7F => self.pos += 1,
                _ => match decode_utf8(&self.src[self.pos..self.end]) {
                    Some((_, len)) => self.pos += len,
                    None => return Err(self.error(self.pos, LexErrorKind::InvalidUtf8(b))),
                },
            }
        }
        Ok(())
    }

    // ----- the main loop -------------------------------------------------

    fn lex(&mut self) -> LResult<Token<'src>> {
        if self.pending_dedents > 0 {
            self.pending_dedents -= 1;
            return Ok(self.token(TokenKind::Dedent, self.pos, self.pos));
        }
        if self.at_line_start
            && let Some(token) = self.indentation()?
        {
            return Ok(token);
        }
        loop {
            while self.peek().is_some_and(is_blank) {
                self.pos += 1;
            }
            let start = self.pos;
            let Some(b) = self.peek() else {
                return self.end_of_input();
            };
            match b {
                b'#' => self.skip_comment()?,
                b'\\' => {
                    self.pos += 1;
                    if !self.eat_newline() {
                        let kind = if self.pos >= self.end {
                            LexErrorKind::UnexpectedEof
                        } else {
                            LexErrorKind::UnexpectedCharAfterContinuation
                        };
                        return Err(self.error(self.pos, kind));
                    }
                    if self.pos >= self.end && self.mode == Mode::File {
                        return Err(self.error(start + 1, LexErrorKind::UnexpectedEof));
                    }
                }
                b'\n' | b'\r' => {
                    self.eat_newline();
                    if self.mode == Mode::File && self.brackets.depth() == 0 {
                        self.at_line_start = true;
                        return Ok(self.token(TokenKind::Newline, start, self.pos));
                    }
                }
                _ => return self.lex_token(start),
            }
        }
    }

    /// At the start of a line: skips blank and comment-only lines, then
    /// measures the indentation and produces INDENT or DEDENT if it changed.
    fn indentation(&mut self) -> LResult<Option<Token<'src>>> {
        let (line_start, width) = loop {
            let line_start = self.pos;
            let mut width = Width::default();
            while let Some(b) = self.peek().filter(|&b| is_blank(b)) {
                width.add(b);
                self.pos += 1;
            }
            match self.peek() {
                None => return Ok(None),
                Some(b'#') => {
                    self.skip_comment()?;
                    self.eat_newline();
                }
                Some(b'\n' | b'\r') => {
                    self.eat_newline();
                }
                Some(_) => break (line_start, width),
            }
        };
        self.at_line_start = false;
        match self.indents.change(width) {
            Ok(Change::Same) => Ok(None),
            Ok(Change::Indent) => Ok(Some(self.token(TokenKind::Indent, line_start, self.pos))),
            Ok(Change::Dedent(n)) => {
                self.pending_dedents = n - 1;
                Ok(Some(self.token(TokenKind::Dedent, self.pos, self.pos)))
            }
            Err(kind) => {
                let at = match kind {
                    LexErrorKind::UnindentMismatch => self.pos,
                    _ => line_start,
                };
                Err(self.error(at, kind))
            }
        }
    }

    fn end_of_input(&mut self) -> LResult<Token<'src>> {
        if let Some(open) = self.brackets.innermost() {
            let bracket = self.src.get(open).map_or('(', |&b| b as char);
            return Err(self.error(open, LexErrorKind::UnclosedBracket(bracket)));
        }
        if self.mode == Mode::Expression {
            return Ok(self.token(TokenKind::EndMarker, self.pos, self.pos));
        }
        if !self.at_line_start {
            self.at_line_start = true;
            return Ok(self.token(TokenKind::Newline, self.pos, self.pos));
        }
        // DEDENT and ENDMARKER go at the start of the line after the last
        // one with any content (CPython's tokenize does the same).
        let (mut line, mut col) = self.locate(self.pos);
        let last_line = &self.src[self.base.offset..self.pos];
        let tail_start = last_line.iter().rposition(|&b| b == b'\n' || b == b'\r');
        let tail = &last_line[tail_start.map_or(0, |i| i + 1)..];
        if !tail.iter().all(|&b| is_blank(b)) {
            line = line.saturating_add(1);
        }
        if col != 1 {
            col = 1;
        }
        let kind = if self.indents.depth() > 0 {
            self.indents.pop();
            TokenKind::Dedent
        } else {
            TokenKind::EndMarker
        };
        Ok(Token {
            kind,
            span: Span {
                start: self.pos,
                end: self.pos,
            },
            line,
            col,
        })
    }

    /// Lexes a token starting with the non-blank byte at `start`.
    fn lex_token(&mut self, start: usize) -> LResult<Token<'src>> {
        // Locate the start first so that positions stay increasing.
        let (line, col) = self.locate(start);
        self.tok = Mark {
            offset: start,
            line,
            col,
        };
        let b = self.src[start];
        if is_ascii_id_start(b) || b >= 0x80 {
            return self.lex_name_or_prefixed_string(start);
        }
        if b.is_ascii_digit()
            || (b == b'.' && self.peek_at(start + 1).is_some_and(|c| c.is_ascii_digit()))
        {
            return self.lex_number(start);
        }
        if b == b'\'' || b == b'"' {
            return self.lex_string(start, start, string::Prefix::default());
        }
        self.lex_operator(start)
    }

    fn lex_name_or_prefixed_string(&mut self, start: usize) -> LResult<Token<'src>> {
        let mut i = start;
        let mut ascii = true;
        while i < self.end {
            let b = self.src[i];
            if is_ascii_id_continue(b) {
                i += 1;
            } else if b >= 0x80 {
                ascii = false;
                let Some((c, len)) = decode_utf8(&self.src[i..self.end]) else {
                    return Err(self.error(i, LexErrorKind::InvalidUtf8(b)));
                };
                let ok = if i == start {
                    ident::is_id_start(c)
                } else {
                    ident::is_id_continue(c)
                };
                if !ok {
                    let kind = if ident::is_non_printable(c) {
                        LexErrorKind::NonPrintableCharacter(c)
                    } else {
                        LexErrorKind::InvalidCharacter(c)
                    };
                    return Err(self.error(i, kind));
                }
                i += len;
            } else {
                break;
            }
        }
        let text = &self.src[start..i];
        if ascii && matches!(self.peek_at(i), Some(b'\'' | b'"')) {
            if let Some(prefix) = string::Prefix::parse(text) {
                return self.lex_string(start, i, prefix);
            }
            if text.len() <= 3 && text.iter().all(|b| b"rRbBuUfF".contains(b)) {
                return Err(self.error(start, LexErrorKind::InvalidStringPrefix));
            }
        }
        self.pos = i;
        if ascii && let Some(k) = Keyword::from_bytes(text) {
            return Ok(self.token(TokenKind::Keyword(k), start, i));
        }
        match core::str::from_utf8(text) {
            Ok(name) => Ok(self.token(TokenKind::Name(name), start, i)),
            Err(e) => {
                let at = start + e.valid_up_to();
                let byte = self.src.get(at).copied().unwrap_or(0);
                Err(self.error(at, LexErrorKind::InvalidUtf8(byte)))
            }
        }
    }

    fn lex_operator(&mut self, start: usize) -> LResult<Token<'src>> {
        let b = self.src[start];
        let (op, len) = match b {
            b'(' | b'[' | b'{' => {
                if let Err(kind) = self.brackets.push(start) {
                    return Err(self.error(start, kind));
                }
                let op = match b {
                    b'(' => Op::LPar,
                    b'[' => Op::LSqb,
                    _ => Op::LBrace,
                };
                (op, 1)
            }
            b')' | b']' | b'}' => {
                if let Err(open) = self.brackets.pop(self.src, b) {
                    return Err(self.bracket_error(start, b, open));
                }
                let op = match b {
                    b')' => Op::RPar,
                    b']' => Op::RSqb,
                    _ => Op::RBrace,
                };
                (op, 1)
            }
            _ => {
                let byte_at = |i| self.peek_at(i).unwrap_or(0);
                let next = [byte_at(start + 1), byte_at(start + 2)];
                match OPERATORS
                    .iter()
                    .find(|(text, _)| operator_matches(text, b, next))
                {
                    Some(&(text, op)) => (op, operator_len(&text)),
                    None => return Err(self.operator_error(start, b)),
                }
            }
        };
        self.pos = start + len;
        Ok(self.token(TokenKind::Op(op), start, self.pos))
    }

    /// The error for a byte that starts no token.
    fn operator_error(&mut self, start: usize, b: u8) -> Fail {
        match b {
            0 => self.error(start, LexErrorKind::NullByte),
            0x01..=0x1F | 0x7F => self.error(start, LexErrorKind::NonPrintableCharacter(b as char)),
            _ => self.error(start, LexErrorKind::InvalidSyntax),
        }
    }

    fn bracket_error(&mut self, at: usize, close: u8, open: Option<usize>) -> Fail {
        let close = close as char;
        let Some(open) = open else {
            return self.error(at, LexErrorKind::UnmatchedBracket(close));
        };
        let (close_line, _) = self.locate(at);
        let (open_line, _) = self.locate(open);
        let open_char = self.src.get(open).map_or('(', |&b| b as char);
        let kind = LexErrorKind::MismatchedBracket {
            close,
            open: open_char,
            open_line: (open_line != close_line).then_some(open_line),
        };
        self.error(at, kind)
    }
}

/// The operators other than brackets, their text padded with NULs, longest
/// first so that the first match is the longest (a table is smaller code
/// than a `match` on the next three bytes).
const OPERATORS: [([u8; 3], Op); 41] = [
    (*b"...", Op::Ellipsis),
    (*b"**=", Op::DoubleStarEqual),
    (*b"//=", Op::DoubleSlashEqual),
    (*b"<<=", Op::LeftShiftEqual),
    (*b">>=", Op::RightShiftEqual),
    (*b"->\0", Op::Arrow),
    (*b":=\0", Op::ColonEqual),
    (*b"**\0", Op::DoubleStar),
    (*b"//\0", Op::DoubleSlash),
    (*b"<<\0", Op::LeftShift),
    (*b">>\0", Op::RightShift),
    (*b"<=\0", Op::LessEqual),
    (*b">=\0", Op::GreaterEqual),
    (*b"==\0", Op::EqEqual),
    (*b"!=\0", Op::NotEqual),
    (*b"+=\0", Op::PlusEqual),
    (*b"-=\0", Op::MinEqual),
    (*b"*=\0", Op::StarEqual),
    (*b"/=\0", Op::SlashEqual),
    (*b"%=\0", Op::PercentEqual),
    (*b"@=\0", Op::AtEqual),
    (*b"&=\0", Op::AmperEqual),
    (*b"|=\0", Op::VBarEqual),
    (*b"^=\0", Op::CircumflexEqual),
    (*b",\0\0", Op::Comma),
    (*b":\0\0", Op::Colon),
    (*b";\0\0", Op::Semi),
    (*b".\0\0", Op::Dot),
    (*b"@\0\0", Op::At),
    (*b"=\0\0", Op::Equal),
    (*b"+\0\0", Op::Plus),
    (*b"-\0\0", Op::Minus),
    (*b"*\0\0", Op::Star),
    (*b"/\0\0", Op::Slash),
    (*b"%\0\0", Op::Percent),
    (*b"&\0\0", Op::Amper),
    (*b"|\0\0", Op::VBar),
    (*b"^\0\0", Op::Circumflex),
    (*b"~\0\0", Op::Tilde),
    (*b"<\0\0", Op::Less),
    (*b">\0\0", Op::Greater),
];

/// Whether an [`OPERATORS`] entry is `first` and then `next` (as far as
/// the entry goes: its padding matches anything).
fn operator_matches(text: &[u8; 3], first: u8, next: [u8; 2]) -> bool {
    text[0] == first
        && (text[1] == 0 || (text[1] == next[0] && (text[2] == 0 || text[2] == next[1])))
}

/// The length of an [`OPERATORS`] entry's text.
fn operator_len(text: &[u8; 3]) -> usize {
    text.iter().filter(|&&b| b != 0).count()
}

impl<'src> Iterator for Lexer<'src> {
    type Item = Result<Token<'src>, LexError>;

    /// Yields tokens up to and including ENDMARKER, or up to and including
    /// the first error, then `None`.
    fn next(&mut self) -> Option<Self::Item> {
        match self.state {
            State::Running => Some(self.next_token()),
            _ => None,
        }
    }
}

impl core::iter::FusedIterator for Lexer<'_> {}
