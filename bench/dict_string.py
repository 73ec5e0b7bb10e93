# Dicts keyed by strings, string building and methods.
def words(n):
    counts = {}
    for i in range(n):
        w = "w" + str(i % 97)
        counts[w] = counts.get(w, 0) + 1
    parts = []
    for k in sorted(counts):
        parts.append("%s=%d" % (k, counts[k]))
    text = ",".join(parts)
    return len(text), text.count("=1"), text.upper()[:12]

print(words(400000))
# board: print(words(2000))
