//! `machine.UART(1)`: UART1 on the pins `board.toml`'s `[uart]` gives,
//! over rp2040-hal's `UartPeripheral`. It is set up the first time it is
//! used (9600 baud, 8N1; its pins become the UART's then) and again by
//! `init`. Its receive interrupt moves bytes into a ring, so bytes that
//! arrive while the program does something else wait there (`any()`
//! counts them) and `readinto` copies from the ring into the caller's
//! buffer without allocating. UART0 is the REPL's (refused in `machine`).

use core::mem;

use cortex_m::peripheral::NVIC;
use pyrite_port_cortexm::hal::{HalError, UartConfig, UartIo};
use rp2040_hal::fugit::RateExtU32 as _;
use rp2040_hal::gpio::{DynPinId, DynPullType, FunctionUart, Pin};
use rp2040_hal::pac::{self, UART1, interrupt};
use rp2040_hal::uart::{
    self as hal_uart, DataBits, Enabled, Parity, StopBits, UartPeripheral, ValidatedPinRx,
    ValidatedPinTx,
};

use crate::buses::{UART_PINS, bus_pins};
use crate::firmware::PERI_HZ;
use crate::machine::{claim, release, with_resets};
use crate::rates::uart_baud_ok;
use pyrite_port_cortexm::ring::Ring;
use pyrite_port_cortexm::slot::Slot;

/// The one UART `machine` drives.
const ID: u8 = 1;

type UartPin = Pin<DynPinId, FunctionUart, DynPullType>;
type Pins = (
    ValidatedPinTx<UartPin, UART1>,
    ValidatedPinRx<UartPin, UART1>,
);

/// UART1's driver, set up or not.
enum State {
    /// Not set up yet: the peripheral.
    Off(UART1),
    /// Running.
    On(UartPeripheral<Enabled, UART1, Pins>),
    /// Lost: only if the HAL refused a configuration `hal_config` let
    /// through.
    Gone,
}

static STATE: Slot<State> = Slot::empty();

/// Bytes received ahead of the program (255).
static RX: Ring<256> = Ring::new();

/// 9600 baud, 8 bits, no parity, 1 stop bit: `UART(n)`'s default.
const DEFAULT: UartConfig = UartConfig {
    baudrate: 9600,
    bits: 8,
    parity: None,
    stop: 1,
};

/// Gives UART1 to `machine` (start-up).
pub fn install(uart: UART1) {
    STATE.put(State::Off(uart));
}

/// The HAL's configuration for `c`, if the UART can do it (7 or 8 data
/// bits; a rate its divider makes).
fn hal_config(c: &UartConfig) -> Option<hal_uart::UartConfig> {
    let bits = match c.bits {
        7 => DataBits::Seven,
        8 => DataBits::Eight,
        _ => return None,
    };
    let parity = match c.parity {
        None => None,
        Some(0) => Some(Parity::Even),
        Some(_) => Some(Parity::Odd),
    };
    let stop = if c.stop == 2 {
        StopBits::Two
    } else {
        StopBits::One
    };
    uart_baud_ok(PERI_HZ, c.baudrate)
        .then(|| hal_uart::UartConfig::new(c.baudrate.Hz(), bits, parity, stop))
}

/// Takes the pins of `[uart] 1` for `uart`.
fn pins(uart: &UART1) -> Result<Pins, HalError> {
    let [tx, rx] = bus_pins(UART_PINS, ID)?;
    let tx = claim::<FunctionUart>(tx, DynPullType::None)?;
    // Pulled up, so an unconnected line reads idle.
    let rx = match claim::<FunctionUart>(rx, DynPullType::Up) {
        Ok(rx) => rx,
        Err(e) => {
            release(tx);
            return Err(e);
        }
    };
    let tx = match ValidatedPinTx::validate(tx, uart) {
        Ok(tx) => tx,
        Err(tx) => {
            release(tx);
            release(rx);
            return Err(HalError::Unsupported);
        }
    };
    // `build.rs` checked the pins, so this cannot fail; were it to, the TX
    // pin, validated, would stay with this UART.
    let rx = ValidatedPinRx::validate(rx, uart).map_err(|rx| {
        release(rx);
        HalError::Unsupported
    })?;
    Ok((tx, rx))
}

/// Sets UART1 up (or again) with `c`.
fn setup(state: &mut State, c: &UartConfig, resets: &mut pac::RESETS) -> Result<(), HalError> {
    let config = hal_config(c).ok_or(HalError::Unsupported)?;
    let disabled = match mem::replace(state, State::Gone) {
        State::Off(uart) => match pins(&uart) {
            Ok(pins) => UartPeripheral::new(uart, pins, resets),
            Err(e) => {
                *state = State::Off(uart);
                return Err(e);
            }
        },
        State::On(uart) => {
            NVIC::mask(pac::Interrupt::UART1_IRQ);
            uart.disable()
        }
        State::Gone => return Err(HalError::Io),
    };
    let mut uart = disabled
        .enable(config, PERI_HZ.Hz())
        .map_err(|_| HalError::Io)?;
    uart.enable_rx_interrupt();
    *state = State::On(uart);
    // SAFETY: the handler only reads UART1's flag and data registers
    // (thread mode only transmits) and pushes into `RX`.
    unsafe { NVIC::unmask(pac::Interrupt::UART1_IRQ) };
    Ok(())
}

/// Lends UART `id`, setting it up with the defaults on first use.
pub fn with(id: u8, f: &mut dyn FnMut(&mut dyn UartIo)) -> Result<(), HalError> {
    if id != ID {
        return Err(HalError::InvalidId);
    }
    STATE.with(|state| {
        if matches!(state, State::Off(_)) {
            with_resets(|resets| setup(state, &DEFAULT, resets))??;
        }
        match state {
            State::On(uart) => {
                f(&mut Port(uart));
                Ok(())
            }
            _ => Err(HalError::Io),
        }
    })?
}

/// Applies `c` to UART `id`.
pub fn configure(id: u8, c: &UartConfig) -> Result<(), HalError> {
    if id != ID {
        return Err(HalError::InvalidId);
    }
    STATE.with(|state| with_resets(|resets| setup(state, c, resets))?)?
}

/// The running UART as `machine` drives it: writes go to the transmit
/// FIFO, reads come from [`RX`].
struct Port<'a>(&'a mut UartPeripheral<Enabled, UART1, Pins>);

impl UartIo for Port<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<usize, HalError> {
        self.0.write_full_blocking(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> Result<(), HalError> {
        embedded_io::Write::flush(self.0).map_err(|_| HalError::Io)
    }

    fn read_ready(&mut self) -> Result<bool, HalError> {
        Ok(!RX.is_empty())
    }

    fn read(&mut self, buf: &mut [u8]) -> Result<usize, HalError> {
        Ok(RX.pop_into(buf))
    }

    fn available(&mut self) -> Result<usize, HalError> {
        Ok(RX.len())
    }
}

#[interrupt]
fn UART1_IRQ() {
    // SAFETY: UART1's registers are mapped for the program's life; this
    // handler only reads the flag register and pops the receive FIFO
    // (reading the data register), which thread mode never does.
    let regs = unsafe { &*UART1::ptr() };
    // Emptying the FIFO clears both the level and the timeout interrupt.
    while regs.uartfr().read().rxfe().bit_is_clear() {
        let word = regs.uartdr().read();
        // A framing, parity or break error: the byte is not what was sent.
        if word.fe().bit_is_clear() && word.pe().bit_is_clear() && word.be().bit_is_clear() {
            RX.push(word.data().bits());
        }
    }
}
