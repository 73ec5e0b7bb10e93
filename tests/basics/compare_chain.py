# Comparison operators and chains.
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 >= 2, 1 == 1 == 1, 1 == 1 != 2)
print('a' < 'b', 'abc' < 'abd', 'Z' < 'a', '' < 'a')
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 2) == (1, 2), (2,) > (1, 9))
print(1 in [1, 2], 3 not in [1, 2], 'b' in 'abc', 'x' not in 'abc')
a = [1]
b = a
print(a is b, a is not [1], a == [1])
calls = []
def v(x):
    calls.append(x)
    return x
print(v(1) < v(0) < v(5))
print(calls)
print(max([3, 1, 2]), min('hello'))
