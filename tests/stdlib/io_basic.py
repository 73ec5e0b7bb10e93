import io

s = io.StringIO()
print(s.write("hello "), s.write("world\n"), s.write("second line\nthird"))
print(repr(s.getvalue()), s.tell())
print(s.seek(0), repr(s.read(5)), repr(s.readline()), repr(s.readline()), repr(s.readline()))
print(repr(s.readline()), repr(s.read()))
s.seek(0)
print(s.readlines())
s.seek(6)
s.write("WORLD")
print(repr(s.getvalue()))
s.seek(0, 2)
print(s.tell())
s.close()
print(s.closed)
try:
    s.write("x")
except ValueError as e:
    print("ValueError", e)

s = io.StringIO("a\nb\nc")
print([line for line in s])
with io.StringIO("ctx") as f:
    print(f.read(), f.closed)
print(f.closed)

b = io.BytesIO(b"\x00\x01binary")
print(b.read(2), b.tell(), b.read(), b.read())
b.seek(0)
b.write(b"XY")
print(b.getvalue())
b.seek(10)
b.write(b"!")
print(b.getvalue(), len(b.getvalue()))
b.seek(-3, 2)
print(b.read())
b.seek(2)
b.seek(1, 1)
print(b.tell())
print(b.write(bytearray(b"ba")), b.getvalue())

for bad in (lambda: io.StringIO().write(b"x"), lambda: io.BytesIO().write("x"),
            lambda: io.BytesIO().seek(-1), lambda: io.StringIO().seek(1, 1)):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
