f = lambda *args, **kw: (args, kw)
a, *b = c
print(*a, sep='')
