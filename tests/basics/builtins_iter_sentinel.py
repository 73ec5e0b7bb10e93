# iter(callable, sentinel) calls until the sentinel comes back.
stack = [5, 4, 0, 3]
print(list(iter(stack.pop, 0)), stack)
n = [0]
def tick():
    n[0] += 1
    return n[0]
it = iter(tick, 4)
print(next(it), list(it), next(it, "done"), n[0])
lines = iter(["a", "b", "", "c"])
print(list(iter(lambda: next(lines), "")), next(lines))
def boom():
    raise ValueError("from callable")
try:
    next(iter(boom, None))
except ValueError as e:
    print("ValueError", e)
try:
    iter(5, 1)
except TypeError:
    print("TypeError not callable")
print(type(iter(tick, 0)).__name__, iter(it) is it)
for x in iter([1, 2].pop, 1):
    print("popped", x)
