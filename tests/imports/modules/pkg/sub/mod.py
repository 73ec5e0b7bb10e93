from . import SUB_RESULT
from .. import PKG_CONST
from ..deep.deeper import leaf
NAME = __name__
COMBINED = (SUB_RESULT, PKG_CONST, leaf.LEAF)
