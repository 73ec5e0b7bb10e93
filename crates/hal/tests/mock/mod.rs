//! Recording mocks of the embedded-hal 1.0 / embedded-io traits, and a
//! board made of them. Every bus operation lands in one shared log, so the
//! tests assert the exact traffic a Python call produced.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{self, InputPin, OutputPin, StatefulOutputPin};
use embedded_hal::i2c::{self, I2c, NoAcknowledgeSource, Operation};
use embedded_hal::spi::{self, SpiBus};
use pyrite_hal::{
    Board, BoardInfo, BusName, Features, HalError, I2cBus, InOut, Input, Output, PinIo, PinName,
    Pull, SpiConfig, SpiIo, Trigger, UartConfig, UartIo,
};

/// One recorded operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ev {
    PinSet(u16, bool),
    /// An `InputPin::is_high` read.
    PinSense(u16),
    /// One I2C transaction: the address and its operations.
    I2c(u8, Vec<Op>),
    SpiWrite(Vec<u8>),
    SpiRead(usize),
    /// `transfer_in_place`: the bytes sent.
    SpiInPlace(Vec<u8>),
    SpiTransfer(Vec<u8>, usize),
    SpiFlush,
    UartWrite(Vec<u8>),
    UartFlush,
    Delay(u32),
    ConfigI2c(u8, u32),
    ConfigSpi(u8, SpiConfig),
    ConfigUart(u8, UartConfig),
    PinIrq(u16, Trigger),
    TimerStart(u8, u64, bool),
    TimerStop(u8),
    SetFreq(u32),
    Reset,
    Idle,
}

/// An I2C operation: bytes written, or a count read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    W(Vec<u8>),
    R(usize),
}

pub type Log = Arc<Mutex<Vec<Ev>>>;

fn rec(log: &Log, e: Ev) {
    log.lock().unwrap().push(e);
}

// ----- pins ---------------------------------------------------------------------

pub struct MockPin {
    pub id: u16,
    pub log: Log,
    pub driven: bool,
    /// The level the outside world drives.
    pub sensed: Arc<Mutex<bool>>,
}

impl digital::ErrorType for MockPin {
    type Error = Infallible;
}

impl OutputPin for MockPin {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.driven = false;
        rec(&self.log, Ev::PinSet(self.id, false));
        Ok(())
    }

    fn set_high(&mut self) -> Result<(), Infallible> {
        self.driven = true;
        rec(&self.log, Ev::PinSet(self.id, true));
        Ok(())
    }
}

impl StatefulOutputPin for MockPin {
    fn is_set_high(&mut self) -> Result<bool, Infallible> {
        Ok(self.driven)
    }

    fn is_set_low(&mut self) -> Result<bool, Infallible> {
        Ok(!self.driven)
    }
}

impl InputPin for MockPin {
    fn is_high(&mut self) -> Result<bool, Infallible> {
        rec(&self.log, Ev::PinSense(self.id));
        Ok(*self.sensed.lock().unwrap())
    }

    fn is_low(&mut self) -> Result<bool, Infallible> {
        Ok(!self.is_high()?)
    }
}

// ----- I2C ----------------------------------------------------------------------

#[derive(Debug)]
pub struct I2cErr(i2c::ErrorKind);

impl i2c::Error for I2cErr {
    fn kind(&self) -> i2c::ErrorKind {
        self.0
    }
}

/// Devices at `present` answer; a read returns `0xa0, 0xa1, ...`.
pub struct MockI2c {
    pub log: Log,
    pub present: Vec<u8>,
}

impl i2c::ErrorType for MockI2c {
    type Error = I2cErr;
}

impl I2c for MockI2c {
    fn transaction(&mut self, addr: u8, ops: &mut [Operation<'_>]) -> Result<(), I2cErr> {
        let rec_ops = ops
            .iter()
            .map(|o| match o {
                Operation::Write(b) => Op::W(b.to_vec()),
                Operation::Read(b) => Op::R(b.len()),
            })
            .collect();
        rec(&self.log, Ev::I2c(addr, rec_ops));
        if !self.present.contains(&addr) {
            return Err(I2cErr(i2c::ErrorKind::NoAcknowledge(
                NoAcknowledgeSource::Address,
            )));
        }
        for o in ops {
            if let Operation::Read(buf) = o {
                for (i, b) in buf.iter_mut().enumerate() {
                    *b = 0xa0 + i as u8;
                }
            }
        }
        Ok(())
    }
}

// ----- SPI ----------------------------------------------------------------------

/// MISO answers each byte with its complement.
pub struct MockSpi {
    pub log: Log,
}

impl spi::ErrorType for MockSpi {
    type Error = Infallible;
}

impl SpiBus<u8> for MockSpi {
    fn read(&mut self, words: &mut [u8]) -> Result<(), Infallible> {
        rec(&self.log, Ev::SpiRead(words.len()));
        words.fill(0xff);
        Ok(())
    }

    fn write(&mut self, words: &[u8]) -> Result<(), Infallible> {
        rec(&self.log, Ev::SpiWrite(words.to_vec()));
        Ok(())
    }

    fn transfer(&mut self, read: &mut [u8], write: &[u8]) -> Result<(), Infallible> {
        rec(&self.log, Ev::SpiTransfer(write.to_vec(), read.len()));
        for (r, w) in read.iter_mut().zip(write) {
            *r = !w;
        }
        Ok(())
    }

    fn transfer_in_place(&mut self, words: &mut [u8]) -> Result<(), Infallible> {
        rec(&self.log, Ev::SpiInPlace(words.to_vec()));
        for w in words {
            *w = !*w;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        rec(&self.log, Ev::SpiFlush);
        Ok(())
    }
}

// ----- UART (embedded-io 0.6) -------------------------------------------------

pub struct MockUart {
    pub log: Log,
    pub rx: Arc<Mutex<VecDeque<u8>>>,
}

impl embedded_io::ErrorType for MockUart {
    type Error = Infallible;
}

impl embedded_io::Read for MockUart {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        let mut rx = self.rx.lock().unwrap();
        let mut n = 0;
        while n < buf.len() {
            match rx.pop_front() {
                Some(b) => buf[n] = b,
                None => break,
            }
            n += 1;
        }
        Ok(n)
    }
}

impl embedded_io::ReadReady for MockUart {
    fn read_ready(&mut self) -> Result<bool, Infallible> {
        Ok(!self.rx.lock().unwrap().is_empty())
    }
}

impl embedded_io::Write for MockUart {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        // At most 4 bytes a call, so `UART.write` must loop.
        let n = buf.len().min(4);
        rec(&self.log, Ev::UartWrite(buf[..n].to_vec()));
        Ok(n)
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        rec(&self.log, Ev::UartFlush);
        Ok(())
    }
}

/// The same port over embedded-io 0.7.
#[cfg(feature = "embedded-io-07")]
pub struct MockUart07(pub MockUart);

#[cfg(feature = "embedded-io-07")]
mod io07 {
    use super::*;
    use embedded_io_07 as eio;

    impl eio::ErrorType for MockUart07 {
        type Error = Infallible;
    }

    impl eio::Read for MockUart07 {
        fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
            embedded_io::Read::read(&mut self.0, buf)
        }
    }

    impl eio::ReadReady for MockUart07 {
        fn read_ready(&mut self) -> Result<bool, Infallible> {
            embedded_io::ReadReady::read_ready(&mut self.0)
        }
    }

    impl eio::Write for MockUart07 {
        fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
            embedded_io::Write::write(&mut self.0, buf)
        }

        fn flush(&mut self) -> Result<(), Infallible> {
            embedded_io::Write::flush(&mut self.0)
        }
    }
}

// ----- delay --------------------------------------------------------------------

pub struct MockDelay {
    pub log: Log,
}

impl DelayNs for MockDelay {
    fn delay_ns(&mut self, ns: u32) {
        rec(&self.log, Ev::Delay(ns));
    }
}

// ----- the board ------------------------------------------------------------------

pub const LED_BLUE: u16 = 4;
pub const X1: u16 = 0;
pub const SW: u16 = 7;
pub const OD: u16 = 9;

pub static PINS: [PinName; 5] = [
    PinName { name: "X1", id: X1 },
    PinName {
        name: "LED_BLUE",
        id: LED_BLUE,
    },
    PinName { name: "SW", id: SW },
    PinName { name: "OD", id: OD },
    PinName { name: "A0", id: X1 },
];

pub static BUSES: [BusName; 1] = [BusName { name: "X", id: 1 }];

pub static INFO: BoardInfo = BoardInfo {
    name: "mock",
    pins: &PINS,
    i2c: &BUSES,
    spi: &BUSES,
    uart: &BUSES,
    cpu_freq_hz: 168_000_000,
    unique_id: &[0x12, 0x34, 0x56],
    features: Features::all(),
};

pub struct MockBoard {
    pub log: Log,
    /// What the outside world drives onto `SW` and `OD`.
    pub sensed: Arc<Mutex<bool>>,
    pub uart_rx: Arc<Mutex<VecDeque<u8>>>,
    pins: Mutex<Vec<(u16, Box<dyn PinIo + Send>)>>,
    i2c: Mutex<MockI2c>,
    spi: Mutex<MockSpi>,
    uart: Mutex<MockUart>,
    #[cfg(feature = "embedded-io-07")]
    uart07: Mutex<pyrite_hal::Io07<MockUart07>>,
    delay: Mutex<MockDelay>,
}

impl MockBoard {
    pub fn leak() -> &'static MockBoard {
        let log: Log = Arc::default();
        let sensed = Arc::new(Mutex::new(false));
        let uart_rx: Arc<Mutex<VecDeque<u8>>> = Arc::default();
        let pin = |id| MockPin {
            id,
            log: log.clone(),
            driven: false,
            sensed: sensed.clone(),
        };
        let pins: Vec<(u16, Box<dyn PinIo + Send>)> = vec![
            (X1, Box::new(Output(pin(X1)))),
            (LED_BLUE, Box::new(Output(pin(LED_BLUE)))),
            (
                SW,
                Box::new(Input {
                    pin: pin(SW),
                    pull: Pull::Up,
                }),
            ),
            (OD, Box::new(InOut(pin(OD)))),
            (20, Box::new(Output(pin(20)))),
        ];
        Box::leak(Box::new(MockBoard {
            pins: Mutex::new(pins),
            i2c: Mutex::new(MockI2c {
                log: log.clone(),
                present: vec![0x3c, 0x50],
            }),
            spi: Mutex::new(MockSpi { log: log.clone() }),
            uart: Mutex::new(MockUart {
                log: log.clone(),
                rx: uart_rx.clone(),
            }),
            #[cfg(feature = "embedded-io-07")]
            uart07: Mutex::new(pyrite_hal::Io07(MockUart07(MockUart {
                log: log.clone(),
                rx: uart_rx.clone(),
            }))),
            delay: Mutex::new(MockDelay { log: log.clone() }),
            log,
            sensed,
            uart_rx,
        }))
    }

    /// Takes the log so far.
    pub fn take(&self) -> Vec<Ev> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    fn rec(&self, e: Ev) {
        rec(&self.log, e);
    }
}

impl Board for MockBoard {
    fn info(&self) -> &BoardInfo {
        &INFO
    }

    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        let mut pins = self.pins.lock().unwrap();
        let (_, p) = pins
            .iter_mut()
            .find(|(i, _)| *i == id)
            .ok_or(HalError::InvalidId)?;
        f(&mut **p);
        Ok(())
    }

    fn i2c(&self, id: u8, f: &mut dyn FnMut(&mut dyn I2cBus)) -> Result<(), HalError> {
        if id != 1 {
            return Err(HalError::InvalidId);
        }
        f(&mut *self.i2c.lock().unwrap());
        Ok(())
    }

    fn spi(&self, id: u8, f: &mut dyn FnMut(&mut dyn SpiIo)) -> Result<(), HalError> {
        if id != 1 {
            return Err(HalError::InvalidId);
        }
        f(&mut *self.spi.lock().unwrap());
        Ok(())
    }

    fn uart(&self, id: u8, f: &mut dyn FnMut(&mut dyn UartIo)) -> Result<(), HalError> {
        match id {
            1 => f(&mut *self.uart.lock().unwrap()),
            #[cfg(feature = "embedded-io-07")]
            2 => f(&mut *self.uart07.lock().unwrap()),
            _ => return Err(HalError::InvalidId),
        }
        Ok(())
    }

    fn delay(&self, f: &mut dyn FnMut(&mut dyn DelayNs)) -> Result<(), HalError> {
        f(&mut *self.delay.lock().unwrap());
        Ok(())
    }

    fn configure_i2c(&self, id: u8, freq_hz: u32) -> Result<(), HalError> {
        self.rec(Ev::ConfigI2c(id, freq_hz));
        Ok(())
    }

    fn configure_spi(&self, id: u8, config: &SpiConfig) -> Result<(), HalError> {
        self.rec(Ev::ConfigSpi(id, *config));
        Ok(())
    }

    fn configure_uart(&self, id: u8, config: &UartConfig) -> Result<(), HalError> {
        self.rec(Ev::ConfigUart(id, *config));
        Ok(())
    }

    fn pin_irq(&self, id: u16, trigger: Trigger) -> Result<(), HalError> {
        self.rec(Ev::PinIrq(id, trigger));
        Ok(())
    }

    fn timer_start(&self, id: u8, period_us: u64, periodic: bool) -> Result<(), HalError> {
        if id > 3 {
            return Err(HalError::InvalidId);
        }
        self.rec(Ev::TimerStart(id, period_us, periodic));
        Ok(())
    }

    fn timer_stop(&self, id: u8) -> Result<(), HalError> {
        self.rec(Ev::TimerStop(id));
        Ok(())
    }

    fn set_freq(&self, hz: u32) -> Result<(), HalError> {
        self.rec(Ev::SetFreq(hz));
        Ok(())
    }

    fn reset(&self) {
        self.rec(Ev::Reset);
    }

    fn idle(&self) {
        self.rec(Ev::Idle);
    }
}
