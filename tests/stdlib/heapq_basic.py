# heapq: the heap's layout after each operation is CPython's (and
# MicroPython's), so printing the list shows it.
import heapq

h = []
for x in [5, 1, 4, 2, 3, 1, 9, 0]:
    heapq.heappush(h, x)
    print(h)
print([heapq.heappop(h) for _ in range(len(h))], h)
try:
    heapq.heappop(h)
except IndexError:
    print("IndexError: empty heap")

data = [9, 3, 7, 1, 8, 2, 6, 5, 4, 0]
print(heapq.heapify(data), data)
print(heapq.heapreplace(data, 10), data)
print(heapq.heappushpop(data, -1), heapq.heappushpop(data, 11), data)
print(heapq.heappushpop([], 3))
try:
    heapq.heapreplace([], 1)
except IndexError:
    print("IndexError: heapreplace on empty")

# Tuples order by their first item, then the next.
tasks = []
for prio, name in [(3, "c"), (1, "a"), (2, "b"), (1, "aa")]:
    heapq.heappush(tasks, (prio, name))
print([heapq.heappop(tasks) for _ in range(4)])

# A heap sort, and stability of equal keys' count.
import random

random.seed(7)
values = [random.randint(0, 50) for _ in range(40)]
heap = list(values)
heapq.heapify(heap)
print([heapq.heappop(heap) for _ in range(len(heap))] == sorted(values))


# Items compared with __lt__ only.
class Job:
    def __init__(self, p):
        self.p = p

    def __lt__(self, other):
        return self.p < other.p


jobs = []
for p in [4, 2, 8, 1]:
    heapq.heappush(jobs, Job(p))
print([heapq.heappop(jobs).p for _ in range(4)])

for bad in ((), "abc", None):
    try:
        heapq.heapify(bad)
    except TypeError:
        print("TypeError", type(bad).__name__)
try:
    heapq.heappush([1], "a")
except TypeError:
    print("TypeError: unorderable")
