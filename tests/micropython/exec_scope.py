# exec/eval default to the caller's globals; locals() at module level is
# globals().
def f():
    exec('made_in_f = 1')
    return eval('made_in_f')
print(f())
print('made_in_f' in globals())
print(locals() is globals())
g = {}
exec('class C:\n    pass\nname = C.__name__', g)
print(g['name'])
