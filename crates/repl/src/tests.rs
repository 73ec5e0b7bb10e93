//! The REPL loops, driven by byte streams through a fake console and a fake
//! executor.

use alloc::collections::VecDeque;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::*;

struct FakeTerm {
    input: VecDeque<u8>,
    out: Rc<RefCell<Vec<u8>>>,
}

impl Terminal for FakeTerm {
    fn read_byte(&mut self) -> Option<u8> {
        self.input.pop_front()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.out.borrow_mut().extend_from_slice(bytes);
    }
}

/// Runs `print(X)` (printing X), `1/0` (raising), `exit(N)` (SystemExit);
/// anything else prints nothing.
struct FakeExec {
    out: Rc<RefCell<Vec<u8>>>,
    ran: Vec<(String, ExecMode)>,
    /// `transient_buffers` calls, in order.
    buffer_calls: Vec<bool>,
}

impl Executor for FakeExec {
    type Error = &'static str;

    fn execute(&mut self, source: &[u8], mode: ExecMode) -> Outcome<&'static str> {
        let src = String::from_utf8(source.to_vec()).unwrap();
        // A raw program runs from its short-lived buffer; friendly input
        // runs with the REPL allocating nothing short-lived.
        assert_eq!(
            self.buffer_calls.last() == Some(&true),
            mode == ExecMode::Raw,
            "{mode:?} input ran with transient buffers {:?}",
            self.buffer_calls.last()
        );
        self.ran.push((src.clone(), mode));
        let src = src.trim();
        if let Some(arg) = src.strip_prefix("print(").and_then(|s| s.strip_suffix(')')) {
            let mut out = self.out.borrow_mut();
            out.extend_from_slice(arg.as_bytes());
            out.extend_from_slice(b"\r\n");
            Outcome::Done
        } else if src == "1/0" {
            Outcome::Raised("ZeroDivisionError: divide by zero")
        } else if let Some(code) = src.strip_prefix("exit(").and_then(|s| s.strip_suffix(')')) {
            Outcome::Exit(code.parse().unwrap())
        } else {
            Outcome::Done
        }
    }

    fn print_error(&mut self, error: &'static str) {
        let mut out = self.out.borrow_mut();
        out.extend_from_slice(b"Traceback (most recent call last):\r\n");
        out.extend_from_slice(error.as_bytes());
        out.extend_from_slice(b"\r\n");
    }

    fn complete(&mut self, path: &[&str], _prefix: &str, out: &mut Vec<String>) {
        let names: &[&str] = match path {
            [] => &["math", "map", "max", "print", "_hidden"],
            ["math"] => &["sin", "sinh", "sqrt", "pi", "__name__"],
            _ => &[],
        };
        out.extend(names.iter().map(|s| s.to_string()));
    }

    fn banner(&self) -> &str {
        "Pyrite 0.1.0; test with fake"
    }

    fn transient_buffers(&mut self, on: bool) {
        assert_ne!(self.buffer_calls.last(), Some(&on), "unbalanced");
        self.buffer_calls.push(on);
    }
}

struct Session {
    repl: Repl,
    term: FakeTerm,
    exec: FakeExec,
}

const BANNER: &str = "Pyrite 0.1.0; test with fake\r\nType \"help()\" for more information.\r\n";

impl Session {
    fn new() -> Self {
        let out = Rc::new(RefCell::new(Vec::new()));
        Session {
            repl: Repl::new(),
            term: FakeTerm {
                input: VecDeque::new(),
                out: out.clone(),
            },
            exec: FakeExec {
                out,
                ran: Vec::new(),
                buffer_calls: Vec::new(),
            },
        }
    }

    /// Feeds `input`, runs until an event; returns it and the output.
    fn run(&mut self, input: &[u8]) -> (Event, String) {
        let (event, out) = self.run_bytes(input);
        (event, String::from_utf8(out).unwrap())
    }

    fn run_bytes(&mut self, input: &[u8]) -> (Event, Vec<u8>) {
        self.term.input.extend(input.iter().copied());
        let event = self.repl.run(&mut self.term, &mut self.exec);
        let out = core::mem::take(&mut *self.term.out.borrow_mut());
        (event, out)
    }

    fn ran(&self) -> Vec<(&str, ExecMode)> {
        self.exec
            .ran
            .iter()
            .map(|(s, m)| (s.as_str(), *m))
            .collect()
    }
}

#[test]
fn banner_prompt_execute_and_ctrl_d() {
    let mut s = Session::new();
    let (event, out) = s.run(b"print(42)\r\x04");
    assert_eq!(event, Event::EndOfInput);
    assert_eq!(out, format!("{BANNER}>>> print(42)\r\n42\r\n>>> \r\n"));
    assert_eq!(s.ran(), [("print(42)\n", ExecMode::Single)]);
}

#[test]
fn empty_lines_and_closed_input() {
    let mut s = Session::new();
    let (event, out) = s.run(b"\r  \r");
    assert_eq!(event, Event::Closed);
    assert_eq!(out, format!("{BANNER}>>> \r\n>>>   \r\n>>> "));
    assert!(s.ran().is_empty());
}

#[test]
fn compound_statement_with_auto_indent() {
    let mut s = Session::new();
    let (_, out) = s.run(b"def f():\rreturn 1\r\rf()\r");
    assert_eq!(
        out,
        format!("{BANNER}>>> def f():\r\n...     return 1\r\n...     \r\n>>> f()\r\n>>> ")
    );
    assert_eq!(
        s.ran(),
        [
            ("def f():\n    return 1\n\n", ExecMode::Single),
            ("f()\n", ExecMode::Single)
        ]
    );
}

#[test]
fn nested_blocks_dedent_with_backspace() {
    let mut s = Session::new();
    s.run(b"for i in x:\rif i:\rprint(i)\r\x7fpass\r\r");
    assert_eq!(
        s.ran(),
        [(
            "for i in x:\n    if i:\n        print(i)\n    pass\n\n",
            ExecMode::Single
        )]
    );
}

#[test]
fn brackets_continue_and_ctrl_d_ends_a_block() {
    let mut s = Session::new();
    s.run(b"x = [1,\r2]\rif x:\r\x04");
    assert_eq!(
        s.ran(),
        [
            ("x = [1,\n2]\n", ExecMode::Single),
            ("if x:\n", ExecMode::Single)
        ]
    );
}

#[test]
fn ctrl_c_cancels_the_input() {
    let mut s = Session::new();
    let (_, out) = s.run(b"abc\x03def f():\r\x03print(1)\r");
    assert_eq!(
        out,
        format!("{BANNER}>>> abc\r\n>>> def f():\r\n...     \r\n>>> print(1)\r\n1\r\n>>> ")
    );
    assert_eq!(s.ran(), [("print(1)\n", ExecMode::Single)]);
}

#[test]
fn errors_are_printed_and_the_repl_goes_on() {
    let mut s = Session::new();
    let (_, out) = s.run(b"1/0\rprint(2)\r");
    assert_eq!(
        out,
        format!(
            "{BANNER}>>> 1/0\r\nTraceback (most recent call last):\r\n\
             ZeroDivisionError: divide by zero\r\n>>> print(2)\r\n2\r\n>>> "
        )
    );
}

#[test]
fn system_exit_is_an_event() {
    let mut s = Session::new();
    let (event, _) = s.run(b"exit(3)\rprint(1)\r");
    assert_eq!(event, Event::Exit(3));
}

#[test]
fn history_recalls_earlier_lines() {
    let mut s = Session::new();
    s.run(b"print(1)\rprint(2)\r\x1b[A\x1b[A\r");
    assert_eq!(s.ran().last(), Some(&("print(1)\n", ExecMode::Single)));
}

#[test]
fn ctrl_b_reprints_the_banner() {
    let mut s = Session::new();
    let (_, out) = s.run(b"\x02");
    assert_eq!(out, format!("{BANNER}>>> \r\n{BANNER}>>> "));
}

#[test]
fn paste_mode() {
    let mut s = Session::new();
    let (_, out) = s.run(b"\x05if 1:\r    print(5)\r\n\x04");
    assert_eq!(
        out,
        format!(
            "{BANNER}>>> \r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n\
             === if 1:\r\n===     print(5)\r\n=== \r\n>>> "
        )
    );
    assert_eq!(s.ran(), [("if 1:\n    print(5)\n", ExecMode::Paste)]);
    let mut s = Session::new();
    let (_, out) = s.run(b"\x05print(1)\x03");
    assert_eq!(
        out,
        format!(
            "{BANNER}>>> \r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== print(1)\r\n>>> "
        )
    );
    assert!(s.ran().is_empty());
}

#[test]
fn tab_completes_names_and_attributes() {
    let mut s = Session::new();
    let (_, out) = s.run(b"mat\t.sq\t\r");
    assert_eq!(s.ran(), [("math.sqrt\n", ExecMode::Single)]);
    assert_eq!(out, format!("{BANNER}>>> math.sqrt\r\n>>> "));
    let mut s = Session::new();
    let (_, out) = s.run(b"x = math.s\tin\t\x03");
    assert_eq!(
        out,
        format!(
            "{BANNER}>>> x = math.s\r\nsin             sinh            sqrt\r\n>>> x = math.s\
             in\r\nsin             sinh\r\n>>> x = math.sin\r\n>>> "
        )
    );
}

#[test]
fn tab_on_a_blank_line_indents() {
    let mut s = Session::new();
    s.run(b"\tprint(1)\r");
    assert_eq!(s.ran(), [("    print(1)\n", ExecMode::Single)]);
}

#[test]
fn raw_repl_exchange() {
    let mut s = Session::new();
    let (_, out) = s.run(b"\r\x03\r\x01print(7)\x041/0\x04\x02");
    assert_eq!(
        out,
        format!(
            "{BANNER}>>> \r\n>>> \r\n>>> \r\n>>> \r\nraw REPL; CTRL-B to exit\r\n>OK7\r\n\x04\x04>\
             OK\x04Traceback (most recent call last):\r\nZeroDivisionError: divide by zero\r\n\x04>\
             \r\n{BANNER}>>> "
        )
    );
    assert_eq!(
        s.ran(),
        [("print(7)", ExecMode::Raw), ("1/0", ExecMode::Raw)]
    );
}

#[test]
fn transient_buffers_bracket_each_line_and_program() {
    let mut s = Session::new();
    s.run_bytes(b"\r\x01print(7)\x04\x05A\x01print(8)\x04\x02");
    assert_eq!(s.ran().len(), 2);
    // Two friendly lines (the empty one and Ctrl-A), two raw programs
    // (each opened before it is collected and closed after it ran), the
    // raw prompt left with Ctrl-B, the friendly line the input closed.
    assert_eq!(s.exec.buffer_calls.len(), 12);
    assert_eq!(s.exec.buffer_calls.last(), Some(&false));
}

#[test]
fn only_the_history_outlives_an_input() {
    let mut s = Session::new();
    s.run(b"def f():\rreturn 1\r\r\x1b[Ax = 1 +\x03");
    assert_eq!(s.ran().len(), 1);
    // The input ran from its own buffer; the line being edited (a recalled
    // line, then Ctrl-C) and the echo were freed when `run` returned.
    assert_eq!(s.repl.editor.held(), 0);
    assert_eq!(s.repl.out.capacity(), 0);
    assert_eq!(s.repl.history().get(0), Some(&b"    return 1"[..]));
    let (_, out) = s.run(b"\x1b[A\x1b[A\r\r");
    assert!(out.contains("\x1b[12Ddef f():"));
    assert_eq!(s.ran().last(), Some(&("def f():\n\n", ExecMode::Single)));
}

#[test]
fn raw_repl_ctrl_c_clears_and_ctrl_a_resets() {
    let mut s = Session::new();
    let (_, out) = s.run(b"\x01junk\x03print(1)\x04x\x01");
    assert_eq!(
        out,
        format!(
            "{BANNER}>>> \r\nraw REPL; CTRL-B to exit\r\n>OK1\r\n\x04\x04>raw REPL; CTRL-B to exit\r\n>"
        )
    );
    assert_eq!(s.ran(), [("print(1)", ExecMode::Raw)]);
}

#[test]
fn raw_soft_reset_resumes_in_raw_mode() {
    let mut s = Session::new();
    let (event, out) = s.run(b"\x01\x04");
    assert_eq!(event, Event::SoftReset);
    assert_eq!(
        out,
        format!("{BANNER}>>> \r\nraw REPL; CTRL-B to exit\r\n>OK\r\n")
    );
    assert_eq!(s.repl.mode(), Mode::Raw);
    let (event, out) = s.run(b"");
    assert_eq!(event, Event::Closed);
    assert_eq!(out, "MPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>");
}

#[test]
fn raw_paste_exchange_from_the_spec() {
    let mut s = Session::new();
    s.run(b"");
    let (_, out) = s.run_bytes(b"\x01\x05A\x01print(123)\x04");
    assert_eq!(
        out,
        b"MPY: soft reboot\r\nPyrite 0.1.0; test with fake\r\nType \"help()\" for more information.\r\n\
         >>> \r\nraw REPL; CTRL-B to exit\r\n>R\x01\x80\x00\x01\x04123\r\n\x04\x04>"
    );
    assert_eq!(s.ran(), [("print(123)", ExecMode::Raw)]);
}

#[test]
fn raw_paste_flow_control() {
    let mut s = Session::new();
    s.repl.set_raw_paste_window(4);
    let (_, out) = s.run(b"\x01\x05A\x01print(1234)\x04");
    let tail = out.split_once("exit\r\n>").unwrap().1;
    // 11 bytes: a grant after the 4th and the 8th.
    assert_eq!(tail, "R\x01\x04\x00\x01\x01\x01\x041234\r\n\x04\x04>");
    assert_eq!(s.ran(), [("print(1234)", ExecMode::Raw)]);
}

#[test]
fn raw_paste_abort() {
    let mut s = Session::new();
    let (_, out) = s.run_bytes(b"\x01\x05A\x01pri\x03nt\x04print(2)\x04");
    let tail = &out[out.len() - 17..];
    assert_eq!(tail, b"R\x01\x80\x00\x01\x04\x04\x04>OK2\r\n\x04\x04>");
    assert_eq!(s.ran(), [("print(2)", ExecMode::Raw)]);
}

#[test]
fn raw_system_exit_frames_then_returns() {
    let mut s = Session::new();
    let (event, out) = s.run(b"\x01exit(2)\x04");
    assert_eq!(event, Event::Exit(2));
    assert!(out.ends_with(">OK\x04\x04"));
}
