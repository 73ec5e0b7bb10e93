# Names in class bodies and methods.
x = 'global'
class C:
    x = 'class'
    y = x + '!'
    def m(self):
        return x
    lst = [x for _ in range(1)]
print(C.y, C().m(), C.lst)
class Outer:
    class Inner:
        v = 1
    def get(self):
        return self.Inner.v
print(Outer().get(), Outer.Inner.v)
def make_class(val):
    class K:
        attr = val
        def get(self):
            return val
    return K
K = make_class(7)
print(K.attr, K().get())
class Meth:
    def a(self):
        return 'a'
    def b(self):
        return self.a() + 'b'
print(Meth().b())
