# memoryview: views without copies over bytes, bytearray and array; slicing,
# indexing, assignment, comparison, and the buffer protocol with struct.
import struct
from array import array

b = b"hello world"
m = memoryview(b)
print(len(m), m[0], m[-1], m.readonly, m.format, m.itemsize, m.nbytes)
print(bytes(m[6:]), m[:5].tobytes(), m[1:3].tolist(), list(m[7:9]))
print(m[6:] == b"world", m[6:] == b"worlx", b"hello" == m[:5], m[2:2].tobytes())
print(m.hex(), m[:2].hex(":"))
try:
    m[0] = 1
except TypeError as e:
    print("TypeError:", e)

ba = bytearray(b"abcdef")
v = memoryview(ba)
v[0] = 65
v[2:4] = b"XY"
print(ba, v.readonly)
w = v[3:]
w[0] = ord("z")
print(ba, bytes(w), len(w))
v[2:] = v[:4]
print(ba)
try:
    v[0:2] = b"abc"
except ValueError as e:
    print("ValueError:", e)
try:
    v[0] = 256
except ValueError as e:
    print("ValueError:", e)
try:
    v[10]
except IndexError as e:
    print("IndexError:", e)
print(memoryview(v).obj is ba, v.obj is ba)

a = array("h", [1, -2, 300])
mv = memoryview(a)
print(mv.format, mv.itemsize, mv.nbytes, len(mv), mv[1], mv.tolist())
mv[1] = 7
print(a, mv == array("q", [1, 7, 300]), mv == [1, 7, 300])
print(struct.unpack_from("<hh", mv[1:]), bytes(mv))
struct.pack_into("<h", mv, 4, -1)
print(a)

buf = bytearray(8)
struct.pack_into("<I", memoryview(buf)[4:], 0, 0xDEADBEEF)
print(buf, struct.unpack("<I", memoryview(buf)[4:]))
for x in memoryview(b"\x01\x02\x03")[1:]:
    print(x)
