# Calls through the interpreter's fast paths: built-in functions and methods
# called with positional arguments, and Python functions whose arguments
# bind straight into their locals. Results, argument order and the errors
# for wrong argument counts must match the general paths.


def attempt(label, thunk):
    try:
        print(label, thunk())
    except Exception as e:
        print(label, type(e).__name__)


# Built-in functions of each arity, with right and wrong argument counts.
attempt("len", lambda: len([1, 2, 3]))
attempt("len()", lambda: len())
attempt("len(a, b)", lambda: len([1], [2]))
attempt("len(obj=)", lambda: len(obj=[1]))
attempt("abs", lambda: abs(-3))
attempt("divmod", lambda: divmod(7, 2))
attempt("divmod(1)", lambda: divmod(7))
attempt("divmod(3)", lambda: divmod(7, 2, 1))
attempt("pow3", lambda: pow(2, 10, 7))
attempt("min", lambda: min(3, 1, 2))
attempt("max", lambda: max([4, 9, 2]))
attempt("sorted kw", lambda: sorted([3, 1, 2], reverse=True))
attempt("isinstance", lambda: isinstance(1, int))
attempt("isinstance(1)", lambda: isinstance(1))
attempt("getattr default", lambda: getattr(1, "nope", "dflt"))
attempt("hasattr", lambda: hasattr([], "append"))

# Methods of built-in types through LOAD_METHOD/CALL_METHOD.
items = []
items.append(1)
items.append(2)
attempt("append", lambda: items)
attempt("append()", lambda: items.append())
attempt("append(1, 2)", lambda: items.append(1, 2))
attempt("insert", lambda: (items.insert(0, 9), items)[1])
attempt("pop", lambda: items.pop())
attempt("pop(0)", lambda: items.pop(0))
attempt("split", lambda: "a,b,c".split(","))
attempt("split max", lambda: "a,b,c".split(",", 1))
attempt("join", lambda: "-".join(["x", "y"]))
attempt("startswith", lambda: "abc".startswith("a"))
attempt("upper()", lambda: "abc".upper())
attempt("upper(1)", lambda: "abc".upper(1))
d = {"k": 1}
attempt("get", lambda: d.get("k"))
attempt("get default", lambda: d.get("z", 0))
attempt("get()", lambda: d.get())
attempt("get(3)", lambda: d.get(1, 2, 3))
# Unbound methods: the receiver is the first positional argument.
attempt("str.upper", lambda: str.upper("abc"))
attempt("str.upper()", lambda: str.upper())
attempt("list.append", lambda: (list.append(items, 5), items)[1])
# A built-in method kept as a value and called later.
push = items.append
push(6)
attempt("bound append", lambda: items)


# Python functions: exact positional arguments bind directly.
def order(a, b, c):
    return (a, b, c)


def with_default(a, b=10):
    return a + b


def unbound_after_args(a):
    if a is None:
        x = 1
    return x


def counts(*args):
    return len(args)


def kwonly(a, *, b):
    return (a, b)


attempt("order", lambda: order(1, 2, 3))
attempt("order kw", lambda: order(3, c=1, b=2))
attempt("order(2)", lambda: order(1, 2))
attempt("order(4)", lambda: order(1, 2, 3, 4))
attempt("default given", lambda: with_default(1, 2))
attempt("default used", lambda: with_default(1))
attempt("default(3)", lambda: with_default(1, 2, 3))
attempt("varargs", lambda: counts(1, 2, 3))
attempt("kwonly", lambda: kwonly(1, b=2))
attempt("kwonly missing", lambda: kwonly(1))
try:
    unbound_after_args(0)
except NameError:
    print("unbound local is a NameError")
print("bound local", unbound_after_args(None))


# Closures and cells take the general binding.
def adder(n):
    def add(x):
        return x + n

    return add


def cell_arg(x):
    def get():
        return x

    x += 1
    return get()


attempt("closure", lambda: adder(2)(3))
attempt("closure(0)", lambda: adder(2)())
attempt("cell arg", lambda: cell_arg(4))


# Methods of classes, bound and unbound, and recursion.
class Counter:
    def __init__(self, start):
        self.n = start

    def step(self, by):
        self.n += by
        return self.n

    def twice(self, by):
        return self.step(by) + self.step(by)


c = Counter(5)
attempt("method", lambda: c.step(2))
attempt("method()", lambda: c.step())
attempt("unbound", lambda: Counter.step(c, 3))
attempt("nested", lambda: c.twice(1))
bound = c.step
attempt("bound", lambda: bound(10))


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


attempt("fib", lambda: fib(15))


def gen(n):
    for i in range(n):
        yield i * i


attempt("generator", lambda: list(gen(4)))

# Many calls in a loop: the frames are released each time.
total = 0
for i in range(1000):
    total += with_default(i) + len(items)
print("loop", total)
