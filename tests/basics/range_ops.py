# range objects.
r = range(2, 20, 3)
print(r, list(r), len(r), r[0], r[-1], r[1:3], 5 in r, 6 in r)
print(list(range(-5)), list(range(5, -5, -2)), range(3) == range(3))
print(r.start, r.stop, r.step)
print(list(range(10))[::-3], list(reversed(range(3))))
print(sum(range(1000)), max(range(7)))
total = 0
for i in range(10, 0, -1):
    total += i
print(total)
try:
    range(1, 2, 0)
except ValueError:
    print('ValueError')
print(range(0, 10, 2).index(4), range(5).count(3))
