//! The micro:bit: the crystal, the REPL's UART, the receive interrupt.

use core::sync::atomic::{AtomicBool, Ordering};

use cortex_m_rt::entry;
use embedded_io_07::Write as _;
use nrf51_hal::gpio::Level;
use nrf51_hal::gpio::p0::Parts;
use nrf51_hal::pac::{self, UART0, interrupt};
use nrf51_hal::uart::{Baudrate, Parity, Pins, Uart};
use pyrite_port_cortexm::{Board, BoardInfo, Console, console};

include!(concat!(env!("OUT_DIR"), "/board.rs"));
include!(concat!(env!("OUT_DIR"), "/frozen.rs"));

/// Polls of `EVENTS_HFCLKSTARTED` before running on, on the internal RC
/// oscillator (qemu models no clock control).
const HFXO_POLLS: u32 = 200_000;

/// Set once the receive interrupt is enabled (the REPL may then sleep).
static RX_IRQ: AtomicBool = AtomicBool::new(false);

/// Starts the 16 MHz crystal (the UART's baud rate needs its accuracy);
/// gives up after a while.
fn start_crystal(clock: &pac::CLOCK) {
    clock.events_hfclkstarted.reset();
    // SAFETY: writing 1 to a task register starts the task; any value is
    // valid.
    clock.tasks_hfclkstart.write(|w| unsafe { w.bits(1) });
    for _ in 0..HFXO_POLLS {
        if clock.events_hfclkstarted.read().bits() != 0 {
            break;
        }
    }
}

/// The REPL's UART (UART0 on P0.24/P0.25).
struct Serial(Uart<UART0>);

impl Console for Serial {
    fn write(&mut self, bytes: &[u8]) {
        let _ = self.0.write_all(bytes);
    }

    fn read(&mut self) -> Option<u8> {
        if RX_IRQ.load(Ordering::Relaxed) {
            return None;
        }
        // SAFETY: reads and clears the receive event and reads RXD; only
        // this code reads the UART while the interrupt is off.
        let uart = unsafe { &*UART0::ptr() };
        if uart.events_rxdrdy.read().bits() == 0 {
            return None;
        }
        uart.events_rxdrdy.reset();
        Some(uart.rxd.read().bits() as u8)
    }

    fn flush(&mut self) {
        let _ = self.0.flush();
    }
}

struct Microbit {
    console: Option<&'static mut Serial>,
}

impl Board for Microbit {
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

    fn clock(&self) -> Option<pyrite_vm::ClockHooks> {
        Some(crate::clock::HOOKS)
    }

    #[cfg(feature = "machine")]
    fn machine(&self) -> Option<&'static dyn pyrite_port_cortexm::hal::Board> {
        Some(&crate::machine::MACHINE)
    }
}

#[entry]
fn main() -> ! {
    let p = pac::Peripherals::take().expect("peripherals are taken once");
    start_crystal(&p.CLOCK);
    crate::clock::init(p.TIMER0);
    let port0 = Parts::new(p.GPIO);
    let pins = Pins {
        txd: port0.p0_24.into_push_pull_output(Level::High).degrade(),
        rxd: port0.p0_25.into_floating_input().degrade(),
        cts: None,
        rts: None,
    };
    let uart = Uart::new(p.UART0, pins, Parity::EXCLUDED, Baudrate::BAUD115200);
    // SAFETY: the UART is set up; these registers are written once here
    // before the interrupt is unmasked.
    let regs = unsafe { &*UART0::ptr() };
    // "Ready to send": the HAL waits for TXDRDY before each byte, and
    // qemu 7.2 never raises it before the first byte is sent.
    // SAFETY: any value is valid for an event register.
    regs.events_txdrdy.write(|w| unsafe { w.bits(1) });
    regs.intenset.write(|w| w.rxdrdy().set_bit());
    let serial = cortex_m::singleton!(: Serial = Serial(uart)).expect("made once");
    RX_IRQ.store(true, Ordering::Relaxed);
    // SAFETY: the handler only reads the UART's receive registers and
    // pushes into the console's interrupt-safe ring buffer.
    unsafe { cortex_m::peripheral::NVIC::unmask(pac::Interrupt::UART0) };
    pyrite_port_cortexm::run(Microbit {
        console: Some(serial),
    })
}

#[interrupt]
fn UART0() {
    // SAFETY: the receive event and RXD are used only here once the
    // interrupt is on (the main code only transmits).
    let uart = unsafe { &*UART0::ptr() };
    if uart.events_rxdrdy.read().bits() != 0 {
        uart.events_rxdrdy.reset();
        console::rx_push(uart.rxd.read().bits() as u8);
    }
}
