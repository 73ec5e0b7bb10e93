# reversed(): __reversed__ first, then __len__/__getitem__ from the end;
# iterators and sets are not reversible.
class Rev:
    def __reversed__(self):
        return iter("zy")
    def __iter__(self):
        return iter("ab")
class Seq:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return i * 10
print(list(reversed(Rev())), list(reversed(Seq())))
print(list(reversed(range(1, 8, 3))), list(reversed({1: 2, 3: 4})))
print(list(reversed({1: 2, 3: 4}.items())), list(reversed(b"ab")))
for bad in (iter([1]), {1, 2}, (x for x in "a"), 5):
    try:
        reversed(bad)
    except TypeError:
        print("TypeError")
