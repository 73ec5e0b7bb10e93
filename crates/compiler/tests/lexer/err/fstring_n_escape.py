s = f'\N{BULLET} {x}'
