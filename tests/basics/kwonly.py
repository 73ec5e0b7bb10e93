# Keyword-only arguments.
def f(a, *, b, c=3):
    return a, b, c
print(f(1, b=2), f(1, c=0, b=9))
try:
    f(1, 2)
except TypeError:
    print('TypeError positional')
try:
    f(1)
except TypeError:
    print('TypeError missing kwonly')
def g(*args, sep='-'):
    return sep.join(args)
print(g('a', 'b'), g('a', 'b', sep='+'))
def h(a, b=1, *args, c, d=4, **kw):
    return a, b, args, c, d, sorted(kw)
print(h(0, c=2), h(0, 1, 2, 3, c=5, e=6))
