# Instance creation through the interpreter's constructor fast path and
# the cases it leaves to the generic call: arguments, results, errors.
class Point:
    def __init__(self, x, y=2, *rest, k=5, **kw):
        self.v = (x, y, rest, k, sorted(kw.items()))


print(Point(1).v)
print(Point(1, 3, 4, 5, k=9, z=1).v)
try:
    Point()
except TypeError:
    print("TypeError: missing argument")


class ReturnsInt:
    def __init__(self):
        return 3


try:
    ReturnsInt()
except TypeError as e:
    print("TypeError:", e)


class Raises:
    def __init__(self, a):
        raise ValueError(a)


try:
    Raises(7)
except ValueError as e:
    print("ValueError:", e)


class Chain:
    def __init__(self, n):
        self.next = Chain(n - 1) if n else None


c = Chain(20)
n = 0
while c:
    c = c.next
    n += 1
print(n)


class Holder:
    Kind = Point

    def make(self):
        return Point(self)


h = Holder()
print(h.Kind(8).v[0], Holder.Kind(9).v[0], h.make().v[0] is h)
print([Point(i).v[0] for i in range(4)])


class Base:
    def __init__(self, a):
        self.a = a


class Derived(Base):
    pass


class WithNew:
    def __new__(cls, a):
        o = super().__new__(cls)
        o.from_new = a
        return o

    def __init__(self, a):
        self.from_init = a * 2


class MyList(list):
    def __init__(self, n):
        super().__init__(range(n))


class MyError(Exception):
    def __init__(self, code):
        super().__init__("code", code)
        self.code = code


class NoInit:
    pass


w = WithNew(4)
print(Derived(6).a, w.from_new, w.from_init, MyList(3), MyError(5).code, MyError(5).args)
print(type(NoInit()).__name__)
try:
    NoInit(1)
except TypeError:
    print("TypeError: takes no arguments")
