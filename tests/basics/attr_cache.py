# Attribute lookups that the VM's inline caches remember must follow every
# change: methods replaced or deleted on a class or a base, instance
# attributes that shadow methods, objects of several types and attribute
# layouts reaching the same instruction, classes freed and made anew.
import gc


class Base:
    def who(self):
        return "base"

    def greet(self):
        return "hello from " + self.who()


class Child(Base):
    pass


def ask(objs):
    # One LOAD_METHOD site sees every object.
    return [o.who() for o in objs]


b, c = Base(), Child()
print(ask([b, c, b, c]))
Child.who = lambda self: "child"
print(ask([b, c, b, c]))
Base.who = lambda self: "new base"
print(ask([b, c, b, c]))
del Child.who
print(ask([b, c]))
setattr(Base, "who", lambda self: "set by setattr")
print(ask([b, c]))
c.who = lambda: "instance"
print(ask([b, c, b]))
del c.who
print(ask([c, c]))
try:
    delattr(Base, "nothing")
except AttributeError:
    print("AttributeError on delattr")
del Base.who
try:
    ask([b])
except AttributeError:
    print("AttributeError after del")


# Instances with their attributes inserted in different orders.
class P:
    pass


def make(order):
    p = P()
    for name in order:
        setattr(p, name, name.upper())
    return p


ps = [make("xyz"), make("zyx"), make("yxz"), make("xz")]
for _ in range(3):
    print([(p.x, p.z) for p in ps])


def bump(objs):
    for o in objs:
        o.x = o.x + "!"  # one STORE_ATTR site for every layout


bump(ps)
bump(ps)
print([p.x for p in ps], [hasattr(p, "y") for p in ps])


# A class-level value, then an instance value of the same name.
class Counter:
    step = 1

    def advance(self, n):
        total = 0
        for _ in range(n):
            total += self.step
        return total


k = Counter()
print(k.advance(3))
k.step = 10
print(k.advance(3))
Counter.step = 100
print(k.advance(2), Counter().advance(2))
del k.step
print(k.advance(2))


# A store site that meets a property and a __setattr__ class after plain ones.
class Plain:
    pass


class WithProp:
    def __init__(self):
        self._v = 0

    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, x):
        self._v = x * 2


class Logged:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, ("logged", value))


def set_v(objs, x):
    for o in objs:
        o.v = x
    return [o.v for o in objs]


objs = [Plain(), Plain(), WithProp(), Logged(), Plain()]
print(set_v(objs, 1))
print(set_v(objs, 2))


# Classes made and dropped in a loop: a collection may reuse a freed
# class's memory for the next one.
def generation(i):
    class G:
        def tag(self):
            return i

    if i % 2:
        G.extra = i * 10
    return G()


seen = []
for i in range(40):
    g = generation(i)
    seen.append(g.tag())
    seen.append(getattr(g, "extra", None))
    if i % 5 == 0:
        gc.collect()
print(seen)


# Built-in methods through the same site as Python ones.
class Box:
    def append(self, x):
        return "box got " + str(x)


def add_all(targets):
    return [t.append(1) for t in targets]


print(add_all([[], Box(), [], Box()]))
s = "abc"
print([x.upper() for x in ["ab", "cd"]], s.upper())


# Module attributes through one site: the module's dict changes under it.
import sys

me = sys.modules[__name__]
me.level = 1


def read_level(m):
    return m.level


print([read_level(me) for _ in range(3)])
me.level = 2
globals()["level"] = 3
print(read_level(me), level)
del me.level
try:
    read_level(me)
except AttributeError:
    print("module attribute gone")


class HasLevel:
    level = 9


print(read_level(HasLevel()), read_level(me) if hasattr(me, "level") else "none")
