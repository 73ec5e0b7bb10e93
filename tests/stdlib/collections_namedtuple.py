from collections import namedtuple

Point = namedtuple("Point", "x y")
p = Point(1, 2)
print(p, repr(p), p.x, p.y, p[0], p[-1], len(p))
print(Point._fields, p._fields)
x, y = p
print(x, y, tuple(p), list(p))
print(p == (1, 2), p == Point(1, 2), p != Point(2, 1), hash(p) == hash((1, 2)))
print(isinstance(p, tuple), type(p).__name__, type(p) is Point)
print(p._asdict())
q = p._replace(y=5)
print(q, p)
print(Point(y=3, x=4), Point(7, y=8))
print(p[0:1], p + (3,), p * 2, 2 in p, p.count(1), p.index(2))

P3 = namedtuple("P3", ["a", "b", "c"])
print(P3(1, "two", [3]))
P4 = namedtuple("P4", "a, b,c   d")
print(P4(1, 2, 3, 4), P4._fields)
D = namedtuple("D", "a b c", defaults=[10, 20])
print(D(1), D(1, 2), D(1, 2, 3))
print(sorted([Point(2, 1), Point(1, 5), Point(1, 2)]))
print({Point(1, 2): "a"}[(1, 2)])
for f in p:
    print(f)


def err(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


err(lambda: Point(1))
err(lambda: Point(1, 2, 3))
err(lambda: Point(1, z=2))
err(lambda: Point(1, x=2))
err(lambda: p._replace(z=1))
err(lambda: namedtuple("Bad", "a a"))
err(lambda: namedtuple("Bad", "a _b"))
err(lambda: namedtuple("Bad", "a 1b"))
err(lambda: namedtuple("Bad", "a def"))
err(lambda: namedtuple("1Bad", "a"))
err(lambda: p.z)


def setx():
    p.x = 5


err(setx)

print(Point._make([5, 6]), Point._make(range(2)), p._make((7, 8)))
print(Point._make(iter("ab")).y)
err(lambda: Point._make([1]))
