class Ctx:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return self.swallow
with Ctx("a") as c:
    print("body", c.name)
with Ctx("b", True):
    raise ValueError("swallowed")
try:
    with Ctx("c"):
        raise KeyError("propagates")
except KeyError:
    print("caught KeyError")
def ret():
    with Ctx("d"):
        return 5
print(ret())
for i in range(2):
    with Ctx("e%d" % i):
        if i == 0:
            continue
        break
with Ctx("x") as a, Ctx("y") as b:
    print(a.name, b.name)
