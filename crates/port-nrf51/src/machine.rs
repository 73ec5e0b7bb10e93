//! `machine` on the micro:bit: the factory id; `idle()` as `wfi`;
//! `reset()` through the Cortex-M's reset request; with the feature
//! `machine-pin`, the nRF51's 32 GPIO pins as dynamic pins (mode and pull
//! at run time), named from `board.toml`'s `[pins]` (the edge connector's
//! `P0`..`P20`, `BUTTON_A`, `BUTTON_B`), by chip name (`P0.3`) or by
//! number (`Pin(3)`). P0.24 and P0.25 carry the REPL's UART and are not
//! lent (the pins themselves are in `gpio`).

use nrf51_hal::pac;
use pyrite_port_cortexm::hal::{Board, BoardInfo, Features, HalError, PinIo, PinName};

#[cfg(feature = "machine-pin")]
use crate::gpio::gpio_pin;

/// The named pins, then the same pins by chip name.
#[cfg(feature = "machine-pin")]
static PIN_NAMES: [PinName; 2 * crate::firmware::PINS.len()] =
    pyrite_port_cortexm::machine::pin_names(crate::firmware::PINS);
/// No pins without `machine-pin`.
#[cfg(not(feature = "machine-pin"))]
static PIN_NAMES: [PinName; 0] = [];

/// The micro:bit's `machine` devices.
pub struct Microbit;

/// The one instance, lent to `pyrite-hal`.
pub static MACHINE: Microbit = Microbit;

/// The board's facts (the factory id is read where it is: `unique_id`).
static INFO: BoardInfo = BoardInfo {
    name: crate::firmware::DESCRIPTION,
    pins: &PIN_NAMES,
    i2c: &[],
    spi: &[],
    uart: &[],
    cpu_freq_hz: 16_000_000,
    unique_id: &[],
    features: Features::empty(),
};

impl Board for Microbit {
    fn info(&self) -> &BoardInfo {
        &INFO
    }

    /// The 64-bit factory id: FICR `DEVICEID[0]` then `DEVICEID[1]`, in
    /// memory order.
    fn unique_id(&self) -> &'static [u8] {
        // SAFETY: FICR is read-only factory data, memory-mapped for the
        // program's whole life; DEVICEID is two consecutive 32-bit words,
        // read here as 8 bytes.
        unsafe {
            let ficr = &*pac::FICR::ptr();
            core::slice::from_raw_parts(ficr.deviceid.as_ptr().cast::<u8>(), 8)
        }
    }

    #[cfg(feature = "machine-pin")]
    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        f(&mut gpio_pin(id)?);
        Ok(())
    }

    #[cfg(not(feature = "machine-pin"))]
    fn pin(&self, _id: u16, _f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        Err(HalError::InvalidId)
    }

    #[cfg(feature = "machine-pin")]
    fn pin_write(&self, id: u16, high: bool) -> Result<(), HalError> {
        gpio_pin(id)?.write(high)
    }

    #[cfg(feature = "machine-pin")]
    fn pin_read(&self, id: u16) -> Result<bool, HalError> {
        gpio_pin(id)?.read()
    }

    fn reset(&self) {
        cortex_m::peripheral::SCB::sys_reset();
    }

    fn idle(&self) {
        cortex_m::asm::wfi();
    }
}
