# cmath: MicroPython's functions, compared in rounded form (the last digit
# of a libm result may differ between C libraries, and the boards compute
# in single precision).
import cmath


def r(z):
    z = complex(z)
    return complex(round(z.real, 4) + 0.0, round(z.imag, 4) + 0.0)


print(round(cmath.e, 5), round(cmath.pi, 5))
for z in [1 + 2j, 2, -1.5, 0.5j, -3 - 4j, 1e-3 + 20j]:
    print(z, round(cmath.phase(z), 4), [round(p, 4) for p in cmath.polar(z)])
    print(' ', r(cmath.exp(z / 100)), r(cmath.log(z)), r(cmath.log10(z)))
    print(' ', r(cmath.sqrt(z)), r(cmath.cos(z / 10)), r(cmath.sin(z / 10)))
print(cmath.sqrt(-1), cmath.sqrt(4), cmath.sqrt(0), r(cmath.sqrt(-4j)), cmath.exp(0))
print(cmath.phase(-1) == cmath.pi, cmath.phase(-1 - 0j) == cmath.pi, cmath.phase(0j))
print(cmath.polar(0), cmath.polar(-2) == (2, cmath.pi))
print(r(cmath.rect(2, 0.5)), cmath.rect(1, 0), cmath.rect(3, 0), r(cmath.rect(1, cmath.pi / 2)))
print(r(cmath.exp(1j * cmath.pi)), r(cmath.log(-1)), r(cmath.exp(cmath.log(3 + 4j))))
for src in ['cmath.sqrt("x")', 'cmath.exp(None)', 'cmath.rect(1j, 1)', 'cmath.rect(1)',
            'cmath.phase()']:
    try:
        eval(src)
        print(src, 'no error')
    except TypeError:
        print(src, 'TypeError')
