def f(a):
    if a:
        return 1
    else:
        while a:
            a -= 1
    return 0

class C:
    pass
