//! `machine.SPI(n)`: the SPI controllers `board.toml`'s `[spi]` lists, as
//! masters over stm32f4xx-hal's blocking `Spi` (an embedded-hal `SpiBus`,
//! which `pyrite-hal` drives). Each is set up the first time it is used and
//! again by `init`; chip select is the program's, through a `Pin`.

use pyrite_port_cortexm::hal::{HalError, SpiConfig, SpiIo};
use stm32f4xx_hal::rcc::Rcc;
use stm32f4xx_hal::spi::{BitFormat, Instance, Mode, Phase, Polarity, Spi};
use stm32f4xx_hal::time::Hertz;

/// An SPI controller's driver, set up or not.
pub enum State<S: Instance> {
    /// Not set up yet: the peripheral.
    Off(S),
    /// Running.
    On(Spi<S>),
    /// Between the two (only while being set up).
    Gone,
}

/// 1 MHz, mode 0, MSB first: `SPI(n)`'s default.
pub const DEFAULT: SpiConfig = SpiConfig {
    baudrate: 1_000_000,
    polarity: 0,
    phase: 0,
    bits: 8,
    lsb_first: false,
};

/// Sets up (or again) `state` with `c`, with the pins `pins` makes
/// (`sck`, `miso`, `mosi`). The clock is the fastest the bus clock's
/// dividers make that is not above `c.baudrate` (at most half the bus
/// clock, at least 1/256 of it).
pub fn setup<S: Instance>(
    state: &mut State<S>,
    c: &SpiConfig,
    rcc: &mut Rcc,
    pins: impl FnOnce() -> (S::Sck, S::Miso, S::Mosi),
) -> Result<(), HalError> {
    if c.bits != 8 {
        return Err(HalError::Unsupported);
    }
    let bus = S::clock(&rcc.clocks).raw();
    let freq = c.baudrate.clamp(1, bus / 2);
    let mode = Mode {
        polarity: if c.polarity == 0 {
            Polarity::IdleLow
        } else {
            Polarity::IdleHigh
        },
        phase: if c.phase == 0 {
            Phase::CaptureOnFirstTransition
        } else {
            Phase::CaptureOnSecondTransition
        },
    };
    let spi = match core::mem::replace(state, State::Gone) {
        State::Off(s) => s,
        State::On(s) => s.release().0,
        State::Gone => return Err(HalError::Io),
    };
    let (sck, miso, mosi) = pins();
    let mut s = Spi::new(
        spi,
        (Some(sck), Some(miso), Some(mosi)),
        mode,
        Hertz::from_raw(freq),
        rcc,
    );
    if c.lsb_first {
        s.bit_format(BitFormat::LsbFirst);
    }
    *state = State::On(s);
    Ok(())
}

/// Defines, for each `[spi]` bus of `board.toml` (`buses.rs`), its state,
/// and the functions `machine` calls by id: [`with`] and [`configure`].
macro_rules! spi_buses {
    ($($id:literal $S:ident ($cp:literal, $cn:literal) ($mp:literal, $mn:literal) ($op:literal, $on:literal),)*) => {
        $(
            #[allow(non_snake_case)]
            mod $S {
                use stm32f4xx_hal::gpio::alt::SpiCommon;
                use stm32f4xx_hal::pac;

                pub static STATE: crate::slot::Slot<super::State<pac::$S>> =
                    crate::slot::Slot::empty();

                pub fn pins() -> (
                    <pac::$S as SpiCommon>::Sck,
                    <pac::$S as SpiCommon>::Miso,
                    <pac::$S as SpiCommon>::Mosi,
                ) {
                    (
                        crate::slot::pin::<$cp, $cn>().into(),
                        crate::slot::pin::<$mp, $mn>().into(),
                        crate::slot::pin::<$op, $on>().into(),
                    )
                }
            }
        )*

        /// Gives each bus's peripheral to its slot (start-up).
        pub fn install() {
            $(
                // SAFETY: the firmware's `main` leaves this peripheral to
                // this module, which takes it once.
                $S::STATE.put(State::Off(unsafe { <stm32f4xx_hal::pac::$S as stm32f4xx_hal::Steal>::steal() }));
            )*
        }

        /// Lends SPI `id`, setting it up with the defaults on first use.
        pub fn with(id: u8, f: &mut dyn FnMut(&mut dyn SpiIo)) -> Result<(), HalError> {
            match id {
                $($id => $S::STATE.with(|s| {
                    if matches!(s, State::Off(_)) {
                        crate::machine::with_rcc(|rcc| setup(s, &DEFAULT, rcc, $S::pins))??;
                    }
                    match s {
                        State::On(spi) => {
                            f(spi);
                            Ok(())
                        }
                        _ => Err(HalError::Io),
                    }
                })?,)*
                _ => Err(HalError::InvalidId),
            }
        }

        /// Applies `c` to SPI `id`.
        pub fn configure(id: u8, c: &SpiConfig) -> Result<(), HalError> {
            match id {
                $($id => $S::STATE.with(|s| {
                    crate::machine::with_rcc(|rcc| setup(s, c, rcc, $S::pins))?
                })?,)*
                _ => Err(HalError::InvalidId),
            }
        }
    };
}

spi_bus_list!(spi_buses);
