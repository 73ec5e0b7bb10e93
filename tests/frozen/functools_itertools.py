# functools, itertools, operator and string (frozen Python modules on the
# host port, as MicroPython's ports carry micropython-lib's).
import functools
import itertools
import operator
import string

print(functools.reduce(operator.add, [1, 2, 3, 4]), functools.reduce(operator.mul, [], 1))
print(functools.reduce(lambda a, b: a + [b], "abc", []))
try:
    functools.reduce(operator.add, [])
except TypeError:
    print("TypeError: empty reduce")

base2 = functools.partial(int, base=2)
print(base2("101"), base2("11", base=3))
add3 = functools.partial(operator.add, 3)
print(add3(4), add3.args, add3.keywords, add3.func is operator.add)
nested = functools.partial(functools.partial(max, 1), 5)
print(nested(3), nested.args)


def logged(f):
    @functools.wraps(f)
    def wrapper(*args):
        return ("called", f(*args))

    return wrapper


@logged
def double(x):
    return 2 * x


print(double(4))

it = itertools.count(10, 5)
print([next(it) for _ in range(3)], list(itertools.islice(itertools.count(), 2, 12, 3)))
print(list(itertools.islice(itertools.cycle("ab"), 5)), list(itertools.repeat("x", 3)))
print(list(itertools.chain("ab", [1, 2], ())), list(itertools.chain.from_iterable(["xy", "z"])))
print(list(itertools.islice("abcdef", 3)), list(itertools.islice("abcdef", 1, None)))
print(list(itertools.starmap(pow, [(2, 3), (3, 2)])))
a, b = itertools.tee(iter([1, 2, 3]))
print(next(a), list(b), list(a))
print(list(itertools.accumulate([1, 2, 3, 4])), list(itertools.accumulate([3, 1, 4], max)))
print(list(itertools.accumulate([1, 2], initial=10)), list(itertools.accumulate([])))
print(list(itertools.takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(itertools.dropwhile(lambda x: x < 3, [1, 2, 5, 1])))
print(list(itertools.filterfalse(None, [0, 1, "", "a"])), list(itertools.compress("abcd", [1, 0, 1, 0])))
print(list(itertools.zip_longest("ab", [1, 2, 3], fillvalue="-")))
print([(k, list(g)) for k, g in itertools.groupby("aabccca")])
print([(k, list(g)) for k, g in itertools.groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
print(list(itertools.product("ab", [0, 1])), len(list(itertools.product(range(3), repeat=2))))
print(list(itertools.permutations([1, 2, 3], 2)))
print(list(itertools.combinations("abcd", 2)), list(itertools.combinations_with_replacement("ab", 2)))
print(list(itertools.pairwise([1, 2, 3, 4])), list(itertools.pairwise([1])))
try:
    list(itertools.islice("abc", -1))
except ValueError:
    print("ValueError: negative islice")

print(operator.lt(1, 2), operator.eq("a", "a"), operator.not_(0), operator.neg(5), operator.mod(7, 3))
print(operator.truediv(7, 2), operator.floordiv(7, 2), operator.getitem([5, 6], 1), operator.contains("abc", "b"))
print(sorted([(1, "b"), (0, "c"), (2, "a")], key=operator.itemgetter(1)), operator.itemgetter(0, 2)("xyz"))


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


class Holder:
    def __init__(self, p):
        self.p = p


print(operator.attrgetter("x")(Point(1, 2)), operator.attrgetter("p.y", "p.x")(Holder(Point(3, 4))))
print(operator.methodcaller("split", ",")("a,b"), operator.methodcaller("split", maxsplit=1)("a b c"))
print(operator.countOf([1, 2, 1], 1), operator.indexOf("abc", "c"), operator.index(7), operator.abs(-3))

print(string.ascii_lowercase, string.digits, string.hexdigits, string.octdigits)
print(len(string.ascii_letters), len(string.punctuation), len(string.printable), repr(string.whitespace))
