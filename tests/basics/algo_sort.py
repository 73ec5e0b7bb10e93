# Sorting algorithms written in Python.
def quicksort(l):
    if len(l) <= 1:
        return l
    p = l[0]
    return quicksort([x for x in l[1:] if x < p]) + [p] + quicksort([x for x in l[1:] if x >= p])
def merge_sort(l):
    if len(l) < 2:
        return l
    m = len(l) // 2
    a, b = merge_sort(l[:m]), merge_sort(l[m:])
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i]); i += 1
        else:
            out.append(b[j]); j += 1
    return out + a[i:] + b[j:]
def insertion(l):
    l = list(l)
    for i in range(1, len(l)):
        k = l[i]
        j = i - 1
        while j >= 0 and l[j] > k:
            l[j + 1] = l[j]
            j -= 1
        l[j + 1] = k
    return l
seed = 12345
data = []
for _ in range(50):
    seed = (seed * 1103515245 + 12345) % 2147483648
    data.append(seed % 1000)
print(quicksort(data) == sorted(data), merge_sort(data) == sorted(data), insertion(data) == sorted(data))
print(sorted(data)[:10])
words = 'pear Apple fig banana cherry'.split()
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len))
recs = [('b', 2), ('a', 2), ('c', 1)]
print(sorted(recs, key=lambda r: r[1]), sorted(recs, key=lambda r: (r[1], r[0]), reverse=True))
