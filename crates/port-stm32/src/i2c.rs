//! `machine.I2C(n)`: the I2C controllers `board.toml`'s `[i2c]` lists, over
//! stm32f4xx-hal's blocking `I2c` (an embedded-hal `I2c`, which
//! `pyrite-hal` drives). Each is set up (at 400 kHz) the first time it is
//! used, and again when a frequency is given.
//!
//! The HAL waits on the controller's flags without a limit, so a
//! transaction starts only when the controller is enabled (it reads back
//! so: qemu, which does not model I2C, reads all zeros and gets `OSError`)
//! and the bus is free within 10 ms (not held by another master or a stuck
//! line). A device that stretches the clock for ever in the middle of a
//! transfer still hangs it.

use pyrite_port_cortexm::hal::{HalError, I2cBus};
use stm32f4xx_hal::i2c::{I2c, Instance, Mode};
use stm32f4xx_hal::rcc::Rcc;
use stm32f4xx_hal::time::Hertz;

use crate::clock;

/// How long a transaction waits for a busy bus, in microseconds.
const BUSY_WAIT_US: u64 = 10_000;

/// An I2C controller's driver, set up or not.
pub enum State<I: Instance> {
    /// Not set up yet: the peripheral.
    Off(I),
    /// Running.
    On(I2c<I>),
    /// Between the two (only while being set up).
    Gone,
}

/// `I2C(n)`'s default clock.
pub const DEFAULT_HZ: u32 = 400_000;

/// Sets up (or again) `state` at `hz` (standard mode up to 100 kHz, fast
/// mode up to 400 kHz; the slowest is the bus clock / 8190), with the pins
/// `pins` makes (`scl`, `sda`).
pub fn setup<I: Instance>(
    state: &mut State<I>,
    hz: u32,
    rcc: &mut Rcc,
    pins: impl FnOnce() -> (I::Scl, I::Sda),
) -> Result<(), HalError> {
    let bus = rcc.clocks.pclk1().raw();
    if hz == 0 || hz > 400_000 || bus / (2 * hz) > 0xFFF {
        return Err(HalError::Unsupported);
    }
    let i2c = match core::mem::replace(state, State::Gone) {
        State::Off(i) => i,
        State::On(i) => i.release().0,
        State::Gone => return Err(HalError::Io),
    };
    let mode = Mode::from(Hertz::from_raw(hz));
    *state = State::On(I2c::new(i2c, pins(), mode, rcc));
    Ok(())
}

/// A running controller as `machine` drives it: every transaction is
/// checked to be able to finish first (see the module's notes).
pub struct Checked<'a, I: Instance>(pub &'a mut I2c<I>);

impl<I: Instance> Checked<'_, I> {
    fn ready(&self) -> Result<(), HalError> {
        // SAFETY: reads of this controller's control and status registers,
        // which have no side effects (SR2 is read alone, not after SR1).
        let regs = unsafe { &*I::PTR };
        if regs.cr1().read().pe().bit_is_clear() {
            return Err(HalError::Io);
        }
        let end = clock::ticks_us() + BUSY_WAIT_US;
        while regs.sr2().read().busy().bit_is_set() {
            if clock::ticks_us() > end {
                return Err(HalError::Timeout);
            }
        }
        Ok(())
    }
}

impl<I: Instance> I2cBus for Checked<'_, I> {
    fn write(&mut self, addr: u8, bytes: &[u8]) -> Result<(), HalError> {
        self.ready()?;
        I2cBus::write(self.0, addr, bytes)
    }

    fn read(&mut self, addr: u8, buf: &mut [u8]) -> Result<(), HalError> {
        self.ready()?;
        I2cBus::read(self.0, addr, buf)
    }

    fn write_read(&mut self, addr: u8, bytes: &[u8], buf: &mut [u8]) -> Result<(), HalError> {
        self.ready()?;
        I2cBus::write_read(self.0, addr, bytes, buf)
    }

    fn write2(&mut self, addr: u8, head: &[u8], tail: &[u8]) -> Result<(), HalError> {
        self.ready()?;
        I2cBus::write2(self.0, addr, head, tail)
    }
}

/// Defines, for each `[i2c]` bus of `board.toml` (`buses.rs`), its state,
/// and the functions `machine` calls by id: [`with`] and [`configure`].
macro_rules! i2c_buses {
    ($($id:literal $I:ident ($cp:literal, $cn:literal) ($dp:literal, $dn:literal),)*) => {
        $(
            #[allow(non_snake_case)]
            mod $I {
                use stm32f4xx_hal::gpio::alt::I2cCommon;
                use stm32f4xx_hal::pac;

                pub static STATE: crate::slot::Slot<super::State<pac::$I>> =
                    crate::slot::Slot::empty();

                pub fn pins() -> (<pac::$I as I2cCommon>::Scl, <pac::$I as I2cCommon>::Sda) {
                    (
                        crate::slot::pin::<$cp, $cn>().into(),
                        crate::slot::pin::<$dp, $dn>().into(),
                    )
                }
            }
        )*

        /// Gives each bus's peripheral to its slot (start-up).
        pub fn install() {
            $(
                // SAFETY: the firmware's `main` leaves this peripheral to
                // this module, which takes it once.
                $I::STATE.put(State::Off(unsafe { <stm32f4xx_hal::pac::$I as stm32f4xx_hal::Steal>::steal() }));
            )*
        }

        /// Lends I2C `id`, setting it up at 400 kHz on first use.
        pub fn with(id: u8, f: &mut dyn FnMut(&mut dyn I2cBus)) -> Result<(), HalError> {
            match id {
                $($id => $I::STATE.with(|s| {
                    if matches!(s, State::Off(_)) {
                        crate::machine::with_rcc(|rcc| setup(s, DEFAULT_HZ, rcc, $I::pins))??;
                    }
                    match s {
                        State::On(i2c) => {
                            f(&mut Checked(i2c));
                            Ok(())
                        }
                        _ => Err(HalError::Io),
                    }
                })?,)*
                _ => Err(HalError::InvalidId),
            }
        }

        /// Sets I2C `id`'s clock to `hz`.
        pub fn configure(id: u8, hz: u32) -> Result<(), HalError> {
            match id {
                $($id => $I::STATE.with(|s| {
                    crate::machine::with_rcc(|rcc| setup(s, hz, rcc, $I::pins))?
                })?,)*
                _ => Err(HalError::InvalidId),
            }
        }
    };
}

i2c_bus_list!(i2c_buses);
