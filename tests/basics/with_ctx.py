# Context managers.
class CM:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print('exit', self.name, et.__name__ if et else None)
        return self.swallow
with CM('a') as v:
    print('body', v)
with CM('b', swallow=True):
    raise ValueError('swallowed')
print('after b')
try:
    with CM('c'):
        raise KeyError('k')
except KeyError:
    print('propagated')
with CM('x') as x, CM('y') as y:
    print(x, y)
def f():
    with CM('ret'):
        return 'value'
print(f())
for i in range(2):
    with CM('loop%d' % i):
        if i == 0:
            continue
        break
