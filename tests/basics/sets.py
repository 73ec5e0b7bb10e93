# Sets and frozensets: literals, comprehensions, operators, methods.
s = {1, 2, 3}
print(s, len(s), 2 in s, 5 in s, 5 not in s, bool(s), bool(set()))
print(set(), frozenset(), frozenset({1}), set([1, 1, 1]))
print(sorted(set("hello")), sorted({x % 4 for x in range(20)}))
print(sorted({x * x for x in [3, -3, 2, -2]}))
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(a <= b, {3} <= b, {3} < b, b < b, b <= b, a >= {1, 2}, a > a, a > {1})
print(a == {4, 3, 2, 1}, a != b, {1} == frozenset({1}), {1} == [1], set() == frozenset())
c = set(a)
c |= {10}
c &= {1, 2, 10, 11}
c -= {2}
c ^= {1, 7}
print(sorted(c))
f = frozenset([1, 2])
g = f
g |= {3}
print(sorted(f), sorted(g), type(g).__name__, f is g)
print(type(f | {9}).__name__, type({9} | f).__name__)
# Methods
s = set()
s.add(3)
s.add(1)
s.add(3)
print(sorted(s), len(s))
s.update([4, 5], (6,), {7})
print(sorted(s))
s.discard(100)
s.discard(4)
s.remove(5)
print(sorted(s))
try:
    s.remove(42)
except KeyError as e:
    print("KeyError", e)
x = s.pop()
print(x in {1, 3, 6, 7}, len(s), x in s)
s.add(x)
print(sorted(s.union([8], {9})), sorted(s.intersection([1, 3, 6, 100])))
print(sorted(s.difference([1], [3])), sorted(s.symmetric_difference([1, 2, 2])))
print({1, 2}.issubset([1, 2, 3]), {1, 2}.issuperset([1]), {1}.isdisjoint([2, 3]), {1}.isdisjoint({1}))
t = {1, 2, 3, 4, 5}
t.intersection_update([1, 2, 3, 9], {2, 3})
print(sorted(t))
t.difference_update({3})
print(t)
t.symmetric_difference_update([2, 8, 8])
print(t)
t.clear()
print(t, len(t))
try:
    t.pop()
except KeyError as e:
    print("KeyError", e)
u = {1, 2}
v = u.copy()
v.add(3)
print(sorted(u), sorted(v))
# Frozensets hash by contents, whatever the order they were built in.
d = {frozenset([1, 2]): "a", frozenset(): "empty"}
print(d[frozenset([2, 1])], d[frozenset()], frozenset([1, 2]) in d)
print(hash(frozenset([1, 2, 3])) == hash(frozenset([3, 2, 1])))
print({frozenset([1])} == {frozenset([1])}, set() in {frozenset()})
try:
    hash({1})
except TypeError as e:
    print("TypeError", e)
try:
    {[1]}
except TypeError as e:
    print("TypeError", e)
try:
    {1} | [2]
except TypeError as e:
    print("TypeError")
try:
    frozenset().add(1)
except AttributeError as e:
    print("AttributeError")
# Iteration and mutation during iteration.
total = 0
for x in {10, 20, 30}:
    total += x
print(total)
try:
    w = {1, 2, 3}
    for x in w:
        w.add(x + 10)
except RuntimeError as e:
    print("RuntimeError", e)
# Strings, tuples and mixed numbers as elements.
n = {1, 1.0, True}
print(len(n), {"a", "b"} == {"b", "a"}, (1, 2) in {(1, 2), (3, 4)})
print(sorted({(2, "b"), (1, "z"), (2, "a")}))
# Tuples: comparisons, slicing, methods.
p = (5, 1, 4, 1, 3)
print(p[1:3], p[::-1], p[::2], p[-2:], p[:0], p[-1], p[0])
print(p.count(1), p.index(4), p.index(1, 2), len(p), 4 in p, 9 in p)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), (1, 2) <= (1, 2), (1, 2) >= (1, 3))
print((1, 2) + (3,), (0,) * 3, 2 * (7, 8), () * 5, (1,) * 0)
print(tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)), tuple({5}))
print(sorted([(2, "b"), (1, "c"), (2, "a")]), sorted({"x": 2, "a": 1}.items()))
q = (1, 2, 3)
print(q[:] == q, tuple(q) is q, q * 1 == q)
try:
    p.index(42)
except ValueError as e:
    print("ValueError", e)
try:
    p[10]
except IndexError as e:
    print("IndexError", e)
try:
    p[0] = 1
except TypeError as e:
    print("TypeError", e)
