# `memoryview` resolves as a built-in name and views a buffer (builds
# without the `memoryview` feature skip this program: the name is absent).
print(type(memoryview) is type)
view = memoryview(b"abc")
print(len(view), view[1], bytes(view[1:]))


def inside():
    # The same name from a function (LOAD_GLOBAL).
    return memoryview(bytearray(2)).nbytes


print(inside())
