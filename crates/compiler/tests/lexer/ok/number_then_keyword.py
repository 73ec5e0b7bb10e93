x = 1if y else 2
z = [0x1for a in b]
w = 1or 2
