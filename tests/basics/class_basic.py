# Classes: attributes, methods, instances.
class Point:
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    def moved(self, dx, dy=0):
        return Point(self.x + dx, self.y + dy)
p = Point(3, 4)
print(p.x, p.y, p.norm2(), Point.dims, p.dims)
q = p.moved(1)
print(q.x, q.y)
p.z = 5
print(p.z, hasattr(p, 'z'), hasattr(p, 'w'))
Point.dims = 3
print(p.dims)
m = p.norm2
print(m())
print(Point.norm2(q))
print(type(p).__name__, isinstance(p, Point), isinstance(3, Point))
class Empty:
    pass
e = Empty()
e.a = 1
print(e.a)
class Counter:
    total = 0
    def __init__(self):
        Counter.total += 1
for _ in range(3):
    Counter()
print(Counter.total)
