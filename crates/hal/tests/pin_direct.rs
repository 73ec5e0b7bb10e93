//! `Pin.on()`, `off()` and `value()` go through `Board::pin_write` and
//! `Board::pin_read`, which a port overrides with direct register access;
//! a pin keeps the board that lent it.
#![cfg(feature = "pin")]

mod common;

use std::sync::Mutex;

use common::*;
use pyrite_hal::{Board, BoardInfo, Features, HalError, PinIo, PinMode, PinName, Pull};
use pyrite_obj::Value;
use pyrite_obj::types::exc;

static PINS: [PinName; 2] = [
    PinName { name: "LED", id: 3 },
    PinName {
        name: "GONE",
        id: 4,
    },
];

static INFO: BoardInfo = BoardInfo {
    name: "direct",
    pins: &PINS,
    i2c: &[],
    spi: &[],
    uart: &[],
    cpu_freq_hz: 1_000_000,
    unique_id: &[],
    features: Features::empty(),
};

/// What a [`DirectBoard`] was asked to do.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Ev {
    /// `Board::pin` lent pin `id`.
    Lent(u16),
    /// `Board::pin_write(id, high)`.
    Write(u16, bool),
    /// `Board::pin_read(id)`.
    Read(u16),
}

/// A board with the direct pin paths: pin 3 exists, pin 4 is named but
/// fails every direct access (as a pin taken by a peripheral might).
struct DirectBoard {
    log: Mutex<Vec<Ev>>,
    level: Mutex<bool>,
}

impl DirectBoard {
    fn leak() -> &'static DirectBoard {
        Box::leak(Box::new(DirectBoard {
            log: Mutex::new(Vec::new()),
            level: Mutex::new(false),
        }))
    }

    fn take(&self) -> Vec<Ev> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

/// The pin `Board::pin` lends: accepts any mode.
struct Lent;

impl PinIo for Lent {
    fn configure(&mut self, _mode: PinMode, _pull: Option<Pull>) -> Result<(), HalError> {
        Ok(())
    }

    fn write(&mut self, _high: bool) -> Result<(), HalError> {
        Ok(())
    }

    fn read(&mut self) -> Result<bool, HalError> {
        Ok(false)
    }
}

impl Board for DirectBoard {
    fn info(&self) -> &BoardInfo {
        &INFO
    }

    fn pin(&self, id: u16, f: &mut dyn FnMut(&mut dyn PinIo)) -> Result<(), HalError> {
        if id != 3 && id != 4 {
            return Err(HalError::InvalidId);
        }
        self.log.lock().unwrap().push(Ev::Lent(id));
        f(&mut Lent);
        Ok(())
    }

    fn pin_write(&self, id: u16, high: bool) -> Result<(), HalError> {
        if id != 3 {
            return Err(HalError::Unsupported);
        }
        self.log.lock().unwrap().push(Ev::Write(id, high));
        *self.level.lock().unwrap() = high;
        Ok(())
    }

    fn pin_read(&self, id: u16) -> Result<bool, HalError> {
        if id != 3 {
            return Err(HalError::Unsupported);
        }
        self.log.lock().unwrap().push(Ev::Read(id));
        Ok(*self.level.lock().unwrap())
    }
}

#[test]
fn on_off_and_value_take_the_direct_path() {
    let _guard = serial();
    let board = DirectBoard::leak();
    pyrite_hal::install(board, None);
    let rt = runtime();
    let m = machine(&rt);
    let pin = call(&rt, get(&rt, m, "Pin"), &[string(&rt, "LED")], &[]).unwrap();
    assert_eq!(board.take(), [Ev::Lent(3)], "made through the lending path");
    meth(&rt, pin, "on", &[], &[]).unwrap();
    assert_eq!(meth(&rt, pin, "value", &[], &[]).unwrap(), int(1));
    meth(&rt, pin, "off", &[], &[]).unwrap();
    meth(&rt, pin, "value", &[int(7)], &[]).unwrap();
    meth(&rt, pin, "value", &[Value::NONE], &[]).unwrap();
    meth(&rt, pin, "high", &[], &[]).unwrap();
    meth(&rt, pin, "low", &[], &[]).unwrap();
    // Calling the pin object is `value()`.
    assert_eq!(call(&rt, pin, &[], &[]).unwrap(), int(0));
    assert_eq!(
        board.take(),
        [
            Ev::Write(3, true),
            Ev::Read(3),
            Ev::Write(3, false),
            Ev::Write(3, true),
            Ev::Write(3, false),
            Ev::Write(3, true),
            Ev::Write(3, false),
            Ev::Read(3),
        ]
    );
}

#[test]
fn a_failing_direct_access_raises_for_that_pin() {
    let _guard = serial();
    let board = DirectBoard::leak();
    pyrite_hal::install(board, None);
    let rt = runtime();
    let m = machine(&rt);
    let pin = call(&rt, get(&rt, m, "Pin"), &[string(&rt, "GONE")], &[]).unwrap();
    raises(&rt, meth(&rt, pin, "on", &[], &[]), &exc::VALUE_ERROR);
    raises(&rt, meth(&rt, pin, "value", &[], &[]), &exc::VALUE_ERROR);
}

#[test]
fn a_pin_keeps_the_board_that_lent_it() {
    let _guard = serial();
    let first = DirectBoard::leak();
    pyrite_hal::install(first, None);
    let rt = runtime();
    let m = machine(&rt);
    let pin = call(&rt, get(&rt, m, "Pin"), &[string(&rt, "LED")], &[]).unwrap();
    let second = DirectBoard::leak();
    pyrite_hal::install(second, None);
    meth(&rt, pin, "on", &[], &[]).unwrap();
    assert_eq!(first.take(), [Ev::Lent(3), Ev::Write(3, true)]);
    assert_eq!(second.take(), []);
}

#[test]
fn pin_methods_reject_other_receivers() {
    let _guard = serial();
    pyrite_hal::install(DirectBoard::leak(), None);
    let rt = runtime();
    let m = machine(&rt);
    let class = get(&rt, m, "Pin");
    for name in ["on", "off", "value", "toggle"] {
        let unbound = attr(&rt, class, name);
        raises(&rt, call(&rt, unbound, &[int(3)], &[]), &exc::TYPE_ERROR);
    }
}
