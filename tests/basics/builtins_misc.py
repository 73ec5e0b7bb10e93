# Miscellaneous built-ins.
print(len('abc'), len([1, 2]), len({}), len(range(10)), len(b'xy'))
print(callable(len), callable(1), callable(lambda: 0), callable(int))
x = [1]
print(id(x) == id(x), id(x) != id([1]))
print(hash(1) == hash(1), hash('a') == hash('a'), hash((1, 2)) == hash((1, 2)))
print(pow(2, 10), pow(2, 10, 1000), pow(2.0, 2))
print(divmod(17, 5), divmod(-17, 5))
print(globals()['x'] is x, 'x' in globals())
print(isinstance(print, object), type(len).__name__ in ('builtin_function_or_method', 'function'))
print(repr(...), ... is Ellipsis)
def f():
    pass
print(type(f).__name__)
print(issubclass(bool, int), issubclass(int, object))
print(getattr([], 'append') is not None)
print(max(range(10), key=lambda v: (v % 4, v)))
