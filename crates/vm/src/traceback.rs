//! Tracebacks: recorded as exceptions unwind, printed as CPython does.

use pyrite_obj::object::PrintKind;
use pyrite_obj::types::dict::Dict;
use pyrite_obj::types::exc::ExcObj;
use pyrite_obj::types::list::{List, new_list};
use pyrite_obj::{PyResult, Sink, TypeFlags, Value, q};

use crate::func::FunObj;
use crate::vm::{Frame, Vm};

/// Appends the frame's position to the exception's traceback: a list of
/// `function, offset` pairs, innermost first. Failure to allocate loses the
/// entry, nothing else.
pub(crate) fn add_entry(vm: &Vm, exc: Value, fp: *mut Frame) {
    let rt = vm.rt();
    if !vm.is_heap(exc) {
        return;
    }
    let Some(x) = rt.downcast::<ExcObj>(exc) else {
        return;
    };
    // SAFETY: `fp` is a live frame record.
    let (fun, off) = unsafe {
        let f = &*fp;
        let off = f.ip.offset_from((*f.proto).opcodes).max(1) as usize - 1;
        (f.fun, off)
    };
    let mut tb = x.traceback.get();
    if rt.downcast::<List>(tb).is_none() {
        match new_list(rt, &[]) {
            Ok(l) => {
                x.traceback.set(l);
                tb = l;
            }
            Err(_) => return,
        }
    }
    if let Some(l) = rt.downcast::<List>(tb) {
        let off = Value::small_int(off as i64).unwrap_or(Value::NONE);
        if l.push(rt, fun).is_ok() && l.push(rt, off).is_err() {
            l.remove_at(l.len() - 1);
        }
    }
}

impl Vm {
    /// Prints an exception as CPython does for an uncaught one: the chain of
    /// causes/contexts (with `exc-chaining`; without it, as MicroPython,
    /// only the last exception), the traceback (most recent call last), then
    /// `Type: message`.
    pub fn print_exception(&self, exc: Value, out: &mut dyn Sink) -> PyResult<()> {
        #[cfg(feature = "exc-chaining")]
        self.print_chain(exc, out, 0)?;
        self.print_traceback(exc, out)?;
        self.print_exception_line(exc, out)
    }

    /// Prints what led to `exc` (its cause, or else the exception being
    /// handled when it was raised), each with its own chain, traceback and
    /// line, then the sentence joining it to `exc`. Chains longer than 8
    /// are cut; the 8th link prints without its traceback.
    #[cfg(feature = "exc-chaining")]
    fn print_chain(&self, exc: Value, out: &mut dyn Sink, depth: usize) -> PyResult<()> {
        const LIMIT: usize = 8;
        let Some(x) = self.rt().downcast::<ExcObj>(exc) else {
            return Ok(());
        };
        if depth >= LIMIT {
            return Ok(());
        }
        let cause = x.cause.get();
        let context = x.context.get();
        let (earlier, joint): (Value, &[u8]) = if !cause.is_null() && !cause.is_none() {
            (
                cause,
                b"\nThe above exception was the direct cause of the following exception:\n\n",
            )
        } else if cause.is_null() && !context.is_null() && !context.is_none() {
            (
                context,
                b"\nDuring handling of the above exception, another exception occurred:\n\n",
            )
        } else {
            return Ok(());
        };
        self.print_chain(earlier, out, depth + 1)?;
        if depth + 1 < LIMIT {
            self.print_traceback(earlier, out)?;
        }
        self.print_exception_line(earlier, out)?;
        out.put(joint)
    }

    /// Prints the traceback recorded in `exc`, if any.
    fn print_traceback(&self, exc: Value, out: &mut dyn Sink) -> PyResult<()> {
        let rt = self.rt();
        if let Some(x) = rt.downcast::<ExcObj>(exc)
            && let Some(tb) = rt.downcast::<List>(x.traceback.get())
            && tb.len() >= 2
        {
            let n = tb.len() / 2;
            // A compile error's place alone (no frame) prints without
            // the heading, as CPython does.
            let any_frame = (0..n).any(|i| {
                rt.downcast::<FunObj>(tb.get(2 * i).unwrap_or(Value::NONE))
                    .is_some()
            });
            if any_frame {
                out.put(b"Traceback (most recent call last):\n")?;
            }
            for i in (0..n).rev() {
                let fun = tb.get(2 * i).unwrap_or(Value::NONE);
                let off = tb
                    .get(2 * i + 1)
                    .and_then(|v| v.as_small_int())
                    .unwrap_or(0);
                // `SyntaxError`: file name and line; a function: its
                // file, the line of the offset and its name.
                let (file, line, name) = if let Some(file) = rt.str_bytes(fun) {
                    (file, off.max(0) as usize, None)
                } else if let Some(f) = rt.downcast::<FunObj>(fun) {
                    let p = f.proto();
                    (
                        rt.qstr_text(f.ctx().file),
                        p.line_for_offset(off as usize) as usize,
                        Some(p.name),
                    )
                } else {
                    continue;
                };
                out.put(b"  File \"")?;
                out.put(file)?;
                out.put(b"\", line ")?;
                out.put(itoa(line).as_bytes())?;
                if let Some(name) = name {
                    out.put(b", in ")?;
                    out.put(rt.qstr_text(name))?;
                }
                out.put(b"\n")?;
            }
        }
        Ok(())
    }

    /// `Type: message` (or just `Type`) and a newline; a class from
    /// another module than `builtins` or `__main__` is `module.Type`, as
    /// CPython prints it.
    pub fn print_exception_line(&self, exc: Value, out: &mut dyn Sink) -> PyResult<()> {
        let rt = self.rt();
        let ty = rt.type_of(exc);
        if ty.flags.contains(TypeFlags::HEAP)
            && let Some(d) = rt.downcast::<Dict>(ty.locals)
            && let Ok(Some(m)) = d.map().get(rt, Value::qstr(q::__module__))
            && let Some(text) = rt.str_bytes(m)
            && text != b"builtins"
            && text != b"__main__"
        {
            out.put(text)?;
            out.put(b".")?;
        }
        out.put(rt.qstr_text(ty.name))?;
        let msg = rt.str(exc)?;
        let text = rt.str_bytes(msg).unwrap_or(b"");
        if !text.is_empty() {
            out.put(b": ")?;
            out.put(text)?;
        }
        out.put(b"\n")?;
        let _ = PrintKind::Str;
        Ok(())
    }
}

/// Decimal digits of `n`.
struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    fn as_bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

/// `usize` digits: 32-bit division on the boards.
fn itoa(mut n: usize) -> Digits {
    let mut d = Digits {
        buf: [0; 20],
        start: 20,
    };
    loop {
        d.start -= 1;
        d.buf[d.start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    d
}
