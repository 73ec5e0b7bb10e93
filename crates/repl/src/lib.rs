#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod buffer;
pub mod completion;
pub mod continuation;
mod friendly;
pub mod history;
mod raw;
pub mod readline;

use alloc::string::String;
use alloc::vec::Vec;

pub use history::History;
pub use readline::LineEditor;

/// The byte stream the REPL talks over: a UART, a USB CDC port, a host
/// terminal.
pub trait Terminal {
    /// Waits for the next input byte; `None` when the input is closed.
    fn read_byte(&mut self) -> Option<u8>;
    /// Writes `bytes` (the REPL writes `\r\n` line ends itself).
    fn write(&mut self, bytes: &[u8]);
    /// Pushes buffered output out. Called before the REPL waits for input
    /// and before it hands over to the [`Executor`].
    fn flush(&mut self) {}
}

/// What kind of input the REPL hands to [`Executor::execute`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExecMode {
    /// One friendly-REPL input: compile it in single mode (expression
    /// statements print their value through `__repl_print__`).
    Single,
    /// A paste-mode block: compile it as a file.
    Paste,
    /// A raw-REPL or raw-paste program, sent by a tool such as `mpremote`:
    /// compile it as a file; its output goes to a program, not a person.
    Raw,
}

impl ExecMode {
    /// Whether the source is compiled as a whole file (not single mode).
    pub fn is_file(self) -> bool {
        !matches!(self, ExecMode::Single)
    }
}

/// How running one input ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome<E> {
    /// It finished.
    Done,
    /// It raised an uncaught exception (or did not compile). The REPL
    /// passes the error back to [`Executor::print_error`] when the protocol
    /// wants it printed: at once in the friendly REPL, after the first
    /// `\x04` in the raw REPL.
    Raised(E),
    /// It raised `SystemExit` with this exit code: the REPL returns
    /// [`Event::Exit`].
    Exit(i32),
}

/// The port's side of the REPL: compiles and runs source on its VM,
/// prints tracebacks, and finds names for completion.
pub trait Executor {
    /// An uncaught exception or compile error, kept until it is printed.
    type Error;

    /// Compiles `source` (as `<stdin>`) according to `mode` and runs it.
    /// Program output goes straight to the console, before this returns.
    fn execute(&mut self, source: &[u8], mode: ExecMode) -> Outcome<Self::Error>;

    /// Prints `error` as a traceback on the console.
    fn print_error(&mut self, error: Self::Error);

    /// Appends to `out` the names that could complete `prefix` after the
    /// dotted `path` (global and built-in names for an empty path, else the
    /// attributes of the object the path names). Names not starting with
    /// `prefix` may be included; the REPL filters them. The default knows
    /// no names.
    fn complete(&mut self, path: &[&str], prefix: &str, out: &mut Vec<String>) {
        let _ = (path, prefix, out);
    }

    /// The first banner line, e.g. `Pyrite 0.1.0; linux with x86_64`.
    fn banner(&self) -> &str;

    /// Called with `true` before the REPL allocates buffers that it frees
    /// again before the next input runs or [`Repl::run`] returns (the line
    /// being edited and its echo, a multi-line statement, a paste-mode
    /// block, a raw-REPL program), and with `false` after. Between a
    /// `false` and the next `true` it allocates only what it keeps: the
    /// history. So a port whose Rust heap is small may serve the short-lived
    /// buffers from a larger pool that is reset with its interpreter (a
    /// board's GC heap). The REPL grows every buffer fallibly: a line that
    /// does not fit stops taking keys, and an input that does not fit is
    /// answered with a `MemoryError` instead of running. The default does
    /// nothing.
    fn transient_buffers(&mut self, on: bool) {
        let _ = on;
    }
}

/// Why [`Repl::run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// Ctrl-D on an empty friendly-REPL line: a host port exits, a board
    /// soft-resets (and calls [`Repl::run`] again).
    EndOfInput,
    /// The input was closed ([`Terminal::read_byte`] returned `None`).
    Closed,
    /// Ctrl-D on an empty raw-REPL command (`OK\r\n` was written): the port
    /// resets its interpreter and calls [`Repl::run`] again, which resumes
    /// in the raw REPL as `mpremote` expects.
    SoftReset,
    /// The program raised `SystemExit` with this code.
    Exit(i32),
}

/// Which REPL reads input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The friendly REPL, for people: prompts, editing, history.
    Friendly,
    /// The raw REPL, for tools: no echo, `\x04`-framed results.
    Raw,
}

/// The first prompt of an input.
pub const PROMPT: &[u8] = b">>> ";
/// The prompt of a continuation line.
pub const CONTINUATION_PROMPT: &[u8] = b"... ";
/// The prompt of each paste-mode line.
pub const PASTE_PROMPT: &[u8] = b"=== ";
/// The second banner line.
pub const HELP_LINE: &[u8] = b"Type \"help()\" for more information.\r\n";
/// What the raw REPL prints when entered or reset.
pub const RAW_BANNER: &[u8] = b"raw REPL; CTRL-B to exit\r\n";
/// What [`Repl::run`] prints when it is called again after a reset.
pub const SOFT_REBOOT: &[u8] = b"MPY: soft reboot\r\n";
/// The raw-paste window size offered by default (bytes the host may send
/// before each flow-control `\x01`; the host may be two windows ahead).
pub const DEFAULT_RAW_PASTE_WINDOW: u16 = 128;

/// The REPL: its mode, history and line editor, kept across soft resets.
pub struct Repl {
    mode: Mode,
    history: History,
    editor: LineEditor,
    out: Vec<u8>,
    runs: u32,
    window: u16,
}

impl Default for Repl {
    fn default() -> Self {
        Repl::new()
    }
}

/// What one mode's loop ended with.
enum Step {
    /// Go on in the other mode.
    Switch(Mode),
    /// Return from [`Repl::run`].
    Event(Event),
}

impl Repl {
    /// A friendly REPL with the default history (8 lines, 1 KiB).
    ///
    /// The REPL keeps only its history between inputs; the line being
    /// edited and the input being collected are freed once it ran (see
    /// [`Executor::transient_buffers`]).
    pub fn new() -> Self {
        Repl::with_history(History::default())
    }

    /// A friendly REPL keeping `history`.
    pub fn with_history(history: History) -> Self {
        Repl {
            mode: Mode::Friendly,
            history,
            editor: LineEditor::new(),
            out: Vec::new(),
            runs: 0,
            window: DEFAULT_RAW_PASTE_WINDOW,
        }
    }

    /// Sets the raw-paste window size (at least 1): the console's receive
    /// buffer must hold two windows.
    pub fn set_raw_paste_window(&mut self, bytes: u16) {
        self.window = bytes.max(1);
    }

    /// Makes the next [`Repl::run`] start in the raw REPL, as after a soft
    /// reset from it: for a port that made a new `Repl` when it reset while
    /// a raw-REPL program ran (it printed the program's error itself).
    pub fn resume_raw(&mut self) {
        self.mode = Mode::Raw;
    }

    /// The mode the next [`Repl::run`] starts in.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The history of friendly-REPL lines.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Runs the REPL until an [`Event`] for the port. Every call after the
    /// first starts with `MPY: soft reboot` (the port reset its
    /// interpreter) and resumes the mode the last call ended in.
    pub fn run<T, X>(&mut self, term: &mut T, exec: &mut X) -> Event
    where
        T: Terminal + ?Sized,
        X: Executor + ?Sized,
    {
        if self.runs > 0 {
            term.write(SOFT_REBOOT);
        }
        self.runs = self.runs.saturating_add(1);
        loop {
            let step = match self.mode {
                Mode::Friendly => self.friendly(term, exec),
                Mode::Raw => self.raw(term, exec),
            };
            match step {
                Step::Switch(mode) => self.mode = mode,
                Step::Event(event) => {
                    term.flush();
                    // Their memory may belong to the interpreter the port
                    // now resets.
                    self.release_line();
                    return event;
                }
            }
        }
    }

    /// Frees the line editor's buffers and the echo buffer.
    fn release_line(&mut self) {
        self.editor.release();
        self.out = Vec::new();
    }

    /// Writes the editor's pending output.
    fn emit<T: Terminal + ?Sized>(&mut self, term: &mut T) {
        if !self.out.is_empty() {
            term.write(&self.out);
            self.out.clear();
        }
    }
}

#[cfg(test)]
mod tests;
