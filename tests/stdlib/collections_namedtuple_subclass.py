# A class may extend a namedtuple class: fields by name and index, its own
# methods and attributes, the namedtuple's repr, _replace and _asdict.
from collections import namedtuple
Point = namedtuple("Point", "x y")
class Vector(Point):
    def norm2(self):
        return self.x * self.x + self.y * self.y
v = Vector(3, 4)
v.label = "v"
print(v, v.norm2(), v.x, v[1], len(v), v.label, v == (3, 4), tuple(v))
print(isinstance(v, Point), isinstance(v, tuple), Vector(y=2, x=1))
w = v._replace(x=0)
print(w, type(w).__name__, w.norm2(), v._asdict())
class Named(Point):
    def __repr__(self):
        return "Named<%d,%d>" % self
print(Named(1, 2), sorted([Named(2, 1), Named(1, 5)]))
try:
    Vector(1)
except TypeError:
    print("TypeError")
