# Loops, exceptions, with, break/continue through blocks.
class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, a, b, c):
        return False


def loops(items):
    total = 0
    for i in items:
        if i == 3:
            continue
        if i > 10:
            break
        total += i
    else:
        total = -1
    n = 0
    while n < 10:
        n += 1
        if n == 5:
            break
    else:
        n = 0
    while True:
        n -= 1
        if not n:
            break
    for j in range(10):
        total += j
    for j in range(2, 20, 3):
        total -= j
    for j in range(len(items), 0, -1):
        total += j
    return total


def exceptions(x):
    try:
        x = 1 / x
    except ZeroDivisionError:
        x = 0
    except (TypeError, ValueError) as e:
        print(e)
        raise
    else:
        x += 1
    finally:
        x -= 1
    try:
        raise ValueError("bad") from None
    except ValueError as err:
        x = err
    try:
        pass
    finally:
        pass
    try:
        raise KeyError
    except:
        pass
    return x


def unwinding(items):
    for i in items:
        try:
            if i:
                break
            else:
                continue
        finally:
            print("finally")
    for i in items:
        with Ctx() as c:
            if i:
                break
            continue
    for i in items:
        try:
            try:
                if i:
                    break
            except Exception:
                continue
        finally:
            pass
    while items:
        try:
            return 1
        finally:
            items = None
    for i in items:
        try:
            pass
        except Exception:
            break
        finally:
            continue


def nested_with():
    with Ctx() as a, Ctx() as b:
        with Ctx():
            return a, b


def try_in_finally():
    try:
        return 1
    finally:
        try:
            print("x")
        finally:
            for i in range(3):
                try:
                    break
                finally:
                    pass


def reraise():
    try:
        raise
    except RuntimeError:
        pass
