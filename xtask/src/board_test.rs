//! `cargo xtask test --board NAME [FILTER...]`: the Python test suite on a
//! board emulated by qemu.
//!
//! The board's qemu build boots once; each program of [`SUITE_DIRS`] is
//! sent through the raw REPL in raw-paste mode (its flow control keeps a
//! program from overrunning the board's receive buffer), with a soft reset
//! before it so it starts on a clean heap with no globals of the last one.
//! Its output is compared as the differential suite
//! (`crates/port-unix/tests/differential.rs`) compares the host's: standard
//! output, plus one line naming the exception type when the program ended
//! with an uncaught exception (or its exit status after `sys.exit(n)`),
//! against the `.exp` file beside it or, without one, what `python3`
//! prints.
//!
//! Expected failures are data: `tests/known-failures.txt` (the host's) and
//! `boards/NAME/known-failures.txt` (what differs on the board: 30-bit
//! floats, left-out modules, a small heap). A listed program that passes
//! is a failure too, so the lists stay honest. A program that hangs or
//! crashes the board is a failure; qemu restarts for the next one. A board
//! lost before it took a program (which so never ran) is booted again and
//! the program sent once more.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::board::{self, Built};
use crate::cmd::{TestCounts, workspace_root};
use crate::qemu::{self, BOOT_TIMEOUT, Console};

/// The folders of `tests/` whose programs run on the boards.
const SUITE_DIRS: &[&str] = &["basics", "stdlib", "micropython", "constdata"];

/// Folders of `tests/` left out on the boards, and why.
const LEFT_OUT_DIRS: &[(&str, &str)] = &[(
    "imports",
    "its programs import modules from files and the boards have no filesystem",
)];

/// How long one program may take on the board, from the first byte sent to
/// the end of its error text: generous for the micro:bit's slow emulation,
/// bounded so a hung program costs one timeout.
const PROGRAM_TIMEOUT: Duration = Duration::from_secs(30);

/// How long `python3` may take to produce a program's expected output.
const PYTHON_TIMEOUT: Duration = Duration::from_secs(20);

/// How long the board may take to answer a soft reset or a raw-paste
/// request (well under a second when it works): a board that missed the
/// request is booted again sooner.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// What the raw REPL prints when it starts (after boot or a soft reset).
const RAW_BANNER: &[u8] = b"raw REPL; CTRL-B to exit\r\n>";

/// `cargo xtask test --board NAME [FILTER...]`: runs the suite on one
/// board, the programs whose path (relative to `tests/`) contains one of
/// the filters, or all of them.
pub fn command(args: &[String]) -> Result<TestCounts, String> {
    let mut name = None;
    let mut filters = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--board" {
            name = Some(it.next().ok_or("`--board` needs a board name")?.clone());
        } else if let Some(n) = a.strip_prefix("--board=") {
            name = Some(n.to_string());
        } else if a.starts_with("--") {
            return Err(format!("unexpected argument `{a}`"));
        } else {
            filters.push(a.clone());
        }
    }
    let name = name.ok_or("which board? `--board NAME`")?;
    let b = board::load(&name)?;
    if b.qemu.is_none() {
        return Err(format!("qemu does not model board `{name}`"));
    }
    qemu::require_qemu()?;
    let built = board::build(&b, false, true)?;
    let summary = run_board(&built, &filters, &mut Expectations::default())?;
    let counts = summary.counts();
    if summary.failed > 0 {
        Err(format!("board {name}: {} failed", summary.failed))
    } else {
        Ok(counts)
    }
}

/// The `boards` test step: the suite on every board with a `[qemu]` table.
pub fn run_all() -> Result<TestCounts, String> {
    qemu::require_qemu()?;
    let mut expectations = Expectations::default();
    let mut counts = TestCounts::default();
    let mut failing = Vec::new();
    for name in board::known_boards() {
        let b = board::load(&name)?;
        if b.qemu.is_none() {
            continue;
        }
        let built = board::build(&b, false, true)?;
        let summary = run_board(&built, &[], &mut expectations)?;
        counts.add(summary.counts());
        if summary.failed > 0 {
            failing.push(name);
        }
    }
    if failing.is_empty() {
        Ok(counts)
    } else {
        Err(format!("the test suite failed on: {}", failing.join(", ")))
    }
}

/// The counts of one board's run.
#[derive(Default)]
struct Summary {
    passed: u64,
    failed: u64,
    known: u64,
    skipped: u64,
}

impl Summary {
    fn counts(&self) -> TestCounts {
        TestCounts {
            passed: self.passed,
            failed: self.failed,
            ignored: self.known + self.skipped,
        }
    }
}

/// Runs the programs matching `filters` on `built` and prints a line per
/// failure and the summary.
fn run_board(
    built: &Built,
    filters: &[String],
    expectations: &mut Expectations,
) -> Result<Summary, String> {
    let name = &built.board.name;
    let tests = workspace_root().join("tests");
    let mut known = known_failures(&tests.join("known-failures.txt"))?;
    let board_list = workspace_root()
        .join("boards")
        .join(name)
        .join("known-failures.txt");
    known.extend(known_failures(&board_list)?);
    let wanted = |rel: &str| filters.is_empty() || filters.iter().any(|f| rel.contains(f));
    // `PYRITE_SHOW_KNOWN=1`: print how each known failure fails.
    let show_known = std::env::var_os("PYRITE_SHOW_KNOWN").is_some();
    let mut summary = Summary::default();
    for (dir, why) in LEFT_OUT_DIRS {
        let n = programs(&tests, dir)?
            .iter()
            .filter(|(rel, _)| wanted(rel))
            .count();
        if n > 0 {
            println!("board {name}: tests/{dir} left out ({n} programs): {why}");
            summary.skipped += n as u64;
        }
    }
    let mut all = Vec::new();
    for dir in SUITE_DIRS {
        all.extend(programs(&tests, dir)?);
    }
    if filters.is_empty() {
        // An entry naming no program hides nothing but rots. Only a note:
        // a list may name a program committed separately.
        for rel in known.keys() {
            let listed = all.iter().any(|(r, _)| r == rel)
                || LEFT_OUT_DIRS
                    .iter()
                    .any(|(d, _)| rel.starts_with(&format!("{d}/")));
            if !listed {
                println!("note {rel}: listed as a known failure, but there is no such program");
            }
        }
    }
    all.retain(|(rel, _)| wanted(rel));
    let started = Instant::now();
    let mut session = Session::new(built);
    let mut boot_failures = 0;
    for (i, (rel, path)) in all.iter().enumerate() {
        let expected = match expectations.get(rel, path) {
            Ok(text) => text,
            Err(why) => {
                println!("SKIP {rel}: {why}");
                summary.skipped += 1;
                continue;
            }
        };
        let source = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut run = match session.run(rel, &source) {
            Ok(run) => run,
            Err(e) => {
                println!("FAIL {rel}: {e}");
                summary.failed += 1;
                boot_failures += 1;
                if boot_failures == 2 {
                    // The firmware itself is broken: each further program
                    // would only wait for the boot timeout.
                    let left = all.len() - i - 1;
                    println!("board {name}: does not boot twice in a row; {left} programs not run");
                    summary.failed += left as u64;
                    break;
                }
                continue;
            }
        };
        boot_failures = 0;
        run.name_file(
            path.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .as_ref(),
        );
        let got = run.comparable();
        let reason = known.get(rel);
        match (got == expected, reason) {
            (true, None) => summary.passed += 1,
            (true, Some(_)) => {
                println!("FAIL {rel}: unexpectedly passed: remove it from the list");
                summary.failed += 1;
            }
            (false, Some(reason)) => {
                summary.known += 1;
                if let Ending::Lost(why) = &run.end {
                    println!("note {rel}: a known failure, and it lost the board: {why}");
                } else if show_known {
                    // To check a listed reason against what happens now.
                    println!(
                        "known {rel} ({reason}): {}",
                        run.describe_difference(&expected)
                    );
                }
            }
            (false, None) => {
                println!("FAIL {rel}: {}", run.describe_difference(&expected));
                summary.failed += 1;
            }
        }
    }
    session.stop();
    println!(
        "board {name}: {} passed, {} failed, {} known failures, {} skipped ({} programs in {:.1} s, {} qemu boots)",
        summary.passed,
        summary.failed,
        summary.known,
        summary.skipped,
        all.len(),
        started.elapsed().as_secs_f64(),
        session.boots
    );
    Ok(summary)
}

/// The `*.py` files directly in `tests/dir`, sorted, with their paths
/// relative to `tests/`.
fn programs(tests: &Path, dir: &str) -> Result<Vec<(String, PathBuf)>, String> {
    let folder = tests.join(dir);
    let entries = std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut out: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| {
            let file = p.file_name()?.to_string_lossy().into_owned();
            Some((format!("{dir}/{file}"), p))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// A known-failures file: path (relative to `tests/`) -> reason; `#`
/// starts a comment line. A missing file lists nothing.
fn known_failures(file: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("{}: {e}", file.display())),
    };
    Ok(parse_known_failures(&text))
}

fn parse_known_failures(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((path, reason)) => (path.to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// Expected outputs, each found once per `cargo xtask` run (the boards of
/// the `boards` step share them).
#[derive(Default)]
struct Expectations {
    cache: HashMap<String, Result<String, String>>,
    have_python: Option<bool>,
}

impl Expectations {
    /// The expected comparable output of program `rel`: its `.exp` file,
    /// else what `python3` prints; `Err` says why there is none.
    fn get(&mut self, rel: &str, path: &Path) -> Result<String, String> {
        if let Some(found) = self.cache.get(rel) {
            return found.clone();
        }
        let exp = path.with_extension("exp");
        let found = if exp.is_file() {
            std::fs::read_to_string(&exp)
                .map(|t| t.replace("\r\n", "\n"))
                .map_err(|e| format!("{}: {e}", exp.display()))
        } else if *self.have_python.get_or_insert_with(|| {
            Command::new("python3")
                .arg("--version")
                .stdout(Stdio::null())
                .status()
                .is_ok()
        }) {
            cpython_output(path)
        } else {
            Err("no .exp file and no python3".into())
        };
        self.cache.insert(rel.to_string(), found.clone());
        found
    }
}

/// Runs `path` on `python3` in its own directory: its comparable output.
fn cpython_output(path: &Path) -> Result<String, String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut child = Command::new("python3")
        .arg(path.file_name().unwrap_or_default())
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("python3: {e}"))?;
    let pipe = |p: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = p {
                let _ = p.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = pipe(child.stdout.take().map(|p| Box::new(p) as _));
    let err = pipe(child.stderr.take().map(|p| Box::new(p) as _));
    let Some(status) = qemu::wait_exit(&mut child, PYTHON_TIMEOUT) else {
        return Err(format!(
            "python3 timed out after {} s",
            PYTHON_TIMEOUT.as_secs()
        ));
    };
    let (out, err) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    let end = match status {
        0 => Ending::Finished,
        code => match uncaught_type(&err) {
            Some(name) => Ending::Raised(name),
            None => Ending::Exited(code),
        },
    };
    Ok(RunResult {
        stdout: out,
        error: err,
        end,
    }
    .comparable())
}

/// The exception type named by the last line of a traceback
/// (`ValueError: ...`, `json.decoder.JSONDecodeError: ...`), without its
/// module; `None` when the line names none.
fn uncaught_type(traceback: &str) -> Option<String> {
    let last = traceback.lines().rev().find(|l| !l.trim().is_empty())?;
    let name = last.split(':').next()?.trim();
    let short = name.rsplit('.').next()?;
    let is_name = name.split('.').all(|p| {
        p.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
    }) && name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    is_name.then(|| short.to_string())
}

/// How a program ended.
#[derive(Debug, PartialEq)]
enum Ending {
    Finished,
    /// An uncaught exception of this type.
    Raised(String),
    /// `sys.exit(n)` with this status (not 0).
    Exited(i32),
    /// The board hung, crashed or lost the REPL: why.
    Lost(String),
}

/// What running a program showed.
#[derive(Debug)]
struct RunResult {
    stdout: String,
    /// The traceback (or error text) after the output.
    error: String,
    end: Ending,
}

impl RunResult {
    /// Names `file` where tracebacks say `<stdin>`: the raw REPL compiles
    /// what it receives as `<stdin>`, the host and CPython run the file.
    fn name_file(&mut self, file: &str) {
        let named = format!("File \"{file}\"");
        self.stdout = self.stdout.replace("File \"<stdin>\"", &named);
        self.error = self.error.replace("File \"<stdin>\"", &named);
    }

    /// Standard output with `\n` line ends, plus a line saying how it
    /// ended unless it finished.
    fn comparable(&self) -> String {
        let mut text = self.stdout.replace("\r\n", "\n");
        match &self.end {
            Ending::Finished => {}
            Ending::Raised(name) => text.push_str(&format!("<uncaught {name}>\n")),
            Ending::Exited(code) => text.push_str(&format!("<exit status {code}>\n")),
            Ending::Lost(why) => text.push_str(&format!("<board lost: {why}>\n")),
        }
        text
    }

    /// The first differing line against `expected`, and the board's error.
    /// When the board was lost, why, and its last line of output (a
    /// panic's message).
    fn describe_difference(&self, expected: &str) -> String {
        let last_line = |text: &str| {
            text.lines()
                .rev()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(clip)
        };
        if let Ending::Lost(why) = &self.end {
            return match last_line(&self.stdout) {
                Some(last) => format!("board lost: {why}; its last output: {last:?}"),
                None => format!("board lost: {why}"),
            };
        }
        let mut text = first_difference(expected, &self.comparable());
        if let Some(last) = last_line(&self.error) {
            text.push_str(&format!(" [board: {last}]"));
        }
        text
    }
}

/// The first line where `got` differs from `expected`.
fn first_difference(expected: &str, got: &str) -> String {
    let (e, g): (Vec<_>, Vec<_>) = (expected.lines().collect(), got.lines().collect());
    for i in 0..e.len().max(g.len()) {
        let (a, b) = (e.get(i).copied(), g.get(i).copied());
        if a != b {
            return format!(
                "line {}: expected {:?}, got {:?}",
                i + 1,
                clip(a.unwrap_or("<end>")),
                clip(b.unwrap_or("<end>"))
            );
        }
    }
    "(identical)".into()
}

/// `text` cut to a report-sized length.
fn clip(text: &str) -> String {
    const MAX: usize = 100;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_string(),
    }
}

/// How long `cargo xtask run --board NAME script.py` lets a script run.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(3600);

/// What a script run on a board printed, and its exit status.
pub(crate) struct ScriptRun {
    pub stdout: String,
    /// The traceback of an uncaught exception.
    pub stderr: String,
    /// 0, 1 after an uncaught exception, `n` after `sys.exit(n)`.
    pub status: i32,
}

/// `cargo xtask run --board NAME script.py`: boots the board in qemu and
/// runs `source` through its raw REPL.
pub(crate) fn run_script(built: &Built, source: &[u8]) -> Result<ScriptRun, String> {
    let mut session = Session::new(built);
    session.program_timeout = SCRIPT_TIMEOUT;
    let result = session.run("script", source);
    session.stop();
    let run = result?;
    let status = match run.end {
        Ending::Finished => 0,
        Ending::Raised(_) => 1,
        Ending::Exited(code) => code,
        Ending::Lost(why) => return Err(format!("the board was lost: {why}")),
    };
    Ok(ScriptRun {
        stdout: run.stdout.replace("\r\n", "\n"),
        stderr: run.error,
        status,
    })
}

/// A board in qemu at its raw REPL, booted on demand and again after it
/// was lost.
struct Session<'a> {
    built: &'a Built,
    sock: PathBuf,
    running: Option<(Child, Console)>,
    /// Collects qemu's standard error (a fatal error's description) until
    /// qemu ends.
    qemu_errors: Option<JoinHandle<String>>,
    /// Whether the heap is fresh (just booted: no soft reset needed).
    fresh: bool,
    boots: u32,
    /// How long one program may run.
    program_timeout: Duration,
}

/// How far a program's run got, for when something goes wrong.
#[derive(Default)]
struct Progress {
    /// The board acknowledged the whole program.
    sent: bool,
    /// Its complete standard output.
    stdout: Option<String>,
}

impl<'a> Session<'a> {
    fn new(built: &'a Built) -> Session<'a> {
        // In the temporary directory: a Unix socket's path is short.
        let sock = std::env::temp_dir().join(format!(
            "pyrite-test-{}-{}.sock",
            built.board.name,
            std::process::id()
        ));
        Session {
            built,
            sock,
            running: None,
            qemu_errors: None,
            fresh: false,
            boots: 0,
            program_timeout: PROGRAM_TIMEOUT,
        }
    }

    /// Boots qemu and enters the raw REPL.
    fn boot(&mut self) -> Result<(), String> {
        let (mut child, mut streams) =
            qemu::spawn_on_sockets(self.built, &[&self.sock], &[], Stdio::piped())?;
        let stderr = child.stderr.take();
        self.qemu_errors = Some(std::thread::spawn(move || {
            let Some(stderr) = stderr else {
                return String::new();
            };
            // Its notes about the socket are no errors.
            BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
                .filter(|l| !l.contains("info: QEMU waiting for connection"))
                .collect::<Vec<_>>()
                .join("\n")
        }));
        let Some(stream) = streams.pop() else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("no serial port".into());
        };
        let mut console = Console::new(&self.built.board.name, stream, None);
        let entered = (|| {
            console.expect(">>> ", BOOT_TIMEOUT)?;
            console.send(b"\x01")?;
            console.take_until(RAW_BANNER, BOOT_TIMEOUT)?;
            console.forget_matched();
            Ok::<(), String>(())
        })();
        if let Err(e) = entered {
            let _ = child.kill();
            let _ = child.wait();
            let said = self
                .qemu_errors
                .take()
                .and_then(|h| h.join().ok())
                .unwrap_or_default();
            return Err(format!("booting: {e} {said}"));
        }
        self.boots += 1;
        self.running = Some((child, console));
        self.fresh = true;
        Ok(())
    }

    /// Runs `source` on a clean board. `Err` only when the board cannot be
    /// booted.
    fn run(&mut self, rel: &str, source: &[u8]) -> Result<RunResult, String> {
        let (run, sent) = self.run_once(source)?;
        match &run.end {
            Ending::Lost(why) if !sent => {
                // The board stopped answering before it took the program,
                // which so never ran: boot again and try once more.
                println!(
                    "note {rel}: the board was lost before the program ran ({why}); booting it again"
                );
                self.run_once(source).map(|(run, _)| run)
            }
            _ => Ok(run),
        }
    }

    /// [`Session::run`] without the retry; also says whether the board
    /// acknowledged the whole program.
    fn run_once(&mut self, source: &[u8]) -> Result<(RunResult, bool), String> {
        if self.running.is_none() {
            self.boot()?;
        }
        let fresh = std::mem::replace(&mut self.fresh, false);
        let Some((child, console)) = self.running.as_mut() else {
            return Err("qemu is not running".into());
        };
        let mut progress = Progress::default();
        let result = run_on(console, source, fresh, self.program_timeout, &mut progress);
        match result {
            Ok((run, reset)) => {
                console.forget_matched();
                self.fresh = reset;
                Ok((run, true))
            }
            Err(why) => {
                // Whatever the board printed before it went wrong (without
                // the framing `\x04`s: `sys.exit` ends qemu after them).
                let partial = String::from_utf8_lossy(console.unmatched()).replace('\x04', "");
                let (stdout, error) = match (progress.sent, progress.stdout) {
                    (false, _) => (String::new(), String::new()),
                    (true, None) => (partial, String::new()),
                    (true, Some(stdout)) => (stdout, partial),
                };
                // qemu ends with the status of `sys.exit(n)` (semihosting),
                // 101 on a panic, 102 on a hard fault.
                let status = qemu::wait_exit(child, Duration::from_secs(1));
                // What qemu said when it stopped (`qemu: fatal: Lockup`).
                let said = self
                    .qemu_errors
                    .take()
                    .and_then(|h| h.join().ok())
                    .and_then(|text| text.lines().next().map(str::to_string));
                let end = match (status, said) {
                    (Some(0), _) if progress.sent => Ending::Finished,
                    (Some(code @ (101 | 102)), _) => {
                        Ending::Lost(format!("qemu exited with status {code} (a crash)"))
                    }
                    (Some(code), _) if progress.sent => Ending::Exited(code),
                    (Some(code), _) => Ending::Lost(format!("qemu exited with status {code}")),
                    (None, Some(said)) => Ending::Lost(said),
                    (None, None) => Ending::Lost(why),
                };
                self.running = None;
                Ok((RunResult { stdout, error, end }, progress.sent))
            }
        }
    }

    fn stop(&mut self) {
        if let Some((mut child, _)) = self.running.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(h) = self.qemu_errors.take() {
            let _ = h.join();
        }
        let _ = std::fs::remove_file(&self.sock);
    }
}

/// Runs `source` through the raw REPL of a board at its `>` prompt, soft
/// resetting first unless `fresh`; `progress` tells how far it got. Also
/// says whether the board reset itself after the program.
fn run_on(
    console: &mut Console,
    source: &[u8],
    fresh: bool,
    program_timeout: Duration,
    progress: &mut Progress,
) -> Result<(RunResult, bool), String> {
    if !fresh {
        // Ctrl-D at the empty raw prompt: `OK`, the soft reset, the banner.
        console.send(b"\x04")?;
        console.take_until(b"soft reboot\r\n", ANSWER_TIMEOUT)?;
        console.take_until(RAW_BANNER, ANSWER_TIMEOUT)?;
    }
    let deadline = Instant::now() + program_timeout;
    let timeout = || deadline.saturating_duration_since(Instant::now());
    raw_paste(console, source, deadline)?;
    progress.sent = true;
    let stdout = console.take_until(b"\x04", timeout())?;
    let stdout = String::from_utf8_lossy(&stdout).into_owned();
    progress.stdout = Some(stdout.clone());
    let error = console.take_until(b"\x04", timeout())?;
    let error = String::from_utf8_lossy(&error).replace("\r\n", "\n");
    // The prompt, or a soft reset first when the port resets its
    // interpreter after the program (as after a `MemoryError`).
    let before_prompt = console.take_until(b">", timeout())?;
    let reset = before_prompt
        .windows(b"soft reboot".len())
        .any(|w| w == b"soft reboot");
    if !reset && !before_prompt.is_empty() {
        return Err(format!(
            "unexpected output before the prompt: {:?}",
            String::from_utf8_lossy(&before_prompt)
        ));
    }
    let end = if error.trim().is_empty() {
        Ending::Finished
    } else {
        Ending::Raised(uncaught_type(&error).unwrap_or_else(|| "?".into()))
    };
    Ok((RunResult { stdout, error, end }, reset))
}

/// Sends `source` in raw-paste mode, within the windows the board grants,
/// and waits for its acknowledgement of the end.
fn raw_paste(console: &mut Console, source: &[u8], deadline: Instant) -> Result<(), String> {
    const GRANT: u8 = 0x01;
    const END: u8 = 0x04;
    let byte_before = |console: &mut Console, deadline: Instant| -> Result<u8, String> {
        console
            .next_byte(deadline)?
            .ok_or_else(|| "timed out in raw-paste mode".to_string())
    };
    let byte = |console: &mut Console| byte_before(console, deadline);
    console.send(b"\x05A\x01")?;
    let answer_deadline = deadline.min(Instant::now() + ANSWER_TIMEOUT);
    let mut header = [0u8; 4];
    for b in &mut header {
        *b = byte_before(console, answer_deadline)?;
    }
    if header[..2] != *b"R\x01" {
        return Err(format!("raw-paste mode refused: {header:?}"));
    }
    let window = usize::from(u16::from_le_bytes([header[2], header[3]]));
    let mut credit = window;
    let mut rest = source;
    while !rest.is_empty() {
        while credit == 0 || console.has_unmatched()? {
            match byte(console)? {
                GRANT => credit += window,
                END => return Err("the board ended raw-paste mode early".into()),
                other => return Err(format!("unexpected byte {other:#04x} in raw-paste mode")),
            }
        }
        let n = credit.min(rest.len());
        console.send(&rest[..n])?;
        credit -= n;
        rest = &rest[n..];
    }
    console.send(&[END])?;
    // Grants may still arrive before the acknowledgement.
    loop {
        match byte(console)? {
            END => return Ok(()),
            GRANT => {}
            other => return Err(format!("unexpected byte {other:#04x} in raw-paste mode")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exception_type_from_the_last_traceback_line() {
        let tb = "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: bad\n";
        assert_eq!(uncaught_type(tb).as_deref(), Some("ValueError"));
        assert_eq!(
            uncaught_type("json.decoder.JSONDecodeError: Expecting value\n").as_deref(),
            Some("JSONDecodeError")
        );
        assert_eq!(
            uncaught_type("KeyboardInterrupt\n\n").as_deref(),
            Some("KeyboardInterrupt")
        );
        assert_eq!(uncaught_type("a message for sys.exit\n"), None);
        assert_eq!(uncaught_type(""), None);
    }

    #[test]
    fn comparable_output_marks_how_a_program_ended() {
        let run = |end| RunResult {
            stdout: "1\r\n2\r\n".into(),
            error: String::new(),
            end,
        };
        assert_eq!(run(Ending::Finished).comparable(), "1\n2\n");
        assert_eq!(
            run(Ending::Raised("MemoryError".into())).comparable(),
            "1\n2\n<uncaught MemoryError>\n"
        );
        assert_eq!(
            run(Ending::Exited(3)).comparable(),
            "1\n2\n<exit status 3>\n"
        );
    }

    #[test]
    fn known_failures_parse_paths_and_reasons() {
        let list = parse_known_failures(
            "# comment\n\nbasics/float_ops.py   float30: 6 digits\nstdlib/json_basic.py\n",
        );
        assert_eq!(list.len(), 2);
        assert_eq!(list["basics/float_ops.py"], "float30: 6 digits");
        assert_eq!(list["stdlib/json_basic.py"], "");
    }

    #[test]
    fn tracebacks_name_the_program_not_stdin() {
        let mut run = RunResult {
            stdout: "Traceback (most recent call last):\n  File \"<stdin>\", line 3, in f\n".into(),
            error: "  File \"<stdin>\", line 5, in <module>\nValueError: x\n".into(),
            end: Ending::Raised("ValueError".into()),
        };
        run.name_file("prog.py");
        assert!(run.stdout.contains("File \"prog.py\", line 3"));
        assert!(run.error.contains("File \"prog.py\", line 5"));
        assert!(!run.stdout.contains("<stdin>") && !run.error.contains("<stdin>"));
    }

    /// A fake board's raw-paste side with a 4-byte window: after each
    /// window it pauses, checks that the host has not sent more than it
    /// was granted (two windows at the start, one per `\x01`), and grants
    /// one more.
    #[test]
    fn raw_paste_keeps_within_the_granted_windows() {
        use std::collections::VecDeque;
        use std::io::Write;
        use std::os::unix::net::UnixStream;
        const WINDOW: usize = 4;
        let (host, mut board) = UnixStream::pair().expect("a socket pair");
        let fake_board = std::thread::spawn(move || -> Result<Vec<u8>, String> {
            let err = |e: std::io::Error| e.to_string();
            let mut start = [0u8; 3];
            board.read_exact(&mut start).map_err(err)?;
            if start != *b"\x05A\x01" {
                return Err(format!("not a raw-paste request: {start:?}"));
            }
            board.write_all(b"R\x01\x04\x00\x01").map_err(err)?;
            let mut granted = 2 * WINDOW;
            let mut inbox = VecDeque::new();
            let mut program = Vec::new();
            loop {
                let b = match inbox.pop_front() {
                    Some(b) => b,
                    None => {
                        let mut one = [0u8; 1];
                        board.read_exact(&mut one).map_err(err)?;
                        one[0]
                    }
                };
                if b == 0x04 {
                    board.write_all(b"\x04").map_err(err)?;
                    return Ok(program);
                }
                program.push(b);
                if program.len() % WINDOW == 0 {
                    // A host that ignored the windows would have sent on.
                    std::thread::sleep(Duration::from_millis(20));
                    board.set_nonblocking(true).map_err(err)?;
                    let mut buf = [0u8; 256];
                    while let Ok(n @ 1..) = board.read(&mut buf) {
                        inbox.extend(&buf[..n]);
                    }
                    board.set_nonblocking(false).map_err(err)?;
                    let data = inbox.iter().filter(|&&b| b != 0x04).count();
                    if program.len() + data > granted {
                        return Err(format!(
                            "{} bytes sent, {granted} granted",
                            program.len() + data
                        ));
                    }
                    board.write_all(b"\x01").map_err(err)?;
                    granted += WINDOW;
                }
            }
        });
        let mut console = Console::new("fake", host, None);
        let source = b"print('a program longer than a few windows')\n";
        let deadline = Instant::now() + Duration::from_secs(10);
        raw_paste(&mut console, source, deadline).expect("raw-paste exchange");
        let received = fake_board.join().expect("the fake board");
        assert_eq!(received.as_deref(), Ok(&source[..]));
    }

    #[test]
    fn raw_paste_stops_when_the_board_aborts() {
        use std::io::Write;
        use std::os::unix::net::UnixStream;
        let (host, mut board) = UnixStream::pair().expect("a socket pair");
        // A one-byte window, then an abort instead of a grant.
        board.write_all(b"R\x01\x01\x00\x01\x04").expect("write");
        let mut console = Console::new("fake", host, None);
        let deadline = Instant::now() + Duration::from_secs(10);
        let err = raw_paste(&mut console, b"print(1)", deadline).expect_err("aborted");
        assert!(err.contains("ended raw-paste mode early"), "{err}");
    }

    #[test]
    fn difference_names_the_first_differing_line() {
        assert_eq!(
            first_difference("a\nb\n", "a\nc\n"),
            "line 2: expected \"b\", got \"c\""
        );
        assert_eq!(
            first_difference("a\n", "a\nb\n"),
            "line 2: expected \"<end>\", got \"b\""
        );
        assert_eq!(first_difference("a\n", "a\n"), "(identical)");
    }
}
