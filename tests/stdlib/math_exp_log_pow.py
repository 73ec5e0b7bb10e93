# exp, log and float powers are correctly rounded (as the C libraries
# CPython and MicroPython use): the last digit of each printed value
# counts. The arguments include ones where a less careful pow/exp/log is
# one unit off in the last place.
import math

for a in [1.1, 1.5, 2.0, 2.5, 3.0, 7.0, 10.0, 0.3, 1.05, 123.456]:
    print(a, [a**b for b in [0.5, 1.5, 2.5, 0.3, 3.0, 10.0, -1.5, 1 / 3, 2.2, 0.1]])
    print(a, [math.pow(a, b) for b in [1.5, -2.5, 0.7]])
for x in [0.5, 1, 1.5, 2, 3, 5, 7, 10, 0.1, 1e-3, 123.456, 700]:
    print(x, math.exp(x), math.exp(-x), math.log(x), math.log2(x), math.sqrt(x))
print(math.exp(1), math.log(3), math.log(100, 10), math.log(8, 2), math.log2(1024), math.log10(1000))
print(2.0**100, 10.0**20, (-2.0) ** 3, (-2.0) ** 4, 9.0**1.5, 4**0.5, 2**-1, 0.5**-2)
# Ranges and special cases.
print(math.exp(-800), 10.0**-400, (-10.0) ** -401, 1.0 ** float("inf"), float("inf") ** -1)
for expr in ("10.0 ** 400", "math.exp(710)", "math.pow(10, 400)", "math.pow(-8.0, 1 / 3)", "math.log(0)", "0.0 ** -1"):
    try:
        print(expr, eval(expr))
    except (OverflowError, ValueError, ZeroDivisionError) as e:
        print(expr, type(e).__name__)
