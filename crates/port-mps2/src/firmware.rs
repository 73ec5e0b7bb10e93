//! The MPS2 AN386 board: the REPL on CMSDK UART0 and its receive
//! interrupt, and `machine` (see `machine.rs`).

use core::sync::atomic::{AtomicBool, Ordering};

use cortex_m::interrupt::InterruptNumber;
use cortex_m_rt::entry;
use embedded_io::Write as _;
use pyrite_port_cortexm::{Board, BoardInfo, Console, console};

use crate::uart::CmsdkUart;

include!(concat!(env!("OUT_DIR"), "/board.rs"));
include!(concat!(env!("OUT_DIR"), "/frozen.rs"));

/// CMSDK UART0 (`[console] base`).
const UART0_BASE: usize = 0x4000_4000;
/// Its receive interrupt (`[console] rx_irq`).
const UART0_RX_IRQ: u16 = 0;
/// The peripheral clock (`[console] clock_hz`).
const CLOCK_HZ: u32 = 25_000_000;

/// Set once the receive interrupt is enabled (the REPL may then sleep).
static RX_IRQ: AtomicBool = AtomicBool::new(false);

/// An external interrupt by number (this board has no PAC).
#[derive(Clone, Copy)]
struct Irq(u16);

// SAFETY: `number` returns a valid external interrupt number of the
// AN386 image (it has 32).
unsafe impl InterruptNumber for Irq {
    fn number(self) -> u16 {
        self.0
    }
}

struct Uart0(CmsdkUart);

impl Console for Uart0 {
    fn write(&mut self, bytes: &[u8]) {
        let _ = self.0.write_all(bytes);
    }

    fn read(&mut self) -> Option<u8> {
        if RX_IRQ.load(Ordering::Relaxed) {
            return None;
        }
        self.0.try_read()
    }

    fn flush(&mut self) {
        let _ = self.0.flush();
    }
}

struct Mps2 {
    console: Option<&'static mut Uart0>,
}

impl Board for Mps2 {
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

    fn machine(&self) -> Option<&'static dyn pyrite_port_cortexm::hal::Board> {
        Some(&crate::machine::MACHINE)
    }

    fn clock(&self) -> Option<pyrite_port_cortexm::vm::ClockHooks> {
        Some(crate::clock::HOOKS)
    }
}

#[entry]
fn main() -> ! {
    // SAFETY: UART0 is a CMSDK UART at this address on the AN386, and only
    // this console (and its interrupt handler, which only receives) uses it.
    let mut uart = unsafe { CmsdkUart::new(UART0_BASE, CLOCK_HZ, CONSOLE_BAUD) };
    uart.listen_rx();
    let uart = cortex_m::singleton!(: Uart0 = Uart0(uart)).expect("made once");
    RX_IRQ.store(true, Ordering::Relaxed);
    // SAFETY: the handler only reads received bytes into the console's
    // interrupt-safe ring buffer.
    unsafe { cortex_m::peripheral::NVIC::unmask(Irq(UART0_RX_IRQ)) };
    crate::clock::init();
    // SAFETY: the handler only clears the timer's interrupt and reads its
    // count inside a critical section.
    unsafe { cortex_m::peripheral::NVIC::unmask(Irq(crate::clock::TIMER0_IRQ)) };
    pyrite_port_cortexm::run(Mps2 {
        console: Some(uart),
    })
}

/// The device interrupt handler (no PAC names them here): drains UART0's
/// receiver.
#[cortex_m_rt::exception]
unsafe fn DefaultHandler(irqn: i16) {
    if irqn == crate::clock::TIMER0_IRQ as i16 {
        crate::clock::on_interrupt();
    }
    if irqn == UART0_RX_IRQ as i16 {
        // SAFETY: a second handle on UART0 used only to receive; the main
        // code only transmits once this interrupt is on.
        let mut rx = unsafe { CmsdkUart::handle(UART0_BASE) };
        while let Some(b) = rx.try_read() {
            console::rx_push(b);
        }
    }
}
