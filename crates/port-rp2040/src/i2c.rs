//! `machine.I2C(0)` and `I2C(1)`: the RP2040's two I2C controllers on the
//! pins `board.toml`'s `[i2c]` gives, over rp2040-hal's `I2C` (controller
//! mode, 7-bit addresses). A controller is set up the first time it is
//! used (400 kHz; its pins become the bus's, with the chip's pull-ups on)
//! and again when `freq` is given. Empty transfers, which the controller
//! cannot make, are handled by `i2c_probe` (`scan()` probes with one-byte
//! reads).

use core::mem;

use pyrite_port_cortexm::hal::{HalError, I2cBus};
use rp2040_hal::fugit::RateExtU32 as _;
use rp2040_hal::gpio::{DynPinId, DynPullType, FunctionI2c, Pin};
use rp2040_hal::i2c::{Controller, I2C, I2cDevice, ValidatedPinScl, ValidatedPinSda};
use rp2040_hal::pac::{self, I2C0, I2C1};

use crate::buses::{I2C_PINS, bus_pins};
use crate::firmware::SYSCLK_HZ;
use crate::i2c_probe;
use crate::machine::{claim, release, with_resets};
use crate::rates::i2c_freq_ok;
use pyrite_port_cortexm::slot::Slot;

type I2cPin = Pin<DynPinId, FunctionI2c, DynPullType>;
type Bus<T> = I2C<T, (ValidatedPinSda<I2cPin, T>, ValidatedPinScl<I2cPin, T>), Controller>;

/// A controller, set up or not.
enum State<T: I2cDevice> {
    /// Not set up yet: the peripheral.
    Off(T),
    /// Running.
    On(Bus<T>),
    /// Between the two (only while being set up).
    Gone,
}

static BUS0: Slot<State<I2C0>> = Slot::empty();
static BUS1: Slot<State<I2C1>> = Slot::empty();

/// `I2C(id)`'s default clock.
const DEFAULT_HZ: u32 = 400_000;

/// Gives the controllers to `machine` (start-up).
pub fn install(i2c0: I2C0, i2c1: I2C1) {
    BUS0.put(State::Off(i2c0));
    BUS1.put(State::Off(i2c1));
}

/// Takes the pins of `[i2c] id` for `i2c`.
#[allow(clippy::type_complexity)]
fn pins<T: I2cDevice>(
    id: u8,
    i2c: &T,
) -> Result<(ValidatedPinSda<I2cPin, T>, ValidatedPinScl<I2cPin, T>), HalError> {
    let [scl, sda] = bus_pins(I2C_PINS, id)?;
    // The chip's pull-ups (50-80 kOhm): enough for a short bus at 100 kHz
    // without resistors of its own.
    let scl = claim::<FunctionI2c>(scl, DynPullType::Up)?;
    let sda = match claim::<FunctionI2c>(sda, DynPullType::Up) {
        Ok(sda) => sda,
        Err(e) => {
            release(scl);
            return Err(e);
        }
    };
    let scl = match ValidatedPinScl::validate(scl, i2c) {
        Ok(scl) => scl,
        Err(scl) => {
            release(scl);
            release(sda);
            return Err(HalError::Unsupported);
        }
    };
    // `build.rs` checked the pins, so this cannot fail; were it to, the
    // SCL pin, validated, would stay with this bus.
    let sda = ValidatedPinSda::validate(sda, i2c).map_err(|sda| {
        release(sda);
        HalError::Unsupported
    })?;
    Ok((sda, scl))
}

/// Sets controller `id` up (or again) at `freq_hz`.
fn setup<T: I2cDevice>(
    id: u8,
    state: &mut State<T>,
    freq_hz: u32,
    resets: &mut pac::RESETS,
) -> Result<(), HalError> {
    if !i2c_freq_ok(SYSCLK_HZ, freq_hz) {
        return Err(HalError::Unsupported);
    }
    let (i2c, (sda, scl)) = match mem::replace(state, State::Gone) {
        State::Off(i2c) => match pins(id, &i2c) {
            Ok(pins) => (i2c, pins),
            Err(e) => {
                *state = State::Off(i2c);
                return Err(e);
            }
        },
        State::On(bus) => bus.free(resets),
        State::Gone => return Err(HalError::Io),
    };
    // `i2c_freq_ok` checked every divider the HAL asserts on.
    let bus = I2C::new_controller(i2c, sda, scl, freq_hz.Hz(), resets, SYSCLK_HZ.Hz());
    *state = State::On(bus);
    Ok(())
}

fn lend<T: I2cDevice>(
    id: u8,
    slot: &Slot<State<T>>,
    f: &mut dyn FnMut(&mut dyn I2cBus),
) -> Result<(), HalError> {
    slot.with(|state| {
        if matches!(state, State::Off(_)) {
            with_resets(|resets| setup(id, state, DEFAULT_HZ, resets))??;
        }
        match state {
            State::On(bus) => {
                f(&mut i2c_probe::Controller(bus));
                Ok(())
            }
            _ => Err(HalError::Io),
        }
    })?
}

/// Lends controller `id`, setting it up at 400 kHz on first use.
pub fn with(id: u8, f: &mut dyn FnMut(&mut dyn I2cBus)) -> Result<(), HalError> {
    bus_pins(I2C_PINS, id)?;
    match id {
        0 => lend(id, &BUS0, f),
        1 => lend(id, &BUS1, f),
        _ => Err(HalError::InvalidId),
    }
}

/// Runs controller `id` at `freq_hz`.
pub fn configure(id: u8, freq_hz: u32) -> Result<(), HalError> {
    bus_pins(I2C_PINS, id)?;
    match id {
        0 => BUS0.with(|s| with_resets(|r| setup(id, s, freq_hz, r))?)?,
        1 => BUS1.with(|s| with_resets(|r| setup(id, s, freq_hz, r))?)?,
        _ => Err(HalError::InvalidId),
    }
}
