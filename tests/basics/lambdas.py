# lambda.
sq = lambda x: x * x
print(sq(5), (lambda: 42)(), (lambda a, b=2: a + b)(1))
print(list(map(lambda x: x + 1, [1, 2])), sorted([3, -1, 2], key=lambda v: abs(v)))
adders = [lambda x, n=n: x + n for n in range(3)]
print([a(10) for a in adders])
late = [lambda x: x + n for n in range(3)]
print([a(10) for a in late])
compose = lambda f, g: lambda x: f(g(x))
print(compose(str, sq)(4))
print((lambda *a, **k: (a, k))(1, x=2))
