print("hello", 1 + 2)
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print(fib(20))
x = [1, 2, 3]
for i in x:
    print(i, end=" ")
print()
d = {"a": 1}
d["b"] = 2
print(d, len(d), (1, 2))
def f(a, b=2, *args, c=5, **kw):
    return (a, b, args, c, kw)
print(f(1), f(1, 3, 4, c=6, z=7))
def mk(n):
    def g(x):
        return x + n
    return g
print(mk(10)(5))
try:
    1/0
except ZeroDivisionError as e:
    print("caught", e)
finally:
    print("fin")
s = 0
for i in range(10):
    if i == 7: break
    if i % 2: continue
    s += i
else:
    print("no")
print(s)
class A:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
class B(A):
    def get(self):
        return super().get() * 2
print(B(21).get(), isinstance(B(1), A))
def gen(n):
    for i in range(n):
        yield i * i
print(list(gen(5)), sum(gen(4)))
print([i*2 for i in range(5)], {k: k for k in "ab"})
a, *b = [1, 2, 3]
print(a, b)
print(sorted([3, 1, 2]), max(1, 5, 3), min([4, 2]))
