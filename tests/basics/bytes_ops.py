# bytes.
b = b'hello'
print(b, len(b), b[0], b[-1], b[1:3], b + b' world', b * 2)
print(list(b), b.upper(), b.find(b'l'), b.count(b'l'), b'l' in b)
print(bytes([65, 66, 67]), bytes(3), bytes('abc', 'utf-8'))
print(b.decode(), b'a,b'.split(b','), b'-'.join([b'x', b'y']))
print(b'abc' == b'abc', b'abc' < b'abd', b.startswith(b'he'))
print(b.replace(b'l', b'L'), b'  x '.strip())
print(repr(b'\x00\xff\n'), b'\x41')
print(bytes(range(5)), hex(b[0]))
for c in b'hi':
    print(c)
