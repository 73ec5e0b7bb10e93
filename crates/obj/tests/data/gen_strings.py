#!/usr/bin/env python3
"""Generates strings.txt: golden cases for tests/strings.rs, computed by CPython.

One case per line, tab-separated:
    M  recv  method  args-tuple  kwargs-dict  expected     recv.method(*args, **kwargs)
    B  op    a       b           expected                  binary operator
    S  obj   index   expected                              obj[index]
    F  value spec    expected                              format(value, spec)
    L  obj   expected                                      len(obj)
    I  obj   expected                                      list(obj)
    C  type  args-tuple  kwargs-dict  expected             type(*args, **kwargs)
Values are Python literals (plus slice(...) and bytearray(...)); expected is
repr(result), or '!ExcName: message' when the call raises.

Run: python3 crates/obj/tests/data/gen_strings.py > crates/obj/tests/data/strings.txt
"""

import operator

cases = []

def expect(f):
    try:
        return repr(f())
    except Exception as e:  # noqa: BLE001
        return "!%s: %s" % (type(e).__name__, e)

def M(recv, name, *args, **kw):
    cases.append(("M", repr(recv), name, repr(tuple(args)), repr(kw),
                  expect(lambda: getattr(recv, name)(*args, **kw))))

OPS = {"add": operator.add, "mul": operator.mul, "mod": operator.mod,
       "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
       "eq": operator.eq, "ne": operator.ne, "in": lambda a, b: a in b, "iadd": operator.iadd}

def B(op, a, b):
    cases.append(("B", op, repr(a), repr(b), expect(lambda: OPS[op](a, b))))

def S(obj, index):
    cases.append(("S", repr(obj), repr(index), expect(lambda: obj[index])))

def F(value, spec):
    cases.append(("F", repr(value), repr(spec), expect(lambda: format(value, spec))))

def L(obj):
    cases.append(("L", repr(obj), expect(lambda: len(obj))))

def I(obj):
    cases.append(("I", repr(obj), expect(lambda: list(obj))))

def C(ty, *args, **kw):
    cases.append(("C", ty.__name__, repr(tuple(args)), repr(kw), expect(lambda: ty(*args, **kw))))

U = 'héllo wörld'
texts = ['', 'a', 'hello world', '  padded  ', 'a,b,,c', U, 'ab€cd😀e', 'MiXeD CaSe 123']

# --- search methods
for s in texts:
    for sub in ['', 'l', 'o', 'lo', 'ö', 'zz', 'a']:
        for m in ['find', 'rfind', 'count', 'index', 'rindex']:
            M(s, m, sub)
    L(s)
    I(s)
for m in ['find', 'rfind', 'count', 'index', 'rindex']:
    for se in [(1,), (2, 8), (-5,), (-5, -1), (3, 2), (20,), (None, 4), (0, 100)]:
        M(U, m, 'l', *se)
        M(U, m, '', *se)
        M('hello world', m, 'o', *se)
for m in ['startswith', 'endswith']:
    for a in [('he',), ('ld',), (('x', 'hé'),), ('',), ('ö', 7), ('l', 2, 4), ('', 12), ('', 11), ('wör', -5, -2)]:
        M(U, m, *a)
    M('abc', m, 1)
    M(b'abc', m, 'a')
    M(b'abc', m, b'ab')
    M(b'abc', m, (b'x', b'bc'))
M('abc', 'find', 1)
M(b'abc', 'find', 'a')
M(b'abc', 'find', 98)
M(b'abc', 'find', 300)
M(b'abc', 'index', b'z')
M('abc', 'index', 'z')

# --- character classes and case
for s in ['', 'abc', 'ABC', 'Abc', 'abc1', '123', ' \t\n', 'a b', 'Hello World', 'hello World',
          'HELLO world', 'ab_c', '\x1c', 'Title Case Text', "they're bill's", '1a2b']:
    for m in ['isalpha', 'isdigit', 'islower', 'isupper', 'isspace', 'isalnum', 'istitle', 'isascii',
              'lower', 'upper', 'swapcase', 'title', 'capitalize', 'casefold']:
        M(s, m)
for m in ['isspace', 'isascii']:
    M('\xa0\u2003', m)
    M(U, m)
M(U, 'title')
for b in [b'', b'abc', b'ABC def', b'a1', b'  ']:
    for m in ['lower', 'upper', 'isalpha', 'isdigit', 'isspace', 'isalnum', 'islower', 'isupper']:
        M(b, m)

# --- strip, split, partition, join
for s in ['  hi  ', '\t\n x y \r\n', 'xxhixx', '', '   ', U, '\xa0 é \u3000', 'aaa']:
    for m in ['strip', 'lstrip', 'rstrip']:
        M(s, m)
        M(s, m, 'x')
        M(s, m, ' xé')
        M(s, m, None)
M('abc', 'strip', 1)
for b in [b'  hi  ', b'xxhixx', b'']:
    for m in ['strip', 'lstrip', 'rstrip']:
        M(b, m)
        M(b, m, b'x')
for s in ['a b  c', '  a b  c  ', 'a,b,,c', '', '   ', 'one', U, 'x\u3000y\xa0z', 'a\tb\nc\x1cd']:
    for m in ['split', 'rsplit']:
        M(s, m)
        M(s, m, None, 1)
        M(s, m, ',')
        M(s, m, ',', 1)
        M(s, m, 'ö')
        M(s, m, ' ')
        M(s, m, maxsplit=2)
        M(s, m, sep=' ', maxsplit=0)
M('abc', 'split', '')
M('abc', 'split', 1)
M(b'a b  c', 'split')
M(b'a,b,,c', 'split', b',')
M(b'a,b,,c', 'rsplit', b',', 1)
M(b'abc', 'split', 'a')
for s in ['a\nb\r\nc\rd', 'line\n', '\n\n', '', 'no breaks', 'a\x0bb\x0cc\x1cd\x85e\u2028f']:
    M(s, 'splitlines')
    M(s, 'splitlines', True)
    M(s, 'splitlines', keepends=True)
M(b'a\nb\r\nc\x0bd', 'splitlines')
for s in ['a=b=c', 'abc', '', U]:
    for m in ['partition', 'rpartition']:
        M(s, m, '=')
        M(s, m, 'ö')
        M(s, m, 'l')
M('abc', 'partition', '')
M('abc', 'partition', 1)
M(b'k=v', 'partition', b'=')
for sep in ['', ', ', 'é']:
    M(sep, 'join', ['a', 'b', 'c'])
    M(sep, 'join', ('x',))
    M(sep, 'join', [])
    M(sep, 'join', 'abc')
M('', 'join', ['a', 1])
M(', ', 'join', ['a', 'b', 3])
M(b'-', 'join', [b'a', b'b'])
M(b'', 'join', ['a'])

# --- replace, affixes, padding
for s in ['hello', 'aaaa', '', U, 'abc']:
    for a in [('l', 'L'), ('l', 'L', 1), ('', '-'), ('', '-', 2), ('aa', 'b'), ('ö', 'oe'), ('zz', 'y'), ('l', '', -1), ('a', 'b', 0)]:
        M(s, 'replace', *a)
M('a', 'replace', 1, 'b')
M(b'hello', 'replace', b'l', b'L')
M(b'hello', 'replace', b'', b'-')
for s in ['abc', U, '']:
    for w in [-1, 0, 2, 3, 7, 8, 12, 15]:
        for m in ['center', 'ljust', 'rjust']:
            M(s, m, w)
            M(s, m, w, '*')
            M(s, m, w, 'é')
M('ab', 'center', 5, '*')
M('a', 'ljust', 3, 'ab')
M('a', 'ljust', 3, 1)
M(b'a', 'ljust', 3, 'a')
M(b'ab', 'center', 6, b'-')
for s in ['42', '-42', '+7', '', 'abc', '-', 'é']:
    for w in [0, 1, 3, 5]:
        M(s, 'zfill', w)
M('a', 'zfill', 'a')
for s in ['prefix-body-suffix', U, '']:
    for a in ['prefix', 'suffix', 'héllo', 'wörld', '', 'x']:
        M(s, 'removeprefix', a)
        M(s, 'removesuffix', a)
M('a', 'removeprefix', 1)
for s in ['a\tb', '\t', 'ab\tcd\tef', 'x\n\ty', 'é\tx', '']:
    M(s, 'expandtabs')
    M(s, 'expandtabs', 4)
    M(s, 'expandtabs', 0)
    M(s, 'expandtabs', tabsize=3)

# --- encode / decode / hex
for s in ['abc', U, '€😀']:
    for a in [(), ('utf-8',), ('UTF8',), ('ascii',), ('ascii', 'ignore'), ('ascii', 'replace'), ('latin-1',), ('latin-1', 'replace'), ('foo',)]:
        M(s, 'encode', *a)
for b in [b'abc', 'héllo'.encode(), b'\xff', b'a\xe4\x41', b'\xe4\xbd', b'\xc3']:
    for a in [(), ('ascii',), ('latin-1',), ('utf-8', 'replace'), ('utf-8', 'ignore')]:
        M(b, 'decode', *a)
for b in [b'', b'\x00\xff\x10', b'abcdef', b'abcde']:
    M(b, 'hex')
    M(b, 'hex', '-')
    M(b, 'hex', ':', 2)
    M(b, 'hex', ':', -2)

# --- binary operators
for a, b in [('ab', 'cd'), ('', 'x'), ('é', 'ü'), ('a', 'b'), ('b', 'a'), ('abc', 'abd'), ('ab', 'abc'), ('é', 'z'), ('', '')]:
    for op in ['add', 'lt', 'le', 'gt', 'ge', 'eq', 'ne', 'in']:
        B(op, a, b)
for a, n in [('ab', 3), ('é', 2), ('x', 0), ('x', -1), ('ab', True)]:
    B('mul', a, n)
    B('mul', n, a)
B('add', 'a', 1)
B('add', 'a', b'b')
B('mul', 'a', 'b')
B('mul', 'a', 1.5)
B('in', 1, 'abc')
for a, b in [(b'ab', b'cd'), (b'a', b'b'), (b'', b'')]:
    for op in ['add', 'lt', 'le', 'gt', 'ge', 'eq', 'in']:
        B(op, a, b)
B('mul', b'ab', 3)
B('in', 98, b'abc')
B('in', 300, b'abc')
B('in', b'bc', b'abc')
B('in', 'b', b'abc')
B('add', b'a', 'b')

# --- %-formatting
pf = [
    ('%d %s %r %x %5.2f %-5s %%', (42, 'hi', 'hi', 255, 3.14159, 'ab')),
    ('%s', 'single'), ('%s', (1,)), ('%r', ('é',)), ('%a', ('é€',)),
    ('%5d|%-5d|%05d|%+d|% d', (42, 42, 42, 42, 42)),
    ('%x %X %o %#x %#o %#X', (255, 255, 8, 255, 8, 255)),
    ('%e %E %g %G %.3f %10.4f %-10.1f|', (12345.678, 0.000123, 1e20, 1e-5, 2.0/3, 3.14159, 2.5)),
    ('%.2s|%5.1s|%-6s|', ('abcdef', 'xyz', 'é')),
    ('%c%c%c', (65, 'é', 0x20ac)), ('%c', 0x110000), ('%c', 'ab'),
    ('%(name)s is %(age)d', {'name': 'Bob', 'age': 7}), ('%(a)s', 1), ('%s', {'a': 1}),
    ('%*d|%-*d|%.*f', (5, 42, 4, 7, 2, 3.14159)), ('%*d', ('a', 1)),
    ('%d', 3.99), ('%d', -3.99), ('%d', True), ('%d', 'a'), ('%x', 1.5), ('%f', 'a'), ('%f', 3),
    ('%s %s', (1,)), ('%s', (1, 2)), ('abc', 5), ('abc', {}), ('abc', ()),
    ('%', ()), ('%(a', {}), ('%z', 1), ('é%y', 1), ('%ld', 5), ('%s and %s', ([1, 2], (3,))),
    ('%i|%u', (-7, 7)), ('%.3d', 5), ('%10.3e', 1234.5), ('%s', None), ('%s', 1.5), ('%r', 1e100),
]
for f, a in pf:
    B('mod', f, a)
for f, a in [(b'%s|%5s|%-5s', (b'x', b'ab', b'cd')), (b'%d %x', (10, 255)), (b'%s', 'a'),
             (b'%c%c', (65, b'z')), (b'%c', 300), (b'%r', 'é'), (b'%.2s', b'xyz')]:
    B('mod', f, a)

# --- format specs
for v in ['abc', 'é', '']:
    for spec in ['', '10', '<10', '>10', '^10', '*^9', '.2', '10.2', 'é>6', 's', 'd', '+', '=5', '#']:
        F(v, spec)
for v in [0, 42, -42, 255, 1234567, True, False]:
    for spec in ['', 'd', '5', '<5', '^7', '+d', ' d', '05', 'x', '#x', 'X', '#X', 'o', '#o', 'b', '#b',
                 ',', '_', '_x', '010,', 'c', 'e', 'f', '.2f', '%', 'g', '=+8', '*>6', 's', '.2']:
        F(v, spec)
for v in [0.0, -0.0, 3.14159, -2.5, 1e20, 1.5e-7, 1234567.891, float('inf'), float('nan'), 100.0]:
    for spec in ['', 'f', '.2f', '10.3f', '<10', 'e', '.3e', 'E', 'g', '.3g', 'G', '%', '.1%', '+', ',', ',.2f',
                 '_.1f', '08.2f', 'z.1f', 'n', 'x', 'd', '#.0f', '^12.2e']:
        F(v, spec)
F(None, '')
F(2**100, '')
F(2**100, ',')
F(-2**70, 'x')
B('mod', '%d|%x|%-30o|%+d', (2**70, 2**70, 2**70, -2**65))
S('abcdef', slice(-2**80, 2**80, 2))
S('abcdef', slice(2**80, None, -2))
F(None, '>5')
F([1], '')
F([1], 'x')

# --- str.format
sf = [
    ('{} {}', (1, 2), {}), ('{0} {1} {0}', ('a', 'b'), {}), ('{name}!', (), {'name': 'x'}),
    ('{0[1]} {0[0]}', ([7, 8],), {}), ('{d[k]} {d[j]}', (), {'d': {'k': 1, 'j': 2}}),
    ('{!r} {!s} {!a}', ('é', 'é', 'é'), {}), ('{:>6}|{:<6}|{:^6}', ('a', 'b', 'c'), {}),
    ('{:{}}', ('a', 5), {}), ('{:{}.{}f}', (3.14159, 10, 2), {}), ('{0:{1}}', ('x', '>4'), {}),
    ('{{}} {{{}}}', (7,), {}), ('{:x} {:08.3f} {:,}', (255, 3.14159, 1234567), {}),
    ('{0!r:>10}', ('ab',), {}), ('{:d}', ('a',), {}), ('{:s}', (1,), {}), ('{a}', (), {}),
    ('{2}', (1,), {}), ('{}{0}', (1,), {}), ('{0}{}', (1,), {}), ('{', (), {}), ('}', (), {}),
    ('{0[}', ([1],), {}), ('{0.}', (1,), {}), ('{0[0]x}', ([1],), {}), ('{:{:{}}}', (1, 2, 3), {}),
    ('{!x}', (1,), {}), ('{0!rx}', (1,), {}), ('{x', (), {}), ('plain', (), {}), ('', (), {}),
    ('{0[a]}', ({'a': 'A'},), {}), ('{:*^11}', ('héllo',), {}), ('{0} {0:5} {0!r:5}', ('é',), {}),
    ('{:.3}', ('abcdef',), {}), ('{:+.2e}', (12345.678,), {}), ('{:>5}', (True,), {}), ('{}', (None,), {}),
]
for f, a, kw in sf:
    cases.append(("M", repr(f), 'format', repr(a), repr(kw), expect(lambda: f.format(*a, **kw))))

# --- subscripts and slicing
for s in ['hello', U, 'ab€cd😀e', '', b'bytes!']:
    n = len(s)
    for i in [0, 1, -1, -2, n - 1, n, -n - 1]:
        S(s, i)
    for sl in [slice(None), slice(1, 3), slice(None, None, -1), slice(-3, None), slice(None, -2),
               slice(None, None, 2), slice(1, None, 3), slice(-1, -6, -2), slice(10, 0, -3),
               slice(100, -100, -1), slice(3, 1), slice(None, None, -4), slice(2, 9, 4)]:
        S(s, sl)
S('abc', 1.5)
S(b'abc', 'x')
S('abc', slice(None, None, 0))
S('abc', slice('a', None))

# --- construction
C(str)
C(str, 42)
C(str, 1.5)
C(str, b'ab')
C(str, [1, 'a'])
C(str, 'héllo'.encode(), 'utf-8')
C(str, b'\xff', 'utf-8')
C(str, b'\xff', 'utf-8', 'replace')
C(str, b'abc', encoding='ascii')
C(str, 'x', 'utf-8')
C(bytes)
C(bytes, 3)
C(bytes, -1)
C(bytes, [1, 2, 255])
C(bytes, [256])
C(bytes, ['a'])
C(bytes, 'é', 'utf-8')
C(bytes, 'abc')
C(bytes, b'xyz')
C(bytes, 1.5)
C(bytes, range(3)) if False else None
C(bytearray)
C(bytearray, 4)
C(bytearray, b'ab')
C(bytearray, [1, 2])
C(bytearray, 'hé', 'utf-8')
C(bytearray, 'x')
cases.append(("M", "bytes", "fromhex", repr(('01 ff  a0',)), '{}', repr(bytes.fromhex('01 ff  a0'))))
cases.append(("M", "bytes", "fromhex", repr(('0g',)), '{}', expect(lambda: bytes.fromhex('0g'))))
cases.append(("M", "bytes", "fromhex", repr(('abc',)), '{}', expect(lambda: bytes.fromhex('abc'))))

# --- bytes reprs
for b in [b'', b"it's", b'"q"', b'\'"', b'\x00\x01\x7f\x80\xff', b'\t\n\r\\', 'héllo'.encode()]:
    I(b)
    L(b)
    cases.append(("R", repr(b), repr(repr(b))))
for s in ['\x85\xa0\xad', '\u2028\u200b\ufeff\u3000', 'é😀', "'", '"', '\'"', '\x7f\x1b']:
    cases.append(("R", repr(s), repr(repr(s))))

for c in cases:
    print("\t".join(c))
