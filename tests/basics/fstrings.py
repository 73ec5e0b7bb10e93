# f-strings.
x = 5
name = 'pyrite'
print(f'x={x}', f'{x + 1}', f'{name!r}', f'{name.upper()}')
print(f'{x:3d}|{x:<3}|{x:>4}|', f'{3.14159:.2f}')
print(f'{{literal}} {x}')
items = [1, 2, 3]
print(f'{len(items)} items: {items}')
d = {'a': 1}
print(f"{d['a']}")
w = 6
print(f'{x:{w}}|')
print(f'{"nested"}')
print(f'a' f'b' 'c')
