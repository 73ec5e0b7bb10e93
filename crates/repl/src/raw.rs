//! The raw REPL and raw-paste mode: the byte protocol `mpremote` and
//! `pyboard.py` speak.
//!
//! Raw REPL: every byte but the control codes is program text; Ctrl-D runs
//! it, answering `OK`, the output, `\x04`, the error text, `\x04`, then the
//! `>` prompt. Ctrl-D on an empty program soft-resets; Ctrl-A starts again
//! (or enters raw-paste mode after `\x05A`), Ctrl-B returns to the friendly
//! REPL, Ctrl-C clears the program.
//!
//! Raw-paste mode (`\x05A\x01` after the prompt): the REPL answers `R\x01`,
//! the window size (16-bit little-endian) and `\x01`; the host may send up
//! to two windows ahead and is granted one more with each `\x01` written
//! after a window was received. The host's `\x04` ends the program: the REPL
//! acknowledges with `\x04`, runs it and answers output, `\x04`, error,
//! `\x04`, as the raw REPL does.
//!
//! A program too big for the memory left is dropped byte by byte as it
//! arrives and answered with a `MemoryError` when it would run: the REPL
//! never fails an allocation.

use crate::buffer::InputBuffer;
use crate::{Event, ExecMode, Executor, Mode, Outcome, RAW_BANNER, Repl, Step, Terminal};

const CTRL_A: u8 = 1;
const CTRL_B: u8 = 2;
const CTRL_C: u8 = 3;
const CTRL_D: u8 = 4;

/// How reading one raw-REPL command ended.
enum Command {
    /// Ctrl-D: run the buffer (soft reset when empty).
    Run,
    /// Ctrl-A: print the banner again.
    Reset,
    /// `\x05A\x01`: raw-paste mode.
    RawPaste,
}

impl Repl {
    /// The raw REPL until it switches to the friendly REPL or has an event.
    pub(crate) fn raw<T, X>(&mut self, term: &mut T, exec: &mut X) -> Step
    where
        T: Terminal + ?Sized,
        X: Executor + ?Sized,
    {
        let mut program = InputBuffer::default();
        let mut banner = true;
        loop {
            if banner {
                term.write(RAW_BANNER);
                banner = false;
            }
            term.write(b">");
            program.clear();
            exec.transient_buffers(true);
            let command = loop {
                term.flush();
                let Some(byte) = term.read_byte() else {
                    return Step::Event(Event::Closed);
                };
                match byte {
                    CTRL_A if program.bytes == b"\x05A" => break Command::RawPaste,
                    CTRL_A => break Command::Reset,
                    CTRL_B => {
                        exec.transient_buffers(false);
                        term.write(b"\r\n");
                        return Step::Switch(Mode::Friendly);
                    }
                    CTRL_C => program.clear(),
                    CTRL_D => break Command::Run,
                    _ => program.push(byte),
                }
            };
            let step = match command {
                Command::Reset => {
                    banner = true;
                    None
                }
                Command::Run => {
                    term.write(b"OK");
                    if program.bytes.is_empty() && !program.overflowed {
                        exec.transient_buffers(false);
                        term.write(b"\r\n");
                        return Step::Event(Event::SoftReset);
                    }
                    Self::run_raw(term, exec, &program)
                }
                Command::RawPaste => {
                    program.clear();
                    match self.read_raw_paste(term, &mut program) {
                        Ok(true) => Self::run_raw(term, exec, &program),
                        // Aborted by Ctrl-C: nothing ran, nothing failed.
                        Ok(false) => {
                            term.write(b"\x04\x04");
                            None
                        }
                        Err(event) => Some(Step::Event(event)),
                    }
                }
            };
            program.release();
            exec.transient_buffers(false);
            if let Some(step) = step {
                return step;
            }
        }
    }

    /// Receives a raw-paste program into `program` with flow control.
    /// `Ok(false)` when the host aborted it with Ctrl-C.
    fn read_raw_paste<T: Terminal + ?Sized>(
        &mut self,
        term: &mut T,
        program: &mut InputBuffer,
    ) -> Result<bool, Event> {
        let window = self.window;
        term.write(b"R\x01");
        term.write(&window.to_le_bytes());
        // A second window granted at once: the host may run one ahead.
        term.write(b"\x01");
        let mut remain = window;
        loop {
            term.flush();
            let byte = term.read_byte().ok_or(Event::Closed)?;
            match byte {
                CTRL_D => {
                    term.write(b"\x04");
                    return Ok(true);
                }
                CTRL_C => {
                    // Tell the host to stop; it acknowledges with `\x04`
                    // (unless that `\x04` already ended its data).
                    term.write(b"\x04");
                    term.flush();
                    while term.read_byte().ok_or(Event::Closed)? != CTRL_D {}
                    return Ok(false);
                }
                _ => {
                    program.push(byte);
                    remain -= 1;
                    if remain == 0 {
                        term.write(b"\x01");
                        remain = window;
                    }
                }
            }
        }
    }

    /// Runs a raw program and frames its output and error with `\x04`.
    /// `Some` on `SystemExit`.
    fn run_raw<T, X>(term: &mut T, exec: &mut X, program: &InputBuffer) -> Option<Step>
    where
        T: Terminal + ?Sized,
        X: Executor + ?Sized,
    {
        term.flush();
        if program.overflowed {
            term.write(b"\x04MemoryError: program too big for the memory left\r\n\x04");
            return None;
        }
        let outcome = exec.execute(&program.bytes, ExecMode::Raw);
        term.write(b"\x04");
        let mut exit = None;
        match outcome {
            Outcome::Done => {}
            Outcome::Raised(e) => {
                term.flush();
                exec.print_error(e);
            }
            Outcome::Exit(code) => exit = Some(Step::Event(Event::Exit(code))),
        }
        term.write(b"\x04");
        exit
    }
}
