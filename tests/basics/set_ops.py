# sets (printed sorted: iteration order differs between implementations).
a = {1, 2, 3}
b = {2, 3, 4}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(2 in a, 5 in a, len(a), a == {3, 2, 1}, a <= {1, 2, 3, 4}, a < a, a >= {1})
a.add(10); a.discard(1); a.discard(99); print(sorted(a))
a.remove(2); print(sorted(a))
try:
    a.remove(2)
except KeyError:
    print('KeyError')
print(sorted(set('hello')), sorted(set([3, 3, 1])), set())
print(sorted(a.union([7])), sorted(a.intersection({3, 10})), sorted(a.difference({3})))
print(a.isdisjoint({100}), {1}.issubset({1, 2}), {1, 2}.issuperset({2}))
f = frozenset([1, 2])
print(sorted(f), 1 in f, hash(f) == hash(frozenset([2, 1])))
s = set()
for i in range(20):
    s.add(i % 7)
print(len(s), sorted(s))
p = s.pop(); print(p in s, len(s))
