None
True
False
...
0
7
2147483647
0xdeadBEEF
0o777
0b1010_1010
1_000_000
0_0
3.14
10.
.001
1e100
3.14e-10
0e0
3.14j
10.j
1e5J
"s"
's'
"""s"""
'''s'''
r"\n"
R'\d'
b"bytes"
B'bytes'
br"raw\bytes"
Rb'raw'
u"unicode"
'\x41\u00e9\U0001F600'
'\n\t\r\\\'\"\a\b\f\v\0'
b'\x00\xff\n'
'multi' 'ple' "strings"
b'multi' b'ple'
'é€😀'
[]
()
{}
[1]
(1,)
{1}
{1: 2}
[1, 2, 3,]
(1, 2, 3,)
{1, 2, 3,}
{1: 2, 3: 4,}
