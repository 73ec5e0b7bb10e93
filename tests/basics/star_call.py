# Calls mixing positional, *args, keywords and **kwargs.
def f(a, b=0, *args, c=1, **kw):
    return (a, b, args, c, sorted(kw.items()))
print(f(1))
print(f(1, 2, 3, 4))
print(f(*[1, 2], *[3], c=5, **{'d': 6}))
print(f(1, *(), **{}))
print(f(a=1, **{'b': 2, 'c': 3, 'z': 0}))
args = [10, 20]
kwargs = {'c': 30}
print(f(*args, **kwargs))
class M:
    def m(self, *a, **k):
        return a, sorted(k)
print(M().m(1, *[2], x=1, **{'y': 2}))
print(list(map(f, [1, 2])))
def g(x, y):
    return x - y
print(g(y=1, x=5), g(*[5], **{'y': 2}))
