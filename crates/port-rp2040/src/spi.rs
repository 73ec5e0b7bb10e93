//! `machine.SPI(0)` and `SPI(1)`: the RP2040's two SPI controllers as
//! masters on the pins `board.toml`'s `[spi]` gives (SCK, MISO, MOSI; CSn
//! is the program's, as a `Pin`), over rp2040-hal's `Spi` with 8-bit
//! words. A controller is set up the first time it is used (1 MHz, mode 0;
//! its pins become the bus's) and again by `init`: modes 0-3, MSB first
//! only (the controller has no LSB-first framing), and the fastest rate
//! the dividers make at or below `baudrate` (at most 62.5 MHz, at least
//! 1923 Hz), which this module sets itself (`rates::spi_dividers`).

use core::mem;

use embedded_hal::spi::{MODE_0, MODE_1, MODE_2, MODE_3, Mode};
use pyrite_port_cortexm::hal::{HalError, SpiConfig, SpiIo};
use rp2040_hal::fugit::RateExtU32 as _;
use rp2040_hal::gpio::{DynPinId, DynPullType, FunctionSpi, Pin};
use rp2040_hal::pac::{self, SPI0, SPI1};
use rp2040_hal::spi::{Enabled, Spi, SpiDevice, ValidatedPinRx, ValidatedPinSck, ValidatedPinTx};

use crate::buses::{SPI_PINS, bus_pins};
use crate::firmware::PERI_HZ;
use crate::machine::{claim, release, with_resets};
use crate::rates::spi_dividers;
use pyrite_port_cortexm::slot::Slot;

type SpiPin = Pin<DynPinId, FunctionSpi, DynPullType>;
/// MOSI (TX), MISO (RX), SCK: the HAL's order.
type Pins<T> = (
    ValidatedPinTx<SpiPin, T>,
    ValidatedPinRx<SpiPin, T>,
    ValidatedPinSck<SpiPin, T>,
);

/// A controller, set up or not.
enum State<T: SpiDevice> {
    /// Not set up yet: the peripheral.
    Off(T),
    /// Running.
    On(Spi<Enabled, T, Pins<T>, 8>),
    /// Between the two (only while being set up).
    Gone,
}

static BUS0: Slot<State<SPI0>> = Slot::empty();
static BUS1: Slot<State<SPI1>> = Slot::empty();

/// 1 MHz, mode 0, 8 bits, MSB first: `SPI(id)`'s default.
const DEFAULT: SpiConfig = SpiConfig {
    baudrate: 1_000_000,
    polarity: 0,
    phase: 0,
    bits: 8,
    lsb_first: false,
};

/// Gives the controllers to `machine` (start-up).
pub fn install(spi0: SPI0, spi1: SPI1) {
    BUS0.put(State::Off(spi0));
    BUS1.put(State::Off(spi1));
}

/// Takes the pins of `[spi] id` for `spi`: all three, or none (another
/// bus may hold one: I2C0 and SPI1 share GP8).
fn pins<T: SpiDevice>(id: u8, spi: &T) -> Result<Pins<T>, HalError> {
    let [sck, miso, mosi] = bus_pins(SPI_PINS, id)?;
    let sck = claim::<FunctionSpi>(sck, DynPullType::None)?;
    let miso = match claim::<FunctionSpi>(miso, DynPullType::None) {
        Ok(p) => p,
        Err(e) => {
            release(sck);
            return Err(e);
        }
    };
    let mosi = match claim::<FunctionSpi>(mosi, DynPullType::None) {
        Ok(p) => p,
        Err(e) => {
            release(sck);
            release(miso);
            return Err(e);
        }
    };
    // `build.rs` checked the pins, so validation cannot fail; were it to,
    // the pins validated before would stay with this bus.
    let mosi = match ValidatedPinTx::validate(mosi, spi) {
        Ok(p) => p,
        Err(p) => {
            release(p);
            release(miso);
            release(sck);
            return Err(HalError::Unsupported);
        }
    };
    let miso = match ValidatedPinRx::validate(miso, spi) {
        Ok(p) => p,
        Err(p) => {
            release(p);
            release(sck);
            return Err(HalError::Unsupported);
        }
    };
    let sck = ValidatedPinSck::validate(sck, spi).map_err(|p| {
        release(p);
        HalError::Unsupported
    })?;
    Ok((mosi, miso, sck))
}

/// The clock mode of `c`.
fn mode(c: &SpiConfig) -> Mode {
    match (c.polarity, c.phase) {
        (0, 0) => MODE_0,
        (0, _) => MODE_1,
        (_, 0) => MODE_2,
        _ => MODE_3,
    }
}

/// Sets controller `id` up (or again) with `c`.
fn setup<T: SpiDevice>(
    id: u8,
    state: &mut State<T>,
    c: &SpiConfig,
    resets: &mut pac::RESETS,
) -> Result<(), HalError> {
    let Some((prescale, postdiv, _)) = spi_dividers(PERI_HZ, c.baudrate) else {
        return Err(HalError::Unsupported);
    };
    if c.bits != 8 || c.lsb_first {
        return Err(HalError::Unsupported);
    }
    let disabled = match mem::replace(state, State::Gone) {
        State::Off(spi) => match pins(id, &spi) {
            Ok(pins) => Spi::new(spi, pins),
            Err(e) => {
                *state = State::Off(spi);
                return Err(e);
            }
        },
        State::On(spi) => spi.disable(),
        State::Gone => return Err(HalError::Io),
    };
    // The HAL sets dividers of its own first; any rate `spi_dividers`
    // accepts is one it finds a prescale for (it asserts that in debug
    // builds).
    let spi = disabled.init(resets, PERI_HZ.Hz(), c.baudrate.Hz(), mode(c));
    set_dividers::<T>(prescale, postdiv);
    *state = State::On(spi);
    Ok(())
}

/// Replaces the clock dividers the HAL chose for controller `T`.
fn set_dividers<T: SpiDevice>(prescale: u8, postdiv: u8) {
    let regs = if T::ID == 0 { SPI0::ptr() } else { SPI1::ptr() };
    // SAFETY: the controller's registers are mapped for the program's
    // life; its driver (which owns them) is held by the caller's slot
    // between set-up and use, so nothing else touches them meanwhile.
    let regs = unsafe { &*regs };
    // The dividers change with the controller off.
    regs.sspcr1().modify(|_, w| w.sse().clear_bit());
    // SAFETY: any even prescale from 2 to 254 is valid (`spi_dividers`).
    regs.sspcpsr()
        .write(|w| unsafe { w.cpsdvsr().bits(prescale) });
    // SAFETY: every post-divider value (0-255) is valid.
    regs.sspcr0()
        .modify(|_, w| unsafe { w.scr().bits(postdiv) });
    regs.sspcr1().modify(|_, w| w.sse().set_bit());
}

fn lend<T: SpiDevice>(
    id: u8,
    slot: &Slot<State<T>>,
    f: &mut dyn FnMut(&mut dyn SpiIo),
) -> Result<(), HalError> {
    slot.with(|state| {
        if matches!(state, State::Off(_)) {
            with_resets(|resets| setup(id, state, &DEFAULT, resets))??;
        }
        match state {
            State::On(spi) => {
                f(spi);
                Ok(())
            }
            _ => Err(HalError::Io),
        }
    })?
}

/// Lends controller `id`, setting it up with the defaults on first use.
pub fn with(id: u8, f: &mut dyn FnMut(&mut dyn SpiIo)) -> Result<(), HalError> {
    bus_pins(SPI_PINS, id)?;
    match id {
        0 => lend(id, &BUS0, f),
        1 => lend(id, &BUS1, f),
        _ => Err(HalError::InvalidId),
    }
}

/// Applies `c` to controller `id`.
pub fn configure(id: u8, c: &SpiConfig) -> Result<(), HalError> {
    bus_pins(SPI_PINS, id)?;
    match id {
        0 => BUS0.with(|s| with_resets(|r| setup(id, s, c, r))?)?,
        1 => BUS1.with(|s| with_resets(|r| setup(id, s, c, r))?)?,
        _ => Err(HalError::InvalidId),
    }
}
