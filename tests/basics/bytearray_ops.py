# bytearray.
a = bytearray(b'abc')
a.append(100)
print(a, len(a), a[0])
a[0] = 65
print(a)
a.extend(b'ef')
print(a, a[1:3])
print(bytearray(3), bytearray([1, 2, 3]))
print(bytes(a), a.decode())
a += b'!'
print(a)
print(a == bytearray(b'Abcdef!'), b'c' in a)
