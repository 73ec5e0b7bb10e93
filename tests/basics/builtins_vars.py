# vars(obj) is obj.__dict__; vars() at module level is the globals.
class P:
    k = 1
    def __init__(self): self.a = 1; self.b = [2]
p = P()
print(vars(p), sorted(k for k in vars(P) if not k.startswith("__")))
print(vars() is globals() or vars() == globals())
import sys
print("argv" in vars(sys))
for bad in (1, "s", [1]):
    try:
        vars(bad)
    except TypeError:
        print("TypeError", type(bad).__name__)
