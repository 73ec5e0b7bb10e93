# try/except/else/finally ordering.
def f(x):
    try:
        print('try', x)
        if x == 1:
            raise ValueError('one')
        if x == 2:
            return 'returned'
    except ValueError as e:
        print('except', e)
        return 'from except'
    else:
        print('else')
    finally:
        print('finally', x)
    return 'end'
for i in range(3):
    print(f(i))
def nested():
    try:
        try:
            raise KeyError('k')
        finally:
            print('inner finally')
    except KeyError as e:
        print('outer caught', repr(e))
nested()
def finally_overrides():
    try:
        return 1
    finally:
        print('cleanup before return')
print(finally_overrides())
for i in range(3):
    try:
        if i == 1:
            continue
        if i == 2:
            break
        print('body', i)
    finally:
        print('fin', i)
