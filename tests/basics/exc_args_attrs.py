# str() of OSError(errno, strerror), SystemExit.code, and `raise ... from`
# with a cause that is not an exception.

for e in (OSError(5, "I/O failed"), OSError("plain"), OSError(), OSError(7, "x")):
    print(str(e), e.args, e.errno, e.strerror)
for args in ((), (3,), ("bye",), (1, 2)):
    print(args, SystemExit(*args).code)

for cause in (5, "text", None, KeyError, KeyError("k")):
    try:
        try:
            raise ValueError("v") from cause
        except ValueError as e:
            print("ValueError with cause", type(e.__cause__).__name__, e.__suppress_context__)
    except TypeError:
        print(repr(cause), "TypeError")
