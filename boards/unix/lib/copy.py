"""copy: shallow and deep copies (the host port freezes this module)."""


class Error(Exception):
    pass


error = Error

# Values that are never copied: immutable, or shared by design.
_ATOMIC = (type(None), bool, int, float, str, bytes, range, type, type(len), type(lambda: 0))


def _new_instance(x):
    """An instance of `x`'s class with `x`'s attributes, not initialised."""
    cls = type(x)
    try:
        attrs = x.__dict__
    except AttributeError:
        raise Error("un(shallow)copyable object of type %s" % cls)
    y = object.__new__(cls)
    for k, v in attrs.items():
        setattr(y, k, v)
    return y


def copy(x):
    """A shallow copy of `x`."""
    cls = type(x)
    if isinstance(x, _ATOMIC) or cls in (tuple, frozenset):
        return x
    if cls in (list, dict, set, bytearray):
        return cls(x)
    if hasattr(x, "__copy__"):
        return x.__copy__()
    return _new_instance(x)


def deepcopy(x, memo=None):
    """A copy of `x` and, recursively, of what it holds (shared parts and
    cycles stay shared and cyclic)."""
    if memo is None:
        memo = {}
    key = id(x)
    if key in memo:
        return memo[key]
    cls = type(x)
    if isinstance(x, _ATOMIC):
        return x
    if cls is list:
        y = []
        memo[key] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is dict:
        y = {}
        memo[key] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is tuple:
        items = [deepcopy(item, memo) for item in x]
        # A tuple of unchanged items is itself (as CPython keeps it).
        if all(a is b for a, b in zip(items, x)):
            y = x
        else:
            y = tuple(items)
    elif cls in (set, frozenset):
        y = cls(deepcopy(item, memo) for item in x)
    elif cls is bytearray:
        y = bytearray(x)
    elif hasattr(x, "__deepcopy__"):
        y = x.__deepcopy__(memo)
    else:
        y = _new_instance(x)
        memo[key] = y
        for k, v in x.__dict__.items():
            setattr(y, k, deepcopy(v, memo))
    memo[key] = y
    # Keep `x` alive while the memo refers to its id.
    memo.setdefault(id(memo), []).append(x)
    return y
