# __init_subclass__ runs when a subclass is made (an implicit class method;
# object's does nothing).
registry = []
class Plugin:
    def __init_subclass__(cls):
        registry.append(cls.__name__)
class A(Plugin): pass
class B(A): pass
class C(Plugin):
    @classmethod
    def __init_subclass__(cls):
        registry.append("C sees " + cls.__name__)
class D(C): pass
print(registry)
class Base:
    def __init_subclass__(cls):
        super().__init_subclass__()
        cls.tag = cls.__name__.lower()
class Leaf(Base): pass
print(Leaf.tag, hasattr(Base, "tag"))
# Keywords of the class statement (but metaclass) go to __init_subclass__.
class Tagged:
    def __init_subclass__(cls, tag="none", **extra):
        cls.tag = tag
        cls.extra = sorted(extra.items())
class T1(Tagged, tag="one"): pass
class T2(Tagged): pass
class T3(T1, tag="three", size=3): pass
print(T1.tag, T2.tag, T3.tag, T3.extra, T1.extra)
try:
    class Bad(Plugin, colour="red"): pass
except TypeError:
    print("TypeError unexpected keyword")
try:
    class Plain(object, colour="red"): pass
except TypeError:
    print("TypeError object takes no keywords")
