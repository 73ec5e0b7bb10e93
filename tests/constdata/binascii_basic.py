# binascii: hex, base64 and crc32; errors are binascii.Error (a ValueError).
import binascii

print(binascii.hexlify(b"\x00\x01\xfe\xff"), binascii.hexlify(b""))
print(binascii.hexlify(b"abcdef", "-"), binascii.hexlify(b"abcde", b":", 2), binascii.hexlify(b"abcde", ":", -2))
print(binascii.unhexlify("0001feFF"), binascii.unhexlify(b"6869"))
print(binascii.b2a_base64(b"hello"), binascii.b2a_base64(b"hello", newline=False))
print(binascii.b2a_base64(b""), binascii.b2a_base64(b"a"), binascii.b2a_base64(b"ab"))
print(binascii.a2b_base64("aGVsbG8="), binascii.a2b_base64(b"aGVs\nbG8=\n"), binascii.a2b_base64(""))
print(binascii.crc32(b"hello"), binascii.crc32(b"world", binascii.crc32(b"hello ")), binascii.crc32(b"hello world"))
print(binascii.crc32(b""), binascii.crc32(b"a", 0xFFFFFFFF))
print(binascii.hexlify(bytearray(b"\x12\x34")), binascii.hexlify(memoryview(b"xyz")[1:]))
print(issubclass(binascii.Error, ValueError))

for bad in ["abc", "zz", "0g"]:
    try:
        binascii.unhexlify(bad)
    except binascii.Error as e:
        print("Error:", e)
for bad in ["YWJjZA=", "YWJjZ", "Y"]:
    try:
        binascii.a2b_base64(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    binascii.hexlify("text")
except TypeError as e:
    print("TypeError:", e)
