def f(): pass
def f(a): pass
def f(a, b): pass
def f(a, b,): pass
def f(a=1): pass
def f(a, b=1, c=2): pass
def f(*args): pass
def f(**kwargs): pass
def f(*args, **kwargs,): pass
def f(a, *, b): pass
def f(a, *, b=1, c): pass
def f(a, /): pass
def f(a, /, b): pass
def f(a=1, /, b=2, *, c=3): pass
def f(a: int) -> int: pass
def f(a: int = 1, *b: str, c: float = 2.0, **d: dict) -> 'r': pass
def gen():
    yield
    yield 1
    yield 1, 2
    yield *a, b
    x = yield
    yield from range(10)
    await_ = (yield)
def outer():
    x = 1
    def inner():
        nonlocal x
        x += 1
        return x
    return inner
def g():
    global counter
    counter += 1
    return
def h():
    return 1, 2
def i():
    return *a, *b
async def j():
    await x
    await x.y()
    return await z
    x = [await y for y in z]
    async for i in x:
        pass
    else:
        pass
