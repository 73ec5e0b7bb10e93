# @micropython.native and @micropython.viper run the function as bytecode
# for now (mpy-cross rejects them without -march: source only).
import micropython


@micropython.native
def add(a, b):
    return a + b


@micropython.viper
def twice(x):
    return x * 2


@micropython.native
def gen(n):
    for i in range(n):
        yield i


print(add(2, 3), twice(21), list(gen(3)))
