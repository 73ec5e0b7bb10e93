//! `machine.UART`: reads with MicroPython's timeouts over a non-blocking
//! [`UartIo`]; `readinto` fills the caller's buffer and allocates nothing.

use core::cell::Cell;

use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, Type};
use pyrite_obj::types::function::NativeFn;
use pyrite_obj::types::str::{BYTES_TYPE, StrBuilder};
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Sink, Value, q, rom_method};

use crate::board::{Board, HalError, UartConfig};
use crate::io::UartIo;
use crate::machine::board;
use crate::util::{
    bus_id, bytes_mut_of, bytes_of, given, hal_error, hal_type, int_in, int_or, int_value, new_obj,
    parse_args, print_fmt, sorted,
};

/// How long one wait step of a read lasts, in microseconds.
const STEP_US: u32 = 100;

#[repr(C)]
pub(crate) struct UartObj {
    header: ObjHeader,
    id: usize,
    config: Cell<UartConfig>,
    /// Milliseconds to wait for the first byte.
    timeout: Cell<u32>,
    /// Milliseconds to wait between bytes.
    timeout_char: Cell<u32>,
}

// SAFETY: `#[repr(C)]` with the header first; `UART_TYPE` owns the layout.
unsafe impl Object for UartObj {
    const TYPE: &'static Type = &UART_TYPE;
}

pub(crate) fn with_uart<R>(
    b: &dyn Board,
    id: u8,
    f: impl FnOnce(&mut dyn UartIo) -> Result<R, HalError>,
) -> Result<R, HalError> {
    let mut f = Some(f);
    let mut out = None;
    b.uart(id, &mut |u| {
        if let Some(f) = f.take() {
            out = Some(f(u));
        }
    })?;
    out.unwrap_or(Err(HalError::InvalidId))
}

fn uart_obj(rt: &Rt, this: Value) -> PyResult<&UartObj> {
    rt.downcast::<UartObj>(this)
        .ok_or_else(|| rt.type_error(format_args!("expecting a UART")))
}

fn err(rt: &Rt, id: usize, e: HalError) -> Exc {
    hal_error(rt, e, format_args!("UART({id})"))
}

/// The default gap between characters: two characters' time, at least 1 ms.
fn char_gap_ms(c: &UartConfig) -> u32 {
    let bits = 1 + c.bits as u32 + c.stop as u32 + c.parity.is_some() as u32;
    (2 * bits * 1000).div_ceil(c.baudrate.max(1)).max(1)
}

const INIT_NAMES: [Qstr; 7] = [
    q::baudrate,
    q::bits,
    q::parity,
    q::stop,
    q::timeout,
    q::timeout_char,
    q::rxbuf,
];

/// `init(baudrate=9600, bits=8, parity=None, stop=1, *, timeout=0,
/// timeout_char=..)`.
fn init_uart(rt: &Rt, b: &dyn Board, u: &UartObj, vals: [Value; 7]) -> PyResult<()> {
    let [baud, bits, parity, stop, timeout, timeout_char, _rxbuf] = vals;
    let old = u.config.get();
    let parity = if !given(parity) {
        old.parity
    } else if parity.is_none() {
        None
    } else {
        Some(int_in(rt, parity, 0, 1, "parity")? as u8)
    };
    let config = UartConfig {
        baudrate: int_or(rt, baud, old.baudrate as i64)?
            .try_into()
            .ok()
            .filter(|&b: &u32| b > 0)
            .ok_or_else(|| rt.value_error(format_args!("invalid baudrate")))?,
        bits: if given(bits) {
            int_in(rt, bits, 7, 9, "bits")? as u8
        } else {
            old.bits
        },
        parity,
        stop: if given(stop) {
            int_in(rt, stop, 1, 2, "stop")? as u8
        } else {
            old.stop
        },
    };
    b.configure_uart(u.id as u8, &config)
        .map_err(|e| err(rt, u.id, e))?;
    u.config.set(config);
    if given(timeout) {
        u.timeout
            .set(int_in(rt, timeout, 0, u32::MAX as i64, "timeout")? as u32);
    }
    let gap = char_gap_ms(&config);
    u.timeout_char.set(if given(timeout_char) {
        (int_in(rt, timeout_char, 0, u32::MAX as i64, "timeout_char")? as u32).max(gap)
    } else {
        gap
    });
    Ok(())
}

fn uart_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let Some(&id) = args.pos.first() else {
        return Err(rt.type_error(format_args!("UART() missing required argument 'id'")));
    };
    let id = bus_id(rt, id, b.info().uart, "UART")?;
    with_uart(b, id, |_| Ok(())).map_err(|e| err(rt, id as usize, e))?;
    let config = UartConfig {
        baudrate: 9600,
        bits: 8,
        parity: None,
        stop: 1,
    };
    let obj = new_obj(
        rt,
        UartObj {
            header: ObjHeader::new(&UART_TYPE),
            id: id as usize,
            config: Cell::new(config),
            timeout: Cell::new(0),
            timeout_char: Cell::new(char_gap_ms(&config)),
        },
        false,
    )?;
    if args.pos.len() > 1 || !args.kw.is_empty() {
        let vals = parse_args(rt, &args.pos[1..], args.kw, INIT_NAMES, 4, 0)?;
        init_uart(rt, b, uart_obj(rt, obj)?, vals)?;
    }
    Ok(obj)
}

fn uart_init(rt: &Rt, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let u = uart_obj(rt, args.pos[0])?;
    let vals = parse_args(rt, &args.pos[1..], args.kw, INIT_NAMES, 4, 0)?;
    init_uart(rt, b, u, vals)?;
    Ok(Value::NONE)
}

fn uart_deinit(rt: &Rt, this: Value) -> PyResult {
    uart_obj(rt, this)?;
    Ok(Value::NONE)
}

/// Waits one step with the board's delay; `false` when the board has none.
fn wait_step(b: &dyn Board) -> bool {
    b.delay(&mut |d| d.delay_us(STEP_US)).is_ok()
}

/// Reads into `buf` with the timeouts: waits up to `timeout` for the first
/// byte (`timeout_char` when `more`: bytes came before this call) and
/// `timeout_char` between bytes; with `line`, stops after a `b'\n'`.
/// Returns how many bytes were read.
fn read_timed(
    rt: &Rt,
    b: &dyn Board,
    u: &UartObj,
    buf: &mut [u8],
    line: bool,
    more: bool,
) -> PyResult<usize> {
    let id = u.id as u8;
    let mut got = 0;
    let mut waited_us: u64 = 0;
    while got < buf.len() {
        let end = if line { got + 1 } else { buf.len() };
        let n = with_uart(b, id, |io| {
            if io.read_ready()? {
                io.read(&mut buf[got..end])
            } else {
                Ok(0)
            }
        })
        .map_err(|e| err(rt, u.id, e))?;
        if n > 0 {
            got += n.min(end - got);
            waited_us = 0;
            if line && buf[got - 1] == b'\n' {
                break;
            }
            continue;
        }
        let limit_ms = if got == 0 && !more {
            u.timeout.get()
        } else {
            u.timeout_char.get()
        };
        if waited_us >= limit_ms as u64 * 1000 || !wait_step(b) {
            break;
        }
        waited_us += STEP_US as u64;
    }
    Ok(got)
}

/// `read([nbytes])`: up to `nbytes` (or everything until the timeouts
/// expire); `None` when nothing came.
fn uart_read(rt: &Rt, args: &[Value]) -> PyResult {
    let b = board(rt)?;
    let u = uart_obj(rt, args[0])?;
    match args.get(1).filter(|v| !v.is_none()) {
        Some(&n) => {
            let n = int_in(rt, n, 0, isize::MAX as i64, "nbytes")? as usize;
            let mut got = 0;
            let out = crate::util::new_bytes_with(rt, n, |buf| {
                got = read_timed(rt, b, u, buf, false, false)?;
                Ok(got)
            })?;
            Ok(if got == 0 && n > 0 { Value::NONE } else { out })
        }
        None => read_all(rt, b, u, false),
    }
}

/// Reads until the timeouts expire (or, with `line`, a newline) into a new
/// `bytes`; `None` when nothing came.
fn read_all(rt: &Rt, b: &dyn Board, u: &UartObj, line: bool) -> PyResult {
    let mut out = StrBuilder::with_capacity(rt, 16)?;
    let mut total = 0;
    let mut chunk = [0u8; 32];
    loop {
        let want = if line { 1 } else { chunk.len() };
        let n = read_timed(rt, b, u, &mut chunk[..want], line, total > 0)?;
        out.put(&chunk[..n])?;
        total += n;
        if n < want || (line && chunk[0] == b'\n') {
            break;
        }
    }
    if total == 0 {
        return Ok(Value::NONE);
    }
    out.finish(&BYTES_TYPE)
}

/// `readline()`: up to and including a `b'\n'`, or what came before the
/// timeout.
fn uart_readline(rt: &Rt, this: Value) -> PyResult {
    let b = board(rt)?;
    let u = uart_obj(rt, this)?;
    read_all(rt, b, u, true)
}

/// `readinto(buf[, nbytes])`: into the caller's writable buffer, with no
/// allocation; the count, or `None` when nothing came.
fn uart_readinto(rt: &Rt, args: &[Value]) -> PyResult {
    let b = board(rt)?;
    let u = uart_obj(rt, args[0])?;
    let buf = bytes_mut_of(rt, args[1])?;
    let n = match args.get(2) {
        Some(&n) => (int_in(rt, n, 0, isize::MAX as i64, "nbytes")? as usize).min(buf.len()),
        None => buf.len(),
    };
    let got = read_timed(rt, b, u, &mut buf[..n], false, false)?;
    if got == 0 && n > 0 {
        Ok(Value::NONE)
    } else {
        int_value(rt, got as i64)
    }
}

/// `write(buf)`: every byte, then the count.
fn uart_write(rt: &Rt, this: Value, data: Value) -> PyResult {
    let b = board(rt)?;
    let u = uart_obj(rt, this)?;
    let bytes = bytes_of(rt, data)?;
    let mut done = 0;
    while done < bytes.len() {
        let n = with_uart(b, u.id as u8, |io| io.write(&bytes[done..]))
            .map_err(|e| err(rt, u.id, e))?;
        if n == 0 {
            return Err(crate::util::os_error(rt, 110));
        }
        done += n;
    }
    with_uart(b, u.id as u8, |io| io.flush()).map_err(|e| err(rt, u.id, e))?;
    int_value(rt, done as i64)
}

/// `any()`: bytes waiting (1 when the driver only knows "some").
fn uart_any(rt: &Rt, this: Value) -> PyResult {
    let b = board(rt)?;
    let u = uart_obj(rt, this)?;
    let n = with_uart(b, u.id as u8, |io| io.available()).map_err(|e| err(rt, u.id, e))?;
    int_value(rt, n as i64)
}

fn uart_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let u = uart_obj(rt, this)?;
    let c = u.config.get();
    print_fmt(
        out,
        format_args!(
            "UART({}, baudrate={}, bits={}, parity=",
            u.id, c.baudrate, c.bits
        ),
    )?;
    match c.parity {
        None => out.put(b"None")?,
        Some(p) => print_fmt(out, format_args!("{p}"))?,
    }
    print_fmt(
        out,
        format_args!(
            ", stop={}, timeout={}, timeout_char={})",
            c.stop,
            u.timeout.get(),
            u.timeout_char.get()
        ),
    )
}

static UART_SLOTS: Slots = Slots {
    make_new: Some(uart_make_new),
    print: Some(uart_print),
    ..Slots::EMPTY
};

static UART_METHODS: [(Qstr, Value); 7] = sorted([
    rom_method!(
        init,
        NativeFn::Kw {
            min: 1,
            f: uart_init
        }
    ),
    rom_method!(deinit, NativeFn::F1(uart_deinit)),
    rom_method!(
        read,
        NativeFn::Var {
            min: 1,
            max: 2,
            f: uart_read
        }
    ),
    rom_method!(
        readinto,
        NativeFn::Var {
            min: 2,
            max: 3,
            f: uart_readinto
        }
    ),
    rom_method!(readline, NativeFn::F1(uart_readline)),
    rom_method!(write, NativeFn::F2(uart_write)),
    rom_method!(any, NativeFn::F1(uart_any)),
]);
const _: () = assert!(pyrite_obj::object::methods_sorted(&UART_METHODS));

/// `machine.UART`.
pub static UART_TYPE: Type = hal_type(q::UART, &UART_TYPE, &UART_SLOTS, &UART_METHODS);
