# Expressions: displays, comprehensions, f-strings, slices, unpacking,
# augmented assignment, constants, big ints, floats.
from micropython import const

ROWS = const(4)
_COLS = const(3)
CELLS = const(ROWS * _COLS)
NAME = const("grid")
print(ROWS, _COLS, CELLS, NAME)

def area():
    return ROWS * _COLS + CELLS

print(area())

big = 123456789012345678901234567890
print(big, big * 2, -big, 2 ** 70, 1 << 65, 0xFFFFFFFFFFFFFFFFFFFF)
print(2 ** 30, -(2 ** 30), 2 ** 31 - 1, 1073741823 + 1)
print(7 // 2, -7 // 2, 7 % -3, -7 % 3, ~5, -(-3), +4, 1_000_000)
print(1.5, 2.0 * 3, 1e3, .5)
print(10 / 4, 2 ** -1, 0o17, 0b101)

l = [1, 2, 3, 4, 5]
print(l[1:3], l[::2], l[::-1], l[-2:], l[:])
l[1:3] = [9]
print(l)
del l[0]
print(l)
t = (1, "a", None, (2, 3))
print(t, t[3][1], len(()))
s = {3, 1, 2}
d = {"a": 1, "b": 2, 3: [4]}
print(sorted(s), sorted(d.items(), key=str))

print([x * y for x in range(3) for y in range(3) if x != y])
print({k: v for k, v in zip("abc", range(3))})
print({x % 3 for x in range(10)})
print(list(x for x in "hey"))
print([[j for j in range(i)] for i in range(4)])

name = "world"
width = 8
print(f"hello {name}!", f"{name!r:>{width}}", f"{3.14159:.2f}", f"{{braces}} {1 + 1}")
print(f"{'nested'}", f"{width:04d}")

a, *rest = [1, 2, 3]
*init, last = "abc"
first, (second, third) = 1, (2, 3)
print(a, rest, init, last, first, second, third)
a, b = 1, 2
a, b = b, a
print(a, b)
a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
[p, q] = "pq"
print(p, q)

class O:
    pass

o = O()
o.v = 1
o.v += 5
o.lst = [1, 2]
o.lst[0] += 10
o.lst[1] <<= 3
print(o.v, o.lst)
x = 7
x //= 2
x **= 3
x -= 1
x %= 5
x |= 8
x ^= 3
x &= 14
x >>= 1
x *= 3
x /= 2
print(x)
del o.v
print(hasattr(o, "v"))

print("abc" * 2, "x" + "y", b"bytes", b"\x00\xff", "tab\tnew\nline")
print(None is None, a is not None, "a" in "abc", 3 not in [1, 2])
print(..., type(...).__name__)
print(__debug__)
print("longer string constant that is not interned", "longer string constant that is not interned")
print(True + True, not 0, not "", -True)
print([1, 2] + [3], (1,) * 3, ())
