//! `machine` on the host: `pyrite-hal`'s module over its simulated board
//! (four LEDs, pins `X1`..`X8`, `SW`, a loopback SPI, an EEPROM on I2C 1),
//! so scripts written for a board run unchanged and their pin state can be
//! read back.

use pyrite_hal::sim::SimBoard;
use pyrite_obj::{PyResult, Qstr, Value, q};
use pyrite_vm::{ModInit, Vm};

static BOARD: SimBoard = SimBoard::new();

fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    pyrite_hal::init_machine(vm.rt(), dict)
}

static MODULES: [(Qstr, ModInit); 1] = [(q::machine, init)];

/// Installs the simulated board (once per process) and adds `machine` to
/// `vm`'s built-in modules, with the board's callback table as GC roots.
pub fn register(vm: &Vm) {
    pyrite_hal::install(&BOARD, None);
    vm.set_port_modules(&MODULES);
    vm.set_port_roots(pyrite_hal::trace_roots);
}
