from collections import deque

d = deque()
print(d, len(d), bool(d))
d.append(1)
d.append(2)
d.appendleft(0)
print(d, len(d), bool(d), list(d))
print(d.pop(), d.popleft(), d)
d.extend([3, 4, 5])
d.extendleft([-1, -2])
print(d, d[0], d[-1], 3 in d, 9 in d)
d.rotate(2)
print(d)
d.rotate(-3)
print(d)
d[1] = 99
print(d, d.count(99))
d.clear()
print(d, len(d))

b = deque([1, 2, 3], 3)
print(b, b.maxlen)
b.append(4)
print(b)
b.appendleft(0)
print(b)
b.extend(range(10))
print(b, list(b))

q = deque((), 5)
for i in range(20):
    q.append(i)
    if len(q) > 3:
        q.popleft()
print(q)

big = deque()
for i in range(1000):
    big.append(i)
s = 0
while big:
    s += big.popleft()
print(s, len(big))

for x in deque("abc"):
    print(x)

z = deque([1], maxlen=0)
z.append(5)
print(z, len(z))
print(deque([1, 2], maxlen=None).maxlen, deque(maxlen=2))


def err(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


err(lambda: deque().pop())
err(lambda: deque().popleft())
err(lambda: deque([1])[5])
err(lambda: deque([], -1))
