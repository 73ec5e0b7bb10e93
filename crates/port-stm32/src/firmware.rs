//! The pyboard: clocks, the REPL's USART, the receive interrupt, the
//! microsecond clock, `machine`.

use core::sync::atomic::{AtomicBool, Ordering};

use cortex_m_rt::entry;
use embedded_hal_nb::nb;
use embedded_hal_nb::serial::{Read as _, Write as _};
use pyrite_port_cortexm::{Board, BoardInfo, Console, console};
use stm32f4xx_hal::pac::{self, USART1, interrupt};
use stm32f4xx_hal::prelude::*;
use stm32f4xx_hal::rcc::{Config, Rcc};
use stm32f4xx_hal::serial::{self, Serial};

include!(concat!(env!("OUT_DIR"), "/board.rs"));
include!(concat!(env!("OUT_DIR"), "/frozen.rs"));

/// The crystal's frequency (`[clock] hse_hz`).
const HSE_HZ: u32 = 12_000_000;
/// The PLL's system clock (`[clock] sysclk_hz`).
pub const SYSCLK_HZ: u32 = 168_000_000;
/// Polls of `HSERDY` before giving up on the crystal (several ms at the
/// 16 MHz reset clock; ST's own start-up timeout is 100 ms of ticks, and a
/// crystal normally starts in about 2 ms).
const HSE_POLLS: u32 = 400_000;

/// Set once the receive interrupt is enabled (the REPL may then sleep).
static RX_IRQ: AtomicBool = AtomicBool::new(false);

/// Starts the crystal and runs from the PLL at 168 MHz; if the crystal
/// does not start (qemu models no RCC), stays on the 16 MHz HSI. Returns
/// whether the PLL runs.
fn clocks(rcc: pac::RCC) -> (Rcc, bool) {
    rcc.cr().modify(|_, w| w.hseon().set_bit());
    let mut ready = false;
    for _ in 0..HSE_POLLS {
        if rcc.cr().read().hserdy().bit_is_set() {
            ready = true;
            break;
        }
    }
    if ready {
        let rcc = rcc.freeze(
            Config::hse(HSE_HZ.Hz())
                .sysclk(SYSCLK_HZ.Hz())
                .require_pll48clk(),
        );
        (rcc, true)
    } else {
        rcc.cr().modify(|_, w| w.hseon().clear_bit());
        (rcc.freeze(Config::hsi()), false)
    }
}

/// The REPL's USART (USART1 on X9/X10).
struct Uart(Serial<USART1>);

impl Console for Uart {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            while let Err(nb::Error::WouldBlock) = self.0.write(b) {}
        }
    }

    fn read(&mut self) -> Option<u8> {
        if RX_IRQ.load(Ordering::Relaxed) {
            return None;
        }
        // Errors (overrun, framing) drop the byte; reading clears them.
        self.0.read().ok()
    }

    fn flush(&mut self) {
        while let Err(nb::Error::WouldBlock) = self.0.flush() {}
    }
}

struct Pyboard {
    console: Option<&'static mut Uart>,
}

impl Board for Pyboard {
    fn info(&self) -> &'static BoardInfo {
        &INFO
    }

    fn console(&mut self) -> &'static mut dyn Console {
        self.console.take().expect("the console is taken once")
    }

    fn idle(&self) {
        if RX_IRQ.load(Ordering::Relaxed) {
            cortex_m::asm::wfi();
        }
    }

    fn clock(&self) -> Option<pyrite_port_cortexm::vm::ClockHooks> {
        Some(crate::clock::HOOKS)
    }

    fn soft_reset(&self) {
        crate::machine::soft_reset();
    }

    fn machine(&self) -> Option<&'static dyn pyrite_port_cortexm::hal::Board> {
        Some(&crate::machine::MACHINE)
    }
}

#[entry]
fn main() -> ! {
    let dp = pac::Peripherals::take().expect("peripherals are taken once");
    let mut cp = cortex_m::Peripherals::take().expect("core peripherals are taken once");
    crate::clock::detect_emulation(&dp.RCC);
    let (mut rcc, pll) = clocks(dp.RCC);
    crate::clock::init(dp.TIM5, &mut cp.SYST, &mut rcc);
    let gpiob = dp.GPIOB.split(&mut rcc);
    let config = serial::Config::default().baudrate(CONSOLE_BAUD.bps());
    let mut serial = dp
        .USART1
        .serial((gpiob.pb6, gpiob.pb7), config, &mut rcc)
        .expect("a valid USART configuration");
    serial.listen(serial::Event::RxNotEmpty);
    // The buses' peripherals (the ones `board.toml` lists) go to `machine`
    // with the clocks; `dp`'s other fields are not used after this.
    crate::machine::init(rcc, dp.GPIOA, dp.GPIOC, dp.GPIOD, pll);
    let uart = cortex_m::singleton!(: Uart = Uart(serial)).expect("made once");
    RX_IRQ.store(true, Ordering::Relaxed);
    // SAFETY: the handler only reads the USART's data register and pushes
    // into the console's interrupt-safe ring buffer.
    unsafe { cortex_m::peripheral::NVIC::unmask(pac::Interrupt::USART1) };
    pyrite_port_cortexm::run(Pyboard {
        console: Some(uart),
    })
}

#[interrupt]
fn USART1() {
    // SAFETY: reads the status and data registers only; the main code uses
    // this USART only to transmit (and the read path is off once this
    // interrupt is on), so reading DR here races with nothing.
    let usart = unsafe { &*USART1::ptr() };
    let sr = usart.sr().read();
    if sr.rxne().bit_is_set() || sr.ore().bit_is_set() {
        // Reading DR after SR clears RXNE and the error flags.
        let byte = usart.dr().read().bits() as u8;
        if sr.rxne().bit_is_set() {
            console::rx_push(byte);
        }
    }
}
