# Integer arithmetic, including negative floor division and modulo.
for a in (7, -7, 0, 13, -13):
    for b in (3, -3, 1, -1, 5):
        print(a, b, a + b, a - b, a * b, a // b, a % b, divmod(a, b))
print(2 ** 10, 2 ** 0, (-2) ** 3, 10 ** -1)
print(7 & 3, 7 | 8, 7 ^ 2, ~5, -~5, 1 << 10, 1024 >> 3, -16 >> 2)
print(abs(-5), abs(5), -(-3), +4)
print(int('42'), int('-17'), int('  8 '), int('ff', 16), int('0x1f', 16), int('777', 8), int('101', 2))
print(int(3.9), int(-3.9), int(True), int(False))
print(round(7), round(2.5), round(3.5), round(-2.5), round(1234, -2))
print(hex(255), oct(8), bin(5), hex(-1), bin(0))
print(5 == 5.0, 1 < 2 < 3, 3 > 2 > 2, 1 != 2)
x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x %= 3; print(x)
x **= 3; print(x)
x <<= 2; print(x)
x >>= 1; print(x)
x |= 1; print(x)
x &= 6; print(x)
x ^= 15; print(x)
