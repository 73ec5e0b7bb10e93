print('circ.b: start')
from . import a
B = 'b saw ' + a.A_EARLY
print('circ.b: end')
