# An empty sequence times a huge count is empty at once (found by
# exec_fuzz: `'' * 2**31` looped over 2**31 empty copies for seconds, and
# `'' * 2**40` would have run for hours).
n = 2**40
for empty in ('', b''):
    print(repr(empty * n), repr(n * empty))
l = [] * n
print(l, () * n)
ba = bytearray()
ba *= n
print(ba, bytearray() * n)
l = []
l *= n
print(l)
s = ''
s *= n
print(repr(s))
