#![doc = include_str!("../README.md")]

pub mod clock;
pub mod machine;
pub mod stack;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use pyrite_gc::Heap;
use pyrite_obj::types::exc::{self, ExcObj};
use pyrite_obj::{PyResult, Sink, Value};
use pyrite_vm::{FileKind, FileStat, FileSystem, ImportFs, LineInput, Mode, Vm, VmBox, VmConfig};

// `FROZEN`: the modules of `boards/unix/manifest.txt`, frozen by build.rs.
include!(concat!(env!("OUT_DIR"), "/frozen.rs"));

/// Set by the SIGINT handler; the VM raises `KeyboardInterrupt`.
pub static INTERRUPT: AtomicBool = AtomicBool::new(false);

/// Default heap size: 2 MiB.
pub const DEFAULT_HEAP: usize = 2 * 1024 * 1024;

/// A sink writing to a `std::io::Write` (stdout or stderr).
pub struct IoSink<W: Write>(pub W);

impl<W: Write> Sink for IoSink<W> {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        // Output errors (a closed pipe) are ignored, as CPython's print to a
        // closed stdout ends the program elsewhere.
        let _ = self.0.write_all(bytes);
        Ok(())
    }

    fn flush(&mut self) -> PyResult<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

/// A sink appending to a shared buffer (for tests).
#[derive(Clone, Default)]
pub struct BufSink(pub std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Sink for BufSink {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(())
    }
}

/// `import`'s file access: the host file system through `std::fs` (an
/// empty path is the current directory).
pub struct StdFs;

impl ImportFs for StdFs {
    fn stat(&self, path: &str) -> FileKind {
        let path = if path.is_empty() { "." } else { path };
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => FileKind::Dir,
            Ok(m) if m.is_file() => FileKind::File,
            _ => FileKind::Missing,
        }
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(path).ok()
    }
}

/// The errno of an I/O error (`EIO` when the OS gave none).
fn errno(e: std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(5)
}

impl FileSystem for StdFs {
    fn read(&self, path: &str) -> Result<Vec<u8>, i32> {
        std::fs::read(path).map_err(errno)
    }

    fn write(&self, path: &str, data: &[u8], append: bool) -> Result<(), i32> {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(path)
            .map_err(errno)?;
        f.write_all(data).map_err(errno)
    }

    fn listdir(&self, path: &str) -> Result<Vec<String>, i32> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(path).map_err(errno)? {
            let entry = entry.map_err(errno)?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        Ok(names)
    }

    fn stat(&self, path: &str) -> Result<FileStat, i32> {
        let m = std::fs::metadata(path).map_err(errno)?;
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs() as i64);
        Ok(FileStat {
            is_dir: m.is_dir(),
            size: m.len(),
            mtime,
        })
    }

    fn remove(&self, path: &str) -> Result<(), i32> {
        std::fs::remove_file(path).map_err(errno)
    }

    fn rename(&self, from: &str, to: &str) -> Result<(), i32> {
        std::fs::rename(from, to).map_err(errno)
    }

    fn mkdir(&self, path: &str) -> Result<(), i32> {
        std::fs::create_dir(path).map_err(errno)
    }

    fn rmdir(&self, path: &str) -> Result<(), i32> {
        std::fs::remove_dir(path).map_err(errno)
    }

    fn getcwd(&self) -> Result<String, i32> {
        let d = std::env::current_dir().map_err(errno)?;
        Ok(d.to_string_lossy().into_owned())
    }

    fn chdir(&self, path: &str) -> Result<(), i32> {
        std::env::set_current_dir(path).map_err(errno)
    }
}

impl LineInput for StdFs {
    fn read_line(&self) -> Option<Vec<u8>> {
        use std::io::BufRead;
        let mut line = Vec::new();
        match std::io::stdin().lock().read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    }
}

/// The [`StdFs`] every VM of this port imports through.
pub static STD_FS: StdFs = StdFs;

/// A heap over a freshly allocated region of `bytes` bytes (leaked: the
/// heap lives as long as the process).
pub fn new_heap(bytes: usize) -> Heap {
    let region: &'static mut [u8] = Box::leak(vec![0u8; bytes.max(4096)].into_boxed_slice());
    Heap::new(region)
}

/// A VM over a new heap, with stdout as its output, the machine-stack scan
/// registered (from `stack_base`, an address in a frame that outlives every
/// use of the VM), SIGINT wired to `KeyboardInterrupt` and the simulated
/// board's interrupt callbacks to the VM's scheduled-callback queue.
pub fn new_vm(heap_bytes: usize, stack_base: usize) -> Result<VmBox, String> {
    let config = VmConfig {
        interrupt: Some(&INTERRUPT),
        import_fs: Some(&STD_FS),
        fs: Some(&STD_FS),
        stdin: Some(&STD_FS),
        scheduler: Some(machine::new_queue()),
        ..VmConfig::default()
    };
    let vm = Vm::new(new_heap(heap_bytes), config)
        .map_err(|_| "cannot create the interpreter: heap too small".to_string())?;
    vm.set_machine_stack(stack_base, stack::scan_machine_stack);
    vm.set_frozen(FROZEN);
    vm.set_clock(clock::HOOKS);
    machine::register(&vm);
    vm.set_stdout(Box::new(IoSink(std::io::BufWriter::new(std::io::stdout()))));
    vm.set_stderr(Box::new(IoSink(std::io::stderr())));
    vm.set_platform(match std::env::consts::OS {
        "macos" => "darwin",
        os => os,
    });
    Ok(vm)
}

extern "C" fn on_sigint(_sig: libc::c_int) {
    INTERRUPT.store(true, Ordering::Relaxed);
}

/// Routes SIGINT (Ctrl-C) to [`INTERRUPT`].
pub fn install_sigint() {
    let handler: extern "C" fn(libc::c_int) = on_sigint;
    // SAFETY: the handler only stores to an atomic, which is
    // async-signal-safe; `signal` is given a valid function pointer.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
}

/// Parses `N`, `Nk` or `Nm`.
pub fn parse_size(s: &str) -> Option<usize> {
    let (num, mul) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 1024),
        b'm' | b'M' => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<usize>().ok()?.checked_mul(mul)
}

/// Runs `bytes` (a .mpy file) in `vm`; returns the process exit code,
/// printing an uncaught exception's traceback to stderr.
pub fn run_mpy(vm: &Vm, bytes: &[u8]) -> i32 {
    finish(vm, vm.exec_mpy(bytes))
}

/// Runs the script at `path` (`bytes` are its contents: Python source, or
/// a .mpy file if `path` ends with `.mpy`) as `__main__`; returns the exit
/// code.
pub fn run_script(vm: &Vm, bytes: &[u8], path: &str) -> i32 {
    finish(vm, vm.exec_main(bytes, path))
}

/// Runs Python source not from a file (`-c`, standard input) named `name`
/// in tracebacks; returns the exit code.
pub fn run_source(vm: &Vm, src: &[u8], name: &str) -> i32 {
    finish(vm, vm.exec_source(src, name, Mode::File))
}

/// Runs the module `name` as `__main__` (`-m`); returns the exit code.
pub fn run_module(vm: &Vm, name: &str) -> i32 {
    finish(vm, vm.run_module_as_main(name))
}

/// Flushes the output and reports an uncaught exception: the exit code.
fn finish(vm: &Vm, r: PyResult) -> i32 {
    flush_stdout(vm);
    match r {
        Ok(_) => 0,
        Err(e) => report(vm, e.0),
    }
}

/// Flushes what `print` buffered.
pub fn flush_stdout(vm: &Vm) {
    if let Some(out) = vm.take_stdout() {
        drop(out);
        vm.set_stdout(Box::new(IoSink(std::io::BufWriter::new(std::io::stdout()))));
    }
    let _ = std::io::stdout().flush();
}

/// Prints an uncaught exception; returns the exit code (`SystemExit`'s).
pub fn report(vm: &Vm, e: Value) -> i32 {
    let rt = vm.rt();
    if rt.type_of(e).is_subtype_of(&exc::SYSTEM_EXIT) {
        let code = rt
            .downcast::<ExcObj>(e)
            .and_then(|x| x.args(rt).first().copied())
            .unwrap_or(Value::NONE);
        if code.is_none() {
            return 0;
        }
        if let Some(i) = code.as_small_int() {
            return i as i32;
        }
        // `bool` is an `int`: `sys.exit(True)` exits with 1, silently.
        if code == Value::TRUE || code == Value::FALSE {
            return i32::from(code == Value::TRUE);
        }
        let mut err = IoSink(std::io::stderr());
        if let Ok(s) = rt.str(code) {
            let _ = err.put(rt.str_bytes(s).unwrap_or(b""));
            let _ = err.put(b"\n");
        }
        return 1;
    }
    let mut err = IoSink(std::io::stderr());
    if vm.print_exception(e, &mut err).is_err() {
        let _ = err.put(b"(error while printing the exception)\n");
    }
    1
}
