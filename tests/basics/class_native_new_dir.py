# super().__new__ in a class that extends a built-in makes the built-in's
# value (list's __init__ then fills it), which takes attributes; dir()
# uses an instance's __dir__; keys and items views are unhashable.
class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
class Bag(list):
    def __new__(cls, *args):
        return super().__new__(cls)
p = Pair(1, 2)
p.label = "pt"
print(p, p.label, type(p).__name__, Bag([3, 4]), type(Bag()).__name__)
print(type(tuple.__new__(Pair, [5])).__name__, tuple.__new__(Pair, [5]))
class Listed:
    def __dir__(self):
        return ["zeta", "alpha"]
print(dir(Listed()), "zeta" in dir(Listed))
d = {1: 2}
for view in (d.keys(), d.items(), d.values()):
    try:
        print(type(hash(view)).__name__)
    except TypeError:
        print("TypeError")
