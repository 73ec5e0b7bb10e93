# property, classmethod, staticmethod.
class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, v):
        self._c = v
    @property
    def f(self):
        return self._c * 9 / 5 + 32
    @classmethod
    def freezing(cls):
        return cls(0)
    @staticmethod
    def convert(c):
        return c + 273
t = Temp(100)
print(t.c, t.f)
t.c = 0
print(t.c, t.f)
print(Temp.freezing().c, Temp.convert(0), t.convert(1))
class Sub(Temp):
    pass
print(type(Sub.freezing()).__name__)
try:
    t.f = 1
except AttributeError:
    print('AttributeError')
