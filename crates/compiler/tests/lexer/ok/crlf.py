if x:
    y = 'a'
    z = '''multi
line'''
w = (1,
 2)
