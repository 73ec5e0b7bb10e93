import os
import os.path
import os.path as p
import a, b, c
import a as b, c as d
import a . b . c
from os import path
from os import path as p, sep
from os import (path,
                sep as s)
from . import a
from .. import b
from ... import c
from .... import d
from .a import b
from ..a.b import c
from a import *
from .a import *
