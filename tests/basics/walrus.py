# Assignment expressions.
data = [1, 5, 2, 8]
if (n := len(data)) > 3:
    print('long', n)
print([y for x in data if (y := x * 2) > 4])
i = 0
while (i := i + 1) < 4:
    print('i', i)
print(i)
def f():
    if (v := 10) > 5:
        return v
print(f())
