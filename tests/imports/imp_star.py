# from module import * copies the public names.
import sys
sys.path.insert(0, 'modules')
from stars import *
print(public_a, public_b, public_fn())
try:
    _private_c
except NameError:
    print('private not imported')
m = __import__('stars')
print(m.public_a, m._private_c)
p = __import__('pkg.sub.mod')
print(p.__name__)
q = __import__('pkg.sub.mod', None, None, ['COMBINED'])
print(q.__name__, q.COMBINED[0])
print(__import__('sys') is sys)
