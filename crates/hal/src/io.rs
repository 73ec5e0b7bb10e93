//! The object-safe device traits the `machine` classes drive, and their
//! implementations over the embedded-hal 1.0 and embedded-io traits.
//!
//! A chip HAL's types differ per pin and per peripheral; the Python classes
//! need one type each. These traits erase the difference: every method is
//! object-safe and reports a [`HalError`] instead of the HAL's own error type.
//!
//! - Buses get blanket implementations: any [`embedded_hal::i2c::I2c`] is an
//!   [`I2cBus`], any [`embedded_hal::spi::SpiBus`] is an [`SpiIo`], and any
//!   embedded-io 0.6 `Read + Write + ReadReady` is a [`UartIo`].
//! - Pins get small adapters, because embedded-hal has no trait for changing
//!   a pin's mode at run time: [`Output`], [`Input`] and [`InOut`] accept the
//!   modes their pin already has. A port whose HAL can reconfigure pins
//!   (stm32f4xx-hal's `DynamicPin`) implements [`PinIo`] itself.
//! - embedded-io 0.7 (nrf51-hal 0.19) goes through the [`Io07`] adapter,
//!   behind the `embedded-io-07` feature.

use embedded_hal::digital::{self, InputPin, StatefulOutputPin};
use embedded_hal::i2c::{self, I2c, Operation};
use embedded_hal::spi::{self, SpiBus};

use crate::board::{HalError, PinMode, Pull};

// ----- pins ---------------------------------------------------------------------

/// A GPIO pin as `machine.Pin` drives it.
pub trait PinIo {
    /// Sets the mode and (unless `None`: unchanged) the pull. Pins that
    /// cannot change mode accept their own mode and return
    /// [`HalError::Unsupported`] for others.
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError>;
    /// Sets only the pull, keeping the mode. By default only "no pull" is
    /// accepted.
    fn set_pull(&mut self, pull: Pull) -> Result<(), HalError> {
        if pull == Pull::None {
            Ok(())
        } else {
            Err(HalError::Unsupported)
        }
    }
    /// Drives the output high (`true`) or low.
    fn write(&mut self, high: bool) -> Result<(), HalError>;
    /// The pin's level: the input level, or for an output-only pin the level
    /// it drives.
    fn read(&mut self) -> Result<bool, HalError>;
    /// Inverts the driven level.
    fn toggle(&mut self) -> Result<(), HalError> {
        let high = self.read()?;
        self.write(!high)
    }
}

fn digital_error<E: digital::Error>(_e: E) -> HalError {
    HalError::Io
}

fn only(mode: PinMode, pull: Option<Pull>, ok: &[PinMode]) -> Result<(), HalError> {
    if ok.contains(&mode) && pull.is_none_or(|p| p == Pull::None) {
        Ok(())
    } else {
        Err(HalError::Unsupported)
    }
}

/// A push-pull output pin ([`StatefulOutputPin`]): accepts `Pin.OUT`;
/// `value()` reads back the driven level.
pub struct Output<P>(pub P);

impl<P: StatefulOutputPin> PinIo for Output<P> {
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError> {
        only(mode, pull, &[PinMode::Out])
    }

    fn write(&mut self, high: bool) -> Result<(), HalError> {
        if high {
            self.0.set_high()
        } else {
            self.0.set_low()
        }
        .map_err(digital_error)
    }

    fn read(&mut self) -> Result<bool, HalError> {
        self.0.is_set_high().map_err(digital_error)
    }

    fn toggle(&mut self) -> Result<(), HalError> {
        self.0.toggle().map_err(digital_error)
    }
}

/// An input pin ([`InputPin`]) with a fixed pull: accepts `Pin.IN` with that
/// pull (or with the pull left unchanged); writing is unsupported.
pub struct Input<P> {
    /// The pin.
    pub pin: P,
    /// The pull the hardware was set up with.
    pub pull: Pull,
}

impl<P: InputPin> PinIo for Input<P> {
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError> {
        if mode == PinMode::In && pull.is_none_or(|p| p == self.pull) {
            Ok(())
        } else {
            Err(HalError::Unsupported)
        }
    }

    fn set_pull(&mut self, pull: Pull) -> Result<(), HalError> {
        if pull == self.pull {
            Ok(())
        } else {
            Err(HalError::Unsupported)
        }
    }

    fn write(&mut self, _high: bool) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }

    fn read(&mut self) -> Result<bool, HalError> {
        self.pin.is_high().map_err(digital_error)
    }
}

/// A pin that both drives and senses ([`InputPin`] + [`StatefulOutputPin`]),
/// such as an open-drain pin: accepts `Pin.OUT`, `Pin.OPEN_DRAIN` and
/// `Pin.IN` (for `IN`, drive it high, released, first), reads the line.
pub struct InOut<P>(pub P);

impl<P: InputPin + StatefulOutputPin> PinIo for InOut<P> {
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError> {
        only(mode, pull, &[PinMode::In, PinMode::Out, PinMode::OpenDrain])
    }

    fn write(&mut self, high: bool) -> Result<(), HalError> {
        if high {
            self.0.set_high()
        } else {
            self.0.set_low()
        }
        .map_err(digital_error)
    }

    fn read(&mut self) -> Result<bool, HalError> {
        self.0.is_high().map_err(digital_error)
    }

    fn toggle(&mut self) -> Result<(), HalError> {
        self.0.toggle().map_err(digital_error)
    }
}

// ----- I2C ----------------------------------------------------------------------

/// An I2C controller with 7-bit addresses. Every call is one transaction,
/// ended with a STOP (embedded-hal 1.0 has no way to leave the bus held
/// between calls).
pub trait I2cBus {
    /// Writes `bytes` to `addr` (an empty write probes for a device).
    fn write(&mut self, addr: u8, bytes: &[u8]) -> Result<(), HalError>;
    /// Reads `buf.len()` bytes from `addr`.
    fn read(&mut self, addr: u8, buf: &mut [u8]) -> Result<(), HalError>;
    /// Writes `bytes`, then with a repeated START reads into `buf`.
    fn write_read(&mut self, addr: u8, bytes: &[u8], buf: &mut [u8]) -> Result<(), HalError>;
    /// Writes `head` then `tail` as one write (no START between them): a
    /// register address followed by its data, with no copy.
    fn write2(&mut self, addr: u8, head: &[u8], tail: &[u8]) -> Result<(), HalError>;
}

fn i2c_error<E: i2c::Error>(e: E) -> HalError {
    use embedded_hal::i2c::{ErrorKind, NoAcknowledgeSource};
    match e.kind() {
        ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address) => HalError::NoDevice,
        ErrorKind::NoAcknowledge(_) => HalError::Nack,
        ErrorKind::ArbitrationLoss | ErrorKind::Bus => HalError::Bus,
        _ => HalError::Io,
    }
}

impl<T: I2c> I2cBus for T {
    fn write(&mut self, addr: u8, bytes: &[u8]) -> Result<(), HalError> {
        I2c::write(self, addr, bytes).map_err(i2c_error)
    }

    fn read(&mut self, addr: u8, buf: &mut [u8]) -> Result<(), HalError> {
        I2c::read(self, addr, buf).map_err(i2c_error)
    }

    fn write_read(&mut self, addr: u8, bytes: &[u8], buf: &mut [u8]) -> Result<(), HalError> {
        I2c::write_read(self, addr, bytes, buf).map_err(i2c_error)
    }

    fn write2(&mut self, addr: u8, head: &[u8], tail: &[u8]) -> Result<(), HalError> {
        // Adjacent write operations are sent without a START between them.
        let mut ops = [Operation::Write(head), Operation::Write(tail)];
        self.transaction(addr, &mut ops).map_err(i2c_error)
    }
}

// ----- SPI ----------------------------------------------------------------------

/// An SPI controller moving bytes (chip select is the program's business,
/// through a `Pin`, as in MicroPython).
pub trait SpiIo {
    /// Sends `bytes`, discarding what comes back.
    fn write(&mut self, bytes: &[u8]) -> Result<(), HalError>;
    /// Sends `buf` and replaces it with the bytes received.
    fn transfer_in_place(&mut self, buf: &mut [u8]) -> Result<(), HalError>;
}

fn spi_error<E: spi::Error>(e: E) -> HalError {
    match e.kind() {
        spi::ErrorKind::Overrun | spi::ErrorKind::ModeFault => HalError::Bus,
        _ => HalError::Io,
    }
}

impl<T: SpiBus<u8>> SpiIo for T {
    fn write(&mut self, bytes: &[u8]) -> Result<(), HalError> {
        SpiBus::write(self, bytes).map_err(spi_error)?;
        self.flush().map_err(spi_error)
    }

    fn transfer_in_place(&mut self, buf: &mut [u8]) -> Result<(), HalError> {
        SpiBus::transfer_in_place(self, buf).map_err(spi_error)?;
        self.flush().map_err(spi_error)
    }
}

// ----- UART ---------------------------------------------------------------------

/// A serial port. `read` is only called after `read_ready` said a byte is
/// waiting, so it never blocks; timeouts are the `machine.UART` class's work.
pub trait UartIo {
    /// Writes some of `bytes`, returning how many (at least one unless
    /// `bytes` is empty).
    fn write(&mut self, bytes: &[u8]) -> Result<usize, HalError>;
    /// Waits until everything written has been sent.
    fn flush(&mut self) -> Result<(), HalError>;
    /// Whether at least one byte can be read without blocking.
    fn read_ready(&mut self) -> Result<bool, HalError>;
    /// Reads at least one and at most `buf.len()` bytes.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, HalError>;
    /// How many bytes can be read without blocking (`UART.any()`); 1 when
    /// the driver only knows "some".
    fn available(&mut self) -> Result<usize, HalError> {
        Ok(self.read_ready()? as usize)
    }
}

fn io_error<E: embedded_io::Error>(e: E) -> HalError {
    match e.kind() {
        embedded_io::ErrorKind::TimedOut => HalError::Timeout,
        embedded_io::ErrorKind::Unsupported => HalError::Unsupported,
        _ => HalError::Io,
    }
}

impl<T> UartIo for T
where
    T: embedded_io::Read + embedded_io::Write + embedded_io::ReadReady,
{
    fn write(&mut self, bytes: &[u8]) -> Result<usize, HalError> {
        embedded_io::Write::write(self, bytes).map_err(io_error)
    }

    fn flush(&mut self) -> Result<(), HalError> {
        embedded_io::Write::flush(self).map_err(io_error)
    }

    fn read_ready(&mut self) -> Result<bool, HalError> {
        embedded_io::ReadReady::read_ready(self).map_err(io_error)
    }

    fn read(&mut self, buf: &mut [u8]) -> Result<usize, HalError> {
        embedded_io::Read::read(self, buf).map_err(io_error)
    }
}

/// A serial port implementing embedded-io **0.7** `Read + Write +
/// ReadReady` (nrf51-hal 0.19), as a [`UartIo`]. embedded-io 0.6 types need
/// no adapter.
#[cfg(feature = "embedded-io-07")]
pub struct Io07<T>(pub T);

#[cfg(feature = "embedded-io-07")]
fn io07_error<E: embedded_io_07::Error>(e: E) -> HalError {
    match e.kind() {
        embedded_io_07::ErrorKind::TimedOut => HalError::Timeout,
        embedded_io_07::ErrorKind::Unsupported => HalError::Unsupported,
        _ => HalError::Io,
    }
}

#[cfg(feature = "embedded-io-07")]
impl<T> UartIo for Io07<T>
where
    T: embedded_io_07::Read + embedded_io_07::Write + embedded_io_07::ReadReady,
{
    fn write(&mut self, bytes: &[u8]) -> Result<usize, HalError> {
        embedded_io_07::Write::write(&mut self.0, bytes).map_err(io07_error)
    }

    fn flush(&mut self) -> Result<(), HalError> {
        embedded_io_07::Write::flush(&mut self.0).map_err(io07_error)
    }

    fn read_ready(&mut self) -> Result<bool, HalError> {
        embedded_io_07::ReadReady::read_ready(&mut self.0).map_err(io07_error)
    }

    fn read(&mut self, buf: &mut [u8]) -> Result<usize, HalError> {
        embedded_io_07::Read::read(&mut self.0, buf).map_err(io07_error)
    }
}
