# Compile errors become SyntaxError / IndentationError, with MicroPython's
# class hierarchy.
def err(src, mode='exec'):
    try:
        compile(src, '<t>', mode)
        return 'compiled'
    except IndentationError:
        return 'IndentationError'
    except SyntaxError:
        return 'SyntaxError'
print(err('x = = 1'))
print(err('def f(:\n  pass'))
print(err('if x:\nprint(1)'))
print(err('  x = 1'))
print(err('x = (1,'))
print(err('1 +', 'eval'))
print(err('return 5'))
print(err('x = 1'))
print(issubclass(IndentationError, SyntaxError))
try:
    exec('a b')
except SyntaxError as e:
    print('exec', type(e).__name__)
