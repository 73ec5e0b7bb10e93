# Special methods.
class V:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return V(self.x * k, self.y * k)
    def __eq__(self, o):
        return self.x == o.x and self.y == o.y
    def __repr__(self):
        return 'V(%r, %r)' % (self.x, self.y)
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __contains__(self, v):
        return v in (self.x, self.y)
    def __bool__(self):
        return bool(self.x or self.y)
    def __neg__(self):
        return V(-self.x, -self.y)
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
a, b = V(1, 2), V(3, 4)
print(a + b, b - a, a * 3, -a, a == V(1, 2), a != b)
print(len(a), a[0], a[1], 2 in a, 5 in a, bool(V(0, 0)), bool(a))
print(repr(a), str(a), [a, b])
print(sorted([b, a]), a < b)
print(len({a, V(1, 2)}))
class Str:
    def __str__(self):
        return 'str!'
print(Str(), str(Str()))
class Call:
    def __call__(self, x):
        return x * 2
print(Call()(21), callable(Call()), callable(5))
class Iter:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        self.i = 0
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
print(list(Iter(3)), [x * 2 for x in Iter(2)])
class Idx:
    def __init__(self):
        self.d = {}
    def __setitem__(self, k, v):
        self.d[k] = v
    def __getitem__(self, k):
        return self.d[k]
    def __delitem__(self, k):
        del self.d[k]
i = Idx()
i['a'] = 1
print(i['a'])
del i['a']
print(i.d)
