# Keyword arguments and **kwargs.
def f(a, b, **kw):
    return a, b, sorted(kw.items())
print(f(1, 2), f(1, b=3, x=4, y=5), f(b=1, a=2))
def g(**kw):
    return kw
print(g(), g(a=1))
opts = {'a': 1, 'b': 2}
print(f(**opts), f(0, **{'b': 9, 'z': 8}))
def total(*args, **kwargs):
    return sum(args) + sum(kwargs.values())
print(total(1, 2, x=3, y=4))
try:
    f(1, 2, a=3)
except TypeError:
    print('TypeError dup')
try:
    f(1)
except TypeError:
    print('TypeError missing')
def strict(a, b):
    return a - b
try:
    strict(1, 2, c=3)
except TypeError:
    print('TypeError unexpected')
# A keyword given twice through ** is an error also when it lands in **kwargs.
def collect(*args, **kw):
    return sorted(kw.items())
print(collect(**{'p': 1}, q=2))
for call in (lambda: collect(**{'x': 1}, x=2), lambda: collect(x=2, **{'x': 1}),
             lambda: collect(**{'x': 1}, **{'x': 3})):
    try:
        print(call())
    except TypeError:
        print('TypeError dup kwargs')
