# sys.print_exception(exc[, file]): the traceback to stdout or a stream.
import sys
import io


def f(x):
    return 1 // x


try:
    f(0)
except ZeroDivisionError as e:
    err = e
sys.print_exception(err)
sys.print_exception(err, sys.stdout)
buf = io.StringIO()
sys.print_exception(ValueError('no traceback'), buf)
print(repr(buf.getvalue()))
sys.print_exception(1)
