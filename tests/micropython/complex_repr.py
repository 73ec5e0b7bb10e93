# complex repr where MicroPython differs from CPython: a zero real part of
# either sign prints the imaginary part alone (CPython: `(-0-1j)`).
print(-1j, -(1j), -0j, -2.5j, -(3j) * 1)
z = -(1 + 2j) + 1
print(z, z.real, z.imag, repr(z), str(z))
print([-1j, 1j], (-(1e16j),), {'k': -(0.5j)})
print(-1j == complex(0, -1), -(1j).imag)
