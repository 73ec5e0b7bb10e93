//! `machine` on the pyboard: every GPIO pin of ports A to D as a dynamic
//! pin (any mode and pull at run time), named from `board.toml`'s
//! `[pins]` (`X1`..`Y12`, `SW`, `LED_RED`/`GREEN`/`YELLOW`/`BLUE`) and by
//! chip name (`A13`), or by number (`port * 32 + pin`: `B4` is 36); the
//! buses of `board.toml`'s `[uart]`, `[i2c]` and `[spi]` (modules `uart`,
//! `i2c`, `spi`); `Timer(n)` on TIMn (`timer`); `Pin.irq` on EXTI
//! (`exti`); the factory id; `idle()` as `wfi`.
//!
//! The pins are driven through the registers of the PAC under
//! stm32f4xx-hal, erased over the port the way the HAL's own `gpio` module
//! does (one register-block type for every port), so one Rust type serves
//! every pin: the HAL's typestate pins (`PB4<Output>`) cannot change mode
//! at run time and its `DynamicPin` is one type per pin.

use core::sync::atomic::{AtomicPtr, Ordering};

use pyrite_port_cortexm::hal::{
    Board, BoardInfo, Features, HalError, I2cBus, PinIo, PinMode, PinName, Pull, SpiConfig, SpiIo,
    Trigger, UartConfig, UartIo,
};
use pyrite_port_cortexm::machine::pin_names;
use stm32f4xx_hal::pac::{self, gpioa::RegisterBlock};
use stm32f4xx_hal::rcc::Rcc;

use crate::buses::{
    I2C_NAMES, I2C_ON_CONSOLE, SPI_NAMES, SPI_ON_CONSOLE, UART_NAMES, UART_ON_CONSOLE,
};
use crate::slot::Slot;
use crate::{clock, exti, i2c, spi, timer, uart};

/// The named pins, then the same pins by chip name.
static PIN_NAMES: [PinName; 2 * crate::firmware::PINS.len()] = pin_names(crate::firmware::PINS);

/// Where the chip keeps its 96-bit unique id (RM0090, "Unique device ID
/// register"), in system memory.
const UID_ADDR: usize = 0x1FFF_7A10;
/// The id's length in bytes.
const UID_LEN: usize = 12;

/// The id under qemu, which maps no system memory (a read there faults):
/// zeros, as an unimplemented device reads.
static UID_EMULATED: [u8; UID_LEN] = [0; UID_LEN];

const fn info(cpu_freq_hz: u32, unique_id: &'static [u8]) -> BoardInfo {
    BoardInfo {
        name: crate::firmware::DESCRIPTION,
        pins: &PIN_NAMES,
        i2c: I2C_NAMES,
        spi: SPI_NAMES,
        uart: UART_NAMES,
        cpu_freq_hz,
        unique_id,
        features: Features::PIN_IRQ.union(Features::TIMER),
    }
}

/// The board's facts before `init` (never used by `machine`, which is
/// installed after it).
static INFO_EARLY: BoardInfo = info(16_000_000, &[]);

/// The board's facts, made by `init` (the clock and the id are known then).
static INFO: AtomicPtr<BoardInfo> = AtomicPtr::new(core::ptr::null_mut());

/// The clocks, lent to the buses as they are set up.
static RCC: Slot<Rcc> = Slot::empty();

/// Calls `f` with the clocks (`Io` if they are in use: a hard interrupt
/// handler setting up a bus while the program was doing so).
pub fn with_rcc<R>(f: impl FnOnce(&mut Rcc) -> R) -> Result<R, HalError> {
    RCC.with(f)
}

/// GPIO ports A to D (the LQFP64 package's pins; H has only the crystal).
const PORTS: u16 = 4;

/// The pyboard's `machine` devices.
pub struct Pyboard;

/// The one instance, lent to `pyrite-hal`.
pub static MACHINE: Pyboard = Pyboard;

/// Enables the clocks of GPIO ports A to D and of SYSCFG, takes the buses'
/// peripherals and keeps `rcc` for them, and records the CPU clock
/// (`pll`: whether the system clock is the 168 MHz PLL) and the factory id.
pub fn init(mut rcc: Rcc, gpioa: pac::GPIOA, gpioc: pac::GPIOC, gpiod: pac::GPIOD, pll: bool) {
    use stm32f4xx_hal::gpio::GpioExt;
    // `split` enables (and resets) each port; the typed pins are dropped,
    // the registers are used below. Port B is split by the console.
    let _ = gpioa.split(&mut rcc);
    let _ = gpioc.split(&mut rcc);
    let _ = gpiod.split(&mut rcc);
    exti::init(&mut rcc);
    uart::install();
    spi::install();
    i2c::install();
    RCC.put(rcc);
    let unique_id: &'static [u8] = if clock::emulated() {
        &UID_EMULATED
    } else {
        // SAFETY: the id is 12 bytes of factory-programmed system memory,
        // mapped and unchanging for the program's whole life.
        unsafe { core::slice::from_raw_parts(UID_ADDR as *const u8, UID_LEN) }
    };
    let hz = if pll {
        crate::firmware::SYSCLK_HZ
    } else {
        16_000_000
    };
    let made = cortex_m::singleton!(: BoardInfo = info(hz, unique_id));
    if let Some(i) = made {
        INFO.store(i, Ordering::Release);
    }
}

/// Stops what a program left running (timers, pin interrupts): called
/// before each VM is made.
pub fn soft_reset() {
    for id in 1..=14 {
        let _ = timer::stop(id);
    }
    exti::clear();
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

/// Whether pin `id` is one of ports A to D.
fn valid_pin(id: u16) -> bool {
    id / 32 < PORTS && id % 32 < 16
}

impl Board for Pyboard {
    fn info(&self) -> &BoardInfo {
        let p = INFO.load(Ordering::Acquire);
        if p.is_null() {
            &INFO_EARLY
        } else {
            // SAFETY: set once by `init` to a `'static` singleton, never
            // written again.
            unsafe { &*p }
        }
    }

    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        if !valid_pin(id) {
            return Err(HalError::InvalidId);
        }
        f(&mut Gpio {
            regs: port_regs(id / 32),
            pin: (id % 32) as u8,
        });
        Ok(())
    }

    fn pin_write(&self, id: u16, high: bool) -> Result<(), HalError> {
        if !valid_pin(id) {
            return Err(HalError::InvalidId);
        }
        Gpio {
            regs: port_regs(id / 32),
            pin: (id % 32) as u8,
        }
        .write(high)
    }

    fn pin_read(&self, id: u16) -> Result<bool, HalError> {
        if !valid_pin(id) {
            return Err(HalError::InvalidId);
        }
        Gpio {
            regs: port_regs(id / 32),
            pin: (id % 32) as u8,
        }
        .read()
    }

    fn uart(&self, id: u8, f: &mut dyn FnMut(&mut dyn UartIo)) -> Result<(), HalError> {
        if UART_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        uart::with(id, f)
    }

    fn configure_uart(&self, id: u8, config: &UartConfig) -> Result<(), HalError> {
        if UART_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        uart::configure(id, config)
    }

    fn spi(&self, id: u8, f: &mut dyn FnMut(&mut dyn SpiIo)) -> Result<(), HalError> {
        if SPI_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        spi::with(id, f)
    }

    fn configure_spi(&self, id: u8, config: &SpiConfig) -> Result<(), HalError> {
        if SPI_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        spi::configure(id, config)
    }

    fn i2c(&self, id: u8, f: &mut dyn FnMut(&mut dyn I2cBus)) -> Result<(), HalError> {
        if I2C_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        i2c::with(id, f)
    }

    fn configure_i2c(&self, id: u8, freq_hz: u32) -> Result<(), HalError> {
        if I2C_ON_CONSOLE.contains(&id) {
            return Err(HalError::Unsupported);
        }
        i2c::configure(id, freq_hz)
    }

    fn delay(
        &self,
        f: &mut dyn FnMut(&mut dyn stm32f4xx_hal::hal::delay::DelayNs),
    ) -> Result<(), HalError> {
        f(&mut clock::Delay);
        Ok(())
    }

    fn pin_irq(&self, id: u16, trigger: Trigger) -> Result<(), HalError> {
        if !valid_pin(id) {
            return Err(HalError::InvalidId);
        }
        exti::set(id, trigger)
    }

    fn timer_start(&self, id: u8, period_us: u64, periodic: bool) -> Result<(), HalError> {
        with_rcc(|rcc| timer::start(id, period_us, periodic, rcc))?
    }

    fn timer_stop(&self, id: u8) -> Result<(), HalError> {
        timer::stop(id)
    }

    fn reset(&self) {
        cortex_m::peripheral::SCB::sys_reset()
    }

    fn idle(&self) {
        cortex_m::asm::wfi();
    }
}
