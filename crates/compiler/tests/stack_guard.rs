//! The machine-stack guard: with `Options::stack_limit` set, source nested
//! deeper than the stack allows is an `ErrorKind::Recursion` error, never
//! a stack overflow, while the same budget compiles shallow source.
//!
//! Each compile runs on a thread whose stack is the budget plus a wide
//! slack (debug builds' frames between two checks are far bigger than
//! `STACK_RESERVE`, which is sized for optimised builds), with the limit
//! `budget` bytes below the thread's first frame. For each shape of
//! nesting the budget is found from the build: the smallest (to 512
//! bytes) that compiles the shape nested [`SHALLOW`] deep. The same shape
//! nested as deep as the compiler's depth limits allow must then fail
//! with a recursion error, and compiles without a limit.

use pyrite_compiler::parser::{Parser, parse_eval_limited};
use pyrite_compiler::{CompileError, ErrorKind, Mode, Options, RECURSION_MESSAGE, compile};

/// Nesting the budget of a shape is measured on.
const SHALLOW: usize = 3;
/// Stack below the limit, for the frames between the last check and the
/// deepest point of an unoptimised build.
const SLACK: usize = 1 << 20;
/// The stack of a compile without a limit.
const UNLIMITED: usize = 256 << 20;

fn stack_position() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Compiles `src` on a fresh thread with `budget` bytes of stack above the
/// limit (`None`: no limit).
fn compile_with_budget(
    src: &str,
    mode: Mode,
    budget: Option<usize>,
) -> Result<Vec<u8>, CompileError> {
    let src = src.to_string();
    std::thread::Builder::new()
        .stack_size(budget.map_or(UNLIMITED, |b| b + SLACK))
        .spawn(move || {
            let opts = Options {
                source_name: "deep.py",
                stack_limit: budget.map(|b| stack_position() - b),
                ..Options::default()
            };
            compile(src.as_bytes(), mode, &opts)
        })
        .unwrap()
        .join()
        .unwrap()
}

/// One shape of nesting: its name, the deepest nesting the compiler's own
/// limits accept, and the module nested `n` deep.
type Shape = (&'static str, usize, fn(usize) -> String);

/// Blocks nested `n` deep, each opened by `head(i)`.
fn block(n: usize, head: impl Fn(usize) -> String) -> String {
    let mut s = String::new();
    for i in 0..n {
        s += &"    ".repeat(i);
        s += &head(i);
        s += "\n";
    }
    s + &"    ".repeat(n) + "pass\n"
}

/// `try:` blocks nested `n` deep, each with a `finally:`.
fn tries(n: usize) -> String {
    let mut s = block(n, |_| "try:".to_string());
    for i in (0..n).rev() {
        s += &format!(
            "{}finally:\n{}pass\n",
            "    ".repeat(i),
            "    ".repeat(i + 1)
        );
    }
    s
}

/// The shapes the parser, the scope analysis and the code generator
/// recurse on. Expressions may nest 150 deep, blocks 90 (99 levels of
/// indentation), scopes 20 (24 nested scopes), `const()` folding 60.
const SHAPES: &[Shape] = &[
    ("parens", 150, |n| {
        format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n))
    }),
    ("lists", 150, |n| {
        format!("x = {}{}\n", "[".repeat(n), "]".repeat(n))
    }),
    ("dicts", 150, |n| {
        format!("x = {}1{}\n", "{1: ".repeat(n), "}".repeat(n))
    }),
    ("calls", 150, |n| {
        format!("x = {}{}\n", "f(".repeat(n), ")".repeat(n))
    }),
    ("subscripts", 150, |n| {
        format!("x = {}0{}\n", "a[".repeat(n), "]".repeat(n))
    }),
    ("unary", 150, |n| format!("x = {}1\n", "-".repeat(n))),
    ("not", 150, |n| {
        format!("if {}x:\n    pass\n", "not ".repeat(n))
    }),
    ("folding", 90, |n| {
        format!("x = {}1{}\n", "(1 + ".repeat(n), ")".repeat(n))
    }),
    ("const", 60, |n| {
        format!("X = const({}1{})\n", "(1 + ".repeat(n), ")".repeat(n))
    }),
    ("conditional", 90, |n| {
        format!("x = {}c{}\n", "a if b else (".repeat(n), ")".repeat(n))
    }),
    ("targets", 150, |n| {
        format!("{}a,{}) = y\n", "(".repeat(n), "),".repeat(n - 1))
    }),
    ("sum", 150, |n| {
        format!("x = {}\n", vec!["a"; n].join(" + "))
    }),
    ("attributes", 150, |n| format!("x = a{}\n", ".b".repeat(n))),
    ("f-string", 150, |n| {
        format!("x = f'{{{}a{}}}'\n", "(".repeat(n), ")".repeat(n))
    }),
    ("f-string specs", 150, |n| {
        format!(
            "x = {}f'{{a!r:>{{w}}}} {{b=}}'{}\n",
            "(".repeat(n),
            ")".repeat(n)
        )
    }),
    ("lambdas", 20, |n| {
        format!("x = {}1\n", "lambda: ".repeat(n))
    }),
    ("comprehensions", 20, |n| {
        format!("x = {}i{}\n", "[".repeat(n), " for i in y]".repeat(n))
    }),
    ("ifs", 90, |n| block(n, |i| format!("if x{i}:"))),
    ("whiles", 90, |n| block(n, |i| format!("while x{i}:"))),
    ("fors", 90, |n| block(n, |i| format!("for i{i} in y:"))),
    ("withs", 90, |n| block(n, |i| format!("with a{i}:"))),
    ("tries", 90, tries),
    ("defs", 20, |n| block(n, |i| format!("def f{i}():"))),
    ("classes", 20, |n| block(n, |i| format!("class C{i}:"))),
];

/// The smallest budget (to 512 bytes) that compiles `src`.
fn smallest_budget(src: &str) -> usize {
    let fits = |budget| compile_with_budget(src, Mode::File, Some(budget)).is_ok();
    let (mut lo, mut hi) = (0, 4096);
    while !fits(hi) {
        lo = hi;
        hi *= 2;
        assert!(hi <= 64 << 20, "no budget compiles {src:?}");
    }
    while hi - lo > 512 {
        let mid = (lo + hi) / 2;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

#[test]
fn deep_nesting_is_a_recursion_error_where_shallow_compiles() {
    for &(name, deepest, make) in SHAPES {
        if !cfg!(feature = "fstrings") && name.starts_with("f-string") {
            continue;
        }
        let shallow = make(SHALLOW);
        let deep = make(deepest);
        let budget = smallest_budget(&shallow);
        println!("{name}: {SHALLOW} levels compile in {budget} bytes of stack");
        let lines = deep.lines().count() as u32;
        match compile_with_budget(&deep, Mode::File, Some(budget)) {
            Err(e) if e.kind == ErrorKind::Recursion => {
                assert_eq!(e.msg, RECURSION_MESSAGE, "{name}");
                assert_eq!(e.class_name(), "RecursionError", "{name}");
                assert!(e.line >= 1 && e.line <= lines, "{name}: line {}", e.line);
            }
            other => panic!("{name} ({budget} bytes): expected a recursion error, got {other:?}"),
        }
        // Without a limit the same source compiles: only the stack was
        // short.
        let unlimited = compile_with_budget(&deep, Mode::File, None);
        assert!(unlimited.is_ok(), "{name}: {unlimited:?}");
    }
}

#[test]
fn every_mode_is_guarded() {
    let budget = smallest_budget("x = (((1)))\n");
    let deep = format!("{}1{}", "(".repeat(150), ")".repeat(150));
    for mode in [Mode::File, Mode::Single, Mode::Eval] {
        let e = compile_with_budget(&deep, mode, Some(budget)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Recursion, "{mode:?}");
        assert!(compile_with_budget(&deep, mode, None).is_ok(), "{mode:?}");
    }
}

#[test]
fn the_parser_alone_is_guarded() {
    let deep = format!("x = {}1{}\n", "(".repeat(150), ")".repeat(150));
    let r = std::thread::Builder::new()
        .stack_size(UNLIMITED)
        .spawn(move || {
            // A limit above the current position: the first level fails.
            let limit = Some(stack_position() + 4096);
            let mut parser = Parser::new(deep.as_bytes());
            parser.set_stack_limit(limit);
            let stmt = parser.next_statement().unwrap_err();
            let eval = parse_eval_limited(b"(1)", limit).unwrap_err();
            // No limit: the same source parses.
            let mut parser = Parser::new(deep.as_bytes());
            parser.set_stack_limit(None);
            // (This thread's stack is the unlimited one.)
            let ok = parser.next_statement().map(|s| s.is_some());
            (stmt.kind, eval.kind, ok)
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(r, (ErrorKind::Recursion, ErrorKind::Recursion, Ok(true)));
}
