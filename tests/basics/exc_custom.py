# User exception classes.
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, key):
        super().__init__('missing: ' + key)
        self.key = key
try:
    raise NotFound('cfg')
except AppError as e:
    print(type(e).__name__, e, e.key, e.args, isinstance(e, Exception))
class WithStr(Exception):
    def __str__(self):
        return 'custom str'
try:
    raise WithStr()
except Exception as e:
    print(e)
try:
    raise AppError
except AppError as e:
    print('class raised', e.args)
try:
    try:
        raise NotFound('x')
    except ValueError:
        print('wrong')
except AppError:
    print('right')
def check(v):
    if v < 0:
        raise ValueError('negative', v)
    return v
for v in (1, -1):
    try:
        print(check(v))
    except ValueError as e:
        print(e.args)
print(issubclass(NotFound, Exception), issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
