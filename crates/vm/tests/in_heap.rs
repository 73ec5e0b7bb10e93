//! `VmConfig::in_heap`: the VM, its stack region and its frame records
//! live in its own GC heap as `MANUAL` blocks (how the boards make them),
//! and everything still works: calls nested to the frame limit, collections
//! while they are live, a new VM over the same RAM after the first is
//! dropped (a board's soft reset), and a heap too small for the VM.

mod common;

use std::ptr::NonNull;

use common::{Capture, exc_line};
use pyrite_gc::{BLOCK_SIZE, Heap};
use pyrite_obj::Value;
use pyrite_obj::types::exc;
use pyrite_vm::{Mode, SharedStack, Vm, VmConfig};

const STACK_WORDS: usize = 512;
const MAX_FRAMES: usize = 24;

fn config(in_heap: bool) -> VmConfig {
    VmConfig {
        stack_words: STACK_WORDS,
        max_frames: MAX_FRAMES,
        in_heap,
        ..VmConfig::default()
    }
}

/// RAM for a heap, as a board has it: an address and a length.
struct Ram {
    start: NonNull<u8>,
    len: usize,
}

impl Ram {
    fn new(len: usize) -> Ram {
        let bytes: &'static mut [u8] = Box::leak(vec![0u8; len].into_boxed_slice());
        Ram {
            start: NonNull::from(bytes).cast(),
            len,
        }
    }

    /// A fresh heap over all of it.
    fn heap(&self) -> Heap {
        // SAFETY: the leaked bytes are used by no one else, and each heap
        // made here is dropped (with its VM) before the next is made.
        unsafe { Heap::from_raw_parts(self.start, self.len) }
    }

    fn contains(&self, addr: usize) -> bool {
        (self.start.as_ptr().addr()..self.start.as_ptr().addr() + self.len).contains(&addr)
    }
}

/// Runs `f` on a thread with a big stack (debug builds' frames are large),
/// handing it the base of that stack for the conservative scan.
fn on_big_stack<R: Send + 'static>(f: impl FnOnce(usize) -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let anchor = 0usize;
            f(std::hint::black_box(&anchor) as *const usize as usize + 8)
        })
        .unwrap()
        .join()
        .unwrap()
}

/// Runs `src`: its output, then the uncaught exception's line if any.
fn run(vm: &Vm, src: &str) -> String {
    let cap = Capture::default();
    vm.set_stdout(Box::new(cap.clone()));
    match vm.exec_source(src.as_bytes(), "<test>", Mode::File) {
        Ok(_) => cap.text(),
        Err(e) => cap.text() + &exc_line(vm, e.0),
    }
}

/// Each of 18 nested calls keeps a list alive only through its frame's
/// locals (in the VM's region) while collections run at the deepest level.
fn check_locals_survive_collections(vm: &Vm) {
    let src = "import gc\n\
               def down(n):\n    \
                   keep = [n] * 3\n    \
                   if n == 0:\n        \
                       gc.collect()\n        \
                       junk = [bytearray(100) for i in range(50)]\n        \
                       gc.collect()\n        \
                       return 0\n    \
                   return down(n - 1) + sum(keep)\n\
               print(down(18))\n";
    assert_eq!(run(vm, src), format!("{}\n", (1..=18).sum::<usize>() * 3));
}

fn blocks(bytes: usize) -> usize {
    bytes.div_ceil(BLOCK_SIZE) * BLOCK_SIZE
}

#[test]
fn the_vm_region_and_frames_are_heap_blocks() {
    on_big_stack(|base| {
        let boxed_ram = Ram::new(256 << 10);
        let boxed = Vm::new(boxed_ram.heap(), config(false)).expect("vm");
        boxed.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
        let in_heap_ram = Ram::new(256 << 10);
        let vm = Vm::new(in_heap_ram.heap(), config(true)).expect("vm");
        vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
        assert!(in_heap_ram.contains(&*vm as *const Vm as usize));
        assert!(!boxed_ram.contains(&*boxed as *const Vm as usize));
        // The same objects otherwise: the difference is the VM, the region
        // and the frames, each rounded up to whole blocks.
        let extra = vm.rt().heap().mem_alloc() - boxed.rt().heap().mem_alloc();
        let region = blocks(STACK_WORDS * size_of::<usize>());
        let vm_bytes = blocks(size_of::<Vm>());
        assert!(
            extra > region + vm_bytes && extra < region + vm_bytes + MAX_FRAMES * 16 * 8,
            "the VM's own blocks take {extra} bytes"
        );
    });
}

#[test]
fn deep_calls_and_collections_use_the_heap_region() {
    on_big_stack(|base| {
        let ram = Ram::new(256 << 10);
        let vm = Vm::new(ram.heap(), config(true)).expect("vm");
        vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
        check_locals_survive_collections(&vm);
        let deep = "def f(n):\n    return f(n + 1)\nf(0)\n";
        assert!(run(&vm, deep).contains("RecursionError"));
        assert_eq!(run(&vm, "print(6 * 7)\n"), "42\n");
    });
}

#[test]
fn a_new_vm_over_the_same_ram_after_a_drop() {
    on_big_stack(|base| {
        let ram = Ram::new(128 << 10);
        let mut first_alloc = 0;
        for round in 0..3 {
            let vm = Vm::new(ram.heap(), config(true)).expect("vm");
            vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
            if round == 0 {
                first_alloc = vm.rt().heap().mem_alloc();
            }
            // Every round starts from the same state: nothing of the
            // previous VM is left in the new heap.
            assert_eq!(vm.rt().heap().mem_alloc(), first_alloc);
            let src = format!("x = [{round}] * 1000\nprint(len(x), x[0])\n");
            assert_eq!(run(&vm, &src), format!("1000 {round}\n"));
        }
    });
}

#[test]
fn a_heap_too_small_for_the_vm_is_memory_error() {
    for len in [0, 64, 1024, STACK_WORDS * size_of::<usize>() + 256] {
        let ram = Ram::new(len.max(1));
        let Err(e) = Vm::new(ram.heap(), config(true)) else {
            panic!("a {len}-byte heap held the VM");
        };
        // The preallocated `MemoryError` (no runtime exists to make one).
        let memory_error = Value::from_static(&exc::MEMORY_ERROR_INSTANCE);
        assert_eq!(e.0.to_bits(), memory_error.to_bits());
    }
}

/// Memory lent as a [`SharedStack`] (on a host: a leaked buffer, which no
/// machine stack reaches; the VM's use of it is what is tested).
fn shared_memory(words: usize) -> (SharedStack, std::ops::Range<usize>) {
    let buf: &'static mut [usize] = Box::leak(vec![0usize; words].into_boxed_slice());
    let low = buf.as_mut_ptr().addr();
    let len = words * size_of::<usize>();
    // SAFETY: the leaked buffer is word-aligned and used by nothing else;
    // no interrupt handler runs Python in these tests.
    (unsafe { SharedStack::new(low, len) }, low..low + len)
}

#[test]
fn a_shared_stack_holds_the_region_and_frames_outside_the_heap() {
    on_big_stack(|base| {
        let ram = Ram::new(256 << 10);
        let in_heap = Vm::new(ram.heap(), config(true)).expect("vm");
        let in_heap_alloc = in_heap.rt().heap().mem_alloc();
        drop(in_heap);
        let needed = SharedStack::bytes(STACK_WORDS, MAX_FRAMES);
        let (shared, range) = shared_memory(needed / size_of::<usize>());
        let vm = Vm::new(
            ram.heap(),
            VmConfig {
                shared_stack: Some(shared),
                ..config(true)
            },
        )
        .expect("vm");
        vm.set_machine_stack(base, pyrite_port_unix::stack::scan_machine_stack);
        // The heap holds the VM but neither the region nor the frames.
        let saved = in_heap_alloc - vm.rt().heap().mem_alloc();
        assert_eq!(
            saved,
            blocks(STACK_WORDS * size_of::<usize>())
                + blocks(needed - STACK_WORDS * size_of::<usize>())
        );
        // Locals in the lent memory keep objects alive through collections,
        // and the frame limit still holds.
        check_locals_survive_collections(&vm);
        assert!(run(&vm, "def f(n):\n    return f(n + 1)\nf(0)\n").contains("RecursionError"));
        // Compiles while frames are alive (exec in a function) and while
        // none are (the next program) leave it working.
        let nested = "def g(n):\n    exec('r = ' + '[' * n + ']' * n)\n    return n\nprint(g(5))\n";
        assert_eq!(run(&vm, nested), "5\n");
        assert_eq!(run(&vm, "print(6 * 7)\n"), "42\n");
        // The frames were written into the lent memory.
        let written = range.step_by(size_of::<usize>()).any(|addr| {
            // SAFETY: a word of the leaked buffer; the VM is idle, so
            // nothing writes it meanwhile.
            unsafe { std::ptr::read_volatile(addr as *const usize) != 0 }
        });
        assert!(written);
    });
}

#[test]
fn a_shared_stack_too_small_is_memory_error() {
    let (shared, _) = shared_memory(8);
    let ram = Ram::new(64 << 10);
    let config = VmConfig {
        shared_stack: Some(shared),
        ..config(true)
    };
    assert!(Vm::new(ram.heap(), config).is_err());
}
