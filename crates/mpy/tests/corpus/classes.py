# Classes, methods, super, properties, attributes.
class Base:
    attr = 1

    def __init__(self, v):
        self.v = v

    def method(self, *a, **k):
        return self.v

    @staticmethod
    def st(x):
        return x

    @classmethod
    def cm(cls):
        return cls


class Derived(Base):
    def __init__(self, v, w):
        super().__init__(v)
        self.w = w

    def method(self):
        return super().method() + self.w

    @property
    def prop(self):
        return self.w


class Meta(Base, metaclass=type):
    pass


class WithClosure:
    def f(self):
        return __class__


d = Derived(1, 2)
d.extra = 5
del d.extra
print(d.method(), d.prop, Base.st(1), Base.cm(), d.method)
d.v += 1
args = [1]
kw = {}
print(Base(1).method(*args, **kw))
