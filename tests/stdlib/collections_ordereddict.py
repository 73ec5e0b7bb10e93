from collections import OrderedDict

d = OrderedDict()
d["z"] = 1
d["a"] = 2
d["m"] = 3
print(list(d.keys()), list(d.values()), list(d.items()))
print(len(d), "a" in d, d["m"], d.get("q", 7), isinstance(d, dict))
del d["a"]
d["a"] = 4
print(list(d.items()))
d.move_to_end("z")
print(list(d))
d.move_to_end("a", last=False)
print(list(d))
print(d.popitem(), d.popitem(last=False), list(d.items()))
e = OrderedDict([("x", 1), ("y", 2)])
print(list(e.items()), e == {"x": 1, "y": 2}, type(e).__name__)
e.update({"w": 0})
print(list(e.items()))
f = OrderedDict(a=1)
print(list(f.items()))
print(OrderedDict())
for k in OrderedDict([(3, "c"), (1, "a")]):
    print(k)
try:
    OrderedDict().popitem()
except KeyError as ex:
    print("KeyError", ex)
try:
    d.move_to_end("nope")
except KeyError as ex:
    print("KeyError", ex)
