# for/while with else, break and continue.
for i in range(5):
    if i == 7:
        break
else:
    print('for completed')
for i in range(5):
    if i == 2:
        break
else:
    print('not printed')
print('broke at', i)
n = 0
while n < 3:
    n += 1
else:
    print('while completed', n)
while True:
    n -= 1
    if n == 0:
        break
print(n)
total = 0
for i in range(10):
    if i % 2:
        continue
    total += i
print(total)
for i in range(3):
    for j in range(3):
        if j == 1:
            break
        print(i, j)
for x in []:
    print('never')
else:
    print('empty else')
i = 0
while i < 10:
    i += 1
    if i < 8:
        continue
    print('i', i)
