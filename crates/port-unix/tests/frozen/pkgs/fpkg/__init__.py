# A frozen package.
NAME = "fpkg"
from . import sub
