# Generators, yield from, comprehensions, async/await.
def gen(n):
    for i in range(n):
        x = yield i
        if x:
            yield x


def delegating():
    r = yield from gen(3)
    yield from [1, 2]
    return r


def comprehensions(items):
    a = [x * 2 for x in items if x]
    b = {x: x + 1 for x in items}
    c = {x for x in items}
    d = (x for x in items)
    e = [(x, y) for x in items for y in items]
    return a, b, c, list(d), e


async def coro(x):
    await x
    async with x as y:
        pass
    async for item in x:
        print(item)
    return y


async def coro_break(x):
    async for item in x:
        if item:
            break
    async with x:
        return 1


def gen_in_try():
    try:
        yield 1
    finally:
        yield 2


lam_gen = lambda: (yield)
print(list(gen(3)), list(delegating()), comprehensions([1, 2]))
