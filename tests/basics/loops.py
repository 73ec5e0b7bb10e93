for i in range(5):
    if i == 3:
        break
    print(i)
else:
    print("not reached")
for i in range(3):
    pass
else:
    print("else runs", i)
n = 0
while n < 10:
    n += 1
    if n % 2:
        continue
    if n > 7:
        break
print(n)
while False:
    pass
else:
    print("while else")
total = 0
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        total += i * j
print(total)
for x in [1, 2, 3]:
    for y in (4, 5):
        if y == 5:
            continue
        print(x, y)
i = 0
for i in range(10, 0, -2):
    pass
print(i)
