# Packages, submodules and relative imports.
import sys
sys.path.insert(0, 'modules')
import pkg
print(pkg.PKG_CONST, pkg.helper.help_me())
import pkg.sub.mod
print(pkg.sub.mod.NAME, pkg.sub.mod.COMBINED)
print(pkg.sub.SUB_RESULT)
from pkg.deep.deeper import leaf
print(leaf.LEAF, leaf.DEEP_PKG_NAME)
from pkg.deep.deeper.leaf import LEAF as L
print(L)
import pkg.deep.deeper.leaf as lf
print(lf is leaf, pkg.deep.deeper.leaf is leaf)
from pkg import sub
print(sub.SUB_RESULT)
print(sorted(k for k in sys.modules if k.startswith('pkg')))
print(hasattr(pkg, '__path__'), hasattr(leaf, '__path__'))
import nspkg.inner.mod
print(nspkg.inner.mod.INNER)
from nspkg.inner import mod as inner_mod
print(inner_mod is nspkg.inner.mod)
