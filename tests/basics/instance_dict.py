# An instance's __dict__ (read) and vars(), and the type of built-in
# functions.

class Point:
    kind = "2d"

    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
print(p.__dict__)
p.label = "origin"
del p.x
print(sorted(p.__dict__.items()), "kind" in p.__dict__)


class Empty:
    pass


print(Empty().__dict__, type(Empty().__dict__).__name__)

print(type(len).__name__, type(print).__name__, type(sorted).__name__)
print(type(len) is type(abs), isinstance(len, type(abs)))
