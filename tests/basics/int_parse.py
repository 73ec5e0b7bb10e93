# int() parsing and formatting round trips.
for s in ('0', '-0', '+7', '  12  ', '1_000', '007'):
    print(repr(s), int(s))
for base, s in ((2, '1010'), (8, '17'), (16, 'deadBEEF'), (36, 'zz'), (0, '0x10'), (0, '0b11'), (0, '10')):
    print(base, s, int(s, base))
for bad in ('', ' ', '1.5', 'abc', '0x', '--1'):
    try:
        int(bad)
        print('parsed', repr(bad))
    except ValueError:
        print('ValueError', repr(bad))
for n in (0, 1, -1, 255, -255, 2 ** 40):
    print(n, str(n), hex(n), oct(n), bin(n), int(str(n)) == n, int(hex(n), 16) == n)
print(int('9' * 30) + 1)
