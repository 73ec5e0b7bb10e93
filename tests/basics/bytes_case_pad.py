# Case, padding and tests of bytes and bytearray, which return their own
# type.

for b in (b"hello wORLD\tend", bytearray(b"hello wORLD\tend"), b"-42", bytearray(b"+7"), b""):
    print(b.capitalize(), b.swapcase(), b.title(), b.istitle())
    print(b.zfill(6), b.expandtabs(4), b.center(18, b"."), b.ljust(17), b.rjust(17, b"_"))
    print(b.isalnum(), b.isalpha(), b.isascii(), b.isdigit(), b.islower(), b.isspace(), b.isupper())
    print(b.removeprefix(b"he"), b.removesuffix(b"end"), type(b.zfill(1)).__name__, type(b.title()).__name__)

ba = bytearray(b"line1\nline2\r\nlast")
print(ba.splitlines(), ba.splitlines(True))
print(bytearray.fromhex("de ad"), bytearray(b"").fromhex("01"), bytes.fromhex("beef"))
print(bytearray(b"Title Case").istitle(), b"\xe9t\xe9".title(), b"ABC def".swapcase())
