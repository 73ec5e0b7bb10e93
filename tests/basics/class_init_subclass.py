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
