# Floats: arithmetic, conversions, repr of simple values.
print(1.5 + 2.25, 3.0 * 2, 7 / 2, 7.0 // 2, 7.5 % 2, -7.5 // 2)
print(float('1.5'), float('-0.25'), float(3), float('1e3'))
print(1e10, 1.0, 0.5, 100.0, 2.0 ** 0.5 > 1.41)
print(int(2.999), round(2.675, 2) in (2.67, 2.68), round(0.5), round(1.5))
print(abs(-2.5), 3.0 == 3, 0.1 + 0.2 > 0.3)
print(float('inf') > 1e308, -float('inf') < 0, float('nan') != float('nan'))
print(divmod(7.5, 2))
print(min(1.5, 2), max(-1.0, -2))
print(1 / 4, 3 / 8, 10 / 5)
print(2 ** -1, 4 ** 0.5)
print(str(1.25), repr(0.125))
try:
    1.0 / 0
except ZeroDivisionError:
    print('ZeroDivisionError')
