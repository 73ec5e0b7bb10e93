l = [3, 1, 2]
l.append(5)
l.insert(0, 9)
print(l, len(l), l[1], l[-1])
l[0] = 7
print(l.pop(), l)
l.sort()
print(l, sorted([5, 3, 4], reverse=True), list(reversed(l)))
print([x * x for x in l if x > 1])
print(l + [10], [0] * 3, 3 in l, 4 in l)
t = (1, 2, 3)
print(t, t[0], len(t), t + (4,), 2 in t, t[1:])
a, b, c = t
print(a, b, c)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = (1, 2, 3)
print(init, last)
m = [[1, 2], [3, 4]]
print(m[1][0], [row[0] for row in m])
print(list(enumerate("ab")), list(zip([1, 2], "xy")), list(map(abs, [-1, -2])))
print(list(filter(None, [0, 1, 2])), any([0, 1]), all([1, 0]))
print(tuple([1, 2]), list(range(3)), list(range(10, 0, -3)))
r = range(5)
print(len(r), r[2], 3 in r, r)
del l[0]
print(l)
