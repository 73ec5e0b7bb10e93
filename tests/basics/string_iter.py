# Iterating and building strings.
s = 'héllo wörld'
print(len(s), s.upper(), s[1], s[-1], list(s[:3]))
print([c for c in 'abc'], ''.join(reversed('abc')))
out = ''
for i, c in enumerate('xyz'):
    out += c * (i + 1)
print(out)
counts = {}
for c in 'mississippi':
    counts[c] = counts.get(c, 0) + 1
print(sorted(counts.items()))
print('a-b-c'.split('-'), '-'.join(['a', 'b']), 'abc'.find('c'))
print(str.upper('x'), 'x'.__len__() if hasattr('x', '__len__') else 1)
lines = 'one\ntwo\nthree'.split('\n')
print(lines, len(lines))
print('%s has %d chars' % (s, len(s)))
print(s.encode('utf-8'), len(s.encode()))
print('\u00e9' == 'é', '\x41', '\101', 'a\
b')
print("""triple
quoted""", """second
block""")
print(r'raw\n', len(r'\n'))
