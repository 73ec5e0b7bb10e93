//! A driver for the Arm CMSDK APB UART (Cortex-M System Design Kit), with
//! the `embedded-io` traits.
//!
//! Registers (32-bit, from the base): `DATA` 0x00, `STATE` 0x04 (bit 0
//! transmit buffer full, bit 1 receive buffer full), `CTRL` 0x08 (bit 0
//! transmit enable, bit 1 receive enable, bit 3 receive interrupt enable),
//! `INTSTATUS`/`INTCLEAR` 0x0C (bit 1 receive), `BAUDDIV` 0x10 (clock / baud
//! rate, at least 16).

use core::convert::Infallible;

const DATA: usize = 0x00;
const STATE: usize = 0x04;
const CTRL: usize = 0x08;
const INTCLEAR: usize = 0x0C;
const BAUDDIV: usize = 0x10;

const STATE_TX_FULL: u32 = 1 << 0;
const STATE_RX_FULL: u32 = 1 << 1;
const CTRL_TX_EN: u32 = 1 << 0;
const CTRL_RX_EN: u32 = 1 << 1;
const CTRL_RX_INT_EN: u32 = 1 << 3;
const INT_RX: u32 = 1 << 1;

/// One CMSDK UART.
pub struct CmsdkUart {
    base: usize,
}

impl CmsdkUart {
    /// The UART at `base`, set to `baud` from a `clock_hz` clock, with its
    /// transmitter and receiver on.
    ///
    /// # Safety
    ///
    /// `base` must be the address of a CMSDK UART that nothing else uses.
    pub unsafe fn new(base: usize, clock_hz: u32, baud: u32) -> CmsdkUart {
        let uart = CmsdkUart { base };
        uart.set(BAUDDIV, (clock_hz / baud).max(16));
        uart.set(CTRL, CTRL_TX_EN | CTRL_RX_EN);
        uart
    }

    /// A handle on the UART at `base` without setting it up (for an
    /// interrupt handler).
    ///
    /// # Safety
    ///
    /// As for [`CmsdkUart::new`]; the caller keeps the users of the two
    /// handles apart (one transmits, one receives).
    pub unsafe fn handle(base: usize) -> CmsdkUart {
        CmsdkUart { base }
    }

    fn get(&self, reg: usize) -> u32 {
        // SAFETY: `base + reg` is a register of the UART (`new`'s contract).
        unsafe { core::ptr::read_volatile((self.base + reg) as *const u32) }
    }

    fn set(&self, reg: usize, value: u32) {
        // SAFETY: `base + reg` is a register of the UART (`new`'s contract).
        unsafe { core::ptr::write_volatile((self.base + reg) as *mut u32, value) }
    }

    /// Enables the receive interrupt.
    pub fn listen_rx(&mut self) {
        self.set(CTRL, self.get(CTRL) | CTRL_RX_INT_EN);
    }

    /// A received byte, if one is waiting; acknowledges the receive
    /// interrupt.
    pub fn try_read(&mut self) -> Option<u8> {
        self.set(INTCLEAR, INT_RX);
        if self.get(STATE) & STATE_RX_FULL != 0 {
            Some(self.get(DATA) as u8)
        } else {
            None
        }
    }

    /// Sends one byte, waiting while the transmit buffer is full.
    pub fn write_byte(&mut self, b: u8) {
        while self.get(STATE) & STATE_TX_FULL != 0 {}
        self.set(DATA, u32::from(b));
    }
}

impl embedded_io::ErrorType for CmsdkUart {
    type Error = Infallible;
}

impl embedded_io::Write for CmsdkUart {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        for &b in buf {
            self.write_byte(b);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        while self.get(STATE) & STATE_TX_FULL != 0 {}
        Ok(())
    }
}

impl embedded_io::WriteReady for CmsdkUart {
    fn write_ready(&mut self) -> Result<bool, Infallible> {
        Ok(self.get(STATE) & STATE_TX_FULL == 0)
    }
}

impl embedded_io::ReadReady for CmsdkUart {
    fn read_ready(&mut self) -> Result<bool, Infallible> {
        Ok(self.get(STATE) & STATE_RX_FULL != 0)
    }
}

impl embedded_io::Read for CmsdkUart {
    /// Waits for one byte (at least one, as the trait requires).
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if let Some(b) = self.try_read() {
                buf[0] = b;
                return Ok(1);
            }
        }
    }
}
