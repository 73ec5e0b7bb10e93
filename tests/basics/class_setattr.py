# __setattr__ / __delattr__ hooks, object's default methods, super() forms.

class Logged:
    def __init__(self):
        self.a = 1

    def __setattr__(self, name, value):
        print("set", name, value)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        print("del", name)
        object.__delattr__(self, name)


x = Logged()
x.b = 2
setattr(x, "c", 3)
print(x.a, x.b, x.c)
del x.b
print(hasattr(x, "b"))
delattr(x, "c")
print(hasattr(x, "c"))


class Frozen:
    def __init__(self, v):
        object.__setattr__(self, "v", v)

    def __setattr__(self, name, value):
        raise AttributeError("frozen")


f = Frozen(5)
print(f.v)
try:
    f.v = 6
except AttributeError as e:
    print("AttributeError", e)
print(f.v)


class Sub(Logged):
    pass


s = Sub()
s.z = 9
print(s.z)


class Plain:
    def __init__(self):
        object.__init__(self)
        self.p = 1


print(Plain().p)
try:
    Plain(1)
except TypeError:
    print("TypeError")


class Base:
    tag = "base"

    def __init__(self, v=0):
        self.v = v

    def who(self):
        return "Base"


class Mid(Base):
    tag = "mid"

    def __init__(self):
        sup = super()
        sup.__init__(7)

    def who(self):
        return "Mid>" + super().who() + ":" + super().tag


class Leaf(Mid):
    def who(self):
        return "Leaf>" + super().who() + "|" + super(Mid, self).who()


print(Mid().v, Mid().who(), Leaf().who(), Leaf().v)


class Err(Exception):
    def __init__(self, code):
        super().__init__("code", code)
        self.code = code


e = Err(3)
print(e.args, e.code, repr(e))
try:
    raise ValueError("x") from None
except ValueError as e:
    print(e.__cause__, e.__suppress_context__)
