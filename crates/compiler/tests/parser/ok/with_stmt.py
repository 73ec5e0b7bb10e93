with a:
    pass
with a as b:
    pass
with a as b, c as d, e:
    pass
with a() as (b, c):
    pass
with a as b.c:
    pass
with a as b[0]:
    pass
with (a):
    pass
with (a) as b:
    pass
with (a, b) as c:
    pass
with (a as b):
    pass
with (a as b, c as d):
    pass
with (a as b, c as d,):
    pass
with (a, b):
    pass
with (a, b,):
    pass
with (a).b as c:
    pass
with (a) + b as c, d:
    pass
with open(f) as g: data = g.read()
async def f():
    async with a as b:
        pass
    async with (a as b, c):
        pass
