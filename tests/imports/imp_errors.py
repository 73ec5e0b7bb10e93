# Failing imports.
import sys
sys.path.insert(0, 'modules')
try:
    import no_such_module_anywhere
except ImportError as e:
    print('ImportError', isinstance(e, ImportError))
try:
    import plain.not_a_package
except ImportError:
    print('ImportError: plain is not a package')
try:
    from plain import no_such_name
except ImportError:
    print('ImportError: cannot import name')
try:
    from pkg import no_such_submodule
except ImportError:
    print('ImportError: no submodule')
for attempt in range(2):
    try:
        import raises
    except ValueError as e:
        print('attempt', attempt, 'ValueError', e.args, 'raises' in sys.modules)
try:
    import pkg.no_such_child
except ImportError:
    print('ImportError: missing child')
print('pkg' in sys.modules)
try:
    __import__('also_missing')
except ImportError:
    print('ImportError via __import__')
