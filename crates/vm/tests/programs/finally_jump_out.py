# Leaving a `finally` body by `continue`, `break` or `return` drops the
# reason it was entered for: a pending return value (two stack words), a
# jump, an exception or none, and what the body pushed (found by
# exec_fuzz: the stack grew on each pass and the frame was corrupted).
def cont_after_return(n, exc):
    for i in range(n):
        try:
            return 'returned'
        finally:
            if i < n - 1:
                continue
            if exc:
                raise exc
    return 'loop ended'


for n in (1, 2, 3, 6):
    for exc in (None, ValueError, ZeroDivisionError):
        try:
            print(n, cont_after_return(n, exc))
        except Exception as e:
            print(n, type(e).__name__)


def break_after_break():
    out = []
    for i in range(5):
        for j in range(5):
            try:
                break
            finally:
                out.append(j)
                for k in range(2):
                    if i < 4:
                        break
                else:
                    continue
    return out


print(break_after_break())


def return_in_finally_after_return(n):
    total = 0
    for i in range(n):
        try:
            try:
                return 'inner'
            finally:
                total += i
                continue
        finally:
            total += 100
    return total


print(return_in_finally_after_return(4))


def nested_returns():
    for i in range(3):
        try:
            try:
                return i
            finally:
                if i < 2:
                    continue
        finally:
            pass
    return -1


print(nested_returns())


def gen():
    for i in range(4):
        try:
            yield i
            return
        finally:
            if i < 3:
                continue
    yield 'end'


print(list(gen()))


def exc_swallowed(n):
    for i in range(n):
        try:
            raise KeyError(i)
        finally:
            continue
    return 'swallowed'


print(exc_swallowed(5))
