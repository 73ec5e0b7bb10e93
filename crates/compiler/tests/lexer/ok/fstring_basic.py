f'hello {name}!'
f"{a}{b}"
f''
f'no fields'
f'{x + 1} and {y}'
