# copy.copy and copy.deepcopy (a frozen Python module on the host port).
import copy

a = [1, [2, 3], {"k": [4]}, (5, [6])]
shallow = copy.copy(a)
deep = copy.deepcopy(a)
a[1].append(9)
a[2]["k"].append(8)
a[3][1].append(7)
print(shallow, deep, shallow is a, shallow[1] is a[1], deep[1] is a[1])
print(copy.copy((1, 2)), copy.deepcopy({1, 2}), copy.copy("s"), copy.deepcopy(None), copy.copy(3.5))
t = (1, "x")
print(copy.deepcopy(t) is t, copy.copy(t) is t)
d = {"a": [1], "b": {"c": 2}}
dc = copy.deepcopy(d)
d["a"].append(2)
print(dc, copy.copy(d)["a"] is d["a"])

# Shared parts stay shared, cycles stay cycles.
shared = [0]
pair = [shared, shared]
pc = copy.deepcopy(pair)
print(pc[0] is pc[1], pc[0] is shared)
loop = [1]
loop.append(loop)
lc = copy.deepcopy(loop)
print(lc[1] is lc, lc is not loop)


class Point:
    def __init__(self, x, tags):
        self.x = x
        self.tags = tags


p = Point(1, ["a"])
q = copy.copy(p)
r = copy.deepcopy(p)
p.tags.append("b")
print(type(q).__name__, q.x, q.tags, r.tags, q.tags is p.tags)


class Custom:
    def __init__(self, v):
        self.v = v

    def __copy__(self):
        return Custom(self.v + 1)

    def __deepcopy__(self, memo):
        return Custom(self.v + 100)


c = Custom(1)
print(copy.copy(c).v, copy.deepcopy(c).v, copy.deepcopy([c])[0].v)
print(issubclass(copy.Error, Exception), copy.error is copy.Error)
ba = bytearray(b"ab")
print(copy.copy(ba), copy.copy(ba) is ba, copy.deepcopy(frozenset([1])))
