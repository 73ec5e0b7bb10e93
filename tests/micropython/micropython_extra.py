# The rest of the micropython module: const, native/viper decorators,
# opt_level, kbd_intr, alloc_emergency_exception_buf, stack_use.
import micropython
from micropython import const

A = const(1 << 4)
print(A, const('s'), const(None) is None)


def nat(x):
    return x + 1


def vip(x):
    return x * 2


nat = micropython.native(nat)
vip = micropython.viper(vip)


print(nat(1), vip(3))
print(micropython.opt_level())
micropython.opt_level(1)
print(micropython.opt_level())
micropython.opt_level(0)
print(micropython.kbd_intr(-1), micropython.kbd_intr(3))
print(micropython.alloc_emergency_exception_buf(256))


def depth(n):
    if n == 0:
        return micropython.stack_use()
    return depth(n - 1)


print(depth(20) > depth(0) > 0)
import sys
print(sys.byteorder in ('little', 'big'), sys.maxsize > 0, sys.maxsize + 1 > sys.maxsize)
print(sys.implementation.name, type(sys.version_info), len(sys.version_info) >= 3)
print(type(sys.platform), type(sys.version))
print(sys.stdin is not None, sys.stdout is not None, sys.stderr is not None)
sys.stdout.write('written\n')
