//! The interpreter state ([`Vm`]), its owning handle ([`VmBox`]), the VM
//! stack region and the garbage-collector roots.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use pyrite_gc::{AllocFlags, BLOCK_SIZE, Heap, Marker, RootSource};
use pyrite_obj::types::exc;
use pyrite_obj::{Exc, PyResult, Qstr, Rt, Sink, Value};

use crate::func::Proto;
use crate::import::ImportFs;
use crate::load::ModCtx;

/// Conservatively scans the machine stack (and spilled registers) of the
/// thread running the VM: called with the marker and the stack base the port
/// registered with [`Vm::set_machine_stack`].
pub type MachineStackScan = fn(&mut Marker<'_>, usize);

/// Sizes and limits of an interpreter.
#[derive(Clone, Copy)]
pub struct VmConfig {
    /// Words in the VM stack region that holds every frame's locals, value
    /// stack and exception blocks.
    pub stack_words: usize,
    /// Most Python frames alive at once (the recursion limit).
    pub max_frames: usize,
    /// Most nested entries from native code into Python (each costs Rust
    /// stack: `sorted(key=...)`, `__init__`, `__repr__`...).
    pub max_native_depth: usize,
    /// The lowest address of the machine stack the VM runs on (stacks grow
    /// down), if the port knows it. The compiler then fails with
    /// `RecursionError` instead of overflowing the stack on deeply nested
    /// source, and so does a nested entry from native code into Python
    /// when little stack is left. `None`: only the depth limits apply.
    pub stack_limit: Option<usize>,
    /// The flag the port sets (from a signal or interrupt handler) to raise
    /// `KeyboardInterrupt`; `None` for no interrupts.
    pub interrupt: Option<&'static AtomicBool>,
    /// Where `import` finds `.py`/`.mpy` files (the directories of
    /// `sys.path`); `None` (or no feature `filesystem`): built-in and
    /// frozen modules only.
    pub import_fs: Option<&'static dyn ImportFs>,
    /// The files `open()` and `os` use; `None` (or no feature
    /// `filesystem`): they raise `OSError`.
    pub fs: Option<&'static dyn crate::files::FileSystem>,
    /// Where `input()` and `sys.stdin` read lines; `None`: no input.
    pub stdin: Option<&'static dyn crate::files::LineInput>,
    /// The queue of scheduled callbacks the port's interrupt handlers fill
    /// (`pyrite-hal`'s `Scheduler`); `None`: the VM keeps its own, used by
    /// `micropython.schedule` only.
    pub scheduler: Option<&'static crate::sched::SchedQueue>,
    /// Put the interpreter's own memory (the [`Vm`] itself, the stack
    /// region and the frame records) in its GC heap, as `MANUAL` blocks,
    /// instead of Rust allocations: for a board whose Rust heap is a small
    /// arena, so that the bytes every interpreter needs come out of the
    /// one pool that is sized as the rest of RAM. `false`: `Box`es.
    pub in_heap: bool,
    /// The stack region and the frame records in the lowest part of the
    /// machine stack instead ([`SharedStack`]); the [`Vm`] itself stays
    /// where `in_heap` says.
    pub shared_stack: Option<SharedStack>,
}

/// Memory at the low end of the machine stack the VM runs on, lent to it
/// for its stack region and frame records (which need [`SharedStack::bytes`]).
///
/// The two take turns: while Python runs, the machine stack stops above
/// this memory ([`VmConfig::stack_limit`] moves up past it); while the VM
/// is idle (no frame, as when the REPL compiles what it read) the compiler
/// may recurse down into it. A board then needs no GC heap for the region
/// and the frames, and its deepest user of the machine stack, the
/// compiler at the prompt, still has all of it. `MicroPython` keeps its
/// frames on the machine stack for the same reason.
#[derive(Clone, Copy, Debug)]
pub struct SharedStack {
    low: usize,
    len: usize,
}

impl SharedStack {
    /// The bytes a region of `stack_words` words and `max_frames` frame
    /// records take.
    pub const fn bytes(stack_words: usize, max_frames: usize) -> usize {
        stack_words * size_of::<Value>() + max_frames * size_of::<Frame>()
    }

    /// `len` bytes from `low`.
    ///
    /// # Safety
    /// `low..low + len` must be the lowest part of the machine stack of the
    /// thread the VM runs on (stacks grow down; [`VmConfig::stack_limit`]
    /// is `low` or lower), aligned to a word, and used by nothing else but
    /// that stack for as long as any VM made with it lives. Interrupt
    /// handlers that run on this stack must not run Python code except
    /// through [`Vm::call_hard`] (which defers itself while the memory is
    /// lent to the machine stack).
    pub const unsafe fn new(low: usize, len: usize) -> SharedStack {
        SharedStack { low, len }
    }

    /// Its size in bytes.
    pub const fn size(&self) -> usize {
        self.len
    }
}

impl core::fmt::Debug for VmConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VmConfig")
            .field("stack_words", &self.stack_words)
            .field("max_frames", &self.max_frames)
            .field("max_native_depth", &self.max_native_depth)
            .field("stack_limit", &self.stack_limit)
            .field("interrupt", &self.interrupt.is_some())
            .field("import_fs", &self.import_fs.is_some())
            .field("fs", &self.fs.is_some())
            .field("stdin", &self.stdin.is_some())
            .field("scheduler", &self.scheduler.is_some())
            .field("in_heap", &self.in_heap)
            .field("shared_stack", &self.shared_stack)
            .finish()
    }
}

impl Default for VmConfig {
    fn default() -> VmConfig {
        VmConfig {
            stack_words: if cfg!(target_pointer_width = "64") {
                64 * 1024
            } else {
                2 * 1024
            },
            max_frames: if cfg!(target_pointer_width = "64") {
                1000
            } else {
                64
            },
            max_native_depth: if cfg!(target_pointer_width = "64") {
                48
            } else {
                12
            },
            stack_limit: None,
            interrupt: None,
            import_fs: None,
            fs: None,
            stdin: None,
            scheduler: None,
            in_heap: false,
            shared_stack: None,
        }
    }
}

/// Machine stack the VM keeps free above [`VmConfig::stack_limit`] for
/// what may run below any point of its own code or the compiler's: a
/// garbage collection started by an allocation (the collector, the
/// port's stack scan) and an interrupt handler on the same stack. 512
/// bytes on 32-bit targets: on the Cortex-M0 firmware a collection reaches
/// 0.3 KiB below the collector's entry (measured in qemu).
pub(crate) const STACK_RESERVE: usize = 128 * size_of::<usize>();

/// Machine stack a nested entry from native code into Python needs to be
/// left (above [`STACK_RESERVE`]) before it starts: what one Python level
/// may use below it without a check of its own, such as loading the
/// module that `exec` compiled (about 1.6 KiB on the Cortex-M0 firmware).
/// Below it, the entry raises `RecursionError`.
const NATIVE_ENTRY_STACK: usize = 512 * size_of::<usize>();

/// The current machine-stack position: the address of a local in the
/// caller's frame.
#[inline(always)]
pub(crate) fn stack_position() -> usize {
    let marker = 0u8;
    (&raw const *core::hint::black_box(&marker)).addr()
}

/// `sys.platform` until the port sets it.
const DEFAULT_PLATFORM: &str = if cfg!(target_os = "none") {
    "pyrite"
} else {
    "unknown"
};

/// Entries of the global-lookup inline cache (a power of two): 8 bytes
/// each on 32-bit targets, so the smallest chips (Cortex-M0, no atomic
/// compare-and-swap: the micro:bit's 16 KiB) get a quarter of the boards'.
pub(crate) const GLOBAL_CACHE: usize = if cfg!(target_pointer_width = "64") {
    256
} else if cfg!(target_has_atomic = "ptr") {
    64
} else {
    16
};

static NO_INTERRUPT: AtomicBool = AtomicBool::new(false);

/// One activation of a bytecode function. The locals, value stack and
/// exception blocks live in the VM stack region (or, for generators, in the
/// generator object); this record holds the registers saved while another
/// frame runs.
#[derive(Clone, Copy)]
pub(crate) struct Frame {
    /// The function object (keeps the module context alive).
    pub fun: Value,
    pub proto: *const Proto,
    pub ctx: *const ModCtx,
    /// Start of the state: the value stack grows up from here, local `i` is
    /// `state[n_state - 1 - i]`.
    pub state: *mut Value,
    /// Saved instruction pointer (into the opcodes).
    pub ip: *const u8,
    /// Saved value-stack pointer (one past the top).
    pub sp: *mut Value,
    /// One past the top exception block (3 words each, after the state).
    pub exc_sp: *mut Value,
    /// The dict that `LOAD_NAME`/`STORE_NAME` use.
    pub names: Value,
    /// The region top to restore when the frame is popped.
    pub region_mark: usize,
    /// The generator whose object holds this frame's state, or NULL.
    pub genv: Value,
}

/// A Python interpreter: the runtime (heap and qstrs), the VM stack region,
/// the frames, the loaded modules and the output sink.
///
/// Always used through a [`VmBox`], which keeps it at a fixed address (the
/// heap's root source and every function object point to it).
pub struct Vm {
    rt: Rt,
    /// [`VmConfig::in_heap`]: the VM, its region and its frames are
    /// `MANUAL` blocks of `rt`'s heap rather than `Box`es.
    in_heap: bool,
    region: NonNull<Value>,
    region_len: usize,
    top: Cell<usize>,
    frames: NonNull<Frame>,
    max_frames: usize,
    n_frames: Cell<usize>,
    pub(crate) native_depth: Cell<usize>,
    max_native_depth: usize,
    /// [`VmConfig::stack_limit`], above the [`SharedStack`] if there is one.
    pub(crate) stack_limit: Option<usize>,
    /// [`VmConfig::stack_limit`] itself: the limit while no frame is alive
    /// (the shared stack's memory is then the machine stack's).
    idle_stack_limit: Option<usize>,
    /// The region and frames are in a [`SharedStack`], not owned.
    shared: bool,
    /// The shared stack's memory is the machine stack's now (a compile
    /// while idle): [`Vm::call_hard`] must not push frames into it.
    lent: Cell<bool>,
    /// The `__main__` globals.
    main_globals: Cell<Value>,
    /// Built-in functions that need the VM (heap objects that point to it).
    pub(crate) vm_fns: [Cell<Value>; crate::builtins::VM_FN_COUNT],
    /// Built-ins whose names are interned at run time.
    pub(crate) extra_builtins: RefCell<Vec<(Qstr, Value)>>,
    /// The `builtins` module was made (imported): names are looked up in
    /// its dict first, so that `builtins.abs = f` overrides `abs`.
    #[cfg(feature = "builtins-extra")]
    pub(crate) builtins_module_made: Cell<bool>,
    out: RefCell<Option<Box<dyn Sink>>>,
    /// Where `sys.stderr` writes (dropped when none is set).
    err: RefCell<Option<Box<dyn Sink>>>,
    /// `sys.modules`: a dict, the import cache.
    pub(crate) modules: Cell<Value>,
    /// `sys.path`: a list, made with the VM (import reads it).
    pub(crate) sys_path: Cell<Value>,
    /// The port's file access for `import`.
    pub(crate) import_fs: Option<&'static dyn ImportFs>,
    /// The port's files (`open()`, `os`).
    #[cfg(feature = "filesystem")]
    pub(crate) fs: Option<&'static dyn crate::files::FileSystem>,
    /// The port's console input (`input()`, `sys.stdin`).
    pub(crate) stdin: Option<&'static dyn crate::files::LineInput>,
    /// The port's frozen modules (`Vm::set_frozen`).
    pub(crate) frozen: Cell<&'static [crate::frozen::FrozenModule]>,
    /// Built-in modules the port adds (`Vm::set_port_modules`).
    pub(crate) port_modules: Cell<&'static [(Qstr, crate::modules::ModInit)]>,
    /// Roots the port keeps outside the heap (`Vm::set_port_roots`).
    pub(crate) port_roots: Cell<Option<fn(&mut Marker<'_>)>>,
    /// `sys.argv` as the port set it (a list), or NULL for `[]`.
    pub(crate) argv: Cell<Value>,
    /// `sys.platform`.
    pub(crate) platform: Cell<&'static str>,
    /// `micropython.opt_level()`.
    pub(crate) opt_level: Cell<u8>,
    interrupt: &'static AtomicBool,
    /// `micropython.kbd_intr()`: the character that raises
    /// `KeyboardInterrupt` (-1: none; the interrupt flag is then ignored).
    kbd_intr: AtomicI32,
    /// The scheduled-callback queue: the port's, or `own_sched`.
    sched: Cell<*const crate::sched::SchedQueue>,
    own_sched: crate::sched::SchedQueue,
    /// A scheduled callback is running (they do not nest).
    in_sched: Cell<bool>,
    /// Inline caches of `LOAD_GLOBAL`/`LOAD_NAME`: direct-mapped by the
    /// instruction's address (bytecode may be in flash, so the caches live
    /// here), each `(address, slot in the globals map)`. A hit is checked
    /// against the map (`Map::get_at`), so no invalidation is needed.
    pub(crate) global_cache: [Cell<(usize, usize)>; GLOBAL_CACHE],
    /// Inline caches of attribute loads and stores (`attr_cache.rs`).
    pub(crate) attr_cache: [crate::attr_cache::AttrSet; crate::attr_cache::ATTR_SETS],
    machine_stack: Cell<Option<(MachineStackScan, usize)>>,
    /// Set by `YIELD_VALUE`/`YIELD_FROM` when a generator frame suspends.
    pub(crate) yielded: Cell<bool>,
    /// `sys.exit()` was called: the exit code to report.
    pub(crate) self_ptr: Cell<*const Vm>,
    /// The standard library's state (clock, random generator).
    pub(crate) stdlib: crate::stdlib::StdState,
}

/// The VM's output sink as a `Sink` (tracebacks of scheduled callbacks).
struct OutSink<'a>(&'a Vm);

impl Sink for OutSink<'_> {
    fn put(&mut self, bytes: &[u8]) -> PyResult<()> {
        self.0.write_out(bytes)
    }
}

/// Owns a [`Vm`] at a fixed address; dereferences to it.
pub struct VmBox {
    ptr: NonNull<Vm>,
}

impl core::ops::Deref for VmBox {
    type Target = Vm;
    fn deref(&self) -> &Vm {
        // SAFETY: `ptr` comes from `Box::into_raw` in `Vm::new` and is freed
        // only in `drop`; only shared references are ever made from it.
        unsafe { self.ptr.as_ref() }
    }
}

impl Drop for VmBox {
    fn drop(&mut self) {
        self.sched_queue().detach(self.ptr.as_ptr());
        // SAFETY: the heap must forget the root source before the VM goes.
        unsafe { self.rt().heap().set_root_source(None) };
        if self.in_heap {
            // SAFETY: `ptr` is the VM written into a `MANUAL` block of its
            // own heap by `Vm::new`; this is the only owner and no
            // reference made from it outlives this call. The block itself
            // is not freed: the heap it would go back to is inside the VM,
            // and the region goes back to its owner with the heap.
            unsafe { core::ptr::drop_in_place(self.ptr.as_ptr()) };
        } else {
            // SAFETY: `ptr` came from `Box::into_raw`; this is the only
            // owner and no reference made from it outlives this call.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        if self.shared {
            // Lent memory, not owned.
            return;
        }
        if self.in_heap {
            // `MANUAL` blocks of this VM's heap, which is still alive (the
            // fields drop after this).
            self.rt.heap().free(self.region.cast());
            self.rt.heap().free(self.frames.cast());
            return;
        }
        // SAFETY: both arrays were made by `Box::into_raw` of boxed slices of
        // exactly these lengths in `Vm::new`.
        unsafe {
            drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
                self.region.as_ptr(),
                self.region_len,
            )));
            drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
                self.frames.as_ptr(),
                self.max_frames,
            )));
        }
    }
}

/// `len` copies of `fill` in a new `MANUAL` block of `heap`.
fn heap_array<T: Copy>(heap: &Heap, len: usize, fill: T) -> Result<NonNull<T>, Exc> {
    const { assert!(align_of::<T>() <= BLOCK_SIZE) };
    let bytes = len.checked_mul(size_of::<T>()).ok_or_else(no_memory)?;
    let p = heap
        .alloc(bytes, AllocFlags::MANUAL)
        .map_err(|_| no_memory())?
        .cast::<T>();
    for i in 0..len {
        // SAFETY: the block holds `len` values of `T` (`bytes` long, aligned
        // to `BLOCK_SIZE` >= `align_of::<T>()`) and is used by nothing else.
        unsafe { p.add(i).write(fill) };
    }
    Ok(p)
}

/// A `MANUAL` block for the [`Vm`] itself if it goes `in_heap`. Out of
/// line: inlined, `Vm::new` built the `Vm` twice, once per outcome (648
/// bytes more on the Cortex-M0).
#[inline(never)]
fn vm_place(heap: &Heap, in_heap: bool) -> Result<Option<NonNull<Vm>>, Exc> {
    if !in_heap {
        return Ok(None);
    }
    const { assert!(align_of::<Vm>() <= BLOCK_SIZE) };
    match heap.alloc(size_of::<Vm>(), AllocFlags::MANUAL) {
        Ok(place) => Ok(Some(place.cast::<Vm>())),
        Err(_) => Err(no_memory()),
    }
}

/// The region and the frame records laid out in `shared` (region first),
/// initialised; `MemoryError` if they do not fit.
#[inline(never)]
fn shared_arrays(
    shared: SharedStack,
    region_len: usize,
    max_frames: usize,
) -> Result<(NonNull<Value>, NonNull<Frame>), Exc> {
    const { assert!(align_of::<Frame>() <= align_of::<Value>()) };
    if shared.len < SharedStack::bytes(region_len, max_frames)
        || !shared.low.is_multiple_of(align_of::<Value>())
        || shared.low == 0
    {
        return Err(no_memory());
    }
    let region = shared.low as *mut Value;
    // SAFETY: `SharedStack::new`'s contract: `low..low + len` is aligned,
    // writable memory nothing else uses now (the VM is being made, so no
    // frame is alive and the stack pointer is above it); the region's
    // `region_len` words and then `max_frames` records fit in `len`
    // (checked), and a record needs no more alignment than a word.
    unsafe {
        let frames = region.add(region_len).cast::<Frame>();
        for i in 0..region_len {
            region.add(i).write(Value::NULL);
        }
        for i in 0..max_frames {
            frames.add(i).write(EMPTY_FRAME);
        }
        Ok((
            NonNull::new_unchecked(region),
            NonNull::new_unchecked(frames),
        ))
    }
}

/// `MemoryError` before there is a runtime to make it.
fn no_memory() -> Exc {
    Exc(Value::from_static(&exc::MEMORY_ERROR_INSTANCE))
}

const EMPTY_FRAME: Frame = Frame {
    fun: Value::NULL,
    proto: core::ptr::null(),
    ctx: core::ptr::null(),
    state: core::ptr::null_mut(),
    ip: core::ptr::null(),
    sp: core::ptr::null_mut(),
    exc_sp: core::ptr::null_mut(),
    names: Value::NULL,
    region_mark: 0,
    genv: Value::NULL,
};

impl Vm {
    /// A new interpreter over `heap`. Registers itself as the heap's root
    /// source. Fails only if the heap cannot hold the initial objects.
    ///
    /// Never inlined: the `Vm` is put together on the machine stack before
    /// it moves to the heap, and that frame must not stay in the caller's
    /// (a board's main loop), under everything that runs after it.
    #[allow(clippy::new_ret_no_self)]
    #[inline(never)]
    pub fn new(heap: Heap, config: VmConfig) -> Result<VmBox, Exc> {
        let region_len = config.stack_words.max(16);
        let max_frames = config.max_frames.max(2);
        let in_heap = config.in_heap;
        let (region, frames) = match config.shared_stack {
            Some(shared) => shared_arrays(shared, region_len, max_frames)?,
            None if in_heap => {
                let region = heap_array(&heap, region_len, Value::NULL)?;
                match heap_array(&heap, max_frames, EMPTY_FRAME) {
                    Ok(frames) => (region, frames),
                    Err(e) => {
                        heap.free(region.cast());
                        return Err(e);
                    }
                }
            }
            None => {
                let region: Box<[Value]> = alloc::vec![Value::NULL; region_len].into();
                let frames: Box<[Frame]> = alloc::vec![EMPTY_FRAME; max_frames].into();
                (
                    NonNull::from(Box::leak(region)).cast::<Value>(),
                    NonNull::from(Box::leak(frames)).cast::<Frame>(),
                )
            }
        };
        let shared = config.shared_stack.is_some();
        let place = match vm_place(&heap, in_heap) {
            Ok(place) => place,
            Err(e) => {
                if in_heap && !shared {
                    heap.free(region.cast());
                    heap.free(frames.cast());
                }
                return Err(e);
            }
        };
        // While frames are alive the machine stack stops above the shared
        // memory; while none are, the compiler may use it.
        let stack_limit = match config.shared_stack {
            Some(sh) => config
                .stack_limit
                .map(|l| l.max(sh.low.saturating_add(sh.len))),
            None => config.stack_limit,
        };
        let vm = Vm {
            rt: Rt::new(heap),
            in_heap,
            region,
            region_len,
            top: Cell::new(0),
            frames,
            max_frames,
            n_frames: Cell::new(0),
            native_depth: Cell::new(0),
            max_native_depth: config.max_native_depth.max(1),
            stack_limit,
            idle_stack_limit: config.stack_limit,
            shared,
            lent: Cell::new(false),
            main_globals: Cell::new(Value::NULL),
            vm_fns: [const { Cell::new(Value::NULL) }; crate::builtins::VM_FN_COUNT],
            extra_builtins: RefCell::new(Vec::new()),
            #[cfg(feature = "builtins-extra")]
            builtins_module_made: Cell::new(false),
            out: RefCell::new(None),
            err: RefCell::new(None),
            modules: Cell::new(Value::NULL),
            sys_path: Cell::new(Value::NULL),
            import_fs: config.import_fs,
            #[cfg(feature = "filesystem")]
            fs: config.fs,
            stdin: config.stdin,
            frozen: Cell::new(&[]),
            port_modules: Cell::new(&[]),
            port_roots: Cell::new(None),
            argv: Cell::new(Value::NULL),
            platform: Cell::new(DEFAULT_PLATFORM),
            opt_level: Cell::new(0),
            interrupt: config.interrupt.unwrap_or(&NO_INTERRUPT),
            kbd_intr: AtomicI32::new(3),
            sched: Cell::new(core::ptr::null()),
            own_sched: crate::sched::SchedQueue::new(),
            in_sched: Cell::new(false),
            global_cache: [const { Cell::new((0, 0)) }; GLOBAL_CACHE],
            attr_cache: crate::attr_cache::new_attr_cache(),
            machine_stack: Cell::new(None),
            yielded: Cell::new(false),
            self_ptr: Cell::new(core::ptr::null()),
            stdlib: crate::stdlib::StdState::new(),
        };
        let ptr = match place {
            Some(p) => {
                // SAFETY: `p` is a fresh `MANUAL` block of `size_of::<Vm>()`
                // bytes, aligned to `BLOCK_SIZE` (checked above to be enough
                // for `Vm`), that nothing else uses: the heap never sweeps or
                // moves it, and the heap's own state now lives inside it.
                unsafe { p.write(vm) };
                p
            }
            None => NonNull::from(Box::leak(Box::new(vm))),
        };
        let boxed = VmBox { ptr };
        boxed.self_ptr.set(ptr.as_ptr());
        boxed.sched.set(match config.scheduler {
            Some(q) => q,
            None => &boxed.own_sched,
        });
        boxed.sched_queue().attach(ptr.as_ptr());
        if let Some(limit) = stack_limit {
            // Nested ==, hash and repr stop where a native entry into Python
            // would: one level and what it calls fit above the floor.
            boxed.rt.set_stack_floor(
                limit
                    .saturating_add(STACK_RESERVE)
                    .saturating_add(NATIVE_ENTRY_STACK),
            );
        }
        // SAFETY: the VM stays at this address until `VmBox::drop`, which
        // unregisters it first.
        unsafe { boxed.rt.heap().set_root_source(Some(&*boxed)) };
        boxed.init()?;
        Ok(boxed)
    }

    fn init(&self) -> PyResult<()> {
        let globals = pyrite_obj::types::dict::new_dict(&self.rt)?;
        self.main_globals.set(globals);
        self.modules
            .set(pyrite_obj::types::dict::new_dict(&self.rt)?);
        let empty =
            pyrite_obj::types::str::new_str(&self.rt, &pyrite_obj::types::str::STR_TYPE, b"")?;
        self.sys_path
            .set(pyrite_obj::types::list::new_list(&self.rt, &[empty])?);
        crate::builtins::init(self)?;
        crate::frozen::init(self)?;
        crate::import::init(self)?;
        Ok(())
    }

    /// The runtime (heap and interned strings).
    #[inline(always)]
    pub fn rt(&self) -> &Rt {
        &self.rt
    }

    /// A pointer to this VM with the provenance of its box, for objects that
    /// must find it again (function objects, VM built-ins).
    pub(crate) fn ptr(&self) -> *const Vm {
        self.self_ptr.get()
    }

    /// Sets where `print` writes.
    pub fn set_stdout(&self, sink: Box<dyn Sink>) {
        *self.out.borrow_mut() = Some(sink);
    }

    /// Takes the output sink back.
    pub fn take_stdout(&self) -> Option<Box<dyn Sink>> {
        self.out.borrow_mut().take()
    }

    /// Sets where `sys.stderr` writes.
    pub fn set_stderr(&self, sink: Box<dyn Sink>) {
        *self.err.borrow_mut() = Some(sink);
    }

    /// Sets `sys.argv` (the script first, then its arguments). Takes effect
    /// for a `sys` module not imported yet.
    pub fn set_argv(&self, args: &[&str]) -> PyResult<()> {
        let rt = &self.rt;
        let list = pyrite_obj::types::list::new_list(rt, &[])?;
        self.argv.set(list);
        if let Some(l) = rt.downcast::<pyrite_obj::types::list::List>(list) {
            for a in args {
                let s = pyrite_obj::types::str::new_str(
                    rt,
                    &pyrite_obj::types::str::STR_TYPE,
                    a.as_bytes(),
                )?;
                l.push(rt, s)?;
            }
        }
        Ok(())
    }

    /// Sets `sys.path`, the directories `import` searches in order (`""`
    /// is the current directory).
    pub fn set_sys_path(&self, entries: &[&str]) -> PyResult<()> {
        let rt = &self.rt;
        let Some(l) = rt.downcast::<pyrite_obj::types::list::List>(self.sys_path.get()) else {
            return Ok(());
        };
        while l.remove_at(0).is_some() {}
        for e in entries {
            let s = pyrite_obj::types::str::new_str(
                rt,
                &pyrite_obj::types::str::STR_TYPE,
                e.as_bytes(),
            )?;
            l.push(rt, s)?;
        }
        Ok(())
    }

    /// Sets `sys.platform` (e.g. `"linux"`).
    pub fn set_platform(&self, platform: &'static str) {
        self.platform.set(platform);
    }

    /// Sets the compiler's optimisation level (`micropython.opt_level`,
    /// the `-O` flag): 1 and more make `__debug__` false and drop
    /// `assert`s, 3 also drops line numbers.
    pub fn set_opt_level(&self, level: u8) {
        self.opt_level.set(level.min(3));
    }

    /// `(used, total)` bytes of the VM stack region.
    pub fn stack_bytes(&self) -> (usize, usize) {
        let w = size_of::<Value>();
        (self.top.get() * w, self.region_len * w)
    }

    /// Registers the conservative scan of the machine stack: `scan(marker,
    /// base)` is called on every collection.
    pub fn set_machine_stack(&self, base: usize, scan: MachineStackScan) {
        self.machine_stack.set(Some((scan, base)));
    }

    /// The `__main__` module's globals.
    pub fn main_globals(&self) -> Value {
        self.main_globals.get()
    }

    /// Writes to the output sink (dropped when none is set).
    pub(crate) fn write_out(&self, bytes: &[u8]) -> PyResult<()> {
        match self.out.try_borrow_mut() {
            Ok(mut out) => match out.as_mut() {
                Some(sink) => sink.put(bytes),
                None => Ok(()),
            },
            Err(_) => Err(self
                .rt
                .error(&exc::RUNTIME_ERROR, format_args!("output is busy"))),
        }
    }

    /// Flushes the output sink (before reading input).
    pub(crate) fn flush_out(&self) -> PyResult<()> {
        match self.out.try_borrow_mut() {
            Ok(mut out) => match out.as_mut() {
                Some(sink) => sink.flush(),
                None => Ok(()),
            },
            Err(_) => Ok(()),
        }
    }

    /// Writes to the `sys.stderr` sink (dropped when none is set).
    pub(crate) fn write_err(&self, bytes: &[u8]) -> PyResult<()> {
        match self.err.try_borrow_mut() {
            Ok(mut err) => match err.as_mut() {
                Some(sink) => sink.put(bytes),
                None => Ok(()),
            },
            Err(_) => Err(self
                .rt
                .error(&exc::RUNTIME_ERROR, format_args!("output is busy"))),
        }
    }

    // ----- interrupts ---------------------------------------------------------

    /// Whether an interrupt is pending (and clears it; a pending interrupt
    /// is dropped while `micropython.kbd_intr(-1)` disables it).
    #[inline(always)]
    pub(crate) fn take_interrupt(&self) -> bool {
        if self.interrupt.load(Ordering::Relaxed) {
            self.interrupt.store(false, Ordering::Relaxed);
            self.kbd_intr.load(Ordering::Relaxed) != -1
        } else {
            false
        }
    }

    /// Whether a check point has work: an interrupt or a scheduled
    /// callback. Two loads; the work itself is [`Vm::handle_pending`].
    #[inline(always)]
    pub(crate) fn pending(&self) -> bool {
        // SAFETY: `sched` points to `own_sched` (inside this VM) or to the
        // port's `'static` queue; it is set in `Vm::new` before any code runs.
        self.interrupt.load(Ordering::Relaxed) || !unsafe { &*self.sched.get() }.is_empty()
    }

    /// The work of a check point: raises `KeyboardInterrupt` if one is
    /// pending, else runs the callbacks queued so far, oldest first (unless
    /// one is running already: they do not nest). An exception from the callback is printed (with
    /// its traceback, on stdout) and dropped, as MicroPython does;
    /// `KeyboardInterrupt` and `SystemExit` propagate.
    #[cold]
    #[inline(never)]
    pub(crate) fn handle_pending(&self) -> PyResult<()> {
        if self.take_interrupt() {
            return Err(self.keyboard_interrupt());
        }
        if self.in_sched.get() {
            return Ok(());
        }
        // The callbacks queued now (one that schedules itself again runs at
        // the next check point, not in a loop here).
        let n = self.sched_queue().len();
        for _ in 0..n {
            let Some((f, arg)) = self.sched_queue().pop() else {
                break;
            };
            self.in_sched.set(true);
            let r = self.rt.call_positional(f, &[arg]);
            self.in_sched.set(false);
            if let Err(e) = r {
                let ty = self.rt.type_of(e.0);
                if ty.is_subtype_of(&exc::KEYBOARD_INTERRUPT) || ty.is_subtype_of(&exc::SYSTEM_EXIT)
                {
                    return Err(e);
                }
                let mut out = OutSink(self);
                let _ = self.print_exception(e.0, &mut out);
            }
        }
        Ok(())
    }

    /// The queue `micropython.schedule` fills and the check points drain:
    /// the port's ([`VmConfig::scheduler`]) or the VM's own.
    pub fn sched_queue(&self) -> &crate::sched::SchedQueue {
        // SAFETY: see `pending`.
        unsafe { &*self.sched.get() }
    }

    /// `micropython.schedule(f, arg)`: queues the call, or raises
    /// `RuntimeError: schedule queue full`.
    pub fn schedule(&self, f: Value, arg: Value) -> PyResult<()> {
        if self.sched_queue().push(f, arg) {
            Ok(())
        } else {
            Err(self
                .rt
                .error(&exc::RUNTIME_ERROR, format_args!("schedule queue full")))
        }
    }

    /// Runs `f(arg)` at once, as a hard interrupt handler would: with the
    /// heap locked (allocating raises `MemoryError`); an exception is
    /// printed and dropped. For the port's `Scheduler::call_hard`, on the
    /// VM's thread (or in an interrupt of its core). While the compiler
    /// runs on a [`SharedStack`]'s memory there is no room for a frame:
    /// the call is scheduled instead, as a soft handler's.
    pub fn call_hard(&self, f: Value, arg: Value) {
        if self.lent.get() {
            self.sched_queue().push(f, arg);
            return;
        }
        let heap = self.rt.heap();
        heap.lock();
        let r = self.rt.call_positional(f, &[arg]);
        heap.unlock();
        if let Err(e) = r {
            let mut out = OutSink(self);
            let _ = self.print_exception(e.0, &mut out);
        }
    }

    /// `micropython.kbd_intr(c)`: the character the port turns into
    /// `KeyboardInterrupt` (3, Ctrl-C, by default; -1 disables it, and the
    /// VM then ignores the interrupt flag). Ports with a UART console read
    /// it with [`Vm::interrupt_char`].
    pub fn set_interrupt_char(&self, c: i32) {
        self.kbd_intr.store(c, Ordering::Relaxed);
    }

    /// The character set by `micropython.kbd_intr` (-1: none).
    pub fn interrupt_char(&self) -> i32 {
        self.kbd_intr.load(Ordering::Relaxed)
    }

    /// The `KeyboardInterrupt` to raise.
    pub(crate) fn keyboard_interrupt(&self) -> Exc {
        match exc::new_exception(&self.rt, &exc::KEYBOARD_INTERRUPT, &[]) {
            Ok(e) => Exc(e),
            Err(e) => e,
        }
    }

    // ----- the region and the frames ------------------------------------------

    pub(crate) fn recursion_error(&self) -> Exc {
        self.rt.error(
            &exc::RECURSION_ERROR,
            format_args!("maximum recursion depth exceeded"),
        )
    }

    /// Reserves `n` words at the top of the region; returns their start.
    #[cfg_attr(not(feature = "compact"), inline(always))]
    #[cfg_attr(feature = "compact", inline(never))]
    pub(crate) fn region_alloc(&self, n: usize) -> PyResult<*mut Value> {
        let top = self.top.get();
        if n > self.region_len - top {
            return Err(self.recursion_error());
        }
        self.top.set(top + n);
        // SAFETY: `top + n <= region_len`, so the offset stays in the region.
        Ok(unsafe { self.region.as_ptr().add(top) })
    }

    /// The region top (for [`Vm::region_release`]).
    #[inline(always)]
    pub(crate) fn region_mark(&self) -> usize {
        self.top.get()
    }

    /// Frees the region back to `mark`.
    #[inline(always)]
    pub(crate) fn region_release(&self, mark: usize) {
        debug_assert!(mark <= self.top.get());
        self.top.set(mark);
    }

    /// Number of live frames.
    #[inline(always)]
    pub(crate) fn n_frames(&self) -> usize {
        self.n_frames.get()
    }

    /// Pushes a frame record; returns a pointer to it (stable until popped).
    #[cfg_attr(not(feature = "compact"), inline(always))]
    #[cfg_attr(feature = "compact", inline(never))]
    pub(crate) fn push_frame(&self, f: Frame) -> PyResult<*mut Frame> {
        let n = self.n_frames.get();
        if n >= self.max_frames {
            return Err(self.recursion_error());
        }
        // SAFETY: `n < max_frames`, the length of the frames array.
        let p = unsafe { self.frames.as_ptr().add(n) };
        // SAFETY: `p` is in bounds; no reference to this slot is alive.
        unsafe { p.write(f) };
        self.n_frames.set(n + 1);
        Ok(p)
    }

    /// Pops the top frame record, releasing its region.
    #[inline(always)]
    pub(crate) fn pop_frame(&self) {
        let n = self.n_frames.get();
        debug_assert!(n > 0);
        // SAFETY: `n - 1 < max_frames` holds a pushed frame.
        let mark = unsafe { (*self.frames.as_ptr().add(n - 1)).region_mark };
        self.n_frames.set(n - 1);
        self.region_release(mark);
    }

    /// The frame record at depth `i` (`i < n_frames`).
    #[inline(always)]
    pub(crate) fn frame_ptr(&self, i: usize) -> *mut Frame {
        debug_assert!(i < self.n_frames.get());
        // SAFETY: `i < n_frames <= max_frames`.
        unsafe { self.frames.as_ptr().add(i) }
    }

    /// Runs `f` (a compile) with the machine-stack limit it may recurse to:
    /// while no frame is alive, the [`SharedStack`]'s memory is lent to the
    /// machine stack for it.
    pub(crate) fn with_compile_stack<T>(&self, f: impl FnOnce(Option<usize>) -> T) -> T {
        let idle = self.shared && self.n_frames.get() == 0 && self.top.get() == 0;
        if !idle {
            return f(self.stack_limit);
        }
        self.lent.set(true);
        let r = f(self.idle_stack_limit);
        self.lent.set(false);
        r
    }

    /// Counts a nested entry from native code into Python; fails beyond
    /// `max_native_depth`, or when the machine stack has less than
    /// [`NATIVE_ENTRY_STACK`] left above the reserve.
    pub(crate) fn enter_native(&self) -> PyResult<()> {
        let d = self.native_depth.get();
        if d >= self.max_native_depth || self.stack_short(NATIVE_ENTRY_STACK) {
            return Err(self.recursion_error());
        }
        self.native_depth.set(d + 1);
        Ok(())
    }

    /// Whether fewer than `need` bytes of machine stack are left above
    /// [`STACK_RESERVE`] (never, without a [`VmConfig::stack_limit`]).
    #[inline]
    pub(crate) fn stack_short(&self, need: usize) -> bool {
        match self.stack_limit {
            Some(limit) => {
                stack_position() < limit.saturating_add(STACK_RESERVE).saturating_add(need)
            }
            None => false,
        }
    }

    pub(crate) fn leave_native(&self) {
        self.native_depth
            .set(self.native_depth.get().saturating_sub(1));
    }

    /// Resets the frames and the region after an error at the top level (the
    /// VM stays usable after anything).
    pub(crate) fn reset_stacks(&self) {
        self.n_frames.set(0);
        self.top.set(0);
        self.native_depth.set(0);
        self.in_sched.set(false);
    }
}

impl RootSource for Vm {
    fn trace(&self, m: &mut Marker<'_>) {
        if let Some(port_roots) = self.port_roots.get() {
            port_roots(m);
        }
        m.mark_word(self.main_globals.get().to_bits());
        m.mark_word(self.modules.get().to_bits());
        m.mark_word(self.argv.get().to_bits());
        m.mark_word(self.sys_path.get().to_bits());
        for f in &self.vm_fns {
            m.mark_word(f.get().to_bits());
        }
        if let Ok(extra) = self.extra_builtins.try_borrow() {
            for &(_, v) in extra.iter() {
                m.mark_word(v.to_bits());
            }
        }
        for i in 0..self.top.get() {
            // SAFETY: `i < top <= region_len`; the region is initialised.
            let v = unsafe { self.region.as_ptr().add(i).read() };
            m.mark_word(v.to_bits());
        }
        for i in 0..self.n_frames.get() {
            // SAFETY: `i < n_frames`: a pushed frame record.
            let f = unsafe { &*self.frames.as_ptr().add(i) };
            m.mark_word(f.fun.to_bits());
            m.mark_word(f.names.to_bits());
            m.mark_word(f.genv.to_bits());
        }
        // After the port's roots: a callback an interrupt moves from the
        // port's table into the queue meanwhile is seen in one or the other.
        self.sched_queue().trace(m);
        if let Some((scan, base)) = self.machine_stack.get() {
            scan(m, base);
        }
    }
}
