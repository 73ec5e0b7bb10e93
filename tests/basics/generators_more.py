# Generators: send, return values, close, throw.
def g():
    x = yield 1
    print('got', x)
    y = yield x * 2
    print('got', y)
    return 'done'
it = g()
print(next(it))
print(it.send(10))
try:
    it.send(20)
except StopIteration as e:
    print('stop', e.args)
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(4)), sum(count(5)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
def closing():
    try:
        yield 1
        yield 2
    finally:
        print('cleanup')
c = closing()
print(next(c))
c.close()
def catcher():
    while True:
        try:
            yield
        except ValueError:
            print('caught ValueError')
h = catcher()
next(h)
h.throw(ValueError)
print(next(count(3), 'x'), next(iter([]), 'default'))
