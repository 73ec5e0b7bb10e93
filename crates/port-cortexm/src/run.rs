//! The firmware's main loop: lay out RAM, make the interpreter, run the
//! frozen `boot` and `main` modules, run the REPL; Ctrl-D (or `sys.exit()`)
//! soft-resets by making a new interpreter over the same RAM.

use alloc::boxed::Box;
use alloc::format;

use pyrite_gc::Heap;
use pyrite_repl::{Event, Repl};
use pyrite_vm::frozen::FROZEN_DIR;
use pyrite_vm::{Mode, Vm, VmConfig};

use crate::console::{self, ConsoleSink, ConsoleTerminal, INTERRUPT};
use crate::exec::BoardExecutor;
use crate::heap::{self, ALLOC};
use crate::{Board, stack};

/// Runs Pyrite on `board` for ever.
pub fn run<B: Board>(mut board: B) -> ! {
    let info = board.info();
    #[cfg(feature = "machine")]
    let machine = board.machine();
    let clock = board.clock();
    console::install(board.console());
    let (free_start, free_end) = heap::free_ram();
    let arena_start = free_start.next_multiple_of(8);
    let heap_start = arena_start + info.vm.arena;
    let mut heap_len = free_end.saturating_sub(heap_start);
    if let Some(n) = info.heap_size {
        heap_len = heap_len.min(n);
    }
    // SAFETY: `arena_start..heap_start` is free RAM after the statics (the
    // linker's `__sheap` onwards, below the end of RAM, checked by the
    // build script's sizes); nothing else uses it, and this runs once.
    unsafe { ALLOC.init_arena(arena_start, info.vm.arena) };
    let (stack_low, stack_top) = heap::stack_bounds();
    stack::paint(stack_low);
    console::write_cooked(
        format!(
            "\npyrite: {} ({}): heap {} bytes, arena {} bytes, stack {} bytes, RAM {} KiB, flash {} KiB\n",
            info.name,
            info.chip,
            heap_len,
            info.vm.arena,
            stack_top - stack_low,
            info.ram_size / 1024,
            info.flash_size / 1024
        )
        .as_bytes(),
    );
    let banner = format!(
        "Pyrite {}; {} with {}",
        env!("CARGO_PKG_VERSION"),
        info.description,
        info.chip
    );
    let mut repl = Repl::new();
    let idle = || board.idle();
    loop {
        // SAFETY: `heap_start..heap_start + heap_len` is free RAM after the
        // arena, inside RAM; the heap of the previous round (if any) was
        // dropped with its VM below, and the allocator was detached from it
        // first, so nothing else uses the region.
        let heap = unsafe { Heap::from_raw_parts(heap::free_ram_ptr(heap_start), heap_len) };
        // Before the VM: what the previous program started is stopped, and
        // the callbacks it registered (and what its interrupts queued)
        // are forgotten.
        board.soft_reset();
        #[cfg(feature = "machine")]
        if let Some(m) = machine {
            crate::machine::install(m);
        }
        let config = VmConfig {
            stack_words: info.vm.stack_words,
            max_frames: info.vm.max_frames,
            max_native_depth: info.vm.max_native_depth,
            // The compiler and native recursion stop with `RecursionError`
            // before they reach the end of the stack (below it is no RAM:
            // an overflow would lock the core up).
            stack_limit: Some(stack_low),
            interrupt: Some(&INTERRUPT),
            #[cfg(feature = "machine")]
            scheduler: Some(&crate::machine::QUEUE),
            ..VmConfig::default()
        };
        let Ok(vm) = Vm::new(heap, config) else {
            panic!("the heap is too small for the interpreter");
        };
        // SAFETY: the heap lives inside the VM, which stays at its address
        // until it is dropped below, after `detach`.
        unsafe { ALLOC.attach(vm.rt().heap()) };
        vm.set_machine_stack(stack_top, stack::scan_machine_stack);
        vm.set_stdout(Box::new(ConsoleSink));
        vm.set_stderr(Box::new(ConsoleSink));
        vm.set_platform(info.platform);
        if let Some(c) = clock {
            vm.set_clock(c);
        }
        vm.set_frozen(info.frozen);
        #[cfg(feature = "machine")]
        if machine.is_some() {
            crate::machine::register(&vm);
        }
        let mut exec = BoardExecutor {
            vm: &vm,
            banner: banner.clone(),
            scope: |on| ALLOC.use_gc(on),
        };
        let _ = exec.run_python(|vm| vm.set_sys_path(&["", FROZEN_DIR]));
        for name in ["boot", "main"] {
            if !vm.frozen_modules().iter().any(|m| m.name == name) {
                continue;
            }
            let src = format!("import {name}");
            let r = exec.run_python(|vm| vm.exec_source(src.as_bytes(), name, Mode::File));
            if let Err(e) = r {
                if let Some(code) = crate::exec::system_exit_code(&vm, e.0) {
                    on_exit(code);
                } else {
                    pyrite_repl::Executor::print_error(&mut exec, e.0);
                }
            }
        }
        let event = repl.run(&mut ConsoleTerminal { idle: &idle }, &mut exec);
        if let Event::Exit(code) = event {
            on_exit(code);
        }
        drop(exec);
        ALLOC.detach();
        drop(vm);
    }
}

/// `sys.exit(code)` at the top level: ends a qemu run with that status
/// (feature `semihosting`); a board soft-resets, as MicroPython does.
fn on_exit(code: i32) {
    if cfg!(feature = "semihosting") {
        crate::fault::exit(code);
    }
}
