# dict methods.
d = {'a': 1, 'b': 2}
d['c'] = 3
print(d, len(d), d['a'], 'b' in d, 'z' not in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.get('a'), d.get('z'), d.get('z', 0))
print(d.pop('a'), d, d.pop('zz', 'dflt'))
print(d.setdefault('b', 9), d.setdefault('e', 5), d)
d.update({'f': 6}); print(d)
d.update(g=7); print(d)
k, v = d.popitem(); print(k, v)
print(dict(a=1, b=2), dict([('x', 1), ('y', 2)]), dict({'q': 1}))
print(dict.fromkeys(['a', 'b'], 0))
c = d.copy(); c['new'] = 1; print(len(d), len(c))
del d['b']; print(d)
d.clear(); print(d)
try:
    {}['missing']
except KeyError as e:
    print('KeyError', e)
print({1: 'int', 1.5: 'float', (1, 2): 'tuple', None: 'none'})
print({True: 'a', 1: 'b'})
