# Unpacking assignments.
a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = (1, 2), 3
print(x, y, z)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = 'abcd'
print(init, last)
h, *mid, t = range(5)
print(h, mid, t)
for i, (p, q) in enumerate([(1, 2), (3, 4)]):
    print(i, p, q)
print(*[1, 2, 3])
print(*'ab', sep='-')
l = [*range(3), *'xy']
print(l)
d = {**{'a': 1}, 'b': 2, **{'c': 3}}
print(d)
s = {*[1, 1, 2]}
print(sorted(s))
try:
    a, b = [1, 2, 3]
except ValueError:
    print('ValueError')
