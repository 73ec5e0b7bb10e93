# Calls and definitions: defaults, kw-only, *args/**kwargs, star calls,
# decorators, lambdas, methods, generators, yield from.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))

print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9))
args = (10, 20)
kw = {"c": 30, "z": 40}
print(f(*args, **kw))
print(f(0, *args, c=1, **{"y": 2}))


def deco(tag):
    def wrap(fn):
        def inner(*a, **k):
            return "%s(%s)" % (tag, fn(*a, **k))
        return inner
    return wrap

@deco("x")
@deco("y")
def greet(name):
    return "hi " + name

print(greet("bob"))

square = lambda v: v * v
print(list(map(square, range(4))))
print((lambda *a, **k: (a, k))(1, 2, k=3))

class Acc:
    def __init__(self, start=0):
        self.total = start
    def add(self, *vals):
        for v in vals:
            self.total += v
        return self
    @staticmethod
    def smeth(x):
        return x + 1
    @classmethod
    def cmeth(cls):
        return cls.__name__
    @property
    def doubled(self):
        return self.total * 2

a = Acc(1).add(2, 3).add(*[4, 5])
print(a.total, a.doubled, Acc.smeth(1), Acc.cmeth())

def gen(n):
    for i in range(n):
        x = yield i
        if x:
            print("sent", x)
    return "done"

g = gen(3)
print(next(g), g.send("hello"), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)

def deleg():
    r = yield from gen(2)
    yield r

print(list(deleg()))

def kwonly(*, a, b=2):
    return a * b

print(kwonly(a=5), kwonly(b=3, a=1))

def many(*a):
    return len(a)

print(many(*range(5), 5, *[6, 7]))

print(sorted([3, 1, 2], key=lambda v: -v), max(1, 5, 3), min("bca"))

def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)

print(rec(12))

def nested_default(x=[]):
    x.append(1)
    return len(x)

print(nested_default(), nested_default())

print((lambda: (yield 1))().__next__())

def gen_expr_sum(n):
    return sum(i * i for i in range(n) if i % 2)

print(gen_expr_sum(10))
print(any(x > 3 for x in [1, 5]), all(x for x in []))
