s = f'{a\nb}'
