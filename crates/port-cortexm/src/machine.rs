//! The `machine` module on a board (feature `machine-core`): `pyrite-hal`'s
//! functions and classes over the [`pyrite_hal::Board`] the port lends
//! ([`crate::Board::machine`]). With every class (feature `machine`),
//! interrupt callbacks (pin IRQs, timers) go through one static schedule
//! queue ([`QUEUE`]); a build without them leaves the queue out (its RAM
//! too) and the VM uses its own for `micropython.schedule`.

use pyrite_hal::PinName;
use pyrite_obj::{PyResult, Qstr, Value, q};
use pyrite_vm::{ModInit, Vm};

use crate::BoardPin;

#[cfg(feature = "machine")]
/// The queue of scheduled callbacks every VM of the firmware drains (given
/// in `VmConfig::scheduler`): the port's interrupt handlers fill it
/// through `pyrite-hal` ([`pyrite_hal::pin_irq_fired`],
/// [`pyrite_hal::timer_fired`]) without allocating.
pub static QUEUE: pyrite_vm::SchedQueue = pyrite_vm::SchedQueue::new();

#[cfg(feature = "machine")]
/// `pyrite-hal`'s scheduler over [`QUEUE`]: a soft callback is queued, a
/// hard one (`Pin.irq(hard=True)`) runs at once in the interrupt with the
/// heap locked.
struct QueueScheduler;

#[cfg(feature = "machine")]
impl pyrite_hal::Scheduler for QueueScheduler {
    fn schedule(&self, f: Value, arg: Value) -> bool {
        QUEUE.push(f, arg)
    }

    fn call_hard(&self, f: Value, arg: Value) {
        QUEUE.call_hard(f, arg);
    }
}

#[cfg(feature = "machine")]
static SCHEDULER: QueueScheduler = QueueScheduler;

/// Installs `board` with the scheduler over [`QUEUE`], forgetting the
/// callbacks of an earlier VM and anything they queued: called before each
/// VM is made, so an interrupt can never hand the new VM a value of the old
/// heap.
pub fn install(board: &'static dyn pyrite_hal::Board) {
    #[cfg(feature = "machine")]
    {
        pyrite_hal::install(board, Some(&SCHEDULER));
        QUEUE.clear();
    }
    #[cfg(not(feature = "machine"))]
    pyrite_hal::install(board, None);
}

fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    pyrite_hal::init_machine(vm.rt(), dict)
}

/// The port's built-in modules: `machine`.
static MODULES: [(Qstr, ModInit); 1] = [(q::machine, init)];

/// Adds `machine` to `vm`'s built-in modules, with `pyrite-hal`'s callback
/// table as GC roots. The board must have been installed ([`install`])
/// first.
pub fn register(vm: &Vm) {
    vm.set_port_modules(&MODULES);
    vm.set_port_roots(pyrite_hal::trace_roots);
}

/// The id `machine` uses for the chip pin `port`, `pin`: `port * 32 + pin`
/// (so `Pin(id)` works with a number too).
pub const fn pin_id(port: u8, pin: u8) -> u16 {
    port as u16 * 32 + pin as u16
}

/// The `machine` pin table of a board's named pins: each pin under its
/// board name (`"X1"`, `"LED_BLUE"`), then under its chip name (`"A0"`,
/// `"B4"`). `N` must be `2 * pins.len()` (checked at compile time when
/// used in a `static`).
pub const fn pin_names<const N: usize>(pins: &[BoardPin]) -> [PinName; N] {
    assert!(N == 2 * pins.len(), "N must be twice the number of pins");
    let mut out = [PinName { name: "", id: 0 }; N];
    let mut i = 0;
    while i < pins.len() {
        let id = pin_id(pins[i].port, pins[i].pin);
        out[i] = PinName {
            name: pins[i].name,
            id,
        };
        out[pins.len() + i] = PinName {
            name: pins[i].cpu,
            id,
        };
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_then_chip_names() {
        const PINS: &[BoardPin] = &[
            BoardPin {
                name: "X1",
                cpu: "A0",
                port: 0,
                pin: 0,
            },
            BoardPin {
                name: "LED_BLUE",
                cpu: "B4",
                port: 1,
                pin: 4,
            },
        ];
        static T: [PinName; 4] = pin_names(PINS);
        assert_eq!((T[1].name, T[1].id), ("LED_BLUE", 36));
        assert_eq!((T[3].name, T[3].id), ("B4", 36));
        assert_eq!(T[2].name, "A0");
    }
}
