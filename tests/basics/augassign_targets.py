# Augmented assignment to attributes and subscripts.
class O:
    def __init__(self):
        self.n = 1
        self.l = [1]
o = O()
o.n += 5
o.l += [2]
print(o.n, o.l)
d = {'k': 1}
d['k'] += 10
d['new'] = d.get('new', 0) + 1
print(d)
l = [1, 2, 3]
l[0] *= 10
l[-1] -= 1
print(l)
m = [[0] * 2 for _ in range(2)]
m[1][0] += 5
print(m)
s = 'a'
s += 'b'
s *= 2
print(s)
t = (1,)
t += (2,)
print(t)
calls = []
def key():
    calls.append(1)
    return 0
arr = [5]
arr[key()] += 1
print(arr, len(calls))
