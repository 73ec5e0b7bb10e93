# nonlocal and global.
counter = 0
def inc():
    global counter
    counter += 1
inc(); inc()
print(counter)
def make():
    n = 0
    def step():
        nonlocal n
        n += 1
        return n
    return step
s = make()
print(s(), s(), s())
s2 = make()
print(s2(), s())
def outer():
    x = 'outer'
    def mid():
        def inner():
            nonlocal x
            x = 'changed'
        inner()
    mid()
    return x
print(outer())
def g():
    global newglobal
    newglobal = 'made'
g()
print(newglobal)
def shadow():
    counter = 100
    return counter
print(shadow(), counter)
