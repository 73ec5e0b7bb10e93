# Importing a module file: body runs once, attributes, aliases, caching.
import sys
sys.path.insert(0, 'modules')
import plain
print(plain.VALUE, plain.double(4), plain.__name__, plain.Thing(3).v)
import plain as p2
print(p2 is plain, sys.modules['plain'] is plain)
from plain import VALUE, double as dbl
print(VALUE, dbl(5))
import plain
print('second import ran no body')
print(hasattr(plain, '_private'), plain._private)
def in_function():
    import plain
    return plain.VALUE + 1
print(in_function())
plain.VALUE = 'changed'
import plain as again
print(again.VALUE)
print(type(plain).__name__)
print(plain.__file__.endswith('plain.py') or plain.__file__.endswith('plain.mpy'))
import selfref
print(selfref.ME is selfref)
