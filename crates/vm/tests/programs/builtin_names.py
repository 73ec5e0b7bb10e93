# Every built-in name resolves (through LOAD_NAME/LOAD_GLOBAL's lookup of
# the built-ins) to the object it names.
functions = [
    print, len, isinstance, issubclass, repr, ascii, format, abs, sum, any,
    all, enumerate, zip, map, filter, iter, next, sorted, reversed, hasattr,
    getattr, setattr, callable, id, hash, ord, chr, divmod, pow, round, hex,
    globals, __build_class__, min, max, delattr, oct, bin, exec, eval,
    compile, locals, __import__, dir, input, open, vars, super,
]
types = [
    range, type, str, int, float, bool, list, tuple, dict, set, frozenset,
    bytes, bytearray, object, property, staticmethod, classmethod, slice,
]
exceptions = [
    BaseException, SystemExit, KeyboardInterrupt, GeneratorExit, Exception,
    StopIteration, StopAsyncIteration, ArithmeticError, OverflowError,
    ZeroDivisionError, AssertionError, AttributeError, EOFError,
    ImportError, LookupError, IndexError, KeyError, MemoryError, NameError,
    OSError, RuntimeError, NotImplementedError, RecursionError, SyntaxError,
    IndentationError, TypeError, ValueError, UnicodeError,
    UnicodeDecodeError, UnicodeEncodeError, UnboundLocalError,
]
print(len(functions), all(callable(f) for f in functions))
print(len(types), all(type(t) is type for t in types))
print(len(exceptions), all(issubclass(e, BaseException) for e in exceptions))
print(type(type) is type, type(1) is int, type(range(2)) is range, type("") is str)
print(type(len) is type(abs), min(3, 1, 2), max(3, 1, 2), oct(8), bin(5))
print(Ellipsis is ..., NotImplemented is not None, __name__)


def inside():
    # The same names from a function (LOAD_GLOBAL).
    return type(type) is type, len([1, 2]), isinstance(KeyError(), LookupError)


print(inside())
