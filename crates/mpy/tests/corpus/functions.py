# Functions: defaults, keyword-only args, *args/**kwargs, closures, lambdas.
def plain(a, b):
    return a + b


def defaults(a, b=2, c="three"):
    return a, b, c


def kwonly(a, *, b, c=5):
    return a + b + c


def kwonly_nodefault(*, k):
    return k


def star(*args, **kwargs):
    return len(args) + len(kwargs)


def call_all():
    plain(1, 2)
    defaults(1, c=3)
    kwonly(1, b=2)
    star(*[1, 2], **{"x": 1})
    star(1, *(2, 3), 4, x=5, **{"y": 6})
    args = (1, 2)
    kw = {"b": 2}
    kwonly(*args[:1], **kw)
    obj = [3, 1, 2]
    obj.sort(key=lambda v: -v, reverse=True)
    obj.sort(*(), **{})
    obj.append(*[4])


def outer():
    counter = 0
    label = "lbl"

    def inner(step=1):
        nonlocal counter
        counter += step
        return counter, label

    def inner_nodef():
        return counter

    inner(2)
    del label
    return inner, inner_nodef


def many_locals(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19):
    b0 = a0
    b1 = a1
    b2 = a2
    b3 = a3
    b4 = a4
    b5 = a5
    b6 = a6
    b7 = a7
    b8 = a8
    b9 = a9
    b10 = a10
    b11 = a11
    b12 = a12
    b13 = a13
    b14 = a14
    b15 = a15
    b16 = a16
    b17 = a17
    b18 = a18 + a19
    del b18
    return b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9 + b10 + b11 + b12 + b13 + b14 + b15 + b16 + b17


g_value = 1


def use_global():
    global g_value
    g_value = g_value + 1
    del g_value


def closure_with_defaults(x):
    def adder(y=10, *, z=3):
        return x + y + z
    return adder


square = lambda n: n * n
add3 = lambda a, b=1, *c, **d: a + b
print(plain(1, 2), defaults(1), kwonly(1, b=2), star(), outer(), use_global(), square(3))
print(many_locals(*range(20)), closure_with_defaults(1)(), add3(1))


def deep1():
    def deep2():
        def deep3():
            def deep4():
                return 4
            return deep4
        return deep3
    return deep2


def returns_cond(a):
    return a if a > 0 else -a


def sixteen(a, b, c):
    d = a
    e = b
    f = c
    g = d
    h = e
    i = f
    j = g
    k = h
    l = i
    m = j
    n = k
    o = l
    p = m
    q = n
    r = o
    s = p
    a = q
    b = r
    c = s
    return a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s
