# micropython.schedule: callbacks run at the VM's check points (backward
# jumps, calls of Python functions, sleeps), not inside another scheduled
# callback; an exception in one is printed and dropped.
import micropython

out = []


def cb(a):
    out.append(a)


micropython.schedule(cb, 1)
print(out)
for i in range(3):
    pass
print(out)


def bad(a):
    raise ValueError(a)


micropython.schedule(bad, 'boom')
micropython.schedule(cb, 2)
for i in range(3):
    pass
print(out)


def outer(a):
    micropython.schedule(cb, 'inner')
    for i in range(3):
        pass
    out.append('outer done')


micropython.schedule(outer, 0)
for i in range(3):
    pass
print(out)

# A full queue: straight-line code has no check point.
s = micropython.schedule
n = 0
try:
    s(cb, 0); n += 1; s(cb, 1); n += 1; s(cb, 2); n += 1; s(cb, 3); n += 1
    s(cb, 4); n += 1; s(cb, 5); n += 1; s(cb, 6); n += 1; s(cb, 7); n += 1
    s(cb, 8); n += 1; s(cb, 9); n += 1
except RuntimeError as e:
    print('RuntimeError', e, n)
out.clear()
for i in range(2):
    pass
print(out)


# A call of a Python function is a check point too.
def f():
    return len(out)


micropython.schedule(cb, 'call')
print(f(), out[-1])

# A callback that schedules itself runs once per check point.
count = [0]


def again(a):
    count[0] += 1
    if count[0] < 3:
        micropython.schedule(again, a)


micropython.schedule(again, None)
for i in range(5):
    pass
print(count)
# Not callable: reported when it runs.
micropython.schedule(42, 0)
for i in range(2):
    pass
print('end')
