# yield from.
def inner():
    yield 1
    yield 2
    return 'inner-ret'
def outer():
    r = yield from inner()
    print('inner returned', r)
    yield 3
print(list(outer()))
def flatten(l):
    for x in l:
        if isinstance(x, list):
            yield from flatten(x)
        else:
            yield x
print(list(flatten([1, [2, [3, 4]], 5])))
def delegate():
    yield from range(3)
    yield from 'ab'
print(list(delegate()))
def echo():
    while True:
        v = yield
        if v is None:
            return
        print('echo', v)
def wrap():
    yield from echo()
w = wrap()
next(w)
w.send(1)
w.send(2)
