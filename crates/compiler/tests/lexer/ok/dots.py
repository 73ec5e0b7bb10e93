from . import a
from .. import b
from ...c import d
x = a.b
