# list methods.
l = [3, 1, 2]
l.append(4); print(l)
l.extend([5, 6]); print(l)
l.insert(0, 0); print(l)
l.insert(100, 7); print(l)
l.insert(-1, 'x'); print(l)
print(l.pop(), l.pop(0), l)
l.remove('x'); print(l)
print(l.index(2), l.count(1), len(l))
l.reverse(); print(l)
l.sort(); print(l)
l.sort(reverse=True); print(l)
l.sort(key=lambda v: -v); print(l)
c = l.copy(); c.append(99); print(l, c)
l.clear(); print(l)
print([1, 2] + [3], [0] * 3, [[]] * 2, 2 * [1])
m = [1, 2, 3]
m[1] = 20; print(m)
del m[0]; print(m)
m += [4]; print(m)
print(list(range(3)), list('ab'), list((1, 2)))
try:
    [].pop()
except IndexError:
    print('IndexError')
try:
    [1].remove(2)
except ValueError:
    print('ValueError')
print(sorted([3, 1, 2]), sorted(['b', 'a']), sorted([3, 1, 2], reverse=True))
