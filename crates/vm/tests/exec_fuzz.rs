//! Robustness fuzzing of execution: mutated .mpy files and generated
//! Python programs run on the VM. Whatever the input, the outcome is a
//! normal return or a Python exception (a rejected file is a
//! `ValueError`), never a Rust panic or a hang, and the VM stays usable.
//!
//! Each case runs on a fresh VM on a worker thread. A case still running
//! after [`SOFT_LIMIT`] gets `KeyboardInterrupt` through the VM's interrupt
//! flag (the Ctrl-C path), repeated until it stops; one still running after
//! [`HARD_LIMIT`] is a hang the interrupt cannot stop: the case is printed
//! and the test process exits with a failure.
//!
//! `PYRITE_PROPTEST_CASES` sets the total number of cases (default 2,000,
//! for a debug run of about ten seconds), split between the tests.

#![cfg(all(feature = "compiler", feature = "load-mpy"))]

mod exec_fuzz_gen;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use pyrite_gc::Heap;
use pyrite_mpy::{Instrs, MpyFile, Operand, RawCode, op};
use pyrite_obj::{PyResult, Sink, Value};
use pyrite_vm::{Mode, Vm, VmConfig};

/// Running time after which a case is interrupted (`KeyboardInterrupt`).
const SOFT_LIMIT: Duration = Duration::from_secs(1);
/// Running time after which a case that ignores interrupts is a hang.
const HARD_LIMIT: Duration = Duration::from_secs(20);
/// The largest heap a case gets.
const MAX_HEAP: usize = 1 << 20;
/// Output a case may print before the rest is dropped unseen.
const OUTPUT_CAP: usize = 64 << 10;

/// `PYRITE_PROPTEST_CASES`, or `default`.
fn total_cases(default: u32) -> u32 {
    std::env::var("PYRITE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

// ----- the worker ------------------------------------------------------------

/// What a case runs.
#[derive(Clone, Debug)]
enum Code {
    /// A .mpy file, loaded (verified) and run as `__main__`.
    Mpy(Vec<u8>),
    /// Python source, compiled and run as `__main__`.
    Source(String),
}

#[derive(Clone, Debug)]
struct Job {
    code: Code,
    heap_bytes: usize,
    /// Collect every this many bytes allocated (GC stress), if set.
    gc_threshold: Option<isize>,
}

/// How a case ended.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    /// The code returned.
    Returned,
    /// The code raised this exception type (uncaught).
    Raised(String),
    /// A Rust panic: a bug.
    Panicked(String),
    /// The VM was unusable afterwards: a bug.
    Broken(String),
}

/// Output that is counted and dropped after [`OUTPUT_CAP`] bytes.
#[derive(Clone, Default)]
struct Capture(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Sink for Capture {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        let mut b = self.0.borrow_mut();
        let room = OUTPUT_CAP.saturating_sub(b.len());
        b.extend_from_slice(&bytes[..bytes.len().min(room)]);
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// A worker thread that runs cases one at a time, each on a fresh VM over
/// the same heap region, with the interrupt flag the watchdog sets.
struct Worker {
    jobs: Sender<Job>,
    results: Receiver<(Outcome, String)>,
    interrupt: &'static AtomicBool,
}

impl Worker {
    fn spawn() -> Worker {
        let (jobs, job_rx) = channel::<Job>();
        let (res_tx, results) = channel();
        let interrupt: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
        std::thread::Builder::new()
            .name("exec-fuzz".into())
            .stack_size(256 << 20)
            .spawn(move || {
                let anchor = 0usize;
                let base = std::hint::black_box(&anchor) as *const usize as usize + 8;
                let mut region = vec![0u8; MAX_HEAP];
                while let Ok(job) = job_rx.recv() {
                    interrupt.store(false, Ordering::Relaxed);
                    let r = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        run_case(&mut region, base, interrupt, &job)
                    }));
                    let r = match r {
                        Ok(r) => r,
                        Err(p) => {
                            let msg = p
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_default();
                            (Outcome::Panicked(msg), String::new())
                        }
                    };
                    if res_tx.send(r).is_err() {
                        break;
                    }
                }
            })
            .unwrap();
        Worker {
            jobs,
            results,
            interrupt,
        }
    }

    /// Runs `job`: its outcome, output, and whether it had to be
    /// interrupted. Panics (the test fails) on a hang.
    fn run(&self, job: &Job) -> (Outcome, String, bool) {
        save_last_case(job);
        self.jobs.send(job.clone()).expect("worker alive");
        let start = Instant::now();
        let mut interrupted = false;
        loop {
            let wait = if interrupted {
                Duration::from_millis(50)
            } else {
                SOFT_LIMIT
            };
            match self.results.recv_timeout(wait) {
                Ok((o, out)) => return (o, out, interrupted),
                Err(RecvTimeoutError::Timeout) => {
                    if start.elapsed() > HARD_LIMIT {
                        // The worker is stuck for good: no shrinking (each
                        // step would wait as long), end the process now.
                        eprintln!("HANG: the case ignores KeyboardInterrupt: {job:?}");
                        std::process::exit(101);
                    }
                    interrupted = true;
                    self.interrupt.store(true, Ordering::Relaxed);
                }
                Err(RecvTimeoutError::Disconnected) => panic!("worker died on {job:?}"),
            }
        }
    }
}

/// With `PYRITE_FUZZ_LAST` set to a directory, writes each case there
/// before it runs (`last.mpy` or `last.py`), so that the case that
/// crashed the process (a signal, not a panic) can be replayed.
fn save_last_case(job: &Job) {
    let Some(dir) = std::env::var_os("PYRITE_FUZZ_LAST") else {
        return;
    };
    let (name, bytes) = match &job.code {
        Code::Mpy(b) => ("last.mpy", b.as_slice()),
        Code::Source(s) => ("last.py", s.as_bytes()),
    };
    let _ = std::fs::write(Path::new(&dir).join(name), bytes);
}

/// With `PYRITE_FUZZ_DUMP` set to a directory, keeps every generated
/// program there with what it printed and how it ended (`N.py`,
/// `N.out`), for comparing with another Python.
fn dump_case(src: &str, out: &str, o: &Outcome) {
    use std::sync::atomic::AtomicUsize;
    static N: AtomicUsize = AtomicUsize::new(0);
    let Some(dir) = std::env::var_os("PYRITE_FUZZ_DUMP") else {
        return;
    };
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = Path::new(&dir);
    let _ = std::fs::write(dir.join(format!("{n}.py")), src);
    let _ = std::fs::write(dir.join(format!("{n}.out")), format!("{out}<{o:?}>\n"));
}

/// The exception's type name.
fn type_name(vm: &Vm, e: Value) -> String {
    let rt = vm.rt();
    String::from_utf8_lossy(rt.qstr_text(rt.type_of(e).name)).into_owned()
}

/// Runs one case on a fresh VM over `region`.
#[inline(never)]
fn run_case(
    region: &mut [u8],
    base: usize,
    interrupt: &'static AtomicBool,
    job: &Job,
) -> (Outcome, String) {
    let len = job.heap_bytes.min(region.len());
    // SAFETY: the region is this thread's, outlives the VM made here, and
    // is touched only through this heap until the VM is dropped at the end
    // of this function (the previous case's VM is gone).
    let heap = unsafe { Heap::from_raw_parts(NonNull::from(&mut region[..len]).cast(), len) };
    let config = VmConfig {
        interrupt: Some(interrupt),
        ..VmConfig::default()
    };
    let Ok(vm) = Vm::new(heap, config) else {
        return (Outcome::Raised("<no vm>".into()), String::new());
    };
    vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
    let cap = Capture::default();
    vm.set_stdout(Box::new(cap.clone()));
    vm.set_stderr(Box::new(cap.clone()));
    if let Some(t) = job.gc_threshold {
        vm.rt().heap().set_threshold(t);
    }
    let r = match &job.code {
        Code::Mpy(b) => vm.exec_mpy(b),
        Code::Source(s) => vm.exec_source(s.as_bytes(), "fuzz.py", Mode::File),
    };
    let outcome = match r {
        Ok(_) => Outcome::Returned,
        Err(e) => {
            let name = type_name(&vm, e.0);
            // Printing walks the traceback (the line tables of mutated
            // code); it may fail, but cleanly.
            let mut sink = cap.clone();
            let _ = vm.print_exception(e.0, &mut sink);
            Outcome::Raised(name)
        }
    };
    let out = cap.text();
    // The VM goes on: a full collection over whatever the case left, then
    // a little more code (which may only fail for lack of memory).
    interrupt.store(false, Ordering::Relaxed);
    vm.rt().heap().set_threshold(isize::MAX);
    vm.rt().heap().collect();
    let after = vm.exec_source(
        b"t = [1, 2, 3]\nassert t[1:][0] * 21 == 42\n",
        "after.py",
        Mode::File,
    );
    if let Err(e) = after {
        let name = type_name(&vm, e.0);
        if name != "MemoryError" {
            return (Outcome::Broken(format!("after the case: {name}")), out);
        }
    }
    (outcome, out)
}

/// One worker per test (tests run on parallel threads).
fn with_worker<R>(f: impl FnOnce(&Worker) -> R) -> R {
    f(&Worker::spawn())
}

/// Tallies of outcomes, printed at the end of a test.
#[derive(Default)]
struct Stats {
    by_outcome: BTreeMap<String, usize>,
    interrupted: usize,
}

impl Stats {
    fn add(&mut self, o: &Outcome, interrupted: bool) {
        let key = match o {
            Outcome::Returned => "returned".to_string(),
            Outcome::Raised(n) => n.clone(),
            Outcome::Panicked(_) => "PANIC".to_string(),
            Outcome::Broken(_) => "BROKEN".to_string(),
        };
        *self.by_outcome.entry(key).or_default() += 1;
        self.interrupted += usize::from(interrupted);
    }

    fn report(&self, what: &str, cases: u32, t: Duration) {
        eprintln!(
            "{what}: {cases} cases in {t:.1?}; {} interrupted; outcomes {:?}",
            self.interrupted, self.by_outcome
        );
    }
}

/// A failing outcome as a test-case error.
fn check_outcome(o: &Outcome, what: &dyn std::fmt::Debug) -> Result<(), TestCaseError> {
    match o {
        Outcome::Panicked(m) => Err(TestCaseError::fail(format!("PANIC {m:?} on {what:?}"))),
        Outcome::Broken(m) => Err(TestCaseError::fail(format!("{m} on {what:?}"))),
        _ => Ok(()),
    }
}

// ----- (a) mutated .mpy files --------------------------------------------------

/// A valid .mpy file and the places in it worth aiming mutations at.
struct Seed {
    name: String,
    bytes: Vec<u8>,
    /// Every instruction: (file offset, encoded length).
    instrs: Vec<(usize, usize)>,
    /// Operand bytes of instructions (var-uints, jumps, the extra byte).
    operands: Vec<usize>,
    /// Operand bytes that index the qstr or constant table or a child.
    indexes: Vec<usize>,
    /// Prelude signature bytes (n_state, n_exc_stack, argument counts).
    signature: Vec<usize>,
    /// Prelude size bytes (n_info, n_cell).
    sizes: Vec<usize>,
}

impl Seed {
    fn new(name: String, bytes: Vec<u8>) -> Option<Seed> {
        let file = MpyFile::parse(&bytes).ok()?;
        let mut seed = Seed {
            name,
            instrs: Vec::new(),
            operands: Vec::new(),
            indexes: Vec::new(),
            signature: Vec::new(),
            sizes: Vec::new(),
            bytes: Vec::new(),
        };
        let mut todo: Vec<RawCode<'_>> = vec![file.root().ok()?];
        while let Some(rc) = todo.pop() {
            let pre = rc.prelude().ok()?;
            let start = rc.code_offset;
            seed.signature.extend(start..start + pre.sig_len);
            seed.sizes
                .extend(start + pre.sig_len..start + pre.sig_len + pre.size_len);
            let ops_at = start + pre.opcodes_offset;
            for ins in Instrs::new(pre.opcodes) {
                let ins = ins.ok()?;
                let at = ops_at + ins.pc;
                seed.instrs.push((at, ins.len));
                let operand = at + 1..at + ins.len;
                seed.operands.extend(operand.clone());
                let is_index = matches!(ins.operand, Operand::Qstr(_))
                    || matches!(
                        ins.opcode,
                        op::LOAD_CONST_OBJ
                            | op::MAKE_FUNCTION
                            | op::MAKE_FUNCTION_DEFARGS
                            | op::MAKE_CLOSURE
                            | op::MAKE_CLOSURE_DEFARGS
                    );
                if is_index {
                    seed.indexes.extend(operand);
                }
            }
            for c in rc.children() {
                todo.push(c.ok()?);
            }
        }
        seed.bytes = bytes;
        Some(seed)
    }
}

/// `.py` files of `dir`, sorted.
fn py_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == "py"));
    v.sort();
    v
}

/// The seeds: the programs of the workspace's differential tests and of
/// this crate compiled by the project's compiler, and the `mpy-cross`
/// files of `pyrite-mpy`'s corpus.
fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let dirs = [
            manifest.join("tests/programs"),
            manifest.join("../../tests/basics"),
            manifest.join("../../tests/micropython"),
        ];
        for path in dirs.iter().flat_map(|d| py_files(d)) {
            let src = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let opts = pyrite_compiler::Options {
                source_name: &name,
                ..pyrite_compiler::Options::default()
            };
            if let Ok(mpy) = pyrite_compiler::compile(&src, pyrite_compiler::Mode::File, &opts) {
                out.extend(Seed::new(name, mpy));
            }
        }
        let corpus = manifest.join("../mpy/tests/corpus");
        let mut mpys: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        mpys.retain(|p| p.extension().is_some_and(|x| x == "mpy"));
        mpys.sort();
        for p in mpys {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            out.extend(Seed::new(name, std::fs::read(&p).unwrap()));
        }
        assert!(out.len() > 20, "too few seeds: {}", out.len());
        // Only programs that run briefly: a mutant of a long one spends
        // the case's time running what the seed already covers.
        let worker = Worker::spawn();
        out.retain(|s| {
            let start = Instant::now();
            let job = Job {
                code: Code::Mpy(s.bytes.clone()),
                heap_bytes: MAX_HEAP,
                gc_threshold: None,
            };
            let (o, _, interrupted) = worker.run(&job);
            assert!(
                !matches!(o, Outcome::Panicked(_) | Outcome::Broken(_)),
                "seed {}: {o:?}",
                s.name
            );
            !interrupted && start.elapsed() < Duration::from_millis(300)
        });
        out
    })
}

/// A change to a seed file.
#[derive(Clone, Debug)]
enum Mutation {
    /// Flips a bit of any byte.
    Flip(usize, u8),
    /// Sets any byte.
    Set(usize, u8),
    /// Inserts a byte.
    Insert(usize, u8),
    /// Deletes up to 8 bytes.
    Delete(usize, usize),
    /// Adds a small amount to an operand byte.
    OperandDelta(usize, i8),
    /// Sets a table-index operand (qstr, constant, child) to a small index.
    Index(usize, u8),
    /// Flips a bit of a prelude signature byte (n_state, n_exc_stack,
    /// argument counts, scope flags).
    Signature(usize, u8),
    /// Adds a small amount to a prelude size byte (n_info, n_cell).
    Size(usize, i8),
    /// Gives an instruction the opcode of another of the same length.
    SwapOpcode(usize, usize),
    /// Sets an opcode byte.
    Opcode(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<usize>(), 0u8..8).prop_map(|(p, b)| Mutation::Flip(p, b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Set(p, b)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Insert(p, b)),
        1 => (any::<usize>(), 1usize..8).prop_map(|(p, n)| Mutation::Delete(p, n)),
        4 => (any::<usize>(), -3i8..=3).prop_map(|(p, d)| Mutation::OperandDelta(p, d)),
        3 => (any::<usize>(), 0u8..12).prop_map(|(p, v)| Mutation::Index(p, v)),
        3 => (any::<usize>(), 0u8..8).prop_map(|(p, b)| Mutation::Signature(p, b)),
        1 => (any::<usize>(), -2i8..=2).prop_map(|(p, d)| Mutation::Size(p, d)),
        4 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapOpcode(a, b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Opcode(p, b)),
    ]
}

/// Applies `m` to `data` (a copy of `seed`'s bytes, perhaps already
/// changed: targeted offsets past the end are skipped).
fn apply(seed: &Seed, data: &mut Vec<u8>, m: &Mutation) {
    let n = data.len();
    let pick = |v: &[usize], i: usize| (!v.is_empty()).then(|| v[i % v.len()]).filter(|&p| p < n);
    match *m {
        Mutation::Flip(p, b) if n > 0 => data[p % n] ^= 1 << b,
        Mutation::Set(p, b) if n > 0 => data[p % n] = b,
        Mutation::Insert(p, b) => data.insert(p % (n + 1), b),
        Mutation::Delete(p, k) if n > 0 => {
            let p = p % n;
            data.drain(p..(p + k).min(n));
        }
        Mutation::OperandDelta(i, d) => {
            if let Some(p) = pick(&seed.operands, i) {
                data[p] = data[p].wrapping_add_signed(d);
            }
        }
        Mutation::Index(i, v) => {
            if let Some(p) = pick(&seed.indexes, i) {
                // Keep the var-uint's continuation bit.
                data[p] = (data[p] & 0x80) | v;
            }
        }
        Mutation::Signature(i, b) => {
            if let Some(p) = pick(&seed.signature, i) {
                data[p] ^= 1 << b;
            }
        }
        Mutation::Size(i, d) => {
            if let Some(p) = pick(&seed.sizes, i) {
                data[p] = data[p].wrapping_add_signed(d);
            }
        }
        Mutation::SwapOpcode(a, b) => {
            let ins = &seed.instrs;
            if ins.is_empty() {
                return;
            }
            let (pa, la) = ins[a % ins.len()];
            // The next instruction of the same length from `b` on.
            let same = (0..ins.len())
                .map(|k| ins[(b + k) % ins.len()])
                .find(|&(p, l)| l == la && p != pa);
            if let Some((pb, _)) = same
                && pa < n
                && pb < n
            {
                data[pa] = seed.bytes[pb];
            }
        }
        Mutation::Opcode(i, b) if !seed.instrs.is_empty() => {
            let (p, _) = seed.instrs[i % seed.instrs.len()];
            if p < n {
                data[p] = b;
            }
        }
        _ => {}
    }
}

/// A proptest runner for `cases` cases that keeps no failure files (a
/// failing case is printed; `PYRITE_FUZZ_REPLAY` replays it).
fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn mutated_mpy_runs_cleanly() {
    let cases = total_cases(2000) * 6 / 10;
    let seeds = seeds();
    let stats = Mutex::new(Stats::default());
    let start = Instant::now();
    with_worker(|worker| {
        let mut runner = runner(cases);
        let strategy = (
            any::<usize>(),
            proptest::collection::vec(mutation(), 1..5),
            0u8..8,
        );
        runner
            .run(&strategy, |(which, muts, stress)| {
                let seed = &seeds[which % seeds.len()];
                let mut data = seed.bytes.clone();
                for m in &muts {
                    apply(seed, &mut data, m);
                }
                let job = Job {
                    code: Code::Mpy(data),
                    heap_bytes: 512 << 10,
                    gc_threshold: (stress == 0).then_some(2048),
                };
                let (o, _, interrupted) = worker.run(&job);
                stats.lock().unwrap().add(&o, interrupted);
                check_outcome(&o, &(&seed.name, &muts, &job))
            })
            .unwrap();
    });
    stats.lock().unwrap().report(
        &format!("mutated .mpy ({} seeds)", seeds.len()),
        cases,
        start.elapsed(),
    );
}

// ----- (b) generated programs ---------------------------------------------------

#[test]
fn generated_programs_run_cleanly() {
    let cases = total_cases(2000) * 4 / 10;
    let stats = Mutex::new(Stats::default());
    let start = Instant::now();
    with_worker(|worker| {
        let mut runner = runner(cases);
        let strategy = (
            proptest::collection::vec(any::<u32>(), 1..160),
            0u8..8,
            0u8..4,
        );
        runner
            .run(&strategy, |(choices, stress, heap)| {
                let src = exec_fuzz_gen::program(&choices);
                // A generated program always compiles.
                let compiled = pyrite_compiler::compile(
                    src.as_bytes(),
                    pyrite_compiler::Mode::File,
                    &pyrite_compiler::Options::default(),
                );
                prop_assert!(
                    compiled.is_ok(),
                    "generated program is not valid ({:?}):\n{src}",
                    compiled.err()
                );
                let job = Job {
                    code: Code::Source(src.clone()),
                    heap_bytes: [48 << 10, 128 << 10, 256 << 10, MAX_HEAP][heap as usize],
                    gc_threshold: (stress == 0).then_some(4096),
                };
                let (o, out, interrupted) = worker.run(&job);
                stats.lock().unwrap().add(&o, interrupted);
                dump_case(&src, &out, &o);
                check_outcome(&o, &src)
            })
            .unwrap();
    });
    stats
        .lock()
        .unwrap()
        .report("generated programs", cases, start.elapsed());
}

/// `PYRITE_FUZZ_REPLAY=FILE` (a `.py` or `.mpy` file, such as the
/// `last.*` of `PYRITE_FUZZ_LAST`) runs that one case as the campaigns do,
/// on a heap of `PYRITE_FUZZ_HEAP` bytes (default 1 MiB), and prints how
/// it ended; without it this test does nothing.
#[test]
fn replay() {
    let Some(path) = std::env::var_os("PYRITE_FUZZ_REPLAY") else {
        return;
    };
    let path = PathBuf::from(path);
    let bytes = std::fs::read(&path).unwrap();
    let code = if path.extension().is_some_and(|e| e == "mpy") {
        Code::Mpy(bytes)
    } else {
        Code::Source(String::from_utf8(bytes).unwrap())
    };
    let heap_bytes = std::env::var("PYRITE_FUZZ_HEAP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(MAX_HEAP);
    let job = Job {
        code,
        heap_bytes,
        gc_threshold: None,
    };
    let (o, out, interrupted) = Worker::spawn().run(&job);
    eprintln!("{out}\n{o:?} (interrupted: {interrupted})");
    check_outcome(&o, &path).unwrap();
}

// ----- regressions: cases the campaigns found ----------------------------------

/// Compiles `src` with the project's compiler.
fn compile(src: &str) -> Vec<u8> {
    pyrite_compiler::compile(
        src.as_bytes(),
        pyrite_compiler::Mode::File,
        &pyrite_compiler::Options::default(),
    )
    .unwrap()
}

/// The file offset of the `LOAD_CONST_NONE` that every `try`/`finally`
/// of the module's code pushes before falling into its handler.
fn finally_fallthrough_nones(mpy: &[u8]) -> Vec<usize> {
    let file = MpyFile::parse(mpy).unwrap();
    let root = file.root().unwrap();
    let pre = root.prelude().unwrap();
    let at = root.code_offset + pre.opcodes_offset;
    let mut out = Vec::new();
    for ins in Instrs::new(pre.opcodes) {
        let ins = ins.unwrap();
        if let (op::SETUP_FINALLY, Operand::Jump { target, .. }) = (ins.opcode, ins.operand) {
            let none = at + target as usize - 1;
            assert_eq!(mpy[none], op::LOAD_CONST_NONE);
            out.push(none);
        }
    }
    assert!(!out.is_empty());
    out
}

/// A `finally` handler reached with a small int where the `None` of
/// normal completion belongs (one changed byte) passes the verifier, which
/// checks depths, not values. `END_FINALLY` took the int for the
/// `break`/`continue`/`return` state the VM pushes, unwound blocks that
/// were not there and jumped to an offset from the stack: a double free
/// or a bus error. It now goes by what the VM recorded in the block and
/// raises `RuntimeError` for the forged value.
#[test]
fn forged_finally_state_raises() {
    let programs = [
        "for i in range(3):\n    try:\n        x = i\n    finally:\n        x = 0\nprint(x)\n",
        "try:\n    {}[1]\nexcept KeyError as e:\n    pass\nx = 1\ntry:\n    x = 2\nfinally:\n    x = 3\n",
    ];
    let worker = Worker::spawn();
    for src in programs {
        let good = compile(src);
        for at in finally_fallthrough_nones(&good) {
            for forged in [-16i32, -1, 0, 1, 2, 5, 47] {
                let mut bad = good.clone();
                bad[at] = (i32::from(op::LOAD_CONST_SMALL_INT_MULTI) + 16 + forged) as u8;
                let job = Job {
                    code: Code::Mpy(bad),
                    heap_bytes: 256 << 10,
                    gc_threshold: None,
                };
                let (o, out, _) = worker.run(&job);
                assert_eq!(
                    o,
                    Outcome::Raised("RuntimeError".into()),
                    "{src:?} {forged}"
                );
                assert!(out.contains("bad state at the end of a finally"), "{out}");
            }
        }
    }
}
