# print() options.
print('a', 'b', sep='')
print('a', 'b', sep=', ')
print('no newline', end='')
print(' <- joined')
print('x', 'y', sep='-', end='!\n')
print()
print(1, 2.5, 'three', [4], (5,), {'six': 6}, None, True)
print('multi', 'args', 'here', sep='\n')
import sys
print('to stdout', file=sys.stdout)
