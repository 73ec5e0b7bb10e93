a = 7
b = 3
print(a + b, a - b, a * b, a // b, a % b, a / b)
print(-a // b, -a % b, a // -b, a % -b)
print(a ** 2, 2 ** 10, a << 3, a >> 1, a & b, a | b, a ^ b, ~a, -a, +a)
print(a < b, a <= b, a > b, a >= b, a == b, a != b)
x = 0
for i in range(100):
    x += i * i
print(x)
print(1.5 + 2, 3 * 0.5, 10 / 4, 1.0 == 1, 2.5 < 3)
print(abs(-5), abs(-2.5), divmod(17, 5), pow(2, 8), round(2.675, 2), round(7.5))
print(hex(255), int("42") + 1, float("1.25"), bool(0), bool(3))
big = 2 ** 40
print(big, big * big > big)
print(max(3, 9, 2), min(3, 9, 2), sum([1, 2, 3]), sum(range(10), 5))
