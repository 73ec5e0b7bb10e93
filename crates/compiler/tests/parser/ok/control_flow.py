if a:
    pass
if a:
    pass
else:
    pass
if a:
    x
elif b:
    y
if a: x
elif b: y
else: z
while True:
    if x:
        break
    elif y:
        continue
    else:
        pass
else:
    done()
for i in range(10):
    for j in range(i):
        if i == j:
            break
    else:
        continue
for (a, b) in c:
    pass
for [a, b] in c:
    pass
for a.b in c:
    pass
for a[0] in c:
    pass
for *a, b in c:
    pass
for x in a, b, c:
    pass
for x in yield_:
    pass
while (n := next(it)) is not None:
    use(n)
if (m := re.match(p, s)):
    print(m)
