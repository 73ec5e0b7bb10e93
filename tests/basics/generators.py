def gen(n):
    for i in range(n):
        yield i
print(list(gen(4)))
def echo():
    got = yield "start"
    while got is not None:
        got = yield "got " + str(got)
e = echo()
print(next(e), e.send(1), e.send(2))
def inner():
    yield 1
    yield 2
    return "done"
def outer():
    r = yield from inner()
    yield r
print(list(outer()))
print(sum(x * x for x in range(5)), list(x for x in "ab"))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("gen cleanup")
g = with_finally()
print(next(g))
g.close()
it = iter([1, 2])
print(next(it), next(it), next(it, "end"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
