# Positional-only parameters cannot be passed by keyword; a keyword of the
# same name goes to **kwargs.

def clamp(value, lo=0, hi=10, /, *, wrap=False):
    if wrap:
        return lo + (value - lo) % (hi - lo)
    return max(lo, min(hi, value))


print(clamp(15), clamp(-3), clamp(15, 0, 12), clamp(15, wrap=True))
try:
    clamp(value=5)
except TypeError:
    print("TypeError: value is positional-only")


def record(name, /, **fields):
    return name, sorted(fields.items())


print(record("n", name="keyword", x=1))


def mixed(a, /, b, *, c):
    return a, b, c


print(mixed(1, 2, c=3), mixed(1, b=2, c=3))
try:
    mixed(a=1, b=2, c=3)
except TypeError:
    print("TypeError: a by keyword")

sub = lambda x, y, /: x - y
print(sub(9, 4))


def outer(seed, /):
    def inner(step):
        return seed + step
    return inner


print(outer(10)(5))
try:
    outer()
except TypeError as e:
    print("TypeError names seed:", "'seed'" in str(e))
