# Hashing and equality of keys.
d = {}
d[1] = 'int'
d[1.0] = 'float overrides'
d[True] = 'bool overrides'
print(d)
d2 = {(1, 2): 'a', 'k': 'b', 3: 'c', None: 'n', frozenset([1]): 'f'}
print(d2[(1, 2)], d2['k'], d2[3], d2[None], d2[frozenset([1])])
class Key:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return isinstance(o, Key) and self.v == o.v
    def __hash__(self):
        return hash(self.v)
m = {Key(1): 'one'}
print(m[Key(1)], Key(1) in m, Key(2) in m)
s = {Key(1), Key(1), Key(2)}
print(len(s))
print(hash('abc') == hash('ab' + 'c'), hash(2 ** 80) == hash(2 ** 80))
try:
    {[]: 1}
except TypeError:
    print('TypeError unhashable')
big = {}
for i in range(1000):
    big[str(i)] = i
print(len(big), big['999'], sum(big.values()))
for i in range(0, 1000, 2):
    del big[str(i)]
print(len(big), '1' in big, '2' in big)
