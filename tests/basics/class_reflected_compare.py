# A comparison the left operand does not define falls back to the
# reflected method of the right operand, also between two instances of one
# class.

class Version:
    def __init__(self, *parts):
        self.parts = parts

    def __lt__(self, other):
        print("lt", self.parts, other.parts)
        return self.parts < other.parts

    def __le__(self, other):
        return self.parts <= other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


a, b = Version(1, 2), Version(1, 10)
print(a < b, b > a, a > b)
print(a <= b, b >= a, b >= b)
print(sorted([b, a, Version(0, 9)]))


class OnlyGreater:
    def __init__(self, n):
        self.n = n

    def __gt__(self, other):
        return self.n > (other.n if isinstance(other, OnlyGreater) else other)


print(OnlyGreater(3) < OnlyGreater(5), OnlyGreater(5) < OnlyGreater(3))
print(2 < OnlyGreater(3), 4 < OnlyGreater(3))


class Declines:
    def __lt__(self, other):
        return NotImplemented


try:
    Declines() > Declines()
except TypeError:
    print("TypeError: neither side compares")
try:
    Version(1) >= Declines()
except TypeError:
    print("TypeError: no __ge__ nor reflected __le__")
