def f(a, b=2, *args, c=5, **kw):
    return a, b, args, c, sorted(kw), sorted(kw.values())
print(f(1))
print(f(1, 3))
print(f(1, 3, 4, 5, c=6, z=7, y=8))
print(f(b=1, a=0))
args = [1, 2, 3]
kws = {"c": 0, "q": 1}
print(f(*args, **kws))
print(f(0, *[1, 2], 3, *(4,), c=9))
def kwonly(*, x, y=2):
    return x + y
print(kwonly(x=1), kwonly(x=1, y=5))
for call in (lambda: f(), lambda: f(1, a=2), lambda: kwonly(1), lambda: kwonly(z=1), lambda: kwonly()):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
def g(a, b):
    return a - b
try:
    g(1, 2, 3)
except TypeError as e:
    print(e)
try:
    g(1)
except TypeError as e:
    print(e)
try:
    g()
except TypeError as e:
    print(e)
square = lambda x: x * x
print(square(7), (lambda *a: len(a))(1, 2, 3))
def deco(fn):
    def wrapper(*a, **k):
        return "<" + str(fn(*a, **k)) + ">"
    return wrapper
@deco
def h(x):
    return x + 1
print(h(1))
