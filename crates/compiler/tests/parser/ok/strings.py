a = 'single' "double"
b = '''triple
quoted''' """and
more"""
c = b'bytes' rb'raw\n' B"more"
d = r'raw\d' '\n\t\x41'
e = ('implicit'
     'join'
     "ed")
f = f'{x}' 'plain' f'{y!r:>{w}}'
g = 'pre' f'{x=}' 'post'
h = f'{x=:>10}' f'{x = }' f'{x=!s}'
i = f''
j = f'{a}{b}' f'{{literal}}'
k = f"{'nested'}" f'{x:{"fmt"}}'
l = f'{x, y}' f'{(yield)}'
m = u'unicode' 'é€'
