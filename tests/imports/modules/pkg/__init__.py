print('pkg: init')
PKG_CONST = 'pkg-const'
from . import helper
