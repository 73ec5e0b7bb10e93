# A plain module: its body runs once.
print('plain: running body')
VALUE = 42
_private = 'hidden'
def double(x):
    return x * 2
class Thing:
    def __init__(self, v):
        self.v = v
