# Comparisons between ints and floats are exact, also for ints a 32-bit
# float cannot hold (2**24 + 1); int / int is one correctly rounded result.
ints = (0, 1, -1, 7, 2**24, 2**24 + 1, -(2**24) - 1, 2**29 + 1)
floats = (0.0, 1.5, -1.0, 7.0, 16777216.0, -2.5e7, 1e9)
for n in ints:
    row = []
    for x in floats:
        row.append((n < x, n > x, n == x, n <= x, x < n, x >= n, x == n, x != n))
    print(n, sum(sum(r) for r in row), row[4])
for a, b in ((3, 4), (-9, 8), (2**20 - 1, 1), (10**9, 2**9), (2**25, 32), (-(2**25) - 32, 32)):
    print(a / b, b / a < 1)
