//! `machine.I2C`'s operations over an embedded-hal I2C controller that
//! cannot send empty transfers. The RP2040's controller ends every
//! transfer after at least one data byte, and rp2040-hal refuses an empty
//! buffer, so `I2C.scan()`'s empty write (and any other empty part of an
//! operation) becomes what the controller can do: an address probe is a
//! one-byte read (a device acknowledges its address the same way), and
//! an empty half of a combined operation is left out.

use embedded_hal::i2c::{ErrorKind, I2c, NoAcknowledgeSource, Operation};
use pyrite_port_cortexm::hal::{HalError, I2cBus};

/// A controller as `machine` drives it.
pub struct Controller<'a, B: I2c>(pub &'a mut B);

fn hal_error<E: embedded_hal::i2c::Error>(e: E) -> HalError {
    match e.kind() {
        ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address) => HalError::NoDevice,
        ErrorKind::NoAcknowledge(_) => HalError::Nack,
        ErrorKind::ArbitrationLoss | ErrorKind::Bus | ErrorKind::Overrun => HalError::Bus,
        _ => HalError::Io,
    }
}

impl<B: I2c> Controller<'_, B> {
    /// Whether a device answers at `addr`.
    fn probe(&mut self, addr: u8) -> Result<(), HalError> {
        let mut byte = [0u8];
        self.0.read(addr, &mut byte).map_err(hal_error)
    }
}

impl<B: I2c> I2cBus for Controller<'_, B> {
    fn write(&mut self, addr: u8, bytes: &[u8]) -> Result<(), HalError> {
        if bytes.is_empty() {
            return self.probe(addr);
        }
        self.0.write(addr, bytes).map_err(hal_error)
    }

    fn read(&mut self, addr: u8, buf: &mut [u8]) -> Result<(), HalError> {
        if buf.is_empty() {
            return self.probe(addr);
        }
        self.0.read(addr, buf).map_err(hal_error)
    }

    fn write_read(&mut self, addr: u8, bytes: &[u8], buf: &mut [u8]) -> Result<(), HalError> {
        match (bytes.is_empty(), buf.is_empty()) {
            (true, _) => self.read(addr, buf),
            (false, true) => self.write(addr, bytes),
            (false, false) => self.0.write_read(addr, bytes, buf).map_err(hal_error),
        }
    }

    fn write2(&mut self, addr: u8, head: &[u8], tail: &[u8]) -> Result<(), HalError> {
        match (head.is_empty(), tail.is_empty()) {
            (_, true) => self.write(addr, head),
            (true, false) => self.write(addr, tail),
            (false, false) => {
                let mut ops = [Operation::Write(head), Operation::Write(tail)];
                self.0.transaction(addr, &mut ops).map_err(hal_error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::vec::Vec;

    use embedded_hal::i2c::{ErrorKind, ErrorType, I2c, NoAcknowledgeSource, Operation};
    use pyrite_port_cortexm::hal::{HalError, I2cBus};

    use super::Controller;

    /// One operation of a transaction: `(is_read, zeros as long as the
    /// read, or the bytes written)`.
    type Op = (bool, Vec<u8>);

    /// A controller like the RP2040's: refuses empty operations, records
    /// each transaction (address, operations), and has one device at 0x50
    /// that answers reads with 0xA5 bytes.
    #[derive(Default)]
    struct FakeBus {
        log: Vec<(u8, Vec<Op>)>,
    }

    #[derive(Debug)]
    struct FakeError(ErrorKind);

    impl embedded_hal::i2c::Error for FakeError {
        fn kind(&self) -> ErrorKind {
            self.0
        }
    }

    impl ErrorType for FakeBus {
        type Error = FakeError;
    }

    impl I2c for FakeBus {
        fn transaction(&mut self, addr: u8, ops: &mut [Operation<'_>]) -> Result<(), FakeError> {
            let mut record = Vec::new();
            for op in ops.iter_mut() {
                match op {
                    Operation::Read([]) | Operation::Write([]) => {
                        return Err(FakeError(ErrorKind::Other));
                    }
                    Operation::Read(buf) => {
                        if addr != 0x50 {
                            return Err(FakeError(ErrorKind::NoAcknowledge(
                                NoAcknowledgeSource::Address,
                            )));
                        }
                        buf.fill(0xA5);
                        record.push((true, std::vec![0; buf.len()]));
                    }
                    Operation::Write(b) => {
                        if addr != 0x50 {
                            return Err(FakeError(ErrorKind::NoAcknowledge(
                                NoAcknowledgeSource::Address,
                            )));
                        }
                        record.push((false, b.to_vec()));
                    }
                }
            }
            self.log.push((addr, record));
            Ok(())
        }
    }

    #[test]
    fn an_empty_write_probes_with_a_one_byte_read() {
        let mut bus = FakeBus::default();
        let mut c = Controller(&mut bus);
        assert_eq!(c.write(0x50, &[]), Ok(()));
        assert_eq!(c.write(0x51, &[]), Err(HalError::NoDevice));
        assert_eq!(bus.log, [(0x50, std::vec![(true, std::vec![0])])]);
    }

    #[test]
    fn scan_finds_only_the_device() {
        let mut bus = FakeBus::default();
        let mut c = Controller(&mut bus);
        let found: Vec<u8> = (0x08..=0x77).filter(|&a| c.write(a, &[]).is_ok()).collect();
        assert_eq!(found, [0x50]);
    }

    #[test]
    fn reads_fill_the_buffer() {
        let mut bus = FakeBus::default();
        let mut buf = [0u8; 3];
        Controller(&mut bus).read(0x50, &mut buf).unwrap();
        assert_eq!(buf, [0xA5; 3]);
        assert_eq!(Controller(&mut bus).read(0x50, &mut []), Ok(()));
    }

    #[test]
    fn write2_is_one_transaction_and_drops_empty_halves() {
        let mut bus = FakeBus::default();
        let mut c = Controller(&mut bus);
        c.write2(0x50, &[0x10], &[1, 2]).unwrap();
        c.write2(0x50, &[0x20], &[]).unwrap();
        c.write2(0x50, &[], &[3]).unwrap();
        assert_eq!(
            bus.log,
            [
                (
                    0x50,
                    std::vec![(false, std::vec![0x10]), (false, std::vec![1, 2])]
                ),
                (0x50, std::vec![(false, std::vec![0x20])]),
                (0x50, std::vec![(false, std::vec![3])]),
            ]
        );
    }

    #[test]
    fn write_read_with_an_empty_half() {
        let mut bus = FakeBus::default();
        let mut c = Controller(&mut bus);
        let mut buf = [0u8; 2];
        c.write_read(0x50, &[], &mut buf).unwrap();
        c.write_read(0x50, &[7], &mut []).unwrap();
        c.write_read(0x50, &[8], &mut buf).unwrap();
        assert_eq!(buf, [0xA5; 2]);
        assert_eq!(
            bus.log,
            [
                (0x50, std::vec![(true, std::vec![0, 0])]),
                (0x50, std::vec![(false, std::vec![7])]),
                (
                    0x50,
                    std::vec![(false, std::vec![8]), (true, std::vec![0, 0])]
                ),
            ]
        );
    }

    #[test]
    fn errors_map_to_machine_errors() {
        let mut bus = FakeBus::default();
        let mut c = Controller(&mut bus);
        assert_eq!(c.write(0x10, &[1]), Err(HalError::NoDevice));
        assert_eq!(c.write_read(0x10, &[1], &mut [0]), Err(HalError::NoDevice));
    }
}
