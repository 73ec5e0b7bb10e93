# collections.MutableMapping: MicroPython's is an empty class (no mixin
# methods), usable as a base of user mappings.
import collections

MM = collections.MutableMapping
print(MM, type(MM))


class Registry(MM):
    def __init__(self):
        self.items = {}

    def __getitem__(self, key):
        return self.items[key]

    def __setitem__(self, key, value):
        self.items[key] = value


r = Registry()
r["a"] = 1
print(r["a"], isinstance(r, MM), issubclass(Registry, MM), isinstance({}, MM))
print(hasattr(MM, "keys"), hasattr(MM, "get"))
