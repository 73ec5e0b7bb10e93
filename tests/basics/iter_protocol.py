# The iterator protocol by hand.
it = iter([1, 2, 3])
print(next(it))
for x in it:
    print('rest', x)
print(next(it, 'exhausted'))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(3)), sum(Countdown(4)), max(Countdown(5)))
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10
print(list(Seq()))
def gen():
    yield 'g1'
    yield 'g2'
g = gen()
print(iter(g) is g, list(g), list(g))
d = {'a': 1, 'b': 2}
di = iter(d)
print(next(di), next(di))
print(list(zip(Countdown(2), 'xyz')))
a, b, c = Countdown(3)
print(a, b, c)
