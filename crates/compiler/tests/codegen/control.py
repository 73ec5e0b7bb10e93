# Control flow: if/elif/else, while/else, for/else, break/continue,
# range loops, try/finally with break and continue, chained comparisons.
def classify(n):
    if n < 0:
        return "neg"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "big"

print([classify(v) for v in [-5, 0, 3, 42]])

i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    if i == 4:
        break
    print("while", i)
else:
    print("no else")

n = 0
while n < 3:
    n += 1
else:
    print("while else", n)

for v in [1, 2, 3]:
    if v == 5:
        break
else:
    print("for else")

for v in range(10):
    if v % 2:
        continue
    if v > 6:
        break
    print("range", v)

for v in range(10, 0, -3):
    print("down", v)

total = 0
for v in range(2, 20, 5):
    total += v
print(total)

def stop():
    return 4

for v in range(1, stop()):
    print("dyn", v)
else:
    print("range else")

for v in range(3):
    for w in range(3):
        if w == v:
            break
        print("pair", v, w)

def fin_loop():
    out = []
    for k in range(5):
        try:
            if k == 1:
                continue
            if k == 3:
                break
            out.append(k)
        finally:
            out.append("f%d" % k)
    return out

print(fin_loop())

def while_fin():
    k = 0
    while True:
        try:
            k += 1
            if k > 2:
                break
        finally:
            print("fin", k)
    return k

print(while_fin())

def ret_in_finally_loop():
    for q in [1, 2]:
        try:
            return q
        finally:
            print("cleanup", q)

print(ret_in_finally_loop())

a, b, c = 1, 2, 3
print(a < b < c, a < b > c, 1 < 2 < 3 < 4, 3 > 2 == 2)
print(a if a > b else b, (not a) or b, a and b and c, a or 0, 0 or None)
print(1 if [] else 2)

x = 0
while x < 100:
    x = x * 2 + 1
print(x)

for ch in "ab":
    pass
print(ch)

for t, u in [(1, 2), (3, 4)]:
    print(t + u)

if not (a and not b):
    print("no")
else:
    print("yes")

for k in range(3):
    try:
        if k == 1:
            break
    except Exception:
        pass
print("k", k)

class CM:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        pass

for i in range(3):
    with CM():
        if i == 1:
            continue
        print("with", i)
