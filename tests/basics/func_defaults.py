# Default arguments.
def f(a, b=2, c='c'):
    return (a, b, c)
print(f(1), f(1, 3), f(1, c='z'), f(a=0, b=0, c=0))
def g(x, acc=[]):
    acc.append(x)
    return acc
print(g(1), g(2))
def h(n=None):
    return 'none' if n is None else n
print(h(), h(5))
D = 10
def k(v=D):
    return v
D = 20
print(k())
