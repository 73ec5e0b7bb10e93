b'abc' b"\x00\xff\n" b'\u1234' b'\N{x}' b'\777' rb'\x' b'''multi
line'''
