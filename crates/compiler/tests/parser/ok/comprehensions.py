[x for x in y]
[x * y for x in a for y in b if x if y]
{x for x in y if x}
{k: v for k, v in items}
(x for x in y)
[(a, b) for a, *b in c]
[y := f(x) for x in z]
sum(x for x in range(10))
[x for x in lambda_ if x]
[[y for y in x] for x in z]
async def f():
    [x async for x in y]
    await z
    async with a as b, c:
        pass
    async for i in x:
        pass
