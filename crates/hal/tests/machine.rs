//! The `machine` module through its Python-level API, against recording
//! mocks of the embedded-hal traits: every call's bus traffic is asserted.
#![cfg(all(
    feature = "pin",
    feature = "uart",
    feature = "i2c",
    feature = "spi",
    feature = "timer"
))]

mod common;
mod mock;

use common::*;
use mock::{Ev, LED_BLUE, MockBoard, OD, Op, SW, X1};
use pyrite_hal::{SpiConfig, Trigger, UartConfig};
use pyrite_obj::types::exc;
use pyrite_obj::types::function::{BuiltinFn, NativeFn};
use pyrite_obj::{PyResult, Rt, Value, q};

struct Env {
    rt: Rt,
    m: Value,
    board: &'static MockBoard,
    sched: &'static RecordingScheduler,
    _guard: std::sync::MutexGuard<'static, ()>,
}

fn setup() -> Env {
    let guard = serial();
    let board = MockBoard::leak();
    let sched = RecordingScheduler::leak(2);
    pyrite_hal::install(board, Some(sched));
    let rt = runtime();
    let m = machine(&rt);
    Env {
        rt,
        m,
        board,
        sched,
        _guard: guard,
    }
}

impl Env {
    fn class(&self, name: &str) -> Value {
        get(&self.rt, self.m, name)
    }

    fn make(&self, class: &str, pos: &[Value], kw: &[(&str, Value)]) -> PyResult {
        call(&self.rt, self.class(class), pos, kw)
    }

    fn konst(&self, class: &str, name: &str) -> Value {
        attr(&self.rt, self.class(class), name)
    }
}

// ----- Pin ------------------------------------------------------------------------

#[test]
fn pin_by_name_or_number_drives_the_output() {
    let e = setup();
    let rt = &e.rt;
    let out = e.konst("Pin", "OUT");
    assert_eq!(out.as_small_int(), Some(1));
    let led = e.make("Pin", &[string(rt, "LED_BLUE"), out], &[]).unwrap();
    assert_eq!(repr(rt, led), "Pin(LED_BLUE)");
    meth(rt, led, "on", &[], &[]).unwrap();
    meth(rt, led, "off", &[], &[]).unwrap();
    meth(rt, led, "value", &[int(1)], &[]).unwrap();
    assert_eq!(meth(rt, led, "value", &[], &[]).unwrap(), int(1));
    meth(rt, led, "toggle", &[], &[]).unwrap();
    assert_eq!(meth(rt, led, "value", &[], &[]).unwrap(), int(0));
    // `pin()` and `pin(x)` are `value`.
    call(rt, led, &[Value::TRUE], &[]).unwrap();
    assert_eq!(call(rt, led, &[], &[]).unwrap(), int(1));
    assert_eq!(
        e.board.take(),
        [
            Ev::PinSet(LED_BLUE, true),
            Ev::PinSet(LED_BLUE, false),
            Ev::PinSet(LED_BLUE, true),
            Ev::PinSet(LED_BLUE, false),
            Ev::PinSet(LED_BLUE, true),
        ]
    );
    // By number, by alias, and from another Pin; `value=` sets the level first.
    let x1 = e
        .make("Pin", &[int(X1 as i64), out], &[("value", int(1))])
        .unwrap();
    assert_eq!(repr(rt, x1), "Pin(X1)");
    let a0 = e.make("Pin", &[string(rt, "A0")], &[]).unwrap();
    assert_eq!(meth(rt, a0, "value", &[], &[]).unwrap(), int(1));
    let again = e.make("Pin", &[x1], &[("mode", out)]).unwrap();
    meth(rt, again, "low", &[], &[]).unwrap();
    meth(rt, again, "high", &[], &[]).unwrap();
    meth(rt, again, "init", &[out], &[("value", int(0))]).unwrap();
    assert_eq!(
        e.board.take(),
        [
            Ev::PinSet(X1, true),
            Ev::PinSet(X1, false),
            Ev::PinSet(X1, true),
            Ev::PinSet(X1, false),
        ]
    );
    let unnamed = e.make("Pin", &[int(20)], &[]).unwrap();
    assert_eq!(repr(rt, unnamed), "Pin(20)");
}

#[test]
fn pin_errors_are_python_exceptions() {
    let e = setup();
    let rt = &e.rt;
    raises(
        rt,
        e.make("Pin", &[string(rt, "Y9")], &[]),
        &exc::VALUE_ERROR,
    );
    raises(rt, e.make("Pin", &[int(99)], &[]), &exc::VALUE_ERROR);
    raises(rt, e.make("Pin", &[int(-1)], &[]), &exc::VALUE_ERROR);
    raises(rt, e.make("Pin", &[], &[]), &exc::TYPE_ERROR);
    raises(
        rt,
        e.make("Pin", &[int(0), int(77)], &[]),
        &exc::VALUE_ERROR,
    );
    // An output-only pin cannot become an input.
    let inp = e.konst("Pin", "IN");
    raises(rt, e.make("Pin", &[int(0), inp], &[]), &exc::VALUE_ERROR);
    // An input-only pin cannot be driven.
    let sw = e.make("Pin", &[string(rt, "SW"), inp], &[]).unwrap();
    raises(rt, meth(rt, sw, "on", &[], &[]), &exc::VALUE_ERROR);
    raises(
        rt,
        e.make("Pin", &[int(0)], &[("colour", int(1))]),
        &exc::TYPE_ERROR,
    );
}

#[test]
fn input_and_open_drain_pins_read_the_line() {
    let e = setup();
    let rt = &e.rt;
    let (inp, up, od) = (
        e.konst("Pin", "IN"),
        e.konst("Pin", "PULL_UP"),
        e.konst("Pin", "OPEN_DRAIN"),
    );
    let sw = e.make("Pin", &[string(rt, "SW"), inp, up], &[]).unwrap();
    // The adapter only accepts the pull it was built with.
    raises(
        rt,
        meth(
            rt,
            sw,
            "init",
            &[inp],
            &[("pull", e.konst("Pin", "PULL_DOWN"))],
        ),
        &exc::VALUE_ERROR,
    );
    assert_eq!(meth(rt, sw, "value", &[], &[]).unwrap(), int(0));
    *e.board.sensed.lock().unwrap() = true;
    assert_eq!(meth(rt, sw, "value", &[], &[]).unwrap(), int(1));
    let p = e.make("Pin", &[string(rt, "OD"), od], &[]).unwrap();
    meth(rt, p, "off", &[], &[]).unwrap();
    assert_eq!(meth(rt, p, "value", &[], &[]).unwrap(), int(1), "the line");
    meth(rt, p, "toggle", &[], &[]).unwrap();
    assert_eq!(
        e.board.take(),
        [
            Ev::PinSense(SW),
            Ev::PinSense(SW),
            Ev::PinSet(OD, false),
            Ev::PinSense(OD),
            Ev::PinSet(OD, true),
        ]
    );
}

#[test]
fn signal_inverts_a_pin() {
    let e = setup();
    let rt = &e.rt;
    let out = e.konst("Pin", "OUT");
    let pin = e.make("Pin", &[string(rt, "LED_BLUE"), out], &[]).unwrap();
    let s = e
        .make("Signal", &[pin], &[("invert", Value::TRUE)])
        .unwrap();
    assert_eq!(repr(rt, s), "Signal(Pin(LED_BLUE), invert=True)");
    meth(rt, s, "on", &[], &[]).unwrap();
    assert_eq!(meth(rt, s, "value", &[], &[]).unwrap(), int(1));
    assert_eq!(meth(rt, pin, "value", &[], &[]).unwrap(), int(0));
    meth(rt, s, "off", &[], &[]).unwrap();
    call(rt, s, &[int(1)], &[]).unwrap();
    assert_eq!(call(rt, s, &[], &[]).unwrap(), int(1));
    // The other form makes the Pin from the arguments.
    let s2 = e.make("Signal", &[string(rt, "X1"), out], &[]).unwrap();
    meth(rt, s2, "value", &[int(1)], &[]).unwrap();
    assert_eq!(
        e.board.take(),
        [
            Ev::PinSet(LED_BLUE, false),
            Ev::PinSet(LED_BLUE, true),
            Ev::PinSet(LED_BLUE, false),
            Ev::PinSet(X1, true),
        ]
    );
}

static HANDLER: BuiltinFn = BuiltinFn::new(q::handler, NativeFn::F1(handler));

fn handler(rt: &Rt, _pin: Value) -> PyResult {
    // Allocates, so under `run_hard` it raises `MemoryError`.
    pyrite_obj::types::list::new_list(rt, &[])
}

#[test]
fn pin_irq_schedules_or_runs_hard() {
    let e = setup();
    let rt = &e.rt;
    let h = Value::from_static(&HANDLER);
    let pin = e.make("Pin", &[string(rt, "SW")], &[]).unwrap();
    let rising = e.konst("Pin", "IRQ_RISING");
    meth(rt, pin, "irq", &[h, rising], &[]).unwrap();
    assert_eq!(e.board.take(), [Ev::PinIrq(SW, Trigger::RISING)]);
    pyrite_hal::pin_irq_fired(SW);
    pyrite_hal::pin_irq_fired(LED_BLUE); // no handler there: nothing
    assert_eq!(e.sched.take(), [(h.to_bits(), pin.to_bits(), false)]);
    // The scheduled call runs normally (the VM would do this).
    assert!(rt.call_positional(h, &[pin]).is_ok());

    // `hard=True` runs at once, through the port, with the heap locked.
    meth(rt, pin, "irq", &[h], &[("hard", Value::TRUE)]).unwrap();
    assert_eq!(
        e.board.take(),
        [Ev::PinIrq(SW, Trigger::RISING | Trigger::FALLING)]
    );
    pyrite_hal::pin_irq_fired(SW);
    assert_eq!(e.sched.take(), [(h.to_bits(), pin.to_bits(), true)]);
    raises(rt, pyrite_hal::run_hard(rt, h, pin), &exc::MEMORY_ERROR);
    assert!(!rt.heap().is_locked(), "run_hard unlocks the heap");

    // `irq(None)` disables it.
    meth(rt, pin, "irq", &[Value::NONE], &[]).unwrap();
    assert_eq!(e.board.take(), [Ev::PinIrq(SW, Trigger::empty())]);
    pyrite_hal::pin_irq_fired(SW);
    assert!(e.sched.take().is_empty());
}

#[test]
fn a_full_queue_drops_and_counts_events() {
    let e = setup();
    let rt = &e.rt;
    let h = Value::from_static(&HANDLER);
    let pin = e.make("Pin", &[string(rt, "SW")], &[]).unwrap();
    meth(rt, pin, "irq", &[h], &[]).unwrap();
    for _ in 0..5 {
        pyrite_hal::pin_irq_fired(SW);
    }
    assert_eq!(e.sched.take().len(), 2, "the queue holds 2");
    assert_eq!(pyrite_hal::dropped_events(), 3);
}

#[test]
fn irq_handlers_are_gc_roots_through_trace_roots() {
    let e = setup();
    let rt = &e.rt;
    let h = Value::from_static(&HANDLER);
    let pin = e.make("Pin", &[string(rt, "SW")], &[]).unwrap();
    meth(rt, pin, "irq", &[h], &[]).unwrap();
    let addr = pin.as_object().unwrap().as_ptr() as *const u8;
    let other = e.make("Pin", &[string(rt, "X1")], &[]).unwrap();
    let other_addr = other.as_object().unwrap().as_ptr() as *const u8;
    rt.heap().collect_with(&mut |m| {
        m.mark_word(e.m.to_bits());
        pyrite_hal::trace_roots(m);
    });
    assert!(rt.heap().is_head(addr), "the IRQ's pin survives");
    assert!(
        !rt.heap().is_head(other_addr),
        "an unreferenced pin is freed"
    );
    pyrite_hal::pin_irq_fired(SW);
    assert_eq!(e.sched.take(), [(h.to_bits(), pin.to_bits(), false)]);
}

#[test]
fn irq_without_a_scheduler_raises() {
    let e = setup();
    pyrite_hal::install(e.board, None);
    let rt = &e.rt;
    let pin = e.make("Pin", &[string(rt, "SW")], &[]).unwrap();
    let h = Value::from_static(&HANDLER);
    raises(rt, meth(rt, pin, "irq", &[h], &[]), &exc::RUNTIME_ERROR);
    pyrite_hal::pin_irq_fired(SW);
}

// ----- UART -----------------------------------------------------------------------

fn uart(e: &Env, timeout: i64) -> Value {
    let rt = &e.rt;
    let u = e
        .make("UART", &[int(1), int(115200)], &[("timeout", int(timeout))])
        .unwrap();
    assert_eq!(
        e.board.take(),
        [Ev::ConfigUart(
            1,
            UartConfig {
                baudrate: 115200,
                bits: 8,
                parity: None,
                stop: 1
            }
        )]
    );
    assert_eq!(
        repr(rt, u),
        "UART(1, baudrate=115200, bits=8, parity=None, stop=1, timeout=0, timeout_char=1)"
            .replace("timeout=0", &format!("timeout={timeout}"))
    );
    u
}

fn feed(e: &Env, bytes: &[u8]) {
    e.board.uart_rx.lock().unwrap().extend(bytes);
}

#[test]
fn uart_write_loops_until_everything_is_sent() {
    let e = setup();
    let rt = &e.rt;
    let u = uart(&e, 0);
    let n = meth(rt, u, "write", &[bytes(rt, b"hello world")], &[]).unwrap();
    assert_eq!(n, int(11));
    assert_eq!(
        e.board.take(),
        [
            Ev::UartWrite(b"hell".to_vec()),
            Ev::UartWrite(b"o wo".to_vec()),
            Ev::UartWrite(b"rld".to_vec()),
            Ev::UartFlush,
        ]
    );
    // A str and a bytearray are buffers too.
    meth(rt, u, "write", &[string(rt, "hi")], &[]).unwrap();
    meth(rt, u, "write", &[bytearray(rt, b"!")], &[]).unwrap();
    raises(rt, meth(rt, u, "write", &[int(3)], &[]), &exc::TYPE_ERROR);
}

#[test]
fn uart_reads_and_readlines() {
    let e = setup();
    let rt = &e.rt;
    let u = uart(&e, 0);
    assert_eq!(meth(rt, u, "any", &[], &[]).unwrap(), int(0));
    assert!(meth(rt, u, "read", &[], &[]).unwrap().is_none());
    assert!(meth(rt, u, "readline", &[], &[]).unwrap().is_none());
    feed(&e, b"one\ntwo\nrest");
    assert_eq!(meth(rt, u, "any", &[], &[]).unwrap(), int(1));
    let l = meth(rt, u, "readline", &[], &[]).unwrap();
    assert_eq!(contents(rt, l), b"one\n");
    let r = meth(rt, u, "read", &[int(2)], &[]).unwrap();
    assert_eq!(contents(rt, r), b"tw");
    let l = meth(rt, u, "readline", &[], &[]).unwrap();
    assert_eq!(contents(rt, l), b"o\n", "readline stops at the newline");
    let r = meth(rt, u, "read", &[], &[]).unwrap();
    assert_eq!(contents(rt, r), b"rest");
    // A large read goes through a heap scratch buffer.
    let big: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
    feed(&e, &big);
    let r = meth(rt, u, "read", &[int(1000)], &[]).unwrap();
    assert_eq!(contents(rt, r), big);
}

#[test]
fn uart_readinto_fills_the_callers_buffer_without_allocating() {
    let e = setup();
    let rt = &e.rt;
    let u = uart(&e, 0);
    let buf = bytearray(rt, &[0; 6]);
    feed(&e, b"abcdefgh");
    rt.heap().lock();
    let n = meth(rt, u, "readinto", &[buf], &[]);
    let g = meth(rt, u, "readinto", &[buf, int(1)], &[]);
    let h = meth(rt, u, "readinto", &[buf, int(1)], &[]);
    let none = meth(rt, u, "readinto", &[buf], &[]);
    rt.heap().unlock();
    assert_eq!(n.unwrap(), int(6));
    assert_eq!(g.unwrap(), int(1));
    assert_eq!(h.unwrap(), int(1));
    assert!(none.unwrap().is_none(), "nothing came");
    assert_eq!(contents(rt, buf), b"hbcdef");
    raises(
        rt,
        meth(rt, u, "readinto", &[bytes(rt, b"xy")], &[]),
        &exc::TYPE_ERROR,
    );
}

#[test]
fn uart_read_waits_for_the_timeout() {
    let e = setup();
    let rt = &e.rt;
    let u = uart(&e, 2);
    assert!(meth(rt, u, "read", &[int(4)], &[]).unwrap().is_none());
    let waited: u64 = e
        .board
        .take()
        .iter()
        .map(|ev| match ev {
            Ev::Delay(ns) => *ns as u64,
            other => panic!("unexpected {other:?}"),
        })
        .sum();
    assert_eq!(waited, 2_000_000, "2 ms of polling");
    // Once bytes came, the end of the data is found after `timeout_char`
    // (1 ms at 115200 baud), however many chunks were read.
    feed(&e, &[b'x'; 40]);
    let r = meth(rt, u, "read", &[], &[]).unwrap();
    assert_eq!(contents(rt, r), [b'x'; 40]);
    let waited: u64 = e
        .board
        .take()
        .iter()
        .map(|ev| match ev {
            Ev::Delay(ns) => *ns as u64,
            _ => 0,
        })
        .sum();
    assert_eq!(waited, 1_000_000);
}

#[test]
fn uart_ids_and_settings_are_checked() {
    let e = setup();
    let rt = &e.rt;
    raises(rt, e.make("UART", &[int(7)], &[]), &exc::VALUE_ERROR);
    raises(
        rt,
        e.make("UART", &[string(rt, "Q")], &[]),
        &exc::VALUE_ERROR,
    );
    raises(
        rt,
        e.make("UART", &[int(1), int(9600)], &[("bits", int(5))]),
        &exc::VALUE_ERROR,
    );
    // By name, with every setting; `init` changes only what it is given.
    let u = e
        .make(
            "UART",
            &[string(rt, "X"), int(9600), int(7), int(1), int(2)],
            &[("timeout_char", int(10))],
        )
        .unwrap();
    meth(rt, u, "init", &[], &[("baudrate", int(19200))]).unwrap();
    meth(rt, u, "deinit", &[], &[]).unwrap();
    let cfg = |baudrate| {
        Ev::ConfigUart(
            1,
            UartConfig {
                baudrate,
                bits: 7,
                parity: Some(1),
                stop: 2,
            },
        )
    };
    assert_eq!(e.board.take(), [cfg(9600), cfg(19200)]);
    assert_eq!(
        repr(rt, u),
        "UART(1, baudrate=19200, bits=7, parity=1, stop=2, timeout=0, timeout_char=2)"
    );
}

#[cfg(feature = "embedded-io-07")]
#[test]
fn uart_over_embedded_io_07() {
    let e = setup();
    let rt = &e.rt;
    let u = e.make("UART", &[int(2)], &[]).unwrap();
    feed(&e, b"ok\n");
    let l = meth(rt, u, "readline", &[], &[]).unwrap();
    assert_eq!(contents(rt, l), b"ok\n");
    meth(rt, u, "write", &[bytes(rt, b"yes")], &[]).unwrap();
    assert_eq!(
        e.board.take(),
        [Ev::UartWrite(b"yes".to_vec()), Ev::UartFlush]
    );
}

// ----- I2C ------------------------------------------------------------------------

fn i2c(e: &Env) -> Value {
    let i = e.make("I2C", &[int(1)], &[("freq", int(100_000))]).unwrap();
    assert_eq!(e.board.take(), [Ev::ConfigI2c(1, 100_000)]);
    assert_eq!(repr(&e.rt, i), "I2C(1, freq=100000)");
    i
}

#[test]
fn i2c_scan_probes_every_address_with_an_empty_write() {
    let e = setup();
    let rt = &e.rt;
    let i = i2c(&e);
    let found = meth(rt, i, "scan", &[], &[]).unwrap();
    assert_eq!(list_ints(rt, found), [0x3c, 0x50]);
    let expected: Vec<Ev> = (0x08..=0x77)
        .map(|a| Ev::I2c(a, vec![Op::W(vec![])]))
        .collect();
    assert_eq!(e.board.take(), expected);
}

#[test]
fn i2c_reads_and_writes() {
    let e = setup();
    let rt = &e.rt;
    let i = i2c(&e);
    let r = meth(rt, i, "readfrom", &[int(0x3c), int(3)], &[]).unwrap();
    assert_eq!(contents(rt, r), [0xa0, 0xa1, 0xa2]);
    let buf = bytearray(rt, &[0; 2]);
    rt.heap().lock();
    let into = meth(rt, i, "readfrom_into", &[int(0x3c), buf], &[]);
    rt.heap().unlock();
    assert!(into.unwrap().is_none());
    assert_eq!(contents(rt, buf), [0xa0, 0xa1]);
    let n = meth(rt, i, "writeto", &[int(0x3c), bytes(rt, b"\x01\x02")], &[]).unwrap();
    assert_eq!(n, int(2));
    // Keywords, as MicroPython names them.
    meth(
        rt,
        i,
        "readfrom",
        &[],
        &[("addr", int(0x50)), ("nbytes", int(1))],
    )
    .unwrap();
    assert_eq!(
        e.board.take(),
        [
            Ev::I2c(0x3c, vec![Op::R(3)]),
            Ev::I2c(0x3c, vec![Op::R(2)]),
            Ev::I2c(0x3c, vec![Op::W(vec![1, 2])]),
            Ev::I2c(0x50, vec![Op::R(1)]),
        ]
    );
}

#[test]
fn i2c_memory_operations() {
    let e = setup();
    let rt = &e.rt;
    let i = i2c(&e);
    let r = meth(rt, i, "readfrom_mem", &[int(0x3c), int(0x10), int(2)], &[]).unwrap();
    assert_eq!(contents(rt, r), [0xa0, 0xa1]);
    let buf = bytearray(rt, &[0; 4]);
    rt.heap().lock();
    let into = meth(
        rt,
        i,
        "readfrom_mem_into",
        &[int(0x3c), int(0x20), buf],
        &[],
    );
    rt.heap().unlock();
    assert!(into.unwrap().is_none());
    assert_eq!(contents(rt, buf), [0xa0, 0xa1, 0xa2, 0xa3]);
    meth(
        rt,
        i,
        "writeto_mem",
        &[int(0x3c), int(0x10), bytes(rt, b"\xaa\xbb")],
        &[],
    )
    .unwrap();
    meth(
        rt,
        i,
        "readfrom_mem",
        &[int(0x50), int(0x1234), int(1)],
        &[("addrsize", int(16))],
    )
    .unwrap();
    assert_eq!(
        e.board.take(),
        [
            Ev::I2c(0x3c, vec![Op::W(vec![0x10]), Op::R(2)]),
            Ev::I2c(0x3c, vec![Op::W(vec![0x20]), Op::R(4)]),
            Ev::I2c(0x3c, vec![Op::W(vec![0x10]), Op::W(vec![0xaa, 0xbb])]),
            Ev::I2c(0x50, vec![Op::W(vec![0x12, 0x34]), Op::R(1)]),
        ]
    );
    raises(
        rt,
        meth(rt, i, "readfrom_mem", &[int(0x3c), int(0x100), int(1)], &[]),
        &exc::VALUE_ERROR,
    );
    raises(
        rt,
        meth(rt, i, "readfrom_mem", &[int(0x3c), int(1)], &[]),
        &exc::TYPE_ERROR,
    );
}

#[test]
fn i2c_nack_is_oserror_enodev() {
    let e = setup();
    let rt = &e.rt;
    let i = i2c(&e);
    assert_eq!(
        errno(
            rt,
            meth(rt, i, "writeto", &[int(0x11), bytes(rt, b"x")], &[])
        ),
        19
    );
    assert_eq!(
        errno(
            rt,
            meth(rt, i, "readfrom_mem", &[int(0x11), int(0), int(1)], &[])
        ),
        19
    );
    raises(rt, e.make("I2C", &[int(3)], &[]), &exc::VALUE_ERROR);
    let by_name = e.make("I2C", &[string(rt, "X")], &[]).unwrap();
    meth(rt, by_name, "init", &[], &[("freq", int(400_000))]).unwrap();
    assert_eq!(
        e.board.take(),
        [
            Ev::I2c(0x11, vec![Op::W(vec![b'x'])]),
            Ev::I2c(0x11, vec![Op::W(vec![0]), Op::R(1)]),
            Ev::ConfigI2c(1, 400_000),
        ]
    );
}

// ----- SPI ------------------------------------------------------------------------

#[test]
fn spi_settings_reach_the_board() {
    let e = setup();
    let rt = &e.rt;
    let s = e
        .make(
            "SPI",
            &[int(1), int(2_000_000)],
            &[("polarity", int(1)), ("phase", int(1))],
        )
        .unwrap();
    let lsb = e.konst("SPI", "LSB");
    meth(rt, s, "init", &[], &[("firstbit", lsb)]).unwrap();
    let cfg = |lsb_first| SpiConfig {
        baudrate: 2_000_000,
        polarity: 1,
        phase: 1,
        bits: 8,
        lsb_first,
    };
    assert_eq!(
        e.board.take(),
        [Ev::ConfigSpi(1, cfg(false)), Ev::ConfigSpi(1, cfg(true))]
    );
    assert_eq!(
        repr(rt, s),
        "SPI(1, baudrate=2000000, polarity=1, phase=1, bits=8, firstbit=LSB)"
    );
    raises(
        rt,
        meth(rt, s, "init", &[], &[("polarity", int(2))]),
        &exc::VALUE_ERROR,
    );
    raises(rt, e.make("SPI", &[int(0)], &[]), &exc::VALUE_ERROR);
}

#[test]
fn spi_transfers() {
    let e = setup();
    let rt = &e.rt;
    let s = e.make("SPI", &[int(1)], &[]).unwrap();
    meth(rt, s, "write", &[bytes(rt, b"\x01\x02")], &[]).unwrap();
    let r = meth(rt, s, "read", &[int(3)], &[("write", int(0xf0))]).unwrap();
    assert_eq!(contents(rt, r), [0x0f; 3]);
    let r = meth(rt, s, "read", &[int(1)], &[]).unwrap();
    assert_eq!(contents(rt, r), [0xff]);
    let buf = bytearray(rt, &[9; 2]);
    let wbuf = bytes(rt, b"\x11\x22");
    rt.heap().lock();
    let a = meth(rt, s, "readinto", &[buf], &[]);
    let b = meth(rt, s, "write_readinto", &[wbuf, buf], &[]);
    rt.heap().unlock();
    a.unwrap();
    b.unwrap();
    assert_eq!(contents(rt, buf), [0xee, 0xdd]);
    // The same buffer both ways is transferred in place.
    let same = bytearray(rt, &[0x0f, 0xf0]);
    meth(rt, s, "write_readinto", &[same, same], &[]).unwrap();
    assert_eq!(contents(rt, same), [0xf0, 0x0f]);
    assert_eq!(
        e.board.take(),
        [
            Ev::SpiWrite(vec![1, 2]),
            Ev::SpiFlush,
            Ev::SpiInPlace(vec![0xf0; 3]),
            Ev::SpiFlush,
            Ev::SpiInPlace(vec![0]),
            Ev::SpiFlush,
            Ev::SpiInPlace(vec![0, 0]),
            Ev::SpiFlush,
            Ev::SpiInPlace(vec![0x11, 0x22]),
            Ev::SpiFlush,
            Ev::SpiInPlace(vec![0x0f, 0xf0]),
            Ev::SpiFlush,
        ]
    );
    raises(
        rt,
        meth(rt, s, "write_readinto", &[bytes(rt, b"abc"), buf], &[]),
        &exc::VALUE_ERROR,
    );
}

// ----- Timer ----------------------------------------------------------------------

#[test]
fn timer_callbacks_are_scheduled() {
    let e = setup();
    let rt = &e.rt;
    let h = Value::from_static(&HANDLER);
    let t = e
        .make("Timer", &[int(2)], &[("freq", int(10)), ("callback", h)])
        .unwrap();
    assert_eq!(
        e.board.take(),
        [Ev::TimerStop(2), Ev::TimerStart(2, 100_000, true)]
    );
    assert_eq!(repr(rt, t), "Timer(2, mode=PERIODIC, period=100000us)");
    pyrite_hal::timer_fired(2);
    pyrite_hal::timer_fired(2);
    assert_eq!(
        e.sched.take(),
        [
            (h.to_bits(), t.to_bits(), false),
            (h.to_bits(), t.to_bits(), false)
        ]
    );
    // One-shot, by period in ms: fires once.
    let one = e.konst("Timer", "ONE_SHOT");
    meth(
        rt,
        t,
        "init",
        &[],
        &[("mode", one), ("period", int(500)), ("callback", h)],
    )
    .unwrap();
    assert_eq!(
        e.board.take(),
        [Ev::TimerStop(2), Ev::TimerStart(2, 500_000, false)]
    );
    pyrite_hal::timer_fired(2);
    pyrite_hal::timer_fired(2);
    assert_eq!(e.sched.take(), [(h.to_bits(), t.to_bits(), false)]);
    meth(rt, t, "deinit", &[], &[]).unwrap();
    assert_eq!(e.board.take(), [Ev::TimerStop(2)]);
    pyrite_hal::timer_fired(2);
    assert!(e.sched.take().is_empty());
    raises(
        rt,
        e.make("Timer", &[int(9)], &[("freq", int(1))]),
        &exc::VALUE_ERROR,
    );
    raises(
        rt,
        e.make("Timer", &[int(1)], &[("mode", int(1))]),
        &exc::VALUE_ERROR,
    );
}

// ----- module functions -------------------------------------------------------------

#[test]
fn module_functions() {
    let e = setup();
    let rt = &e.rt;
    let f = |name: &str, args: &[Value]| call(rt, get(rt, e.m, name), args, &[]);
    assert_eq!(f("freq", &[]).unwrap(), int(168_000_000));
    f("freq", &[int(84_000_000)]).unwrap();
    assert_eq!(f("freq", &[]).unwrap(), int(84_000_000));
    assert_eq!(
        contents(rt, f("unique_id", &[]).unwrap()),
        [0x12, 0x34, 0x56]
    );
    f("reset", &[]).unwrap();
    f("idle", &[]).unwrap();
    raises(rt, f("soft_reset", &[]), &exc::SYSTEM_EXIT);
    assert_eq!(
        e.board.take(),
        [Ev::SetFreq(84_000_000), Ev::Reset, Ev::Idle]
    );
    // Nested critical sections, released innermost first.
    let s0 = f("disable_irq", &[]).unwrap();
    let s1 = f("disable_irq", &[]).unwrap();
    assert_eq!((s0, s1), (int(0), int(1)));
    f("enable_irq", &[s1]).unwrap();
    f("enable_irq", &[s1]).unwrap(); // stale: nothing
    f("enable_irq", &[s0]).unwrap();
    // Interrupt work (a critical section of its own) runs again.
    pyrite_hal::pin_irq_fired(SW);
}
