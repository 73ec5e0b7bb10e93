//! `machine` on the Pico: GPIO2..GPIO29 as dynamic pins (mode and pull at
//! run time), named from `board.toml`'s `[pins]` (`GP2`..`GP28`, `LED` =
//! GP25), by chip name (`GPIO25`) or by number (`Pin(25)`). GP0 and GP1
//! are the REPL's UART and are not lent.
//!
//! Each pin is rp2040-hal's fully dynamic `Pin<DynPinId, DynFunction,
//! DynPullType>`: its function (SIO input or output, or none for analog
//! use) and pull change at run time. The output level goes through the
//! SIO's atomic set/clear/xor registers, which latch it in any mode (as
//! MicroPython's `value(x)` on an input pin does). The RP2040 has no
//! open-drain pads: `OPEN_DRAIN` drives low and releases the pin by
//! overriding its output enable, as the HAL's `InOutPin` does.
//!
//! The buses (`uart`, `i2c`, `spi`) take their pins out of this table the
//! first time they are used ([`claim`]); from then on the pins are the
//! bus's, and `Pin(n)` on one raises `ValueError`. `Timer(0..3)` are the
//! TIMER's alarms (`timer`). No pin interrupts yet.

use core::cell::RefCell;

use critical_section::Mutex;
use embedded_hal::digital::InputPin as _;
use pyrite_port_cortexm::hal::{
    Board, BoardInfo, Features, HalError, I2cBus, PinIo, PinMode, PinName, Pull, SpiConfig, SpiIo,
    UartConfig, UartIo,
};
use pyrite_port_cortexm::machine::pin_names;
use rp2040_hal::gpio::{
    DynFunction, DynPinId, DynPullType, DynSioConfig, Function, OutputEnableOverride, Pin,
};
use rp2040_hal::pac;

use crate::buses::{I2C_ON_CONSOLE, SPI_ON_CONSOLE, UART_ON_CONSOLE};
use crate::{i2c, spi, timer, uart};
use pyrite_port_cortexm::slot::Slot;

/// A pin whose function and pull are chosen at run time.
pub type DynPin = Pin<DynPinId, DynFunction, DynPullType>;

/// GPIOs of bank 0.
const GPIO_COUNT: usize = 30;
/// The pins lent to `machine`: GPIO2 onwards (GP0/GP1 are the REPL's).
pub const MACHINE_PINS: usize = GPIO_COUNT - 2;
/// The pins wired to the ADC (`Pin.ANALOG`).
const ANALOG_PINS: core::ops::RangeInclusive<u8> = 26..=29;

/// The named pins, then the same pins by chip name.
static PIN_NAMES: [PinName; 2 * crate::firmware::PINS.len()] = pin_names(crate::firmware::PINS);

static INFO: BoardInfo = BoardInfo {
    name: crate::firmware::DESCRIPTION,
    pins: &PIN_NAMES,
    i2c: &[],
    spi: &[],
    uart: &[],
    cpu_freq_hz: crate::firmware::SYSCLK_HZ,
    // The RP2040 has no unique id of its own; the Pico's is its flash
    // chip's, which can only be read with execute-in-place stopped (code
    // running from RAM). Not read yet.
    unique_id: &[],
    features: Features::TIMER,
};

/// The subsystem resets, which every bus set-up goes through.
static RESETS: Slot<pac::RESETS> = Slot::empty();

/// Calls `f` with the resets (`Io` if they are out: a hard interrupt
/// handler setting up a bus while the program was doing so).
pub fn with_resets<R>(f: impl FnOnce(&mut pac::RESETS) -> R) -> Result<R, HalError> {
    RESETS.with(f)
}

/// One pin and the mode `machine` set.
struct Gpio {
    pin: DynPin,
    mode: PinMode,
}

/// The pins, by GPIO number; `None` for the ones not lent.
static GPIOS: Mutex<RefCell<[Option<Gpio>; GPIO_COUNT]>> =
    Mutex::new(RefCell::new([const { None }; GPIO_COUNT]));

/// Takes the pins `machine` may use (as the reset left them: no function,
/// pulled down) and the resets the buses need.
pub fn init(pins: [DynPin; MACHINE_PINS], resets: pac::RESETS) {
    RESETS.put(resets);
    critical_section::with(|cs| {
        let mut gpios = GPIOS.borrow(cs).borrow_mut();
        for pin in pins {
            let n = usize::from(pin.id().num);
            gpios[n] = Some(Gpio {
                pin,
                mode: PinMode::In,
            });
        }
    });
}

/// Takes GPIO `n` out of `machine`'s pins for a peripheral: function `F`,
/// pull `pull`. `Unsupported` if it is not there (the REPL's, or another
/// bus has it) or cannot have that function.
pub fn claim<F: Function>(
    n: u8,
    pull: DynPullType,
) -> Result<Pin<DynPinId, F, DynPullType>, HalError> {
    let mut pin = critical_section::with(|cs| {
        GPIOS
            .borrow(cs)
            .borrow_mut()
            .get_mut(usize::from(n))
            .and_then(Option::take)
    })
    .ok_or(HalError::Unsupported)?
    .pin;
    // An open-drain pin left released would keep the peripheral off the pad.
    pin.set_output_enable_override(OutputEnableOverride::Normal);
    pin.set_pull_type(pull);
    pin.try_into_function::<F>().map_err(|pin| {
        release(pin);
        HalError::Unsupported
    })
}

/// Gives a pin [`claim`] took back to `machine`, as the reset left it.
pub fn release<F: Function>(pin: Pin<DynPinId, F, DynPullType>) {
    let Ok(mut pin) = pin.try_into_function::<DynFunction>() else {
        return;
    };
    // `Null` is valid on every pin.
    let _ = pin.try_set_function(DynFunction::Null);
    pin.set_pull_type(DynPullType::Down);
    let n = usize::from(pin.id().num);
    critical_section::with(|cs| {
        if let Some(slot) = GPIOS.borrow(cs).borrow_mut().get_mut(n) {
            *slot = Some(Gpio {
                pin,
                mode: PinMode::In,
            });
        }
    });
}

/// Stops what `machine` left running (before each VM): the timers.
pub fn soft_reset() {
    timer::stop_all();
}

/// The SIO's registers (the output latches).
fn sio() -> &'static pac::sio::RegisterBlock {
    // SAFETY: the SIO block is memory-mapped for the program's whole life;
    // only its GPIO output set/clear/xor registers are written here, each
    // write touching only the bits that are 1, atomically, so it races with
    // nothing the HAL does with the other pins.
    unsafe { &*pac::SIO::ptr() }
}

fn dyn_pull(pull: Pull) -> DynPullType {
    match pull {
        Pull::None => DynPullType::None,
        Pull::Up => DynPullType::Up,
        Pull::Down => DynPullType::Down,
    }
}

impl Gpio {
    fn mask(&self) -> u32 {
        1 << self.pin.id().num
    }

    /// Sets the output latch (driven only while the pin is an output).
    fn latch(&self, high: bool) {
        let mask = self.mask();
        if high {
            // SAFETY: any bit pattern is valid; only this pin's bit is 1.
            sio().gpio_out_set().write(|w| unsafe { w.bits(mask) });
        } else {
            // SAFETY: as above.
            sio().gpio_out_clr().write(|w| unsafe { w.bits(mask) });
        }
    }

    /// Drives an open-drain pin low (`true`) or releases it.
    fn sink(&mut self, low: bool) {
        self.pin.set_output_enable_override(if low {
            OutputEnableOverride::Normal
        } else {
            OutputEnableOverride::Disable
        });
    }
}

impl PinIo for Gpio {
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError> {
        let function = match mode {
            PinMode::In => DynFunction::Sio(DynSioConfig::Input),
            PinMode::Out | PinMode::OpenDrain => DynFunction::Sio(DynSioConfig::Output),
            // No function: the digital input is switched off, as the ADC
            // wants.
            PinMode::Analog if ANALOG_PINS.contains(&self.pin.id().num) => DynFunction::Null,
            // `ALT` needs a function number `Pin` does not pass on.
            _ => return Err(HalError::Unsupported),
        };
        if let Some(p) = pull {
            self.pin.set_pull_type(dyn_pull(p));
        }
        if mode == PinMode::OpenDrain {
            // Released until driven low; the latch stays low.
            self.sink(false);
            self.latch(false);
        } else {
            self.pin
                .set_output_enable_override(OutputEnableOverride::Normal);
        }
        self.pin
            .try_set_function(function)
            .map_err(|_| HalError::Unsupported)?;
        self.mode = mode;
        Ok(())
    }

    fn set_pull(&mut self, pull: Pull) -> Result<(), HalError> {
        self.pin.set_pull_type(dyn_pull(pull));
        Ok(())
    }

    fn write(&mut self, high: bool) -> Result<(), HalError> {
        if self.mode == PinMode::OpenDrain {
            self.sink(!high);
        } else {
            self.latch(high);
        }
        Ok(())
    }

    fn read(&mut self) -> Result<bool, HalError> {
        // The pad's level (0 for an analog pin: its input is off).
        Ok(self.pin.as_input().is_high().unwrap_or(false))
    }

    fn toggle(&mut self) -> Result<(), HalError> {
        if self.mode == PinMode::OpenDrain {
            let released = self.pin.get_output_enable_override() == OutputEnableOverride::Disable;
            self.sink(released);
        } else {
            let mask = self.mask();
            // SAFETY: any bit pattern is valid; only this pin's bit is 1.
            sio().gpio_out_xor().write(|w| unsafe { w.bits(mask) });
        }
        Ok(())
    }
}

/// The Pico's `machine` devices.
pub struct Pico;

/// The one instance, lent to `pyrite-hal`.
pub static MACHINE: Pico = Pico;

impl Board for Pico {
    fn info(&self) -> &BoardInfo {
        &INFO
    }

    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        critical_section::with(|cs| {
            let mut gpios = GPIOS.borrow(cs).borrow_mut();
            let gpio = gpios
                .get_mut(usize::from(id))
                .and_then(Option::as_mut)
                .ok_or(HalError::InvalidId)?;
            f(gpio);
            Ok(())
        })
    }

    fn delay(
        &self,
        f: &mut dyn FnMut(&mut dyn embedded_hal::delay::DelayNs),
    ) -> Result<(), HalError> {
        let mut timer = crate::firmware::timer().ok_or(HalError::Unsupported)?;
        f(&mut timer);
        Ok(())
    }

    fn uart(&self, id: u8, f: &mut dyn FnMut(&mut dyn UartIo)) -> Result<(), HalError> {
        if UART_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        uart::with(id, f)
    }

    fn configure_uart(&self, id: u8, config: &UartConfig) -> Result<(), HalError> {
        if UART_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        uart::configure(id, config)
    }

    fn i2c(&self, id: u8, f: &mut dyn FnMut(&mut dyn I2cBus)) -> Result<(), HalError> {
        if I2C_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        i2c::with(id, f)
    }

    fn configure_i2c(&self, id: u8, freq_hz: u32) -> Result<(), HalError> {
        if I2C_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        i2c::configure(id, freq_hz)
    }

    fn spi(&self, id: u8, f: &mut dyn FnMut(&mut dyn SpiIo)) -> Result<(), HalError> {
        if SPI_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        spi::with(id, f)
    }

    fn configure_spi(&self, id: u8, config: &SpiConfig) -> Result<(), HalError> {
        if SPI_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        spi::configure(id, config)
    }

    fn timer_start(&self, id: u8, period_us: u64, periodic: bool) -> Result<(), HalError> {
        timer::start(id, period_us, periodic)
    }

    fn timer_stop(&self, id: u8) -> Result<(), HalError> {
        timer::stop(id)
    }

    fn reset(&self) {
        cortex_m::peripheral::SCB::sys_reset()
    }

    fn idle(&self) {
        cortex_m::asm::wfi();
    }
}
