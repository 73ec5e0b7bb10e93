# Arbitrary-precision integers.
a = 2 ** 100
print(a, a + 1, a - 1, a * a)
print(a // 3, a % 3, -a // 7, -a % 7)
print(a >> 50, a << 3, a & (2 ** 64 - 1), a | 1, a ^ a)
f = 1
for i in range(1, 31):
    f *= i
print(f)
print(str(f)[:10], len(str(f)))
print(int('123456789012345678901234567890') * 3)
print(10 ** 20 == 100000000000000000000, 10 ** 20 > 10 ** 19)
print(hex(2 ** 70), -(2 ** 70))
print(divmod(10 ** 25, 10 ** 12))
print(pow(3, 100, 1000), pow(2, 200) % 1000003)
print(abs(-(10 ** 30)), (10 ** 30) // -7)
big = 1 << 62
print(big, big * 2, big - (1 << 61))
x = 1 << 49
print(x * 4, (x * 4) // 4 == x)
