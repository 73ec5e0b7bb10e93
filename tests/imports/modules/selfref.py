import sys
ME = sys.modules[__name__]
