# Classes that extend list, dict, set and tuple.
class L(list):
    def total(self):
        return sum(self)
l = L([1, 2, 3]); l.append(4)
print(l.total(), len(l), l, l[1], l[-1], l[1:3], isinstance(l, list), type(l).__name__)
l.tag = "x"; print(l.tag, [x * 2 for x in l], 3 in l, bool(L()), l + [9])
class Named(list):
    def __init__(self, name, *items):
        super().__init__(items)
        self.name = name
n = Named("n", 5, 6); print(n.name, n, len(n))
class D(dict):
    def __missing__(self, k):
        return k * 2
d = D(a=1); d["b"] = 2
print(d["a"], d[4], sorted(d.items()), len(d), "a" in d, d.get("zz"))
class C(dict):
    def __getitem__(self, k):
        return "over:" + str(k)
print(C()["k"])
class S(set): pass
s = S([1, 2, 2]); s.add(3); print(sorted(s), len(s))
class T(tuple):
    def first(self): return self[0]
t = T((7, 8)); print(t.first(), t, len(t), t + (1,), T().__class__.__name__, T() == ())
