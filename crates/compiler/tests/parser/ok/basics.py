x = 1
a = b = c
a, b = b, a
a, *b = x
[a, (b, c)] = y
x.y = z[0] = 3
print(*a, sep='')
f(a, b=1, *c, **d)
f(x for x in y)
del a, b[0], c.d
del (a, b), [c]
assert x, "msg"
assert y
pass; pass;
global g1, g2
x += 1
x.y -= 2
x[0] **= 3
x //= a @ b
x: int
x: int = 5
self.x: list[int] = []
(y): int = 1
