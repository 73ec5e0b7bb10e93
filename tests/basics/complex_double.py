# complex values that need double precision to print as CPython does
# (the boards' parts are single precision).
a = 1 + 2j
print(123456789012345678901234567890j, 1e-300 + 1e300j, 0.1 + 0.2j + 0.2)
print(a ** 0.5, 2 ** a, 1j ** 1j, (-8) ** (1 / 3))
print((1e200 + 1e200j) / (1e200 + 1e200j), (1e-200 + 1j) * (1e200 - 1j))
print(abs(3e200 + 4e200j), a / 3, 1 / (1 + 1e-10j))
print(complex('0.1+0.2j') == 0.1 + 0.2j, complex(2 ** 60, 2 ** 53 + 1))
