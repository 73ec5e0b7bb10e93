# Circular imports see the partly initialised module.
import sys
sys.path.insert(0, 'modules')
import circ.a
print(circ.a.A_LATE)
print(circ.b.B)
from circ import a, b
print(a.A_EARLY, b.B)
