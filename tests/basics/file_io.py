# open() and the os module, in a scratch directory removed at the end.
import os

d = "_scratch_file_io"
os.mkdir(d)
p = d + "/a.txt"
with open(p, "w") as f:
    print(f.write("hello\n"), f.write("w\u00f6rld\nlast"))
f = open(p)
print(f.read())
f.close()
print(f.closed)
with open(p) as f:
    print(repr(f.readline()), f.readlines())
for line in open(p):
    print(repr(line))
with open(p, "a") as f:
    f.write("\nmore")
print(open(p).read().split("\n"))
with open(d + "/b.bin", "wb") as f:
    f.write(b"\x00\x01\x02")
with open(d + "/b.bin", "rb") as f:
    print(f.read(2), f.read(), f.read())
print(sorted(os.listdir(d)))
os.rename(d + "/b.bin", d + "/c.bin")
print(sorted(os.listdir(d)), os.stat(d + "/c.bin")[6])
os.remove(d + "/c.bin")
try:
    open(d + "/nope.txt")
except OSError as e:
    print("OSError", e.errno)
f = open(p)
print(f.read(3), f.tell(), f.seek(0), f.read(2))
f.close()
try:
    f.read()
except ValueError:
    print("ValueError")
os.remove(p)
os.rmdir(d)
print(d in os.listdir(), os.sep, type(os.getcwd()).__name__)
try:
    input()
except EOFError:
    print("EOFError")
