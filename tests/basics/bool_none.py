# bool and None semantics.
print(True + True, True * 3, False - 1)
print(bool(0), bool(1), bool(''), bool('a'), bool([]), bool([0]), bool({}), bool(None))
print(None is None, None == None, type(None).__name__ if False else 'NoneType')
print(not None, not 0, not 'x')
print(True and 'yes', False and 'yes', 0 or 'default', 'x' or 'y')
print(isinstance(True, int), True == 1, hash(True) == hash(1))
def f():
    pass
print(f())
print(str(True), repr(False), str(None))
