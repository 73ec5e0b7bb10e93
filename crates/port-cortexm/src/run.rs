//! The firmware's main loop: lay out RAM, make the interpreter, run the
//! frozen `boot` and `main` modules, run the REPL; Ctrl-D (or `sys.exit()`)
//! soft-resets by making a new interpreter over the same RAM, and so does
//! a Rust allocation that fails (see `recover`).

use alloc::format;

use pyrite_gc::Heap;
use pyrite_repl::{Event, History, Repl};
use pyrite_vm::frozen::FROZEN_DIR;
use pyrite_vm::{ClockHooks, Mode, SharedStack, Vm, VmBox, VmConfig};

use crate::console::{self, ConsoleSink, ConsoleTerminal, INTERRUPT};
use crate::exec::{BoardExecutor, Running};
use crate::heap::{self, ALLOC};
use crate::{Board, BoardInfo, recover, stack};

/// Lines of REPL history at most (the bytes are the board's).
const HISTORY_LINES: usize = 8;

/// What the REPL loop needs from the start-up: it lives in [`run`]'s frame,
/// which a restart after a failed allocation keeps.
struct Firmware<'b, B: Board> {
    board: &'b B,
    info: &'static BoardInfo,
    heap_start: usize,
    heap_len: usize,
    stack_low: usize,
    stack_top: usize,
    clock: Option<ClockHooks>,
    #[cfg(feature = "machine-core")]
    machine: Option<&'static dyn pyrite_hal::Board>,
}

/// Runs Pyrite on `board` for ever.
pub fn run<B: Board>(mut board: B) -> ! {
    let info = board.info();
    #[cfg(feature = "machine-core")]
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
    boot_line(info, heap_len, stack_top - stack_low);
    let fw = Firmware {
        board: &board,
        info,
        heap_start,
        heap_len,
        stack_low,
        stack_top,
        clock,
        #[cfg(feature = "machine-core")]
        machine,
    };
    recover::register(
        repl_loop_entry::<B>,
        (&raw const fw).cast(),
        stack::stack_pointer(),
    );
    repl_loop(&fw, None)
}

/// The line the firmware prints first: the board and its RAM layout.
#[inline(never)]
fn boot_line(info: &BoardInfo, heap_len: usize, stack_len: usize) {
    let line = format!(
        "\npyrite: {} ({}): heap {} bytes, arena {} bytes, stack {} bytes, RAM {} KiB, flash {} KiB\n",
        info.name,
        info.chip,
        heap_len,
        info.vm.arena,
        stack_len,
        info.ram_size / 1024,
        info.flash_size / 1024
    );
    console::write_cooked(line.as_bytes());
}

/// [`repl_loop`] as `recover` enters it again: `fw` is the start-up's
/// [`Firmware`].
fn repl_loop_entry<B: Board>(fw: *const (), resumed: Option<Running>) -> ! {
    // SAFETY: `fw` is the `Firmware<B>` in `run`'s frame, which a restart
    // keeps intact (it restarts the stack below that frame); the loop only
    // reads it.
    let fw = unsafe { &*fw.cast::<Firmware<'_, B>>() };
    repl_loop(fw, resumed)
}

/// The REPL with one interpreter after another. `resumed`: after a failed
/// allocation, the REPL mode to go on in (the frozen `boot` and `main` do
/// not run again: they might run out of memory for ever).
fn repl_loop<B: Board>(fw: &Firmware<'_, B>, resumed: Option<Running>) -> ! {
    let info = fw.info;
    let banner = format!(
        "Pyrite {}; {} with {}",
        env!("CARGO_PKG_VERSION"),
        info.description,
        info.chip
    );
    let mut repl = Repl::with_history(History::new(HISTORY_LINES, info.vm.repl_history));
    repl.set_raw_paste_window(console::RAW_PASTE_WINDOW);
    if resumed == Some(Running::Raw) {
        repl.resume_raw();
    }
    let idle = || fw.board.idle();
    let mut start_up = resumed.is_none();
    loop {
        recover::arm(false);
        // Before the VM: what the previous program started is stopped, and
        // the callbacks it registered (and what its interrupts queued)
        // are forgotten.
        fw.board.soft_reset();
        #[cfg(feature = "machine-core")]
        if let Some(m) = fw.machine {
            crate::machine::install(m);
        }
        // After a restart: the panic turned interrupts off, and the old
        // program's sources of them are quiet now.
        // SAFETY: nothing is in a critical section here.
        unsafe { cortex_m::interrupt::enable() };
        let vm = new_vm(fw);
        // SAFETY: the heap lives inside the VM, which stays at its address
        // until it is dropped below, after `detach`.
        unsafe { ALLOC.attach(vm.rt().heap()) };
        recover::arm(true);
        let mut exec = BoardExecutor {
            vm: &vm,
            banner: &banner,
            scope: python_scope,
        };
        let _ = exec.run_python(|vm| vm.set_sys_path(&["", FROZEN_DIR]));
        if core::mem::replace(&mut start_up, false) {
            run_boot_and_main(&mut exec);
        }
        let event = repl.run(&mut ConsoleTerminal { idle: &idle }, &mut exec);
        if let Event::Exit(code) = event {
            on_exit(code);
        }
        ALLOC.detach();
        drop(vm);
    }
}

/// A new interpreter over a fresh heap. Never inlined: the heap and the
/// configuration are put together in this frame, not in the REPL loop's,
/// which stays under everything the REPL runs.
#[inline(never)]
fn new_vm<B: Board>(fw: &Firmware<'_, B>) -> VmBox {
    let info = fw.info;
    // SAFETY: `heap_start..heap_start + heap_len` is free RAM after the
    // arena, inside RAM; the heap of the previous round (if any) was
    // dropped with its VM, or abandoned by a restart, and the allocator was
    // detached from it first, so nothing else uses the region.
    let heap = unsafe { Heap::from_raw_parts(heap::free_ram_ptr(fw.heap_start), fw.heap_len) };
    let config = VmConfig {
        stack_words: info.vm.stack_words,
        max_frames: info.vm.max_frames,
        max_native_depth: info.vm.max_native_depth,
        // The compiler and native recursion stop with `RecursionError`
        // before they reach the end of the stack (below it is no RAM: an
        // overflow would lock the core up).
        stack_limit: Some(fw.stack_low),
        interrupt: Some(&INTERRUPT),
        #[cfg(feature = "machine")]
        scheduler: Some(&crate::machine::QUEUE),
        // The VM, its stack region and frames come out of the GC heap, not
        // the arena (which then holds only what outlives a VM or is made
        // before its heap is in use).
        in_heap: true,
        // Or the region and frames at the low end of the machine stack.
        shared_stack: info.vm.shared_stack.then(|| {
            let len = SharedStack::bytes(info.vm.stack_words, info.vm.max_frames);
            // SAFETY: `stack_low..stack_low + len` is the lowest part of
            // the one machine stack (the linker script's, word-aligned),
            // which the build script sized to hold it and more; only that
            // stack uses it, and interrupt handlers call Python through
            // `Vm::call_hard` only.
            unsafe { SharedStack::new(fw.stack_low, len) }
        }),
        ..VmConfig::default()
    };
    if let Some(shared) = config.shared_stack {
        // A board.toml whose stack cannot hold the region and frames.
        assert!(
            shared.size() < fw.stack_top - fw.stack_low,
            "the stack is too small for the shared stack region"
        );
    }
    let Ok(vm) = Vm::new(heap, config) else {
        panic!("the heap is too small for the interpreter");
    };
    vm.set_machine_stack(fw.stack_top, stack::scan_machine_stack);
    vm.set_stdout(alloc::boxed::Box::new(ConsoleSink));
    vm.set_stderr(alloc::boxed::Box::new(ConsoleSink));
    vm.set_platform(info.platform);
    if let Some(c) = fw.clock {
        vm.set_clock(c);
    }
    vm.set_frozen(info.frozen);
    #[cfg(feature = "machine-core")]
    if fw.machine.is_some() {
        crate::machine::register(&vm);
    }
    vm
}

/// Imports the frozen `boot` and `main` modules, if the board has them.
fn run_boot_and_main(exec: &mut BoardExecutor<'_>) {
    let vm = exec.vm;
    for name in ["boot", "main"] {
        if !vm.frozen_modules().iter().any(|m| m.name == name) {
            continue;
        }
        let src = format!("import {name}");
        let r = exec.run_python(|vm| vm.exec_source(src.as_bytes(), name, Mode::File));
        if let Err(e) = r {
            if let Some(code) = crate::exec::system_exit_code(vm, e.0) {
                on_exit(code);
            } else {
                pyrite_repl::Executor::print_error(exec, e.0);
            }
        }
    }
}

/// Routes Rust allocations to the GC heap (`on`: while Python runs, and
/// for the REPL's short-lived buffers).
fn python_scope(on: bool) {
    ALLOC.use_gc(on);
}

/// `sys.exit(code)` at the top level: ends a qemu run with that status
/// (feature `semihosting`); a board soft-resets, as MicroPython does.
fn on_exit(code: i32) {
    if cfg!(feature = "semihosting") {
        crate::fault::exit(code);
    }
}
