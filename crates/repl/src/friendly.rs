//! The friendly REPL: banner, prompts, continuation lines with
//! auto-indent, completion and paste mode.

use alloc::vec::Vec;

use crate::buffer::InputBuffer;
use crate::completion::{self, Completion};
use crate::continuation::{needs_more, next_indent};
use crate::readline::Action;
use crate::{
    CONTINUATION_PROMPT, Event, ExecMode, Executor, HELP_LINE, Mode, Outcome, PASTE_PROMPT, PROMPT,
    Repl, Step, Terminal,
};

const CTRL_A: u8 = 1;
const CTRL_B: u8 = 2;
const CTRL_C: u8 = 3;
const CTRL_D: u8 = 4;
const CTRL_E: u8 = 5;

/// How reading one line ended.
enum Read {
    /// Enter: the line is in the editor.
    Line,
    /// Ctrl-C.
    Interrupt,
    /// One of the accepted control keys, on a blank line.
    Control(u8),
    /// The input is closed.
    Closed,
}

const SPACES: &[u8] = b"                                                                ";

/// What the REPL answers for an input there was no memory to collect.
const INPUT_TOO_BIG: &[u8] = b"MemoryError: input too big for the memory left\r\n";

impl Repl {
    fn banner<T: Terminal + ?Sized, X: Executor + ?Sized>(term: &mut T, exec: &X) {
        term.write(exec.banner().as_bytes());
        term.write(b"\r\n");
        term.write(HELP_LINE);
    }

    /// The friendly REPL until it switches to the raw REPL or has an event.
    pub(crate) fn friendly<T, X>(&mut self, term: &mut T, exec: &mut X) -> Step
    where
        T: Terminal + ?Sized,
        X: Executor + ?Sized,
    {
        Self::banner(term, exec);
        'input: loop {
            let controls = [CTRL_A, CTRL_B, CTRL_D, CTRL_E];
            match self.read_line(term, exec, PROMPT, 0, &controls) {
                Read::Line => {}
                Read::Interrupt => {
                    term.write(b"\r\n");
                    continue;
                }
                Read::Control(CTRL_A) => {
                    term.write(b"\r\n");
                    return Step::Switch(Mode::Raw);
                }
                Read::Control(CTRL_B) => {
                    term.write(b"\r\n");
                    Self::banner(term, exec);
                    continue;
                }
                Read::Control(CTRL_E) => match self.paste(term, exec) {
                    Some(step) => return step,
                    None => continue,
                },
                Read::Control(_) => {
                    term.write(b"\r\n");
                    return Step::Event(Event::EndOfInput);
                }
                Read::Closed => return Step::Event(Event::Closed),
            }
            if self.editor.line().is_empty() {
                self.release_line();
                continue;
            }
            let mut input = InputBuffer::default();
            self.take_line(exec, &mut input);
            while !input.overflowed && needs_more(&input.bytes) {
                let last = input.bytes.rsplit(|&c| c == b'\n').next().unwrap_or(b"");
                let indent = next_indent(last);
                match self.read_line(term, exec, CONTINUATION_PROMPT, indent, &[CTRL_D]) {
                    Read::Line => {
                        exec.transient_buffers(true);
                        input.push(b'\n');
                        exec.transient_buffers(false);
                        self.take_line(exec, &mut input);
                    }
                    Read::Interrupt => {
                        term.write(b"\r\n");
                        continue 'input;
                    }
                    Read::Control(_) => {
                        term.write(b"\r\n");
                        break;
                    }
                    Read::Closed => return Step::Event(Event::Closed),
                }
            }
            exec.transient_buffers(true);
            input.push(b'\n');
            exec.transient_buffers(false);
            if input.overflowed {
                term.write(INPUT_TOO_BIG);
                continue;
            }
            if let Some(step) = Self::execute(term, exec, &input.bytes, ExecMode::Single) {
                return step;
            }
        }
    }

    /// Runs `source`; prints an error at once. `Some` on `SystemExit`.
    fn execute<T, X>(term: &mut T, exec: &mut X, source: &[u8], mode: ExecMode) -> Option<Step>
    where
        T: Terminal + ?Sized,
        X: Executor + ?Sized,
    {
        term.flush();
        match exec.execute(source, mode) {
            Outcome::Done => None,
            Outcome::Raised(e) => {
                exec.print_error(e);
                None
            }
            Outcome::Exit(code) => Some(Step::Event(Event::Exit(code))),
        }
    }

    /// Appends the line just read to `input` (a short-lived buffer) and
    /// to the history (kept), then frees the editor's buffers.
    fn take_line<X: Executor + ?Sized>(&mut self, exec: &mut X, input: &mut InputBuffer) {
        exec.transient_buffers(true);
        input.extend(self.editor.line());
        exec.transient_buffers(false);
        self.history.push(self.editor.line());
        self.release_line();
    }

    /// Reads one line after `prompt`, pre-filled with `indent` spaces.
    /// Control keys not in `controls` are ignored. The editor's buffers are
    /// short-lived (see [`Executor::transient_buffers`]).
    fn read_line<T, X>(
        &mut self,
        term: &mut T,
        exec: &mut X,
        prompt: &[u8],
        indent: usize,
        controls: &[u8],
    ) -> Read
    where
        T: Terminal + ?Sized,
        X: Executor + ?Sized,
    {
        exec.transient_buffers(true);
        let read = self.edit_line(term, exec, prompt, indent, controls);
        exec.transient_buffers(false);
        if !matches!(read, Read::Line) {
            self.release_line();
        }
        read
    }

    /// [`Repl::read_line`]'s loop.
    fn edit_line<T, X>(
        &mut self,
        term: &mut T,
        exec: &mut X,
        prompt: &[u8],
        indent: usize,
        controls: &[u8],
    ) -> Read
    where
        T: Terminal + ?Sized,
        X: Executor + ?Sized,
    {
        term.write(prompt);
        let indent = &SPACES[..indent.min(SPACES.len())];
        self.editor.start(indent, &mut self.out);
        loop {
            self.emit(term);
            term.flush();
            let Some(byte) = term.read_byte() else {
                return Read::Closed;
            };
            match self.editor.feed(byte, &self.history, &mut self.out) {
                Action::None => {}
                Action::Enter => {
                    self.emit(term);
                    return Read::Line;
                }
                Action::Tab => self.tab(exec, prompt),
                Action::Interrupt => return Read::Interrupt,
                Action::Control(c) if controls.contains(&c) => return Read::Control(c),
                Action::Control(_) => {}
            }
        }
    }

    /// Completes the word before the cursor, or indents a blank line.
    fn tab<X: Executor + ?Sized>(&mut self, exec: &mut X, prompt: &[u8]) {
        let text = self.editor.before_cursor();
        if text.iter().all(|&c| c == b' ') {
            let n = 4 - text.len() % 4;
            self.editor.insert(&SPACES[..n], &mut self.out);
            return;
        }
        let Some(word) = completion::word_before(text) else {
            return;
        };
        let mut names = Vec::new();
        exec.complete(&word.path, word.prefix, &mut names);
        match completion::choose(word.prefix, names) {
            Completion::None => {}
            Completion::Insert(rest) => self.editor.insert(rest.as_bytes(), &mut self.out),
            Completion::List(names) => {
                completion::write_columns(&names, &mut self.out);
                self.editor.redraw(prompt, &mut self.out);
            }
        }
    }

    /// Paste mode (Ctrl-E): echoes lines after `=== ` until Ctrl-D, then
    /// runs them as a file; Ctrl-C cancels. `Some` to leave the friendly
    /// REPL.
    fn paste<T, X>(&mut self, term: &mut T, exec: &mut X) -> Option<Step>
    where
        T: Terminal + ?Sized,
        X: Executor + ?Sized,
    {
        term.write(b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n");
        term.write(PASTE_PROMPT);
        let mut source = InputBuffer::default();
        exec.transient_buffers(true);
        let end = Self::collect_paste(term, &mut source);
        exec.transient_buffers(false);
        match end {
            Some(CTRL_D) if source.overflowed => {
                term.write(INPUT_TOO_BIG);
                None
            }
            Some(CTRL_D) => Self::execute(term, exec, &source.bytes, ExecMode::Paste),
            Some(_) => None,
            None => Some(Step::Event(Event::Closed)),
        }
    }

    /// Reads paste-mode lines into `source` until Ctrl-D or Ctrl-C (the
    /// key, echoed as a line end), or `None` when the input closes.
    fn collect_paste<T: Terminal + ?Sized>(term: &mut T, source: &mut InputBuffer) -> Option<u8> {
        let mut after_cr = false;
        loop {
            term.flush();
            let byte = term.read_byte()?;
            let was_cr = core::mem::replace(&mut after_cr, false);
            match byte {
                CTRL_C | CTRL_D => {
                    term.write(b"\r\n");
                    return Some(byte);
                }
                b'\n' if was_cr => {}
                b'\r' | b'\n' => {
                    after_cr = byte == b'\r';
                    source.push(b'\n');
                    term.write(b"\r\n");
                    term.write(PASTE_PROMPT);
                }
                _ => {
                    source.push(byte);
                    term.write(&[byte]);
                }
            }
        }
    }
}
