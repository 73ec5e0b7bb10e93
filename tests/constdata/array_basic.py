# array: construction, reprs, methods, slicing, operators, bytes.
from array import array

for tc in "bBhHiIlLqQfd":
    a = array(tc, [1, 2, 3])
    print(a, a.typecode, a.itemsize == len(bytes(a)) // 3, len(a))

print(array("b"), array("f", [0.1, 1.5]), array("d", [1, 2.5]))
a = array("h", b"\x01\x00\x02\x00")
print(a, a[0], a[-1], a.tobytes())
a.append(-3)
a.extend([4, 5])
a.extend(array("h", [6]))
print(a, a.tolist(), list(a))
print(a[1:4], a[::2], a[::-1], a[10:])
a[1:3] = array("h", [20, 30, 40])
print(a)
del a[0]
del a[::3]
print(a)
a[0] = 99
print(a, a.pop(), a.pop(0), a)
a.insert(1, 7)
a.remove(7)
print(a, a.index(40), a.count(40), 40 in a, 41 in a)
b = a + array("h", [1])
b += b
print(b, a * 2, a == array("h", list(a)), a == array("q", list(a)), a != a[:-1])
print(array("h", [1, 2]) < array("h", [1, 3]), array("h", [2]) > array("h", [1, 9]))
c = array("H", [1, 256])
c.byteswap()
print(c, bytes(c), bytearray(c))
d = array("B")
d.frombytes(b"hi")
d.fromlist([33])
print(d, d.tobytes())
d.reverse()
print(d)
print(array("i", array("b", [1, -1])), array("d", array("i", [2])))


def attempt(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__ + ":", e)


attempt(lambda: array("b", [128]))
attempt(lambda: array("B", [-1]))
attempt(lambda: array("h", [70000]))
try:
    array("x")
except ValueError:
    print("ValueError for a bad typecode")
attempt(lambda: array("h", "ab"))
attempt(lambda: array("h", b"abc"))
attempt(lambda: array("i", [1.5]))
attempt(lambda: array("h", [1])[5])
attempt(lambda: array("h") + [1])
attempt(lambda: array("h").pop())
attempt(lambda: array("h", [1]).index(2))
