print('circ.a: start')
A_EARLY = 'a-early'
from . import b
A_LATE = 'a-late, saw ' + b.B
print('circ.a: end')
