# exec and eval.
print(eval('1 + 2 * 3'), eval('[x * 2 for x in range(3)]'))
x = 10
print(eval('x + 1'))
exec('y = x * 2')
print(y)
g = {'a': 5}
exec('b = a + 1', g)
print(g['b'], 'b' in globals())
print(eval('a * b', g))
l = {}
exec('c = 3', g, l)
print(l, 'c' in g)
exec('def f(n):\n    return n * n\n', g)
print(g['f'](7))
print(eval('  42'))
print(eval('len(s)', {'s': 'abcd'}))
try:
    eval('1 +')
except SyntaxError:
    print('SyntaxError')
try:
    exec('if True:\nx = 1')
except SyntaxError as e:
    print(type(e).__name__ in ('IndentationError', 'SyntaxError'))
try:
    eval('undefined_thing')
except NameError:
    print('NameError')
code = compile('z = 6 * 7', '<test>', 'exec')
ns = {}
exec(code, ns)
print(ns['z'])
e = compile('2 ** 8', '<test>', 'eval')
print(eval(e), eval(e))
for i in range(3):
    exec('v%d = %d' % (i, i * i), ns)
print(ns['v2'])
