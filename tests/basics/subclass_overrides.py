# Special methods of classes that extend built-in containers win over the
# interpreter's fast paths; the built-in's own methods stay reachable.

class L(list):
    def __getitem__(self, i):
        return ("L", list.__getitem__(self, i), super().__getitem__(i))

    def __len__(self):
        return 40 + super().__len__()

    def __iter__(self):
        yield "it"

    def __setitem__(self, i, v):
        super().__setitem__(i, v * 10)


l = L([1, 2, 3])
print(l[0], l[-1], len(l), list(l), tuple(l), set(l))
for x in l:
    print(x)
l[0] = 5
print(list.__getitem__(l, 0), [*l])
a, = L([1])
print(a)


class T(tuple):
    def __getitem__(self, i):
        return "T"

    def __add__(self, other):
        return "T+"


t = T((1, 2))
print(t[0], t + (3,), len(t), list(t), (1,) + (2,))
for x in t:
    print(x)


class D(dict):
    def __getitem__(self, k):
        return super().__getitem__(k) * 2


d = D(a=1)
print(d["a"], d.get("a"), dict.__getitem__(d, "a"))
it = iter([1, 2])
print(it.__next__(), [3, 4].__len__(), [1].__getitem__(0), (1, 2).__contains__(2))


def gen():
    yield 1
    return 5


g = gen()
print(g.__next__())
try:
    g.__next__()
except StopIteration as e:
    print("StopIteration", e.value)
print(dict.fromkeys("ab"), dict.fromkeys([1, 2], 0), {}.fromkeys((3,), "x"))
