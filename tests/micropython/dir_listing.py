# dir() lists what MicroPython lists: an object's own attributes, its
# class's, the special attributes it answers (`__name__`, `__bases__`), but
# not `object`'s methods unless asked about `object`, nor slot-only
# operations such as `__len__`. (`__dict__` depends on the build.)


def listing(x):
    return sorted(n for n in dir(x) if n != "__dict__")


class A:
    x = 1

    def f(self):
        pass


class B(A):
    def __init__(self):
        self.y = 2


def g():
    pass


print(listing(A))
print(listing(B()))
print(listing([]))
print("__name__" in dir(g), hasattr(g, "__name__"), getattr(g, "__name__"))
print("__init__" in dir(object), "__init__" in dir(A), "__init__" in dir(B))
print(A.__bases__, B.__bases__, object.__bases__)
