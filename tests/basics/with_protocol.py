# __exit__ receives the exception's type, value and a traceback (not None);
# a manager without __enter__ or __exit__ is a TypeError.

class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        return self.name

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            print("exit", self.name, "clean", exc, tb)
        else:
            print("exit", self.name, exc_type.__name__, exc.args, tb is not None)
        return self.suppress


with Manager("quiet"):
    pass
with Manager("outer", suppress=True):
    with Manager("inner"):
        raise ValueError("boom")
print("suppressed")


class OnlyEnter:
    def __enter__(self):
        return self


class OnlyExit:
    def __exit__(self, *args):
        return False


for manager in (OnlyEnter(), OnlyExit(), 42):
    try:
        with manager:
            print("body must not run")
    except TypeError:
        print(type(manager).__name__, "TypeError")
