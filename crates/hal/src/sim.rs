//! [`SimBoard`]: a simulated board for the host port and for tests. Pins
//! remember their mode and level (the LEDs are pins), inputs are driven by
//! the host, UART 1 has host-fed receive and recorded transmit buffers, I2C
//! bus 1 has a 256-byte EEPROM at 0x50, SPI bus 1 is a loopback (MISO wired
//! to MOSI), and timers fire when the host says so.
//!
//! ```
//! use pyrite_hal::sim::SimBoard;
//! static BOARD: SimBoard = SimBoard::new();
//! pyrite_hal::install(&BOARD, None);
//! assert!(!BOARD.led("LED_RED"));
//! ```

use core::cell::RefCell;

use critical_section::Mutex;
use embedded_hal::delay::DelayNs;

use crate::board::{
    Board, BoardInfo, BusName, Features, HalError, PinMode, PinName, Pull, Trigger, UartConfig,
};
use crate::io::{I2cBus, PinIo, SpiIo, UartIo};

/// Number of pins (ids `0..SIM_PINS`).
pub const SIM_PINS: usize = 16;
/// Number of timers (ids `0..SIM_TIMERS`).
pub const SIM_TIMERS: usize = 4;
/// The EEPROM's I2C address.
pub const EEPROM_ADDR: u8 = 0x50;
const RING: usize = 256;

const fn pin(name: &'static str, id: u16) -> PinName {
    PinName { name, id }
}

/// The simulated board's pins: four LEDs, `X1`..`X8`, and the user switch.
pub static SIM_PIN_NAMES: [PinName; 13] = [
    pin("LED_RED", 0),
    pin("LED_GREEN", 1),
    pin("LED_YELLOW", 2),
    pin("LED_BLUE", 3),
    pin("X1", 4),
    pin("X2", 5),
    pin("X3", 6),
    pin("X4", 7),
    pin("X5", 8),
    pin("X6", 9),
    pin("X7", 10),
    pin("X8", 11),
    pin("SW", 12),
];

static SIM_BUSES: [BusName; 1] = [BusName { name: "X", id: 1 }];

/// The simulated board's facts.
pub static SIM_INFO: BoardInfo = BoardInfo {
    name: "Pyrite simulator",
    pins: &SIM_PIN_NAMES,
    i2c: &SIM_BUSES,
    spi: &SIM_BUSES,
    uart: &[],
    cpu_freq_hz: 168_000_000,
    unique_id: b"SIMBOARD0001",
    features: Features::all(),
};

#[derive(Clone, Copy)]
struct SimPin {
    mode: PinMode,
    pull: Pull,
    /// The level the pin drives.
    out: bool,
    /// The level the outside world drives, if any.
    ext: Option<bool>,
    trigger: Trigger,
}

impl SimPin {
    const RESET: SimPin = SimPin {
        mode: PinMode::In,
        pull: Pull::None,
        out: false,
        ext: None,
        trigger: Trigger::empty(),
    };

    fn level(&self) -> bool {
        let idle = self.pull == Pull::Up;
        match self.mode {
            PinMode::Out | PinMode::Alt => self.out,
            PinMode::OpenDrain | PinMode::AltOpenDrain => self.out && self.ext.unwrap_or(true),
            PinMode::In | PinMode::Analog => self.ext.unwrap_or(idle),
        }
    }
}

impl PinIo for SimPin {
    fn configure(&mut self, mode: PinMode, pull: Option<Pull>) -> Result<(), HalError> {
        self.mode = mode;
        if let Some(pull) = pull {
            self.pull = pull;
        }
        Ok(())
    }

    fn set_pull(&mut self, pull: Pull) -> Result<(), HalError> {
        self.pull = pull;
        Ok(())
    }

    fn write(&mut self, high: bool) -> Result<(), HalError> {
        self.out = high;
        Ok(())
    }

    fn read(&mut self) -> Result<bool, HalError> {
        Ok(self.level())
    }
}

/// A byte ring.
struct Ring {
    buf: [u8; RING],
    start: usize,
    len: usize,
}

impl Ring {
    const EMPTY: Ring = Ring {
        buf: [0; RING],
        start: 0,
        len: 0,
    };

    fn push(&mut self, b: u8) -> bool {
        if self.len == RING {
            return false;
        }
        self.buf[(self.start + self.len) % RING] = b;
        self.len += 1;
        true
    }

    fn pop(&mut self) -> Option<u8> {
        if self.len == 0 {
            return None;
        }
        let b = self.buf[self.start];
        self.start = (self.start + 1) % RING;
        self.len -= 1;
        Some(b)
    }
}

struct SimUart {
    rx: Ring,
    tx: Ring,
    config: Option<UartConfig>,
}

impl UartIo for SimUart {
    fn write(&mut self, bytes: &[u8]) -> Result<usize, HalError> {
        let mut n = 0;
        for &b in bytes {
            if !self.tx.push(b) {
                break;
            }
            n += 1;
        }
        if n == 0 && !bytes.is_empty() {
            return Err(HalError::Timeout);
        }
        Ok(n)
    }

    fn flush(&mut self) -> Result<(), HalError> {
        Ok(())
    }

    fn read_ready(&mut self) -> Result<bool, HalError> {
        Ok(self.rx.len > 0)
    }

    fn read(&mut self, buf: &mut [u8]) -> Result<usize, HalError> {
        let mut n = 0;
        while n < buf.len() {
            match self.rx.pop() {
                Some(b) => buf[n] = b,
                None => break,
            }
            n += 1;
        }
        Ok(n)
    }

    fn available(&mut self) -> Result<usize, HalError> {
        Ok(self.rx.len)
    }
}

/// An EEPROM with an auto-incrementing address pointer.
struct Eeprom {
    mem: [u8; 256],
    ptr: u8,
}

impl Eeprom {
    fn read_into(&mut self, buf: &mut [u8]) {
        for b in buf {
            *b = self.mem[self.ptr as usize];
            self.ptr = self.ptr.wrapping_add(1);
        }
    }

    fn write_bytes(&mut self, bytes: &[u8], mut first_is_addr: bool) {
        for &b in bytes {
            if first_is_addr {
                self.ptr = b;
                first_is_addr = false;
            } else {
                self.mem[self.ptr as usize] = b;
                self.ptr = self.ptr.wrapping_add(1);
            }
        }
    }
}

impl I2cBus for Eeprom {
    fn write(&mut self, addr: u8, bytes: &[u8]) -> Result<(), HalError> {
        if addr != EEPROM_ADDR {
            return Err(HalError::NoDevice);
        }
        self.write_bytes(bytes, true);
        Ok(())
    }

    fn read(&mut self, addr: u8, buf: &mut [u8]) -> Result<(), HalError> {
        if addr != EEPROM_ADDR {
            return Err(HalError::NoDevice);
        }
        self.read_into(buf);
        Ok(())
    }

    fn write_read(&mut self, addr: u8, bytes: &[u8], buf: &mut [u8]) -> Result<(), HalError> {
        I2cBus::write(self, addr, bytes)?;
        self.read_into(buf);
        Ok(())
    }

    fn write2(&mut self, addr: u8, head: &[u8], tail: &[u8]) -> Result<(), HalError> {
        I2cBus::write(self, addr, head)?;
        self.write_bytes(tail, head.is_empty());
        Ok(())
    }
}

/// MISO wired to MOSI.
struct Loopback {
    bytes: u64,
}

impl SpiIo for Loopback {
    fn write(&mut self, bytes: &[u8]) -> Result<(), HalError> {
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    fn transfer_in_place(&mut self, buf: &mut [u8]) -> Result<(), HalError> {
        self.bytes += buf.len() as u64;
        Ok(())
    }
}

/// Virtual time: delays add up without waiting.
struct Clock {
    ns: u64,
}

impl DelayNs for Clock {
    fn delay_ns(&mut self, ns: u32) {
        self.ns += ns as u64;
    }
}

struct State {
    pins: [SimPin; SIM_PINS],
    uart: SimUart,
    eeprom: Eeprom,
    spi: Loopback,
    clock: Clock,
    timers: [Option<(u64, bool)>; SIM_TIMERS],
    resets: u32,
    freq: u32,
}

/// The simulated board (see the module docs). `const`-constructible, so a
/// port makes it a `static` and passes it to [`crate::install`].
pub struct SimBoard {
    state: Mutex<RefCell<State>>,
}

impl Default for SimBoard {
    fn default() -> Self {
        Self::new()
    }
}

impl SimBoard {
    /// A board with every pin an input, empty buffers and a zeroed EEPROM.
    pub const fn new() -> SimBoard {
        SimBoard {
            state: Mutex::new(RefCell::new(State {
                pins: [SimPin::RESET; SIM_PINS],
                uart: SimUart {
                    rx: Ring::EMPTY,
                    tx: Ring::EMPTY,
                    config: None,
                },
                eeprom: Eeprom {
                    mem: [0; 256],
                    ptr: 0,
                },
                spi: Loopback { bytes: 0 },
                clock: Clock { ns: 0 },
                timers: [None; SIM_TIMERS],
                resets: 0,
                freq: 168_000_000,
            })),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        critical_section::with(|cs| f(&mut self.state.borrow_ref_mut(cs)))
    }

    /// The level pin `id` shows (what `Pin.value()` reads).
    pub fn pin_level(&self, id: u16) -> Option<bool> {
        self.with(|s| s.pins.get(id as usize).map(SimPin::level))
    }

    /// The mode pin `id` was set to.
    pub fn pin_mode(&self, id: u16) -> Option<PinMode> {
        self.with(|s| s.pins.get(id as usize).map(|p| p.mode))
    }

    /// Whether the LED (or any pin) called `name` is lit (driven high).
    pub fn led(&self, name: &str) -> bool {
        SIM_INFO
            .pin_id(name.as_bytes())
            .and_then(|id| self.pin_level(id))
            .unwrap_or(false)
    }

    /// Drives pin `id` from outside (`None` releases it), raising its
    /// interrupt through [`crate::pin_irq_fired`] on a matching edge.
    pub fn set_input(&self, id: u16, level: Option<bool>) {
        let fire = self.with(|s| {
            let Some(p) = s.pins.get_mut(id as usize) else {
                return false;
            };
            let before = p.level();
            p.ext = level;
            let after = p.level();
            (before && !after && p.trigger.contains(Trigger::FALLING))
                || (!before && after && p.trigger.contains(Trigger::RISING))
        });
        if fire {
            crate::pin_irq_fired(id);
        }
    }

    /// Queues bytes for UART 1 to receive.
    pub fn uart_feed(&self, bytes: &[u8]) {
        self.with(|s| {
            for &b in bytes {
                s.uart.rx.push(b);
            }
        });
    }

    /// Takes what UART 1 transmitted into `out`; returns the count.
    pub fn uart_take(&self, out: &mut [u8]) -> usize {
        self.with(|s| {
            let mut n = 0;
            while n < out.len() {
                match s.uart.tx.pop() {
                    Some(b) => out[n] = b,
                    None => break,
                }
                n += 1;
            }
            n
        })
    }

    /// UART 1's settings, once `UART(1, ...)` set them.
    pub fn uart_config(&self) -> Option<UartConfig> {
        self.with(|s| s.uart.config)
    }

    /// The EEPROM byte at `addr`.
    pub fn eeprom(&self, addr: u8) -> u8 {
        self.with(|s| s.eeprom.mem[addr as usize])
    }

    /// Bytes moved over SPI 1.
    pub fn spi_bytes(&self) -> u64 {
        self.with(|s| s.spi.bytes)
    }

    /// Timer `id`'s `(period_us, periodic)` while it runs.
    pub fn timer(&self, id: u8) -> Option<(u64, bool)> {
        self.with(|s| s.timers.get(id as usize).copied().flatten())
    }

    /// Fires timer `id` if it runs (a one-shot timer then stops), through
    /// [`crate::timer_fired`].
    pub fn fire_timer(&self, id: u8) {
        let running = self.with(|s| match s.timers.get_mut(id as usize) {
            Some(t @ Some(_)) => {
                if t.is_some_and(|(_, periodic)| !periodic) {
                    *t = None;
                }
                true
            }
            _ => false,
        });
        if running {
            crate::timer_fired(id);
        }
    }

    /// How many times `machine.reset()` was called.
    pub fn resets(&self) -> u32 {
        self.with(|s| s.resets)
    }

    /// Virtual nanoseconds spent in delays (UART timeouts).
    pub fn elapsed_ns(&self) -> u64 {
        self.with(|s| s.clock.ns)
    }

    /// The clock `machine.freq(hz)` last set.
    pub fn freq(&self) -> u32 {
        self.with(|s| s.freq)
    }
}

impl Board for SimBoard {
    fn info(&self) -> &BoardInfo {
        &SIM_INFO
    }

    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        self.with(|s| match s.pins.get_mut(id as usize) {
            Some(p) => {
                f(p);
                Ok(())
            }
            None => Err(HalError::InvalidId),
        })
    }

    fn i2c(&self, id: u8, f: &mut dyn FnMut(&mut dyn I2cBus)) -> Result<(), HalError> {
        if id != 1 {
            return Err(HalError::InvalidId);
        }
        self.with(|s| f(&mut s.eeprom));
        Ok(())
    }

    fn spi(&self, id: u8, f: &mut dyn FnMut(&mut dyn SpiIo)) -> Result<(), HalError> {
        if id != 1 {
            return Err(HalError::InvalidId);
        }
        self.with(|s| f(&mut s.spi));
        Ok(())
    }

    fn uart(&self, id: u8, f: &mut dyn FnMut(&mut dyn UartIo)) -> Result<(), HalError> {
        if id != 1 {
            return Err(HalError::InvalidId);
        }
        self.with(|s| f(&mut s.uart));
        Ok(())
    }

    fn delay(&self, f: &mut dyn FnMut(&mut dyn DelayNs)) -> Result<(), HalError> {
        self.with(|s| f(&mut s.clock));
        Ok(())
    }

    fn configure_uart(&self, id: u8, config: &UartConfig) -> Result<(), HalError> {
        if id != 1 {
            return Err(HalError::InvalidId);
        }
        self.with(|s| s.uart.config = Some(*config));
        Ok(())
    }

    fn pin_irq(&self, id: u16, trigger: Trigger) -> Result<(), HalError> {
        self.with(|s| match s.pins.get_mut(id as usize) {
            Some(p) => {
                p.trigger = trigger;
                Ok(())
            }
            None => Err(HalError::InvalidId),
        })
    }

    fn timer_start(&self, id: u8, period_us: u64, periodic: bool) -> Result<(), HalError> {
        self.with(|s| match s.timers.get_mut(id as usize) {
            Some(t) => {
                *t = Some((period_us, periodic));
                Ok(())
            }
            None => Err(HalError::InvalidId),
        })
    }

    fn timer_stop(&self, id: u8) -> Result<(), HalError> {
        self.with(|s| match s.timers.get_mut(id as usize) {
            Some(t) => {
                *t = None;
                Ok(())
            }
            None => Err(HalError::InvalidId),
        })
    }

    fn set_freq(&self, hz: u32) -> Result<(), HalError> {
        self.with(|s| s.freq = hz);
        Ok(())
    }

    fn reset(&self) {
        self.with(|s| s.resets += 1);
    }
}
