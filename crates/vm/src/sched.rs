//! `micropython.schedule`'s queue: a fixed ring of `(function, argument)`
//! pairs that interrupt handlers (or signal handlers, or the program
//! itself) fill without allocating, and that the VM drains between
//! bytecodes, those queued so far at each check point, at the places it checks for
//! `KeyboardInterrupt` (backward jumps, calls of Python functions, sleeps).
//!
//! The ring sits behind a `critical_section::Mutex`; only its length is an
//! atomic, read without the lock by the interpreter's hot check. A port
//! that raises callbacks from interrupts (`pyrite-hal`'s `Scheduler`) makes
//! a `static` queue, passes it in [`crate::VmConfig::scheduler`] and pushes
//! with [`SchedQueue::push`] from its handlers; without one every VM has its
//! own queue for `micropython.schedule`.

use core::cell::RefCell;
use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use critical_section::Mutex;
use pyrite_gc::Marker;
use pyrite_obj::Value;

use crate::vm::Vm;

/// Callbacks a queue holds at once (`micropython.schedule` raises
/// `RuntimeError: schedule queue full` beyond it).
pub const SCHED_DEPTH: usize = 8;

struct Ring {
    items: [(Value, Value); SCHED_DEPTH],
    /// Index of the oldest entry.
    head: usize,
    len: usize,
}

// SAFETY: the `Value`s are words the queue only copies and reports to the
// collector; they are followed (called) only by the interpreter on its own
// thread. `Send` only lets the ring live in a `critical_section::Mutex`.
unsafe impl Send for Ring {}

/// A fixed-size queue of scheduled callbacks, safe to fill from interrupt
/// context (no allocation, a short critical section).
///
/// ```
/// use pyrite_vm::SchedQueue;
/// static QUEUE: SchedQueue = SchedQueue::new();
/// assert!(QUEUE.is_empty());
/// ```
pub struct SchedQueue {
    ring: Mutex<RefCell<Ring>>,
    /// Mirror of `ring.len`, read by the interpreter without the lock.
    pending: AtomicUsize,
    /// The VM draining this queue (for [`SchedQueue::call_hard`]); null
    /// when none is alive.
    vm: AtomicPtr<Vm>,
}

impl Default for SchedQueue {
    fn default() -> SchedQueue {
        SchedQueue::new()
    }
}

impl SchedQueue {
    /// An empty queue.
    pub const fn new() -> SchedQueue {
        SchedQueue {
            ring: Mutex::new(RefCell::new(Ring {
                items: [(Value::NULL, Value::NULL); SCHED_DEPTH],
                head: 0,
                len: 0,
            })),
            pending: AtomicUsize::new(0),
            vm: AtomicPtr::new(core::ptr::null_mut()),
        }
    }

    /// Queues `f(arg)`; `false` when the queue is full. Callable from
    /// interrupt context: allocates nothing. `f` and `arg` must be values of
    /// the heap of the VM that drains this queue (or static objects).
    pub fn push(&self, f: Value, arg: Value) -> bool {
        critical_section::with(|cs| {
            let mut r = self.ring.borrow_ref_mut(cs);
            if r.len == SCHED_DEPTH {
                return false;
            }
            let at = (r.head + r.len) % SCHED_DEPTH;
            r.items[at] = (f, arg);
            r.len += 1;
            self.pending.store(r.len, Ordering::Release);
            true
        })
    }

    /// Runs `f(arg)` at once in the VM draining this queue, as a hard
    /// interrupt handler: with the heap locked, an exception printed and
    /// dropped ([`Vm::call_hard`]); nothing when no VM is alive. For a
    /// port's `Scheduler::call_hard`: call it only on the VM's thread (or
    /// from an interrupt of the core running it), never from another
    /// thread.
    pub fn call_hard(&self, f: Value, arg: Value) {
        let vm = self.vm.load(Ordering::Acquire);
        if !vm.is_null() {
            // SAFETY: the pointer is set by `Vm::new` to the boxed VM and
            // cleared by `VmBox::drop` before the VM is freed; the caller runs
            // on the VM's thread (documented), so no other reference is used
            // concurrently.
            unsafe { &*vm }.call_hard(f, arg);
        }
    }

    /// Records the VM that drains this queue (`None` when it goes).
    pub(crate) fn attach(&self, vm: *const Vm) {
        self.vm.store(vm.cast_mut(), Ordering::Release);
    }

    /// Forgets `vm` if it is the attached VM.
    pub(crate) fn detach(&self, vm: *const Vm) {
        // No compare-and-swap: thumbv6m has none.
        critical_section::with(|_| {
            if self.vm.load(Ordering::Acquire) == vm.cast_mut() {
                self.vm.store(core::ptr::null_mut(), Ordering::Release);
            }
        });
    }

    /// Takes the oldest callback.
    pub(crate) fn pop(&self) -> Option<(Value, Value)> {
        critical_section::with(|cs| {
            let mut r = self.ring.borrow_ref_mut(cs);
            if r.len == 0 {
                return None;
            }
            let head = r.head;
            let item = r.items[head];
            r.items[head] = (Value::NULL, Value::NULL);
            r.head = (head + 1) % SCHED_DEPTH;
            r.len -= 1;
            self.pending.store(r.len, Ordering::Release);
            Some(item)
        })
    }

    /// How many callbacks are queued (a lock-free read).
    pub fn len(&self) -> usize {
        self.pending.load(Ordering::Acquire)
    }

    /// Whether no callback is queued (a lock-free read).
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.pending.load(Ordering::Relaxed) == 0
    }

    /// Forgets every queued callback (after a soft reset).
    pub fn clear(&self) {
        while self.pop().is_some() {}
    }

    /// Marks the queued functions and arguments (the VM's root source calls
    /// this).
    pub(crate) fn trace(&self, m: &mut Marker<'_>) {
        critical_section::with(|cs| {
            let r = self.ring.borrow_ref(cs);
            for i in 0..r.len {
                let (f, a) = r.items[(r.head + i) % SCHED_DEPTH];
                m.mark_word(f.to_bits());
                m.mark_word(a.to_bits());
            }
        });
    }
}
