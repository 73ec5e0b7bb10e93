//! `machine` on the MPS2 AN386: the two user LEDs of the FPGA's I/O
//! block (`LED0`, `LED1`: bits 0 and 1 of FPGAIO `LED0` at 0x40028000,
//! which qemu models, so `value()` reads back what was written) and
//! sixteen RAM-backed pins `P0`..`P15`. qemu does not model the CMSDK GPIO
//! ports (writes are ignored, reads give 0), so these pins only remember
//! their level: scripts written for a board run, and their pin state can
//! be read back. No UART (UART0 is the REPL), I2C, SPI, timers or pin
//! interrupts.

use core::sync::atomic::{AtomicU32, Ordering};

use pyrite_port_cortexm::hal::{
    Board, BoardInfo, Features, HalError, PinIo, PinMode, PinName, Pull,
};

/// FPGAIO `LED0`: one bit per user LED.
const FPGAIO_LED: usize = 0x4002_8000;
/// The id of `LED0` (`LED1` is the next).
const LED_ID: u16 = 0x100;

static INFO: BoardInfo = BoardInfo {
    name: crate::firmware::DESCRIPTION,
    pins: &[
        PinName {
            name: "LED0",
            id: LED_ID,
        },
        PinName {
            name: "LED1",
            id: LED_ID + 1,
        },
        PinName { name: "P0", id: 0 },
        PinName { name: "P1", id: 1 },
        PinName { name: "P2", id: 2 },
        PinName { name: "P3", id: 3 },
        PinName { name: "P4", id: 4 },
        PinName { name: "P5", id: 5 },
        PinName { name: "P6", id: 6 },
        PinName { name: "P7", id: 7 },
        PinName { name: "P8", id: 8 },
        PinName { name: "P9", id: 9 },
        PinName {
            name: "P10",
            id: 10,
        },
        PinName {
            name: "P11",
            id: 11,
        },
        PinName {
            name: "P12",
            id: 12,
        },
        PinName {
            name: "P13",
            id: 13,
        },
        PinName {
            name: "P14",
            id: 14,
        },
        PinName {
            name: "P15",
            id: 15,
        },
    ],
    i2c: &[],
    spi: &[],
    uart: &[],
    cpu_freq_hz: 25_000_000,
    unique_id: &[],
    features: Features::empty(),
};

/// The levels of the RAM-backed pins, one bit each.
static LEVELS: AtomicU32 = AtomicU32::new(0);

/// The board's `machine` devices.
pub struct Mps2;

/// The one instance, lent to `pyrite-hal`.
pub static MACHINE: Mps2 = Mps2;

/// A user LED (bit `bit` of FPGAIO `LED0`).
struct Led {
    bit: u32,
}

impl Led {
    fn reg() -> *mut u32 {
        FPGAIO_LED as *mut u32
    }
}

impl PinIo for Led {
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError> {
        match (mode, pull) {
            (PinMode::Out, None | Some(Pull::None)) => Ok(()),
            _ => Err(HalError::Unsupported),
        }
    }

    fn write(&mut self, high: bool) -> Result<(), HalError> {
        let mask = 1 << self.bit;
        critical_section::with(|_| {
            // SAFETY: FPGAIO `LED0` is a memory-mapped read/write register
            // of the AN386 (and of qemu's model); the read-modify-write runs
            // with interrupts off and changes only this LED's bit.
            unsafe {
                let v = Self::reg().read_volatile();
                Self::reg().write_volatile(if high { v | mask } else { v & !mask });
            }
        });
        Ok(())
    }

    fn read(&mut self) -> Result<bool, HalError> {
        // SAFETY: a volatile read of the register (see `write`).
        let v = unsafe { Self::reg().read_volatile() };
        Ok(v & (1 << self.bit) != 0)
    }
}

/// A pin that only remembers its level (bit `bit` of [`LEVELS`]).
struct RamPin {
    bit: u32,
}

impl PinIo for RamPin {
    fn configure(&mut self, _mode: PinMode, _pull: Option<Pull>) -> Result<(), HalError> {
        Ok(())
    }

    fn set_pull(&mut self, _pull: Pull) -> Result<(), HalError> {
        Ok(())
    }

    fn write(&mut self, high: bool) -> Result<(), HalError> {
        if high {
            LEVELS.fetch_or(1 << self.bit, Ordering::Relaxed);
        } else {
            LEVELS.fetch_and(!(1 << self.bit), Ordering::Relaxed);
        }
        Ok(())
    }

    fn read(&mut self) -> Result<bool, HalError> {
        Ok(LEVELS.load(Ordering::Relaxed) & (1 << self.bit) != 0)
    }

    fn toggle(&mut self) -> Result<(), HalError> {
        LEVELS.fetch_xor(1 << self.bit, Ordering::Relaxed);
        Ok(())
    }
}

impl Board for Mps2 {
    fn info(&self) -> &BoardInfo {
        &INFO
    }

    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        match id {
            0..16 => f(&mut RamPin { bit: u32::from(id) }),
            LED_ID | 0x101 => f(&mut Led {
                bit: u32::from(id - LED_ID),
            }),
            _ => return Err(HalError::InvalidId),
        }
        Ok(())
    }

    // The blink loop's path: straight to the register or the level bits,
    // without lending a `PinIo` through a closure.
    fn pin_write(&self, id: u16, high: bool) -> Result<(), HalError> {
        match id {
            0..16 => RamPin { bit: u32::from(id) }.write(high),
            LED_ID | 0x101 => Led {
                bit: u32::from(id - LED_ID),
            }
            .write(high),
            _ => Err(HalError::InvalidId),
        }
    }

    fn pin_read(&self, id: u16) -> Result<bool, HalError> {
        match id {
            0..16 => RamPin { bit: u32::from(id) }.read(),
            LED_ID | 0x101 => Led {
                bit: u32::from(id - LED_ID),
            }
            .read(),
            _ => Err(HalError::InvalidId),
        }
    }

    fn reset(&self) {
        cortex_m::peripheral::SCB::sys_reset()
    }
}
