#![doc = include_str!("../README.md")]
#![no_std]

extern crate alloc;

pub mod clock;
pub mod console;
pub mod exec;

#[cfg(target_os = "none")]
mod fault;
#[cfg(target_os = "none")]
pub mod heap;
#[cfg(all(target_os = "none", feature = "mem-report"))]
mod mem_report;
#[cfg(target_os = "none")]
mod recover;
#[cfg(target_os = "none")]
mod run;
#[cfg(target_os = "none")]
pub mod semihosting;
#[cfg(target_os = "none")]
pub use fault::{FAULT_EXIT, PANIC_EXIT, exit};
#[cfg(target_os = "none")]
pub mod stack;

#[cfg(target_os = "none")]
pub use run::run;

pub use console::Console;

/// The interpreter, for code that `pyrite-freeze` generates into a port
/// (its `vm_crate` option is `pyrite_port_cortexm::vm`).
pub use pyrite_vm as vm;

#[cfg(feature = "machine-core")]
pub mod machine;
pub mod ring;
#[cfg(feature = "machine-core")]
pub mod slot;
/// The `machine` module's board interface (feature `machine`).
#[cfg(feature = "machine-core")]
pub use pyrite_hal as hal;

/// A named pin of the board (generated from the `[pins]` table of
/// `board.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardPin {
    /// The name Python uses (`"X1"`, `"LED_BLUE"`).
    pub name: &'static str,
    /// The chip's name for it (`"A0"`, `"P0.24"`).
    pub cpu: &'static str,
    /// The GPIO port (`A` = 0).
    pub port: u8,
    /// The pin within the port.
    pub pin: u8,
}

/// The interpreter's sizes on a board (the `[vm]` table of `board.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VmSizes {
    /// Words of the VM stack region.
    pub stack_words: usize,
    /// Most Python frames at once.
    pub max_frames: usize,
    /// Most nested native-to-Python calls.
    pub max_native_depth: usize,
    /// Bytes of the arena: what Rust allocates while no Python runs (the
    /// interpreter's tables made before its GC heap is in use, the banner,
    /// the REPL's history). The VM itself, its stack region and its frames
    /// are in the GC heap.
    pub arena: usize,
    /// Bytes of REPL history (8 lines at most), kept across soft resets.
    pub repl_history: usize,
    /// The stack region and frame records at the low end of the machine
    /// stack, not in the GC heap (`pyrite-vm`'s `SharedStack`): the
    /// compiler at the prompt uses that memory while no frame does.
    pub shared_stack: bool,
}

/// What the shared firmware needs to know about a board: its facts from
/// `board.toml` (the port's build script generates them) and its frozen
/// modules.
#[derive(Clone, Copy, Debug)]
pub struct BoardInfo {
    /// The board's name (`"pyboard"`).
    pub name: &'static str,
    /// One line about it, for the banner.
    pub description: &'static str,
    /// The microcontroller (`"STM32F405RG"`).
    pub chip: &'static str,
    /// `sys.platform`.
    pub platform: &'static str,
    /// Flash size in bytes.
    pub flash_size: usize,
    /// RAM size in bytes.
    pub ram_size: usize,
    /// The machine stack's size in bytes.
    pub stack_size: usize,
    /// The GC heap's size; `None`: the rest of RAM.
    pub heap_size: Option<usize>,
    /// The interpreter's sizes.
    pub vm: VmSizes,
    /// Frozen modules (the table `pyrite-freeze` generates from the
    /// board's manifest), handed to [`pyrite_vm::Vm::set_frozen`]; `boot`
    /// and `main` run at start-up.
    pub frozen: &'static [pyrite_vm::FrozenModule],
}

/// What a chip port provides to `run`: the board's facts and its
/// console, already set up (clocks, pins, UART).
pub trait Board {
    /// The board's facts (generated from `board.toml`).
    fn info(&self) -> &'static BoardInfo;
    /// The REPL's serial port. Called once.
    fn console(&mut self) -> &'static mut dyn Console;
    /// Called while the REPL waits for input, with interrupts masked (the
    /// buffer was just found empty): a port whose receive interrupt feeds
    /// [`console::rx_push`] may sleep here (`wfi`, which a pending
    /// interrupt ends even while masked); it must not unmask them.
    fn idle(&self) {}
    /// Called before each VM is made (at start-up and at every soft
    /// reset): the port stops what the previous program left running
    /// (timers, pin interrupts), as MicroPython's soft reset does.
    fn soft_reset(&self) {}
    /// The board's clock for the `time` module (`ticks_us`, `sleep_ms`);
    /// `None`: `time` counts virtual time that advances only while the
    /// program sleeps.
    fn clock(&self) -> Option<pyrite_vm::ClockHooks> {
        None
    }
    /// The board's devices for the `machine` module, if it has one
    /// (feature `machine`). Called once, at start-up.
    #[cfg(feature = "machine-core")]
    fn machine(&self) -> Option<&'static dyn pyrite_hal::Board> {
        None
    }
}
