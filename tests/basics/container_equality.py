# == between containers compares items (class __eq__ included), and the
# list/tuple/dict methods that search use it.

print([1] in [[1]], [[1], [2]].index([2]), [[1], [1], [2]].count([1]))
print({1: [1]} == {1: [1]}, {1: {2: [3]}} == {1: {2: [3]}}, {1: [1]} == {1: [2]})
print((1, [2]) == (1, [2]), [1, (2, [3])] == [1, (2, [3])], [1] != [1])
print(range(3) == range(0, 3), range(0) == range(2, 2), range(3) == [0, 1, 2])
print({1, 2} == frozenset({1, 2}), [1] == (1,), {} == [])
print([1.0, 2] == [1, 2.0], [True] == [1])


class V:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, V) and other.v == self.v


print([V(1)] == [V(1)], V(1) in [V(2), V(1)], [V(1), V(2)].index(V(2)))
print({"a": [V(3)]} == {"a": [V(3)]}, (V(1),) == (V(2),))
l = [V(1), V(2), V(1)]
l.remove(V(1))
print(len(l), l[0].v)


class L(list):
    pass


class D(dict):
    pass


print(L([1, 2]) == [1, 2], [1, 2] == L([1, 2]), D(a=1) == {"a": 1})
a = []
a.append(a)
print(a == a)
b = []
b.append(b)
try:
    print(a == b)
except RecursionError:
    print("RecursionError")
try:
    hash(V(1))
except TypeError:
    print("unhashable")
