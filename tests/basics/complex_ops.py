# complex: literals, the constructor, arithmetic with ints and floats on
# either side, comparisons, hashing, attributes and the errors, in the
# forms CPython and MicroPython print alike. Single-precision boards print
# the same (complex_double.py has what needs double precision).
a = 1 + 2j
b = 3 - 4j
print(1j, 2.5J, 1e3j, 1_0j, .5j, 5.j, 1e-7j, 0j, 1e400j)
print(a, b, 1.5 - 2.25j, 1e16j, 1e-3 - 1e30j)
print(type(a), type(a) is complex, isinstance(a, complex), isinstance(2, complex))

# Arithmetic, both operand orders.
print(a + b, a - b, a * b, a / b, -a, +a, abs(b), abs(1j))
print(a + 1, 1 + a, a - 1, 1 - a, a * 2, 2 * a, a / 2, 2 / a)
print(a + 1.5, 1.5 - a, 0.5 * a, a / 0.5, True + a, a * False)
print(a ** 2, a ** 0, a ** -1, (1 + 1j) ** 3, 2j ** 2, 1j ** 4, 0j ** 0, 0j ** 2)
print(pow(a, 2), (1e20 + 1e20j) / (1e20 + 1e20j), (1 + 2j) / (3 + 4j))
print((-8) ** (1 / 3) == (-8) ** (1 / 3), round(((-4.0) ** 0.5).imag, 12))
x = 1j
x += 1
x *= 2
x /= 1j
x **= 2
x -= 3
print(x)
print(sum([1j, 2, 3.5]), [1j, 2j][1])

# Parts and conversions.
print(a.real, a.imag, a.conjugate(), (2.5j).real, (1j).imag)
print(complex(), complex(1), complex(1.5, 2), complex(True, False), complex(2, 0.5))
print(complex(1j), complex(1j, 1j), complex(1 + 2j, 3), complex(1, 2 + 3j))
print(complex(real=1, imag=2), complex(imag=3), complex(real=4))
print(complex('1+2j'), complex(' 3 '), complex('2j'), complex('j'), complex('-j'))
print(complex('1-j'), complex('1e3+1e-3j'), complex('1.5J'), complex('1_0j'))
print(complex('(1+2j)'), complex('nan+infj'), complex('infj'), complex('inf'))
print(bool(0j), bool(1j), bool(1 + 0j), bool(0.0 + 0j))
print(str(a), repr(a), '%s %r' % (a, b), '{}'.format(1j))

# Equality with ints, floats and complex; hashes that agree.
print(a == 1 + 2j, a != 1 + 2j, 1 + 0j == 1, 1 == 1 + 0j, 1.5 + 0j == 1.5, 1j == 1)
print(a == 'x', a == None, a in [1, 1 + 2j], 2 ** 70 + 0j == 2 ** 70)
print(hash(1 + 0j) == hash(1), hash(0j) == hash(0), hash(2.5 + 0j) == hash(2.5))
print(hash(a) == hash(1 + 2j))
d = {1j: 'a', 1: 'b'}
d[1 + 0j] = 'c'
print(sorted(d.values()), d[1j], d[1])

# Errors (type names only: the messages differ between the two).
for src in ['a / 0', 'a / 0j', '1 / 0j', '1.5 / 0j', 'a // 2', 'a % 2',
            'divmod(a, 2)', 'a < b', 'a >= 1', '1 > a', 'int(a)', 'float(a)',
            '0j ** -1', '0j ** 1j', 'a & 1', '~a', 'a << 1', 'round(a)',
            "complex('1 + 2j')", "complex('')", "complex('1+2')", "complex('j1')",
            "complex('1+2jj')", "complex('0x10j')", "complex('abc')",
            "complex('1', 2)", "complex(1, '2')", 'complex(None)', 'complex([])',
            'complex(1, 2, 3)', 'complex(x=1)', 'a.real = 2']:
    try:
        exec(src)
        print(src, 'no error')
    except Exception as e:
        print(src, type(e).__name__)
