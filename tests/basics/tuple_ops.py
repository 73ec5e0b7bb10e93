# tuples.
t = (1, 2, 3)
print(t, len(t), t[0], t[-1], t[1:], t + (4,), t * 2, (1,), ())
print(t.index(2), t.count(1), 2 in t, tuple([1, 2]), tuple('ab'))
a, b, c = t
print(a, b, c)
print(t == (1, 2, 3), t < (1, 2, 4), hash(t) == hash((1, 2, 3)))
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0])
try:
    t[0] = 5
except TypeError:
    print('TypeError')
print(max((3, 1), (2, 9)), sorted([(2, 'b'), (1, 'z'), (2, 'a')]))
