# throw() and close() on a generator suspended in `yield from` go to the
# delegate first.

def inner():
    try:
        yield "inner-1"
        yield "inner-2"
    except KeyError as e:
        print("inner caught", repr(e))
        yield "inner-recovered"
        return "inner-done"
    finally:
        print("inner finally")


def middle():
    got = yield from inner()
    print("middle got", got)
    yield "middle-" + str(got)


def outer():
    got = yield from middle()
    yield ("outer", got)


g = outer()
print(next(g))
print(g.throw(KeyError("k")))
print(next(g))
print(next(g))
print(next(g, "end"))

g = outer()
next(g)
try:
    g.throw(ValueError("not caught"))
except ValueError as e:
    print("escaped", e.args)
print(next(g, "finished"))

g = outer()
next(g)
g.close()
print("closed; next gives", next(g, "nothing"))


class Delegate:
    # A non-generator delegate with throw() and close() methods.
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        return self.i

    def throw(self, exc):
        if isinstance(exc, type):
            exc = exc()
        print("Delegate.throw", type(exc).__name__)
        if isinstance(exc, IndexError):
            raise StopIteration("stopped by throw")
        return "from-throw"

    def close(self):
        print("Delegate.close")


def wraps_delegate():
    r = yield from Delegate()
    yield "after " + r


g = wraps_delegate()
print(next(g), g.throw(TypeError), g.throw(IndexError("i")))
g = wraps_delegate()
next(g)
g.close()


class Plain:
    # No throw method: the exception is raised at the yield from.
    def __iter__(self):
        return self

    def __next__(self):
        return "plain"


def guarded():
    try:
        yield from Plain()
    except OSError:
        yield "guarded"


g = guarded()
print(next(g), g.throw(OSError))


def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield "refuses"


def over_stubborn():
    yield from stubborn()


g = over_stubborn()
next(g)
try:
    g.close()
except RuntimeError:
    print("RuntimeError: ignored GeneratorExit")
