# Scopes: globals, nonlocal, closures, cells as parameters, class scopes.
g = 10

def read_global():
    return g

def write_global():
    global g
    g = g + 1

write_global()
print(read_global())

def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc

c = counter()
c(); c()
print(c(5))

def outer(a, b):
    def mid(x):
        def inner():
            return a + b + x
        return inner
    return mid

print(outer(1, 2)(3)())

def param_cell(p):
    return lambda: p * 2

print(param_cell(21)())

def late_binding():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]

print(late_binding())

def default_binding():
    return [(lambda i=i: i)() for i in range(3)]

print(default_binding())

class K:
    x = 1
    y = x + 1
    def m(self):
        return self.x + self.y
    z = [x for _ in range(2)] if False else 3

print(K().m(), K.y, K.z)

def class_in_function(v):
    class L:
        val = v
        def get(self):
            return v * 2
    return L

L = class_in_function(7)
print(L.val, L().get())

def walrus(items):
    if (n := len(items)) > 2:
        return n
    return -n

print(walrus([1, 2, 3]), walrus([1]))

def walrus_comp(data):
    out = [y for x in data if (y := x * 2) > 2]
    return out, y

print(walrus_comp([1, 2, 3]))

def del_local():
    x = 1
    del x
    try:
        print(x)
    except NameError:
        print("unbound")

del_local()

def shadow(print=print):
    print("shadowed print works")

shadow()

def deep(a):
    def l1():
        def l2():
            def l3():
                return a
            return l3()
        return l2()
    return l1()

print(deep("deep"))

x = 5
def uses_module_x():
    return x
x = 6
print(uses_module_x())
