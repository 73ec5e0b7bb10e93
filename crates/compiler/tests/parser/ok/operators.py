x = a + b - c
x = a * b / c // d % e @ f
x = a ** b ** c
x = -a ** 2
x = (-a) ** 2
x = 2 ** -1
x = ~a + -b - +c
x = a << 1 >> 2
x = a & b | c ^ d
x = a | b & c
x = not a
x = not not a
x = a and b and c
x = a or b or c
x = a and b or c and d
x = a or b and c or d
x = not a == b
x = a < b
x = a < b < c < d
x = a is b is not c
x = a in b not in c
x = a != b == c
x = (a < b) < c
x = a if b else c
x = (a if b else c) if d else e
x = a if (b if c else d) else e
x = lambda: a if b else c
x = [a, b][0]
x = await_
x = a.b + c.d * e[f]
x = 1 + (2 + (3 + (4 + 5)))
x = ((((((((((a))))))))))
x = a + b if c else d - e
x = a or (b := c)
