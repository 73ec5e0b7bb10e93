# A generator's return value reaches the StopIteration that next() raises,
# and a StopIteration raised inside a generator becomes RuntimeError.

def early():
    return "early"
    yield


def late():
    yield 1
    return ("late", 2)


for make in (early, late):
    g = make()
    while True:
        try:
            print("yielded", next(g))
        except StopIteration as e:
            print("returned", e.value, e.args)
            break

g = late()
print(next(g, "dflt"), next(g, "dflt"), next(g, "dflt"))


def leaks():
    yield "a"
    raise StopIteration("inside")


try:
    print(list(leaks()))
except RuntimeError as e:
    print("RuntimeError from", type(e.__cause__).__name__, e.__cause__.args)


def leaks_via_next():
    it = iter(())
    yield next(it)


try:
    for x in leaks_via_next():
        print("never", x)
except RuntimeError:
    print("RuntimeError via next")


class Countdown:
    # An iterator class whose StopIteration carries a value for yield from.
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration("liftoff")
        self.n -= 1
        return self.n


def launcher():
    result = yield from Countdown(3)
    yield result


print(list(launcher()))
