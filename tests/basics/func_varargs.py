# *args.
def f(*args):
    return args
print(f(), f(1), f(1, 2, 3), f(*[4, 5]), f(*range(3), 9))
def g(a, *rest):
    return a, rest
print(g(1), g(1, 2, 3))
def h(a, b, c):
    return a + b + c
print(h(*[1, 2, 3]), h(1, *(2, 3)), h(*'abc'))
args = (1, 2)
print(h(*args, 3), h(0, *args))
print(max(*[3, 9, 2]), min(*'zya'))
