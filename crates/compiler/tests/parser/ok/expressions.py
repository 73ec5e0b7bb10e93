a + b * c - d / e // f % g @ h
-a ** -b
~a ** b ** c
not a and b or c and not d
a < b <= c == d != e > f >= g
a in b not in c is d is not e
a | b ^ c & d << e >> f
x if y else z
lambda: 0
lambda x, y=1, *a, z, w=2, **k: x
lambda *, a: a
lambda a, /, b: a
(x := 10)
f(y := 2)
await_ = 1
a[1:2, 3]
a[::2]
a[...]
a[:]
a[1:]
a[:, 1]
a[i, j:k:l]
a.b.c(d)[e].f
(1, 2)
(1,)
()
[]
{}
{1, 2}
{1: 2, **d, 3: 4}
[*a, *b]
{*a, 1}
x = *a, *b
1 if 2 else 3 if 4 else 5
None, True, False, ...
