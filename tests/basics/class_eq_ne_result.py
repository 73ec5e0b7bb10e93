# == and != return what __eq__ and __ne__ return, reflected when one
# declines; without __ne__, != negates ==.
class Eq:
    def __eq__(self, o): return "eq-result"
    def __ne__(self, o): return "ne-result"
print(Eq() == 1, Eq() != 1, 1 == Eq(), 1 != Eq())
class OnlyEq:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return [self.v == o.v]
print(OnlyEq(1) == OnlyEq(1), OnlyEq(1) != OnlyEq(1), OnlyEq(1) != OnlyEq(2))
class NotImpl:
    def __eq__(self, o): return NotImplemented
    def __ne__(self, o): return NotImplemented
n = NotImpl()
print(n == n, n != n, n == NotImpl(), n != NotImpl())
