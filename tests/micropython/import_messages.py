# MicroPython's wording of import errors and its module aliases.
try:
    import no_such_module_xyz
except ImportError as e:
    print(e)
try:
    from sys import no_such_name
except ImportError as e:
    print(e)
import usys, sys, ugc, gc
print(usys is sys, ugc is gc)
print(sys.implementation.name)
print(type(sys.path), sys.path[0] == '' or type(sys.path[0]) is str)
