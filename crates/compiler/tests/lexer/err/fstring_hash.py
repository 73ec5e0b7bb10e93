s = f'{a # b}'
