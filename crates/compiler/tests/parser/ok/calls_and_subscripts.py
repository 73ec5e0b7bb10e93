f()
f(a)
f(a,)
f(a, b, c=1, *d, e=2, **f)
f(*a, *b, **c, **d)
f(a)(b)(c)
f(x=lambda: 0, y=lambda z: z)
f(x for x in y if x)
f((x for x in y), 1)
f(x := 1, y)
obj.method().attr[0](1)[2:3]
a[1]
a[-1]
a[1:2]
a[1:2:3]
a[:2]
a[::]
a[::-1]
a[1:2, ::3, ...]
a[(1, 2)]
a[1, 2]
a[1,]
a[*b]
a[x := 1]
a[b][c][d]
a.b.c.d
print(*a, sep='')
print("hello", end="")
print(f"{x}", file=sys.stderr, flush=True)
