# property, staticmethod, classmethod, multiple inheritance, reflected
# operators and user-defined equality and hashing.


class Temperature:
    scale = "C"

    def __init__(self, c):
        self._c = c

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, v):
        if v < -273:
            raise ValueError("too cold")
        self._c = v

    @celsius.deleter
    def celsius(self):
        self._c = None

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @staticmethod
    def describe(x):
        return "temp:" + str(x)

    @classmethod
    def freezing(cls):
        return cls(0)


t = Temperature(20)
print(t.celsius, t.fahrenheit)
t.celsius = 30
print(t.celsius, t._c)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError", e)
try:
    t.fahrenheit = 1
except AttributeError:
    print("read-only")
del t.celsius
print(t._c)
print(Temperature.describe(5), t.describe(6))
f = Temperature.freezing()
print(type(f).__name__, f.celsius, t.freezing().celsius)
print(isinstance(Temperature.__dict__["celsius"], property))
print(Temperature.describe is Temperature.__dict__["describe"].__func__)


class Base:
    def hello(self):
        return "Base"

    @classmethod
    def make(cls):
        return cls.__name__


class Left(Base):
    def hello(self):
        return "Left>" + super().hello()


class Right(Base):
    def hello(self):
        return "Right>" + super().hello()

    def only_right(self):
        return "only right"


class Both(Left, Right):
    def hello(self):
        return "Both>" + super().hello()


b = Both()
print(b.hello())
print(b.only_right(), Both.make())
print([c.__name__ for c in Both.__mro__])
print(isinstance(b, Right), issubclass(Both, Base), issubclass(Right, Left))
print(b.__class__.__name__, Both.__bases__[1].__name__)


class Deep(Both):
    pass


print([c.__name__ for c in Deep.__mro__], Deep().hello())

try:

    class Bad(Base, Left):
        pass

except TypeError:
    print("TypeError: inconsistent MRO")


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        if isinstance(other, int):
            return Money(self.cents + other)
        return NotImplemented

    def __radd__(self, other):
        return self.__add__(other)

    def __rmul__(self, k):
        return Money(self.cents * k)

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __hash__(self):
        return hash(self.cents)

    def __repr__(self):
        return "Money(%d)" % self.cents


print(5 + Money(10), Money(1) + Money(2), sum([Money(1), Money(2)]), 3 * Money(7))
try:
    "x" + Money(1)
except TypeError:
    print("TypeError for str + Money")
prices = {Money(100): "one", Money(250): "two and a half"}
print(prices[Money(250)], Money(100) in prices, Money(5) in prices)
print(Money(3) == Money(3), Money(3) != Money(4), [Money(1), Money(2)].index(Money(2)))
print(len({Money(1), Money(1), Money(2)}))
