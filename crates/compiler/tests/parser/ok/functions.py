def f(a, b=1, *args, c, d=2, **kw):
    return a

def g(a, b, /, c, *, d):
    pass

def h(a: int, *args: str, b: 'x' = 3, **kw: dict) -> None:
    """Doc."""
    x = yield
    y = yield 1, 2
    yield from z
    yield

@decorator
@decorator.attr(1, 2)
@(lambda f: f)
def decorated():
    nonlocal_ = 1
    def inner():
        nonlocal x
        global y
    return inner

class A:
    pass

class B(A, metaclass=M, **kw):
    x = 1
    def method(self):
        return self.x

@dataclass
class C():
    a: int = 0

async def coro(x):
    return await x

@d
async def decorated_coro():
    pass

def kwonly(*, a=1, b):
    pass

def posdef(a=1, /, b=2):
    pass

lambda: (yield)
