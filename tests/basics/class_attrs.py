# getattr, setattr, hasattr, delattr, __dict__-free attribute use.
class O:
    a = 1
o = O()
setattr(o, 'b', 2)
print(getattr(o, 'a'), getattr(o, 'b'), getattr(o, 'c', 'dflt'), hasattr(o, 'b'))
delattr(o, 'b')
print(hasattr(o, 'b'))
try:
    getattr(o, 'zzz')
except AttributeError:
    print('AttributeError')
class G:
    def __getattr__(self, name):
        return 'dyn_' + name
g = G()
print(g.anything, g.other)
class S:
    def __setattr__(self, k, v):
        super().__setattr__(k, v * 2)
s = S()
s.x = 5
print(s.x)
