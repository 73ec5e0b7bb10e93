# Decorators.
def trace(fn):
    def wrapper(*args, **kw):
        print('call', fn.__name__, args)
        return fn(*args, **kw)
    return wrapper
@trace
def add(a, b):
    return a + b
print(add(1, 2))
def repeat(n):
    def deco(fn):
        def w():
            return [fn() for _ in range(n)]
        return w
    return deco
@repeat(3)
def one():
    return 1
print(one())
def register(registry):
    def deco(fn):
        registry.append(fn.__name__)
        return fn
    return deco
reg = []
@register(reg)
@trace
def both():
    return 'both'
print(reg, both())
class C:
    @staticmethod
    @trace
    def s(x):
        return x
print(C.s(4))
def cls_deco(cls):
    cls.tag = 'decorated'
    return cls
@cls_deco
class D:
    pass
print(D.tag)
