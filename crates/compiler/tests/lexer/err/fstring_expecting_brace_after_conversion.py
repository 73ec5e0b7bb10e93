s = f'{x!r '
