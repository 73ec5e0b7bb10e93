# A frozen package's submodule.
VALUE = ("sub", 42, 1 << 70)
