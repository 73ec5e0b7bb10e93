# index() with start/stop on lists, tuples and strings, and indices that
# are big ints or bools.

items = ["a", "b", "c", "b", "a"]
print(items.index("b"), items.index("b", 2), items.index("a", -1), items.index("b", -4, -1))
print(tuple(items).index("b", 2), tuple(items).index("a", 1, 5), "abcba".index("b", 2))
for args in (("c", 3), ("a", 1, 4), ("b", 4, 1), ("z",), ("a", 10)):
    for seq in (items, tuple(items)):
        try:
            print(type(seq).__name__, args, seq.index(*args))
        except ValueError:
            print(type(seq).__name__, args, "ValueError")

big = 2**80
print(items.index("c", -big, big), "hello".find("l", -big), "hello".find("l", big), "hello".count("l", 0, big))
print(b"hello".rfind(b"l", None, -big), "abcabc".rindex("c", 0, big))
print("abc"[True], [10, 20][False], (1, 2)[-1])
for expr in ("'abc'[big]", "b'abc'[-big]", "items[big]", "(1, 2)[big]", "bytearray(2)[big]"):
    try:
        print(eval(expr))
    except IndexError:
        print(expr, "IndexError")
none, one = None, 1.0
for expr in ("'abc'[none]", "items[one]", "items.index('a', None)", "'abc'.find('a', 'x')"):
    try:
        print(eval(expr))
    except TypeError:
        print(expr, "TypeError")
