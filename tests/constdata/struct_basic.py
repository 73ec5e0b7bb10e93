# struct: pack/unpack round trips, sizes, byte orders, strings and floats.
import struct

for fmt in ["b", "B", "h", "H", "i", "I", "q", "Q", "<h", ">h", "!i", "=q", "<e", ">f", "<d"]:
    print(fmt, struct.calcsize(fmt))

print(struct.pack("<hHiI", -2, 65535, -100000, 4000000000))
print(struct.unpack("<hHiI", struct.pack("<hHiI", -2, 65535, -100000, 4000000000)))
print(struct.pack(">hHiI", -2, 65535, -100000, 4000000000))
print(struct.pack("<qQ", -(2 ** 63), 2 ** 64 - 1))
print(struct.unpack(">qQ", b"\x80" + b"\x00" * 7 + b"\xff" * 8))
print(struct.pack("<3h", 1, 2, 3), struct.unpack("<3h", b"\x01\x00\x02\x00\x03\x00"))
print(struct.pack("< h 2x b", 1, 2))
print(struct.pack("<?c", True, b"z"), struct.unpack("<?c", b"\x05q"))

# strings
print(struct.pack("5s", b"ab"), struct.pack("2s", b"abcdef"), struct.pack("0s", b"abc"))
print(struct.pack("4p", b"abcdef"), struct.unpack("4p", b"\x09abc"))
print(struct.unpack("3s2s", b"hello"))

# floats
print(struct.pack("<f", 1.5), struct.pack(">d", -2.25), struct.pack("<e", 0.333))
print(struct.unpack("<f", struct.pack("<f", 0.1)))
print(struct.unpack("<e", struct.pack("<e", 65504.0)), struct.unpack(">e", b"\x7c\x00"))
print(struct.unpack("<d", struct.pack("<d", 1e300)))

# native alignment
print(struct.calcsize("bi"), struct.calcsize("b0i"), struct.calcsize("<bi"), struct.calcsize("bq"))
print(struct.pack("@bh", 1, 2), struct.pack("=bh", 1, 2))

# unpack_from / pack_into with offsets
buf = bytearray(12)
struct.pack_into("<hi", buf, 2, 7, -1)
print(buf)
struct.pack_into("<h", buf, -2, 0x4142)
print(buf)
print(struct.unpack_from("<hi", buf, 2), struct.unpack_from("<h", buf, -2))
print(struct.unpack_from("<i", b"\x00\x01\x02\x03\x04", offset=1))
print(list(struct.iter_unpack("<hb", b"\x01\x00\x02\x03\x00\x04")))

# the format may be bytes
print(struct.pack(b">H", 258))
