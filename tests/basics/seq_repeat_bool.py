# A bool is an int: it repeats sequences on either side.
print([1] * True, True * [1], [1] * False, (1,) * True, True * (2,))
print("a" * True, True * "ab", b"x" * True, bytearray(b"y") * True)
l = [1, 2]
l *= True
print(l)
l *= False
print(l)
t = (3,)
t *= 2
print(t)
