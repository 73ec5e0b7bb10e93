# Module-level names, constants, arithmetic and comparisons.
import sys
from math import sqrt, pi as PI
from os import *

count = 0
name = "pyrite"
big = 123456789012345678901234567890
neg_big = -98765432109876543210
ratio = 2.5
tiny = 1e-300
cplx = 3j + 1
data = b"\x00\x01bytes\xff"
empty = b""
nothing = None
flags = (True, False, None, ...)
nested = ((1, 2), ("a", (b"b", 3.5)), ())
text = "a longer string constant that is not a short identifier \u00e9\u4e2d"
medium = 1000
negative = -1000
huge_small = 1073741823
edge = -1073741824

del count
count = medium * 2 + negative // 3 - ratio / 4 % 5 ** 2
count = (medium | 1) ^ (medium & 7) << 2 >> 1
count = -count
count = +count
count = ~medium
flag = not count
print(count < 1, count > 1, count == 1, count <= 1, count >= 1, count != 1)
print(1 in data, 1 not in data, count is None, count is not None)
print(count @ ratio, count ** ratio, count // ratio)
total = 0
total += 1
total -= 1
total *= 2
total //= 3
total /= 4
total %= 5
total **= 2
bits = 255
bits |= 1
bits ^= 2
bits &= 3
bits <<= 4
bits >>= 1
try:
    m = 0
    m @= 1
except TypeError:
    pass
print(-16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1)
print(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
print(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)
print(32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47)
x = y = z = 7
a, b = b, a = 1, 2
p, q, r = r, q, p = 1, 2, 3
lst = [1, 2, 3]
lst[0] = 5
lst[1] += 2
del lst[2]
sl = lst[1:2]
sl = lst[::2]
sl = lst[1:]
lst[0:1] = [9]
dct = {"k": 1, "j": count, count: "v"}
st = {1, 2, count}
tup = (count, 1, 2)
first, *rest = lst
*init, last = lst
head, *mid, tail = [1, 2, 3, 4]
one = 1 if count else 2
both = count and ratio
either = count or ratio
chain = 1 < count < 10
print(sys.platform, sqrt(4), PI)
assert count is not None, "count must exist"
assert count
