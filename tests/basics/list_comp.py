# Comprehensions.
print([x * x for x in range(6)])
print([x for x in range(10) if x % 3 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[y for y in range(x)] for x in range(4)])
print({x: x * x for x in range(4)})
print(sorted({x % 3 for x in range(10)}))
print(list(x + 1 for x in range(3)))
print(sum(x for x in range(101)))
n = 10
print([n * i for i in range(3)])
def f(k):
    return [k + i for i in range(3)]
print(f(100))
print([c.upper() for c in 'abc' if c != 'b'])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
