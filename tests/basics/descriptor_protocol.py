# Classes that define __get__, __set__, __delete__ and __set_name__ act as
# descriptors when their instances are class attributes.

class Typed:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.slot = "_" + name

    def __get__(self, obj, owner):
        if obj is None:
            return "descriptor on " + owner.__name__
        return getattr(obj, self.slot, "unset")

    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError("int expected")
        setattr(obj, self.slot, value)

    def __delete__(self, obj):
        print("delete", self.slot)
        delattr(obj, self.slot)


class Item:
    count = Typed()
    price = Typed()

    def __init__(self, count):
        self.count = count


it = Item(3)
# Class-level access: CPython calls __get__ with obj None (MicroPython
# returns the descriptor itself), so only a property of it is printed.
print(it.count, it.price, isinstance(Item.count, str))
it.price = 10
print(it.price, sorted(it.__dict__.items()))
try:
    it.count = "many"
except TypeError as e:
    print("TypeError", e)
del it.count
print(it.count)


class Constant:
    # Only __get__: instance attributes of the same name win.
    def __init__(self, value):
        self.value = value

    def __get__(self, obj, owner):
        return self.value


class Config:
    mode = Constant("fast")


c = Config()
print(c.mode, Config.mode == "fast")
c.mode = "slow"
print(c.mode, Config().mode)


class Logged(Typed):
    # Inherits the descriptor methods.
    def __get__(self, obj, owner):
        value = super().__get__(obj, owner)
        return ("logged", value)


class Record:
    size = Logged()


r = Record()
r.size = 4
print(r.size)
