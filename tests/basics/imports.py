# Built-in modules that CPython has too: sys and gc.
import sys
print(type(sys.argv) is list, sys.byteorder, sys.maxsize > 2**30)
print(type(sys.path) is list, type(sys.modules) is dict, 'sys' in sys.modules)
print(type(sys.platform) is str, type(sys.version) is str, sys.version_info[0])
print(type(sys.implementation.name) is str)
import sys as s2
print(s2 is sys, sys.modules['sys'] is sys)
n = sys.stdout.write('written\n')
print(n)
try:
    sys.exit(3)
except SystemExit as e:
    print('exit', e.args)
try:
    sys.exit()
except SystemExit as e:
    print('exit', e.args)
from sys import byteorder, maxsize
print(byteorder, maxsize == sys.maxsize)
try:
    from sys import no_such_name
except ImportError:
    print('ImportError from')
try:
    import no_such_module_xyz
except ImportError:
    print('ImportError import')
sys.my_attr = 42
print(sys.my_attr)
from sys import *
print(platform == sys.platform)
def f():
    import sys
    return sys.byteorder
print(f())
import gc
gc.collect()
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
