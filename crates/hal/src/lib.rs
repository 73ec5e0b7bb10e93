#![doc = include_str!("../README.md")]
#![no_std]
// `SmallInt` is `i32` on the boards and `i64` on hosts.
#![allow(clippy::unnecessary_cast)]

pub mod board;
mod i2c;
pub mod io;
mod irq;
mod machine;
mod pin;
#[cfg(feature = "sim")]
pub mod sim;
mod spi;
mod timer;
mod uart;
mod util;

pub use board::{
    Board, BoardInfo, BusName, DeviceTable, Features, HalError, PinMode, PinName, Pull, Scheduler,
    SpiConfig, Trigger, UartConfig,
};
pub use i2c::I2C_TYPE;
#[cfg(feature = "embedded-io-07")]
pub use io::Io07;
pub use io::{I2cBus, InOut, Input, Output, PinIo, SpiIo, UartIo};
pub use irq::{
    MAX_CALLBACKS, dropped_events, install, installed_board, pin_irq_fired, run_hard, timer_fired,
    trace_roots,
};
pub use machine::init_machine;
pub use pin::{PIN_TYPE, SIGNAL_TYPE};
pub use spi::SPI_TYPE;
pub use timer::TIMER_TYPE;
pub use uart::UART_TYPE;
