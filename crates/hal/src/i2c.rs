//! `machine.I2C`: a controller with 7-bit addresses over an [`I2cBus`].

use core::cell::Cell;

use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, Type};
use pyrite_obj::types::function::NativeFn;
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Sink, Value, q, rom_method};

use crate::board::{Board, HalError};
use crate::io::I2cBus;
use crate::machine::board;
use crate::util::bus_id;
use crate::util::{
    bytes_mut_of, bytes_of, given, hal_error, hal_type, int_in, int_value, new_bytes_with, new_obj,
    parse_args, print_fmt, sorted,
};

/// The first and last addresses `scan()` probes (the others are reserved).
const SCAN_FIRST: u8 = 0x08;
const SCAN_LAST: u8 = 0x77;

#[repr(C)]
pub(crate) struct I2cObj {
    header: ObjHeader,
    id: usize,
    freq: Cell<u32>,
}

// SAFETY: `#[repr(C)]` with the header first; `I2C_TYPE` owns the layout.
unsafe impl Object for I2cObj {
    const TYPE: &'static Type = &I2C_TYPE;
}

fn with_i2c<R>(
    b: &dyn Board,
    id: u8,
    f: impl FnOnce(&mut dyn I2cBus) -> Result<R, HalError>,
) -> Result<R, HalError> {
    let mut f = Some(f);
    let mut out = None;
    b.i2c(id, &mut |bus| {
        if let Some(f) = f.take() {
            out = Some(f(bus));
        }
    })?;
    out.unwrap_or(Err(HalError::InvalidId))
}

fn err(rt: &Rt, id: usize, e: HalError) -> Exc {
    hal_error(rt, e, format_args!("I2C({id})"))
}

fn i2c_obj(rt: &Rt, this: Value) -> PyResult<&I2cObj> {
    rt.downcast::<I2cObj>(this)
        .ok_or_else(|| rt.type_error(format_args!("expecting an I2C")))
}

/// Runs `f` on this object's bus, turning errors into exceptions.
fn on_bus<R>(
    rt: &Rt,
    this: Value,
    f: impl FnOnce(&mut dyn I2cBus) -> Result<R, HalError>,
) -> PyResult<R> {
    let b = board(rt)?;
    let o = i2c_obj(rt, this)?;
    with_i2c(b, o.id as u8, f).map_err(|e| err(rt, o.id, e))
}

fn addr(rt: &Rt, v: Value) -> PyResult<u8> {
    Ok(int_in(rt, v, 0, 0x7f, "address")? as u8)
}

fn set_freq(rt: &Rt, b: &dyn Board, o: &I2cObj, freq: Value) -> PyResult<()> {
    if given(freq) {
        let hz = int_in(rt, freq, 1, u32::MAX as i64, "freq")? as u32;
        b.configure_i2c(o.id as u8, hz)
            .map_err(|e| err(rt, o.id, e))?;
        o.freq.set(hz);
    }
    Ok(())
}

/// `I2C(id, *, freq=400000, timeout=..)`.
fn i2c_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let [id, freq, _timeout] =
        parse_args(rt, args.pos, args.kw, [q::id, q::freq, q::timeout], 1, 1)?;
    let id = bus_id(rt, id, b.info().i2c, "I2C")?;
    with_i2c(b, id, |_| Ok(())).map_err(|e| err(rt, id as usize, e))?;
    let obj = new_obj(
        rt,
        I2cObj {
            header: ObjHeader::new(&I2C_TYPE),
            id: id as usize,
            freq: Cell::new(400_000),
        },
        false,
    )?;
    set_freq(rt, b, i2c_obj(rt, obj)?, freq)?;
    Ok(obj)
}

fn i2c_init(rt: &Rt, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let o = i2c_obj(rt, args.pos[0])?;
    let [freq, _timeout] = parse_args(rt, &args.pos[1..], args.kw, [q::freq, q::timeout], 0, 0)?;
    set_freq(rt, b, o, freq)?;
    Ok(Value::NONE)
}

/// `scan()`: the addresses in 0x08..=0x77 that acknowledge an empty write.
fn i2c_scan(rt: &Rt, this: Value) -> PyResult {
    let list = new_list(rt, &[])?;
    let mut found = [false; 128];
    on_bus(rt, this, |bus| {
        for a in SCAN_FIRST..=SCAN_LAST {
            match bus.write(a, &[]) {
                Ok(()) => found[a as usize] = true,
                Err(HalError::NoDevice | HalError::Nack) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    })?;
    let l = rt.downcast::<List>(list).ok_or_else(|| rt.memory_error())?;
    for (a, _) in found.iter().enumerate().filter(|(_, f)| **f) {
        l.push(rt, Value::small_int_const(a as _))?;
    }
    Ok(list)
}

/// `readfrom(addr, nbytes, stop=True)`.
fn i2c_readfrom(rt: &Rt, args: Args<'_>) -> PyResult {
    let [a, n, _stop] = parse_args(
        rt,
        &args.pos[1..],
        args.kw,
        [q::addr, q::nbytes, q::stop],
        3,
        2,
    )?;
    let a = addr(rt, a)?;
    let n = int_in(rt, n, 0, isize::MAX as i64, "nbytes")? as usize;
    new_bytes_with(rt, n, |buf| {
        on_bus(rt, args.pos[0], |bus| bus.read(a, buf))?;
        Ok(buf.len())
    })
}

/// `readfrom_into(addr, buf, stop=True)`: into the caller's buffer.
fn i2c_readfrom_into(rt: &Rt, args: Args<'_>) -> PyResult {
    let [a, buf, _stop] = parse_args(
        rt,
        &args.pos[1..],
        args.kw,
        [q::addr, q::buf, q::stop],
        3,
        2,
    )?;
    let a = addr(rt, a)?;
    let buf = bytes_mut_of(rt, buf)?;
    on_bus(rt, args.pos[0], |bus| bus.read(a, buf))?;
    Ok(Value::NONE)
}

/// `writeto(addr, buf, stop=True)`: the number of bytes acknowledged.
fn i2c_writeto(rt: &Rt, args: Args<'_>) -> PyResult {
    let [a, buf, _stop] = parse_args(
        rt,
        &args.pos[1..],
        args.kw,
        [q::addr, q::buf, q::stop],
        3,
        2,
    )?;
    let a = addr(rt, a)?;
    let bytes = bytes_of(rt, buf)?;
    on_bus(rt, args.pos[0], |bus| bus.write(a, bytes))?;
    int_value(rt, bytes.len() as i64)
}

/// The memory address as 1 or 2 big-endian bytes (`addrsize` 8 or 16).
fn mem_addr(rt: &Rt, mem: Value, addrsize: Value) -> PyResult<([u8; 2], usize)> {
    let size = if given(addrsize) {
        int_in(rt, addrsize, 8, 16, "addrsize")?
    } else {
        8
    };
    match size {
        8 => Ok(([int_in(rt, mem, 0, 0xff, "memaddr")? as u8, 0], 1)),
        16 => Ok((
            (int_in(rt, mem, 0, 0xffff, "memaddr")? as u16).to_be_bytes(),
            2,
        )),
        _ => Err(rt.value_error(format_args!("addrsize must be 8 or 16"))),
    }
}

const MEM_NAMES_N: [Qstr; 4] = [q::addr, q::memaddr, q::nbytes, q::addrsize];
const MEM_NAMES_BUF: [Qstr; 4] = [q::addr, q::memaddr, q::buf, q::addrsize];

/// `readfrom_mem(addr, memaddr, nbytes, *, addrsize=8)`: writes the memory
/// address, then reads after a repeated START.
fn i2c_readfrom_mem(rt: &Rt, args: Args<'_>) -> PyResult {
    let [a, mem, n, size] = parse_args(rt, &args.pos[1..], args.kw, MEM_NAMES_N, 3, 3)?;
    let a = addr(rt, a)?;
    let (m, mlen) = mem_addr(rt, mem, size)?;
    let n = int_in(rt, n, 0, isize::MAX as i64, "nbytes")? as usize;
    new_bytes_with(rt, n, |buf| {
        on_bus(rt, args.pos[0], |bus| bus.write_read(a, &m[..mlen], buf))?;
        Ok(buf.len())
    })
}

/// `readfrom_mem_into(addr, memaddr, buf, *, addrsize=8)`.
fn i2c_readfrom_mem_into(rt: &Rt, args: Args<'_>) -> PyResult {
    let [a, mem, buf, size] = parse_args(rt, &args.pos[1..], args.kw, MEM_NAMES_BUF, 3, 3)?;
    let a = addr(rt, a)?;
    let (m, mlen) = mem_addr(rt, mem, size)?;
    let buf = bytes_mut_of(rt, buf)?;
    on_bus(rt, args.pos[0], |bus| bus.write_read(a, &m[..mlen], buf))?;
    Ok(Value::NONE)
}

/// `writeto_mem(addr, memaddr, buf, *, addrsize=8)`: the memory address
/// and the data in one write, with no copy.
fn i2c_writeto_mem(rt: &Rt, args: Args<'_>) -> PyResult {
    let [a, mem, buf, size] = parse_args(rt, &args.pos[1..], args.kw, MEM_NAMES_BUF, 3, 3)?;
    let a = addr(rt, a)?;
    let (m, mlen) = mem_addr(rt, mem, size)?;
    let bytes = bytes_of(rt, buf)?;
    on_bus(rt, args.pos[0], |bus| bus.write2(a, &m[..mlen], bytes))?;
    Ok(Value::NONE)
}

fn i2c_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let o = i2c_obj(rt, this)?;
    print_fmt(out, format_args!("I2C({}, freq={})", o.id, o.freq.get()))
}

static I2C_SLOTS: Slots = Slots {
    make_new: Some(i2c_make_new),
    print: Some(i2c_print),
    ..Slots::EMPTY
};

static I2C_METHODS: [(Qstr, Value); 8] = sorted([
    rom_method!(
        init,
        NativeFn::Kw {
            min: 1,
            f: i2c_init
        }
    ),
    rom_method!(scan, NativeFn::F1(i2c_scan)),
    rom_method!(
        readfrom,
        NativeFn::Kw {
            min: 1,
            f: i2c_readfrom
        }
    ),
    rom_method!(
        readfrom_into,
        NativeFn::Kw {
            min: 1,
            f: i2c_readfrom_into
        }
    ),
    rom_method!(
        writeto,
        NativeFn::Kw {
            min: 1,
            f: i2c_writeto
        }
    ),
    rom_method!(
        readfrom_mem,
        NativeFn::Kw {
            min: 1,
            f: i2c_readfrom_mem
        }
    ),
    rom_method!(
        readfrom_mem_into,
        NativeFn::Kw {
            min: 1,
            f: i2c_readfrom_mem_into
        }
    ),
    rom_method!(
        writeto_mem,
        NativeFn::Kw {
            min: 1,
            f: i2c_writeto_mem
        }
    ),
]);
const _: () = assert!(pyrite_obj::object::methods_sorted(&I2C_METHODS));

/// `machine.I2C`.
pub static I2C_TYPE: Type = hal_type(q::I2C, &I2C_TYPE, &I2C_SLOTS, &I2C_METHODS);
