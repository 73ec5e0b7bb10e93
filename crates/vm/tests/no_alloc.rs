//! The hot paths allocate nothing: range loops, positional Python calls,
//! method calls on instances, float arithmetic.

mod common;

use common::{compile, have_mpy_cross, temp_dir, with_vm};
use pyrite_obj::types::dict::Dict;
use pyrite_obj::{Args, Value};
use pyrite_vm::VmConfig;

const SETUP: &str = "
def add(a, b):
    return a + b
class C:
    def __init__(self):
        self.v = 0
    def inc(self, d):
        self.v = self.v + d
        return self.v
obj = C()
r = range(100)
def bench():
    x = 0.5
    t = 0
    for i in range(1000):
        t = add(t, i)
        obj.inc(1)
        x = x * 1.0001 + 0.25 - x / 3.0
    for j in r:
        t = t + j
    return t
";

#[test]
fn hot_paths_do_not_allocate() {
    if !have_mpy_cross() {
        println!("note: mpy-cross not found; test skipped");
        return;
    }
    let mpy = compile(&temp_dir("alloc"), "setup.py", SETUP).unwrap();
    with_vm(1 << 20, VmConfig::default(), move |vm, _| {
        vm.exec_mpy(&mpy).unwrap();
        let rt = vm.rt();
        let bench_q = rt.intern(b"bench").unwrap();
        let globals = rt.downcast::<Dict>(vm.main_globals()).unwrap();
        let bench = globals
            .map()
            .get(rt, Value::qstr(bench_q))
            .unwrap()
            .unwrap();
        // Warm up (first calls may intern or grow nothing, but be safe).
        rt.call(bench, Args::default()).unwrap();
        let before = rt.heap().mem_alloc();
        let r = rt.call(bench, Args::default()).unwrap();
        assert_eq!(r.as_small_int(), Some(499_500 + 4_950));
        assert_eq!(rt.heap().mem_alloc(), before, "the benchmark allocated");
    });
}
