# type(name, bases, dict) makes a class from a copy of the dict.
def init(self, v):
    self.v = v
Base = type("Base", (), {"greet": lambda self: "hi " + str(self.v), "__init__": init, "k": 1})
Sub = type("Sub", (Base,), {"greet": lambda self: "sub " + Base.greet(self)})
s = Sub(5)
print(Base.__name__, Sub.__name__, s.greet(), s.k, isinstance(s, Base), Sub.__bases__[0] is Base, type(s) is Sub)
E = type("E", (ValueError,), {})
try:
    raise E("x")
except ValueError as e:
    print(type(e).__name__, e.args)
attrs = {"x": 1}
C = type("C", (object,), attrs)
attrs["y"] = 2
print(C.x, hasattr(C, "y"))
for bad in [("n", [], {}), ("n", (), []), (1, (), {}), ("n", (1,), {})]:
    try:
        type(*bad)
    except TypeError:
        print("TypeError")
try:
    type("a", ())
except TypeError:
    print("TypeError 2 args")
