//! What a port supplies: the [`Board`] (its facts as tables in
//! [`BoardInfo`], its devices by id, a few hooks) and the [`Scheduler`] that
//! runs Python callbacks raised by interrupts.

use core::cell::RefCell;

use bitflags::bitflags;
use critical_section::Mutex;
use embedded_hal::delay::DelayNs;
use pyrite_obj::Value;

use crate::io::{I2cBus, PinIo, SpiIo, UartIo};

/// Why a device operation failed. The `machine` classes turn these into
/// Python exceptions: [`HalError::InvalidId`] and [`HalError::Unsupported`]
/// into `ValueError`, the rest into `OSError` with MicroPython's errno.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HalError {
    /// No device with that id on this board.
    InvalidId,
    /// The device cannot do that (a mode, a setting, a hook the board lacks).
    Unsupported,
    /// No device answered at the address (`OSError(ENODEV)`, 19).
    NoDevice,
    /// The device did not acknowledge data (`OSError(EIO)`, 5).
    Nack,
    /// Arbitration loss, overrun or another bus fault (`OSError(EIO)`).
    Bus,
    /// The operation timed out (`OSError(ETIMEDOUT)`, 110).
    Timeout,
    /// Any other driver error (`OSError(EIO)`).
    Io,
}

/// A pin's mode; the Python constants are [`PinMode::code`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PinMode {
    /// `Pin.IN`.
    In,
    /// `Pin.OUT` (push-pull).
    Out,
    /// `Pin.OPEN_DRAIN`.
    OpenDrain,
    /// `Pin.ALT`: driven by a peripheral.
    Alt,
    /// `Pin.ALT_OPEN_DRAIN`.
    AltOpenDrain,
    /// `Pin.ANALOG`.
    Analog,
}

impl PinMode {
    /// The value of the Python constant (MicroPython's pyboard numbering).
    pub const fn code(self) -> i32 {
        match self {
            PinMode::In => 0,
            PinMode::Out => 1,
            PinMode::Alt => 2,
            PinMode::Analog => 3,
            PinMode::OpenDrain => 0x11,
            PinMode::AltOpenDrain => 0x12,
        }
    }

    /// The mode a Python constant names.
    pub fn from_code(code: i64) -> Option<PinMode> {
        [
            PinMode::In,
            PinMode::Out,
            PinMode::OpenDrain,
            PinMode::Alt,
            PinMode::AltOpenDrain,
            PinMode::Analog,
        ]
        .into_iter()
        .find(|m| m.code() as i64 == code)
    }
}

/// A pin's pull resistor; the Python constants are [`Pull::code`] (`None`
/// for no pull).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Pull {
    /// No pull (`pull=None`).
    None,
    /// `Pin.PULL_UP`.
    Up,
    /// `Pin.PULL_DOWN`.
    Down,
}

impl Pull {
    /// The value of the Python constant (`None` is 0 here).
    pub const fn code(self) -> i32 {
        match self {
            Pull::None => 0,
            Pull::Up => 1,
            Pull::Down => 2,
        }
    }
}

bitflags! {
    /// The edges and levels a pin interrupt fires on (`Pin.IRQ_RISING |
    /// Pin.IRQ_FALLING`); the Python constants are the bits.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct Trigger: u8 {
        /// `Pin.IRQ_FALLING`.
        const FALLING = 1;
        /// `Pin.IRQ_RISING`.
        const RISING = 2;
        /// `Pin.IRQ_LOW_LEVEL`.
        const LOW_LEVEL = 4;
        /// `Pin.IRQ_HIGH_LEVEL`.
        const HIGH_LEVEL = 8;
    }
}

bitflags! {
    /// Optional abilities of a board: `machine` checks them before calling
    /// a hook, so a board without one raises a clear error.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct Features: u8 {
        /// [`Board::pin_irq`] works.
        const PIN_IRQ = 1;
        /// [`Board::timer_start`] works.
        const TIMER = 2;
        /// [`Board::set_freq`] works.
        const SET_FREQ = 4;
    }
}

/// A named pin: `("X1", 0)`, `("LED_BLUE", 44)`.
#[derive(Clone, Copy, Debug)]
pub struct PinName {
    /// The name `Pin('X1')` takes.
    pub name: &'static str,
    /// The board's id for the pin (what [`Board::pin`] receives).
    pub id: u16,
}

/// A named bus: `("X", 1)` lets `I2C('X')` mean `I2C(1)`.
#[derive(Clone, Copy, Debug)]
pub struct BusName {
    /// The name.
    pub name: &'static str,
    /// The bus id.
    pub id: u8,
}

/// The facts about a board, as data: the port writes one `static`.
#[derive(Clone, Copy, Debug)]
pub struct BoardInfo {
    /// The board's name (`"PYBv1.1"`).
    pub name: &'static str,
    /// Named pins; a name may appear more than once with the same id
    /// (`"X1"` and `"A0"`), and several names may share an id.
    pub pins: &'static [PinName],
    /// Named I2C buses.
    pub i2c: &'static [BusName],
    /// Named SPI buses.
    pub spi: &'static [BusName],
    /// Named UARTs.
    pub uart: &'static [BusName],
    /// The CPU clock in Hz (`machine.freq()`).
    pub cpu_freq_hz: u32,
    /// The chip's unique id (`machine.unique_id()`).
    pub unique_id: &'static [u8],
    /// Which optional hooks work.
    pub features: Features,
}

impl BoardInfo {
    /// The id of the pin called `name`.
    pub fn pin_id(&self, name: &[u8]) -> Option<u16> {
        self.pins
            .iter()
            .find(|p| p.name.as_bytes() == name)
            .map(|p| p.id)
    }

    /// The first name of pin `id`.
    pub fn pin_name(&self, id: u16) -> Option<&'static str> {
        self.pins.iter().find(|p| p.id == id).map(|p| p.name)
    }
}

/// UART settings (`UART.init`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct UartConfig {
    /// Bits per second.
    pub baudrate: u32,
    /// Data bits (7, 8 or 9).
    pub bits: u8,
    /// `None`, or `Some(0)` even / `Some(1)` odd.
    pub parity: Option<u8>,
    /// Stop bits (1 or 2).
    pub stop: u8,
}

/// SPI settings (`SPI.init`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SpiConfig {
    /// Clock in Hz.
    pub baudrate: u32,
    /// Clock idle level (0 or 1).
    pub polarity: u8,
    /// Sample on the first (0) or second (1) edge.
    pub phase: u8,
    /// Bits per word (8).
    pub bits: u8,
    /// Whether the least significant bit goes first (`firstbit=SPI.LSB`).
    pub lsb_first: bool,
}

/// A board: its facts and its devices, by id. Object-safe; the port makes a
/// `static` and passes it to [`crate::install`].
///
/// Devices are lent through callbacks (`f` is called once with the device
/// while the board holds its lock, typically a
/// `critical_section::Mutex<RefCell<..>>`), so the board keeps ownership of
/// its HAL objects. [`DeviceTable`] does the lending for a port. An unknown
/// id is [`HalError::InvalidId`] (and `f` is not called).
///
/// Only [`Board::info`] and [`Board::pin`] are required; every other device
/// and hook answers [`HalError::InvalidId`] / [`HalError::Unsupported`] by
/// default.
pub trait Board: Sync {
    /// The board's facts.
    fn info(&self) -> &BoardInfo;

    /// Lends pin `id`.
    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError>;

    /// Drives pin `id` high (`true`) or low: `Pin.on()`, `off()` and
    /// `value(x)`. By default through [`Board::pin`]; a port may override
    /// it with a direct register write, the hot path of a blink loop.
    fn pin_write(&self, id: u16, high: bool) -> Result<(), HalError> {
        let mut result = Err(HalError::InvalidId);
        self.pin(id, &mut |p| result = p.write(high))?;
        result
    }

    /// The level of pin `id` (`Pin.value()`). By default through
    /// [`Board::pin`], like [`Board::pin_write`].
    fn pin_read(&self, id: u16) -> Result<bool, HalError> {
        let mut result = Err(HalError::InvalidId);
        self.pin(id, &mut |p| result = p.read())?;
        result
    }

    /// Lends I2C bus `id`.
    fn i2c(&self, id: u8, f: &mut dyn FnMut(&mut dyn I2cBus)) -> Result<(), HalError> {
        let _ = (id, f);
        Err(HalError::InvalidId)
    }

    /// Lends SPI bus `id`.
    fn spi(&self, id: u8, f: &mut dyn FnMut(&mut dyn SpiIo)) -> Result<(), HalError> {
        let _ = (id, f);
        Err(HalError::InvalidId)
    }

    /// Lends UART `id`.
    fn uart(&self, id: u8, f: &mut dyn FnMut(&mut dyn UartIo)) -> Result<(), HalError> {
        let _ = (id, f);
        Err(HalError::InvalidId)
    }

    /// Lends the board's delay source (UART timeouts wait with it; without
    /// one, UART reads do not wait).
    fn delay(&self, f: &mut dyn FnMut(&mut dyn DelayNs)) -> Result<(), HalError> {
        let _ = f;
        Err(HalError::Unsupported)
    }

    /// Applies I2C settings (`I2C(id, freq=...)`); by default any frequency
    /// is accepted and ignored.
    fn configure_i2c(&self, id: u8, freq_hz: u32) -> Result<(), HalError> {
        let _ = (id, freq_hz);
        Ok(())
    }

    /// Applies SPI settings; accepted and ignored by default.
    fn configure_spi(&self, id: u8, config: &SpiConfig) -> Result<(), HalError> {
        let _ = (id, config);
        Ok(())
    }

    /// Applies UART settings; accepted and ignored by default.
    fn configure_uart(&self, id: u8, config: &UartConfig) -> Result<(), HalError> {
        let _ = (id, config);
        Ok(())
    }

    /// Enables the interrupt of pin `id` on `trigger` (empty: disables it).
    /// The port's interrupt handler then calls [`crate::pin_irq_fired`].
    fn pin_irq(&self, id: u16, trigger: Trigger) -> Result<(), HalError> {
        let _ = (id, trigger);
        Err(HalError::Unsupported)
    }

    /// Starts hardware timer `id` firing every `period_us` microseconds
    /// (once if not `periodic`); its interrupt handler then calls
    /// [`crate::timer_fired`].
    fn timer_start(&self, id: u8, period_us: u64, periodic: bool) -> Result<(), HalError> {
        let _ = (id, period_us, periodic);
        Err(HalError::Unsupported)
    }

    /// Stops timer `id`.
    fn timer_stop(&self, id: u8) -> Result<(), HalError> {
        let _ = id;
        Ok(())
    }

    /// Changes the CPU clock (`machine.freq(hz)`).
    fn set_freq(&self, hz: u32) -> Result<(), HalError> {
        let _ = hz;
        Err(HalError::Unsupported)
    }

    /// The chip's unique id (`machine.unique_id()`): by default
    /// [`BoardInfo::unique_id`]; a port whose id is in memory-mapped
    /// factory data may return it from there instead, with no RAM copy.
    fn unique_id(&self) -> &'static [u8] {
        self.info().unique_id
    }

    /// Resets the chip (`machine.reset()`). On hardware this does not
    /// return; a simulated board records it and returns.
    fn reset(&self) {}

    /// Waits for an interrupt (`machine.idle()`), e.g. `wfi`.
    fn idle(&self) {}
}

/// Runs Python callbacks raised by interrupts. Implemented by the port over
/// the VM (`micropython.schedule`'s queue) and passed to [`crate::install`].
///
/// Both methods are called from interrupt context.
pub trait Scheduler: Sync {
    /// Queues `f(arg)` to run between bytecodes on the VM's thread. Must not
    /// allocate or block; returns `false` when the queue is full (the event
    /// is dropped and counted, see [`crate::dropped_events`]).
    fn schedule(&self, f: Value, arg: Value) -> bool;

    /// Runs `f(arg)` now, in interrupt context (`hard=True` pin handlers).
    /// The implementation must lock the heap for the call (see
    /// [`crate::run_hard`], which does that) and must not let an exception
    /// escape.
    fn call_hard(&self, f: Value, arg: Value);
}

/// A fixed table of devices lent by id, for implementing [`Board`]: each
/// slot holds a `&'static mut` device (from a `static` cell the port owns),
/// behind a critical section.
///
/// ```
/// use pyrite_hal::{DeviceTable, PinIo};
/// static PINS: DeviceTable<dyn PinIo + Send, 4> = DeviceTable::new();
/// assert!(PINS.with(0, &mut |_p| {}).is_err());
/// ```
pub struct DeviceTable<D: ?Sized + 'static, const N: usize> {
    slots: Mutex<RefCell<[Slot<D>; N]>>,
}

/// One lent device and its id.
type Slot<D> = Option<(u16, &'static mut D)>;

impl<D: ?Sized + 'static, const N: usize> DeviceTable<D, N> {
    /// An empty table.
    pub const fn new() -> Self {
        DeviceTable {
            slots: Mutex::new(RefCell::new([const { None }; N])),
        }
    }

    /// Adds device `id` (replacing one with the same id); `Err` gives the
    /// device back when the table is full.
    pub fn insert(&self, id: u16, dev: &'static mut D) -> Result<(), &'static mut D> {
        critical_section::with(|cs| {
            let mut slots = self.slots.borrow_ref_mut(cs);
            let free = slots
                .iter()
                .position(|s| s.as_ref().is_some_and(|(i, _)| *i == id))
                .or_else(|| slots.iter().position(Option::is_none));
            match free {
                Some(i) => {
                    slots[i] = Some((id, dev));
                    Ok(())
                }
                None => Err(dev),
            }
        })
    }

    /// Calls `f` with device `id`, inside a critical section.
    pub fn with(&self, id: u16, f: &mut dyn FnMut(&mut D)) -> Result<(), HalError> {
        critical_section::with(|cs| {
            let mut slots = self.slots.borrow_ref_mut(cs);
            match slots.iter_mut().flatten().find(|(i, _)| *i == id) {
                Some((_, dev)) => {
                    f(dev);
                    Ok(())
                }
                None => Err(HalError::InvalidId),
            }
        })
    }
}

impl<D: ?Sized + 'static, const N: usize> Default for DeviceTable<D, N> {
    fn default() -> Self {
        Self::new()
    }
}
