# Generators, yield from, and comprehensions over them.
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens(n):
    yield from (x for x in count_up(n) if x % 2 == 0)


def run(n):
    total = sum(evens(n))
    squares = [x * x for x in count_up(n // 10)]
    return total, len(squares), squares[-1]

print(run(1000000))
# board: print(run(5000))
