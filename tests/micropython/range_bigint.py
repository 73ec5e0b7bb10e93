# range() bounds must fit a machine word: a big int raises OverflowError
# in MicroPython (CPython's ranges take any int).
big = 2**100
for args in ((big,), (0, big), (-big, 0), (0, 10, big), (big - big, 3)):
    try:
        print(list(range(*args)))
    except OverflowError as e:
        print("OverflowError", e)
for bad in ((1.5,), ("3",), (0, None)):
    try:
        range(*bad)
    except TypeError:
        print("TypeError")
