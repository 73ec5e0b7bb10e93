//! `machine` on the pyboard: every GPIO pin of ports A to D as a dynamic
//! pin (any mode and pull at run time), named from `board.toml`'s
//! `[pins]` (`X1`..`Y12`, `SW`, `LED_RED`/`GREEN`/`YELLOW`/`BLUE`) and by
//! chip name (`A13`), or by number (`port * 32 + pin`: `B4` is 36).
//!
//! The pins are driven through the registers of the PAC under
//! stm32f4xx-hal, erased over the port the way the HAL's own `gpio` module
//! does (one register-block type for every port), so one Rust type serves
//! every pin: the HAL's typestate pins (`PB4<Output>`) cannot change mode
//! at run time and its `DynamicPin` is one type per pin. No UART, I2C,
//! SPI, timers or pin interrupts yet (USART1 is the REPL).

use core::sync::atomic::{AtomicBool, Ordering};

use pyrite_port_cortexm::hal::{
    Board, BoardInfo, Features, HalError, PinIo, PinMode, PinName, Pull,
};
use pyrite_port_cortexm::machine::pin_names;
use stm32f4xx_hal::pac::{self, gpioa::RegisterBlock};

/// The named pins, then the same pins by chip name.
static PIN_NAMES: [PinName; 2 * crate::firmware::PINS.len()] = pin_names(crate::firmware::PINS);

/// The board's facts at 168 MHz (the crystal started).
static INFO_PLL: BoardInfo = info(crate::firmware::SYSCLK_HZ);
/// The board's facts on the 16 MHz internal oscillator (qemu).
static INFO_HSI: BoardInfo = info(16_000_000);

const fn info(cpu_freq_hz: u32) -> BoardInfo {
    BoardInfo {
        name: crate::firmware::DESCRIPTION,
        pins: &PIN_NAMES,
        i2c: &[],
        spi: &[],
        uart: &[],
        cpu_freq_hz,
        // The factory id at 0x1FFF7A10 is not read: qemu maps no system
        // memory there.
        unique_id: &[],
        features: Features::empty(),
    }
}

/// Whether the PLL runs (set at start-up).
static ON_PLL: AtomicBool = AtomicBool::new(false);

/// GPIO ports A to D (the LQFP64 package's pins; H has only the crystal).
const PORTS: u16 = 4;

/// The pyboard's `machine` devices.
pub struct Pyboard;

/// The one instance, lent to `pyrite-hal`.
pub static MACHINE: Pyboard = Pyboard;

/// Enables the clocks of GPIO ports A to D and records the CPU clock.
/// `pll`: whether the system clock is the 168 MHz PLL.
pub fn init(
    rcc: &mut stm32f4xx_hal::rcc::Rcc,
    gpioa: pac::GPIOA,
    gpioc: pac::GPIOC,
    gpiod: pac::GPIOD,
    pll: bool,
) {
    use stm32f4xx_hal::gpio::GpioExt;
    // `split` enables (and resets) each port; the typed pins are dropped,
    // the registers are used below. Port B is split by the console.
    let _ = gpioa.split(rcc);
    let _ = gpioc.split(rcc);
    let _ = gpiod.split(rcc);
    ON_PLL.store(pll, Ordering::Relaxed);
}

/// One pin: its port's registers and its number.
struct Gpio {
    regs: &'static RegisterBlock,
    pin: u8,
}

impl Gpio {
    /// The 2-bit field `v` of this pin in a 16x2-bit register value `r`.
    fn field2(&self, r: u32, v: u32) -> u32 {
        let shift = 2 * u32::from(self.pin);
        (r & !(3 << shift)) | (v << shift)
    }

    fn mask(&self) -> u32 {
        1 << self.pin
    }

    fn pull_bits(pull: Pull) -> u32 {
        match pull {
            Pull::None => 0,
            Pull::Up => 1,
            Pull::Down => 2,
        }
    }
}

impl PinIo for Gpio {
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError> {
        let (moder, open_drain) = match mode {
            PinMode::In => (0, false),
            PinMode::Out => (1, false),
            PinMode::OpenDrain => (1, true),
            PinMode::Alt => (2, false),
            PinMode::AltOpenDrain => (2, true),
            PinMode::Analog => (3, false),
        };
        let mask = self.mask();
        // The read-modify-writes of the shared port registers run with
        // interrupts off.
        critical_section::with(|_| {
            // SAFETY: every bit pattern is valid for these registers; only
            // this pin's bits change.
            unsafe {
                self.regs.otyper().modify(|r, w| {
                    w.bits(if open_drain {
                        r.bits() | mask
                    } else {
                        r.bits() & !mask
                    })
                });
                if let Some(p) = pull {
                    let bits = self.field2(self.regs.pupdr().read().bits(), Self::pull_bits(p));
                    self.regs.pupdr().write(|w| w.bits(bits));
                }
                let bits = self.field2(self.regs.moder().read().bits(), moder);
                self.regs.moder().write(|w| w.bits(bits));
            }
        });
        Ok(())
    }

    fn set_pull(&mut self, pull: Pull) -> Result<(), HalError> {
        critical_section::with(|_| {
            let bits = self.field2(self.regs.pupdr().read().bits(), Self::pull_bits(pull));
            // SAFETY: every bit pattern is a valid pull setting.
            self.regs.pupdr().write(|w| unsafe { w.bits(bits) });
        });
        Ok(())
    }

    fn write(&mut self, high: bool) -> Result<(), HalError> {
        let bits = if high { self.mask() } else { self.mask() << 16 };
        // SAFETY: BSRR sets (low half) or resets (high half) the pins
        // whose bits are 1, atomically; other pins are untouched.
        self.regs.bsrr().write(|w| unsafe { w.bits(bits) });
        Ok(())
    }

    fn read(&mut self) -> Result<bool, HalError> {
        Ok(self.regs.idr().read().bits() & self.mask() != 0)
    }

    fn toggle(&mut self) -> Result<(), HalError> {
        // The driven level (ODR), as MicroPython's `toggle` does.
        let high = self.regs.odr().read().bits() & self.mask() != 0;
        self.write(!high)
    }
}

/// Port `port`'s registers (`0` = GPIOA).
fn port_regs(port: u16) -> &'static RegisterBlock {
    let ptr: *const RegisterBlock = match port {
        0 => pac::GPIOA::ptr(),
        1 => pac::GPIOB::ptr().cast(),
        2 => pac::GPIOC::ptr().cast(),
        _ => pac::GPIOD::ptr().cast(),
    };
    // SAFETY: the GPIO ports of the STM32F4 share one register layout (the
    // HAL casts them the same way); the block is memory-mapped for the
    // program's whole life, and every access to it is a volatile register
    // access (the read-modify-writes run in critical sections).
    unsafe { &*ptr }
}

impl Board for Pyboard {
    fn info(&self) -> &BoardInfo {
        if ON_PLL.load(Ordering::Relaxed) {
            &INFO_PLL
        } else {
            &INFO_HSI
        }
    }

    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        let (port, pin) = (id / 32, id % 32);
        if port >= PORTS || pin >= 16 {
            return Err(HalError::InvalidId);
        }
        f(&mut Gpio {
            regs: port_regs(port),
            pin: pin as u8,
        });
        Ok(())
    }

    fn reset(&self) {
        cortex_m::peripheral::SCB::sys_reset()
    }
}
