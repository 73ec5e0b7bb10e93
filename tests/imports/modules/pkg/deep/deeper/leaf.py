LEAF = 'leaf-value'
import pkg.deep
DEEP_PKG_NAME = pkg.deep.__name__
