s = 'a\
b
