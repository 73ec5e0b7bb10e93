# Iterating dicts keeps insertion order.
d = {}
for w in 'the quick brown fox jumps over the lazy dog'.split():
    d[w] = d.get(w, 0) + 1
for k in d:
    print(k, d[k])
for k, v in d.items():
    if v > 1:
        print('repeat', k)
print(sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
del d['the']
d['the'] = 0
print(list(d)[-1])
print({k: v for k, v in zip('abc', range(3))})
