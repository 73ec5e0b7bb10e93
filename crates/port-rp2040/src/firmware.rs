//! The Pico: the second-stage bootloader, clocks, the 1 MHz timer behind
//! `time`, the REPL's UART and its receive interrupt, and the peripherals
//! handed to `machine`.

use core::cell::{Cell, RefCell};

use critical_section::Mutex;
use embedded_hal::delay::DelayNs as _;
use embedded_hal_nb::nb;
use pyrite_port_cortexm::vm::ClockHooks;
use pyrite_port_cortexm::{Board, BoardInfo, Console, console};
use rp2040_hal::clocks::{Clock as _, init_clocks_and_plls};
use rp2040_hal::fugit::RateExtU32 as _;
use rp2040_hal::gpio::bank0::{Gpio0, Gpio1};
use rp2040_hal::gpio::{FunctionUart, Pin, Pins, PullDown, PullUp};
use rp2040_hal::pac::{self, interrupt};
use rp2040_hal::uart::{DataBits, Reader, StopBits, UartConfig, UartPeripheral, Writer};
use rp2040_hal::{Sio, Timer, Watchdog, entry};

include!(concat!(env!("OUT_DIR"), "/board.rs"));
include!(concat!(env!("OUT_DIR"), "/frozen.rs"));

/// The second-stage bootloader: the boot ROM runs these 256 bytes from the
/// start of flash to set the flash chip up for execute-in-place
/// (`board.toml`'s `[memory] boot2` region holds the `.boot2` section).
/// The Pico's flash takes the W25Q080 commands.
// SAFETY: `.boot2` is this board's reserved region before the vector
// table (generated `memory.x`); nothing else is linked there.
#[unsafe(link_section = ".boot2")]
#[used]
static BOOT2: [u8; 256] = rp2040_boot2::BOOT_LOADER_W25Q080;

/// The crystal's frequency (`[clock] xosc_hz`).
const XOSC_HZ: u32 = 12_000_000;
/// The system clock rp2040-hal's PLL set-up makes (`[clock] sysclk_hz`).
pub const SYSCLK_HZ: u32 = 125_000_000;
/// The peripheral clock (UART and SPI dividers): rp2040-hal runs it from
/// the system clock.
pub const PERI_HZ: u32 = SYSCLK_HZ;

/// The UART0 pins: GP0 (TX) and GP1 (RX, pulled up so an unconnected line
/// reads idle).
type ConsolePins = (
    Pin<Gpio0, FunctionUart, PullDown>,
    Pin<Gpio1, FunctionUart, PullUp>,
);

/// The receiving half of the REPL's UART, read by its interrupt.
static RX: Mutex<RefCell<Option<Reader<pac::UART0, ConsolePins>>>> = Mutex::new(RefCell::new(None));

/// The microsecond timer (the RP2040's TIMER, counting the watchdog's
/// 1 MHz tick), once started.
static TIMER: Mutex<Cell<Option<Timer>>> = Mutex::new(Cell::new(None));

/// The timer, once started.
pub fn timer() -> Option<Timer> {
    critical_section::with(|cs| TIMER.borrow(cs).get())
}

/// Microseconds since the timer started (`time.ticks_us`).
fn ticks_us() -> u64 {
    timer().map_or(0, |t| t.get_counter().ticks())
}

/// Waits `us` microseconds (`time` sleeps in slices of at most 10 ms).
fn sleep_us(us: u64) {
    if let Some(mut t) = timer() {
        t.delay_us(u32::try_from(us).unwrap_or(u32::MAX));
    }
}

/// `time`'s clock: the 64-bit microsecond counter (no wall clock; the
/// Cortex-M0+ has no cycle counter).
const CLOCK: ClockHooks = ClockHooks {
    ticks_us,
    time_ns: None,
    sleep_us,
    ticks_cpu: None,
};

/// The REPL's UART (UART0 on GP0/GP1): the transmitting half; received
/// bytes come from the interrupt.
struct Uart(Writer<pac::UART0, ConsolePins>);

impl Console for Uart {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write_full_blocking(bytes);
    }

    fn read(&mut self) -> Option<u8> {
        // The receive interrupt feeds the console's buffer.
        None
    }

    fn flush(&mut self) {
        let _ = embedded_io::Write::flush(&mut self.0);
    }
}

struct Pico {
    console: Option<&'static mut Uart>,
}

impl Board for Pico {
    fn info(&self) -> &'static BoardInfo {
        &INFO
    }

    fn console(&mut self) -> &'static mut dyn Console {
        self.console.take().expect("the console is taken once")
    }

    fn idle(&self) {
        cortex_m::asm::wfi();
    }

    fn soft_reset(&self) {
        crate::machine::soft_reset();
    }

    fn machine(&self) -> Option<&'static dyn pyrite_port_cortexm::hal::Board> {
        Some(&crate::machine::MACHINE)
    }

    fn clock(&self) -> Option<ClockHooks> {
        Some(CLOCK)
    }
}

#[entry]
fn main() -> ! {
    let mut p = pac::Peripherals::take().expect("peripherals are taken once");
    let mut watchdog = Watchdog::new(p.WATCHDOG);
    // Also starts the watchdog's 1 MHz tick, which the timer counts.
    let clocks = init_clocks_and_plls(
        XOSC_HZ,
        p.XOSC,
        p.CLOCKS,
        p.PLL_SYS,
        p.PLL_USB,
        &mut p.RESETS,
        &mut watchdog,
    )
    .expect("the crystal and the PLLs start");
    assert!(
        clocks.system_clock.freq().to_Hz() == SYSCLK_HZ
            && clocks.peripheral_clock.freq().to_Hz() == PERI_HZ,
        "the system clock is not [clock] sysclk_hz"
    );
    let timer = Timer::new(p.TIMER, &mut p.RESETS, &clocks);
    critical_section::with(|cs| TIMER.borrow(cs).set(Some(timer)));
    // Its alarms are `machine.Timer`s.
    crate::timer::install(timer);

    let sio = Sio::new(p.SIO);
    let pins = Pins::new(p.IO_BANK0, p.PADS_BANK0, sio.gpio_bank0, &mut p.RESETS);
    let console_pins: ConsolePins = (pins.gpio0.into_function(), pins.gpio1.reconfigure());
    // GP2..GP29 become `machine` pins; GP0 and GP1 stay the REPL's.
    let machine_pins = [
        pins.gpio2.reconfigure().into_dyn_pin(),
        pins.gpio3.reconfigure().into_dyn_pin(),
        pins.gpio4.reconfigure().into_dyn_pin(),
        pins.gpio5.reconfigure().into_dyn_pin(),
        pins.gpio6.reconfigure().into_dyn_pin(),
        pins.gpio7.reconfigure().into_dyn_pin(),
        pins.gpio8.reconfigure().into_dyn_pin(),
        pins.gpio9.reconfigure().into_dyn_pin(),
        pins.gpio10.reconfigure().into_dyn_pin(),
        pins.gpio11.reconfigure().into_dyn_pin(),
        pins.gpio12.reconfigure().into_dyn_pin(),
        pins.gpio13.reconfigure().into_dyn_pin(),
        pins.gpio14.reconfigure().into_dyn_pin(),
        pins.gpio15.reconfigure().into_dyn_pin(),
        pins.gpio16.reconfigure().into_dyn_pin(),
        pins.gpio17.reconfigure().into_dyn_pin(),
        pins.gpio18.reconfigure().into_dyn_pin(),
        pins.gpio19.reconfigure().into_dyn_pin(),
        pins.gpio20.reconfigure().into_dyn_pin(),
        pins.gpio21.reconfigure().into_dyn_pin(),
        pins.gpio22.reconfigure().into_dyn_pin(),
        pins.gpio23.reconfigure().into_dyn_pin(),
        pins.gpio24.reconfigure().into_dyn_pin(),
        pins.gpio25.reconfigure().into_dyn_pin(),
        pins.gpio26.reconfigure().into_dyn_pin(),
        pins.gpio27.reconfigure().into_dyn_pin(),
        pins.gpio28.reconfigure().into_dyn_pin(),
        pins.gpio29.reconfigure().into_dyn_pin(),
    ];

    let config = UartConfig::new(CONSOLE_BAUD.Hz(), DataBits::Eight, None, StopBits::One);
    let uart = UartPeripheral::new(p.UART0, console_pins, &mut p.RESETS)
        .enable(config, clocks.peripheral_clock.freq())
        .expect("a valid UART configuration");
    // Set up on first use; the resets go with them.
    crate::uart::install(p.UART1);
    crate::i2c::install(p.I2C0, p.I2C1);
    crate::spi::install(p.SPI0, p.SPI1);
    crate::machine::init(machine_pins, p.RESETS);
    let (mut reader, writer) = uart.split();
    reader.enable_rx_interrupt();
    critical_section::with(|cs| RX.borrow(cs).replace(Some(reader)));
    let uart = cortex_m::singleton!(: Uart = Uart(writer)).expect("made once");
    // SAFETY: the handler only drains the receive FIFO through the reader
    // (held in a critical-section mutex) into the console's interrupt-safe
    // ring buffer; the main code only transmits.
    unsafe { cortex_m::peripheral::NVIC::unmask(pac::Interrupt::UART0_IRQ) };
    pyrite_port_cortexm::run(Pico {
        console: Some(uart),
    })
}

#[interrupt]
fn UART0_IRQ() {
    critical_section::with(|cs| {
        let rx = RX.borrow(cs).borrow();
        let Some(reader) = rx.as_ref() else { return };
        // Emptying the FIFO clears both the level and the timeout interrupt.
        let mut buf = [0u8; 32];
        loop {
            match reader.read_raw(&mut buf) {
                Ok(n) => buf[..n].iter().for_each(|&b| console::rx_push(b)),
                // A break, parity or framing error consumed the bad byte;
                // the ones before it are good.
                Err(nb::Error::Other(e)) => e.discarded.iter().for_each(|&b| console::rx_push(b)),
                Err(nb::Error::WouldBlock) => break,
            }
        }
    });
}
