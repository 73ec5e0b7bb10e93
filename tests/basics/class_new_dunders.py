# __new__ (plain, singleton, super().__new__) and special methods dispatched from Python.
class S:
    def __new__(cls, *a):
        print("new", cls.__name__, a)
        o = super().__new__(cls)
        o.made = True
        return o
    def __init__(self, x):
        self.x = x
s = S(3); print(s.made, s.x)
class Single:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = object.__new__(cls)
        return cls._inst
print(Single() is Single())
class V:
    def __init__(self, v): self.v = v
    def __iadd__(self, o): self.v += o; return self
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return "V%d" % self.v
    def __contains__(self, x): return x == self.v
    def __call__(self, k): return self.v * k
    def __bool__(self): return self.v != 0
    def __len__(self): return 5
    def __enter__(self): print("enter"); return self
    def __exit__(self, *e): print("exit", e[0].__name__ if e[0] else None); return True
a = V(1); b = a; a += 5; print(a, b is a, sorted([V(3), V(1), V(2)]), 6 in a, a(2), bool(V(0)), len(a))
with V(1) as w:
    raise KeyError("x")
print("after")
class G:
    def __getattr__(self, n): return n.upper()
print(G().foo)
class E(Exception):
    def __init__(self, code): super().__init__("code %d" % code); self.code = code
try: raise E(4)
except E as e: print(e, e.code, e.args)
print(max([V(3), V(7)]), min(V(2), V(1)))
