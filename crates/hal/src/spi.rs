//! `machine.SPI`: a controller over an [`SpiIo`]. Every transfer happens in
//! the caller's buffer (`readinto`, `write_readinto`) or a stack buffer.

use core::cell::Cell;

use pyrite_obj::object::{ObjHeader, Object, PrintKind, Slots, Type};
use pyrite_obj::types::function::NativeFn;
use pyrite_obj::{Args, Exc, PyResult, Qstr, Rt, Sink, Value, q, rom_method};

use crate::board::{Board, HalError, SpiConfig};
use crate::io::SpiIo;
use crate::machine::board;
use crate::util::bus_id;
use crate::util::{
    bytes_of, constant, given, hal_error, hal_type, int_in, new_bytes_with, new_obj, parse_args,
    print_fmt, sorted,
};

/// `SPI.MSB` / `SPI.LSB`.
const MSB: i32 = 0;
const LSB: i32 = 1;

#[repr(C)]
pub(crate) struct SpiObj {
    header: ObjHeader,
    id: usize,
    config: Cell<SpiConfig>,
}

// SAFETY: `#[repr(C)]` with the header first; `SPI_TYPE` owns the layout.
unsafe impl Object for SpiObj {
    const TYPE: &'static Type = &SPI_TYPE;
}

fn with_spi<R>(
    b: &dyn Board,
    id: u8,
    f: impl FnOnce(&mut dyn SpiIo) -> Result<R, HalError>,
) -> Result<R, HalError> {
    let mut f = Some(f);
    let mut out = None;
    b.spi(id, &mut |bus| {
        if let Some(f) = f.take() {
            out = Some(f(bus));
        }
    })?;
    out.unwrap_or(Err(HalError::InvalidId))
}

fn err(rt: &Rt, id: usize, e: HalError) -> Exc {
    hal_error(rt, e, format_args!("SPI({id})"))
}

fn spi_obj(rt: &Rt, this: Value) -> PyResult<&SpiObj> {
    rt.downcast::<SpiObj>(this)
        .ok_or_else(|| rt.type_error(format_args!("expecting an SPI")))
}

fn on_bus<R>(
    rt: &Rt,
    this: Value,
    f: impl FnOnce(&mut dyn SpiIo) -> Result<R, HalError>,
) -> PyResult<R> {
    let b = board(rt)?;
    let o = spi_obj(rt, this)?;
    with_spi(b, o.id as u8, f).map_err(|e| err(rt, o.id, e))
}

const INIT_NAMES: [Qstr; 8] = [
    q::baudrate,
    q::polarity,
    q::phase,
    q::bits,
    q::firstbit,
    q::sck,
    q::mosi,
    q::miso,
];

/// `init(baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=MSB)`.
fn init_spi(rt: &Rt, b: &dyn Board, o: &SpiObj, vals: [Value; 8]) -> PyResult<()> {
    let [baud, pol, pha, bits, first, ..] = vals;
    let old = o.config.get();
    let pick = |v: Value, lo, hi, what, old: u32| -> PyResult<u32> {
        if given(v) {
            Ok(int_in(rt, v, lo, hi, what)? as u32)
        } else {
            Ok(old)
        }
    };
    let config = SpiConfig {
        baudrate: pick(baud, 1, u32::MAX as i64, "baudrate", old.baudrate)?,
        polarity: pick(pol, 0, 1, "polarity", old.polarity as u32)? as u8,
        phase: pick(pha, 0, 1, "phase", old.phase as u32)? as u8,
        bits: pick(bits, 8, 8, "bits", old.bits as u32)? as u8,
        lsb_first: pick(first, 0, 1, "firstbit", old.lsb_first as u32)? == LSB as u32,
    };
    b.configure_spi(o.id as u8, &config)
        .map_err(|e| err(rt, o.id, e))?;
    o.config.set(config);
    Ok(())
}

fn spi_make_new(rt: &Rt, _ty: &Type, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let Some(&id) = args.pos.first() else {
        return Err(rt.type_error(format_args!("SPI() missing required argument 'id'")));
    };
    let id = bus_id(rt, id, b.info().spi, "SPI")?;
    with_spi(b, id, |_| Ok(())).map_err(|e| err(rt, id as usize, e))?;
    let obj = new_obj(
        rt,
        SpiObj {
            header: ObjHeader::new(&SPI_TYPE),
            id: id as usize,
            config: Cell::new(SpiConfig {
                baudrate: 1_000_000,
                polarity: 0,
                phase: 0,
                bits: 8,
                lsb_first: false,
            }),
        },
        false,
    )?;
    if args.pos.len() > 1 || !args.kw.is_empty() {
        let vals = parse_args(rt, &args.pos[1..], args.kw, INIT_NAMES, 1, 0)?;
        init_spi(rt, b, spi_obj(rt, obj)?, vals)?;
    }
    Ok(obj)
}

fn spi_init(rt: &Rt, args: Args<'_>) -> PyResult {
    let b = board(rt)?;
    let o = spi_obj(rt, args.pos[0])?;
    let vals = parse_args(rt, &args.pos[1..], args.kw, INIT_NAMES, 1, 0)?;
    init_spi(rt, b, o, vals)?;
    Ok(Value::NONE)
}

fn spi_deinit(rt: &Rt, this: Value) -> PyResult {
    spi_obj(rt, this)?;
    Ok(Value::NONE)
}

fn fill_byte(rt: &Rt, v: Value) -> PyResult<u8> {
    if given(v) {
        Ok(int_in(rt, v, 0, 0xff, "write")? as u8)
    } else {
        Ok(0)
    }
}

/// `read(nbytes, write=0x00)`: sends `write` for every byte read.
fn spi_read(rt: &Rt, args: Args<'_>) -> PyResult {
    let [n, w] = parse_args(rt, &args.pos[1..], args.kw, [q::nbytes, q::write], 2, 1)?;
    let n = int_in(rt, n, 0, isize::MAX as i64, "nbytes")? as usize;
    let w = fill_byte(rt, w)?;
    new_bytes_with(rt, n, |buf| {
        buf.fill(w);
        on_bus(rt, args.pos[0], |bus| bus.transfer_in_place(buf))?;
        Ok(buf.len())
    })
}

/// `readinto(buf, write=0x00)`: into the caller's buffer.
fn spi_readinto(rt: &Rt, args: Args<'_>) -> PyResult {
    let [buf, w] = parse_args(rt, &args.pos[1..], args.kw, [q::buf, q::write], 2, 1)?;
    let w = fill_byte(rt, w)?;
    let buf = crate::util::bytes_mut_of(rt, buf)?;
    buf.fill(w);
    on_bus(rt, args.pos[0], |bus| bus.transfer_in_place(buf))?;
    Ok(Value::NONE)
}

/// `write(buf)`.
fn spi_write(rt: &Rt, this: Value, buf: Value) -> PyResult {
    let bytes = bytes_of(rt, buf)?;
    on_bus(rt, this, |bus| bus.write(bytes))?;
    Ok(Value::NONE)
}

/// `write_readinto(write_buf, read_buf)`: the bytes to send are moved into
/// `read_buf` (which may be the same buffer, or overlap it) and transferred
/// in place there, so nothing is allocated and aliasing is harmless.
fn spi_write_readinto(rt: &Rt, this: Value, wbuf: Value, rbuf: Value) -> PyResult {
    let (src, src_len) = crate::util::raw_buffer(rt, wbuf, false)?;
    let (dst, dst_len) = crate::util::raw_buffer(rt, rbuf, true)?;
    if src_len != dst_len {
        return Err(rt.value_error(format_args!("buffers must be the same length")));
    }
    // SAFETY: both point to `src_len` live bytes of objects the arguments
    // hold, `dst` writable; `copy` is a memmove, correct when they overlap
    // (the same buffer, or two views of one), and no reference to either
    // exists yet.
    unsafe { core::ptr::copy(src, dst, src_len) };
    let dst = crate::util::bytes_mut_of(rt, rbuf)?;
    on_bus(rt, this, |bus| bus.transfer_in_place(dst))?;
    Ok(Value::NONE)
}

fn spi_print(rt: &Rt, this: Value, out: &mut dyn Sink, _kind: PrintKind) -> PyResult<()> {
    let o = spi_obj(rt, this)?;
    let c = o.config.get();
    print_fmt(
        out,
        format_args!(
            "SPI({}, baudrate={}, polarity={}, phase={}, bits={}, firstbit={})",
            o.id,
            c.baudrate,
            c.polarity,
            c.phase,
            c.bits,
            if c.lsb_first { "LSB" } else { "MSB" }
        ),
    )
}

static SPI_SLOTS: Slots = Slots {
    make_new: Some(spi_make_new),
    print: Some(spi_print),
    ..Slots::EMPTY
};

static SPI_METHODS: [(Qstr, Value); 8] = sorted([
    rom_method!(
        init,
        NativeFn::Kw {
            min: 1,
            f: spi_init
        }
    ),
    rom_method!(deinit, NativeFn::F1(spi_deinit)),
    rom_method!(
        read,
        NativeFn::Kw {
            min: 1,
            f: spi_read
        }
    ),
    rom_method!(
        readinto,
        NativeFn::Kw {
            min: 1,
            f: spi_readinto
        }
    ),
    rom_method!(write, NativeFn::F2(spi_write)),
    rom_method!(write_readinto, NativeFn::F3(spi_write_readinto)),
    constant(q::MSB, MSB),
    constant(q::LSB, LSB),
]);
const _: () = assert!(pyrite_obj::object::methods_sorted(&SPI_METHODS));

/// `machine.SPI`.
pub static SPI_TYPE: Type = hal_type(q::SPI, &SPI_TYPE, &SPI_SLOTS, &SPI_METHODS);
