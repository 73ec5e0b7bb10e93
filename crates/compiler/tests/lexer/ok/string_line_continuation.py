s = 'abc\
def'
t = '''x\
y'''
u = r'''x\
y'''
