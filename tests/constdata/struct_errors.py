# struct: errors raise struct.error (an Exception, not a ValueError) with
# CPython's messages; float overflow raises OverflowError.
import struct


def attempt(f, *args):
    try:
        print(f(*args))
    except struct.error as e:
        print("struct.error:", e)
    except Exception as e:
        print(type(e).__name__ + ":", e)


print(issubclass(struct.error, Exception), issubclass(struct.error, ValueError))
attempt(struct.pack, "h", 40000)
attempt(struct.pack, ">h", -40000)
attempt(struct.pack, "B", 256)
attempt(struct.pack, "b", -129)
attempt(struct.pack, "<I", -1)
attempt(struct.pack, "i", 1.5)
attempt(struct.pack, "f", "x")
attempt(struct.pack, "hh", 1)
attempt(struct.pack, "h", 1, 2)
attempt(struct.pack, "c", b"ab")
attempt(struct.pack, "s", "text")
attempt(struct.pack, "<e", 1e6)
attempt(struct.pack, "<f", 1e300)
attempt(struct.unpack, "i", b"abc")
attempt(struct.unpack, "i", "abcd")
attempt(struct.calcsize, "z")
attempt(struct.calcsize, "3")
attempt(struct.calcsize, "4 h")
attempt(struct.unpack_from, "i", b"abcde", 2)
attempt(struct.unpack_from, "i", b"abcde", -10)
attempt(struct.pack_into, "i", bytearray(5), 2, 1)
attempt(struct.pack_into, "i", bytearray(5), -2, 1)
attempt(struct.pack_into, "i", b"12345", 0, 1)
attempt(struct.iter_unpack, "i", b"abcde")
try:
    struct.pack("b", 1000)
except ValueError:
    print("caught as ValueError")
except struct.error:
    print("caught as struct.error")
