# Built-in exceptions raised by operations.
tests = [
    lambda: 1 // 0,
    lambda: 1 % 0,
    lambda: [1][5],
    lambda: {}['k'],
    lambda: int('abc'),
    lambda: undefined_name,
    lambda: None.attr,
    lambda: 'a' + 1,
    lambda: 1 + 'a',
    lambda: len(5),
    lambda: [].pop(),
    lambda: (1, 2).index(3),
    lambda: 'abc'.index('z'),
    lambda: iter(5),
    lambda: next(iter([])),
    lambda: int(None),
    lambda: float('x'),
    lambda: chr(-1),
    lambda: [1, 2, 3][1:2:0],
    lambda: {}.pop('z'),
    lambda: set().pop(),
    lambda: (lambda a: a)(),
    lambda: abs('s'),
    lambda: 'x' * 'y',
    lambda: hash([]),
]
for t in tests:
    try:
        t()
        print('no error')
    except Exception as e:
        print(type(e).__name__)
