//! `machine.UART(n)`: the USARTs `board.toml`'s `[uart]` lists, over
//! stm32f4xx-hal's `Serial`. Each is set up the first time it is used
//! (its pins turn to their alternate function then) and again by `init`;
//! its receive interrupt fills a ring buffer, so bytes arriving while the
//! program does something else wait there (`any()` counts them) and reads
//! never touch the data register from thread mode.

use cortex_m::peripheral::NVIC;
use embedded_hal_nb::nb;
use embedded_hal_nb::serial::Write as _;
use pyrite_port_cortexm::hal::{HalError, UartConfig, UartIo};
use stm32f4xx_hal::Listen as _;
use stm32f4xx_hal::gpio::PushPull;
use stm32f4xx_hal::rcc::Rcc;
use stm32f4xx_hal::serial::{self, Instance, Serial, config};

use pyrite_port_cortexm::ring::Ring;

/// Bytes each UART buffers ahead of the program (one less than this).
const RX_LEN: usize = 256;

/// The receive ring of one UART.
pub type RxRing = Ring<RX_LEN>;

/// A UART's driver, set up or not.
pub enum State<U: Instance> {
    /// Not set up yet: the peripheral.
    Off(U),
    /// Running.
    On(Serial<U>),
    /// Between the two (only while being set up).
    Gone,
}

/// 9600 baud, 8 bits, no parity, 1 stop bit: `UART(n)`'s default.
pub const DEFAULT: UartConfig = UartConfig {
    baudrate: 9600,
    bits: 8,
    parity: None,
    stop: 1,
};

/// The HAL's configuration for `c`; `None` unless it has 8 data bits (the
/// chip's word is 8 or 9 bits counting the parity bit, and the receive
/// interrupt keeps the low 8 bits of each word).
fn hal_config(c: &UartConfig) -> Option<config::Config> {
    let word = match (c.bits, c.parity.is_some()) {
        (8, false) => config::WordLength::DataBits8,
        (8, true) => config::WordLength::DataBits9,
        _ => return None,
    };
    let parity = match c.parity {
        None => config::Parity::ParityNone,
        Some(0) => config::Parity::ParityEven,
        Some(_) => config::Parity::ParityOdd,
    };
    let stop = if c.stop == 2 {
        config::StopBits::STOP2
    } else {
        config::StopBits::STOP1
    };
    Some(config::Config {
        baudrate: stm32f4xx_hal::time::Bps(c.baudrate),
        wordlength: word,
        parity,
        stopbits: stop,
        ..config::Config::default()
    })
}

/// Sets up (or again) `state` with `c`, with the pins `pins` makes.
pub fn setup<U: Instance>(
    state: &mut State<U>,
    c: &UartConfig,
    irq: stm32f4xx_hal::pac::Interrupt,
    rcc: &mut Rcc,
    pins: impl FnOnce() -> (U::Tx<PushPull>, U::Rx<PushPull>),
) -> Result<(), HalError> {
    let cfg = hal_config(c).ok_or(HalError::Unsupported)?;
    // The divider (16 bits, in sixteenths of the bus clock, at least 8)
    // limits the rates the bus clock can make; the HAL checks only the top.
    let pclk = U::clock(&rcc.clocks).raw();
    if c.baudrate == 0 || pclk / c.baudrate > 0xFFFF || c.baudrate > pclk / 8 {
        return Err(HalError::Unsupported);
    }
    let usart = match core::mem::replace(state, State::Gone) {
        State::Off(u) => u,
        State::On(s) => {
            NVIC::mask(irq);
            s.release().0
        }
        State::Gone => return Err(HalError::Io),
    };
    // Checked above, so the HAL accepts it (were it to refuse, the
    // peripheral would be lost to this UART, which then reports `Io`).
    let mut s = Serial::new(usart, pins(), cfg, rcc).map_err(|_| HalError::Unsupported)?;
    s.listen(serial::Event::RxNotEmpty);
    *state = State::On(s);
    // SAFETY: the receive handler reads only this USART's status and data
    // registers and pushes into its ring.
    unsafe { NVIC::unmask(irq) };
    Ok(())
}

/// The receive interrupt of a USART: moves a received byte into `rx`
/// (reading the data register after the status register also clears an
/// overrun).
pub fn on_receive(sr_rxne: bool, sr_ore: bool, read_dr: impl FnOnce() -> u8, rx: &RxRing) {
    if sr_rxne || sr_ore {
        let byte = read_dr();
        if sr_rxne {
            rx.push(byte);
        }
    }
}

/// A running UART as `machine` drives it.
pub struct Port<'a, U: Instance> {
    /// The driver (transmit side; receiving is the interrupt's).
    pub serial: &'a mut Serial<U>,
    /// What the interrupt received.
    pub rx: &'a RxRing,
}

impl<U: Instance> UartIo for Port<'_, U> {
    fn write(&mut self, bytes: &[u8]) -> Result<usize, HalError> {
        // The first byte waits for the transmitter; the others go while it
        // takes them without waiting.
        let Some((&first, rest)) = bytes.split_first() else {
            return Ok(0);
        };
        nb::block!(self.serial.write(first)).map_err(|_| HalError::Io)?;
        let mut n = 1;
        for &b in rest {
            match self.serial.write(b) {
                Ok(()) => n += 1,
                Err(nb::Error::WouldBlock) => break,
                Err(nb::Error::Other(_)) => return Err(HalError::Io),
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> Result<(), HalError> {
        nb::block!(self.serial.flush()).map_err(|_| HalError::Io)
    }

    fn read_ready(&mut self) -> Result<bool, HalError> {
        Ok(!self.rx.is_empty())
    }

    fn read(&mut self, buf: &mut [u8]) -> Result<usize, HalError> {
        Ok(self.rx.pop_into(buf))
    }

    fn available(&mut self) -> Result<usize, HalError> {
        Ok(self.rx.len())
    }
}

/// Defines, for each `[uart]` bus of `board.toml` (`buses.rs`), its state,
/// its ring and its receive interrupt, and the functions `machine` calls
/// by id: [`with`] and [`configure`].
macro_rules! uart_buses {
    ($($id:literal $U:ident ($tp:literal, $tn:literal) ($rp:literal, $rn:literal),)*) => {
        $(
            #[allow(non_snake_case)]
            mod $U {
                use stm32f4xx_hal::pac::{self, interrupt};

                pub static STATE: crate::slot::Slot<super::State<pac::$U>> =
                    crate::slot::Slot::empty();
                pub static RX: super::RxRing = super::RxRing::new();

                pub fn pins() -> (
                    <pac::$U as stm32f4xx_hal::gpio::alt::SerialAsync>::Tx<stm32f4xx_hal::gpio::PushPull>,
                    <pac::$U as stm32f4xx_hal::gpio::alt::SerialAsync>::Rx<stm32f4xx_hal::gpio::PushPull>,
                ) {
                    (
                        crate::slot::pin::<$tp, $tn>().into(),
                        crate::slot::pin::<$rp, $rn>().into(),
                    )
                }

                #[interrupt]
                fn $U() {
                    // SAFETY: reads this USART's status and data registers;
                    // thread mode only transmits (its reads come from `RX`).
                    let regs = unsafe { &*pac::$U::ptr() };
                    let sr = regs.sr().read();
                    super::on_receive(
                        sr.rxne().bit_is_set(),
                        sr.ore().bit_is_set(),
                        || regs.dr().read().bits() as u8,
                        &RX,
                    );
                }
            }
        )*

        /// Gives each UART's peripheral to its slot (start-up).
        pub fn install() {
            $(
                // SAFETY: the firmware's `main` leaves this peripheral to
                // this module, which takes it once.
                $U::STATE.put(State::Off(unsafe { <stm32f4xx_hal::pac::$U as stm32f4xx_hal::Steal>::steal() }));
            )*
        }

        /// Lends UART `id`, setting it up with the defaults on first use.
        pub fn with(id: u8, f: &mut dyn FnMut(&mut dyn UartIo)) -> Result<(), HalError> {
            match id {
                $($id => $U::STATE.with(|s| {
                    if matches!(s, State::Off(_)) {
                        crate::machine::with_rcc(|rcc| {
                            setup(s, &DEFAULT, stm32f4xx_hal::pac::Interrupt::$U, rcc, $U::pins)
                        })??;
                    }
                    match s {
                        State::On(serial) => {
                            f(&mut Port { serial, rx: &$U::RX });
                            Ok(())
                        }
                        _ => Err(HalError::Io),
                    }
                })?,)*
                _ => Err(HalError::InvalidId),
            }
        }

        /// Applies `c` to UART `id`.
        pub fn configure(id: u8, c: &UartConfig) -> Result<(), HalError> {
            match id {
                $($id => $U::STATE.with(|s| {
                    crate::machine::with_rcc(|rcc| {
                        setup(s, c, stm32f4xx_hal::pac::Interrupt::$U, rcc, $U::pins)
                    })?
                })?,)*
                _ => Err(HalError::InvalidId),
            }
        }
    };
}

uart_bus_list!(uart_buses);
