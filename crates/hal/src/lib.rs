#![doc = include_str!("../README.md")]
#![no_std]
// `SmallInt` is `i32` on the boards and `i64` on hosts.
#![allow(clippy::unnecessary_cast)]
// The helpers the classes share go unused in a build without some of them.
#![cfg_attr(
    not(all(
        feature = "pin",
        feature = "uart",
        feature = "i2c",
        feature = "spi",
        feature = "timer"
    )),
    allow(dead_code, unused_imports)
)]

pub mod board;
#[cfg(feature = "i2c")]
mod i2c;
pub mod io;
mod irq;
mod machine;
#[cfg(feature = "pin")]
mod pin;
#[cfg(feature = "sim")]
pub mod sim;
#[cfg(feature = "spi")]
mod spi;
#[cfg(feature = "timer")]
mod timer;
#[cfg(feature = "uart")]
mod uart;
mod util;

pub use board::{
    Board, BoardInfo, BusName, DeviceTable, Features, HalError, PinMode, PinName, Pull, Scheduler,
    SpiConfig, Trigger, UartConfig,
};
#[cfg(feature = "i2c")]
pub use i2c::I2C_TYPE;
#[cfg(feature = "embedded-io-07")]
pub use io::Io07;
pub use io::{I2cBus, InOut, Input, Output, PinIo, SpiIo, UartIo};
pub use irq::{
    MAX_CALLBACKS, dropped_events, install, installed_board, pin_irq_fired, run_hard, timer_fired,
    trace_roots,
};
pub use machine::init_machine;
#[cfg(feature = "pin")]
pub use pin::{PIN_TYPE, SIGNAL_TYPE};
#[cfg(feature = "spi")]
pub use spi::SPI_TYPE;
#[cfg(feature = "timer")]
pub use timer::TIMER_TYPE;
#[cfg(feature = "uart")]
pub use uart::UART_TYPE;
