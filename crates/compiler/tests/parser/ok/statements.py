import a
import a.b.c as d, e
from . import x
from .. import y as z
from ...pkg.mod import (a, b as c,)
from mod import *
from .mod import q
if a:
    pass
elif b:
    x = 1
elif c:
    y = 2
else:
    z = 3
while x:
    break
else:
    continue
for i in range(10):
    pass
else:
    pass
for a, (b, c) in d:
    pass
for x, in y: pass
for x in *a, b:
    pass
try:
    pass
except ValueError as e:
    raise
except (A, B):
    raise X from e
except:
    pass
else:
    pass
finally:
    pass
try:
    pass
finally:
    pass
with a:
    pass
with a as b, c as (d, e):
    pass
with (a as b, c as d,):
    pass
with (a, b):
    pass
with (a, b) as c:
    pass
with (a) as b, c:
    pass
with (yield_):
    pass
if x: a; b
while 0: pass
def f(): return
def g(): return 1, *a
