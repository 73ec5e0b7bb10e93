f'\n{x}\t'
f'\x41{x}\u00e9'
f'a\\{x}'
