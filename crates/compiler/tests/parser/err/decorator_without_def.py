@d
x = 1
