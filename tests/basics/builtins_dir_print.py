# dir(), print(file=...), sys.stdin's presence.
import sys


class Base:
    x = 1

    def f(self):
        pass


class Sub(Base):
    y = 2


s = Sub()
s.z = 3
print([n for n in dir(Sub) if not n.startswith("__")])
print([n for n in dir(s) if not n.startswith("__")])
print("append" in dir([]), "keys" in dir({}), "upper" in dir(""), "path" in dir(sys))


v = 5
print("v" in dir(), "Base" in dir())


class Writer:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)


w = Writer()
print("a", 1, [2], file=w)
print("x", "y", sep="-", end="!", file=w)
print(w.parts)
print("to stderr", file=sys.stderr)
print("to stdout", file=sys.stdout)
print(hasattr(sys.stdin, "readline"))
