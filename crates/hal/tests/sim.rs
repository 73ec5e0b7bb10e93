//! The simulated board, driven through the `machine` module as the host port
//! will drive it.
#![cfg(feature = "sim")]

mod common;

use common::*;
use pyrite_hal::PinMode;
use pyrite_hal::sim::{EEPROM_ADDR, SimBoard};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::{PyResult, Rt, Value, q};

static BOARD: SimBoard = SimBoard::new();

fn noop(_rt: &Rt, _v: Value) -> PyResult {
    Ok(Value::NONE)
}

static CB: BuiltinFn = BuiltinFn::new(q::callback, NativeFn::F1(noop));

#[test]
fn the_simulated_board_end_to_end() {
    let _g = serial();
    let sched = RecordingScheduler::leak(8);
    pyrite_hal::install(&BOARD, Some(sched));
    let rt = runtime();
    let rt = &rt;
    let m = machine(rt);
    let pin_cls = get(rt, m, "Pin");
    let out = attr(rt, pin_cls, "OUT");

    // LEDs are pins that remember their level.
    let led = call(rt, pin_cls, &[string(rt, "LED_RED"), out], &[]).unwrap();
    assert!(!BOARD.led("LED_RED"));
    meth(rt, led, "on", &[], &[]).unwrap();
    assert!(BOARD.led("LED_RED"));
    assert_eq!(BOARD.pin_mode(0), Some(PinMode::Out));
    meth(rt, led, "toggle", &[], &[]).unwrap();
    assert!(!BOARD.led("LED_RED"));

    // An input with a pull-up reads high until the host pulls it low, which
    // raises its falling-edge interrupt.
    let sw = call(
        rt,
        pin_cls,
        &[
            string(rt, "SW"),
            attr(rt, pin_cls, "IN"),
            attr(rt, pin_cls, "PULL_UP"),
        ],
        &[],
    )
    .unwrap();
    assert_eq!(meth(rt, sw, "value", &[], &[]).unwrap(), int(1));
    let cb = Value::from_static(&CB);
    meth(rt, sw, "irq", &[cb, attr(rt, pin_cls, "IRQ_FALLING")], &[]).unwrap();
    BOARD.set_input(12, Some(false));
    BOARD.set_input(12, Some(true)); // rising: not asked for
    assert_eq!(meth(rt, sw, "value", &[], &[]).unwrap(), int(1));
    assert_eq!(sched.take(), [(cb.to_bits(), sw.to_bits(), false)]);

    // UART 1: host-fed input, recorded output.
    let u = call(rt, get(rt, m, "UART"), &[int(1), int(115200)], &[]).unwrap();
    assert_eq!(BOARD.uart_config().map(|c| c.baudrate), Some(115200));
    meth(rt, u, "write", &[bytes(rt, b"AT\r\n")], &[]).unwrap();
    let mut out_buf = [0u8; 16];
    let n = BOARD.uart_take(&mut out_buf);
    assert_eq!(&out_buf[..n], b"AT\r\n");
    BOARD.uart_feed(b"OK\r\n");
    let line = meth(rt, u, "readline", &[], &[]).unwrap();
    assert_eq!(contents(rt, line), b"OK\r\n");
    let t0 = BOARD.elapsed_ns();
    meth(rt, u, "init", &[], &[("timeout", int(3))]).unwrap();
    assert!(meth(rt, u, "read", &[int(1)], &[]).unwrap().is_none());
    assert_eq!(BOARD.elapsed_ns() - t0, 3_000_000, "virtual time waited");

    // I2C 1: the EEPROM remembers what is written.
    let i2c = call(rt, get(rt, m, "I2C"), &[string(rt, "X")], &[]).unwrap();
    assert_eq!(
        list_ints(rt, meth(rt, i2c, "scan", &[], &[]).unwrap()),
        [0x50]
    );
    let a = int(EEPROM_ADDR as i64);
    meth(
        rt,
        i2c,
        "writeto_mem",
        &[a, int(0x10), bytes(rt, b"pyrite")],
        &[],
    )
    .unwrap();
    assert_eq!(BOARD.eeprom(0x10), b'p');
    let r = meth(rt, i2c, "readfrom_mem", &[a, int(0x12), int(4)], &[]).unwrap();
    assert_eq!(contents(rt, r), b"rite");
    assert_eq!(
        errno(rt, meth(rt, i2c, "readfrom", &[int(0x51), int(1)], &[])),
        19
    );

    // SPI 1 is a loopback.
    let spi = call(rt, get(rt, m, "SPI"), &[int(1)], &[]).unwrap();
    let rb = bytearray(rt, &[0; 3]);
    meth(rt, spi, "write_readinto", &[bytes(rt, b"abc"), rb], &[]).unwrap();
    assert_eq!(contents(rt, rb), b"abc");
    assert_eq!(BOARD.spi_bytes(), 3);

    // Timers run until stopped; the host fires them.
    let t = call(
        rt,
        get(rt, m, "Timer"),
        &[int(1)],
        &[("period", int(250)), ("callback", cb)],
    )
    .unwrap();
    assert_eq!(BOARD.timer(1), Some((250_000, true)));
    BOARD.fire_timer(1);
    assert_eq!(sched.take(), [(cb.to_bits(), t.to_bits(), false)]);
    meth(rt, t, "deinit", &[], &[]).unwrap();
    assert_eq!(BOARD.timer(1), None);
    BOARD.fire_timer(1);
    assert!(sched.take().is_empty());

    // Module functions.
    let f = |name: &str, args: &[Value]| call(rt, get(rt, m, name), args, &[]);
    f("reset", &[]).unwrap();
    assert_eq!(BOARD.resets(), 1);
    f("freq", &[int(48_000_000)]).unwrap();
    assert_eq!(BOARD.freq(), 48_000_000);
    assert_eq!(contents(rt, f("unique_id", &[]).unwrap()), b"SIMBOARD0001");
    raises(rt, f("freq", &[int(0)]), &exc::VALUE_ERROR);
}
