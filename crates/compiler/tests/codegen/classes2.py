# Classes: inheritance, super(), class attributes, dunder methods,
# nested classes, __qualname__, metaclass-free keywords.
class Base:
    kind = "base"
    def __init__(self, v):
        self.v = v
    def describe(self):
        return "%s:%s" % (self.kind, self.v)
    def __repr__(self):
        return "Base(%r)" % self.v

class Child(Base):
    kind = "child"
    def __init__(self, v, w):
        super().__init__(v)
        self.w = w
    def describe(self):
        return super().describe() + "+" + str(self.w)
    def __eq__(self, other):
        return self.v == other.v
    def __len__(self):
        return self.w

c = Child(1, 2)
print(c.describe(), c == Child(1, 5), len(c), repr(Base(3)))
print(Child.__name__, isinstance(c, Base), issubclass(Child, Base))

class Outer:
    class Inner:
        def hello(self):
            return "inner"
    def make(self):
        return self.Inner()

print(Outer().make().hello())

class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1

Counter(); Counter()
print(Counter.count)

class WithSuper2(Child):
    def describe(self):
        s = super()
        return "W/" + s.describe()

print(WithSuper2(5, 6).describe())

def deco(cls):
    cls.tag = "decorated"
    return cls

@deco
class D:
    pass

print(D.tag)

class Iter:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        self.i = 0
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i

print(list(Iter(3)), [x for x in Iter(2)])

class Ctx:
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, t, v, tb):
        print("exit", t is not None)
        return True

with Ctx() as cx, Ctx():
    print("body", type(cx).__name__)
with Ctx():
    raise ValueError("suppressed")
print("after")

def with_return():
    with Ctx():
        return "returned"

print(with_return())

class Prop:
    def __init__(self):
        self._x = 0
    @property
    def x(self):
        return self._x
    @x.setter
    def x(self, v):
        self._x = v * 2

p = Prop()
p.x = 4
print(p.x)

class A1:
    def who(self):
        return "A1"
class B1(A1):
    def who(self):
        return "B1>" + super().who()
class C1(B1):
    def who(self):
        return "C1>" + super().who()
print(C1().who())

# A docstring first in a class body is the class's __doc__; later string
# statements and a method's docstring are not.
class Documented:
    """Text of the class."""
    "a later string statement"
    def method(self):
        "the method's"
        return 1
print(Documented.__doc__, Documented().__doc__, Documented().method())
