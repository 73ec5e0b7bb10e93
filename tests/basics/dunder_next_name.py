# Dict iterators have __next__; bound methods have __name__ and __func__;
# divmod() calls __divmod__; __len__ must give an int; slices are unhashable;
# a super object's __class__ is super.
d = {"a": 1, "b": 2}
print(iter(d).__next__(), iter(d.values()).__next__(), iter(d.items()).__next__())
it = iter(d.keys())
print(it.__next__(), next(it), it.__iter__() is it)
class C:
    def meth(self):
        return 1
    def __divmod__(self, other):
        return ("divmod", other)
    def __len__(self):
        return 2.0
    def sup(self):
        return super().__class__.__name__
print(C().meth.__name__, C().meth.__func__ is C.meth, divmod(C(), 3), C().sup())
for f in (lambda: len(C()), lambda: hash(slice(1, 2)), lambda: {slice(1): 1}):
    try:
        f()
    except TypeError:
        print("TypeError")
