//! `VmConfig::stack_limit`: source nested deeper than the machine stack
//! allows, and native-to-Python recursion that would run past the limit,
//! raise `RecursionError` (a `RuntimeError`), and the VM goes on.
//!
//! Each VM runs on a thread whose stack is the budget above the limit plus
//! a wide slack (debug builds' frames are far bigger than the reserves,
//! which are sized for optimised builds). Budgets are found from the
//! build: the smallest (to 1 KiB) that runs a shallow version of the
//! program; the deep version must then fail at that budget.

mod common;

use common::{Capture, exc_line};
use pyrite_gc::Heap;
use pyrite_vm::{Mode, Vm, VmConfig};

/// Stack below the limit.
const SLACK: usize = 16 << 20;

fn stack_position() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Runs `src` on a fresh VM whose stack limit is `budget` bytes below the
/// thread's first frame; the output, then the uncaught exception's line.
fn run(budget: usize, max_native_depth: usize, src: &str) -> String {
    let src = src.to_string();
    std::thread::Builder::new()
        .stack_size(budget + SLACK)
        .spawn(move || {
            let base = stack_position() + 64;
            let config = VmConfig {
                stack_limit: Some(base - budget),
                max_native_depth,
                ..VmConfig::default()
            };
            inner(config, base, &src)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[inline(never)]
fn inner(config: VmConfig, base: usize, src: &str) -> String {
    let region: &'static mut [u8] = Box::leak(vec![0u8; 1 << 20].into_boxed_slice());
    let vm = Vm::new(Heap::new(region), config).expect("vm");
    vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
    let cap = Capture::default();
    vm.set_stdout(Box::new(cap.clone()));
    match vm.exec_source(src.as_bytes(), "<test>", Mode::File) {
        Ok(_) => cap.text(),
        Err(e) => cap.text() + &exc_line(&vm, e.0),
    }
}

/// The smallest budget (to 1 KiB) whose run of `src` prints `expect`.
fn smallest_budget(max_native_depth: usize, src: &str, expect: &str) -> usize {
    let fits = |budget| run(budget, max_native_depth, src) == expect;
    let (mut lo, mut hi) = (0, 8192);
    while !fits(hi) {
        lo = hi;
        hi *= 2;
        assert!(hi <= 64 << 20, "no budget runs {src:?}");
    }
    while hi - lo > 1024 {
        let mid = (lo + hi) / 2;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// `exec` of `x = ((...(1)...))` nested `n` deep, catching what it raises.
fn nested_exec(n: usize) -> String {
    format!(
        "try:\n    exec('x = {}1{}')\n    print('compiled')\nexcept RuntimeError as e:\n    \
         print(type(e).__name__, e)\nprint('alive', 6 * 7)\n",
        "(".repeat(n),
        ")".repeat(n)
    )
}

#[test]
fn source_too_deep_for_the_stack_is_a_recursion_error() {
    let budget = smallest_budget(12, &nested_exec(3), "compiled\nalive 42\n");
    assert_eq!(
        run(budget, 12, &nested_exec(150)),
        "RecursionError maximum recursion depth exceeded\nalive 42\n"
    );
    // Uncaught, at the top level: the exception of the compile itself.
    let deep = format!("x = {}1{}\n", "(".repeat(150), ")".repeat(150));
    assert_eq!(
        run(budget, 12, &deep),
        "RecursionError: maximum recursion depth exceeded"
    );
    // With a generous limit the same source compiles.
    assert_eq!(run(32 << 20, 12, &nested_exec(150)), "compiled\nalive 42\n");
}

/// A `__repr__` that recurses `n` levels through native code (`repr`),
/// counting the levels it reaches.
fn native_recursion(n: &str) -> String {
    format!(
        "depth = 0\nclass A:\n    def __init__(self, n):\n        self.n = n\n    \
         def __repr__(self):\n        global depth\n        depth += 1\n        \
         return 'A' + (repr(A(self.n - 1)) if self.n else '')\n\
         try:\n    print(len(repr(A({n}))))\nexcept RecursionError as e:\n    \
         print('caught', e, depth < 100)\nprint('alive')\n"
    )
}

#[test]
fn native_recursion_stops_at_the_stack_limit() {
    // `max_native_depth` would allow 100,000 levels and `max_frames` 1000;
    // the stack limit stops them within a few (fewer than 100).
    let budget = smallest_budget(100_000, &native_recursion("3"), "4\nalive\n");
    assert_eq!(
        run(budget, 100_000, &native_recursion("100000")),
        "caught maximum recursion depth exceeded True\nalive\n"
    );
}

/// Comparing and printing lists and hashing tuples nested `n` deep
/// (within the runtime's 200-level bound), catching what they raise.
fn nested_containers(n: usize) -> String {
    format!(
        "def nest(n, wrap):\n    v = 0\n    for _ in range(n):\n        v = wrap(v)\n    return v\n\
         a, b = nest({n}, lambda v: [v]), nest({n}, lambda v: [v])\n\
         t = nest({n}, lambda v: (v,))\n\
         for name, f in (('==', lambda: a == b), ('repr', lambda: len(repr(a))), \
         ('hash', lambda: hash(t) == hash(nest({n}, lambda v: (v,))))):\n    \
         try:\n        print(name, f())\n    except RecursionError:\n        \
         print(name, 'RecursionError')\nprint('alive')\n"
    )
}

#[test]
fn nested_containers_stop_at_the_stack_limit() {
    // The budget that handles 3 levels (plus the runtime's own margin of a
    // native entry) cannot hold 190: the stack check, not the depth bound
    // of 200, stops them.
    let shallow = "== True\nrepr 7\nhash True\nalive\n";
    let budget = smallest_budget(12, &nested_containers(3), shallow);
    assert_eq!(
        run(budget, 12, &nested_containers(190)),
        "== RecursionError\nrepr RecursionError\nhash RecursionError\nalive\n"
    );
    // With a generous limit the same depth works.
    assert_eq!(
        run(32 << 20, 12, &nested_containers(190)),
        "== True\nrepr 381\nhash True\nalive\n"
    );
}
