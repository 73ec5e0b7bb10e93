# Deeply nested containers raise RecursionError from repr, == and
# isinstance (instead of exhausting the machine stack); moderate nesting
# works. An except clause takes one level of tuple only.

def nest(depth, leaf, wrap):
    v = leaf
    for _ in range(depth):
        v = wrap(v)
    return v


DEEP = 5000
as_tuple = lambda v: (v,)
as_list = lambda v: [v]

checks = [
    ("repr tuple", lambda: repr(nest(DEEP, 0, as_tuple))),
    ("str list", lambda: str(nest(DEEP, 0, as_list))),
    ("format", lambda: "{}".format(nest(DEEP, 0, as_list))),
    ("list ==", lambda: nest(DEEP, 0, as_list) == nest(DEEP, 0, as_list)),
    ("tuple <", lambda: nest(DEEP, 0, as_tuple) < nest(DEEP, 1, as_tuple)),
    ("isinstance", lambda: isinstance(1, nest(DEEP, int, as_tuple))),
    ("issubclass", lambda: issubclass(bool, nest(DEEP, int, as_tuple))),
]
for name, check in checks:
    try:
        check()
        print(name, "no error")
    except RecursionError:
        print(name, "RecursionError")


def raise_and_catch():
    try:
        raise KeyError("k")
    except (IndexError, (KeyError,)):
        return "caught"


try:
    raise_and_catch()
except TypeError:
    print("except clause with a nested tuple: TypeError")
try:
    try:
        raise ValueError
    except (KeyError, ValueError):
        print("flat tuple caught")
except TypeError:
    print("wrong")

# Moderate nesting is fine.
shallow = nest(50, "x", as_list)
print(len(repr(shallow)), shallow == nest(50, "x", as_list), isinstance(2, nest(50, int, as_tuple)))
print(hash(nest(50, 1, as_tuple)) == hash(nest(50, 1, as_tuple)))
print(nest(3, 1, lambda v: frozenset([v])) == nest(3, 1, lambda v: frozenset([v])))
