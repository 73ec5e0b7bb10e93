//! The nRF51's GPIO pins as `machine.Pin`s: mode and pull set at run time
//! through each pin's `PIN_CNF` register. nrf51-hal's pins are typestate
//! (`P0_03<Output<PushPull>>`), which cannot change mode at run time, so
//! the PAC's registers are used directly; one register block serves every
//! pin.

use nrf51_hal::pac;
use pyrite_port_cortexm::hal::{HalError, PinIo, PinMode, Pull};

/// The REPL's UART pins (TX, RX), never lent to `machine`.
const CONSOLE_PINS: [u16; 2] = [24, 25];

/// `PIN_CNF` fields (nRF51 reference manual, GPIO): direction output,
/// input buffer disconnected, pull down / up, drive "standard 0,
/// disconnect 1" (open drain).
const CNF_DIR_OUT: u32 = 1;
const CNF_INPUT_DISCONNECT: u32 = 1 << 1;
const CNF_PULL_SHIFT: u32 = 2;
const CNF_PULL_MASK: u32 = 3 << CNF_PULL_SHIFT;
const CNF_DRIVE_S0D1: u32 = 6 << 8;

/// The GPIO registers.
fn gpio() -> &'static pac::gpio::RegisterBlock {
    // SAFETY: the block is memory-mapped for the program's whole life; the
    // set/clear registers change only the pins whose bits are written, and
    // each pin's `PIN_CNF` is written only through `machine` (the
    // console's two pins are never lent).
    unsafe { &*pac::GPIO::ptr() }
}

/// Pin `id`, or `InvalidId` for one past P0.31 or the console's.
pub fn gpio_pin(id: u16) -> Result<Gpio, HalError> {
    if id < 32 && !CONSOLE_PINS.contains(&id) {
        Ok(Gpio(id as usize))
    } else {
        Err(HalError::InvalidId)
    }
}

/// One GPIO pin, by number.
pub struct Gpio(usize);

impl Gpio {
    fn mask(&self) -> u32 {
        1 << self.0
    }

    fn pull_bits(pull: Pull) -> u32 {
        let field = match pull {
            Pull::None => 0,
            Pull::Down => 1,
            Pull::Up => 3,
        };
        field << CNF_PULL_SHIFT
    }
}

impl PinIo for Gpio {
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError> {
        let cnf = match mode {
            PinMode::In => 0,
            PinMode::Out => CNF_DIR_OUT,
            // The input buffer stays connected so `value()` reads the line.
            PinMode::OpenDrain => CNF_DIR_OUT | CNF_DRIVE_S0D1,
            PinMode::Analog => CNF_INPUT_DISCONNECT,
            PinMode::Alt | PinMode::AltOpenDrain => return Err(HalError::Unsupported),
        };
        let reg = &gpio().pin_cnf[self.0];
        let pull_bits = match pull {
            Some(p) => Self::pull_bits(p),
            None => reg.read().bits() & CNF_PULL_MASK,
        };
        // SAFETY: every combination of these fields is a valid setting.
        reg.write(|w| unsafe { w.bits(cnf | pull_bits) });
        Ok(())
    }

    fn set_pull(&mut self, pull: Pull) -> Result<(), HalError> {
        let reg = &gpio().pin_cnf[self.0];
        let bits = (reg.read().bits() & !CNF_PULL_MASK) | Self::pull_bits(pull);
        // SAFETY: only the pull field changes, to a valid value.
        reg.write(|w| unsafe { w.bits(bits) });
        Ok(())
    }

    fn write(&mut self, high: bool) -> Result<(), HalError> {
        let regs = gpio();
        let bits = self.mask();
        if high {
            // SAFETY: OUTSET sets only the pins whose bits are 1.
            regs.outset.write(|w| unsafe { w.bits(bits) });
        } else {
            // SAFETY: OUTCLR clears only the pins whose bits are 1.
            regs.outclr.write(|w| unsafe { w.bits(bits) });
        }
        Ok(())
    }

    fn read(&mut self) -> Result<bool, HalError> {
        Ok(gpio().in_.read().bits() & self.mask() != 0)
    }

    fn toggle(&mut self) -> Result<(), HalError> {
        // The driven level (OUT), as MicroPython's `toggle` does.
        let high = gpio().out.read().bits() & self.mask() != 0;
        self.write(!high)
    }
}
