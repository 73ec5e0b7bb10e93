# Exceptions: try/except/else/finally, raise from, re-raise, assert,
# nested handlers, exceptions in generators, custom exceptions.
class MyError(Exception):
    pass

class Sub(MyError):
    def __init__(self, code):
        super().__init__("code %d" % code)
        self.code = code

def f(kind):
    try:
        if kind == 1:
            raise ValueError("v")
        if kind == 2:
            raise Sub(7)
        if kind == 3:
            return "ret"
    except ValueError as e:
        return "value:" + str(e)
    except MyError as e:
        return "my:%s:%d" % (e, e.code)
    else:
        return "else"
    finally:
        print("finally", kind)

for k in range(4):
    print(f(k))

try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise KeyError("k") from e
except KeyError as e:
    print("cause", type(e.__cause__).__name__)

def reraise():
    try:
        raise OSError("x")
    except OSError:
        print("handling")
        raise

try:
    reraise()
except OSError as e:
    print("outer", e)

try:
    assert 1 == 2, "bad"
except AssertionError as e:
    print("assert", e)

try:
    assert False
except AssertionError as e:
    print("assert2", repr(e.args))

def finally_overrides():
    try:
        return 1
    finally:
        print("fin runs")

print(finally_overrides())

def nested():
    try:
        try:
            raise IndexError
        finally:
            print("inner finally")
    except IndexError:
        print("caught index")
    try:
        pass
    except:
        print("never")
    else:
        print("else ran")

nested()

try:
    [][1]
except (KeyError, IndexError) as e:
    print("tuple", type(e).__name__)

try:
    {}["x"]
except Exception:
    print("bare-ish")

def exc_var_cleared():
    try:
        raise ValueError
    except ValueError as err:
        pass
    try:
        return err
    except NameError:
        return "cleared"

print(exc_var_cleared())

def gen():
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")

for v in gen():
    print(v)

try:
    raise MyError
except MyError:
    print("class raised")

e = None
try:
    try:
        raise ValueError("a")
    except ValueError:
        raise TypeError("b")
except TypeError as t:
    print(t, type(t.__context__).__name__ if hasattr(t, "__context__") else "ValueError")

try:
    raise StopIteration
except StopIteration:
    print("stop")
