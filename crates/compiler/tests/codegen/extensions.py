# Syntax Pyrite compiles beyond what mpy-cross 1.29 accepts.
def pos_only(a, b, /, c):
    return a + b + c

print(pos_only(1, 2, c=3))

d = {"a": 1}
l = [1, 2]
t = (3, 4)
s = {5}
print({**d, "c": 5}, [*l, *t], (*l,), (*l, 0, *t), {*s, 9} == {5, 9}, [0, *l])
print(sorted({*l, *t}), {"z": 0, **d, **{"b": 2}})
name = "world"
print(f"{name=}", f"{1 + 2=}", f"{name=!s}")
