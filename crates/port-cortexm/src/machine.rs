//! The `machine` module on a board (feature `machine`): `pyrite-hal`'s
//! classes over the [`pyrite_hal::Board`] the port lends
//! ([`crate::Board::machine`]).

use pyrite_hal::PinName;
use pyrite_obj::{PyResult, Qstr, Value, q};
use pyrite_vm::{ModInit, Vm};

use crate::BoardPin;

fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    pyrite_hal::init_machine(vm.rt(), dict)
}

/// The port's built-in modules: `machine`.
static MODULES: [(Qstr, ModInit); 1] = [(q::machine, init)];

/// Adds `machine` to `vm`'s built-in modules, with `pyrite-hal`'s callback
/// table as GC roots. The board must have been installed
/// ([`pyrite_hal::install`]) first.
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
