# assert and del.
assert True
assert 1 == 1, 'never'
try:
    assert 1 == 2, 'message'
except AssertionError as e:
    print('AssertionError', e.args)
try:
    assert False
except AssertionError as e:
    print('bare', e.args)
x = 5
del x
try:
    x
except NameError:
    print('NameError')
l = [1, 2, 3, 4]
del l[0], l[-1]
print(l)
d = {'a': 1, 'b': 2}
del d['a']
print(d)
class O:
    pass
o = O()
o.attr = 1
del o.attr
print(hasattr(o, 'attr'))
def local_del():
    y = 1
    del y
    try:
        return y
    except NameError:
        return 'unbound'
print(local_del())
