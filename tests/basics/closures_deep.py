# Closures over loop variables and multiple levels.
def counter_factory():
    counts = {}
    def count(k):
        counts[k] = counts.get(k, 0) + 1
        return counts[k]
    return count
c = counter_factory()
print(c('a'), c('a'), c('b'))
def a():
    x = 1
    def b():
        y = 2
        def c():
            return x + y
        return c
    return b
print(a()()())
fs = []
for i in range(3):
    def f(i=i):
        return i * 10
    fs.append(f)
print([f() for f in fs])
def cell_after():
    def get():
        return v
    v = 'late'
    return get()
print(cell_after())
def gen_closure():
    k = 3
    return (k * i for i in range(3))
print(list(gen_closure()))
