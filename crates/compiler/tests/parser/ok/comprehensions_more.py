[x for x in range(10)]
[x for x in range(10) if x % 2]
[x for x in range(10) if x if x > 3]
[(x, y) for x in a for y in b]
[(x, y) for x in a if x for y in b if y]
[x for x, in a]
[x for x, y in a]
[x for (x, y) in a]
[x for [x, y] in a]
[x for *x, y in a]
[x for x in a if (y := x)]
[[x * y for y in row] for row in matrix]
{x: y for x, y in zip(a, b)}
{x: [y for y in x] for x in a}
{x for x in a}
{*a, *b}
(x for x in a)
list(x for x in a)
sum(x * x for x in range(10) if x)
[x for x in (lambda: y)()]
[x if x else y for x in a]
[lambda: x for x in a]
[x for x in a or b]
[x async for x in a]
