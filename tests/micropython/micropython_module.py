import micropython
from micropython import const
X = const(5)
print(X, micropython.const('a'))
def f():
    return 1
print(micropython.native(f) is f, micropython.viper(f) is f)
print(micropython.alloc_emergency_exception_buf(100), micropython.kbd_intr(3))
micropython.opt_level(2)
print(micropython.opt_level())
micropython.opt_level(0)
def cb(a):
    print('scheduled', a)
micropython.schedule(cb, 7)
for _ in range(2):  # a check point: the callback runs here
    pass
print(type(micropython.stack_use()) is int, micropython.stack_use() > 0)
micropython.heap_lock()
try:
    [1, 2]
except MemoryError:
    print('MemoryError')
print(micropython.heap_unlock())
print([1, 2])
print(micropython)
import umicropython
print(umicropython is micropython)
import usys, sys
print(usys is sys, usys)
