# int() and float() parse any bytes-like object as they parse bytes (found
# by exec_fuzz: bytearray and memoryview gave TypeError).
for v in [b'7', bytearray(b' 7 '), bytearray(b'1e3'), memoryview(b'-12'), bytearray(b'x'), bytearray()]:
    for f in (int, float):
        try:
            print(repr(f(v)))
        except ValueError:
            print(f.__name__, 'ValueError')
print(int(bytearray(b'ff'), 16), int(bytearray(b'0x1f'), 0))
try:
    int(bytearray(b'12'), 2)
except ValueError:
    print('ValueError')
