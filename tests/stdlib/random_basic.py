import random

random.seed(42)
a = [random.random() for _ in range(20)]
random.seed(42)
b = [random.random() for _ in range(20)]
print(a == b, all(0.0 <= x < 1.0 for x in a), len(set(a)) > 15)

random.seed(7)
ok = True
seen = set()
for _ in range(500):
    n = random.randint(1, 6)
    ok = ok and 1 <= n <= 6 and isinstance(n, int)
    seen.add(n)
print(ok, sorted(seen))

seen = set()
for _ in range(300):
    seen.add(random.randrange(10, 20, 3))
print(sorted(seen))
print(all(0 <= random.randrange(5) < 5 for _ in range(100)))
print(all(-5 >= random.randrange(-5, -10, -1) > -10 for _ in range(100)))
print(all(0 <= random.getrandbits(8) < 256 for _ in range(100)), random.getrandbits(0))
print(all(0 <= random.getrandbits(100) < 2 ** 100 for _ in range(10)))
print(all(2.0 <= random.uniform(2, 3) <= 3.0 for _ in range(100)))
seq = ["a", "b", "c"]
print(all(random.choice(seq) in seq for _ in range(50)), random.choice("x"))
l = list(range(20))
random.shuffle(l)
print(sorted(l) == list(range(20)))
random.seed()
print(0.0 <= random.random() < 1.0)


def err(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__)


err(lambda: random.randrange(0))
err(lambda: random.randrange(5, 2))
err(lambda: random.randrange(1, 10, 0))
err(lambda: random.randint(5, 1))
err(lambda: random.choice([]))
err(lambda: random.getrandbits(-1))
