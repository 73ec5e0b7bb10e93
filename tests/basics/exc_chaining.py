# raise from, re-raise, exception context.
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError('wrapped') from e
except ValueError as e:
    print(e, type(e.__cause__).__name__)
def reraise():
    try:
        [][0]
    except IndexError:
        print('handling')
        raise
try:
    reraise()
except IndexError:
    print('re-raised IndexError')
try:
    try:
        raise KeyError('a')
    except KeyError:
        raise TypeError('b')
except TypeError as e:
    print(type(e.__context__).__name__)
e = None
try:
    raise RuntimeError('r')
except RuntimeError as err:
    e = err
print(type(e).__name__, e.args)
try:
    raise ValueError
except (TypeError, ValueError) as e:
    print('tuple match', type(e).__name__)
try:
    raise StopIteration
except Exception:
    print('StopIteration is Exception')
try:
    {}['x']
except LookupError as e:
    print('LookupError', type(e).__name__)
