d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], "b" in d, "z" in d)
print(sorted(d.keys()), sorted(d.values()), d.get("z", 0))
for k in d:
    print(k, d[k])
for k, v in d.items():
    print(k, v)
del d["a"]
print(d)
sq = {i: i * i for i in range(4)}
print(sq)
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e)
