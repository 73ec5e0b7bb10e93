# collections.defaultdict: missing keys call the factory and are stored;
# get(), `in` and the other dict methods do not call it.
from collections import defaultdict

groups = defaultdict(list)
for word in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups[word[0]].append(word)
print(groups["a"], groups["b"], len(groups), sorted(groups))
print(groups.get("z"), "z" in groups, len(groups))
print(groups["z"], "z" in groups, len(groups))
print(groups.default_factory is list, isinstance(groups, dict))

counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(sorted(counts.items()), counts["s"])
print(counts == {"m": 1, "i": 4, "s": 4, "p": 2})

# The dict constructor's other arguments.
d = defaultdict(int, {"x": 1}, y=2)
d["z"] += 5
print(d)
print(defaultdict(str, [(1, "one")]), defaultdict(), defaultdict(None, a=1))

# No factory: a KeyError with the key.
plain = defaultdict(None, {"k": 0})
try:
    plain["missing"]
except KeyError as e:
    print("KeyError", e.args)
print(plain.default_factory, plain)

# The factory can be changed or removed.
plain.default_factory = lambda: "filled"
print(plain["new"], dict(plain))
plain.default_factory = None
try:
    plain["other"]
except KeyError:
    print("KeyError again")

# __missing__ called directly also stores.
m = defaultdict(list)
print(m.__missing__("a"), m)

# copy() keeps the factory and the type.
c = d.copy()
c["w"] += 1
print(c, d, c.default_factory is int)

# setdefault, pop, del, update, iteration are the dict's.
print(d.setdefault("q", 9), d.pop("x"), d)
del d["y"]
d.update(v=3)
print(list(d), list(d.values()), dict(d))

# A factory that fails or is not callable.
def boom():
    raise ValueError("no default")


b = defaultdict(boom)
try:
    b[1]
except ValueError as e:
    print("ValueError", e, len(b))
for bad in (5, "x"):
    try:
        defaultdict(bad)
    except TypeError:
        print("TypeError", repr(bad))
try:
    defaultdict(int, {}, {})
except TypeError:
    print("TypeError: two mappings")
try:
    hash(defaultdict(int))
except TypeError:
    print("unhashable")

# Nested defaultdicts.
tree = defaultdict(lambda: defaultdict(int))
tree["a"]["b"] += 2
tree["a"]["c"] += 1
print(sorted(tree["a"].items()), len(tree))
