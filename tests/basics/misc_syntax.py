# Assorted syntax: chained assignment, semicolons, continuation lines, pass.
a = b = c = 7
print(a, b, c)
x = 1; y = 2; print(x + y)
total = (1 +
         2 +
         3)
print(total)
long = 1 + \
    2
print(long)
def nothing():
    pass
class Nothing:
    pass
print(nothing(), Nothing.__name__)
l = [
    1,
    2,
]
print(l)
def doc():
    """A docstring."""
    return 'doc'
print(doc())
if True: print('one-line if')
for i in range(2): print('one-line for', i)
print(__name__)
i = j = 0
i += 1
print(i, j)
t = 1,
print(t)
print((1, 2) if True else None)
print(0x1F, 0o17, 0b101, 1_000_000, 1e3, .5, 5.)
print(not 1 == 2, -2 ** 2, (-2) ** 2, 2 ** 3 ** 2)
print(7 // 2 * 2 + 7 % 2, 1 + 2 * 3 - 4 / 2)
print(1 < 2 and 2 < 3 or False)
