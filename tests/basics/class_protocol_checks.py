# Results of special methods are checked: __bool__ must return a bool and
# __iter__ an iterator.

class Flag:
    def __init__(self, result):
        self.result = result

    def __bool__(self):
        return self.result


for result in (True, False, 1, None):
    try:
        print(result, bool(Flag(result)), "yes" if Flag(result) else "no")
    except TypeError:
        print(result, "TypeError")


class Source:
    def __init__(self, result):
        self.result = result

    def __iter__(self):
        return self.result


for result in (iter([1, 2]), (x for x in "ab"), [1, 2], 5):
    try:
        print(list(Source(result)))
    except TypeError:
        print(type(result).__name__, "TypeError")


class Sized:
    def __len__(self):
        return 0


print(bool(Sized()), not Sized())
