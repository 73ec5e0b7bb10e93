//! Code generation: compile a corpus of programs with Pyrite's compiler,
//! check every output with `pyrite_mpy::verify`, run it on Pyrite's VM and
//! compare the output with CPython's; inspect the bytecode of `const()` and
//! folding; compare the total size with `mpy-cross`'s.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use pyrite_compiler::{Mode, Options, compile};
use pyrite_gc::Heap;
use pyrite_obj::{PyResult, Sink};
use pyrite_vm::{Vm, VmBox, VmConfig};

/// Output captured from `print`.
#[derive(Clone, Default)]
struct Capture(Rc<RefCell<Vec<u8>>>);

impl Sink for Capture {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// Runs `mpy` on a fresh VM (on a thread with a large stack); returns the
/// output, with `<uncaught exception>` appended if it raised.
fn run(mpy: Vec<u8>) -> String {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let anchor = 0usize;
            let base = std::hint::black_box(&anchor) as *const usize as usize + 8;
            run_inner(mpy, base)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[inline(never)]
fn run_inner(mpy: Vec<u8>, base: usize) -> String {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 4 << 20].into_boxed_slice());
    let vm: VmBox = Vm::new(Heap::new(region), VmConfig::default()).expect("vm");
    vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
    let cap = Capture::default();
    vm.set_stdout(Box::new(cap.clone()));
    let r = vm.exec_mpy(&mpy);
    let mut s = cap.text();
    if let Err(e) = r {
        let err = Capture::default();
        let _ = vm.print_exception(e.0, &mut err.clone());
        eprintln!("{}", err.text());
        s.push_str("<uncaught exception>\n");
    }
    s
}

fn have(cmd: &str) -> bool {
    Command::new(cmd).arg("--version").output().is_ok()
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-codegen-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// mpy-cross's output for `src` named `name`.
fn mpy_cross(dir: &Path, name: &str, src: &str) -> Option<Vec<u8>> {
    let py = dir.join(name);
    std::fs::write(&py, src).ok()?;
    let out = py.with_extension("mpy");
    let r = Command::new("mpy-cross")
        .current_dir(dir)
        .arg("-o")
        .arg(&out)
        .arg(name)
        .output()
        .ok()?;
    if !r.status.success() {
        return None;
    }
    std::fs::read(&out).ok()
}

fn ours(name: &str, src: &str) -> Result<Vec<u8>, String> {
    let opts = Options {
        source_name: name,
        ..Options::default()
    };
    compile(src.as_bytes(), Mode::File, &opts)
        .map_err(|e| format!("line {}: {}: {}", e.line, e.class_name(), e.msg))
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        root.join("tests/codegen"),
        root.join("../vm/tests/programs"),
    ] {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut v: Vec<PathBuf> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        v.sort();
        files.extend(v);
    }
    files
}

fn expected(path: &Path) -> Option<String> {
    let exp = path.with_extension("exp");
    if exp.exists() {
        return std::fs::read_to_string(exp).ok();
    }
    // `from micropython import const` runs on CPython through a shim.
    let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/codegen/shim");
    let out = Command::new("python3")
        .arg(path)
        .env("PYTHONPATH", shim)
        .output()
        .ok()?;
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        s.push_str("<uncaught exception>\n");
    }
    Some(s)
}

/// Every program compiles, verifies, and prints what CPython prints.
#[test]
fn programs() {
    let (mut passed, mut failed, mut vm_gaps) = (0, 0, 0);
    let tmp = temp_dir("programs");
    let only = std::env::var("CODEGEN_ONLY").ok();
    for path in corpus() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        if uses_left_out_syntax(&src) {
            println!("note: {name} uses syntax this build leaves out; not run");
            continue;
        }
        let mpy = match ours(&name, &src) {
            Ok(b) => b,
            Err(e) => {
                println!("FAIL {name}: compile: {e}");
                failed += 1;
                continue;
            }
        };
        if let Err(e) = pyrite_mpy::verify(&mpy) {
            let mut text = String::new();
            let _ = pyrite_mpy::dis::disassemble(&mpy, &mut text);
            println!("FAIL {name}: verify: {e}\n{text}");
            failed += 1;
            continue;
        }
        let Some(exp) = expected(&path) else {
            println!("note: python3 not found; {name} not run");
            continue;
        };
        let got = run(mpy);
        if got == exp {
            passed += 1;
            continue;
        }
        // A difference the VM also shows with mpy-cross's bytecode is a gap
        // in the VM, not in the code generator.
        let reference = mpy_cross(&tmp, &name, &src).map(run);
        if reference.as_deref() == Some(got.as_str()) {
            vm_gaps += 1;
            println!("note: {name}: the VM differs from CPython, as with mpy-cross's output");
            continue;
        }
        failed += 1;
        println!("FAIL {name}\n--- expected\n{exp}--- got\n{got}---");
        if let Some(r) = reference {
            println!("--- with mpy-cross\n{r}---");
        }
    }
    println!("{passed} passed, {failed} failed, {vm_gaps} limited by the VM");
    assert_eq!(failed, 0, "{failed} program(s) failed");
}

/// Whether `src` needs an f-string or `async`/`await` and this build of the
/// compiler leaves it out (a crude scan is enough for the corpus).
fn uses_left_out_syntax(src: &str) -> bool {
    let fstring = ["f\"", "f'", "rf\"", "fr\""]
        .iter()
        .any(|p| src.contains(p));
    let asynchronous = src.contains("async ") || src.contains("await ");
    (fstring && !cfg!(feature = "fstrings")) || (asynchronous && !cfg!(feature = "async"))
}

/// Our total .mpy size against mpy-cross's over the corpus.
#[test]
fn size_vs_mpy_cross() {
    if !have("mpy-cross") {
        println!("note: mpy-cross not found; size comparison skipped");
        return;
    }
    let tmp = temp_dir("size");
    let (mut total_ours, mut total_ref) = (0usize, 0usize);
    for path in corpus() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(&path).unwrap();
        let (Ok(a), Some(b)) = (ours(&name, &src), mpy_cross(&tmp, &name, &src)) else {
            continue;
        };
        println!("{name:24} ours {:6}  mpy-cross {:6}", a.len(), b.len());
        total_ours += a.len();
        total_ref += b.len();
    }
    let ratio = total_ours as f64 / total_ref.max(1) as f64;
    println!("total: ours {total_ours}, mpy-cross {total_ref}, ratio {ratio:.4}");
    assert!(ratio <= 1.05, "output is {ratio:.3}x mpy-cross's size");
}

/// Complex constants are written as `mpy-cross` writes them (the repr
/// text of the complex number), so a module of them is the same file byte
/// for byte.
#[cfg(feature = "complex")]
#[test]
fn complex_constants_match_mpy_cross() {
    if !have("mpy-cross") {
        println!("note: mpy-cross not found; comparison skipped");
        return;
    }
    let src = "a = 1j\nb = 2.5J\nc = 1e3j\nd = 1_0j\ne = .5j\nf = 5.j\ng = 1e-7j\n\
               h = 123456789012345678901234567890j\ni = 1e400j\nk = 0j\nm = 0.1j\n\
               n = (1j, 2, 'x', 3.25j)\no = -1j + 2 * 3j\nprint(a, b, c, d, e, f, g, h, i, k, m, n, o)\n";
    let tmp = temp_dir("complex");
    let Some(theirs) = mpy_cross(&tmp, "complex_consts.py", src) else {
        panic!("mpy-cross failed");
    };
    // (This crate's test VM is built without `complex`; pyrite-vm's
    // tests run such files.)
    assert_eq!(ours("complex_consts.py", src).unwrap(), theirs);
}

/// Compile with options; the disassembly of the (verified) output.
fn dis_with(src: &str, mode: Mode, opt_level: u8, small_int_bits: u8) -> String {
    let opts = Options {
        source_name: "t.py",
        opt_level,
        small_int_bits,
        ..Options::default()
    };
    let mpy = compile(src.as_bytes(), mode, &opts)
        .unwrap_or_else(|e| panic!("compile error line {}: {}", e.line, e.msg));
    pyrite_mpy::verify(&mpy).unwrap_or_else(|e| panic!("verify: {e}"));
    let mut text = String::new();
    pyrite_mpy::dis::disassemble(&mpy, &mut text).unwrap();
    text
}

fn dis(src: &str) -> String {
    dis_with(src, Mode::File, 0, 31)
}

/// The instruction lines (opcode and operands, without offsets and lines).
fn instrs(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            // `offset line OPNAME operands...`
            words.next()?.parse::<u32>().ok()?;
            words.next()?.parse::<u32>().ok()?;
            Some(words.collect::<Vec<_>>().join(" "))
        })
        .collect()
}

fn compile_err(src: &str) -> String {
    match compile(src.as_bytes(), Mode::File, &Options::default()) {
        Ok(_) => panic!("expected a SyntaxError for {src:?}"),
        Err(e) => e.msg.into_owned(),
    }
}

#[cfg(feature = "const-fold")]
#[test]
fn const_substitution() {
    let text = dis(
        "from micropython import const\nROWS = const(4)\n_COLS = const(3)\n\
         a = ROWS\nb = _COLS * ROWS\ndef f():\n    return _COLS\n",
    );
    // `_COLS` is neither stored nor even a qstr.
    assert!(!text.contains("'_COLS'"), "{text}");
    // ROWS is stored once, and loaded as a literal.
    assert!(
        text.contains("STORE_NAME") && text.contains("'ROWS'"),
        "{text}"
    );
    assert!(!text.contains("LOAD_NAME") || !text.contains("LOAD_NAME 3 'ROWS'"));
    let ins = instrs(&text);
    let pos = |s: &str| {
        ins.iter()
            .position(|i| i.ends_with(s))
            .unwrap_or_else(|| panic!("no {s} in {ins:?}"))
    };
    let a = pos("'a'");
    assert_eq!(ins[a - 1], "LOAD_CONST_SMALL_INT_MULTI 4");
    let b = pos("'b'");
    assert_eq!(ins[b - 1], "LOAD_CONST_SMALL_INT_MULTI 12");
    assert!(
        !ins.iter()
            .any(|i| i.contains("ROWS") && i.starts_with("LOAD")),
        "{ins:?}"
    );
    // The function body returns the literal.
    assert!(
        ins.windows(2)
            .any(|w| w[0] == "LOAD_CONST_SMALL_INT_MULTI 3" && w[1] == "RETURN_VALUE")
    );
    // The import still runs.
    assert!(text.contains("IMPORT_NAME") && text.contains("'micropython'"));
}

#[cfg(feature = "const-fold")]
#[test]
fn const_errors() {
    assert_eq!(compile_err("X = const(f())\n"), "not a constant");
    assert_eq!(compile_err("X = const(UNDEFINED + 1)\n"), "not a constant");
    assert_eq!(
        compile_err("X = const(1)\nX = 2\n"),
        "can't assign to expression"
    );
    // Non-int constants are accepted, as MicroPython 1.29 does.
    let text = dis("S = const('long string value here')\nprint(S)\n");
    assert!(text.contains("long string value here"));
}

#[cfg(feature = "const-fold")]
#[test]
fn folding() {
    let ins = instrs(&dis(
        "a = 2 ** 40\nb = -(2 ** 30)\nc = (1, 2, ('x', None))\nd = 7 // 2 + ~5\ne = 1 << 70\nf = not 1\n",
    ));
    assert!(
        ins.contains(&"LOAD_CONST_OBJ 0 (1099511627776)".to_string()),
        "{ins:?}"
    );
    assert!(
        ins.contains(&"LOAD_CONST_SMALL_INT -1073741824".to_string()),
        "{ins:?}"
    );
    assert!(
        ins.iter()
            .any(|i| i.starts_with("LOAD_CONST_OBJ") && i.contains("(1, 2, ('x', None))")),
        "{ins:?}"
    );
    assert!(
        ins.contains(&"LOAD_CONST_SMALL_INT_MULTI -3".to_string()),
        "{ins:?}"
    );
    assert!(
        ins.iter().any(|i| i.contains("1180591620717411303424")),
        "{ins:?}"
    );
    assert!(ins.contains(&"LOAD_CONST_FALSE".to_string()), "{ins:?}");
    // Narrower small ints: 1000 needs a constant with 8-bit small ints.
    let narrow = instrs(&dis_with("a = 1000\nb = 100\n", Mode::File, 0, 8));
    assert!(
        narrow
            .iter()
            .any(|i| i.starts_with("LOAD_CONST_OBJ") && i.contains("1000")),
        "{narrow:?}"
    );
    assert!(
        narrow.contains(&"LOAD_CONST_SMALL_INT 100".to_string()),
        "{narrow:?}"
    );
    // Not folded: division, negative powers, division by zero.
    let ins = instrs(&dis("a = 1 / 2\nb = 2 ** -1\nc = 1 // 0\n"));
    assert!(
        ins.iter().filter(|i| i.starts_with("BINARY_OP")).count() == 3,
        "{ins:?}"
    );
}

/// `const()` and operators on constants give the same results with and
/// without compile-time evaluation (feature `const-fold`); without it they
/// run as written, `const` being `micropython.const`.
#[test]
fn const_and_folding_results() {
    let src = "from micropython import const\nX = const(2 ** 4)\n_Y = const(X + 3)\n\
               def f():\n    return -(1 << 40) // _Y\nprint(X, _Y, f(), not 1, (1, -2))\n";
    let opts = Options {
        source_name: "t.py",
        ..Options::default()
    };
    let out = run(compile(src.as_bytes(), Mode::File, &opts).unwrap());
    assert_eq!(out, "16 19 -57869033041 False (1, -2)\n");
    let ins = instrs(&dis(src));
    let calls = ins
        .iter()
        .filter(|i| i.starts_with("CALL_FUNCTION"))
        .count();
    let ops = ins.iter().filter(|i| i.starts_with("BINARY_OP")).count();
    if cfg!(feature = "const-fold") {
        // Only `print` and `f` are called, and `f` returns a constant.
        assert_eq!((calls, ops), (2, 0), "{ins:?}");
    } else {
        // `const` is called twice, and `**`, `+`, `<<` and `//` run.
        assert_eq!((calls, ops), (4, 4), "{ins:?}");
        // A const name can be assigned again, as any name.
        assert!(compile(b"X = const(1)\nX = 2\n", Mode::File, &opts).is_ok());
    }
}

#[test]
fn optimisation_levels() {
    let src = "assert x, 'm'\nif __debug__:\n    print(1)\nprint(2)\n";
    let o0 = dis_with(src, Mode::File, 0, 31);
    assert!(o0.contains("AssertionError") && o0.contains("LOAD_CONST_SMALL_INT_MULTI 1"));
    let o1 = dis_with(src, Mode::File, 1, 31);
    assert!(
        !o1.contains("AssertionError") && !o1.contains("LOAD_CONST_SMALL_INT_MULTI 1"),
        "{o1}"
    );
    let o3 = dis_with("a = 1\nb = 2\nc = 3\n", Mode::File, 3, 31);
    // Every instruction reports line 1: there is no line table.
    for l in o3.lines().filter(|l| l.contains("STORE_NAME")) {
        assert_eq!(l.split_whitespace().nth(1), Some("1"), "{o3}");
    }
}

#[test]
fn modes() {
    let single = instrs(&dis_with("1 + x\n", Mode::Single, 0, 31));
    assert!(
        single[0].contains("LOAD_NAME") && single[0].contains("'__repl_print__'"),
        "{single:?}"
    );
    assert!(single.contains(&"CALL_FUNCTION 1 (n_pos=1 n_kw=0)".to_string()));
    let eval = instrs(&dis_with("x * 2", Mode::Eval, 0, 31));
    assert_eq!(eval.last().map(String::as_str), Some("RETURN_VALUE"));
    assert!(!eval.iter().any(|i| i == "LOAD_CONST_NONE"), "{eval:?}");
}

#[test]
fn errors() {
    for (src, msg) in [
        ("return 1\n", "'return' outside function"),
        ("break\n", "'break' outside loop"),
        ("continue\n", "'continue' not properly in loop"),
        ("yield 1\n", "'yield' outside function"),
        ("await x\n", "'await' outside function"),
        ("class C:\n    return 1\n", "'return' outside function"),
        (
            "def f():\n    x = 1\n    global x\n",
            "name 'x' is used prior to global declaration",
        ),
        (
            "def f():\n    nonlocal x\n",
            "no binding for nonlocal 'x' found",
        ),
        (
            "def f(a, a):\n    pass\n",
            "duplicate argument 'a' in function definition",
        ),
        (
            "for x in y:\n    def f():\n        break\n",
            "'break' outside loop",
        ),
        (
            "class C:\n    def f():\n        super().g()\n",
            "super() can't find self",
        ),
    ] {
        if uses_left_out_syntax(src) {
            continue;
        }
        match compile(src.as_bytes(), Mode::File, &Options::default()) {
            Ok(_) => panic!("{src:?} compiled"),
            Err(e) => assert!(
                e.msg.contains(msg),
                "{src:?}: got {:?}, want {msg:?}",
                e.msg
            ),
        }
    }
    // Deep nesting is an error, not a crash.
    let deep = format!("x = {}1{}\n", "(".repeat(500), ")".repeat(500));
    assert!(compile(deep.as_bytes(), Mode::File, &Options::default()).is_err());
    let mut nested = String::new();
    for i in 0..40 {
        nested.push_str(&"    ".repeat(i));
        nested.push_str(&format!("def f{i}():\n"));
    }
    nested.push_str(&"    ".repeat(40));
    nested.push_str("pass\n");
    assert!(compile(nested.as_bytes(), Mode::File, &Options::default()).is_err());
}

/// Mutated corpus programs never make the compiler panic, and whatever it
/// accepts verifies.
#[test]
fn mutations_never_panic() {
    const SNIPPETS: &[&str] = &[
        "break",
        "continue",
        "return 1",
        "yield x",
        "await y",
        "nonlocal q",
        "global q",
        "del q",
        "q = const(1)",
        "x, *y = z",
        "*y, = z",
        "try:\n  pass\nfinally:\n  break",
        "with a as (b, c): continue",
        "super().f()",
        "lambda: (yield)",
        "[(yield) for a in b]",
        "f(*a, **b, c=1)",
        "class Q:\n  def m(self): return __class__",
        "for i in range(0, 10, 0): pass",
        "for i in range(1 << 40): break",
        "x = 1 << 200",
        "x = -(-(1 << 127))",
        "async def f():\n  async with a as b:\n    async for c in d:\n      break\n",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let cases: usize = std::env::var("PYRITE_MUTATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let (mut ok, mut err) = (0, 0);
    for path in corpus() {
        let src = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = src.lines().collect();
        for _ in 0..cases {
            let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            for _ in 0..1 + next() % 3 {
                let i = (next() as usize) % out.len().max(1);
                match next() % 4 {
                    0 => {
                        if !out.is_empty() {
                            out.remove(i);
                        }
                    }
                    1 => {
                        let l = out.get(i).cloned().unwrap_or_default();
                        out.insert(i, l);
                    }
                    _ => {
                        let indent: String = out
                            .get(i)
                            .map(|l| l.chars().take_while(|c| *c == ' ').collect())
                            .unwrap_or_default();
                        let snip = SNIPPETS[(next() as usize) % SNIPPETS.len()];
                        for (k, sl) in snip.lines().enumerate() {
                            out.insert(i + k, format!("{indent}{sl}"));
                        }
                    }
                }
            }
            let text = out.join("\n") + "\n";
            match compile(text.as_bytes(), Mode::File, &Options::default()) {
                Ok(mpy) => {
                    if let Err(e) = pyrite_mpy::verify(&mpy) {
                        panic!("verify failed ({e}) for:\n{text}");
                    }
                    ok += 1;
                }
                Err(_) => err += 1,
            }
        }
    }
    println!("{ok} mutants compiled and verified, {err} rejected");
}
