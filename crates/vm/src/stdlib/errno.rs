//! `errno` (`uerrno`): the error numbers `OSError` carries (Linux's
//! numbering, which MicroPython uses on every port), and `errorcode`, the
//! dict from number to name.

use pyrite_obj::types::dict::{Dict, new_dict};
use pyrite_obj::{PyResult, Qstr, Value, q};

use super::set;
use crate::vm::Vm;

/// The error names and numbers.
pub(crate) const ERRNOS: &[(Qstr, u8)] = &[
    (q::EPERM, 1),
    (q::ENOENT, 2),
    (q::ESRCH, 3),
    (q::EINTR, 4),
    (q::EIO, 5),
    (q::ENXIO, 6),
    (q::E2BIG, 7),
    (q::EBADF, 9),
    (q::ECHILD, 10),
    (q::EAGAIN, 11),
    (q::ENOMEM, 12),
    (q::EACCES, 13),
    (q::EFAULT, 14),
    (q::EBUSY, 16),
    (q::EEXIST, 17),
    (q::EXDEV, 18),
    (q::ENODEV, 19),
    (q::ENOTDIR, 20),
    (q::EISDIR, 21),
    (q::EINVAL, 22),
    (q::ENFILE, 23),
    (q::EMFILE, 24),
    (q::ENOTTY, 25),
    (q::EFBIG, 27),
    (q::ENOSPC, 28),
    (q::ESPIPE, 29),
    (q::EROFS, 30),
    (q::EMLINK, 31),
    (q::EPIPE, 32),
    (q::EDOM, 33),
    (q::ERANGE, 34),
    (q::ENOSYS, 38),
    (q::ENOTEMPTY, 39),
    (q::EOPNOTSUPP, 95),
    (q::EAFNOSUPPORT, 97),
    (q::EADDRINUSE, 98),
    (q::ECONNABORTED, 103),
    (q::ECONNRESET, 104),
    (q::ENOBUFS, 105),
    (q::EISCONN, 106),
    (q::ENOTCONN, 107),
    (q::ETIMEDOUT, 110),
    (q::ECONNREFUSED, 111),
    (q::EHOSTUNREACH, 113),
    (q::EALREADY, 114),
    (q::EINPROGRESS, 115),
];

/// Fills the `errno` module.
pub(crate) fn init(vm: &Vm, dict: Value) -> PyResult<()> {
    let rt = vm.rt();
    let codes = new_dict(rt)?;
    for &(name, n) in ERRNOS {
        let v = Value::small_int_unchecked(n as _);
        set(rt, dict, name, v)?;
        if let Some(d) = rt.downcast::<Dict>(codes) {
            d.map().insert(rt, v, Value::qstr(name))?;
        }
    }
    set(rt, dict, q::errorcode, codes)
}
