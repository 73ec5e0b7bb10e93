f = lambda: None
f = lambda x: x
f = lambda x, y: x + y
f = lambda x=1, y=2: x
f = lambda *args: args
f = lambda **kw: kw
f = lambda *args, **kw: 0
f = lambda a, b=1, *c, d, e=2, **f: 0
f = lambda a, /, b: 0
f = lambda a, /, b, *, c: 0
f = lambda *, a: a
f = lambda *, a=1, b: a
f = lambda x: lambda y: x + y
f = lambda: (yield)
f = lambda x: x if x else -x
f = lambda x=lambda y: y: x
sorted(a, key=lambda t: t[1])
