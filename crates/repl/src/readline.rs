//! The friendly REPL's line editor: a state machine fed one input byte at a
//! time, which edits its line and writes the bytes that redraw it on a VT100
//! terminal.
//!
//! Keys: printable characters (UTF-8 too) insert; left/right, home/end
//! (`ESC [ C/D/H/F`, `ESC O H/F`, `ESC [ 1~/4~/7~/8~`), backspace (which
//! removes back to the previous multiple of four inside leading spaces),
//! delete (`ESC [ 3 ~`), Ctrl-A/E/B/F (home, end, left, right), Ctrl-K/U/W
//! (kill to end, to start, a word back), up/down and Ctrl-P/N (history).
//! On a blank line Ctrl-A, Ctrl-B, Ctrl-D and Ctrl-E are returned to the
//! REPL instead (raw REPL, banner, end of input, paste mode).
//!
//! The editor never fails an allocation: before the line grows it reserves
//! room for it and for its echo, and a key there is no memory for is
//! ignored.

use alloc::vec::Vec;

use crate::history::History;

/// What the REPL should do after a byte was fed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Keep feeding bytes.
    None,
    /// Enter: the line is done (`\r\n` was echoed). A blank line reads as
    /// empty.
    Enter,
    /// Tab: the REPL completes the word before the cursor.
    Tab,
    /// Ctrl-C: cancel the input.
    Interrupt,
    /// Ctrl-A, Ctrl-B, Ctrl-D or Ctrl-E (the byte) typed on a blank line.
    Control(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Esc {
    /// Not in an escape sequence.
    None,
    /// After `ESC`.
    Start,
    /// After `ESC [` and this first numeric parameter.
    Csi(u16),
    /// After `ESC O`.
    Ss3,
}

const ESC: u8 = 0x1b;

fn is_cont(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// Screen columns of `bytes` (one per character).
fn cols(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| !is_cont(b)).count()
}

/// Writes the cursor movement `n` columns to the left.
fn move_left(out: &mut Vec<u8>, n: usize) {
    match n {
        0 => {}
        1 => out.push(8),
        _ => push_csi(out, n, b'D'),
    }
}

fn push_csi(out: &mut Vec<u8>, n: usize, fin: u8) {
    out.extend_from_slice(b"\x1b[");
    push_decimal(out, n);
    out.push(fin);
}

fn push_decimal(out: &mut Vec<u8>, n: usize) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(b'0' + (n % 10) as u8);
}

/// Erase from the cursor to the end of the screen line.
const ERASE_EOL: &[u8] = b"\x1b[K";

/// Bytes of echo room kept beyond the line's length: what one key writes
/// besides the line's text (cursor movements, erase, `\r\n`, a prompt).
/// With that room reserved whenever the line grows, no key that does not
/// lengthen the line needs memory for its echo (the caller writes the echo
/// out after each key).
const ECHO_SLACK: usize = 32;

/// One line being edited: its bytes, the cursor, the escape-sequence and
/// UTF-8 decoding state and the position in the history.
#[derive(Clone, Debug)]
pub struct LineEditor {
    buf: Vec<u8>,
    cursor: usize,
    esc: Esc,
    utf8: [u8; 4],
    utf8_len: usize,
    utf8_need: usize,
    after_cr: bool,
    hist: Option<usize>,
    saved: Vec<u8>,
}

impl Default for LineEditor {
    fn default() -> Self {
        LineEditor::new()
    }
}

impl LineEditor {
    /// An editor with an empty line.
    pub fn new() -> Self {
        LineEditor {
            buf: Vec::new(),
            cursor: 0,
            esc: Esc::None,
            utf8: [0; 4],
            utf8_len: 0,
            utf8_need: 0,
            after_cr: false,
            hist: None,
            saved: Vec::new(),
        }
    }

    /// Starts a new line holding `initial` (the auto-indent), echoed to
    /// `out`, with the cursor at its end; the line starts empty when there
    /// is no memory for that. The prompt is the caller's.
    pub fn start(&mut self, initial: &[u8], out: &mut Vec<u8>) {
        self.buf.clear();
        if self.make_room(initial.len(), out) {
            self.buf.extend_from_slice(initial);
            out.extend_from_slice(initial);
        }
        self.cursor = self.buf.len();
        self.esc = Esc::None;
        self.utf8_len = 0;
        self.utf8_need = 0;
        self.hist = None;
        self.saved.clear();
    }

    /// Frees the line's memory (the line is then empty).
    pub fn release(&mut self) {
        self.buf = Vec::new();
        self.saved = Vec::new();
        self.cursor = 0;
        self.hist = None;
    }

    /// Bytes of memory the editor holds.
    #[cfg(test)]
    pub(crate) fn held(&self) -> usize {
        self.buf.capacity() + self.saved.capacity()
    }

    /// Reserves room for a line of `len` bytes and for the echo of a key
    /// on it; `false` when there is no memory for that.
    fn make_room(&mut self, len: usize, out: &mut Vec<u8>) -> bool {
        self.buf
            .try_reserve(len.saturating_sub(self.buf.len()))
            .is_ok()
            && out.try_reserve(len + ECHO_SLACK).is_ok()
    }

    /// The line.
    pub fn line(&self) -> &[u8] {
        &self.buf
    }

    /// The part of the line before the cursor.
    pub fn before_cursor(&self) -> &[u8] {
        &self.buf[..self.cursor]
    }

    fn is_blank(&self) -> bool {
        self.buf.iter().all(|&c| c == b' ')
    }

    /// Feeds one input byte; the redrawing goes to `out`.
    pub fn feed(&mut self, byte: u8, history: &History, out: &mut Vec<u8>) -> Action {
        let after_cr = core::mem::replace(&mut self.after_cr, false);
        match self.esc {
            Esc::None => {}
            Esc::Start => {
                self.esc = match byte {
                    b'[' => Esc::Csi(0),
                    b'O' => Esc::Ss3,
                    _ => Esc::None,
                };
                return Action::None;
            }
            Esc::Csi(param) => {
                match byte {
                    b'0'..=b'9' => {
                        let p = param
                            .saturating_mul(10)
                            .saturating_add(u16::from(byte - b'0'));
                        self.esc = Esc::Csi(p);
                    }
                    // Modifier parameters (`ESC [ 1 ; 5 C`) are ignored.
                    b';' => {}
                    0x40..=0x7e => {
                        self.esc = Esc::None;
                        match (byte, param) {
                            (b'A', _) => self.history_up(history, out),
                            (b'B', _) => self.history_down(history, out),
                            (b'C', _) => self.right(out),
                            (b'D', _) => self.left(out),
                            (b'H', _) | (b'~', 1 | 7) => self.home(out),
                            (b'F', _) | (b'~', 4 | 8) => self.end(out),
                            (b'~', 3) => self.delete(out),
                            _ => {}
                        }
                    }
                    _ => self.esc = Esc::None,
                }
                return Action::None;
            }
            Esc::Ss3 => {
                self.esc = Esc::None;
                match byte {
                    b'A' => self.history_up(history, out),
                    b'B' => self.history_down(history, out),
                    b'C' => self.right(out),
                    b'D' => self.left(out),
                    b'H' => self.home(out),
                    b'F' => self.end(out),
                    _ => {}
                }
                return Action::None;
            }
        }
        if self.utf8_need > 0 {
            if is_cont(byte) {
                self.utf8[self.utf8_len] = byte;
                self.utf8_len += 1;
                if self.utf8_len == self.utf8_need {
                    let ch = self.utf8;
                    let n = self.utf8_len;
                    self.utf8_need = 0;
                    self.utf8_len = 0;
                    self.insert(&ch[..n], out);
                }
                return Action::None;
            }
            // A broken sequence is dropped; the byte is read afresh.
            self.utf8_need = 0;
            self.utf8_len = 0;
        }
        match byte {
            b'\r' => {
                self.after_cr = true;
                return self.enter(out);
            }
            b'\n' if after_cr => {}
            b'\n' => return self.enter(out),
            3 => {
                self.hist = None;
                return Action::Interrupt;
            }
            1 | 2 | 4 | 5 if self.is_blank() => return Action::Control(byte),
            1 => self.home(out),
            2 => self.left(out),
            4 => self.delete(out),
            5 => self.end(out),
            6 => self.right(out),
            8 | 0x7f => self.backspace(out),
            b'\t' => return Action::Tab,
            // Ctrl-K: kill to the end of the line.
            11 if self.cursor < self.buf.len() => {
                self.buf.truncate(self.cursor);
                out.extend_from_slice(ERASE_EOL);
            }
            14 => self.history_down(history, out),
            16 => self.history_up(history, out),
            21 => {
                // Ctrl-U: kill to the start of the line.
                let n = self.cursor;
                self.remove_before(n, out);
            }
            23 => {
                // Ctrl-W: kill the word before the cursor.
                let mut i = self.cursor;
                while i > 0 && self.buf[i - 1] == b' ' {
                    i -= 1;
                }
                while i > 0 && self.buf[i - 1] != b' ' {
                    i -= 1;
                }
                let n = self.cursor - i;
                self.remove_before(n, out);
            }
            ESC => self.esc = Esc::Start,
            0x20..=0x7e => self.insert(&[byte], out),
            0xc0..=0xf7 => {
                self.utf8[0] = byte;
                self.utf8_len = 1;
                self.utf8_need = match byte {
                    0xc0..=0xdf => 2,
                    0xe0..=0xef => 3,
                    _ => 4,
                };
            }
            _ => {}
        }
        Action::None
    }

    fn enter(&mut self, out: &mut Vec<u8>) -> Action {
        if self.is_blank() {
            self.buf.clear();
        }
        self.cursor = self.buf.len();
        self.hist = None;
        out.extend_from_slice(b"\r\n");
        Action::Enter
    }

    /// Inserts `text` at the cursor and redraws the rest of the line
    /// (nothing happens when there is no memory for the longer line).
    pub fn insert(&mut self, text: &[u8], out: &mut Vec<u8>) {
        if !self.make_room(self.buf.len() + text.len(), out) {
            return;
        }
        let at = self.cursor;
        self.buf.splice(at..at, text.iter().copied());
        self.cursor += text.len();
        out.extend_from_slice(&self.buf[at..]);
        move_left(out, cols(&self.buf[self.cursor..]));
    }

    /// Writes `prompt` and the whole line, and puts the screen cursor back
    /// at the editing cursor (after completion candidates were listed).
    pub fn redraw(&self, prompt: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(prompt);
        out.extend_from_slice(&self.buf);
        move_left(out, cols(&self.buf[self.cursor..]));
    }

    /// Removes the `n` bytes before the cursor and redraws.
    fn remove_before(&mut self, n: usize, out: &mut Vec<u8>) {
        if n == 0 {
            return;
        }
        let start = self.cursor - n;
        move_left(out, cols(&self.buf[start..self.cursor]));
        self.buf.drain(start..self.cursor);
        self.cursor = start;
        self.redraw_tail(out);
    }

    /// Writes the line from the cursor, erases what is left of the old
    /// line, and moves the screen cursor back.
    fn redraw_tail(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf[self.cursor..]);
        out.extend_from_slice(ERASE_EOL);
        move_left(out, cols(&self.buf[self.cursor..]));
    }

    fn prev_char(&self) -> usize {
        let mut i = self.cursor.saturating_sub(1);
        while i > 0 && is_cont(self.buf[i]) {
            i -= 1;
        }
        i
    }

    fn next_char(&self) -> usize {
        let mut i = (self.cursor + 1).min(self.buf.len());
        while i < self.buf.len() && is_cont(self.buf[i]) {
            i += 1;
        }
        i
    }

    fn backspace(&mut self, out: &mut Vec<u8>) {
        if self.cursor == 0 {
            return;
        }
        let n = if self.buf[..self.cursor].iter().all(|&c| c == b' ') {
            // Dedent to the previous multiple of four.
            (self.cursor - 1) % 4 + 1
        } else {
            self.cursor - self.prev_char()
        };
        self.remove_before(n, out);
    }

    fn delete(&mut self, out: &mut Vec<u8>) {
        if self.cursor < self.buf.len() {
            let end = self.next_char();
            self.buf.drain(self.cursor..end);
            self.redraw_tail(out);
        }
    }

    fn left(&mut self, out: &mut Vec<u8>) {
        if self.cursor > 0 {
            self.cursor = self.prev_char();
            move_left(out, 1);
        }
    }

    fn right(&mut self, out: &mut Vec<u8>) {
        if self.cursor < self.buf.len() {
            let end = self.next_char();
            out.extend_from_slice(&self.buf[self.cursor..end]);
            self.cursor = end;
        }
    }

    fn home(&mut self, out: &mut Vec<u8>) {
        move_left(out, cols(&self.buf[..self.cursor]));
        self.cursor = 0;
    }

    fn end(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf[self.cursor..]);
        self.cursor = self.buf.len();
    }

    /// Puts `line` in place of the line; `false` (and nothing changed)
    /// when there is no memory for it.
    fn replace(&mut self, line: &[u8], out: &mut Vec<u8>) -> bool {
        if !self.make_room(line.len(), out) {
            return false;
        }
        move_left(out, cols(&self.buf[..self.cursor]));
        self.buf.clear();
        self.buf.extend_from_slice(line);
        self.cursor = self.buf.len();
        out.extend_from_slice(line);
        out.extend_from_slice(ERASE_EOL);
        true
    }

    fn history_up(&mut self, history: &History, out: &mut Vec<u8>) {
        let next = self.hist.map_or(0, |i| i + 1);
        if let Some(line) = history.get(next) {
            if self.hist.is_none() {
                self.saved.clear();
                if self.saved.try_reserve(self.buf.len()).is_err() {
                    return;
                }
                self.saved.extend_from_slice(&self.buf);
            }
            if self.replace(line, out) {
                self.hist = Some(next);
            }
        }
    }

    fn history_down(&mut self, history: &History, out: &mut Vec<u8>) {
        match self.hist {
            None => {}
            Some(0) => {
                let saved = core::mem::take(&mut self.saved);
                if self.replace(&saved, out) {
                    self.hist = None;
                } else {
                    self.saved = saved;
                }
            }
            Some(i) => {
                if let Some(line) = history.get(i - 1)
                    && self.replace(line, out)
                {
                    self.hist = Some(i - 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    /// Feeds `input`; returns the line, the cursor, the echoed bytes and the
    /// last non-`None` action.
    fn run(h: &History, start: &[u8], input: &[u8]) -> (String, usize, Vec<u8>, Action) {
        let mut e = LineEditor::new();
        let mut out = Vec::new();
        e.start(start, &mut out);
        let mut last = Action::None;
        for &b in input {
            let a = e.feed(b, h, &mut out);
            if a != Action::None {
                last = a;
            }
        }
        (
            String::from_utf8(e.line().to_vec()).unwrap(),
            e.cursor,
            out,
            last,
        )
    }

    fn line(input: &[u8]) -> String {
        run(&History::default(), b"", input).0
    }

    #[test]
    fn typing_echoes_and_enter_ends_the_line() {
        let (l, _, out, a) = run(&History::default(), b"", b"1+2\r");
        assert_eq!(l, "1+2");
        assert_eq!(out, b"1+2\r\n");
        assert_eq!(a, Action::Enter);
        assert_eq!(run(&History::default(), b"", b"x\n").3, Action::Enter);
    }

    #[test]
    fn cr_lf_is_one_enter() {
        let h = History::default();
        let mut e = LineEditor::new();
        let mut out = Vec::new();
        assert_eq!(e.feed(b'\r', &h, &mut out), Action::Enter);
        e.start(b"", &mut out);
        assert_eq!(e.feed(b'\n', &h, &mut out), Action::None);
        assert_eq!(e.feed(b'\n', &h, &mut out), Action::Enter);
    }

    #[test]
    fn cursor_keys_move_and_insert_in_the_middle() {
        let (l, c, out, _) = run(&History::default(), b"", b"ac\x1b[Db");
        assert_eq!((l.as_str(), c), ("abc", 2));
        // `c` echoed, back one, then `bc` redrawn and back over `c`.
        assert_eq!(out, b"ac\x08bc\x08");
        assert_eq!(line(b"bc\x1b[Ha"), "abc");
        assert_eq!(line(b"bc\x1bOHa\x1bOFd"), "abcd");
        assert_eq!(line(b"bc\x1b[1~a\x1b[4~d"), "abcd");
        assert_eq!(line(b"ac\x02b\x06d"), "abcd");
        assert_eq!(line(b"bc\x01a\x05d"), "abcd");
        assert_eq!(line(b"ab\x1b[1;5Dc"), "acb");
    }

    #[test]
    fn deleting() {
        assert_eq!(line(b"abc\x7f\x08"), "a");
        assert_eq!(line(b"abc\x1b[D\x1b[D\x1b[3~"), "ac");
        assert_eq!(line(b"abc\x01\x04"), "bc");
        assert_eq!(line(b"abc\x1b[D\x0b"), "ab");
        assert_eq!(line(b"abc\x1b[D\x15"), "c");
        assert_eq!(line(b"x = foo bar\x17"), "x = foo ");
        assert_eq!(line(b"x = foo bar  \x17\x17"), "x = ");
        let (_, _, out, _) = run(&History::default(), b"", b"abc\x1b[D\x1b[D\x7f");
        assert_eq!(out, b"abc\x08\x08\x08bc\x1b[K\x1b[2D");
    }

    #[test]
    fn backspace_dedents_by_four() {
        let h = History::default();
        assert_eq!(run(&h, b"        ", b"\x7f").0, "    ");
        assert_eq!(run(&h, b"      ", b"\x7f").0, "    ");
        assert_eq!(run(&h, b"    x", b"\x7f\x7f").0, "");
    }

    #[test]
    fn blank_line_enter_is_empty_and_controls_are_returned() {
        let h = History::default();
        let (l, _, _, a) = run(&h, b"    ", b"\r");
        assert_eq!((l.as_str(), a), ("", Action::Enter));
        for c in [1u8, 2, 4, 5] {
            assert_eq!(run(&h, b"", &[c]).3, Action::Control(c));
            assert_eq!(run(&h, b"    ", &[c]).3, Action::Control(c));
            assert_eq!(run(&h, b"", &[b'x', c]).3, Action::None);
        }
        assert_eq!(run(&h, b"", b"abc\x03").3, Action::Interrupt);
        assert_eq!(run(&h, b"", b"ab\t").3, Action::Tab);
    }

    #[test]
    fn utf8_characters_move_as_one() {
        let (l, _, out, _) = run(&History::default(), b"", "aé\x1b[Db".as_bytes());
        assert_eq!(l, "abé");
        assert_eq!(out, "aé\x08bé\x08".as_bytes());
        assert_eq!(line("aéz\x1b[D\x7f".as_bytes()), "az");
        assert_eq!(line("a€\x01\x1b[C\x1b[3~".as_bytes()), "a");
    }

    #[test]
    fn history_up_and_down() {
        let mut h = History::default();
        h.push(b"first");
        h.push(b"second");
        assert_eq!(run(&h, b"", b"\x1b[A").0, "second");
        assert_eq!(run(&h, b"", b"\x1b[A\x1b[A").0, "first");
        assert_eq!(run(&h, b"", b"\x1b[A\x1b[A\x1b[A").0, "first");
        assert_eq!(run(&h, b"", b"\x1b[A\x1b[A\x1b[B").0, "second");
        assert_eq!(run(&h, b"", b"draft\x10\x0e").0, "draft");
        let (l, _, out, _) = run(&h, b"", b"ab\x1b[A");
        assert_eq!(l, "second");
        assert_eq!(out, b"ab\x1b[2Dsecond\x1b[K");
    }

    #[test]
    fn insert_and_redraw() {
        let h = History::default();
        let mut e = LineEditor::new();
        let mut out = Vec::new();
        e.start(b"", &mut out);
        for &b in b"m.sin)\x1b[D" {
            e.feed(b, &h, &mut out);
        }
        out.clear();
        e.insert(b"gh", &mut out);
        assert_eq!(e.line(), b"m.singh)");
        assert_eq!(out, b"gh)\x08");
        out.clear();
        e.redraw(b">>> ", &mut out);
        assert_eq!(out, b">>> m.singh)\x08");
    }
}
