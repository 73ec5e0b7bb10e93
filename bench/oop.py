# Attribute access, inheritance, super() and method calls.
class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def describe(self):
        return self.name + ":" + str(self.area())


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
        self.name = "square"


def run(n):
    total = 0
    length = 0
    for i in range(n):
        s = Square(i % 13) if i % 2 else Rect(i % 7, 3)
        total += s.area()
        length += len(s.describe())
    return total, length

print(run(120000))
# board: print(run(1000))
