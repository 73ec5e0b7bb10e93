def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        return [][1]
    return 10 // (n - 2)
for n in range(4):
    try:
        print(risky(n))
    except ValueError as e:
        print("ValueError", e)
    except (IndexError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
    else:
        print("else")
    finally:
        print("finally", n)
def f():
    try:
        return "try"
    finally:
        print("cleanup")
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("fin", i)
    return i
print(g())
class MyError(Exception):
    pass
try:
    raise MyError("custom", 2)
except Exception as e:
    print(type(e).__name__, e.args, isinstance(e, MyError))
try:
    try:
        raise KeyError("k")
    except KeyError:
        raise
except LookupError as e:
    print("reraised", repr(e))
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("ctx") from e
except RuntimeError as e:
    print(e, type(e.__cause__).__name__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        undefined_name
except NameError as e:
    print("NameError", type(e.__context__).__name__)
def nested():
    try:
        raise TypeError("inner")
    finally:
        print("nested finally")
try:
    nested()
except TypeError as e:
    print("outer caught", e)
try:
    assert 1 == 2, "assertion message"
except AssertionError as e:
    print("AssertionError", e)
