# What `__len__` returns must be a non-negative int that fits a machine
# word; each other result has CPython's exception (found by exec_fuzz: a
# big positive int, a float or a str all gave ValueError).
for v in [2**100, -2**100, -1, 0, 7, 1.5, 'x', True, False, None]:
    class F:
        def __len__(self):
            return v
    try:
        print(repr(v), len(F()))
    except Exception as e:
        print(repr(v), type(e).__name__, e)
